"""The reading view, by role: `builder` makes the QTextDocument from the core's reading
document (with `formats` and `fonts`), `mapping` keeps where each block landed,
`highlights` draws the annotations, `tag_bar` floats by a selection, and `view` is
the `ReadingView` widget (events, keys, links, resources)."""

from claimmark.ui.reading.builder import IMAGE_SCHEME, LIST_RUN
from claimmark.ui.reading.fonts import (
    DEFAULT_FONT_SIZE,
    MAX_FONT_SIZE,
    MIN_FONT_SIZE,
    ViewFonts,
    reading_face,
)
from claimmark.ui.reading.formats import MAX_NESTING
from claimmark.ui.reading.highlights import ANNOTATIONS_PROPERTY, Highlight
from claimmark.ui.reading.view import ReadingView

__all__ = [
    "ANNOTATIONS_PROPERTY",
    "DEFAULT_FONT_SIZE",
    "IMAGE_SCHEME",
    "LIST_RUN",
    "MAX_FONT_SIZE",
    "MAX_NESTING",
    "MIN_FONT_SIZE",
    "Highlight",
    "ReadingView",
    "ViewFonts",
    "reading_face",
]
