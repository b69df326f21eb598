"""Help ▸ About ClaimMark shows the one version, the licence pyproject.toml declares,
the project file format a new project gets, and the Qt and PySide6 in use."""

from __future__ import annotations

import tomllib
from pathlib import Path

import PySide6
from PySide6.QtCore import qVersion

from claimmark import __version__
from claimmark.core.store.project import Project

ROOT = Path(__file__).resolve().parents[2]


def test_the_about_box_shows_the_versions_and_the_licence(window, qtbot, project_path: Path) -> None:
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    about = next(a for a in help_menu.actions() if a.text() == "&About ClaimMark")
    about.trigger()
    dialog = window.last_dialog
    assert dialog.objectName() == "AboutDialog" and dialog.isVisible()
    shown = {name: label.text() for name, label in dialog.values.items()}
    assert shown["Version"] == __version__
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["license"]
    assert shown["Licence"].startswith(declared + " ")
    with Project.open(project_path, create=True) as project:
        written = project.db.execute("PRAGMA user_version").fetchone()[0]
    assert shown["Project file format"] == str(written) and written > 0
    assert shown["Qt"] == qVersion() and shown["PySide6"] == PySide6.__version__
    dialog.reject()
    assert not dialog.isVisible()

