"""Making, editing, deleting and restoring annotations: the rules (core/annotate/fields.py,
passages.py) applied, then the store written (core/store/annotations.py), each call one
transaction.

A new or moved range is first trimmed of the stray edges a selection takes in
(`claimmark.core.annotate.trim`). The person making a change becomes the annotation's
``modified_by``. An edit records the version it replaced among those the annotation has
seen (core/store/versions.py), so that a merge takes the edit for newer, not a conflict.
Deleting leaves a tombstone; `restore` undoes it.
"""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Iterable
from itertools import islice
from typing import Any

from claimmark.core.annotate.anchoring import context
from claimmark.core.annotate.authors import clean_name, current_author
from claimmark.core.annotate.fields import clean_note, clean_tags, kind_values
from claimmark.core.annotate.passages import find_exact, passage
from claimmark.core.model.errors import AlreadyDeleted, InvalidAnnotation, NotDeleted, NotFound
from claimmark.core.model.records import (
    EDITABLE,
    FIELD_NAMES,
    AnchorStatus,
    Annotation,
    NewAnnotation,
    now,
    parse_kind,
)
from claimmark.core.store import annotations as stored
from claimmark.core.store import bulk
from claimmark.core.store.authors import ensure_author
from claimmark.core.store.project import Project
from claimmark.core.store.tags import set_tags
from claimmark.core.store.versions import current_version, superseded

BATCH = 500  # annotations `add_many` stores in one transaction


def editor_id(project: Project) -> str:
    """The author id of the person changing annotations now (their ``modified_by``),
    entered in the authors table under their present name; call inside a transaction."""
    name, author_id = current_author()
    ensure_author(project, author_id, name)
    return author_id


def add(
    project: Project,
    document_id: int,
    kind: str,
    start: int,
    end: int,
    *,
    note: str = "",
    tags: Iterable[str] = (),
    claimant: str = "",
    status: str = "unverified",
    speaker: str = "",
    source_title: str = "",
    source_url: str = "",
    author: str | None = None,
) -> Annotation:
    """Annotate [start, end) (code points) of a document's reading text, trimmed of
    the stray edges a selection takes in (see `passage`)."""
    given = (tags,) if isinstance(tags, str) else tuple(tags)
    spec = NewAnnotation(int(document_id), kind, start, end, note, given, claimant, status, speaker,
                         source_title, source_url, author)
    with project.transaction():
        ann_id = _store(project, [spec])[0]
    return stored.get(project, ann_id)


def add_many(project: Project, annotations: Iterable[NewAnnotation], batch: int = BATCH) -> list[int]:
    """`add` for many annotations, `batch` of them at a time in one transaction each, in
    a few statements (core/store/bulk.py); their ids, in order."""
    ids: list[int] = []
    pending = iter(annotations)
    while chunk := list(islice(pending, batch)):
        with project.transaction():
            ids += _store(project, chunk)
    return ids


def _store(project: Project, batch: list[NewAnnotation]) -> list[int]:
    """Check, trim and store `batch` (inside the caller's transaction); their ids."""
    texts = bulk.reading_texts(project, [spec.document_id for spec in batch])
    people: dict[str | None, tuple[str, str]] = {}
    stamp = now()
    ann_id = bulk.next_id(project, "annotations")
    records: list[dict[str, Any]] = []
    cleaned: list[list[str]] = []
    for spec in batch:
        kind = parse_kind(spec.kind)
        values = kind_values(kind, {"claimant": spec.claimant, "status": spec.status, "speaker": spec.speaker,
                                    "source_title": spec.source_title, "source_url": spec.source_url})
        note = clean_note(spec.note)
        cleaned.append(clean_tags(spec.tags))
        if spec.author not in people:
            people[spec.author] = current_author(spec.author)
        name, author_id = people[spec.author]
        text = texts.get(int(spec.document_id))
        if text is None:
            raise NotFound(f"no document with id {spec.document_id}")
        start, end = passage(text, spec.start, spec.end)
        prefix, suffix = context(text, start, end)
        records.append({
            "id": ann_id, "uuid": str(uuidlib.uuid4()), "document_id": int(spec.document_id), "kind": kind,
            "start": start, "end": end, "exact": text[start:end], "prefix": prefix, "suffix": suffix,
            "note": note, **values, "author": name, "author_id": author_id,
            "created": stamp, "modified": stamp, "anchor_status": AnchorStatus.EXACT.value, "deleted": 0,
            "modified_by": author_id,
        })  # fmt: skip
        ann_id += 1
    for name, author_id in people.values():
        ensure_author(project, author_id, name)
    known = bulk.tag_ids(project, [tag for tags in cleaned for tag in tags])
    links = [(r["id"], known[tag.casefold()][0], position)
             for r, tags in zip(records, cleaned, strict=True) for position, tag in enumerate(tags)]
    search = [stored.search_row(r["id"], r, [known[tag.casefold()][1] for tag in tags])
              for r, tags in zip(records, cleaned, strict=True)]
    bulk.insert_annotations(project, records, links, search)
    return [r["id"] for r in records]


def add_text(project: Project, document_id: int, kind: str, exact: str, occurrence: int | None = None,
             **fields: Any) -> Annotation:
    """Annotate the text `exact` of a document (`occurrence` picks one of several)."""
    with project.transaction():  # the text cannot change between finding and tagging
        text = stored.reading_text(project, int(document_id))
        start, end = find_exact(text, exact, occurrence)
        return add(project, document_id, kind, start, end, **fields)


def _changes(project: Project, current: Annotation, fields: dict[str, Any]) -> dict[str, Any]:
    """The columns `fields` change of `current`, cleaned and checked."""
    changes: dict[str, Any] = {}
    kind = parse_kind(fields["kind"]) if "kind" in fields else current.kind
    if kind != current.kind:
        changes["kind"] = kind
    kind_raw = {name: fields[name] if name in fields else getattr(current, name) for name in FIELD_NAMES}
    values = kind_values(kind, kind_raw, given=[name for name in FIELD_NAMES if name in fields])
    changes.update({k: v for k, v in values.items() if v != getattr(current, k)})
    if "note" in fields:
        note = clean_note(fields["note"])
        if note != current.note:
            changes["note"] = note
    if "author" in fields:
        author = clean_name(fields["author"] or "")
        if not author:
            raise InvalidAnnotation("the author name cannot be empty")
        if author != current.author:
            changes["author"] = author
    if "start" in fields or "end" in fields:
        text = stored.reading_text(project, current.document_id)
        start, end = passage(text, fields.get("start", current.start), fields.get("end", current.end))
        prefix, suffix = context(text, start, end)
        retake = {"start": start, "end": end, "exact": text[start:end], "prefix": prefix,
                  "suffix": suffix, "anchor_status": AnchorStatus.EXACT.value}
        changes.update({k: v for k, v in retake.items() if v != getattr(current, k)})
    return changes


def update(project: Project, ref: int | str, **fields: Any) -> Annotation:
    """Change any of: kind, note, tags, claimant, status, speaker, source_title,
    source_url, author, start/end (trimmed as in `add`; they re-take exact, prefix and
    suffix and mark the anchor exact). Changing the kind keeps the old kind's fields,
    hidden (see KIND_FIELDS); a field given here must belong to the (new) kind. The
    person making the change becomes its ``modified_by``."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise InvalidAnnotation(f"cannot change {', '.join(sorted(unknown))} of an annotation")
    with project.transaction():
        current = stored.get(project, ref)
        changes = _changes(project, current, fields)
        new_tags = clean_tags(fields["tags"]) if "tags" in fields else current.tags
        tags_changed = new_tags != current.tags
        if not changes and not tags_changed:
            return current
        before = current_version(project, current.id)
        changes["modified"] = now()
        changes["modified_by"] = editor_id(project)
        stored.change(project, current.id, changes)
        if tags_changed:
            set_tags(project, current.id, new_tags)
        superseded(project, current.id, before)
        stored.index(project, current.id)
    return stored.get(project, current.id)


def _set_deleted(project: Project, ann_id: int, deleted: bool) -> None:
    stamp = now()
    before = current_version(project, ann_id)
    stored.change(project, ann_id, {"deleted": int(deleted), "deleted_at": stamp if deleted else "",
                                    "modified": stamp, "modified_by": editor_id(project)})
    superseded(project, ann_id, before)
    stored.index(project, ann_id)


def delete(project: Project, ref: int | str) -> Annotation:
    """Delete an annotation, leaving a tombstone that a merge respects."""
    with project.transaction():
        current = stored.get(project, ref, include_deleted=True)
        if current.deleted:
            raise AlreadyDeleted(f"annotation {current.id} is already deleted")
        _set_deleted(project, current.id, True)
    return stored.get(project, current.id, include_deleted=True)


def restore(project: Project, ref: int | str) -> Annotation:
    """Bring a deleted annotation back."""
    with project.transaction():
        current = stored.get(project, ref, include_deleted=True)
        if not current.deleted:
            raise NotDeleted(f"annotation {current.id} is not deleted")
        _set_deleted(project, current.id, False)
    return stored.get(project, current.id)
