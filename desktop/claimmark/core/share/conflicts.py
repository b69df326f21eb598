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
from claimmark.core.model.errors import ConflictError, NotFound, ProjectDamaged
from claimmark.core.share.merge import author_names, version_of
from claimmark.core.store import annotations as ann
from claimmark.core.store.annotations import CONTENT_FIELDS, tags_of, version_hash
from claimmark.core.store.project import Project

Side = Literal["ours", "theirs"]
SIDES: tuple[Side, ...] = ("ours", "theirs")
OFFSETS = ("start", "end", "prefix", "suffix", "anchor_status")
TEXT_FIELDS = ("exact", "note", "claimant", "speaker", "source_title", "source_url")


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
    ours: dict[str, Any]
    theirs: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Resolution:
    """What resolving one conflict did, enough to undo it."""

    conflict_id: int
    keep: Side
    annotation_id: int | None
    document_id: int | None
    before: dict[str, Any] | None = None  # the replaced content, when it changed
    offsets: dict[str, Any] | None = None  # and where its passage was

    @property
    def changed(self) -> bool:
        return self.before is not None


def review(project: Project, include_resolved: bool = False) -> list[ConflictRecord]:
    """The conflicts kept for review (open ones only, unless `include_resolved`), newest first."""
    return _records(project, "" if include_resolved else "WHERE c.resolved = 0")


def get(project: Project, ref: int | str) -> ConflictRecord:
    """One conflict by its number (as `review` lists it) or a UUID prefix (4+ characters)."""
    conflict_id = project.resolve_ref("merge_conflicts", "conflict", ref)
    return _records(project, "WHERE c.id = ?", [conflict_id])[0]


def _records(project: Project, where: str, params: list[Any] | None = None) -> list[ConflictRecord]:
    rows = project.db.execute(
        "SELECT c.id, c.uuid, c.annotation_uuid, a.id, d.id, d.title, c.merged_at, c.source_project, "
        "c.winner, c.resolved, c.kept, c.other FROM merge_conflicts c "
        "LEFT JOIN annotations a ON a.uuid = c.annotation_uuid "
        f"LEFT JOIN documents d ON d.id = a.document_id {where} ORDER BY c.id DESC",
        params or [],
    ).fetchall()
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
    with project.transaction() as db:
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
        db.execute("UPDATE merge_conflicts SET resolved = 1 WHERE id = ?", [conflict.id])
    return resolution


def undo(project: Project, resolution: Resolution) -> None:
    """Open the conflict again and, if resolving it changed the annotation, put the
    replaced content back (again as an edit with a new stamp, so the undo travels too)."""
    with project.transaction() as db:
        if resolution.before is not None and resolution.annotation_id is not None:
            _apply(project, resolution.annotation_id, resolution.before, resolution.offsets)
        db.execute("UPDATE merge_conflicts SET resolved = 0 WHERE id = ?", [resolution.conflict_id])


def _apply(project: Project, ann_id: int, version: dict[str, Any],
           offsets: dict[str, Any] | None = None) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """Make `version` the annotation's content, as an edit (at `offsets` when given);
    returns the content it replaced and where that was, or None if it held `version`
    already (a later merge brought it)."""
    db = project.db
    row = next(db.query("SELECT * FROM annotations WHERE id = ?", [ann_id]))
    tags = tags_of(project, ann_id)
    if _content(row, tags) == _content(version, version["tags"]):
        return None
    before = version_of(row, tags, author_names(project)), {k: row[k] for k in OFFSETS}
    stamp = ann.now()
    update = {k: version[k] for k in CONTENT_FIELDS}
    update["deleted"] = int(bool(version["deleted"]))
    update["deleted_at"] = stamp if update["deleted"] else ""
    update["modified"] = stamp
    update["modified_by"] = ann.editor_id(project)
    update["revision"] = uuid.uuid4().hex
    update["merged_hashes"] = ann.seen_column(ann.seen_versions(row) | {version_hash(row, tags)})
    if offsets is not None:
        update.update(offsets)
    elif version["exact"] != row["exact"]:
        update.update(_place(project, row, version["exact"]))
    db.table("annotations").update(ann_id, update)
    ann._set_tags(project, ann_id, list(version["tags"]))
    ann._index(project, ann_id)
    return before


def _content(version: dict[str, Any], tags: list[str]) -> str:
    """A version's content, whatever its revision."""
    return version_hash({**version, "revision": ""}, tags)


def _place(project: Project, row: dict[str, Any], exact: str) -> dict[str, Any]:
    """Where a version's passage lies in the document: the occurrence nearest the
    annotation's present place, or an orphan left where it is if the text lacks it."""
    text = ann._reading_text(project, row["document_id"])
    found = ann.occurrences(text, exact)
    if not found:
        return {"anchor_status": "orphaned"}
    start = min(found, key=lambda pos: abs(pos - row["start"]))
    prefix, suffix = context(text, start, start + len(exact))
    return {"start": start, "end": start + len(exact), "prefix": prefix, "suffix": suffix,
            "anchor_status": "exact"}


def _versions(project: Project, conflict_id: int, *raw: str) -> list[dict[str, Any]]:
    """The stored versions, checked: a project file is untrusted, its JSON too."""
    out = []
    for text in raw:
        try:
            version = json.loads(text)
        except ValueError:
            version = None
        if not _well_formed(version):
            raise ProjectDamaged(f"merge conflict {conflict_id} holds a damaged version", project.path)
        out.append(version)
    return out


def _well_formed(version: Any) -> bool:
    return (
        isinstance(version, dict)
        and version.get("kind") in ann.KINDS
        and version.get("status") in ann.STATUSES
        and all(isinstance(version.get(k), str) for k in TEXT_FIELDS)
        and isinstance(version.get("deleted"), bool)
        and isinstance(version.get("tags"), list)
        and all(isinstance(t, str) for t in version["tags"])
    )
