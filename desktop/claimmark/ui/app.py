"""Start the desktop app: ``claimmark`` (last or default project) or ``claimmark PATH``.

The window paints first; the log file and the project (and with it the store and
sqlite-utils) open on the event loop's turn after that first paint, so start-up feels
immediate.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication, QWidget

from claimmark import __version__
from claimmark.ui import config

if TYPE_CHECKING:
    from claimmark.ui.main_window import MainWindow


def create_application(argv: list[str]) -> QApplication:
    found = QApplication.instance()
    name = sys.argv[0] if sys.argv else "claimmark"
    app = found if isinstance(found, QApplication) else QApplication([name, *argv])
    app.setOrganizationName(config.ORGANISATION)
    app.setApplicationName(config.APPLICATION)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("claimmark")
    app.setStyle("Fusion")
    app.setStyleSheet(style_sheet())
    return app


def style_sheet() -> str:
    """The small style sheet in ``claimmark.resources/styles``."""
    from importlib.resources import files

    try:
        return (files("claimmark.resources") / "styles" / "claimmark.qss").read_text(encoding="utf-8")
    except OSError:
        return ""


class FileOpenFilter(QObject):
    """Opens the project the system hands over while the app runs: macOS sends a file
    double-clicked in Finder as a FileOpen event (the first one, at launch, arrives as
    an argument through the bundle's argv emulation: packaging/README.md)."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window

    def eventFilter(self, _obj: QObject, event: QEvent) -> bool:
        if isinstance(event, QFileOpenEvent) and event.file():
            self.window.open_project(event.file())
            return True
        return False


class AfterFirstPaint(QObject):
    """Calls ``then`` once, on the event loop's turn after the first paint of any widget
    of ``window`` (a zero timer set at ``show()`` can run before that paint). Should the
    window never paint (started hidden or minimised), ``then`` runs after ``fallback_ms``."""

    def __init__(
        self, app: QApplication, window: QWidget, then: Callable[[], object], fallback_ms: int = 1000
    ):
        super().__init__(window)
        self.app, self.window, self.then = app, window, then
        self.called = False
        app.installEventFilter(self)
        QTimer.singleShot(fallback_ms, self, self.call)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and isinstance(obj, QWidget) and obj.window() is self.window:
            self.app.removeEventFilter(self)
            QTimer.singleShot(0, self, self.call)
        return False

    def call(self) -> None:
        if not self.called:
            self.called = True
            self.app.removeEventFilter(self)
            self.then()


def run(argv: list[str]) -> int:
    """Open the main window; returns the exit code of the event loop."""
    app = create_application(argv)
    from claimmark.ui.errors import install_excepthook, setup_logging
    from claimmark.ui.importing import shutdown_pool
    from claimmark.ui.main_window import MainWindow

    window = MainWindow()
    install_excepthook(lambda: window)
    app.installEventFilter(FileOpenFilter(window))
    window.show()
    argument = next((a for a in argv if not a.startswith("-")), None)

    def after_paint() -> None:
        setup_logging()
        window.open_initial(argument)

    AfterFirstPaint(app, window, after_paint)
    try:
        return app.exec()
    finally:
        shutdown_pool()
