"""A full disk without root tricks: files opened in one folder fill it up half way
through their first write."""

from __future__ import annotations

import errno
import io
import os
from pathlib import Path

import pytest


class FullDisk(io.RawIOBase):
    """A file on a disk that fills up half way through the write."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # type: ignore[override]
        os.write(self.fd, bytes(data)[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def fileno(self) -> int:
        return self.fd

    def close(self) -> None:
        if not self.closed:
            os.close(self.fd)
        super().close()


def fill_disk(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Every file descriptor of a file in `folder` that is wrapped by os.fdopen (as the
    core's writer does) writes half its data, then fails with ENOSPC (Linux: /proc)."""
    real_fdopen = os.fdopen

    def fdopen(fd: int, *args, **kwargs):
        if Path(os.readlink(f"/proc/self/fd/{fd}")).parent == folder:
            return FullDisk(fd)
        return real_fdopen(fd, *args, **kwargs)

    monkeypatch.setattr(os, "fdopen", fdopen)
