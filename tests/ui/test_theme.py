"""The three kinds stay distinguishable: by colour under the common colour-vision
deficiencies (simulated), and by more than colour (underline style and marker)."""

from __future__ import annotations

import itertools
import math

import pytest
from PySide6.QtGui import QColor

from claimmark.ui import theme as themes

from .colours import lab_of_linear, linear

# Machado, Oliveira & Fernandes (2009), severity 1.0, applied to linear RGB.
SIMULATIONS = {
    "normal": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}
MIN_DISTANCE = 18.0  # CIE76 ΔE; 2.3 is just noticeable, 10+ is plainly different


def seen(colour: QColor, simulation: str) -> tuple[float, float, float]:
    rgb = [linear(c) for c in (colour.redF(), colour.greenF(), colour.blueF())]
    matrix = SIMULATIONS[simulation]
    out = [min(1.0, max(0.0, sum(matrix[i][j] * rgb[j] for j in range(3)))) for i in range(3)]
    return lab_of_linear((out[0], out[1], out[2]))


@pytest.mark.parametrize("name", ["light", "sepia", "dark"])
@pytest.mark.parametrize("simulation", list(SIMULATIONS))
def test_highlight_colours_stay_apart_under_colour_vision_deficiencies(name: str, simulation: str) -> None:
    theme = themes.resolve(name)
    for kind_a, kind_b in itertools.combinations(themes.KINDS, 2):
        distance = math.dist(seen(theme.tint(kind_a), simulation), seen(theme.tint(kind_b), simulation))
        assert distance >= MIN_DISTANCE, (name, simulation, kind_a, kind_b, round(distance, 1))
        # and every highlight stands apart from the page itself
    page = QColor(theme.page)
    for kind in themes.KINDS:
        assert math.dist(seen(theme.tint(kind), simulation), seen(page, simulation)) >= 12


def test_each_kind_differs_by_more_than_colour() -> None:
    assert len({themes.underline_style(k) for k in themes.KINDS}) == 3
    assert len(set(themes.KIND_MARKERS.values())) == 3
    assert len({keys for keys in themes.KIND_KEYS.values()}) == 3


def test_switching_themes_redraws_the_page_and_its_highlights(
    qtbot, window, corpus_project, monkeypatch
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QTextCursor, QTextDocument

    assert window.open_project(corpus_project)
    view = window.reader
    found = view.document().find("Patriot Act", 0, QTextDocument.FindFlag.FindCaseSensitively)
    view.setTextCursor(found)
    qtbot.keyClick(view, "1")
    start = found.selectionStart()

    def background() -> str:
        cursor = QTextCursor(view.document())
        cursor.setPosition(start + 1)
        return cursor.charFormat().background().color().name()

    assert background() == themes.resolve("light").tint("claim").name()
    view.verticalScrollBar().setValue(0)
    window.set_theme("dark")
    assert view.verticalScrollBar().value() == 0  # a page read from the top stays at its top
    assert background() == themes.resolve("dark").tint("claim").name()
    assert view.palette().color(view.palette().ColorRole.Base).name() == themes.resolve("dark").page.lower()
    # the chrome follows too, style sheet or not (a style sheet pins the palette at polish time)
    for widget in (
        window.library.list,
        window.panel.list,
        window.panel.editor.claimant,
        window.library.search,
    ):
        assert widget.palette().color(widget.palette().ColorRole.Base).lightness() < 60, widget
    window.set_theme("light")
    for widget in (window.library.list, window.panel.list, window.panel.editor.claimant):
        assert widget.palette().color(widget.palette().ColorRole.Base).lightness() > 200, widget
    # "follow the system": a change of the system's scheme switches the theme
    window.set_theme("system")
    monkeypatch.setattr(themes, "system_is_dark", lambda: True)
    QGuiApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert window.theme.dark and background() == themes.resolve("dark").tint("claim").name()
    monkeypatch.setattr(themes, "system_is_dark", lambda: False)
    QGuiApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert not window.theme.dark and background() == themes.resolve("light").tint("claim").name()


def test_an_empty_project_shows_a_note_not_an_empty_page(window, tmp_path) -> None:
    assert window.open_project(tmp_path / "empty.claimmark", create=True)
    text = window.reader.document().toPlainText()
    assert text.startswith("No article open") and "Ctrl+I" in text
    assert window.reader.core_selection() is None and window.reader.map.texts == []
    assert window.library.list.empty_text().startswith("No documents yet")
    window.library.list.viewport().grab()  # paints the note without error
    window.library.search.setText("anything")
    assert window.library.list.empty_text() == "No documents match."
