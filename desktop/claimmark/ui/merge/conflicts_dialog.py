"""File ▸ Review Merge Conflicts: the conflicts earlier merges kept, side by side;
each one is resolved (Keep ours or Use theirs, undoable) and leaves the list."""

from __future__ import annotations

from typing import Any, Literal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from claimmark.core.model.printable import printable
from claimmark.ui.errors import show_error
from claimmark.ui.merge.conflict_view import ConflictEntry, ConflictView

Side = Literal["ours", "theirs"]  # the version a resolution keeps


class ConflictsDialog(QDialog):
    """The conflicts earlier merges kept, for review: Keep ours or Use theirs resolves
    the chosen one (an undoable action of the window), and it leaves the list unless
    resolved ones are shown."""

    def __init__(self, window: Any):  # the MainWindow: its project, undo stack, undo actions
        super().__init__(window)
        self.window_ = window
        self.project = window.project  # the dialog closes if the window's project changes
        self.error: QMessageBox | None = None  # the last refusal shown
        self.setObjectName("ConflictsDialog")
        self.setWindowTitle("Merge conflicts")
        layout = self.body = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.conflicts = ConflictView([], self)
        layout.addWidget(self.conflicts, 1)
        actions = QHBoxLayout()
        self.show_resolved = QCheckBox("Show &resolved", self)
        self.show_resolved.setToolTip("List the conflicts already resolved too")
        self.show_resolved.toggled.connect(lambda: self.reload())
        actions.addWidget(self.show_resolved)
        actions.addStretch(1)
        self.use_theirs = QPushButton("Use &Theirs", self)
        self.keep_ours = QPushButton("Keep &Ours", self)
        for button, side in ((self.use_theirs, "theirs"), (self.keep_ours, "ours")):
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, keep=side: self.resolve(keep))
            actions.addWidget(button)
        layout.addLayout(actions)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.addActions([window.act_undo, window.act_redo])  # Ctrl+Z here undoes a resolution
        self.conflicts.list.currentRowChanged.connect(self._update_buttons)
        self.reload()
        window.undo_stack.indexChanged.connect(self._stack_changed)
        self.resize(860, 540 if self.conflicts.entries else 180)

    def reload(self) -> None:
        """Read the conflicts afresh, keeping the chosen one (or its place) chosen."""
        from claimmark.core import review_conflicts

        shown = self.conflicts.current_entry()
        row = self.conflicts.list.currentRow()
        records = review_conflicts(self.project, include_resolved=self.show_resolved.isChecked())
        entries = [ConflictEntry.from_record(r) for r in records]
        ids = [e.conflict_id for e in entries]
        if shown is not None and shown.conflict_id in ids:
            row = ids.index(shown.conflict_id)
        self.conflicts.set_entries(entries, row)
        self.conflicts.setVisible(bool(entries))
        self.body.setStretchFactor(self.heading, 0 if entries else 1)  # nothing listed: centred
        self.heading.setAlignment(Qt.AlignmentFlag.AlignLeft if entries else Qt.AlignmentFlag.AlignCenter)
        open_ = sum(not e.resolved for e in entries)
        if open_:
            text = (f"{open_} annotation{'s' if open_ != 1 else ''} edited on both sides. The later edit "
                    "is in the project; the other version is kept here. Keep ours or use theirs: "
                    "a resolved conflict leaves this list (Ctrl+Z undoes).")
        else:
            text = "No merge conflicts to review." + (" These are resolved." if entries else "")
        self.heading.setText(text)
        self._update_buttons()

    def _update_buttons(self) -> None:
        entry = self.conflicts.current_entry()
        writable = not self.project.read_only
        for button, side in ((self.use_theirs, "theirs"), (self.keep_ours, "ours")):
            button.setEnabled(entry is not None and not entry.resolved and writable)
            if entry is None or entry.resolved:
                tip = "Choose an open conflict"
            elif not writable:
                tip = "The project is open read-only"
            elif entry.winner == side:
                tip = "The annotation holds this version already: mark the conflict resolved"
            else:
                tip = "Make this version the annotation's content again (an edit; Ctrl+Z undoes)"
            button.setToolTip(tip)

    def resolve(self, keep: Side) -> None:
        from claimmark.core import resolve_conflict
        from claimmark.core.model.errors import ClaimMarkError
        from claimmark.ui.commands import ResolveCommand

        entry = self.conflicts.current_entry()
        if entry is None or entry.conflict_id is None:
            return
        try:
            resolution = resolve_conflict(self.project, entry.conflict_id, keep)
        except ClaimMarkError as exc:
            message = f"The conflict was not resolved.\n{printable(exc.message)}"
            self.error = show_error(self, "Resolve conflict", message)
            self.reload()
            return
        session = self.window_.session  # the command talks to the session; it reloads this list
        session.undo_stack.push(ResolveCommand(session, resolution))

    def _stack_changed(self) -> None:
        if self.window_.project is not self.project:  # closed or another one opened
            self.reject()
        elif self.isVisible():
            self.reload()

    def done(self, result: int) -> None:
        if self.isVisible():  # once: done() may be called again on a closed dialog
            self.window_.undo_stack.indexChanged.disconnect(self._stack_changed)
        super().done(result)


def open_conflicts(window: Any) -> QDialog:
    """File ▸ Review Merge Conflicts: the review, or a message if the project's stored
    conflicts cannot be read (a damaged or hand-edited file)."""
    from claimmark.core.model.errors import ClaimMarkError

    try:
        dialog = ConflictsDialog(window)
    except ClaimMarkError as exc:
        message = f"The merge conflicts cannot be shown.\n{printable(exc)}"
        return show_error(window, "Merge conflicts", message)
    dialog.open()
    return dialog


