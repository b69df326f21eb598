"""``claimmark self-test``: drive the real main window once, as a person would, and
say whether it worked — how a built bundle or an installed wheel proves it starts.

It opens (or creates) a project in the window, imports a page through the window's
own import (worker process and all), selects a passage in the reading view and
triggers the "Tag as Quote" action, exports CSV through the Export dialog, and
quits through File ▸ Quit. Settings go to a private temporary folder unless
``CLAIMMARK_CONFIG_DIR`` names one, so a self-test never touches the person's.
It prints one JSON report on stdout, or the failed step on stderr (exit 1).
"""

from __future__ import annotations

import csv
import os
import tempfile
import time
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from claimmark.cli import output

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QWidget

    from claimmark.core import Document
    from claimmark.ui.main_window import MainWindow

IMPORT_TIMEOUT_MS = 120_000


class SelfTestFailed(Exception):
    """One step of the self-test did not do what it should."""


def run_self_test(project: Path, page: Path | None, csv_out: Path, quote: str | None = None) -> int:
    """Run the self-test; 0 when every step worked, 1 (with the step on stderr) otherwise."""
    with tempfile.TemporaryDirectory(prefix="claimmark-self-test-") as scratch:
        os.environ.setdefault("CLAIMMARK_CONFIG_DIR", str(Path(scratch) / "config"))
        os.environ.setdefault("CLAIMMARK_DATA_DIR", str(Path(scratch) / "data"))
        os.environ.setdefault("CLAIMMARK_AUTHOR", "ClaimMark self-test")
        if page is None:  # the sample article shipped with the app
            page = Path(scratch) / "presstv-us-cybersecurity.mhtml"
            page.write_bytes(_resources().joinpath("sample", page.name).read_bytes())
        try:
            report = _drive_window(project, page, csv_out, quote)
        except SelfTestFailed as exc:
            output.write(f"claimmark self-test: {exc}", err=True)
            return 1
    output.write_json(report)
    return 0


def _resources() -> Traversable:
    return files("claimmark.resources")


def _shown_document(window: MainWindow) -> Document:
    if window.project is None or window.document_id is None:
        raise SelfTestFailed("the import showed no document")
    return window.project.document(window.document_id)


def _drive_window(project: Path, page: Path, csv_out: Path, quote: str | None) -> dict:
    import PySide6
    from PySide6.QtCore import QEventLoop, QTimer, qVersion
    from PySide6.QtGui import QGuiApplication, QTextDocument

    from claimmark import __version__
    from claimmark.ui.app import create_application, style_sheet
    from claimmark.ui.importing import shutdown_pool
    from claimmark.ui.main_window import MainWindow

    app = create_application([])
    if not style_sheet() or app.styleSheet() != style_sheet():
        raise SelfTestFailed("the style sheet did not load from claimmark.resources")
    window = MainWindow()
    if window.windowIcon().isNull():
        raise SelfTestFailed("the app icon did not load from claimmark.resources")
    window.resize(1100, 760)
    window.show()
    painted_at = _first_paint(app, window.reader.viewport())
    try:
        if not window.open_project(project, create=True):
            raise SelfTestFailed(f"{project}: {window.last_dialog.text().splitlines()[0]}")
        outcomes: list = []
        loop = QEventLoop()

        def finished(result: list) -> None:
            outcomes.extend(result)
            loop.quit()

        window.importFinished.connect(finished)
        QTimer.singleShot(IMPORT_TIMEOUT_MS, loop.quit)
        window.import_paths([page])
        loop.exec()
        if [o.status for o in outcomes] != ["imported"]:
            detail = "; ".join(f"{o.status}: {o.message}" for o in outcomes) or "timed out"
            raise SelfTestFailed(f"{page}: the import did not bring in one new article ({detail})")
        view = window.reader
        shown = _shown_document(window)
        passage = quote or _first_sentence(shown.text)
        found = view.document().find(passage, 0, QTextDocument.FindFlag.FindCaseSensitively)
        if found.isNull():
            raise SelfTestFailed(f"the passage {passage!r} is not in the reading view")
        view.setTextCursor(found)
        window.acts.tags["quote"].trigger()
        if window.panel.model.rowCount() != 1:
            raise SelfTestFailed("tagging the selection as a quote saved no annotation")
        window.acts.export.trigger()
        dialog = window.last_dialog
        dialog.choose_path = lambda _suggested, _filter: str(csv_out)
        dialog.format_buttons["csv"].setChecked(True)
        dialog.export_button.click()
        if dialog.written != csv_out:
            refusal = window.last_dialog.text() if window.last_dialog is not dialog else ""
            why = f" ({' '.join(refusal.split())})" if refusal else ""  # one line: the writer's reason
            raise SelfTestFailed(f"{csv_out}: the export dialog wrote nothing{why}")
        with open(csv_out, encoding="utf-8", newline="") as handle:
            rows = [(row["kind"], row["exact"]) for row in csv.DictReader(handle)]
        if rows != [("quote", passage)]:
            raise SelfTestFailed(f"{csv_out}: expected one quote row, found {rows!r}")
        report = {
            "version": __version__,
            "qt": qVersion(),
            "pyside6": PySide6.__version__,
            "platform": QGuiApplication.platformName(),
            "resources": str(_resources()),
            "painted_at": painted_at,
            "project": str(project),
            "document": shown.title,
            "quote": passage,
            "csv": str(csv_out),
        }
        window.acts.quit.trigger()
        app.processEvents()
        if window.isVisible() or window.project is not None:
            raise SelfTestFailed("File ▸ Quit did not close the window and its project")
        return report
    finally:
        window.close()
        shutdown_pool()


def _first_paint(app: QApplication, widget: QWidget) -> float:
    """Process events until `widget` first paints, as the app does before it opens a
    project; return that moment (seconds since the epoch: bench/startup.py compares it
    with when it launched the process)."""
    from PySide6.QtCore import QEvent, QObject

    class Watch(QObject):
        at: float | None = None

        def eventFilter(self, _obj: QObject, event: QEvent) -> bool:
            if self.at is None and event.type() == QEvent.Type.Paint:
                self.at = time.time()
            return False

    watch = Watch()
    widget.installEventFilter(watch)
    deadline = time.monotonic() + 30
    while watch.at is None and time.monotonic() < deadline:
        app.processEvents()
    widget.removeEventFilter(watch)
    if watch.at is None:
        raise SelfTestFailed("the main window never painted")
    return watch.at


def _first_sentence(text: str) -> str:
    """A passage to tag when none is named: the first sentence after the title line."""
    body = text.split("\n", 1)[-1].strip()
    sentence = body.split(". ", 1)[0].split("\n", 1)[0]
    return sentence[:200]
