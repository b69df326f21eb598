"""The tagging keys: what C/Q/R (1/2/3), E and Delete do where the focus is, and what
the status bar says about it. The changes themselves are the session's actions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMainWindow

from claimmark import core
from claimmark.ui import authorship
from claimmark.ui.actions import Actions, key_text
from claimmark.ui.annotation_panel import AnnotationPanel
from claimmark.ui.reading import Highlight, ReadingView
from claimmark.ui.session import Session

if TYPE_CHECKING:
    from claimmark.core import Annotation

PENDING_ID = -1  # the stand-in highlight of an annotation not saved yet (saved ids are > 0)
FIELD_LABELS = {
    "claimant": "claimant",
    "status": "status",
    "speaker": "speaker",
    "source_title": "source",
    "source_url": "URL",
}


class Tagging:
    """Keys and menu actions on the annotation in focus or the selected text."""

    def __init__(
        self,
        window: QMainWindow,
        session: Session,
        reader: ReadingView,
        panel: AnnotationPanel,
        acts: Actions,
    ):
        self.window, self.session, self.reader, self.panel, self.acts = window, session, reader, panel, acts

    def say(self, text: str, ms: int) -> None:
        self.window.statusBar().showMessage(text, ms)

    def annotation_in_focus(self) -> Annotation | None:
        """The current annotation when the focus is on it: in the article the caret must
        be in its highlight (a click on it puts it there); a letter typed elsewhere in
        the article acts on nothing. From the panel (its row, the editor, the menus
        opened from there) it is the current annotation."""
        current = self.panel.current_annotation()
        if current is None or QApplication.focusWidget() is not self.reader:
            return current
        if current.anchor_status == "orphaned" or not self.reader.map.texts:
            return None
        caret = self.reader.map.to_core(self.reader.textCursor().position())
        return current if current.start <= caret <= current.end else None

    def nothing_in_focus(self, what: str) -> None:
        self.say(f"Nothing changed: {what}, click its highlight or its row in the panel first.", 5000)

    def kind_key(self, kind: str) -> None:
        """1/2/3 (C/Q/R): tag the selection; without one, make the annotation in focus
        one of `kind` (its other fields are kept, hidden)."""
        selected = self.reader.core_selection()
        if selected is not None and QApplication.focusWidget() is not self.panel.list:
            self.tag(kind, *selected)
            return
        current = self.annotation_in_focus()
        if current is None:
            self.nothing_in_focus(f"select text to tag it as a {kind}; to change an annotation's kind")
        elif current.kind == kind:
            self.say(f"It is a {kind} already.", 3000)
        elif self.edit(current.id, {"kind": kind}):
            self.say(
                f"Changed the {current.kind} to a {kind}{_kept(current)}. " + self.acts.undo_hint(), 6000
            )

    def tag(self, kind: str, start: int, end: int) -> None:
        """Save a new annotation over [start, end) and draw it at once."""
        project = self.session.project
        if project is None or self.session.document_id is None or start >= end:
            return
        if project.read_only:
            self.say("The project is open read-only: tags cannot be added.", 5000)
            return
        if not authorship.ensure_author_name(self.window):  # asked the first time someone tags
            return
        selected = self.reader.textCursor()
        self.paint_pending(kind, start, end)
        if self.session.tag(kind, start, end) is None:
            self.reader.setTextCursor(selected)  # taken back: the selection as it was
            return
        self.say(f"Tagged as {kind}. {key_text(self.acts.edit)} edits it, {self.acts.undo_hint()}", 4000)

    def paint_pending(self, kind: str, start: int, end: int) -> None:
        """Draw the new highlight and paint the page *before* the session saves it, so
        that it shows in the frame of the key press and not after the commit's flush to
        disk. The stand-in is taken off the page again at once (unpainted): the saved
        annotation is drawn in its place, or, when the save is refused, the next paint
        shows the page as it was."""
        cursor = self.reader.textCursor()
        cursor.clearSelection()
        self.reader.setTextCursor(cursor)
        self.reader.add_highlight(Highlight(PENDING_ID, kind, start, end, authorship.my_author_id()))
        self.reader.viewport().repaint()
        self.reader.remove_highlight(PENDING_ID)

    def edit(self, annotation_id: int, fields: dict[str, Any]) -> bool:
        """Save changed fields; a refused change puts the editor back as it was."""
        current = self.session.annotations.get(annotation_id)
        if current is None or not fields:
            return False
        if self.session.edit(annotation_id, fields):
            return True
        self.panel.editor.set_annotation(current)
        return False

    def delete(self, annotation_id: int) -> None:
        deleted = self.session.delete(annotation_id)
        if deleted is not None:
            self.say(f"Deleted the {deleted.kind}. {self.acts.undo_hint()}", 4000)

    def delete_current(self) -> None:
        """Delete (the key or Edit ▸ Delete Annotation): the annotation in focus."""
        current = self.annotation_in_focus()
        if current is not None:
            self.delete(current.id)
        elif self.panel.current_annotation() is not None:
            self.nothing_in_focus("to delete an annotation")

    def edit_key(self) -> None:
        """E or Return in the article: edit the annotation whose highlight holds the caret."""
        if self.annotation_in_focus() is not None:
            self.edit_current()
        elif self.panel.current_annotation() is not None:
            self.nothing_in_focus("to edit an annotation")

    def edit_current(self) -> None:
        current = self.panel.current_annotation()
        if current is not None:
            self.panel.editor.show()
            editor = self.panel.editor
            first = {"claim": editor.claimant, "quote": editor.speaker, "citation": editor.source_title}
            first[current.kind].setFocus()

    def editor_closed(self) -> None:
        self.reader.setFocus(Qt.FocusReason.ShortcutFocusReason)


def _kept(annotation: Annotation) -> str:
    """'; its claimant and status are kept for when it is a claim again' (the fields filled in)."""
    filled = [
        FIELD_LABELS[name]
        for name in core.KIND_FIELDS[annotation.kind]
        if getattr(annotation, name) != core.EMPTY_FIELDS[name]
    ]
    if not filled:
        return ""
    verb = "is" if len(filled) == 1 else "are"
    return f"; its {' and '.join(filled)} {verb} kept for when it is a {annotation.kind} again"
