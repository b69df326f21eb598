"""The empty view's quiet note, shown until a document is: a module of its own, so the
window's first paint does not wait for the document builder (and the core's document
model under it), which load when the first document is shown."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor, QTextDocument

from claimmark.ui.reading.formats import Formats


def build_placeholder(doc: QTextDocument, formats: Formats, title: str, note: str) -> None:
    """The empty view's quiet note: a title and a line under it, centred, muted."""
    muted = formats.theme.muted
    cursor = QTextCursor(doc)
    cursor.beginEditBlock()
    cursor.setBlockFormat(formats.block(top=4.0, bottom=0.6, align=Qt.AlignmentFlag.AlignHCenter))
    cursor.insertText(title, formats.char(1.3, colour=muted))
    cursor.insertBlock(formats.block(align=Qt.AlignmentFlag.AlignHCenter), formats.char(0.9, colour=muted))
    cursor.insertText(note)
    cursor.endEditBlock()
