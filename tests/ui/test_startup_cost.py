"""The window paints before the heavy libraries load (sqlite-utils, lxml, readability),
and opening a project loads sqlite-utils only: the extraction libraries load in the
extraction workers, never in the window's process."""

from __future__ import annotations

import json
import os
import subprocess
import sys

PROBE = r"""
import json, sys, time
began = time.perf_counter()
from PySide6.QtCore import QObject, QEvent
from claimmark.ui.app import create_application
app = create_application([])
from claimmark.ui.main_window import MainWindow
window = MainWindow()
painted = {}
class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "at" not in painted:
            painted["at"] = time.perf_counter() - began
            painted["heavy"] = sorted(m for m in ("sqlite_utils", "lxml", "readability") if m in sys.modules)
        return False
watch = Watch()
window.reader.viewport().installEventFilter(watch)
window.show()
while "at" not in painted:
    app.processEvents()
heavy_before = painted["heavy"]
window.open_initial(sys.argv[1])
print(json.dumps({"paint": painted["at"], "heavy_before": heavy_before,
                  "heavy_after": sorted(m for m in ("sqlite_utils", "lxml") if m in sys.modules),
                  "documents": window.library.model.rowCount()}))
"""


def test_the_window_paints_before_sqlite_utils_loads_and_never_loads_lxml(tmp_path, corpus_project) -> None:
    env = dict(os.environ)
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(corpus_project)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["heavy_before"] == []
    assert report["heavy_after"] == ["sqlite_utils"]
    assert report["documents"] == 1
    assert report["paint"] < 3.0  # generous: a shared 2-core machine; typically well under a second


def test_the_editor_offers_exactly_the_cores_claim_statuses() -> None:
    from claimmark.core.model.records import STATUSES
    from claimmark.ui.annotation_editor import CLAIM_STATUSES

    assert tuple(STATUSES) == CLAIM_STATUSES


def test_the_style_sheet_from_resources_is_applied(qapp) -> None:
    from claimmark.ui.app import create_application, style_sheet

    app = create_application([])
    assert "QToolBar" in style_sheet()
    assert app.styleSheet() == style_sheet()


RUN = r"""
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import claimmark.ui.app as app_module

original = app_module.create_application

def report() -> None:
    windows = [w for w in QApplication.topLevelWidgets() if w.objectName() == "MainWindow"]
    if not windows or windows[0].document_id is None:
        return
    window = windows[0]
    print(json.dumps({"title": window.windowTitle(), "document": window.document_id,
                      "visible": window.isVisible(), "rows": window.library.model.rowCount()}))
    window.close()
    QApplication.quit()

def patched(argv):
    app = original(argv)
    timer = QTimer(app, interval=50)
    timer.timeout.connect(report)
    timer.start()
    return app

app_module.create_application = patched
from claimmark.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_claimmark_path_opens_that_project_in_the_window(corpus_project) -> None:
    result = subprocess.run(
        [sys.executable, "-c", RUN, str(corpus_project)],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report == {
        "title": f"test — {corpus_project} — ClaimMark",
        "document": 1,
        "visible": True,
        "rows": 1,
    }


def test_the_entry_point_loads_no_command_module_before_the_window() -> None:
    """`claimmark` alone imports the cli module first: it must not bring in the
    command modules, the store or sqlite-utils before the window paints."""
    probe = (
        "import sys, json; from claimmark import cli; "
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith("
        "('sqlite_utils', 'sqlite3', 'lxml', 'claimmark.cli.', 'claimmark.core.')))))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


def test_the_command_names_known_without_imports_are_the_parsers() -> None:
    from claimmark import cli

    assert cli.build_parser().get_default("command_names") == cli.COMMANDS


def test_the_project_opens_only_after_the_windows_first_paint(qapp) -> None:
    from PySide6.QtWidgets import QMainWindow

    from claimmark.ui.app import AfterFirstPaint

    events: list[str] = []
    window = QMainWindow()
    window.resize(400, 300)

    AfterFirstPaint(qapp, window, lambda: events.append("open"))
    qapp.processEvents()
    assert events == []  # not shown, not painted: nothing runs on the next turn
    window.show()
    window.repaint()
    for _ in range(20):
        qapp.processEvents()
    assert events == ["open"]
    window.close()


# What the first frame does not show, imported when first used (ui/main_window.py).
LAZY = (
    "claimmark.ui.reading.builder",  # the first document shown
    "claimmark.core.model.document",
    "claimmark.ui.file_dialogs",  # the File menu's choices
    "claimmark.ui.annotation_table",
    "claimmark.ui.export_dialog",
    "claimmark.ui.preferences",
    "claimmark.ui.about_dialog",
    "claimmark.ui.merge",
    "hashlib",  # colouring by author
    "html",
)

LAZY_PROBE = r"""
import json, sys
from PySide6.QtCore import QEvent, QObject
from claimmark.ui.app import create_application
app = create_application([])
from claimmark.ui.main_window import MainWindow
lazy = json.loads(sys.argv[1])
window = MainWindow()
seen = {}
class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "before" not in seen:
            seen["before"] = [m for m in lazy if m in sys.modules]
        return False
watch = Watch()
app.installEventFilter(watch)
seen["built"] = [m for m in lazy if m in sys.modules]
window.show()
while "before" not in seen:
    app.processEvents()
window.open_project(sys.argv[2])
seen["shown"] = window.document_id
seen["after"] = [m for m in lazy if m in sys.modules]
print(json.dumps(seen))
"""


def test_the_window_paints_before_the_modules_it_does_not_show_load(corpus_project) -> None:
    result = subprocess.run(
        [sys.executable, "-c", LAZY_PROBE, json.dumps(LAZY), str(corpus_project)],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=120,
        check=True,
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["built"] == []
    assert report["before"] == []
    # showing the project's document loads the builder and the document model it needs
    assert report["shown"] == 1
    assert {"claimmark.ui.reading.builder", "claimmark.core.model.document"} <= set(report["after"])
