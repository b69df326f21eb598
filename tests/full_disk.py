"""A full disk without root tricks: a write to a file in one folder stores half its
data, then fails with ENOSPC, as a disk that fills up half way does."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest


def fill_disk(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Every `os.write` to a file in `folder` (the core's writer writes so) stores half,
    then the next fails with ENOSPC. Other descriptors write as usual (Linux: /proc)."""
    real_write = os.write
    full: set[int] = set()

    def write(fd: int, data) -> int:
        try:
            inside = Path(os.readlink(f"/proc/self/fd/{fd}")).parent == folder
        except OSError:
            inside = False
        if not inside:
            return real_write(fd, data)
        if fd in full:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        full.add(fd)
        return real_write(fd, bytes(data)[: max(1, len(data) // 2)])

    monkeypatch.setattr(os, "write", write)
