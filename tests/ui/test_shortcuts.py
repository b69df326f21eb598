"""Every action has its platform's standard keys once, and no key belongs to two actions
(issue #15, point 3: on X11 the standard Redo is Ctrl+Shift+Z, which the window listed a
second time, so Qt found the shortcut ambiguous and redo had no working key)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from claimmark.core.store import annotations as ann
from claimmark.ui.shortcuts import KEYS, window_keys

# What QKeySequence.keyBindings() gives for the standard keys the window uses, per
# platform theme: offscreen, xcb (plain X11), GNOME and KDE as Qt 6.11 reports them
# (read under Xvfb); Windows and macOS from Qt's table (qplatformtheme.cpp). The
# offscreen platform uses Qt's default scheme, Windows'.
WINDOWS = {
    "New": ["Ctrl+N", "New"],
    "Open": ["Ctrl+O", "Open"],
    "Quit": [],
    "Find": ["Ctrl+F", "Find"],
    "Undo": ["Ctrl+Z", "Alt+Backspace", "Undo"],
    "Redo": ["Ctrl+Y", "Alt+Shift+Backspace", "Ctrl+Shift+Z", "Redo"],
    "Refresh": ["F5", "Refresh"],
    "Preferences": [],
}
X11 = {
    "New": ["Ctrl+N", "New"],
    "Open": ["Ctrl+O", "Open"],
    "Quit": ["Ctrl+Q", "Exit"],
    "Find": ["Ctrl+F", "Find"],
    "Undo": ["Ctrl+Z", "F14", "Undo"],
    "Redo": ["Ctrl+Shift+Z", "Redo"],
    "Refresh": ["F5", "Refresh"],
    "Preferences": [],
}
PLATFORMS = {
    "offscreen": WINDOWS,
    "windows": WINDOWS,
    "xcb": X11,
    "gnome": {**X11, "Refresh": ["Ctrl+R", "F5", "Refresh"]},
    "kde": X11,
    "macos": {
        "New": ["Ctrl+N", "New"],
        "Open": ["Ctrl+O", "Open"],
        "Quit": ["Ctrl+Q"],
        "Find": ["Ctrl+F", "Find"],
        "Undo": ["Ctrl+Z", "Undo"],
        "Redo": ["Ctrl+Shift+Z", "Redo"],
        "Refresh": ["Ctrl+R", "Refresh"],
        "Preferences": ["Ctrl+,"],
    },
}


def bindings_of(platform: str):
    table = PLATFORMS[platform]

    def bindings(standard: QKeySequence.StandardKey) -> list[QKeySequence]:
        return [QKeySequence(k) for k in table[standard.name]]

    return bindings


def clashes(keys: dict[str, list[QKeySequence]]) -> list[str]:
    """Sequences listed twice by one action or given to two actions."""
    found: list[str] = []
    owner: dict[str, str] = {}
    for name, sequences in keys.items():
        texts = [k.toString() for k in sequences]
        found += [f"{name} lists {t} twice" for t in set(texts) if texts.count(t) > 1]
        for text in set(texts):
            if text in owner:
                found.append(f"{text} is both {owner[text]} and {name}")
            owner[text] = name
    return found


def test_the_table_names_every_standard_key_the_window_uses() -> None:
    used = {standard.name for standard, _ in KEYS.values() if standard is not None}
    for platform, table in PLATFORMS.items():
        assert set(table) == used, platform


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_no_two_actions_share_a_key_on_any_platform_theme(platform: str) -> None:
    keys = window_keys(bindings_of(platform), mac=platform == "macos")
    assert clashes(keys) == []
    redo = [k.toString() for k in keys["redo"]]
    assert "Ctrl+Shift+Z" in redo
    assert ("Ctrl+Y" in redo) == (platform != "macos")  # Cmd+Y is no redo on a Mac
    assert keys["undo"][0].toString() == "Ctrl+Z"
    assert keys["refresh"] and keys["preferences"]  # F5 and Ctrl+, where the platform has none


def test_the_offscreen_row_is_what_qt_reports(qapp) -> None:
    """The table's offscreen row is checked against Qt itself (the platform the tests run on)."""
    assert qapp.platformName() == "offscreen"
    for name, expected in PLATFORMS["offscreen"].items():
        standard = getattr(QKeySequence.StandardKey, name)
        assert [k.toString() for k in QKeySequence.keyBindings(standard)] == expected, name


def test_the_window_has_each_key_once_and_redo_answers_both_keys(qtbot, window, corpus_project) -> None:
    assert window.open_project(corpus_project)
    actions = [a for a in window.findChildren(QAction) if a.shortcuts()]
    keys = {f"{a.text()}#{i}": a.shortcuts() for i, a in enumerate(actions)}
    assert clashes(keys) == []
    assert window.act_redo.shortcuts() == window_keys()["redo"]
    # a real redo by each key: tag, undo, redo; undo again, redo with the other key
    view = window.reader
    view.setFocus()
    text = window.project.document(1).text
    start = text.index("Patriot Act")
    view.select_core(start, start + len("Patriot Act"))
    qtbot.keyClick(view, "1")
    made = ann.query(window.project)[0]
    for key, modifiers in (
        (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier),
        (Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier),
    ):
        qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert ann.get(window.project, made.id, include_deleted=True).deleted
        with qtbot.waitSignal(window.act_redo.triggered, timeout=1000):
            qtbot.keyClick(view, key, modifiers)
        assert not ann.get(window.project, made.id).deleted
