"""Recognising images by their first bytes, without decoding them.

Only the header is read (type, width, height), so a hostile 20000x20000 PNG costs
nothing until someone chooses to show it, and then only behind a pixel cap.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from claimmark.core.model.limits import LIMITS


@dataclass(frozen=True)
class Image:
    mime: str
    data: bytes
    width: int
    height: int
    source: str = ""


_left_out: ContextVar[list[str] | None] = ContextVar("claimmark_images_left_out", default=None)


def left_out(source: str) -> None:
    """Note an image left out for its size, for the import's warnings."""
    found = _left_out.get()
    if found is not None:
        found.append(source)


@contextmanager
def collect_left_out() -> Iterator[list[str]]:
    """The sources of the images left out for their size while the block runs."""
    found: list[str] = []
    token = _left_out.set(found)
    try:
        yield found
    finally:
        _left_out.reset(token)


def sniff_image(data: bytes, source: str = "") -> Image | None:
    """An Image for PNG, JPEG, GIF or WebP bytes within the limits, else None."""
    if len(data) > LIMITS.max_image_bytes:
        left_out(source)
        return None
    if len(data) < 24:
        return None
    size = None
    try:
        if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR":
            mime, size = "image/png", struct.unpack(">II", data[16:24])
        elif data[:6] in (b"GIF87a", b"GIF89a"):
            mime, size = "image/gif", struct.unpack("<HH", data[6:10])
        elif data.startswith(b"\xff\xd8"):
            mime, size = "image/jpeg", _jpeg_size(data)
        elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
            mime, size = "image/webp", _webp_size(data)
        else:
            return None
    except struct.error:  # a header cut short
        return None
    if not size or size[0] <= 0 or size[1] <= 0:
        return None
    width, height = size
    if width * height > LIMITS.max_image_pixels:
        left_out(source)
        return None
    return Image(mime, data, width, height, source[:500])


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    pos = 2
    while pos + 9 < len(data):
        if data[pos] != 0xFF:
            pos += 1
            continue
        marker = data[pos + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
            return width, height
        pos += 2 + length
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8X" and len(data) >= 30:
        width = 1 + int.from_bytes(data[24:27], "little")
        height = 1 + int.from_bytes(data[27:30], "little")
        return width, height
    if chunk == b"VP8 " and len(data) >= 30:
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and len(data) >= 25:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    return None
