"""Size limits on what ClaimMark reads. Defaults are documented in docs/limits.md."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Limits:
    max_file_bytes: int = 64 * 1024 * 1024  # one imported file
    max_image_bytes: int = 10 * 1024 * 1024  # one image, after decoding
    max_image_pixels: int = 40_000_000  # width x height of one image
    max_images_per_document: int = 200
    max_shown_pixels: int = 64_000_000  # one document's pictures as decoded for the screen
    max_image_decode_mb: int = 160  # one picture while it is decoded (Qt's allocation limit, in MB)
    max_decompressed_bytes: int = 256 * 1024 * 1024  # all parts of one MHTML archive
    max_text_chars: int = 20_000_000  # reading text of one document
    max_tag_attributes: int = 1_000  # attributes of one HTML tag (libxml2 is quadratic in them)
    max_import_seconds: float = 120  # reading and extracting one file (its worker is ended then)
    # address space of one extraction worker process (RLIMIT_AS): about 120 MB of it is
    # Python and the parsers, the rest is for the page (see docs/limits.md)
    max_worker_memory_bytes: int = 1536 * 1024 * 1024


LIMITS = Limits()


def format_size(size: int) -> str:
    """A byte count as people read it: "70.0 MB", "64 MB", "12.5 kB", "100 bytes"
    (binary units: 1 MB = 1,048,576 bytes, as in docs/limits.md)."""
    for unit, scale in (("GB", 2**30), ("MB", 2**20), ("kB", 2**10)):
        if size >= scale:
            value = size / scale
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{size} bytes"
