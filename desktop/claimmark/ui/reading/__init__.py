"""The reading view, by role: `builder` makes the QTextDocument from the core's reading
document (with `formats` and `fonts`), `mapping` keeps where each block landed,
`highlights` draws the annotations, `tag_bar` floats by a selection, `placeholder` is
the empty view's note, and `view` is the `ReadingView` widget (events, keys, links,
resources). The view loads `builder` when it first shows a document."""

from claimmark.ui.pictures import IMAGE_SCHEME
from claimmark.ui.reading.fonts import (
    DEFAULT_FONT_SIZE,
    MAX_FONT_SIZE,
    MIN_FONT_SIZE,
    ViewFonts,
    reading_face,
)
from claimmark.ui.reading.formats import LIST_RUN, MAX_NESTING
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
