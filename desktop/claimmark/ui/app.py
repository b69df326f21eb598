"""Start the desktop app: ``claimmark`` (last or default project) or ``claimmark PATH``.

The window paints first; the project (and with it sqlite-utils and lxml) loads
right after, so start-up feels immediate.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from claimmark import __version__
from claimmark.ui import config


def create_application(argv: list[str]) -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0] if sys.argv else "claimmark", *argv])
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


def run(argv: list[str]) -> int:
    """Open the main window; returns the exit code of the event loop."""
    app = create_application(argv)
    from claimmark.ui.errors import install_excepthook, setup_logging
    from claimmark.ui.importing import shutdown_pool
    from claimmark.ui.main_window import MainWindow

    setup_logging()
    window = MainWindow()
    install_excepthook(lambda: window)
    window.show()
    argument = next((a for a in argv if not a.startswith("-")), None)
    QTimer.singleShot(0, lambda: window.open_initial(argument))
    try:
        return app.exec()
    finally:
        shutdown_pool()
