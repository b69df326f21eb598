"""Structural promises: the core never imports Qt; opening, annotating, merging and
exporting a project load no extraction library; and the Qt binding installed is not
one that aborts after thousands of calls."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
import textwrap

import claimmark.core


def test_the_core_imports_no_qt() -> None:
    modules = [m.name for m in pkgutil.walk_packages(claimmark.core.__path__, "claimmark.core.")]
    assert "claimmark.core.store.project" in modules and "claimmark.core.extract.pipeline" in modules
    code = textwrap.dedent(
        f"""
        import importlib, sys
        for name in {modules!r}:
            importlib.import_module(name)
        import claimmark.cli
        qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6"))
        print(",".join(qt))
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


PROJECT_WORK = ("claimmark.core.store.project", "claimmark.core.store.annotations", "claimmark.core.share.merge",
                "claimmark.core.share.conflicts", "claimmark.core.export", "claimmark.core.importing",
                "claimmark.core.annotate.reimport", "claimmark.core.annotate.editing",
                "claimmark.core.annotate.tagging", "claimmark.cli")


def test_project_work_loads_no_extraction_library() -> None:
    """lxml, readability and trafilatura cost about 240 ms to import; they load when the
    first page is read (in an extraction worker), not when a project is opened."""
    code = textwrap.dedent(
        f"""
        import importlib, sys
        for name in {PROJECT_WORK!r}:
            importlib.import_module(name)
        print(",".join(sorted(m for m in ("lxml", "readability", "trafilatura", "justext") if m in sys.modules)))
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_many_void_qt_calls_do_not_abort() -> None:
    """PySide6-Essentials 6.12.0 on CPython 3.11 dropped a reference to None on every
    Qt call returning nothing and aborted after ~5,000 (pyproject.toml excludes it)."""
    code = textwrap.dedent(
        """
        import os
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtCore import QObject
        obj = QObject()
        for n in range(100_000):
            obj.setObjectName("x")
        print("done", n + 1)
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "done 100000"
