"""The window's side of the suite, run by `bench.suite.window_rows` in a subprocess with
QT_QPA_PLATFORM=offscreen; prints one JSON object on stdout.

    python -m bench.suite.window_child bare             first paint of a bare QMainWindow
    python -m bench.suite.window_child app [PROJECT]    the same through `claimmark [PROJECT]`
    python -m bench.suite.window_child reader SPEC.json open, add highlight, table rows

Only `claimmark.ui.app`, `claimmark.ui.main_window.MainWindow` and the window's
attributes are used: the ui package's other modules are free to move."""

from __future__ import annotations

import json
import random
import resource
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView, QTextBrowser, QWidget


def _status_mb(field: str) -> float | None:
    """A memory figure of /proc/self/status in MB, where there is one."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text(encoding="ascii", errors="replace").splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    return None


def rss_mb() -> float:
    """This process's peak resident memory in MB. Linux's `ru_maxrss` carries the
    parent's peak across fork and exec, so the high-water mark of this process's own
    memory (VmHWM) is read where there is one."""
    peak = _status_mb("VmHWM")
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 if peak is None else peak


class PaintWatch(QObject):
    """Notes the wall-clock time of the first paint of any widget in a main window."""

    def __init__(self) -> None:
        super().__init__()
        self.painted: float | None = None

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if (
            self.painted is None
            and event.type() == QEvent.Type.Paint
            and isinstance(obj, QWidget)
            and isinstance(obj.window(), QMainWindow)
        ):
            self.painted = time.time()
        return False


def bare() -> dict[str, Any]:
    app = QApplication([sys.argv[0]])
    watch = PaintWatch()
    app.installEventFilter(watch)
    window = QMainWindow()
    window.resize(1200, 800)
    window.show()
    while watch.painted is None:
        app.processEvents()
    return {"painted": watch.painted, "opened": watch.painted, "rss_mb": rss_mb()}


def app(argv: list[str]) -> dict[str, Any]:
    """`claimmark [PROJECT]` as the console script starts it (the cli module first), the
    application wrapped to note its first paint and quit once the project is open."""
    from claimmark import cli
    from claimmark.ui import app as app_module

    watch = PaintWatch()
    report: dict[str, Any] = {}
    original = app_module.create_application

    def create(args: list[str]) -> QApplication:
        application = original(args)
        application.installEventFilter(watch)
        timer = QTimer(application, interval=5)
        timer.timeout.connect(lambda: _quit_when_open(application, watch, report))
        timer.start()
        return application

    app_module.create_application = create  # type: ignore[assignment]
    cli.main(argv)
    return report


def _quit_when_open(application: QApplication, watch: PaintWatch, report: dict[str, Any]) -> None:
    windows = [w for w in application.topLevelWidgets() if hasattr(w, "project") and hasattr(w, "reader")]
    if not windows or watch.painted is None or windows[0].project is None:
        return
    job = getattr(windows[0], "import_job", None)
    if job is not None and not getattr(job, "done", True):
        return  # the default project's first start imports the sample article
    report.update(
        painted=watch.painted,
        opened=time.time(),
        rss_mb=rss_mb(),
        documents=windows[0].project.count_documents(),
    )
    windows[0].close()
    application.quit()


class LazyModel(QAbstractTableModel):
    """The floor of the table row: the same row count, rows fetched once with sqlite3."""

    def __init__(self, rows: list[tuple[Any, ...]]):
        super().__init__()
        self.rows = rows

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else 5

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return str(self.rows[index.row()][index.column()])


def reader(spec: dict[str, Any]) -> dict[str, Any]:
    from claimmark.ui.app import create_application
    from claimmark.ui.main_window import MainWindow

    application = create_application([])
    window = MainWindow()
    window.resize(1200, 800)
    window.show()
    if not window.open_project(spec["project"]):
        raise SystemExit(f"cannot open {spec['project']}")
    floor = QTextBrowser()
    floor.resize(window.reader.size())
    floor.show()
    application.processEvents()
    documents = {int(count): doc_id for count, doc_id in spec["documents"].items()}
    out: dict[str, Any] = {"open": {}, "add": {}}
    for count, doc_id in documents.items():
        out["open"][count] = _open_times(window, floor, doc_id, spec["blank"], spec["repeats"])
    for count in (min(documents), max(documents)):
        out["add"][count] = _add_times(window, documents[count], spec["adds"])
    floor.close()
    if not window.open_project(spec["big"]):
        raise SystemExit(f"cannot open {spec['big']}")
    out["table"] = _table_times(window, spec["big"], spec["table_repeats"])
    window.close()
    return out


def _painted(widget: QWidget) -> None:
    widget.repaint()
    QApplication.processEvents()


def _open_times(
    window: Any, floor: QTextBrowser, doc_id: int, blank: int, repeats: int
) -> dict[str, list[float]]:
    """Showing the stored article (its highlights drawn) to first paint, against
    `setHtml` of its reading HTML in a bare QTextBrowser, alternately."""
    html = window.project.reading_document(doc_id).to_html()
    times: dict[str, list[float]] = {"floor": [], "subject": []}
    for i in range(repeats + 1):
        floor.clear()
        window.show_document(blank)
        _painted(window.reader.viewport())
        start = time.perf_counter()
        floor.setHtml(html)
        _painted(floor.viewport())
        middle = time.perf_counter()
        window.show_document(doc_id)
        _painted(window.reader.viewport())
        end = time.perf_counter()
        if i:  # the first pair warms up
            times["floor"].append(middle - start)
            times["subject"].append(end - middle)
    return times


def _add_times(window: Any, doc_id: int, adds: int) -> dict[str, list[float]]:
    """The key press "2" (tag as quote) on a selection, against one repaint, timed twice:
    to the end of the page's first paint after it ("subject", the painted figure, made
    inside the key press or after it) and to the session's word that the annotation is
    saved (`annotationChanged`, the committed figure, before or after that paint). Each
    new highlight is undone again, untimed, so the page stays the same."""
    window.show_document(doc_id)
    reader = window.reader
    reader.setFocus()
    length = len(window.project.reading_document(doc_id).text)
    rng = random.Random(5)
    saved: list[float] = []
    window.session.annotationChanged.connect(lambda *_: saved.append(time.perf_counter()))
    paints = PaintEnds(reader.viewport())
    painted = paints.ends
    times: dict[str, list[float]] = {"floor": [], "subject": [], "committed": []}
    for _ in range(adds):
        start = rng.randrange(0, length - 200)
        reader.select_core(start, start + rng.randrange(20, 150))
        _painted(reader.viewport())
        before = len(window.session.annotations)
        began = time.perf_counter()
        _painted(reader.viewport())
        middle = time.perf_counter()
        saved.clear()
        painted.clear()
        QTest.keyClick(reader, Qt.Key.Key_2)
        _painted(reader.viewport())
        end = min([time.perf_counter(), *painted])  # the first paint, if made before the commit
        deadline = end + 10
        while not saved and time.perf_counter() < deadline:  # a commit made after the paint
            QApplication.processEvents()
        if not saved or len(window.session.annotations) != before + 1:
            raise SystemExit(f"the key press saved {len(window.session.annotations) - before} annotations")
        times["floor"].append(middle - began)
        times["subject"].append(end - middle)
        times["committed"].append(saved[0] - middle)
        window.undo_stack.undo()
    return times


class PaintEnds(QObject):
    """Notes the times at which a widget's paints end: the paint is handed on to the
    widget from inside the filter, so the time noted is after it, wherever it was made
    (inside the key press, before the commit, as well as after it)."""

    def __init__(self, widget: QWidget):
        super().__init__()
        self.ends: list[float] = []
        self._inside = False
        widget.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if self._inside or event.type() != QEvent.Type.Paint:
            return False
        self._inside = True
        try:
            QApplication.sendEvent(obj, event)
        finally:
            self._inside = False
        self.ends.append(time.perf_counter())
        return True


def _table_times(window: Any, big: str, repeats: int) -> dict[str, Any]:
    """File ▸ All Annotations to its first paint, against a lazy QTableView over the same
    row count, the rows fetched with sqlite3 inside the timing; then, untimed, the memory
    one more opening takes (`_table_memory`)."""
    times: dict[str, Any] = {"floor": [], "subject": []}
    for _ in range(repeats):
        start = time.perf_counter()
        conn = sqlite3.connect(f"file:{big}?mode=ro", uri=True)
        rows = conn.execute(
            "SELECT id, kind, exact, author, modified FROM annotations WHERE deleted = 0"
        ).fetchall()
        conn.close()
        view = QTableView()
        view.setModel(LazyModel(rows))
        view.resize(1000, 700)
        view.show()
        _painted(view)
        middle = time.perf_counter()
        window.show_table()
        _painted(window.table_window)
        end = time.perf_counter()
        times["floor"].append(middle - start)
        times["subject"].append(end - middle)
        view.close()
        _close_table(window)
        del rows  # the floor's rows are not held while the table's memory is measured
    return times | _table_memory(window)


def _close_table(window: Any) -> None:
    window.table_window.close()
    window.table_window.deleteLater()
    window.table_window = None  # a fresh table each time, as at the first open


def _table_memory(window: Any) -> dict[str, float]:
    """The Python heap's peak while the table opens to first paint, over what was held
    before (tracemalloc, which slows Python, so never in a timing), and the growth of
    the resident memory (VmRSS) that opening leaves, in MB."""
    import tracemalloc

    before = _status_mb("VmRSS") or 0.0
    tracemalloc.start()
    held = tracemalloc.get_traced_memory()[0]
    window.show_table()
    _painted(window.table_window)
    peak = tracemalloc.get_traced_memory()[1] - held
    tracemalloc.stop()
    grown = (_status_mb("VmRSS") or 0.0) - before
    _close_table(window)
    return {"python_peak_mb": peak / 2**20, "resident_growth_mb": grown}


def main(argv: list[str]) -> int:
    mode, rest = argv[0], argv[1:]
    if mode == "bare":
        report = bare()
    elif mode == "app":
        report = app(rest)
    else:
        report = reader(json.loads(Path(rest[0]).read_text(encoding="utf-8")))
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
