"""The main window: library | reading view | annotations, menus, status bar.

The window lays out the views and wires them to the session (ui/session.py), which
holds the project and makes every change; actions and menus are ui/actions.py.

What the first frame does not show is imported when first used, not with this module:
the file dialogs, the All Annotations table, merging, export, preferences, About
(tests/ui/test_startup_cost.py holds the list), so the first paint waits for none of them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QUndoStack
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMainWindow, QSplitter, QWidget

from claimmark import core
from claimmark.ui import authorship, config, projects, shortcuts, status, view_settings
from claimmark.ui import theme as themes
from claimmark.ui.actions import Actions, Menus
from claimmark.ui.annotation_panel import AnnotationPanel
from claimmark.ui.errors import show_error, show_info
from claimmark.ui.icons import icon
from claimmark.ui.importing import Importer
from claimmark.ui.library import LibraryPanel
from claimmark.ui.reading import ReadingView
from claimmark.ui.session import Session
from claimmark.ui.tagging import Tagging
from claimmark.ui.views import DocumentViews

if TYPE_CHECKING:
    from claimmark.core import Project
    from claimmark.ui.annotation_table import AnnotationTable
    from claimmark.ui.merge import MergeFlow



class MainWindow(QMainWindow):
    projectOpened = Signal(str)
    documentShown = Signal(int)
    importFinished = Signal(list)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.setWindowTitle(projects.APP_TITLE)
        self.setWindowIcon(icon("claimmark"))
        self.setAcceptDrops(True)
        self.session = Session(self)
        self.last_dialog: Any = None  # the last summary or error dialog shown (for tests and scripts)
        self.theme_name = config.get_str("view/theme", "system")
        self.theme = themes.resolve(self.theme_name)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            # before the panes exist: set later, the palette (and the style sheet set
            # again with it) polished every widget of the window a second time
            themes.apply_palette(app, self.theme)
        self.colour_by_author = config.get_str("view/colour_by_author", "false") == "true"
        self.merge_flow: MergeFlow | None = None  # the merge in progress or last shown (ui/merge/)
        self.table_window: AnnotationTable | None = None

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("MainSplitter")
        self.splitter.setChildrenCollapsible(False)
        # each pane is made in the splitter, which takes it in, in order, as it is made:
        # made in the window and moved there, each pane was parented twice, its whole tree
        # of widgets told of the move
        self.library = LibraryPanel(self.splitter)
        self.reader = ReadingView(self.splitter)
        self.panel = AnnotationPanel(self.splitter)
        for index, stretch in enumerate((0, 1, 0)):
            self.splitter.setStretchFactor(index, stretch)
        self.splitter.setSizes([290, 700, 340])
        self.setCentralWidget(self.splitter)
        self.status_counts = QLabel(self)
        self._choices_shown: tuple[list[str], dict[str, str], str] | None = None  # in the library's filters
        self._colours_painted: tuple[bool, bool, frozenset[str]] | None = None  # colour by author, dark, ids
        self.status_counts.setObjectName("StatusCounts")
        self.statusBar().addPermanentWidget(self.status_counts)

        self.acts = Actions(
            self, self.session.undo_stack, theme_name=self.theme_name, colour_by_author=self.colour_by_author
        )
        self.act_undo, self.act_redo = self.acts.undo, self.acts.redo  # the conflicts dialog adds them
        self.act_colour_by_author = self.acts.colour_by_author  # Preferences follows the menu
        self.acts.act_where_focused(self.reader, self.panel.list)
        self.menus = Menus(self, self.acts, self.open_project)
        self.tagging = Tagging(self, self.session, self.reader, self.panel, self.acts)
        self.importer = Importer(self, self)
        self.views = DocumentViews(self, self.session, self.library, self.reader, self.panel)
        self._wire_views()
        self._wire_actions()
        shortcuts.let_window_keys_through(self, self.acts.undo, self.acts.redo, self.reader)
        view_settings.restore(self, self.splitter, self.reader)
        self.apply_theme()
        self._place_timer = QTimer(self, singleShot=True, interval=800)
        self._place_timer.timeout.connect(self.save_place)
        self.reader.verticalScrollBar().valueChanged.connect(lambda _v: self._place_timer.start())
        QApplication.styleHints().colorSchemeChanged.connect(self._system_scheme_changed)

    # -- wiring ------------------------------------------------------------------------
    def _wire_views(self) -> None:
        t, s = self.tagging, self.session
        self.library.documentActivated.connect(self.show_document)
        self.library.filterChanged.connect(self.update_status)
        self.library.readRequested.connect(lambda: self.reader.setFocus(Qt.FocusReason.OtherFocusReason))
        self.reader.kindKey.connect(t.kind_key)
        self.reader.tagRequested.connect(t.tag)
        self.reader.editRequested.connect(t.edit_key)
        self.reader.highlightClicked.connect(lambda annotation_id: self.panel.select(annotation_id))
        self.panel.annotationActivated.connect(self.show_annotation)
        self.panel.fieldsEdited.connect(t.edit)
        self.panel.deleteRequested.connect(t.delete)
        self.panel.list.doubleClicked.connect(lambda _index: t.edit_current())
        self.panel.editor.finished.connect(t.editor_closed)
        self.reader.linkRefused.connect(
            lambda url: self.statusBar().showMessage(f"Not opened: only web links open ({url[:80]})", 5000)
        )
        self.reader.picturesWithheld.connect(lambda text: self.statusBar().showMessage(text, 8000))
        s.projectClosing.connect(self._project_closing)
        s.error.connect(lambda what, message: self.say_error(what, f"{what} could not be saved.\n{message}"))

    def _wire_actions(self) -> None:
        a, t = self.acts, self.tagging
        slots: list[tuple[QAction, Any]] = [
            (a.new, self.new_project), (a.open, self.choose_project), (a.copy, self.save_copy),
            (a.import_files, self.choose_import_files),
            (a.import_folder, self.choose_import_folder), (a.quit, self.close),
            (a.next_pane, lambda: self.cycle_focus(1)), (a.prev_pane, lambda: self.cycle_focus(-1)),
            (a.find, self.focus_search), (a.zoom_in, lambda: self.zoom(1)),
            (a.zoom_out, lambda: self.zoom(-1)), (a.zoom_reset, lambda: self.zoom(0)),
            (a.delete, t.delete_current), (a.edit, t.edit_current),
            (a.table, self.show_table), (a.export, self.show_export), (a.merge, self.choose_merge),
            (a.conflicts, self.show_conflicts), (a.refresh, self.refresh),
            (a.colour_by_author, self.set_colour_by_author), (a.prefs, self.show_preferences),
            (a.about, self.show_about),
        ]  # fmt: skip
        for action, slot in slots:
            action.triggered.connect(slot)
        for name, action in a.themes.items():
            action.triggered.connect(lambda _=False, n=name: self.set_theme(n))
        for kind, action in a.tags.items():
            action.triggered.connect(lambda _=False, k=kind: t.kind_key(k))
        stack = self.session.undo_stack
        a.undo.triggered.connect(lambda: self._undo_said("Undid", stack.redoText()))
        a.redo.triggered.connect(lambda: self._undo_said("Redid", stack.undoText()))

    def _undo_said(self, done: str, text: str) -> None:
        if text:
            hint = self.acts.undo_hint(redo=done == "Undid")
            self.statusBar().showMessage(f"{done}: {text}. {hint}", 4000)

    # -- the session's state, as the dialogs and scripts read it ------------------------
    @property
    def project(self) -> Project | None:
        return self.session.project

    @property
    def document_id(self) -> int | None:
        return self.session.document_id

    @property
    def undo_stack(self) -> QUndoStack:
        return self.session.undo_stack

    def say_error(self, title: str, message: str, *, logged: bool = True) -> None:
        self.last_dialog = show_error(self, title, message, logged=logged)

    def say_info(self, title: str, message: str) -> None:
        self.last_dialog = show_info(self, title, message)

    # -- the view ----------------------------------------------------------------------
    def save_view_settings(self) -> None:
        view_settings.save(self, self.splitter, self.reader, self.theme_name)

    def set_theme(self, name: str) -> None:
        self.theme_name = name if name in themes.THEMES else "system"
        if self.theme_name in self.acts.themes:
            self.acts.themes[self.theme_name].setChecked(True)
        config.set_value("view/theme", self.theme_name)
        self.apply_theme()

    def _system_scheme_changed(self, *_args: object) -> None:
        if self.theme_name == "system":
            self.apply_theme()

    def apply_theme(self) -> None:
        self.theme = themes.resolve(self.theme_name)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            themes.apply_palette(app, self.theme)
        colour = "#DADAD4" if self.theme.dark else "#3C3C3A"
        for action in self.findChildren(QAction):
            name = action.data()
            if isinstance(name, str) and name:
                action.setIcon(icon(name, colour))
        self.library.set_theme(self.theme)
        self.panel.set_theme(self.theme)
        self.reader.apply_theme(self.theme)
        for kind, action in self.acts.tags.items():
            action.setIcon(icon(kind, self.theme.kinds[kind]))
        self._apply_author_colours()

    def set_colour_by_author(self, on: bool) -> None:
        """View ▸ Colour by Author: highlights and panel rows by author instead of by kind."""
        self.colour_by_author = bool(on)
        self.acts.colour_by_author.setChecked(self.colour_by_author)
        config.set_value("view/colour_by_author", "true" if self.colour_by_author else "false")
        self._apply_author_colours()

    def _apply_author_colours(self) -> None:
        """Colour by author (or by kind) again, when the authors or the choice changed:
        the page's highlights are all drawn again then."""
        ids = self.session.author_ids() if self.colour_by_author else frozenset()
        painted = (self.colour_by_author, self.theme.dark, ids)
        if painted == self._colours_painted:
            return
        self._colours_painted = painted
        tints = markers = None
        if self.colour_by_author and self.project is not None:
            tints = authorship.author_colours(ids)  # mixed into the page, as the kinds' tints are
            markers = authorship.author_colours(ids, self.theme.dark)
        self.reader.set_author_colours(tints)
        self.panel.set_author_colours(markers)

    def zoom(self, steps: int) -> None:
        self.reader.zoom(steps)
        config.set_value("view/font_size", self.reader.fonts.size)
        self.statusBar().showMessage(f"Text size {self.reader.fonts.size:g} pt", 2000)

    def cycle_focus(self, step: int) -> None:
        """F6 / Shift+F6: library list, article, annotation list, in turn."""
        shortcuts.cycle_focus(
            [(self.library.list, self.library), (self.reader, self.reader), (self.panel.list, self.panel)],
            step,
        )

    def focus_search(self) -> None:
        self.library.search.setFocus()
        self.library.search.selectAll()

    def update_status(self) -> None:
        totals = self.session.kind_totals()
        self.status_counts.setText(status.counts_text(self.project, len(self.library.model.ids), totals))

    def refresh_choices(self) -> None:
        """The library's tag and author choices and the colours by author, where they changed."""
        if self.project is None:
            return
        choices = (self.session.tags(), self.session.author_names(), authorship.my_author_id())
        if choices != self._choices_shown:
            self._choices_shown = choices
            self.library.set_choices(*choices)
        self._apply_author_colours()

    # -- projects (ui/projects.py opens them, with its dialogs) --------------------------
    def open_initial(self, argument: str | None = None) -> bool:
        return projects.open_initial(self, argument)

    def open_project(self, path: str | Path, *, create: bool = False) -> bool:
        return projects.open_project(self, Path(path), create=create)

    def close_project(self) -> None:
        self.session.close_project()

    def _project_closing(self) -> None:
        """Before the session closes the project: keep the place, let go of its views."""
        self.importer.drop()
        self.save_place()
        self.reader.clear_document()
        self.library.set_project(None)
        self._choices_shown = self._colours_painted = None  # the next project's are set afresh
        self.panel.set_annotations([], [])
        if self.table_window is not None:
            self.table_window.set_project(None)

    def new_project(self) -> None:
        from claimmark.ui import file_dialogs

        path = file_dialogs.new_project(self)
        if path is not None and path.exists():
            self.say_error("New project", f"{core.printable(path)} already exists; use Open Project.")
        elif path is not None:
            self.open_project(path, create=True)

    def choose_project(self) -> None:
        from claimmark.ui import file_dialogs

        path = file_dialogs.open_project(self)
        if path is not None:
            self.open_project(path)

    def save_copy(self) -> None:
        from claimmark.ui import file_dialogs

        target = file_dialogs.copy_target(self, self.project.path) if self.project is not None else None
        if target is not None:
            self.copy_project_to(target)

    def copy_project_to(self, target: Path) -> bool:
        return projects.copy_project_to(self, target)

    # -- documents and annotations (ui/views.py) ---------------------------------------
    def show_document(self, document_id: int) -> bool:
        return self.views.show_document(document_id)

    def show_annotation(self, annotation_id: int) -> None:
        self.views.show_annotation(annotation_id)

    def save_place(self) -> None:
        self.views.save_place()

    def refresh(self) -> None:
        """View ▸ Refresh (F5): the project as the file now holds it."""
        self.views.refresh()

    # -- refreshing and sharing --------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        """Coming back to the window: read the project afresh if someone else wrote to it."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.refresh_if_changed()

    def refresh_if_changed(self) -> bool:
        if not self.session.changed_elsewhere():
            return False
        self.refresh()
        return True

    def choose_merge(self) -> None:
        from claimmark.ui import file_dialogs

        path = file_dialogs.merge_source(self)
        if path is not None:
            self.merge_project(path)

    def merge_project(self, other: Path, *, preview: bool = True) -> None:
        """File ▸ Merge Project: a dry run shown first, then the merge, off the GUI thread."""
        from claimmark.ui.merge import MergeFlow

        if self.project is None or self.project.read_only:
            return
        if self.merge_flow is not None and self.merge_flow.running:
            self.statusBar().showMessage("A merge is already running", 4000)
            return
        self.merge_flow = MergeFlow(self, self.project.path, Path(other))
        self.merge_flow.start(preview=preview)

    def show_conflicts(self) -> None:
        from claimmark.ui.merge import open_conflicts

        if self.project is not None:
            self.last_dialog = open_conflicts(self)

    # -- other windows -----------------------------------------------------------------
    def show_table(self) -> None:
        from claimmark.ui.annotation_table import AnnotationTable

        if self.project is None:
            return
        if self.table_window is None:
            self.table_window = AnnotationTable(self)
            self.table_window.openPassage.connect(self.views.open_passage)
        self.table_window.set_project(self.project)
        self.table_window.show()
        self.table_window.raise_()

    def show_export(self) -> None:
        from claimmark.ui.export_dialog import ExportDialog

        if self.project is not None:
            self._open_dialog(ExportDialog(self))

    def show_about(self) -> None:
        from claimmark.ui.about_dialog import AboutDialog

        self._open_dialog(AboutDialog(self))

    def show_preferences(self) -> None:
        from claimmark.ui.preferences import PreferencesDialog

        self._open_dialog(PreferencesDialog(self))

    def _open_dialog(self, dialog: QDialog) -> None:
        self.last_dialog = dialog
        dialog.open()

    # -- importing (ui/importing.py) ---------------------------------------------------
    def choose_import_files(self) -> None:
        from claimmark.ui import file_dialogs

        self.import_paths(file_dialogs.import_files(self))

    def choose_import_folder(self) -> None:
        from claimmark.ui import file_dialogs

        folder = file_dialogs.import_folder(self)
        if folder is not None:
            self.import_paths([folder])

    def import_paths(self, paths: list[str] | list[Path], *, quiet: bool = False) -> None:
        if paths:
            self.importer.start(paths, quiet=quiet)

    @property
    def import_job(self) -> Any:
        return self.importer.job

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if self.project is not None and urls and all(QUrl(u).isLocalFile() for u in urls):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    # -- closing -----------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_view_settings()
        self.importer.cancel()
        if self.merge_flow is not None:
            self.merge_flow.wait()  # one transaction: let it land or roll back
        self.close_project()
        super().closeEvent(event)
