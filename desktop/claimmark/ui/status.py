"""The status bar's counts: documents (shown of all, when filtered) and annotations by kind."""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimmark.ui import theme as themes

if TYPE_CHECKING:
    from claimmark.core import Project


def counts_text(project: Project | None, shown: int, kind_totals: dict[str, int]) -> str:
    """ "3 of 20 documents shown  ·  ◆ 4 claims  ·  …"; `shown` is the library's row count,
    `kind_totals` the project's live annotations by kind."""
    if project is None:
        return "No project"
    total = project.count_documents()
    text = f"{total} document{'s' if total != 1 else ''}"
    if shown != total:
        text = f"{shown} of {text} shown"
    counts = dict.fromkeys(themes.KINDS, 0) | kind_totals
    return (
        text
        + "  ·  "
        + "  ·  ".join(
            f"{themes.KIND_MARKERS[k]} {counts[k]} {k}{'s' if counts[k] != 1 else ''}" for k in themes.KINDS
        )
    )
