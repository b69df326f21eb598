"""The merge report: what a merge would bring in (a preview: Merge / Cancel) or
brought in (Close, and Review Conflicts), counts first, then the rows left out and
the conflicts side by side."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from claimmark.core.model.printable import printable
from claimmark.ui.merge.conflict_view import ConflictEntry, ConflictView


def report_lines(report: Any) -> dict[str, str]:  # a core MergeReport
    """The report's counts, one line per heading."""
    matched = report.documents_matched
    how = ", ".join(f"{n} by {k if k == 'content' else k.upper()}" for k, n in matched.items() if n)
    documents = f"{len(report.documents_added)} new, {sum(matched.values())} already here"
    if how:
        documents += f" ({how})"
    return {
        "documents": documents,
        "annotations": (
            f"{report.annotations_added} new, {report.annotations_updated} updated, "
            f"{report.annotations_deleted} deleted, {report.annotations_unchanged} unchanged"
        ),
        "conflicts": (
            f"{len(report.conflicts)} edited on both sides: the later edit wins, the other is kept for review"
            if report.conflicts else "none"
        ),
        "orphans": (
            f"{len(report.orphans)} kept, but their passage is not in our copy of the text"
            if report.orphans else "none"
        ),
        "skipped": (
            f"{len(report.skipped)} left out: bad or conflicting rows of “{printable(report.source.name)}”"
            if report.skipped else "none"
        ),
    }


def skipped_lines(report: Any) -> list[str]:
    """One line per row of the incoming file that was left out, and why."""
    return [f"{s.kind.capitalize()} {s.uuid[:8]} in “{printable(s.title)}”: {printable(s.reason)}"
            for s in report.skipped]


class MergeReportDialog(QDialog):
    """What a merge would bring in (preview: Merge / Cancel) or brought in (Close, and
    Review Conflicts to resolve the conflicts it kept)."""

    reviewRequested = Signal()

    def __init__(self, report: Any, project_name: str, *, preview: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("MergeReportDialog")
        self.report = report
        name, project_name = printable(report.source.name), printable(project_name)
        self.setWindowTitle(f"Merge preview — {name}" if preview else f"Merged {name}")
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        if preview and not report.changed and report.skipped:
            heading = f"Nothing to merge: what “{name}” holds is in “{project_name}” or left out (below)."
        elif preview and not report.changed:
            heading = f"Nothing to merge: everything in “{name}” is already in “{project_name}”."
        elif preview:
            heading = f"Merging “{name}” into “{project_name}” would bring in:"
        else:
            heading = f"Merged “{name}” into “{project_name}”:"
        self.heading = QLabel(heading, self)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setWeight(QFont.Weight.DemiBold)
        self.heading.setFont(font)
        layout.addWidget(self.heading)
        form = QFormLayout()
        form.setVerticalSpacing(4)
        self.counts: dict[str, QLabel] = {}
        for key, text in report_lines(report).items():
            label = QLabel(text, self)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.counts[key] = label
            form.addRow(f"{key.capitalize()}:", label)
        if report.documents_added:
            titles = [printable(title) for title in report.documents_added[:5]]
            more = len(report.documents_added) - len(titles)
            new = QLabel("New: " + "; ".join(titles) + (f"; and {more} more" if more > 0 else ""), self)
            new.setTextFormat(Qt.TextFormat.PlainText)
            new.setWordWrap(True)
            form.addRow("", new)
        layout.addLayout(form)
        entries = [
            ConflictEntry.from_versions(c.uuid, c.document_title, c.winner, c.kept.to_json(),
                                        c.other.to_json())
            for c in report.conflicts
        ]
        self.skipped = QListWidget(self)
        self.skipped.setObjectName("SkippedRows")
        self.skipped.setAccessibleName(f"Rows of {name} left out, and why")
        self.skipped.setWordWrap(True)
        self.skipped.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.skipped.addItems(skipped_lines(report))
        self.skipped.setVisible(bool(report.skipped))
        if entries:
            self.skipped.setMaximumHeight(140)  # the conflicts take the room
        layout.addWidget(self.skipped, 0 if entries else 1)
        self.conflicts = ConflictView(entries, self)
        self.conflicts.setVisible(bool(entries))
        if entries:
            layout.addWidget(QLabel("Conflicts, their version beside ours:", self))
        layout.addWidget(self.conflicts, 1)
        buttons = QDialogButtonBox(self)
        self.merge_button = None
        if preview and report.changed:
            self.merge_button = buttons.addButton("&Merge", QDialogButtonBox.ButtonRole.AcceptRole)
            self.merge_button.setDefault(True)
            buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        else:
            buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.review_button = None
        if not preview and report.conflicts:
            role = QDialogButtonBox.ButtonRole.ActionRole
            self.review_button = buttons.addButton("Review &Conflicts…", role)
            self.review_button.setToolTip("Keep ours or use theirs, conflict by conflict")
            self.review_button.clicked.connect(self._review)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout.addWidget(buttons)
        self.resize(860, 560 if entries else 380 if report.skipped else 240)

    def _review(self) -> None:
        self.accept()
        self.reviewRequested.emit()


