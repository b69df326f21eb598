"""The original file each document keeps, zlib-compressed, read back with a bound.

A project file may come from someone else: its `original` column can hold anything,
from bytes that are not zlib data to a few megabytes that inflate to gigabytes. So an
original is inflated in steps, never past the largest file ClaimMark imports, and must
come out at the size the row states. The bound is the larger of the import size limit
and the unpacked-archive limit, not the import limit alone: lowering that limit later
must not make the originals of pages already imported look damaged."""

from __future__ import annotations

import zlib

from claimmark.core.model.limits import LIMITS, format_size


class DamagedOriginal(ValueError):
    """A stored original that cannot be read back; the message says why."""


def inflate(blob: bytes, stated_size: int) -> bytes:
    """The original bytes of a document, or DamagedOriginal."""
    limit = max(LIMITS.max_file_bytes, LIMITS.max_decompressed_bytes)
    if not 0 <= stated_size <= limit:
        raise DamagedOriginal(f"its stated size ({stated_size:,} bytes) is over the limit of "
                              f"{format_size(limit)}")
    inflater = zlib.decompressobj()
    try:
        raw = inflater.decompress(blob, limit + 1)
    except zlib.error:
        raise DamagedOriginal("it is not compressed data ClaimMark wrote") from None
    if len(raw) > limit or inflater.unconsumed_tail:
        raise DamagedOriginal(f"it unpacks to more than the limit of {format_size(limit)}")
    if not inflater.eof:
        raise DamagedOriginal("it is cut short")
    if len(raw) != stated_size:
        raise DamagedOriginal(f"it unpacks to {len(raw):,} bytes, not the {stated_size:,} its row states")
    return raw
