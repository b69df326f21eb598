"""The annotation editor: kind, the kind's fields, tags (completed from the
project's tags) and a note. Every change is saved when a field is left."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QStringListModel, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from claimmark.ui import theme as themes
from claimmark.ui.icons import icon

if TYPE_CHECKING:
    from claimmark.core import Annotation

Index = QModelIndex | QPersistentModelIndex  # what Qt passes for an item

# The core's STATUSES, repeated here so that building the window does not load the
# core's storage (and sqlite-utils) before the first paint; a test keeps them equal.
CLAIM_STATUSES = (
    "unverified",
    "true",
    "mostly true",
    "mixed",
    "mostly false",
    "false",
    "misleading",
    "unverifiable",
)


def split_tags(text: str) -> list[str]:
    seen: list[str] = []
    for part in text.split(","):
        tag = " ".join(part.split())
        if tag and tag not in seen:
            seen.append(tag)
    return seen


def edited_by(annotation: Annotation) -> str:
    """The name of who last changed the annotation when that is not its author, else ""."""
    if not annotation.modified_by or annotation.modified_by == annotation.author_id:
        return ""
    return annotation.modified_by_name or annotation.modified_by[:8]


def made_by(annotation: Annotation) -> str:
    """The author, and the last editor when someone else: "Ann · edited by Ben"."""
    editor = edited_by(annotation)
    return f"{annotation.author} · edited by {editor}" if editor else annotation.author


class TagCompleter(QCompleter):
    """Completes the tag being typed after the last comma."""

    def pathFromIndex(self, index: Index) -> str:
        done = cast(QLineEdit, self.widget()).text().rsplit(",", 1)
        head = done[0] + ", " if len(done) == 2 else ""
        return head + str(index.data())

    def splitPath(self, path: str) -> list[str]:
        return [path.rsplit(",", 1)[-1].strip()]


class NoteEdit(QPlainTextEdit):
    focusLost = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.focusLost.emit()


class AnnotationEditor(QWidget):
    fieldsEdited = Signal(int, dict)
    deleteRequested = Signal(int)
    finished = Signal()  # Escape: back to reading

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("AnnotationEditor")
        self.annotation: Any = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 6, 0, 0)
        outer.setSpacing(8)
        self.exact = QLabel(self)
        self.exact.setObjectName("EditorExact")
        self.exact.setWordWrap(True)
        self.exact.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.exact.setAccessibleName("Annotated text")
        outer.addWidget(self.exact)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setHorizontalSpacing(8)
        form.setVerticalSpacing(6)
        self.form = form
        self.kind = QComboBox(self)
        for kind in themes.KINDS:
            self.kind.addItem(f"{themes.KIND_LABELS[kind]}  ({themes.KIND_KEYS[kind][0]})", kind)
        self.kind.setAccessibleName("Kind")
        self.kind.setToolTip("Claim (1 or C), quote (2 or Q) or citation (3 or R)")
        form.addRow("&Kind", self.kind)
        self.claimant = QLineEdit(self)
        self.claimant.setAccessibleName("Claimant")
        self.claimant.setPlaceholderText("Who makes the claim")
        self.status = QComboBox(self)
        self.status.addItems(list(CLAIM_STATUSES))
        self.status.setAccessibleName("Claim status")
        self.speaker = QLineEdit(self)
        self.speaker.setAccessibleName("Speaker")
        self.speaker.setPlaceholderText("Who is quoted")
        self.source_title = QLineEdit(self)
        self.source_title.setAccessibleName("Source")
        self.source_title.setPlaceholderText("The cited source")
        self.source_url = QLineEdit(self)
        self.source_url.setAccessibleName("Source URL or DOI")
        self.source_url.setPlaceholderText("https://… or doi:…")
        form.addRow("&Claimant", self.claimant)
        form.addRow("&Status", self.status)
        form.addRow("S&peaker", self.speaker)
        form.addRow("S&ource", self.source_title)
        form.addRow("&URL", self.source_url)
        self.tags = QLineEdit(self)
        self.tags.setAccessibleName("Tags")
        self.tags.setPlaceholderText("tag, another tag")
        self.tags.setToolTip("Tags, separated by commas; existing tags complete as you type")
        self.tag_model = QStringListModel(self)
        completer = TagCompleter(self.tag_model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setWidget(self.tags)
        self.tags.setCompleter(completer)
        form.addRow("&Tags", self.tags)
        outer.addLayout(form)
        self.note = NoteEdit(self)
        self.note.setAccessibleName("Note")
        self.note.setPlaceholderText("Note (plain text or Markdown)")
        self.note.setTabChangesFocus(True)
        self.note.setMinimumHeight(70)
        self.note.setMaximumHeight(180)
        outer.addWidget(self.note, 1)
        row = QHBoxLayout()
        self.author = QLabel(self)
        self.author.setObjectName("EditorAuthor")
        row.addWidget(self.author, 1)
        self.delete = QPushButton(icon("delete"), "Delete", self)
        self.delete.setToolTip("Delete this annotation (Delete; undo with Ctrl+Z)")
        self.delete.setAccessibleName("Delete annotation")
        row.addWidget(self.delete)
        outer.addLayout(row)
        for field in (self.claimant, self.speaker, self.source_title, self.source_url, self.tags):
            field.editingFinished.connect(self._commit)
        self.note.focusLost.connect(self._commit)
        self.kind.activated.connect(lambda _i: self._commit())
        self.status.activated.connect(lambda _i: self._commit())
        self.delete.clicked.connect(lambda: self.annotation and self.deleteRequested.emit(self.annotation.id))
        self._loading = False
        leave = QShortcut(
            QKeySequence(Qt.Key.Key_Escape), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut
        )
        leave.activated.connect(self._leave)
        self.set_annotation(None)

    def _leave(self) -> None:
        self._commit()
        self.finished.emit()

    def set_theme(self, theme: themes.Theme) -> None:
        self.theme = theme
        self.delete.setIcon(icon("delete", "#DADAD4" if theme.dark else "#3C3C3A"))

    def set_tag_choices(self, tags: list[str]) -> None:
        self.tag_model.setStringList(list(tags))

    def _show_fields(self, kind: str) -> None:
        rows = {
            "claim": (self.claimant, self.status),
            "quote": (self.speaker,),
            "citation": (self.source_title, self.source_url),
        }
        for each, widgets in rows.items():
            for widget in widgets:
                self.form.setRowVisible(widget, each == kind)

    def set_annotation(self, annotation: Any) -> None:
        self._loading = True
        self.annotation = annotation
        if annotation is None:
            for field in (self.claimant, self.speaker, self.source_title, self.source_url, self.tags):
                field.clear()
            self.note.clear()
            self.exact.clear()
            self.author.clear()
        else:
            self.kind.setCurrentIndex(max(0, self.kind.findData(annotation.kind)))
            self.exact.setText(f"“{' '.join(annotation.exact.split())}”")
            self.claimant.setText(annotation.claimant)
            self.status.setCurrentIndex(max(0, self.status.findText(annotation.status or "unverified")))
            self.speaker.setText(annotation.speaker)
            self.source_title.setText(annotation.source_title)
            self.source_url.setText(annotation.source_url)
            self.tags.setText(", ".join(annotation.tags))
            if self.note.toPlainText() != annotation.note:
                self.note.setPlainText(annotation.note)
            footer = [annotation.author]
            modified = (annotation.modified or "")[:16].replace("T", " ")
            if modified:
                footer.append(modified)
            editor = edited_by(annotation)
            if editor:
                footer.append(f"edited by {editor}")
            self.author.setText(" · ".join(footer))
            self._show_fields(annotation.kind)
        self._loading = False

    def values(self) -> dict[str, Any]:
        return {
            "kind": self.kind.currentData(),
            "claimant": self.claimant.text().strip(),
            "status": self.status.currentText(),
            "speaker": self.speaker.text().strip(),
            "source_title": self.source_title.text().strip(),
            "source_url": self.source_url.text().strip(),
            "tags": split_tags(self.tags.text()),
            "note": self.note.toPlainText(),
        }

    def changes(self) -> dict[str, Any]:
        if self.annotation is None:
            return {}
        changed = {}
        for key, value in self.values().items():
            old = getattr(self.annotation, key)
            if key == "tags":
                old = list(old)
            if value != old:
                changed[key] = value
        return changed

    def _commit(self) -> None:
        if self._loading or self.annotation is None:
            return
        changed = self.changes()
        if changed:
            self.fieldsEdited.emit(self.annotation.id, changed)
