"""Errors reach the person as clear dialogs; the details go to a log file."""

from __future__ import annotations

import logging
import sqlite3
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from claimmark.core.model.printable import printable
from claimmark.ui import config

log = logging.getLogger("claimmark.ui")
_log_file: Path | None = None
_handler: logging.Handler | None = None


def setup_logging() -> Path:
    """Log warnings and errors to claimmark.log in the user's log folder."""
    global _log_file, _handler
    if _log_file is not None:
        return _log_file
    from logging.handlers import RotatingFileHandler  # with socket and pickle: not before the first paint

    path = config.log_dir() / "claimmark.log"
    handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    _handler = handler
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)
    _log_file = path
    return path


def teardown_logging() -> None:
    """Stop writing the log file (tests; a second app in one process)."""
    global _log_file, _handler
    if _handler is not None:
        logging.getLogger().removeHandler(_handler)
        _handler.close()
    _log_file, _handler = None, None


def log_file() -> Path | None:
    return _log_file


def show_error(parent: QWidget | None, title: str, message: str, details: str = "", *,
               logged: bool = True) -> QMessageBox:
    """A non-blocking error dialog: a clear message, the details folded away. `logged`:
    whether the log holds more about it (a refusal the message explains whole does not)."""
    box = _message_box(parent, "ErrorDialog", QMessageBox.Icon.Warning, title, message)
    where = f"\n\nThe log file {printable(_log_file)} has the details." if _log_file and logged else ""
    box.setInformativeText(where.strip())
    if details:
        box.setDetailedText(details)
    box.open()
    return box


def show_info(parent: QWidget | None, title: str, message: str) -> QMessageBox:
    """A non-blocking note: something worked, but not quite as the user may expect."""
    box = _message_box(parent, "InfoDialog", QMessageBox.Icon.Information, title, message)
    box.open()
    return box


def _message_box(
    parent: QWidget | None, name: str, icon: QMessageBox.Icon, title: str, message: str
) -> QMessageBox:
    box = QMessageBox(parent)
    box.setObjectName(name)
    box.setIcon(icon)
    box.setWindowTitle(printable(title))
    box.setTextFormat(Qt.TextFormat.PlainText)  # a file name or title like "<b>…" is not markup
    box.setText(safe_lines(message))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    return box


def safe_lines(message: str) -> str:
    """A message for a dialog: its own lines kept, every other control or bidirectional
    character escaped. Callers escape the stored or file-derived parts (`printable`), so
    that a line break in a title shows as \\n instead of starting a line of its own."""
    return "\n".join(printable(line) for line in message.split("\n"))


def database_error_text(exc: sqlite3.Error, path: Path | None) -> str:
    """An unexpected database error in words, naming the project file."""
    from claimmark.core import database_problem

    what = database_problem(exc)
    return f"{printable(path)}:\n{what}." if path is not None else f"{what[0].upper()}{what[1:]}."


def install_excepthook(parent_getter: Callable[[], QWidget | None]) -> None:
    """An unexpected error is logged and shown as a dialog instead of a traceback."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        text = "".join(traceback.format_exception(kind, value, tb))
        log.error("unexpected error\n%s", text)
        from claimmark.core.model.errors import ClaimMarkError

        parent = parent_getter()
        if isinstance(value, ClaimMarkError):
            show_error(parent, "ClaimMark", printable(value))
        elif isinstance(value, sqlite3.Error):
            path = getattr(getattr(parent, "project", None), "path", None)
            show_error(parent, "Cannot use the project", database_error_text(value, path))
        else:
            show_error(
                parent,
                "Something went wrong",
                f"ClaimMark hit an unexpected problem ({kind.__name__}). Your work so far is saved.",
            )

    sys.excepthook = hook


def not_written(path: Path, reason: str) -> str:
    """A dialog's sentence for a file the core's writer would not or could not write,
    from the writer's reason ("is the open project; …", "already exists", "cannot write (…)")."""
    reason = printable(reason.removeprefix("cannot write: "))
    if reason.startswith("cannot write ("):
        rest = reason.removeprefix("cannot write ")
        return f"“{printable(path.name)}” was not written {rest}.\n\n{printable(path)}"
    subject = "it " if reason.startswith(("is ", "already ")) else ""
    return f"“{printable(path.name)}” was not written: {subject}{reason}.\n\n{printable(path)}"
