"""File ▸ Export: CSV, Markdown or JSON, of the current document, the library's
current filter, or the whole project (written by claimmark.core.export)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QLabel,
    QRadioButton,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)

from claimmark import core
from claimmark.core import AlreadyExists
from claimmark.core.model.errors import ClaimMarkError
from claimmark.core.model.printable import printable
from claimmark.ui import config
from claimmark.ui.errors import not_written, show_error
from claimmark.ui.library import LibraryPanel

if TYPE_CHECKING:
    from claimmark.core import Project

FORMATS = {
    "csv": ("CSV (spreadsheets)", "CSV files (*.csv)", ".csv"),
    "md": ("Markdown (notes, reports)", "Markdown files (*.md)", ".md"),
    "json": ("JSON (W3C Web Annotations)", "JSON files (*.json *.jsonld)", ".json"),
}


class ExportWindow(Protocol):
    """What the export needs of the main window: what it shows, and where to say what happened."""

    library: LibraryPanel
    last_dialog: Any

    @property
    def project(self) -> Project | None: ...
    @property
    def document_id(self) -> int | None: ...
    def statusBar(self) -> QStatusBar: ...


class ExportDialog(QDialog):
    def __init__(self, window: ExportWindow):
        super().__init__(cast(QWidget, window))  # the main window
        self.window_ = window
        self.setObjectName("ExportDialog")
        self.setWindowTitle("Export annotations")
        self.written: Path | None = None
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        formats = QGroupBox("Format", self)
        box = QVBoxLayout(formats)
        self.format_group = QButtonGroup(self)
        self.format_buttons: dict[str, QRadioButton] = {}
        for key, (label, _, _) in FORMATS.items():
            button = QRadioButton(label, formats)
            button.setAccessibleName(f"Export as {key}")
            box.addWidget(button)
            self.format_group.addButton(button)
            self.format_buttons[key] = button
        self.format_buttons[
            config.get_str("export/format", "csv")
            if config.get_str("export/format", "csv") in FORMATS
            else "csv"
        ].setChecked(True)
        self.excel = QCheckBox("Add a byte-order mark for Excel", formats)
        box.addWidget(self.excel)
        layout.addWidget(formats)
        scopes = QGroupBox("Annotations of", self)
        box = QVBoxLayout(scopes)
        self.scope_buttons: dict[str, QRadioButton] = {}
        has_doc = window.document_id is not None
        filtered = not window.library.current_filter().is_empty()
        shown = len(window.library.model.ids)
        for key, label, enabled in (
            ("document", "The current document", has_doc),
            ("filter", f"The documents in the library's current filter ({shown})", filtered),
            ("project", "The whole project", True),
        ):
            button = QRadioButton(label, scopes)
            button.setEnabled(enabled)
            box.addWidget(button)
            self.scope_buttons[key] = button
        (self.scope_buttons["document"] if has_doc else self.scope_buttons["project"]).setChecked(True)
        layout.addWidget(scopes)
        self.message = QLabel(self)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.export_button = buttons.addButton("Export…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setDefault(True)
        buttons.accepted.connect(self.export)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def fmt(self) -> str:
        return next(k for k, b in self.format_buttons.items() if b.isChecked())

    def scope(self) -> str:
        return next(k for k, b in self.scope_buttons.items() if b.isChecked())

    def choose_path(self, suggested: Path, file_filter: str) -> str:
        """The file chooser (tests replace this)."""
        name, _ = QFileDialog.getSaveFileName(self, "Export annotations", str(suggested), file_filter)
        return name

    def document_ids(self) -> list[int] | None:
        scope = self.scope()
        if scope == "document":  # offered only while a document is shown
            shown = self.window_.document_id
            return [shown] if shown is not None else []
        if scope == "filter":
            return list(self.window_.library.model.ids)
        return None

    def export(self) -> None:
        fmt = self.fmt()
        _, file_filter, suffix = FORMATS[fmt]
        project = self.window_.project
        if project is None:
            return
        folder = config.last_folder("export", Path.home())
        stem = (
            project.name
            if self.scope() != "document"
            else f"{project.name} - document {self.window_.document_id}"
        )
        name = self.choose_path(folder / (stem + suffix), file_filter)
        if not name:
            return
        path = Path(name)
        confirmed = True  # the file dialog asked before choosing an existing file
        if not path.suffix:
            path = path.with_suffix(suffix)
            confirmed = False  # a name the dialog never saw: it asked nothing about it
        try:
            criteria = {}
            if self.scope() == "filter":
                flt = self.window_.library.current_filter()
                criteria = {"kind": flt.kind or None, "tag": flt.tag or None, "author": flt.author or None}
            count = write_export(
                project, fmt, path, self.document_ids(), excel=self.excel.isChecked(), replace=confirmed,
                **criteria,
            )
        except ClaimMarkError as exc:
            reason = exc.message
            if isinstance(exc, AlreadyExists):
                reason += "; choose it in the file dialog to replace it"
            self.window_.last_dialog = show_error(self, "Export", not_written(path, reason), logged=False)
            return
        config.set_value("export/format", fmt)
        config.set_value("export/folder", str(path.parent))
        self.written = path
        self.window_.statusBar().showMessage(f"Exported {count} annotations to {printable(path)}", 6000)
        self.accept()


def write_export(
    project: Project,
    fmt: str,
    path: Path,
    document_ids: list[int] | None,
    *,
    excel: bool = False,
    replace: bool = False,
    kind: str | None = None,
    tag: str | None = None,
    author: str | None = None,
) -> int:
    """Write the annotations of some documents (None: all), optionally of one kind, tag
    or author, in a format, through the core's writer (an existing file only with
    `replace`, never the open project or an SQLite file); return how many were written."""
    one = document_ids is not None and len(document_ids) == 1
    options = {"excel": excel} if fmt == "csv" else {}
    return core.export_to_file(
        project, fmt, path,
        document_id=document_ids[0] if one and document_ids else None,
        documents=None if one else document_ids,
        kind=kind, tag=tag, author=author,
        replace=replace, protected={project.path: "the open project"}, **options,
    )
