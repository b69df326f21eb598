"""Checking the data of another person's project before a merge takes any of it.

Opening the private copy of an incoming file checks its header, format version, schema
and SQLite's full ``integrity_check`` (`Project.open_copy`, core/store/safety.py); that
says nothing of its rows. So a merge runs ClaimMark's own `check` on the copy first
(core/store/project.py):

- a problem of the whole file (the integrity check, on opening; text that is not
  UTF-8) refuses the merge, with a message naming the incoming file;
- a document whose reading structure is damaged or disagrees with its text, or whose
  stored original is damaged, is skipped, and its annotations with it;
- an annotation whose range lies outside its document, or whose text there is not
  its quote, is skipped.

The incoming file's search indexes are not used (a merge indexes what it takes in
itself), so rows missing from them are no reason to skip anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from claimmark.core.model.errors import ProjectDamaged
from claimmark.core.store.annotations import anchor_problems
from claimmark.core.store.project import Project


@dataclass
class Vetted:
    """What a merge must leave out of an incoming file: row id -> the reason."""

    documents: dict[int, str] = field(default_factory=dict)
    annotations: dict[int, str] = field(default_factory=dict)


def vet(project: Project, path: Path) -> Vetted:
    """Check the incoming `project` (opened from a private copy of `path`): raise
    ProjectError naming `path` for a problem of the whole file, else return the rows
    to skip."""
    encoding = project.encoding_problems()
    if encoding:
        raise ProjectDamaged(f"the project file holds text that is not valid UTF-8 ({encoding[0]})", path)
    vetted = Vetted()
    for doc_id, reason in project.document_problems():
        vetted.documents.setdefault(doc_id, reason)
    for ann_id, reason in anchor_problems(project):
        vetted.annotations.setdefault(ann_id, reason)
    return vetted
