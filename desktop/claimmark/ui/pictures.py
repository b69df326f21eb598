"""A document's pictures, decoded at the size they are drawn and within a budget.

A stored image may hold up to 40 million pixels (`Limits.max_image_pixels`), which
is 160 MB decoded, and a page may hold 200 of them. So the reading view decodes a
picture only when it is first painted (the layout needs only its size, from its
header), and then with `QImageReader.setScaledSize` to the width it is drawn at (the
column's, or the picture's own if smaller) times the screen's device pixel ratio: no
larger, and sharp on a high-DPI screen. Qt's JPEG reader scales as it reads; its PNG
reader decodes the whole picture first, so each decode is bounded by Qt's allocation
limit (`Limits.max_image_decode_mb`), and only one picture is decoded at a time. The
pictures of one document share a pixel budget (`Limits.max_shown_pixels`): a picture
that would pass it is never decoded, and the view shows a note by its caption
instead. A narrower column scales a decoded picture down; a wider one reads it from
the project again. docs/limits.md gives the figures.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImage, QImageReader

from claimmark.core.model.limits import LIMITS

IMAGE_SCHEME = "cm-image"  # a picture's URL in the reading view's document: cm-image:KEY
Loader = Callable[[str], tuple[str, bytes] | None]  # key -> (mime, bytes), as Project.image gives


@dataclass(frozen=True)
class Shown:
    """A picture decoded for the column: drawn width × height in logical pixels."""

    width: float
    height: float


@dataclass(frozen=True)
class Withheld:
    """A picture left undecoded: its own size, and why, in a sentence for the page."""

    width: int
    height: int
    reason: str


def _reader(data: bytes) -> tuple[QImageReader, QBuffer]:
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    return QImageReader(buffer), buffer  # the reader does not own the buffer: keep it alive


def header_size(data: bytes) -> QSize | None:
    """The picture's own size from its header (nothing decoded), or None."""
    reader, _buffer = _reader(data)
    size = reader.size()
    return size if size.isValid() and not size.isEmpty() else None


def decode(data: bytes, size: QSize) -> QImage | None:
    """The picture decoded to `size`, or None when it cannot be (broken, or over Qt's
    allocation limit, which is set here from the limits)."""
    QImageReader.setAllocationLimit(LIMITS.max_image_decode_mb)
    reader, _buffer = _reader(data)
    reader.setScaledSize(size)
    image = reader.read()
    return None if image.isNull() else image


class Pictures:
    """The pictures of the document shown: their sizes, the size each is decoded at,
    the decoded images, the budget.

    A build of the page calls `start`, then `picture` for each figure in order (which
    decodes nothing: the layout needs only the sizes), then `finish`, which lets go of
    the pictures that build does not show. `image` decodes a picture when the view
    first paints it, so a page shows without waiting for the pictures out of sight."""

    def __init__(self, loader: Loader | None = None):
        self._loader = loader
        self._sizes: dict[str, QSize | None] = {}
        self._targets: dict[str, QSize] = {}  # key -> the size the last build decodes it at
        self.images: dict[str, QImage] = {}  # key -> decoded, as last painted
        self._ratio = 1.0
        self._used = 0
        self.withheld: list[str] = []  # why, for each picture the last build left undecoded

    def _data(self, key: str) -> bytes | None:
        found = self._loader(key) if self._loader is not None else None
        return found[1] if found is not None else None

    def _size(self, key: str) -> QSize | None:
        if key not in self._sizes:
            data = self._data(key)
            self._sizes[key] = header_size(data) if data is not None else None
        return self._sizes[key]

    def start(self, ratio: float) -> None:
        """A new build, for a screen of this device pixel ratio."""
        self._ratio = max(1.0, ratio)
        self._used = 0
        self._targets = {}
        self.withheld = []

    def picture(self, key: str, room: float) -> Shown | Withheld | None:
        """The picture `key` for a column with `room` logical pixels for it: to be shown
        (and decoded when painted), over a limit (Withheld), or None when its header
        cannot be read."""
        natural = self._size(key)
        if natural is None:
            return None
        own_w, own_h = natural.width(), natural.height()
        if own_w * own_h > LIMITS.max_image_pixels:  # a project written with other limits
            return self._withhold(natural, f"larger than the limit of "
                                           f"{LIMITS.max_image_pixels / 1e6:g} million pixels a picture")
        width = min(float(own_w), room)
        height = own_h * width / own_w
        decoded_w = max(1, min(own_w, math.ceil(width * self._ratio - 1e-6)))
        target = QSize(decoded_w, max(1, min(own_h, round(own_h * decoded_w / own_w))))
        if self._targets.get(key) != target:  # the same picture twice at one size is decoded once
            pixels = target.width() * target.height()
            if self._used + pixels > LIMITS.max_shown_pixels:
                return self._withhold(natural, f"this page's pictures would pass the limit of "
                                               f"{LIMITS.max_shown_pixels / 1e6:g} million pixels a page")
            self._used += pixels
            self._targets[key] = target
        return Shown(width, height)

    @property
    def placed(self) -> bool:
        """Whether the last build placed any picture (shown or withheld): a page whose
        layout depends on the column's width."""
        return bool(self._targets or self.withheld)

    def _withhold(self, natural: QSize, reason: str) -> Withheld:
        self.withheld.append(reason)
        return Withheld(natural.width(), natural.height(), reason)

    def finish(self) -> None:
        for key in [k for k in self.images if k not in self._targets]:
            del self.images[key]

    def image(self, key: str) -> QImage | None:
        """The picture decoded at the size the last build gave it, or None for a key that
        build does not show. One that cannot be decoded is a single pixel of grey, so
        that Qt, given nothing, does not try a file of that name."""
        target = self._targets.get(key)
        if target is None:
            return None
        have = self.images.get(key)
        if have is not None and have.size() == target:
            return have
        image: QImage | None
        if have is not None and have.width() > target.width():  # narrower: no need to read it again
            image = have.scaled(target, Qt.AspectRatioMode.IgnoreAspectRatio,
                                Qt.TransformationMode.SmoothTransformation)
        else:
            data = self._data(key)
            image = decode(data, target) if data is not None else None
        if image is None:
            image = QImage(1, 1, QImage.Format.Format_RGB32)
            image.fill(Qt.GlobalColor.lightGray)
        self.images[key] = image
        return image
