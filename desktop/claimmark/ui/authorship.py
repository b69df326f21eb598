"""Who made each annotation, in the GUI: the author filter ("All authors", "Mine",
each colleague by name) and a colour per author for colouring highlights by author.

Authors are told apart by their author id, not their name: two colleagues may share a
name, and one person may rename themselves. Each id gets a colour from a palette of
eight (Paul Tol's "bright" scheme and two of his "muted" ones, chosen to stay apart
for most kinds of colour blindness); the slot comes from a hash of the id, so a
person keeps their colour from session to session and project to project, and only
two ids that hash to the same slot are moved apart (in order of id).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from claimmark import core

log = logging.getLogger(__name__)

PALETTE = ("#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377", "#44AA99", "#997700")
MINE_LABEL = "Mine"
ALL_LABEL = "All authors"


def my_author_id() -> str:
    """This installation's author id (the one new annotations carry)."""
    from claimmark.core import author_id

    return author_id()


def ensure_author_name(parent: QWidget) -> bool:
    """Before the first annotation, the name to file it under (False: not now, ask again).
    Left blank, the login name is taken and remembered, so that one person does not end
    up under two names; Preferences renames them later."""
    from PySide6.QtWidgets import QDialog, QInputDialog  # a dialog of the first tagging, not of the start

    from claimmark.core import ENV_AUTHOR, login_name

    if os.environ.get(ENV_AUTHOR) or core.author_name():
        return True
    login = login_name()
    dialog = QInputDialog(parent)
    dialog.setObjectName("AuthorPrompt")
    dialog.setWindowTitle("Your name")
    dialog.setLabelText(
        "Annotations carry their author's name.\nWhat name should yours carry?\n\n"
        f"Left empty, your login name “{login}” is used. File ▸ Preferences changes it later."
    )
    dialog.setInputMode(QInputDialog.InputMode.TextInput)  # makes its line edit
    field = dialog.findChild(QLineEdit)
    if field is not None:
        field.setPlaceholderText(login)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    name = " ".join(dialog.textValue().split()) or login
    try:
        core.set_author_name(name)
    except OSError as exc:
        log.warning("cannot save the author name: %s", exc)
    return True


def author_names(items: Iterable[Any]) -> dict[str, str]:
    """author id -> the name on that author's most recently modified annotation."""
    names: dict[str, str] = {}
    for item in sorted(items, key=lambda a: a.modified or ""):
        if item.author_id:
            names[item.author_id] = item.author or "unknown"
    return names


def author_colours(author_ids: Iterable[str], dark: bool = False) -> dict[str, QColor]:
    """A distinct colour per author id while there are no more authors than colours."""
    import hashlib  # colouring by author is chosen later, if ever: not loaded for the first paint

    slots: dict[str, int] = {}
    taken: set[int] = set()
    for author_id in sorted(set(author_ids)):
        slot = int(hashlib.sha256(author_id.encode("utf-8")).hexdigest()[:8], 16) % len(PALETTE)
        for step in range(len(PALETTE)):
            if (slot + step) % len(PALETTE) not in taken:
                slot = (slot + step) % len(PALETTE)
                break
        taken.add(slot)
        slots[author_id] = slot
        if len(taken) == len(PALETTE):
            taken.clear()  # more authors than colours: start sharing
    out = {}
    for author_id, slot in slots.items():
        colour = QColor(PALETTE[slot])
        if dark and colour.lightness() < 150:
            colour = colour.lighter(140)  # markers and legend stay legible on a dark page
        out[author_id] = colour
    return out


def fill_author_choices(combo: QComboBox, names: dict[str, str], mine: str,
                        colours: dict[str, QColor] | None = None, all_label: str = ALL_LABEL) -> None:
    """"All authors", "Mine", then each colleague by name (by id underneath); the
    choice made survives while its author is still there."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(all_label, "")
    combo.addItem(MINE_LABEL, mine)
    combo.setItemData(1, f"Annotations by you ({names.get(mine, 'none yet')})", Qt.ItemDataRole.ToolTipRole)
    others = sorted(((n, i) for i, n in names.items() if i != mine), key=lambda p: (p[0].casefold(), p[1]))
    counts: dict[str, int] = {}
    for name, _ in others:
        counts[name.casefold()] = counts.get(name.casefold(), 0) + 1
    for name, author_id in others:
        label = name if counts[name.casefold()] == 1 else f"{name} ({author_id[:8]})"
        combo.addItem(label, author_id)
    if colours:
        for row in range(1, combo.count()):
            colour = colours.get(combo.itemData(row))
            if colour is not None:
                combo.setItemIcon(row, swatch(colour))
    combo.setCurrentIndex(max(0, combo.findData(current)))
    combo.setEnabled(bool(names))
    combo.blockSignals(False)


def swatch(colour: QColor, size: int = 12) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(colour)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)


def legend_html(names: dict[str, str], colours: dict[str, QColor], mine: str) -> str:
    """Whose colour is whose: a coloured dot and the name, yours first."""
    import html  # as hashlib above: a legend is drawn only when colouring by author

    order = sorted(names, key=lambda i: (i != mine, names[i].casefold(), i))
    parts = []
    for author_id in order:
        colour = colours.get(author_id)
        if colour is None:
            continue
        name = html.escape(names[author_id]) + (" (you)" if author_id == mine else "")
        parts.append(f"<span style='color:{colour.name()}'>●</span>&nbsp;{name}")
    return " &nbsp; ".join(parts)
