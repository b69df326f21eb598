"""The views following the session: the document shown in the reading view and the
panel, the library's row for it, and the project-wide table, as the session says
what changed (an annotation, a tag, the whole file after another window wrote)."""

from __future__ import annotations

import logging
import sqlite3
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QStatusBar

from claimmark import core
from claimmark.ui import config
from claimmark.ui.annotation_panel import AnnotationPanel
from claimmark.ui.errors import database_error_text
from claimmark.ui.library import LibraryPanel
from claimmark.ui.reading import Highlight, ReadingView
from claimmark.ui.session import Session

if TYPE_CHECKING:
    from claimmark.core import Annotation
    from claimmark.ui.annotation_table import AnnotationTable

log = logging.getLogger(__name__)


class ViewWindow(Protocol):
    """What the views need of the main window."""

    table_window: AnnotationTable | None
    documentShown: SignalInstance

    def update_status(self) -> None: ...
    def refresh_choices(self) -> None: ...
    def say_error(self, title: str, message: str, *, logged: bool = True) -> None: ...
    def statusBar(self) -> QStatusBar: ...
    def raise_(self) -> None: ...
    def activateWindow(self) -> None: ...


class DocumentViews:
    """The reading view, the panel and the library, kept to the session's state."""

    def __init__(
        self,
        window: ViewWindow,
        session: Session,
        library: LibraryPanel,
        reader: ReadingView,
        panel: AnnotationPanel,
    ):
        self.window, self.session = window, session
        self.library, self.reader, self.panel = library, reader, panel
        session.annotationChanged.connect(self.annotation_changed)
        session.tagsChanged.connect(self.tags_changed)

    def show_document(self, document_id: int) -> bool:
        """Show a document with its annotations and the status bar's counts; whether it could be."""
        project = self.session.project
        if project is None:
            return False
        if self.session.document_id is not None and self.session.document_id != document_id:
            self.save_place()
        try:
            reading, header = self.session.load_document(document_id)
        except sqlite3.DatabaseError as exc:
            log.warning("cannot show document %s", document_id, exc_info=True)
            self.window.say_error("Cannot show the document", database_error_text(exc, project.path))
            return False
        except (core.ClaimMarkError, ValueError, KeyError) as exc:
            self.window.say_error("Cannot show the document", core.printable(exc))
            return False
        shown = [highlight(a) for a in self.session.annotations.values() if a.anchor_status != "orphaned"]
        self.reader.show_document(
            document_id, reading, header, lambda key: project.image(document_id, key), shown
        )
        self.reader.verticalScrollBar().setValue(0)
        self.panel.set_annotations(list(self.session.annotations.values()), self.session.tags())
        self.window.update_status()
        self.window.documentShown.emit(document_id)
        return True

    def save_place(self) -> None:
        session = self.session
        if session.project is not None and session.document_id is not None and self.reader.map.texts:
            place = self.reader.reading_position()
            config.set_reading_place(session.project_uuid, session.document_id, place)

    def show_annotation(self, annotation_id: int) -> None:
        current = self.session.annotations.get(annotation_id)
        if current is None:
            return
        if current.anchor_status == "orphaned":
            self.window.statusBar().showMessage(
                "This annotation's passage is no longer in the text (the document was re-imported).", 6000
            )
            return
        self.reader.show_passage(current.start, current.end, current.kind)

    def open_passage(self, document_id: int, annotation_id: int) -> None:
        """Show an annotation in context (from the project-wide table)."""
        if document_id != self.session.document_id:
            if self.library.model.row_of(document_id) < 0:
                self.library.search.clear()
                for combo in (self.library.kind, self.library.tag, self.library.author):
                    combo.setCurrentIndex(0)
            self.library.select_document(document_id, emit=False)
            self.show_document(document_id)
        self.panel.select(annotation_id)
        self.show_annotation(annotation_id)
        self.window.raise_()
        self.window.activateWindow()

    def annotation_changed(self, document_id: int, found: Annotation, was: str | None) -> None:
        """After every saved annotation action (and its undo and redo); `was` is the
        kind it had while live before ("" when it was not), None when not known."""
        switched = document_id != self.session.document_id  # an undo or redo in another document
        if switched:
            self.library.select_document(document_id, emit=False)
            self.show_document(document_id)
        if found.deleted or found.anchor_status == "orphaned":
            self.reader.remove_highlight(found.id)
        else:
            self.reader.add_highlight(highlight(found))
        if found.id in self.session.annotations:  # its own row alone, not the whole list again
            self.panel.put_annotation(found, self.session.tags())
        else:
            self.panel.drop_annotation(found.id, self.session.tags())
        if not found.deleted:
            self.panel.select(found.id)
        if switched:  # show where the undone or redone change is
            self.reader.scroll_to_position(found.start)
        if was is None:
            self.library.model.invalidate_document(document_id)
        else:
            self.library.model.count_changed(document_id, was, "" if found.deleted else found.kind)
        self.views_changed()

    def tags_changed(self) -> None:
        self.panel.set_annotations(list(self.session.annotations.values()), self.session.tags())
        self.library.model.refresh()
        self.views_changed()

    def views_changed(self) -> None:
        self.window.refresh_choices()
        self.window.update_status()
        if self.window.table_window is not None and self.window.table_window.isVisible():
            self.window.table_window.refresh()

    def refresh(self) -> None:
        """The library, the shown document's highlights and annotations, the filters
        and the table, as the file now holds them."""
        if self.session.project is None:
            return
        self.session.mark_read()
        position = self.reader.verticalScrollBar().value()
        self.library.model.refresh()
        shown = self.session.document_id
        if shown is not None and self.library.model.row_of(shown) >= 0:
            self.library.select_document(shown, emit=False)
        if shown is not None:  # rebuilt: another window may have re-imported its text
            self.show_document(shown)
            self.reader.verticalScrollBar().setValue(position)
        elif self.library.model.ids:
            self.library.select_document(self.library.model.ids[0], emit=False)
            self.show_document(self.library.model.ids[0])
        self.views_changed()


def highlight(annotation: Annotation) -> Highlight:
    a = annotation
    return Highlight(a.id, a.kind, a.start, a.end, a.author_id, a.author)
