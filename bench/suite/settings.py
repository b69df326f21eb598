"""The sizes and repeat counts of a run: the full suite (issue #17's sizes) or `--quick`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    quick: bool
    work: Path  # the run's temporary folder
    documents: int  # in the big project
    annotations: int
    folder_pages: int  # pages in the folder import
    highlights: tuple[int, ...]  # on the one article opened in the window
    repeats: int  # interleaved floor/subject pairs for a cheap figure
    heavy_repeats: int  # the same for a figure that takes seconds
    adds: int  # highlights added one by one in the window
    queries: int  # search queries

    @classmethod
    def make(cls, work: Path, quick: bool) -> Settings:
        if quick:
            return cls(True, work, 300, 3_000, 20, (0, 200, 1_000), 5, 3, 30, 50)
        return cls(False, work, 20_000, 200_000, 200, (0, 1_000, 5_000), 7, 3, 200, 200)

    @property
    def size_note(self) -> str:
        return f"{self.documents:,} docs / {self.annotations:,} annotations"
