"""The window's key sequences: each action gets its platform's standard keys (as the
platform theme reports them) and ClaimMark's own extras, every sequence once.

Listing a sequence twice, or on two actions, makes Qt refuse it as an ambiguous
shortcut: on X11 the standard Redo *is* Ctrl+Shift+Z, so adding Ctrl+Shift+Z to it by
hand once left redo without any working key. `window_keys` takes the standard
bindings as a function so that tests can check the table of every platform theme."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from claimmark.ui.theme import KIND_KEYS

StandardKey = QKeySequence.StandardKey
Bindings = Callable[[StandardKey], list[QKeySequence]]

# action -> (the platform's standard key, if any; keys ClaimMark adds on every platform)
KEYS: dict[str, tuple[StandardKey | None, tuple[str, ...]]] = {
    "new": (StandardKey.New, ()),
    "open": (StandardKey.Open, ()),
    "copy": (None, ("Ctrl+Shift+S",)),
    "import_files": (None, ("Ctrl+I",)),
    "import_folder": (None, ("Ctrl+Shift+I",)),
    "quit": (StandardKey.Quit, ()),  # none on Windows: Alt+F4 closes the window there
    "next_pane": (None, ("F6",)),
    "prev_pane": (None, ("Shift+F6",)),
    "find": (StandardKey.Find, ()),
    "zoom_in": (None, ("Ctrl+=", "Ctrl++")),
    "zoom_out": (None, ("Ctrl+-",)),
    "zoom_reset": (None, ("Ctrl+0",)),
    "undo": (StandardKey.Undo, ()),
    "redo": (StandardKey.Redo, ("Ctrl+Shift+Z", "Ctrl+Y")),
    "edit": (None, ("Ctrl+Return",)),
    "table": (None, ("Ctrl+T",)),
    "export": (None, ("Ctrl+E",)),
    "refresh": (StandardKey.Refresh, ("F5",)),
    "preferences": (StandardKey.Preferences, ("Ctrl+,",)),
    # acting on the annotation in focus (reading view, annotation list), not window-wide
    # Del only: the standard Delete adds Ctrl+D on X11, an Emacs key meant for line edits
    "delete": (None, ("Del",)),
    **{f"tag_{kind}": (None, keys) for kind, keys in KIND_KEYS.items()},
}
# Ctrl+Y is Redo on Windows and Linux desktops; on macOS Cmd+Y is not redo.
NOT_ON_MAC = {"redo": ("Ctrl+Y",)}


def unique(keys: Iterable[QKeySequence]) -> list[QKeySequence]:
    """`keys` without empty and repeated sequences, in their order (the first is the one menus show)."""
    out: list[QKeySequence] = []
    for key in keys:
        if not key.isEmpty() and key not in out:
            out.append(key)
    return out


def window_keys(
    bindings: Bindings = QKeySequence.keyBindings, *, mac: bool = False
) -> dict[str, list[QKeySequence]]:
    """Every action's key sequences for the platform whose standard keys `bindings` gives."""
    out: dict[str, list[QKeySequence]] = {}
    for name, (standard, extras) in KEYS.items():
        own = [k for k in extras if not (mac and k in NOT_ON_MAC.get(name, ()))]
        keys = list(bindings(standard)) if standard is not None else []
        out[name] = unique([*keys, *(QKeySequence(k) for k in own)])
    return out


class WindowKeysFirst(QObject):
    """An event filter for text fields: the window's shortcuts win over a field's own
    use of their keys. A line edit takes Ctrl+E as "end of line" on X11, so Export did
    nothing from the search box; it takes Ctrl+Z and Ctrl+Shift+Z as its own undo and
    redo even when it has nothing to undo. The field keeps undo and redo only while it
    has something to undo or redo."""

    def __init__(self, parent: QObject, actions: list[QAction], undo: QAction, redo: QAction):
        super().__init__(parent)
        self.actions, self.undo, self.redo = actions, undo, redo

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        pressed = QKeySequence(event.keyCombination())
        action = next((a for a in self.actions if a.isEnabled() and pressed in a.shortcuts()), None)
        if action is None or (action in (self.undo, self.redo) and _can(watched, action is self.undo)):
            return False
        event.ignore()  # not taken by the field: Qt runs the window's shortcut
        return True


def _can(field: QObject, undo: bool) -> bool:
    """Whether a text field has its own step to undo (or redo)."""
    if isinstance(field, QLineEdit):
        return field.isUndoAvailable() if undo else field.isRedoAvailable()
    if isinstance(field, QPlainTextEdit | QTextEdit):
        document = field.document()
        return document.isUndoAvailable() if undo else document.isRedoAvailable()
    return False


def cycle_focus(panes: list[tuple[QWidget, QWidget]], step: int) -> None:
    """F6 / Shift+F6: the focus to the next (`step` 1) or previous (-1) pane, each
    given as (the widget to focus, the pane around it): from a widget inside a pane
    (the library's search box, the annotation editor) it moves on from that pane."""
    focus = QApplication.focusWidget()
    current = next((i for i, (pane, _) in enumerate(panes)
                    if focus is not None and (focus is pane or pane.isAncestorOf(focus))), -1)
    if current < 0 and focus is not None:
        current = next((i for i, (_, around) in enumerate(panes) if around.isAncestorOf(focus)), -1)
    panes[(current + step) % len(panes)][0].setFocus(Qt.FocusReason.ShortcutFocusReason)


def let_window_keys_through(window: QWidget, undo: QAction, redo: QAction, *more: QObject) -> None:
    """Window-wide shortcuts work from every pane, text fields included: the window's
    text fields, and `more` (the article), hand them on (see WindowKeysFirst)."""
    keys_first = WindowKeysFirst(window, window.actions(), undo, redo)
    fields: list[QObject] = [*window.findChildren(QLineEdit), *window.findChildren(QPlainTextEdit), *more]
    for field in fields:
        field.installEventFilter(keys_first)
