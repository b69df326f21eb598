"""Size limits on what ClaimMark reads. Defaults are documented in docs/limits.md."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from claimmark.core.errors import ImportFailed


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
    max_import_seconds: float = 120  # reading and extracting one file


LIMITS = Limits()


def format_size(size: int) -> str:
    """A byte count as people read it: "70.0 MB", "64 MB", "12.5 kB", "100 bytes"
    (binary units: 1 MB = 1,048,576 bytes, as in docs/limits.md)."""
    for unit, scale in (("GB", 2**30), ("MB", 2**20), ("kB", 2**10)):
        if size >= scale:
            value = size / scale
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{size} bytes"


@contextmanager
def time_limit(seconds: float, path: Path) -> Iterator[None]:
    """Raise ImportFailed in the block when it runs longer than `seconds` (a watchdog
    timer; POSIX, main thread only — the CLI and the app's import worker processes).
    The alarm is noticed between Python steps, so one long call into a parser
    finishes first."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if seconds <= 0 or not usable:
        yield
        return

    def expire(_signum: int, _frame: object) -> None:
        raise ImportFailed(f"reading the page took longer than the limit of {seconds:g} s per file; "
                           "it was not imported", path)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
