"""An author's name across a project: the names their annotations carry, renaming
them, and how a rename travels when projects are merged.

Each annotation keeps the name its author had when making it (``annotations.author``)
and ``authors.name`` the latest. A rename sets both for every annotation the author
made before it, in one transaction, and records itself in ``authors.renamed_to`` and
``renamed_at``. It is not an edit
of the annotations' content: their ``modified`` times and version hashes stay, so a
rename never makes a merge conflict. In a merge the later rename wins on both sides
(``take_renames``), and reaches the annotations the merge brought in.
"""

from __future__ import annotations

from claimmark.core.annotate.authors import clean_name
from claimmark.core.model.errors import InvalidAnnotation
from claimmark.core.model.records import now
from claimmark.core.store import annotations as stored
from claimmark.core.store import authors
from claimmark.core.store.project import Project


def rename(project: Project, author_id: str, name: str) -> int:
    """Give author `author_id` the name `name` on all their annotations (deleted ones
    too, so an undone deletion comes back under it); the number of annotations renamed."""
    name = clean_name(name)
    if not name:
        raise InvalidAnnotation("the author name cannot be empty")
    with project.transaction():
        known = authors.name_of(project, author_id)
        if known is None:
            return 0
        stamp = now()
        changed = _apply(project, author_id, name, stamp)
        if changed or known != name:
            authors.set_renamed(project, author_id, name, stamp)
    return changed


def take_renames(ours: Project, theirs: Project) -> None:
    """In a merge (inside its transaction): for each author the other project knows,
    the later of the two renames wins, and reaches that author's annotations here that
    were made before it (their own and the ones just merged in)."""
    for author_id, renamed_to, renamed_at in authors.renames(theirs):
        row = authors.rename_of(ours, author_id)
        if row is None:
            continue  # none of their annotations came over
        if (renamed_at, renamed_to) > (row[1], row[0]):
            authors.set_renamed(ours, author_id, renamed_to, renamed_at)
            row = (renamed_to, renamed_at)
        if row[1]:
            _apply(ours, author_id, row[0], row[1])


def _apply(project: Project, author_id: str, name: str, renamed: str) -> int:
    ids = authors.rename_annotations(project, author_id, name, renamed)
    for ann_id in ids:
        stored.index(project, ann_id)  # the search's "people" column holds the name
    return len(ids)
