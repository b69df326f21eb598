"""The window's actions, menus, toolbar and recent projects, built outside the window.

`Actions` makes every QAction (texts, keys from ui/shortcuts.py, icons, tips) as a
child of the window; the window connects them to what they do. `build_menus` lays
them out in the menu bar and the toolbar."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from claimmark.ui import config, shortcuts
from claimmark.ui import theme as themes
from claimmark.ui.icons import icon


def key_text(action: QAction) -> str:
    """An action's first shortcut as this platform writes it ("Ctrl+Z", "⌘Z")."""
    return action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)


class Actions:
    """Every action of the main window. Window-wide ones are added to the window; the
    tag and delete actions act where the focus is (the article, the annotation list)."""

    def __init__(
        self, window: QMainWindow, undo_stack: QUndoStack, *, theme_name: str, colour_by_author: bool
    ):
        self.window = window
        self.keys = shortcuts.window_keys(mac=sys.platform == "darwin")
        a = self._action
        self.new = a("&New Project…", "new", "new")
        self.open = a("&Open Project…", "open", "open")
        self.copy = a("Save a &Copy…", "copy")
        self.import_files = a(
            "&Import Files…", "import_files", "import", "Import saved pages (HTML, MHTML, text, Markdown)"
        )
        self.import_folder = a("Import &Folder…", "import_folder", "import-folder")
        self.quit = a("&Quit", "quit")
        self.next_pane = a("Next &Pane", "next_pane", None, "Move between library, article and annotations")
        self.prev_pane = a("Previous Pane", "prev_pane")
        self.find = a("&Find in Library", "find", "search")
        self.zoom_in = a("&Larger Text", "zoom_in", "zoom-in")
        self.zoom_out = a("&Smaller Text", "zoom_out", "zoom-out")
        self.zoom_reset = a("&Actual Size", "zoom_reset")
        self.theme_group = QActionGroup(window)
        self.themes: dict[str, QAction] = {}
        for name in themes.THEMES:
            action = QAction(themes.THEME_LABELS[name], window, checkable=True)
            action.setChecked(name == theme_name)
            self.theme_group.addAction(action)
            self.themes[name] = action
        self.undo = self._undo_action(undo_stack.createUndoAction(window, "&Undo"), "undo")
        self.redo = self._undo_action(undo_stack.createRedoAction(window, "&Redo"), "redo")
        window.addActions([self.undo, self.redo])
        self.tags: dict[str, QAction] = {kind: self._tag_action(kind) for kind in themes.KINDS}
        self.delete = QAction(icon("delete"), "&Delete Annotation", window)
        self.delete.setData("delete")
        self.delete.setShortcuts(self.keys["delete"])
        self.delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete.setToolTip("Delete the current annotation (Delete)")
        self.edit = a(
            "&Edit Annotation", "edit", "edit", "Edit the current annotation's note, tags and fields"
        )
        self.table = a(
            "All &Annotations", "table", "table", "All claims, quotes and citations across documents"
        )
        self.export = a("&Export…", "export", "export", "Export annotations as CSV, Markdown or JSON")
        self.merge = a("&Merge Project…", None, None, "Bring a colleague's copy of a project into this one")
        self.conflicts = a(
            "Review Merge &Conflicts…", None, None, "Annotations edited on both sides, as merges kept them"
        )
        self.refresh = a("&Refresh", "refresh", None, "Read the project afresh")
        self.colour_by_author = a("Colour by &Author", None, None, "Highlights coloured by who made them")
        self.colour_by_author.setCheckable(True)
        self.colour_by_author.setChecked(colour_by_author)
        self.prefs = a("&Preferences…", "preferences", "settings")
        self.about = QAction("&About ClaimMark", window)
        self.project_actions = (  # enabled while a project is open
            self.import_files,
            self.import_folder,
            self.copy,
            self.export,
            self.table,
            self.merge,
            self.conflicts,
        )
        for action in self.project_actions:
            action.setEnabled(False)

    def _action(
        self, text: str, keys: str | None = None, icon_name: str | None = None, tip: str = ""
    ) -> QAction:
        """A window-wide action; `keys` names its entry in the key table (ui/shortcuts.py)."""
        action = QAction(text, self.window)
        if keys is not None:
            action.setShortcuts(self.keys[keys])
        if icon_name:
            action.setIcon(icon(icon_name))
            action.setData(icon_name)
        said = key_text(action)
        tip = tip or text.replace("&", "").replace("…", "")
        action.setToolTip(f"{tip} ({said})" if said else tip)
        action.setStatusTip(tip)
        self.window.addAction(action)
        return action

    def _undo_action(self, action: QAction, name: str) -> QAction:
        action.setShortcuts(self.keys[name])
        action.setIcon(icon(name))
        action.setData(name)
        return action

    def _tag_action(self, kind: str) -> QAction:
        action = QAction(f"Tag as {themes.KIND_LABELS[kind]}", self.window)
        action.setShortcuts(self.keys[f"tag_{kind}"])
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        key = themes.KIND_KEYS[kind][0]
        action.setToolTip(f"Tag the selection as a {kind}, or make the annotation in focus one ({key})")
        return action

    def act_where_focused(self, *widgets: QWidget) -> None:
        """The tag and delete keys work in these widgets (the article, the annotation list)."""
        for widget in widgets:
            widget.addActions([*self.tags.values(), self.delete])

    def set_project_open(self, open_: bool, read_only: bool = False) -> None:
        """The actions that need a project; those that write need a writable one."""
        for action in self.project_actions:
            action.setEnabled(open_)
        for action in (self.import_files, self.import_folder, self.merge):
            action.setEnabled(open_ and not read_only)

    def undo_hint(self, redo: bool = False) -> str:
        """The status bar's "Ctrl+Z undoes it", with this platform's key."""
        return f"{key_text(self.redo if redo else self.undo)} {'redoes' if redo else 'undoes'} it."


class RecentMenu(QMenu):
    """File ▸ Open Recent, filled from the settings each time it opens."""

    def __init__(self, parent: QWidget, open_project: Callable[[str], object]):
        super().__init__("Open &Recent", parent)
        self.open_project = open_project
        self.aboutToShow.connect(self.fill)

    def fill(self) -> None:
        self.clear()
        recent = config.recent_projects()
        for path in recent:
            action = self.addAction(f"{Path(path).stem}  —  {path}")
            action.triggered.connect(lambda _=False, p=path: self.open_project(p))
        if not recent:
            self.addAction("No recent projects").setEnabled(False)
            return
        self.addSeparator()
        self.addAction("Clear the List", lambda: config.set_value("projects/recent", []))


class Menus:
    """The menu bar and the toolbar, laid out from `actions`."""

    def __init__(self, window: QMainWindow, acts: Actions, open_project: Callable[[str], object]):
        bar = window.menuBar()
        self.file = bar.addMenu("&File")
        self.file.addActions([acts.new, acts.open])
        self.recent = RecentMenu(window, open_project)
        self.file.addMenu(self.recent)
        self.file.addAction(acts.copy)
        self.file.addSeparator()
        self.file.addActions([acts.import_files, acts.import_folder, acts.export])
        self.file.addSeparator()
        self.file.addActions([acts.merge, acts.conflicts])
        self.file.addSeparator()
        self.file.addAction(acts.prefs)
        self.file.addSeparator()
        self.file.addAction(acts.quit)
        self.edit = bar.addMenu("&Edit")
        self.edit.addActions([acts.undo, acts.redo])
        self.edit.addSeparator()
        self.edit.addActions(list(acts.tags.values()))
        self.edit.addActions([acts.edit, acts.delete])
        self.edit.addSeparator()
        self.edit.addAction(acts.find)
        self.edit.addActions([acts.next_pane, acts.prev_pane])
        self.view = bar.addMenu("&View")
        self.view.addActions([acts.zoom_in, acts.zoom_out, acts.zoom_reset])
        theme_menu = self.view.addMenu(icon("theme"), "&Theme")
        theme_menu.addActions(list(acts.themes.values()))
        self.view.addAction(acts.colour_by_author)
        self.view.addSeparator()
        self.view.addAction(acts.table)
        self.view.addAction(acts.refresh)
        self.help = bar.addMenu("&Help")
        self.help.addAction(acts.about)
        toolbar = window.addToolBar("Main")
        toolbar.setObjectName("MainToolbar")
        toolbar.setMovable(False)
        toolbar.setIconSize(toolbar.iconSize() * 0.85)
        toolbar.addActions([acts.import_files, acts.export])
        toolbar.addSeparator()
        toolbar.addActions([acts.undo, acts.redo])
        toolbar.addSeparator()
        toolbar.addActions([acts.table, acts.zoom_out, acts.zoom_in])
