"""Acting on the conflicts merges kept: keep our version, or use theirs.

A merge that finds an annotation edited on both sides keeps the later edit and stores
the other version in ``merge_conflicts`` (see merge.py). Resolving a conflict for the
side that won only marks it resolved. Resolving it for the other side makes the kept
version the annotation's content again — kind, passage, note, tags, fields, deleted
or not — as an ordinary edit with a new modified stamp, by the person resolving it
(``modified_by``). Merges know a version by the
hash of its content, and after a conflict both sides have seen both versions; so the
version brought back gets a fresh ``revision``, which makes it a new version to every
copy, and the version it replaces is recorded in ``merged_hashes``. Later merges then
carry the choice to colleagues who hold either version, and a colleague's edit made
meanwhile is a conflict again rather than silently lost. Each call is one transaction.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any, Literal

from claimmark.core.annotate.anchoring import context
from claimmark.core.annotate.editing import editor_id
from claimmark.core.annotate.passages import occurrences
from claimmark.core.model.errors import ConflictError, NotFound, ProjectDamaged
from claimmark.core.model.records import (
    FIELD_NAMES,
    KINDS,
    OFFSET_FIELDS,
    STATUSES,
    AnchorStatus,
    Version,
    now,
)
from claimmark.core.share.merge import version_of
from claimmark.core.store import annotations as stored
from claimmark.core.store import conflicts as stored_conflicts
from claimmark.core.store.authors import author_names
from claimmark.core.store.project import Project
from claimmark.core.store.tags import set_tags, tags_of
from claimmark.core.store.versions import seen_column, seen_versions, version_hash

Side = Literal["ours", "theirs"]
SIDES: tuple[Side, ...] = ("ours", "theirs")
TEXT_FIELDS = ("exact", "note", *(name for name in FIELD_NAMES if name != "status"))


@dataclass
class ConflictRecord:
    """One kept conflict, with both sides' versions, as the review lists show it."""

    id: int
    uuid: str
    annotation_uuid: str
    annotation_id: int | None  # None when the annotation's document was deleted since
    document_id: int | None
    document_title: str
    merged_at: str
    source_project: str
    winner: Side  # whose version the merge kept
    resolved: bool
    ours: Version
    theirs: Version

    def to_json(self) -> dict[str, Any]:
        """The stable JSON form (``claimmark conflicts --json``): each side as stored."""
        out = dict(self.__dict__)
        out["ours"], out["theirs"] = (dict(sorted(v.to_json().items())) for v in (self.ours, self.theirs))
        return out


@dataclass
class Resolution:
    """What resolving one conflict did, enough to undo it."""

    conflict_id: int
    keep: Side
    annotation_id: int | None
    document_id: int | None
    before: Version | None = None  # the replaced content, when it changed
    offsets: dict[str, Any] | None = None  # and where its passage was

    @property
    def changed(self) -> bool:
        return self.before is not None


def review(project: Project, include_resolved: bool = False) -> list[ConflictRecord]:
    """The conflicts kept for review (open ones only, unless `include_resolved`), newest first."""
    return _records(project, stored_conflicts.conflict_rows(project, include_resolved=include_resolved))


def get(project: Project, ref: int | str) -> ConflictRecord:
    """One conflict by its number (as `review` lists it) or a UUID prefix (4+ characters)."""
    conflict_id = project.resolve_ref("merge_conflicts", "conflict", ref)
    return _records(project, stored_conflicts.conflict_rows(project, conflict_id=conflict_id))[0]


def _records(project: Project, rows: list[tuple[Any, ...]]) -> list[ConflictRecord]:
    out = []
    for row in rows:
        kept, other = _versions(project, row[0], row[10], row[11])
        ours, theirs = (kept, other) if row[8] == "ours" else (other, kept)
        out.append(ConflictRecord(row[0], row[1], row[2], row[3], row[4], row[5] or "", row[6], row[7],
                                  row[8], bool(row[9]), ours, theirs))
    return out


def resolve(project: Project, ref: int | str, keep: Side) -> Resolution:
    """Keep our version or theirs of one conflict, and mark it resolved."""
    if keep not in SIDES:
        raise ConflictError(f"keep 'ours' or 'theirs', not {keep!r}")
    with project.transaction():
        conflict = get(project, ref)
        if conflict.resolved:
            raise ConflictError(f"conflict {conflict.id} is already resolved; edit the annotation instead")
        resolution = Resolution(conflict.id, keep, conflict.annotation_id, conflict.document_id)
        if keep != conflict.winner:
            if conflict.annotation_id is None:
                raise NotFound(f"the annotation of conflict {conflict.id} is no longer in the project "
                               "(its document was deleted); only the version it had can be kept")
            chosen = conflict.ours if keep == "ours" else conflict.theirs
            replaced = _apply(project, conflict.annotation_id, chosen)
            if replaced is not None:
                resolution.before, resolution.offsets = replaced
        stored_conflicts.set_resolved(project, conflict.id, True)
    return resolution


def undo(project: Project, resolution: Resolution) -> None:
    """Open the conflict again and, if resolving it changed the annotation, put the
    replaced content back (again as an edit with a new stamp, so the undo travels too)."""
    with project.transaction():
        if resolution.before is not None and resolution.annotation_id is not None:
            _apply(project, resolution.annotation_id, resolution.before, resolution.offsets)
        stored_conflicts.set_resolved(project, resolution.conflict_id, False)


def _apply(project: Project, ann_id: int, version: Version,
           offsets: dict[str, Any] | None = None) -> tuple[Version, dict[str, Any]] | None:
    """Make `version` the annotation's content, as an edit (at `offsets` when given);
    returns the content it replaced and where that was, or None if it held `version`
    already (a later merge brought it)."""
    row = stored.stored_row(project, ann_id)
    tags = tags_of(project, ann_id)
    if _content(row, tags) == _content(version.content(), version.tags):
        return None
    before = version_of(row, tags, author_names(project)), {k: row[k] for k in OFFSET_FIELDS}
    stamp = now()
    update = version.content()
    update["deleted"] = int(bool(version.deleted))
    update["deleted_at"] = stamp if update["deleted"] else ""
    update["modified"] = stamp
    update["modified_by"] = editor_id(project)
    update["revision"] = uuid.uuid4().hex
    update["merged_hashes"] = seen_column(seen_versions(row) | {version_hash(row, tags)})
    if offsets is not None:
        update.update(offsets)
    elif version.exact != row["exact"]:
        update.update(_place(project, row, version.exact))
    stored.change(project, ann_id, update)
    set_tags(project, ann_id, list(version.tags))
    stored.index(project, ann_id)
    return before


def _content(version: dict[str, Any], tags: list[str]) -> str:
    """A version's content, whatever its revision."""
    return version_hash({**version, "revision": ""}, tags)


def _place(project: Project, row: dict[str, Any], exact: str) -> dict[str, Any]:
    """Where a version's passage lies in the document: the occurrence nearest the
    annotation's present place, or an orphan left where it is if the text lacks it."""
    text = stored.reading_text(project, row["document_id"])
    found = occurrences(text, exact)
    if not found:
        return {"anchor_status": AnchorStatus.ORPHANED.value}
    start = min(found, key=lambda pos: abs(pos - row["start"]))
    prefix, suffix = context(text, start, start + len(exact))
    return {"start": start, "end": start + len(exact), "prefix": prefix, "suffix": suffix,
            "anchor_status": AnchorStatus.EXACT.value}


def _versions(project: Project, conflict_id: int, *raw: str) -> list[Version]:
    """The stored versions, checked: a project file is untrusted, its JSON too."""
    out = []
    for text in raw:
        try:
            version = json.loads(text)
        except ValueError:
            version = None
        if not _well_formed(version):
            raise ProjectDamaged(f"merge conflict {conflict_id} holds a damaged version", project.path)
        out.append(Version.from_json(version))
    return out


def _well_formed(version: Any) -> bool:
    return (
        isinstance(version, dict)
        and version.get("kind") in KINDS
        and version.get("status") in STATUSES
        and all(isinstance(version.get(k), str) for k in TEXT_FIELDS)
        and isinstance(version.get("deleted"), bool)
        and isinstance(version.get("tags"), list)
        and all(isinstance(t, str) for t in version["tags"])
    )
