"""The main window: library | reading view | annotations, menus, status bar."""

from __future__ import annotations

import logging
import shutil
import sqlite3
import sys
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QSplitter,
    QWidget,
)

from claimmark import core
from claimmark.core.model.printable import printable
from claimmark.ui import authorship, config, shortcuts
from claimmark.ui import theme as themes
from claimmark.ui.annotation_panel import AnnotationPanel
from claimmark.ui.commands import DeleteCommand, EditCommand, TagCommand
from claimmark.ui.errors import database_error_text, not_written, show_error, show_info
from claimmark.ui.icons import icon
from claimmark.ui.library import LibraryPanel
from claimmark.ui.reading import DEFAULT_FONT_SIZE, Highlight, ReadingView, ViewFonts

log = logging.getLogger(__name__)
APP_TITLE = "ClaimMark"


class MainWindow(QMainWindow):
    projectOpened = Signal(str)
    documentShown = Signal(int)
    importFinished = Signal(list)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.setWindowTitle(APP_TITLE)
        self.setWindowIcon(icon("claimmark"))
        self.setAcceptDrops(True)
        self.project = None
        self.project_uuid = ""
        self.document_id: int | None = None
        self.import_job = None
        self.last_dialog = None  # the last summary or error dialog shown (for tests and scripts)
        self.theme_name = config.get_str("view/theme", "system")
        self.theme = themes.resolve(self.theme_name)
        self.colour_by_author = config.get_str("view/colour_by_author", "false") == "true"
        self.merge_flow = None  # the merge in progress or last shown (ui/merge_dialog.py)
        self._data_version = 0  # PRAGMA data_version when this window last read the project

        self.library = LibraryPanel(self)
        self.reader = ReadingView(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("MainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.library)
        self.splitter.addWidget(self.reader)
        self.panel = AnnotationPanel(self)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([290, 700, 340])
        self.undo_stack = QUndoStack(self)
        self.table_window = None
        self.annotations: dict[int, object] = {}  # the current document's, by id
        self.setCentralWidget(self.splitter)

        self.status_counts = QLabel(self)
        self.status_counts.setObjectName("StatusCounts")
        self.statusBar().addPermanentWidget(self.status_counts)

        self.library.documentActivated.connect(self.show_document)
        self.library.filterChanged.connect(self._update_status)
        self.library.readRequested.connect(lambda: self.reader.setFocus(Qt.FocusReason.OtherFocusReason))
        self.reader.kindKey.connect(self.kind_key)
        self.reader.tagRequested.connect(self.tag)
        self.reader.editRequested.connect(self.edit_key)
        self.reader.highlightClicked.connect(self._highlight_clicked)
        self.panel.annotationActivated.connect(self.show_annotation)
        self.panel.fieldsEdited.connect(self.edit_annotation)
        self.panel.deleteRequested.connect(self.delete_annotation)
        self.panel.list.doubleClicked.connect(lambda _index: self.edit_current())
        self.panel.editor.finished.connect(lambda: self.reader.setFocus(Qt.FocusReason.ShortcutFocusReason))
        self.reader.linkRefused.connect(
            lambda url: self.statusBar().showMessage(f"Not opened: only web links open ({url[:80]})", 5000)
        )
        self.reader.picturesWithheld.connect(lambda text: self.statusBar().showMessage(text, 8000))

        self._build_actions()
        self._build_menus()
        self._let_window_keys_through()
        self._restore_view_settings()
        self._place_timer = QTimer(self, singleShot=True, interval=800)
        self._place_timer.timeout.connect(self._save_place)
        self.reader.verticalScrollBar().valueChanged.connect(lambda _v: self._place_timer.start())
        QApplication.styleHints().colorSchemeChanged.connect(self._system_scheme_changed)

    # -- actions and menus -----------------------------------------------------------
    def _action(
        self, text: str, slot, keys: str | None = None, icon_name: str | None = None, tip: str = ""
    ) -> QAction:
        """A window-wide action; `keys` names its entry in the key table (ui/shortcuts.py)."""
        action = QAction(text, self)
        if keys is not None:
            action.setShortcuts(self.keys[keys])
        if icon_name:
            action.setIcon(icon(icon_name))
            action.setData(icon_name)
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        tip = tip or text.replace("&", "").replace("…", "")
        action.setToolTip(f"{tip} ({keys})" if keys else tip)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        a = self._action
        self.keys = shortcuts.window_keys(mac=sys.platform == "darwin")
        self.act_new = a("&New Project…", self.new_project, "new", "new")
        self.act_open = a("&Open Project…", self.choose_project, "open", "open")
        self.act_copy = a("Save a &Copy…", self.save_copy, "copy")
        self.act_import_files = a(
            "&Import Files…",
            self.choose_import_files,
            "import_files",
            "import",
            "Import saved pages (HTML, MHTML, text, Markdown)",
        )
        self.act_import_folder = a(
            "Import &Folder…", self.choose_import_folder, "import_folder", "import-folder"
        )
        self.act_quit = a("&Quit", self.close, "quit")
        self.act_next_pane = a(
            "Next &Pane",
            lambda: self.cycle_focus(1),
            "next_pane",
            None,
            "Move between library, article and annotations",
        )
        self.act_prev_pane = a("Previous Pane", lambda: self.cycle_focus(-1), "prev_pane")
        self.act_find = a("&Find in Library", self._focus_search, "find", "search")
        self.act_zoom_in = a("&Larger Text", lambda: self._zoom(1), "zoom_in", "zoom-in")
        self.act_zoom_out = a("&Smaller Text", lambda: self._zoom(-1), "zoom_out", "zoom-out")
        self.act_zoom_reset = a("&Actual Size", lambda: self._zoom(0), "zoom_reset")
        self.theme_group = QActionGroup(self)
        self.theme_actions: dict[str, QAction] = {}
        for name in themes.THEMES:
            action = QAction(themes.THEME_LABELS[name], self, checkable=True)
            action.setChecked(name == self.theme_name)
            action.triggered.connect(lambda _=False, n=name: self.set_theme(n))
            self.theme_group.addAction(action)
            self.theme_actions[name] = action
        self.act_undo = self.undo_stack.createUndoAction(self, "&Undo")
        self.act_undo.setShortcuts(self.keys["undo"])
        self.act_undo.setIcon(icon("undo"))
        self.act_undo.setData("undo")
        self.act_redo = self.undo_stack.createRedoAction(self, "&Redo")
        self.act_redo.setShortcuts(self.keys["redo"])
        self.act_redo.setIcon(icon("redo"))
        self.act_redo.setData("redo")
        self.act_undo.triggered.connect(lambda: self._undo_said("Undid", self.undo_stack.redoText()))
        self.act_redo.triggered.connect(lambda: self._undo_said("Redid", self.undo_stack.undoText()))
        self.addActions([self.act_undo, self.act_redo])
        self.act_tags: dict[str, QAction] = {}
        for kind in themes.KINDS:
            keys = themes.KIND_KEYS[kind]
            action = QAction(f"Tag as {themes.KIND_LABELS[kind]}", self)
            action.setShortcuts(self.keys[f"tag_{kind}"])
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.setToolTip(
                f"Tag the selection as a {kind}, or make the annotation in focus one ({keys[0]})"
            )
            action.triggered.connect(lambda _=False, k=kind: self.kind_key(k))
            self.reader.addAction(action)
            self.panel.list.addAction(action)
            self.act_tags[kind] = action
        self.act_delete = QAction(icon("delete"), "&Delete Annotation", self)
        self.act_delete.setData("delete")
        self.act_delete.setShortcuts(self.keys["delete"])
        self.act_delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.act_delete.setToolTip("Delete the current annotation (Delete)")
        self.act_delete.triggered.connect(self.delete_current)
        self.reader.addAction(self.act_delete)
        self.panel.list.addAction(self.act_delete)
        self.act_edit = a(
            "&Edit Annotation",
            self.edit_current,
            "edit",
            "edit",
            "Edit the current annotation's note, tags and fields",
        )
        self.act_table = a(
            "All &Annotations",
            self.show_table,
            "table",
            "table",
            "All claims, quotes and citations across documents",
        )
        self.act_export = a(
            "&Export…", self.show_export, "export", "export", "Export annotations as CSV, Markdown or JSON"
        )
        self.act_merge = a(
            "&Merge Project…",
            self.choose_merge,
            None,
            None,
            "Bring a colleague's copy of a project into this one",
        )
        self.act_conflicts = a(
            "Review Merge &Conflicts…",
            self.show_conflicts,
            None,
            None,
            "Annotations edited on both sides, as merges kept them",
        )
        self.act_refresh = a(
            "&Refresh", self.refresh, "refresh", None, "Read the project afresh"
        )
        self.act_colour_by_author = a(
            "Colour by &Author", self.set_colour_by_author, None, None, "Highlights coloured by who made them"
        )
        self.act_colour_by_author.setCheckable(True)
        self.act_colour_by_author.setChecked(self.colour_by_author)
        self.act_prefs = a(
            "&Preferences…", self.show_preferences, "preferences", "settings"
        )
        self.project_actions = (  # enabled while a project is open
            self.act_import_files,
            self.act_import_folder,
            self.act_copy,
            self.act_export,
            self.act_table,
            self.act_merge,
            self.act_conflicts,
        )
        for action in self.project_actions:
            action.setEnabled(False)

    def undo_hint(self, redo: bool = False) -> str:
        """The status bar's "Ctrl+Z undoes it", with this platform's key."""
        action = self.act_redo if redo else self.act_undo
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        return f"{keys} {'redoes' if redo else 'undoes'} it."

    def _undo_said(self, done: str, text: str) -> None:
        if text:
            self.statusBar().showMessage(f"{done}: {text}. {self.undo_hint(redo=done == 'Undid')}", 4000)

    def _let_window_keys_through(self) -> None:
        """Window-wide shortcuts work from every pane, text fields included (ui/shortcuts.py)."""
        keys_first = shortcuts.WindowKeysFirst(self, self.actions(), self.act_undo, self.act_redo)
        for field in [*self.findChildren(QLineEdit), *self.findChildren(QPlainTextEdit), self.reader]:
            field.installEventFilter(keys_first)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("&File")
        self.file_menu.addActions([self.act_new, self.act_open])
        self.recent_menu = QMenu("Open &Recent", self)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.file_menu.addMenu(self.recent_menu)
        self.file_menu.addAction(self.act_copy)
        self.file_menu.addSeparator()
        self.file_menu.addActions([self.act_import_files, self.act_import_folder, self.act_export])
        self.file_menu.addSeparator()
        self.file_menu.addActions([self.act_merge, self.act_conflicts])
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_prefs)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_quit)
        self.edit_menu = bar.addMenu("&Edit")
        self.edit_menu.addActions([self.act_undo, self.act_redo])
        self.edit_menu.addSeparator()
        self.edit_menu.addActions(list(self.act_tags.values()))
        self.edit_menu.addActions([self.act_edit, self.act_delete])
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.act_find)
        self.edit_menu.addActions([self.act_next_pane, self.act_prev_pane])
        self.view_menu = bar.addMenu("&View")
        self.view_menu.addActions([self.act_zoom_in, self.act_zoom_out, self.act_zoom_reset])
        theme_menu = self.view_menu.addMenu(icon("theme"), "&Theme")
        theme_menu.addActions(list(self.theme_actions.values()))
        self.view_menu.addAction(self.act_colour_by_author)
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.act_table)
        self.view_menu.addAction(self.act_refresh)
        self.help_menu = bar.addMenu("&Help")
        self.act_about = self.help_menu.addAction("&About ClaimMark", self.show_about)
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("MainToolbar")
        toolbar.setMovable(False)
        toolbar.setIconSize(toolbar.iconSize() * 0.85)
        toolbar.addActions([self.act_import_files, self.act_export])
        toolbar.addSeparator()
        toolbar.addActions([self.act_undo, self.act_redo])
        toolbar.addSeparator()
        toolbar.addActions([self.act_table, self.act_zoom_out, self.act_zoom_in])

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = config.recent_projects()
        for path in recent:
            action = self.recent_menu.addAction(f"{Path(path).stem}  —  {path}")
            action.triggered.connect(lambda _=False, p=path: self.open_project(p))
        if not recent:
            self.recent_menu.addAction("No recent projects").setEnabled(False)
            return
        self.recent_menu.addSeparator()
        self.recent_menu.addAction("Clear the List", lambda: config.set_value("projects/recent", []))

    # -- settings -----------------------------------------------------------------------
    def _restore_view_settings(self) -> None:
        store = config.settings()
        geometry = store.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 820)
        splitter = store.value("window/splitter")
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        try:
            size = float(store.value("view/font_size", DEFAULT_FONT_SIZE))
        except (TypeError, ValueError):
            size = DEFAULT_FONT_SIZE
        family = str(store.value("view/font_family", "") or "")
        sans = str(store.value("view/font_sans", "false")).lower() == "true"
        self.reader.fonts = ViewFonts(size, family, sans)
        self.apply_theme()

    def save_view_settings(self) -> None:
        store = config.settings()
        store.setValue("window/geometry", self.saveGeometry())
        store.setValue("window/splitter", self.splitter.saveState())
        store.setValue("view/theme", self.theme_name)
        store.setValue("view/font_size", self.reader.fonts.size)
        store.setValue("view/font_family", self.reader.fonts.family)
        store.setValue("view/font_sans", "true" if self.reader.fonts.sans else "false")
        store.sync()

    def set_theme(self, name: str) -> None:
        self.theme_name = name if name in themes.THEMES else "system"
        if self.theme_name in self.theme_actions:
            self.theme_actions[self.theme_name].setChecked(True)
        config.set_value("view/theme", self.theme_name)
        self.apply_theme()

    def _system_scheme_changed(self, *_args) -> None:
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
        for kind, action in self.act_tags.items():
            action.setIcon(icon(kind, self.theme.kinds[kind]))
        self._apply_author_colours()

    def set_colour_by_author(self, on: bool) -> None:
        """View ▸ Colour by Author: highlights and panel rows by author instead of by kind."""
        self.colour_by_author = bool(on)
        self.act_colour_by_author.setChecked(self.colour_by_author)
        config.set_value("view/colour_by_author", "true" if self.colour_by_author else "false")
        self._apply_author_colours()

    def _apply_author_colours(self) -> None:
        tints = markers = None
        if self.colour_by_author and self.project is not None:
            ids = core.annotation_author_ids(self.project)
            tints = authorship.author_colours(ids)  # mixed into the page, as the kinds' tints are
            markers = authorship.author_colours(ids, self.theme.dark)
        self.reader.set_author_colours(tints)
        self.panel.set_author_colours(markers)

    def _zoom(self, steps: int) -> None:
        self.reader.zoom(steps)
        config.set_value("view/font_size", self.reader.fonts.size)
        self.statusBar().showMessage(f"Text size {self.reader.fonts.size:g} pt", 2000)

    def cycle_focus(self, step: int) -> None:
        """F6 / Shift+F6: library list, article, annotation list, in turn."""
        panes = [self.library.list, self.reader, self.panel.list]
        focus = QApplication.focusWidget()
        current = next(
            (
                i
                for i, pane in enumerate(panes)
                if focus is not None and (focus is pane or pane.isAncestorOf(focus))
            ),
            -1,
        )
        if current < 0 and focus is not None and self.library.isAncestorOf(focus):
            current = 0
        elif current < 0 and focus is not None and self.panel.isAncestorOf(focus):
            current = 2
        panes[(current + step) % len(panes)].setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _focus_search(self) -> None:
        self.library.search.setFocus()
        self.library.search.selectAll()

    # -- projects -----------------------------------------------------------------------
    def open_initial(self, argument: str | None = None) -> bool:
        """At start: the project named, else the last one, else the default project
        (created on first run with the sample article)."""
        if argument:
            path = Path(argument).expanduser()
            create = not path.exists() and path.suffix == ".claimmark"
            return self.open_project(path, create=create)
        last = config.get_str("projects/last")
        if last and Path(last).exists() and self.open_project(last):
            return True
        return self.open_default_project()

    def open_default_project(self) -> bool:
        path = config.default_project_path()
        fresh = not path.exists()
        if not self.open_project(path, create=True):
            return False
        if fresh and self.project.count_documents() == 0:
            self.import_sample()
        return True

    def import_sample(self) -> None:
        """Import the sample article (a copy in a temporary folder, removed afterwards:
        the worker process reads it after this returns)."""
        import tempfile
        from importlib.resources import files

        sample = files("claimmark.resources") / "sample" / "presstv-us-cybersecurity.mhtml"
        folder = Path(tempfile.mkdtemp(prefix="claimmark-sample-"))
        copy = folder / "presstv-us-cybersecurity.mhtml"
        copy.write_bytes(sample.read_bytes())
        self.import_paths([copy], quiet=True)
        if self.import_job is not None:
            self.import_job.finished.connect(lambda _outcomes: shutil.rmtree(folder, ignore_errors=True))
        else:
            shutil.rmtree(folder, ignore_errors=True)

    def open_project(self, path: str | Path, *, create: bool = False) -> bool:
        from claimmark.core import Project
        from claimmark.core.model.errors import ClaimMarkError

        path = Path(path)
        wal_mode = False
        try:
            project = Project.open(path, create=create)
        except ClaimMarkError as exc:
            log.warning("cannot open %s: %s", path, exc)
            project = self._open_wal_mode_read_only(path)
            if project is None:
                if not path.exists():
                    config.forget_recent_project(path)  # moved or deleted: not worth offering again
                self.last_dialog = show_error(
                    self, "Cannot open the project", f"{printable(exc.message)}\n\n{printable(path)}"
                )
                return False
            wal_mode = True
        previous = self.project.path if self.project is not None else None
        self.close_project()
        try:
            self._show_project(project, path)
        except sqlite3.DatabaseError as exc:  # passed the checks, but reading it failed (bad UTF-8, ...)
            log.warning("cannot open %s", path, exc_info=True)
            self.close_project()
            self._no_project()
            if previous is not None and previous != path:
                self.open_project(previous)  # back to where the person was
            self.last_dialog = show_error(self, "Cannot open the project", database_error_text(exc, path))
            return False
        self.projectOpened.emit(str(path))
        if wal_mode:
            self.last_dialog = show_info(
                self, "Opened read-only",
                f"“{printable(path.name)}” was switched to WAL mode by another program, so ClaimMark only "
                "reads it (from a private copy) and leaves the file as it is. File ▸ Save a Copy makes a "
                "copy you can tag in.",
            )
        return True

    def _show_project(self, project, path: Path) -> None:
        """Make `project` the window's: its library, its last reading place, and only
        then its name in the title (a project whose reading fails never gets it)."""
        self.project = project
        self.project_uuid = project.meta().get("uuid", str(path))
        for action in (self.act_import_files, self.act_import_folder):
            action.setEnabled(not project.read_only)
        self.act_copy.setEnabled(True)
        self.act_export.setEnabled(True)
        self.act_table.setEnabled(True)
        self.act_merge.setEnabled(not project.read_only)
        self.act_conflicts.setEnabled(True)
        self._data_version = self._read_data_version()
        self.library.set_project(project)
        self._project_opened()
        doc_id, position = config.reading_place(self.project_uuid)
        if doc_id is None or self.library.model.row_of(doc_id) < 0:
            doc_id, position = (self.library.model.ids[0] if self.library.model.ids else None), 0
        if doc_id is not None:
            self.library.select_document(doc_id, emit=False)
            self.show_document(doc_id)
            if position:
                self.reader.scroll_to_position(position, top=True)
        else:
            self.reader.clear_document()
        self._update_status()
        suffix = " (read-only)" if project.read_only else ""
        self.setWindowTitle(f"{printable(project.name)}{suffix} — {printable(path.absolute())} — {APP_TITLE}")
        self.setWindowFilePath(str(path.absolute()))
        config.add_recent_project(path)

    def _no_project(self) -> None:
        """The window with no project: its title and the actions that need one."""
        self.setWindowTitle(APP_TITLE)
        self.setWindowFilePath("")
        for action in self.project_actions:
            action.setEnabled(False)
        self._update_status()

    def _project_opened(self) -> None:
        self.undo_stack.clear()
        self._refresh_choices()
        if self.table_window is not None:
            self.table_window.set_project(self.project)

    def close_project(self) -> None:
        if self.project is None:
            return
        if self.import_job is not None and not self.import_job.done:
            self.import_job.cancel()  # results still in flight are dropped, not stored elsewhere
            self.import_job.finished.disconnect(self._import_done)
            self.import_job = None
        self._save_place()
        self.reader.clear_document()
        self.library.set_project(None)
        self.project.close()
        self.project = None
        self.document_id = None
        self.annotations = {}
        self.panel.set_annotations([], [])
        self.undo_stack.clear()
        if self.table_window is not None:
            self.table_window.set_project(None)

    def new_project(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "New project", str(config.last_folder("projects", config.data_dir())),
            "ClaimMark projects (*.claimmark)",
        )
        if name:
            path = Path(name)
            config.remember_folder("projects", path.parent)
            if path.suffix != ".claimmark":
                path = path.with_name(path.name + ".claimmark")
            if path.exists():
                self.last_dialog = show_error(
                    self, "New project", f"{printable(path)} already exists; use Open Project."
                )
                return
            self.open_project(path, create=True)

    def choose_project(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Open project", str(config.last_folder("projects", config.data_dir())),
            "ClaimMark projects (*.claimmark);;All files (*)",
        )
        if name:
            config.remember_folder("projects", Path(name).parent)
            self.open_project(name)

    def save_copy(self) -> None:
        if self.project is None:
            return
        folder = config.last_folder("copy", self.project.path.parent)
        name, _ = QFileDialog.getSaveFileName(
            self,
            "Save a copy of the project",
            str(folder / f"{self.project.path.stem} copy.claimmark"),
            "ClaimMark projects (*.claimmark)",
        )
        if name:
            config.remember_folder("copy", Path(name).parent)
            self.copy_project_to(Path(name))

    def copy_project_to(self, target: Path) -> bool:
        """File ▸ Save a Copy: the core's consistent, compact copy (`Project.save_copy`,
        safe while the project is open). A file the user chose to replace in the file
        dialog is replaced only once the copy is whole; the open project and any other
        SQLite file (an older copy among them) never are."""
        from claimmark.core.model.errors import ClaimMarkError

        try:
            self.project.save_copy(target, replace=True)
        except ClaimMarkError as exc:
            log.warning("copy to %s failed: %s", target, exc)
            self.last_dialog = show_error(self, "Save a copy", not_written(target, exc.message), logged=False)
            return False
        self.statusBar().showMessage(f"Saved a copy as {printable(target)}", 5000)
        return True

    @staticmethod
    def _open_wal_mode_read_only(path: Path):
        """A project another program switched to WAL mode cannot be written here; it can
        still be read from a private copy. None for any other refusal."""
        from claimmark.core import Project, in_wal_mode
        from claimmark.core.model.errors import ClaimMarkError

        if not in_wal_mode(path):
            return None
        try:
            return Project.open(path, read_only=True)
        except ClaimMarkError:
            return None

    # -- documents ----------------------------------------------------------------------
    def show_document(self, document_id: int) -> None:
        if self.project is None:
            return
        from claimmark.core.model.errors import ClaimMarkError

        if self.document_id is not None and self.document_id != document_id:
            self._save_place()
        try:
            reading = self.project.reading_document(document_id)
            header = core.document_header(self.project, document_id)
        except sqlite3.DatabaseError as exc:
            log.warning("cannot show document %s", document_id, exc_info=True)
            self.last_dialog = show_error(
                self, "Cannot show the document", database_error_text(exc, self.project.path)
            )
            return
        except (ClaimMarkError, ValueError, KeyError) as exc:
            self.last_dialog = show_error(self, "Cannot show the document", printable(exc))
            return
        project = self.project
        self.document_id = document_id
        self.reader.show_document(
            document_id,
            reading,
            header,
            lambda key: project.image(document_id, key),
            self._highlights_for(document_id),
        )
        self.reader.verticalScrollBar().setValue(0)
        self._document_shown(document_id)
        self._update_status()
        self.documentShown.emit(document_id)

    def _highlights_for(self, document_id: int) -> list[Highlight]:
        self.annotations = {a.id: a for a in core.query_annotations(self.project, document_id=document_id)}
        return [_highlight(a) for a in self.annotations.values() if a.anchor_status != "orphaned"]

    def _document_shown(self, document_id: int) -> None:
        self.panel.set_annotations(list(self.annotations.values()), core.all_tags(self.project))

    def _save_place(self) -> None:
        if self.project is not None and self.document_id is not None and self.reader.map.texts:
            config.set_reading_place(self.project_uuid, self.document_id, self.reader.reading_position())

    def _update_status(self) -> None:
        if self.project is None:
            self.status_counts.setText("No project")
            return
        total = self.project.count_documents()
        shown = len(self.library.model.ids)
        text = f"{total} document{'s' if total != 1 else ''}"
        if shown != total:
            text = f"{shown} of {text} shown"
        self.status_counts.setText(text + self._status_extra())

    def _status_extra(self) -> str:
        counts = dict.fromkeys(themes.KINDS, 0) | core.kind_totals(self.project)
        return "  ·  " + "  ·  ".join(
            f"{themes.KIND_MARKERS[k]} {counts[k]} {k}{'s' if counts[k] != 1 else ''}" for k in themes.KINDS
        )

    def _refresh_choices(self) -> None:
        if self.project is None:
            return
        authors = core.latest_author_names(self.project)  # id -> the name on the latest annotation
        self.library.set_choices(core.all_tags(self.project), authors, authorship.my_author_id())
        self._apply_author_colours()

    # -- tagging --------------------------------------------------------------------------
    def annotation_in_focus(self):
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

    def _nothing_in_focus(self, what: str) -> None:
        self.statusBar().showMessage(
            f"Nothing changed: {what}, click its highlight or its row in the panel first.", 5000
        )

    def kind_key(self, kind: str) -> None:
        """1/2/3 (C/Q/R): tag the selection; without one, make the annotation in focus
        one of `kind` (its other fields are kept, hidden)."""
        selected = self.reader.core_selection()
        if selected is not None and QApplication.focusWidget() is not self.panel.list:
            self.tag(kind, *selected)
            return
        current = self.annotation_in_focus()
        if current is None:
            self._nothing_in_focus(f"select text to tag it as a {kind}; to change an annotation's kind")
        elif current.kind == kind:
            self.statusBar().showMessage(f"It is a {kind} already.", 3000)
        elif self.edit_annotation(current.id, {"kind": kind}):
            self.statusBar().showMessage(f"Changed the {current.kind} to a {kind}{_kept(current)}. "
                                         + self.undo_hint(), 6000)

    def ensure_author(self) -> bool:
        """Ask for the author's name the first time someone tags, if it was never set."""
        return authorship.ensure_author_name(self)

    def tag(self, kind: str, start: int, end: int) -> None:
        """Save a new annotation over [start, end) and draw it at once."""
        if self.project is None or self.document_id is None or start >= end:
            return
        if self.project.read_only:
            self.statusBar().showMessage("The project is open read-only: tags cannot be added.", 5000)
            return
        if not self.ensure_author():
            return
        try:
            created = core.add_annotation(self.project, self.document_id, kind, start, end)
        except Exception as exc:
            self._action_failed("Tagging", exc)
            return
        self.undo_stack.push(TagCommand(self, created))
        cursor = self.reader.textCursor()
        cursor.clearSelection()
        self.reader.setTextCursor(cursor)
        edit = self.act_edit.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        self.statusBar().showMessage(f"Tagged as {kind}. {edit} edits it, {self.undo_hint()}", 4000)

    def edit_annotation(self, annotation_id: int, fields: dict) -> bool:
        """Save changed fields (a change of kind keeps the other kinds' fields); False if refused."""
        current = self.annotations.get(annotation_id)
        if current is None or not fields:
            return False
        old = {
            key: (list(getattr(current, key)) if key == "tags" else getattr(current, key)) for key in fields
        }
        try:
            core.update_annotation(self.project, annotation_id, **fields)
        except Exception as exc:
            self._action_failed("Saving the annotation", exc)
            self.panel.editor.set_annotation(current)
            return False
        self.undo_stack.push(EditCommand(self, current, old, dict(fields)))
        return True

    def delete_annotation(self, annotation_id: int) -> None:
        current = self.annotations.get(annotation_id)
        if current is None:
            return
        try:
            core.delete_annotation(self.project, annotation_id)
        except Exception as exc:
            self._action_failed("Deleting", exc)
            return
        self.undo_stack.push(DeleteCommand(self, current))
        self.statusBar().showMessage(f"Deleted the {current.kind}. {self.undo_hint()}", 4000)

    def delete_current(self) -> None:
        """Delete (the key or Edit ▸ Delete Annotation): the annotation in focus."""
        current = self.annotation_in_focus()
        if current is not None:
            self.delete_annotation(current.id)
        elif self.panel.current_annotation() is not None:
            self._nothing_in_focus("to delete an annotation")

    def edit_key(self) -> None:
        """E or Return in the article: edit the annotation whose highlight holds the caret."""
        if self.annotation_in_focus() is not None:
            self.edit_current()
        elif self.panel.current_annotation() is not None:
            self._nothing_in_focus("to edit an annotation")

    def edit_current(self) -> None:
        if self.panel.current_annotation() is not None:
            self.panel.editor.show()
            first = {
                "claim": self.panel.editor.claimant,
                "quote": self.panel.editor.speaker,
                "citation": self.panel.editor.source_title,
            }[self.panel.current_annotation().kind]
            first.setFocus()

    def _highlight_clicked(self, annotation_id: int) -> None:
        self.panel.select(annotation_id)

    def show_annotation(self, annotation_id: int) -> None:
        current = self.annotations.get(annotation_id)
        if current is None:
            return
        if current.anchor_status == "orphaned":
            self.statusBar().showMessage(
                "This annotation's passage is no longer in the text (the document was re-imported).", 6000
            )
            return
        self.reader.show_passage(current.start, current.end, current.kind)

    def open_passage(self, document_id: int, annotation_id: int) -> None:
        """Show an annotation in context (from the project-wide table)."""
        if document_id != self.document_id:
            if self.library.model.row_of(document_id) < 0:
                self.library.search.clear()
                self.library.kind.setCurrentIndex(0)
                self.library.tag.setCurrentIndex(0)
                self.library.author.setCurrentIndex(0)
            self.library.select_document(document_id, emit=False)
            self.show_document(document_id)
        self.panel.select(annotation_id)
        self.show_annotation(annotation_id)
        self.raise_()
        self.activateWindow()

    def annotation_changed(self, document_id: int, annotation_id: int) -> None:
        """After every saved annotation action (and its undo and redo)."""
        switched = document_id != self.document_id  # an undo or redo in another document
        if switched:
            self.library.select_document(document_id, emit=False)
            self.show_document(document_id)
        found = core.get_annotation(self.project, annotation_id, include_deleted=True)
        if found.deleted or found.anchor_status == "orphaned":
            self.annotations.pop(annotation_id, None)
            self.reader.remove_highlight(annotation_id)
        else:
            self.annotations[annotation_id] = found
            self.reader.add_highlight(_highlight(found))
        self.panel.set_annotations(list(self.annotations.values()), core.all_tags(self.project))
        if not found.deleted:
            self.panel.select(annotation_id)
        if switched:  # show where the undone or redone change is
            self.reader.scroll_to_position(found.start)
        self.library.model.invalidate_document(document_id)
        self._refresh_choices()
        self._update_status()
        if self.table_window is not None and self.table_window.isVisible():
            self.table_window.refresh()

    def _action_failed(self, what: str, exc: Exception) -> None:
        from claimmark.core.model.errors import ClaimMarkError

        log.exception("%s failed", what)
        if isinstance(exc, sqlite3.Error):
            message = database_error_text(exc, self.project.path if self.project else None)
        else:
            said = exc.message if isinstance(exc, ClaimMarkError) else f"{type(exc).__name__}: {exc}"
            message = printable(said)
        self.last_dialog = show_error(self, what, f"{what} could not be saved.\n{message}")

    # -- refreshing and sharing -------------------------------------------------------------
    def _read_data_version(self) -> int:
        """SQLite's count of commits by other connections (other windows, programs)."""
        if self.project is None:
            return 0
        return core.data_version(self.project)

    def changeEvent(self, event: QEvent) -> None:
        """Coming back to the window: read the project afresh if someone else wrote to it."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.refresh_if_changed()

    def refresh_if_changed(self) -> bool:
        if self.project is None or self._read_data_version() == self._data_version:
            return False
        self.refresh()
        return True

    def refresh(self) -> None:
        """View ▸ Refresh (F5): the library, the shown document's highlights and
        annotations, the filters and the table, as the file now holds them."""
        if self.project is None:
            return
        self._data_version = self._read_data_version()
        position = self.reader.verticalScrollBar().value()
        self.library.model.refresh()
        shown = self.document_id
        if shown is not None and self.library.model.row_of(shown) >= 0:
            self.library.select_document(shown, emit=False)
        if shown is not None:  # rebuilt: another window may have re-imported its text
            self.show_document(shown)
            self.reader.verticalScrollBar().setValue(position)
        elif self.library.model.ids:
            self.library.select_document(self.library.model.ids[0], emit=False)
            self.show_document(self.library.model.ids[0])
        self._refresh_choices()
        self._update_status()
        if self.table_window is not None and self.table_window.isVisible():
            self.table_window.refresh()

    def choose_merge(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            "Merge a project into this one",
            str(config.last_folder("merge", Path.home())),
            "ClaimMark projects (*.claimmark);;All files (*)",
        )
        if name:
            config.remember_folder("merge", Path(name).parent)
            self.merge_project(Path(name))

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

    # -- other windows ---------------------------------------------------------------------
    def show_table(self) -> None:
        from claimmark.ui.annotation_table import AnnotationTable

        if self.project is None:
            return
        if self.table_window is None:
            self.table_window = AnnotationTable(self)
            self.table_window.openPassage.connect(self.open_passage)
        self.table_window.set_project(self.project)
        self.table_window.show()
        self.table_window.raise_()

    def show_export(self) -> None:
        from claimmark.ui.export_dialog import ExportDialog

        if self.project is None:
            return
        dialog = ExportDialog(self)
        self.last_dialog = dialog
        dialog.open()

    def show_about(self) -> None:
        from claimmark.ui.about_dialog import AboutDialog

        dialog = AboutDialog(self)
        self.last_dialog = dialog
        dialog.open()

    def show_preferences(self) -> None:
        from claimmark.ui.preferences import PreferencesDialog

        dialog = PreferencesDialog(self)
        self.last_dialog = dialog
        dialog.open()

    # -- importing ----------------------------------------------------------------------
    def choose_import_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self,
            "Import files",
            str(config.last_folder("import", Path.home())),
            "Saved pages (*.html *.htm *.xhtml *.mhtml *.mht *.txt *.md *.markdown);;All files (*)",
        )
        if names:
            config.remember_folder("import", Path(names[0]).parent)
            self.import_paths(names)

    def choose_import_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(
            self, "Import a folder", str(config.last_folder("import", Path.home()))
        )
        if name:
            config.remember_folder("import", Path(name).parent)  # next time: among its siblings
            self.import_paths([name])

    def import_paths(self, paths, *, quiet: bool = False) -> None:
        from claimmark.ui.importing import ImportJob

        if self.project is None or self.project.read_only:
            return
        if self.import_job is not None and not self.import_job.done:
            self.statusBar().showMessage("An import is already running", 4000)
            return
        self.import_job = ImportJob(self.project, paths, self, quiet=quiet)
        self.import_job.finished.connect(self._import_done)
        self.statusBar().showMessage("Importing…")
        self.import_job.start()

    def _import_done(self, outcomes: list) -> None:
        from claimmark.ui.importing import ImportSummary, duplicate_detail

        job = self.import_job
        imported = [o for o in outcomes if o.status == "imported"]
        self.library.model.refresh()
        if self.document_id is not None:
            self.library.select_document(self.document_id, emit=False)
        first_new = next((o.document_id for o in imported), None)
        if first_new is not None and (self.document_id is None or len(outcomes) == 1):
            self.library.select_document(first_new, emit=False)
            self.show_document(first_new)
        self._update_status()
        self.statusBar().showMessage(
            f"Imported {len(imported)} of {len(outcomes)} file{'s' if len(outcomes) != 1 else ''}", 5000
        )
        failed = [o for o in outcomes if o.status == "failed"]
        warned = any(o.warnings for o in outcomes)
        if not job.quiet and (len(outcomes) > 1 or failed or warned or job.cancelled):
            summary = ImportSummary(outcomes, job.cancelled, self)
            summary.open()
            self.last_dialog = summary
        elif job.quiet and failed:
            self.last_dialog = show_error(
                self, "Import", f"{printable(failed[0].path.name)}: {printable(failed[0].message)}"
            )
        elif outcomes and outcomes[0].status == "duplicate":
            self.statusBar().showMessage(
                f"{printable(outcomes[0].path.name)}: {printable(duplicate_detail(outcomes[0]))}", 5000
            )
        self.importFinished.emit(outcomes)

    # -- drag and drop ------------------------------------------------------------------
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

    # -- closing ------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_view_settings()
        if self.import_job is not None and not self.import_job.done:
            self.import_job.cancel()
        if self.merge_flow is not None:
            self.merge_flow.wait()  # one transaction: let it land or roll back
        self.close_project()
        super().closeEvent(event)


FIELD_LABELS = {"claimant": "claimant", "status": "status", "speaker": "speaker", "source_title": "source",
                "source_url": "URL"}


def _kept(annotation) -> str:
    """'; its claimant and status are kept for when it is a claim again' (the fields filled in)."""
    filled = [FIELD_LABELS[name] for name in core.KIND_FIELDS[annotation.kind]
              if getattr(annotation, name) != core.EMPTY_FIELDS[name]]
    if not filled:
        return ""
    verb = "is" if len(filled) == 1 else "are"
    return f"; its {' and '.join(filled)} {verb} kept for when it is a {annotation.kind} again"


def _highlight(annotation) -> Highlight:
    a = annotation
    return Highlight(a.id, a.kind, a.start, a.end, a.author_id, a.author)
