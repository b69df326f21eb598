"""GUI test setup: settings, data and logs in tmp_path; real windows, real projects."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from claimmark.core.importing import import_paths
from claimmark.core.store.project import Project
from tests.conftest import CORPUS


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """QSettings and the default project live in tmp_path, never in the real home."""
    config = tmp_path / "config"
    data = tmp_path / "data"
    monkeypatch.setenv("CLAIMMARK_CONFIG_DIR", str(config))
    monkeypatch.setenv("CLAIMMARK_DATA_DIR", str(data))
    return tmp_path


@pytest.fixture
def corpus_project(project_path: Path, corpus: Path) -> Path:
    """A project holding the corpus article (imported through the core)."""
    with Project.open(project_path, create=True) as project:
        outcomes = import_paths(project, [corpus / "page.html"])
        assert outcomes[0].status == "imported"
    return project_path


@pytest.fixture
def window(qtbot, qapp):
    from claimmark.ui.app import create_application

    create_application([])
    win = open_window(qtbot)
    yield win
    if win.project is not None:
        win.close_project()


def open_window(qtbot, width: int = 1280, height: int = 820):
    """A main window, shown and exposed; pytest-qt closes it after the test."""
    from claimmark.ui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(width, height)
    win.show()
    qtbot.waitExposed(win)
    return win


def copy_corpus_page(tmp_path: Path, name: str = "page.html") -> Path:
    target = tmp_path / "pages"
    target.mkdir(exist_ok=True)
    shutil.copy(CORPUS / name, target / name)
    return target / name
