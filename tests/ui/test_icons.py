"""Icons are drawn from their SVG at the size asked, when asked (ui/icons.py)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon

from claimmark.ui.icons import SIZES, SvgIconEngine, _svg, icon


def _drawn(pixmap) -> list[QColor]:
    """The pixels drawn (half opaque or more)."""
    image = pixmap.toImage()
    pixels = (QColor.fromRgba(image.pixel(x, y)) for x in range(image.width()) for y in range(image.height()))
    return [p for p in pixels if p.alpha() >= 128]


def test_an_icon_is_drawn_in_its_colour_at_any_size_asked(qapp) -> None:
    red = icon("search", "#ff0000")
    for size in (16, 24, 37):
        pixmap = red.pixmap(QSize(size, size))
        assert pixmap.size() == QSize(size, size)
        drawn = _drawn(pixmap)
        assert drawn and all(p.red() > 0 and p.green() == p.blue() == 0 for p in drawn)
    assert {s.width() for s in red.availableSizes()} == set(SIZES)
    disabled = red.pixmap(QSize(24, 24), QIcon.Mode.Disabled)
    assert any(p.green() or p.blue() for p in _drawn(disabled))  # the style greys it


def test_nothing_is_rendered_until_a_size_is_asked_for(qapp) -> None:
    engine = SvgIconEngine(_svg("search").encode("utf-8"))
    made = QIcon(engine)
    assert not made.isNull() and engine._pixmaps == {} and engine._renderer is None
    made.pixmap(QSize(20, 20))
    made.pixmap(QSize(20, 20))
    assert len(engine._pixmaps) == 1
