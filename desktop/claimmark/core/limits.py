"""Size limits on what ClaimMark reads. Defaults are documented in docs/limits.md."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Limits:
    max_file_bytes: int = 64 * 1024 * 1024  # one imported file
    max_image_bytes: int = 10 * 1024 * 1024  # one image, after decoding
    max_image_pixels: int = 40_000_000  # width x height of one image
    max_images_per_document: int = 200
    max_decompressed_bytes: int = 256 * 1024 * 1024  # all parts of one MHTML archive
    max_text_chars: int = 20_000_000  # reading text of one document


LIMITS = Limits()
