"""Merging another person's project file into this one.

Documents match by UUID, else by content hash, else by canonical URL (then with a
text that differs: incoming annotations are re-anchored onto our text, and any that
cannot be placed are kept as orphans). Annotations match by UUID; tags by name.

Each side's version of an annotation is known by a hash of its content (kind, text,
note, tags, fields, deleted or not). A version is *known* to a side when it is the
version as created (never modified) or one that an earlier merge brought in or
superseded there (``annotations.merged_hashes``). If their version is known to us,
ours is newer: we keep it. If ours is known to them, theirs is newer: we take it.
Otherwise both changed it: a conflict, where the later edit wins and the other
version is kept in ``merge_conflicts`` for review. A version taken in brings its
``modified_by`` (who edited it) along, as it brings ``modified``. If each side knows
the other's version, one of them went back to an earlier version (a conflict resolved
for the losing side, an undo): a hash alone cannot say which is newer, so the later
edit wins, without a conflict. A deletion is a change like any other, so a tombstone
wins over an unchanged copy but never over a later edit. Merging twice changes nothing
the second time, and the result is the same, as to content, in either direction.

The incoming file is untrusted: it is checked and read from a private copy, never
touched. Its data is checked there too (core/share/incoming.py): damaged documents and
annotations that do not fit their document are skipped, and so is an annotation whose
UUID is that of one of ours on another document (a conflict no merge can settle:
ours stays as it is). The report names each skipped row and why. The whole merge is
one transaction.
"""

from __future__ import annotations

import json
import sqlite3
import uuid as uuidlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimmark.core.annotate.anchoring import Reanchorer, context
from claimmark.core.annotate.author_names import take_renames
from claimmark.core.annotate.passages import shorten
from claimmark.core.model.errors import MergeIntoItself, NoSuchProject, ProjectCopiedWhileOpen, ProjectError
from claimmark.core.model.records import (
    CONTENT_FIELDS,
    COPIED_COLUMNS,
    OFFSET_FIELDS,
    AnchorStatus,
    Version,
    now,
)
from claimmark.core.share.incoming import Vetted, vet
from claimmark.core.store import annotations as stored
from claimmark.core.store import merging
from claimmark.core.store.authors import author_names, keep_author
from claimmark.core.store.conflicts import insert_conflict
from claimmark.core.store.project import Project
from claimmark.core.store.scratch import copy_private, scratch_folder
from claimmark.core.store.sqlite_errors import project_error
from claimmark.core.store.tags import set_tags, tags_for, tags_of
from claimmark.core.store.versions import seen_column, seen_versions, set_seen, version_hash

FILLABLE = ("byline", "site_name", "url", "published", "section", "language", "saved_at")
SHOWN_SKIPS = 20  # skipped rows the text summary lists one by one (the JSON has all)


@dataclass(frozen=True)
class Conflict:
    uuid: str
    document_title: str
    winner: str  # "ours" or "theirs"
    kept: Version
    other: Version

    def to_json(self) -> dict[str, Any]:
        return {"uuid": self.uuid, "document_title": self.document_title, "winner": self.winner,
                "kept": self.kept.to_json(), "other": self.other.to_json()}


@dataclass
class Skipped:
    """A row of the incoming file that was not merged, and why."""

    kind: str  # "document" or "annotation"
    uuid: str
    title: str  # the document's (for an annotation, its document's)
    reason: str

    def describe(self) -> str:
        return f"{self.kind} {self.uuid[:8]} in {self.title!r}: {self.reason}"


@dataclass
class MergeReport:
    source: Path
    documents_added: list[str] = field(default_factory=list)  # titles
    documents_matched: dict[str, int] = field(default_factory=lambda: {"uuid": 0, "content": 0, "url": 0})
    annotations_added: int = 0
    annotations_updated: int = 0  # their version replaced ours
    annotations_deleted: int = 0  # their tombstone applied to our copy
    annotations_unchanged: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)  # uuids of incoming annotations kept as orphans
    skipped: list[Skipped] = field(default_factory=list)  # rows of the incoming file left out
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.documents_added or self.annotations_added or self.annotations_updated
                    or self.annotations_deleted or self.conflicts)

    def summary_lines(self) -> list[str]:
        """The report in lines, as stored (the caller escapes them for where it shows them)."""
        matched = sum(self.documents_matched.values())
        lines = [
            f"{'Would merge' if self.dry_run else 'Merged'} {self.source}:",
            f"  documents: {len(self.documents_added)} new, {matched} already here"
            f" (by UUID {self.documents_matched['uuid']}, by content {self.documents_matched['content']},"
            f" by URL {self.documents_matched['url']})",
            f"  annotations: {self.annotations_added} new, {self.annotations_updated} updated,"
            f" {self.annotations_deleted} deleted, {self.annotations_unchanged} unchanged",
            f"  conflicts: {len(self.conflicts)} (the later edit won; the other is kept for review)",
            f"  orphans: {len(self.orphans)} (kept, but their text is not in our copy of the document)",
            f"  skipped: {len(self.skipped)} (bad or conflicting rows of {self.source}, not merged)",
        ]
        for conflict in self.conflicts:
            lines.append(f"    conflict {conflict.uuid[:8]} in {conflict.document_title!r}: "
                         f"{conflict.winner} won ({_short(conflict.kept)} / {_short(conflict.other)})")
        for skipped in self.skipped[:SHOWN_SKIPS]:
            lines.append(f"    skipped {skipped.describe()}")
        if len(self.skipped) > SHOWN_SKIPS:
            lines.append(f"    and {len(self.skipped) - SHOWN_SKIPS} more skipped (--json lists them all)")
        return lines

    def to_json(self) -> dict[str, Any]:
        return {
            "source": str(self.source),
            "dry_run": self.dry_run,
            "documents_added": self.documents_added,
            "documents_matched": self.documents_matched,
            "annotations_added": self.annotations_added,
            "annotations_updated": self.annotations_updated,
            "annotations_deleted": self.annotations_deleted,
            "annotations_unchanged": self.annotations_unchanged,
            "conflicts": [c.to_json() for c in self.conflicts],
            "orphans": self.orphans,
            "skipped": [s.__dict__ for s in self.skipped],
        }


def _short(version: Version) -> str:
    if version.deleted:
        return "deleted"
    return f"{version.kind}: {shorten(version.note or version.exact or '', 30)!r}"


@contextmanager
def open_foreign(path: Path) -> Iterator[Project]:
    """Open another person's project from a private, read-only copy (migrated there
    if older). The file itself is only read, and refused if it was copied while open."""
    path = Path(path)
    journal = path.with_name(path.name + "-journal")
    if journal.exists() and journal.stat().st_size > 0:
        raise ProjectCopiedWhileOpen(
            "a '-journal' file lies beside the project: it was copied while being written. "
            "Ask the sender for a proper copy (File ▸ Save a Copy, or 'claimmark copy')",
            path,
        )
    if not path.is_file():
        raise NoSuchProject("no such project file", path)
    with scratch_folder("claimmark-merge-", path) as folder:
        private = Path(folder) / "incoming.claimmark"
        copy_private(path, private, path)
        try:
            project = Project.open_copy(private, path)
        except ProjectError as exc:
            raise type(exc)(exc.message, path) from None  # the same situation, named by its own path
        try:
            yield project
        finally:
            project.close()


@contextmanager
def reading(path: Path) -> Iterator[None]:
    """Reads of the incoming file: an SQLite error there names that file, not our project
    (which the command line would otherwise blame)."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        raise project_error(exc, path) from None


class _DryRun(Exception):
    """Raised inside the merge transaction to roll a dry run back."""


def merge(project: Project, other_path: str | Path, dry_run: bool = False) -> MergeReport:
    """Merge the project file at `other_path` into `project`; one transaction."""
    other_path = Path(other_path)
    if other_path.resolve() == project.path.resolve():
        raise MergeIntoItself("a project cannot be merged into itself", other_path)
    report = MergeReport(other_path, dry_run=dry_run)
    with open_foreign(other_path) as other:
        with reading(other_path):
            vetted = vet(other, other_path)
        try:
            with project.transaction():
                _Merger(project, other, report, vetted).run()
                if dry_run:
                    raise _DryRun
        except _DryRun:
            pass
    return report


class _Merger:
    def __init__(self, ours: Project, theirs: Project, report: MergeReport, vetted: Vetted):
        self.ours = ours
        self.theirs = theirs
        self.report = report
        self.vetted = vetted
        self.doc_map: dict[int, int] = {}  # their document id -> ours
        self.anchorers: dict[int, Reanchorer | None] = {}  # their document id -> text mapping
        self.titles: dict[int, str] = {}
        with reading(report.source):
            self.source = theirs.meta().get("uuid", "")
            self.their_names = author_names(theirs)
        self.our_names = author_names(ours)

    def run(self) -> None:
        for doc in self._theirs(merging.stored_documents(self.theirs)):
            self._merge_document(doc)
        with reading(self.report.source):
            rest = self._not_unchanged()
            tags = tags_for(self.theirs, rest)
        for row in self._theirs(merging.annotation_rows(self.theirs, rest)):
            self._merge_annotation(row, tags.get(row["id"], []))
        take_renames(self.ours, self.theirs)

    def _not_unchanged(self) -> list[int]:
        """The ids of their annotations that `_merge_annotation` must look at, in order;
        the others are counted unchanged. Those are ours as they stand: on the same
        document, with all that a version's hash is made of equal, so their hashes are
        equal. One read of each side finds them, without a query or a hash each."""
        ours = {row[1]: (row[2], row[3:]) for row in merging.version_rows(self.ours)}
        rest = []
        for row in merging.version_rows(self.theirs):
            mine = ours.get(row[1])
            if (mine is not None and mine[0] == self.doc_map.get(row[2]) and mine[1] == row[3:]
                    and row[0] not in self.vetted.annotations):
                self.report.annotations_unchanged += 1
            else:
                rest.append(row[0])
        return rest

    def _theirs(self, rows: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """Rows of the incoming file, one at a time (errors in the caller's own work on
        each row, our project's, are not caught here)."""
        with reading(self.report.source):
            yield from rows

    # -- documents ----------------------------------------------------------------
    def _merge_document(self, doc: dict[str, Any]) -> None:
        self.titles[doc["id"]] = doc["title"]
        reason = self.vetted.documents.get(doc["id"])
        if reason is not None:
            self._skip("document", doc["uuid"], doc["id"], reason)
            return
        match, how = merging.matching_document(self.ours, doc)
        their_id = doc["id"]
        if match is None:
            our_id = self._add_document(doc)
            self.report.documents_added.append(doc["title"])
            self.anchorers[their_id] = None
        else:
            our_id = match["id"]
            self.report.documents_matched[how] += 1
            filled = {k: doc[k] for k in FILLABLE if doc[k] and not match[k]}
            if filled:
                merging.fill_document(self.ours, our_id, filled)
            ours_text, theirs_text = match["reading_text"], doc["reading_text"]
            same = ours_text == theirs_text
            self.anchorers[their_id] = None if same else Reanchorer(theirs_text, ours_text)
        self.doc_map[their_id] = our_id

    def _add_document(self, doc: dict[str, Any]) -> int:
        with reading(self.report.source):
            whole = merging.stored_document(self.theirs, doc["id"])
            images = merging.stored_images(self.theirs, doc["id"])
        return merging.add_document(self.ours, whole, images)

    # -- annotations --------------------------------------------------------------
    def _merge_annotation(self, theirs: dict[str, Any], their_tags: list[str]) -> None:
        our_doc = self.doc_map.get(theirs["document_id"])
        if our_doc is None:
            missing = ("its document was skipped" if theirs["document_id"] in self.titles
                       else "its document is not in the file")
            self._skip("annotation", theirs["uuid"], theirs["document_id"], missing)
            return
        reason = self.vetted.annotations.get(theirs["id"])
        if reason is not None:
            self._skip("annotation", theirs["uuid"], theirs["document_id"], reason)
            return
        ours = stored.stored_row_by_uuid(self.ours, theirs["uuid"])
        if ours is not None and ours["document_id"] != our_doc:
            title = merging.document_title(self.ours, ours["document_id"])
            self._skip("annotation", theirs["uuid"], theirs["document_id"],
                       f"a conflict: its UUID is that of our annotation {ours['id']} on another document "
                       f"(our document {ours['document_id']}, {title!r}); ours was kept as it is")
            return
        their_hash = version_hash(theirs, their_tags)
        if ours is None:
            self._insert(theirs, their_tags, our_doc)
            return
        our_tags = tags_of(self.ours, ours["id"])
        our_hash = version_hash(ours, our_tags)
        if our_hash == their_hash:
            self.report.annotations_unchanged += 1
            return
        ours_seen, theirs_seen = seen_versions(ours), seen_versions(theirs)
        theirs_known = their_hash in ours_seen or _as_created(theirs)
        ours_known = our_hash in theirs_seen or _as_created(ours)
        if theirs_known and ours_known:
            # each side has seen the other's version, so one side went back to an earlier
            # version (a resolved conflict, an undo): that return is the later edit
            theirs_known = (_edited_at(theirs), their_hash) < (_edited_at(ours), our_hash)
            ours_known = not theirs_known
        if theirs_known:
            self.report.annotations_unchanged += 1  # ours is the newer version; keep it
            return
        if ours_known:
            self._take_theirs(ours, theirs, their_tags, ours_seen | theirs_seen | {our_hash})
            if theirs["deleted"] and not ours["deleted"]:
                self.report.annotations_deleted += 1
            else:
                self.report.annotations_updated += 1
            return
        # changed on both sides: the later edit wins, the other version is kept for review
        seen = ours_seen | theirs_seen | {our_hash, their_hash}
        title = self.titles.get(theirs["document_id"], "")
        our_version = version_of(ours, our_tags, self.our_names)
        their_version = version_of(theirs, their_tags, self.their_names)
        if (_edited_at(theirs), their_hash) > (_edited_at(ours), our_hash):
            self._take_theirs(ours, theirs, their_tags, seen)
            conflict = Conflict(theirs["uuid"], title, "theirs", their_version, our_version)
        else:
            set_seen(self.ours, ours["id"], seen)
            conflict = Conflict(theirs["uuid"], title, "ours", our_version, their_version)
        self.report.conflicts.append(conflict)
        self._record_conflict(conflict)

    def _insert(self, theirs: dict[str, Any], tags: list[str], our_doc: int) -> None:
        record = {k: theirs[k] for k in COPIED_COLUMNS if k in theirs}
        record["document_id"] = our_doc
        record["merged_hashes"] = theirs.get("merged_hashes", "")
        record.update(self._anchor(theirs))
        if record["anchor_status"] == AnchorStatus.ORPHANED and not theirs["deleted"]:
            self.report.orphans.append(theirs["uuid"])
        self._ensure_author(theirs)
        ann_id = stored.insert(self.ours, record)
        set_tags(self.ours, ann_id, tags)
        stored.index(self.ours, ann_id)
        self.report.annotations_added += 1

    def _take_theirs(self, ours: dict[str, Any], theirs: dict[str, Any], tags: list[str],
                     seen: set[str]) -> None:
        update = {k: theirs[k] for k in (*CONTENT_FIELDS, "modified", "deleted_at", "author", "author_id",
                                         "revision", "modified_by")}
        update["merged_hashes"] = seen_column(seen)
        if theirs["exact"] != ours["exact"]:
            update.update(self._anchor(theirs))
            if update["anchor_status"] == AnchorStatus.ORPHANED and not theirs["deleted"]:
                self.report.orphans.append(theirs["uuid"])
        self._ensure_author(theirs)
        stored.change(self.ours, ours["id"], update)
        set_tags(self.ours, ours["id"], tags)
        stored.index(self.ours, ours["id"])

    def _anchor(self, theirs: dict[str, Any]) -> dict[str, Any]:
        """Offsets of an incoming annotation in our copy of its document's text."""
        anchorer = self.anchorers.get(theirs["document_id"])
        if anchorer is None:
            return {k: theirs[k] for k in OFFSET_FIELDS}
        start, end, status = anchorer.reanchor(theirs["start"], theirs["end"], theirs["exact"],
                                               theirs["prefix"], theirs["suffix"])
        out: dict[str, Any] = {"start": start, "end": end, "anchor_status": status,
                               "prefix": theirs["prefix"], "suffix": theirs["suffix"]}
        if status in (AnchorStatus.EXACT, AnchorStatus.MOVED):
            out["prefix"], out["suffix"] = context(anchorer.new, start, end)
        return out

    def _skip(self, kind: str, uuid: str, their_doc: int, reason: str) -> None:
        self.report.skipped.append(Skipped(kind, uuid, self.titles.get(their_doc, ""), reason))

    def _ensure_author(self, theirs: dict[str, Any]) -> None:
        """Their author and last editor in our authors table (the names we have win)."""
        people = [(theirs["author_id"], theirs["author"])]
        if theirs["modified_by"] in self.their_names:
            people.append((theirs["modified_by"], self.their_names[theirs["modified_by"]]))
        for author_id, name in people:
            keep_author(self.ours, author_id, name)
            self.our_names.setdefault(author_id, name)

    def _record_conflict(self, conflict: Conflict) -> None:
        insert_conflict(
            self.ours,
            {
                "uuid": str(uuidlib.uuid4()),
                "annotation_uuid": conflict.uuid,
                "merged_at": now(),
                "source_project": self.source,
                "winner": conflict.winner,
                "kept": json.dumps(conflict.kept.to_json(), ensure_ascii=False, sort_keys=True),
                "other": json.dumps(conflict.other.to_json(), ensure_ascii=False, sort_keys=True),
                "resolved": 0,
            }
        )


def _as_created(row: dict[str, Any]) -> bool:
    """Never modified since it was made: the version every copy started from."""
    return bool(row["modified"] == row["created"])


def _edited_at(row: dict[str, Any]) -> str:
    return max(row["modified"] or "", row.get("deleted_at") or "")


def version_of(row: dict[str, Any], tags: list[str], names: dict[str, str]) -> Version:
    """One side's version as a conflict keeps it: the content, tags, when and by whom it
    was last changed (the editor's id, and name from `names`, an authors table)."""
    content = {k: row[k] for k in CONTENT_FIELDS}
    content["deleted"] = bool(content["deleted"])
    return Version(**content, modified=row["modified"], author=row["author"], modified_by=row["modified_by"],
                   tags=tags, modified_by_name=names.get(row["modified_by"], ""))
