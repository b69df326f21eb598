"""The project-wide figures the window shows beside the article: live annotations by
kind (the status bar), each author's latest name and the tags in use (the library's
filters), every author id on an annotation (the colours by author).

Each is read from the file the first time it is asked for, then folded forward by
every saved change of an annotation instead of read again: those reads scan the whole
annotations table, and tagging a passage must cost the same in a project of 200,000
annotations as in one of ten. A change that cannot be folded in exactly (one whose
state before is not known, a deletion for the authors' names, a tag that may have
gone out of use, a new author id) marks that figure stale, to be read again when next
asked for."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from claimmark import core

if TYPE_CHECKING:
    from claimmark.core import Annotation, Project


@dataclass(frozen=True)
class Live:
    """What the figures need of a live annotation: its kind and tags."""

    kind: str
    tags: frozenset[str]


class Tallies:
    """The figures of the open project, each None while it is to be read afresh."""

    def __init__(self) -> None:
        self.kinds: dict[str, int] | None = None
        self.names: dict[str, str] | None = None
        self.author_ids: frozenset[str] | None = None
        self.tags: list[str] | None = None

    def clear(self) -> None:
        """A project opened or closed, or read afresh: everything is read again."""
        self.kinds = self.names = self.author_ids = self.tags = None

    def kind_totals(self, project: Project) -> dict[str, int]:
        if self.kinds is None:
            self.kinds = core.kind_totals(project)
        return dict(self.kinds)

    def latest_author_names(self, project: Project) -> dict[str, str]:
        if self.names is None:
            self.names = core.latest_author_names(project)
        return dict(self.names)

    def annotation_author_ids(self, project: Project) -> frozenset[str]:
        if self.author_ids is None:
            self.author_ids = frozenset(core.annotation_author_ids(project))
        return self.author_ids

    def all_tags(self, project: Project) -> list[str]:
        if self.tags is None:
            self.tags = core.all_tags(project)
        return list(self.tags)

    def fold(self, before: Live | None, known: bool, found: Annotation) -> None:
        """One saved change: `found` as saved now; `before`, when `known`, what it was
        (None: not live, i.e. new or deleted)."""
        after = None if found.deleted else Live(found.kind, frozenset(found.tags))
        if not known:
            self.kinds = None
        elif self.kinds is not None and before != after:
            for live, step in ((before, -1), (after, 1)):
                if live is not None:
                    self.kinds[live.kind] = self.kinds.get(live.kind, 0) + step
                    if not self.kinds[live.kind]:
                        del self.kinds[live.kind]
        if after is None:
            self.names = None  # the author's latest live annotation is another one now, or none
        elif self.names is not None:
            self.names[found.author_id] = found.author  # modified now: their latest
        if self.author_ids is not None and found.author_id not in self.author_ids:
            self.author_ids = None
        lost = (before.tags if before is not None else frozenset()) - (after.tags if after else frozenset())
        if not known or lost:
            self.tags = None  # perhaps out of use now
        elif self.tags is not None and after is not None and not after.tags.issubset(self.tags):
            self.tags = sorted({*self.tags, *after.tags}, key=lambda n: (n.casefold(), n))
