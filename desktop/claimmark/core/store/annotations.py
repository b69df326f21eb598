"""Annotations: highlights of a document's reading text tagged as a claim, a quote or
a citation, with a note, free tags and the fields of their kind.

An annotation anchors to code-point offsets [start, end) into
``documents.reading_text`` and keeps the quoted text with 32 characters of context
on each side (W3C Web Annotation TextPositionSelector and TextQuoteSelector), so it
re-attaches when the text changes (see `claimmark.core.annotate.anchoring`). A new or moved
range is first trimmed of the stray edges a selection takes in (`claimmark.core.annotate.trim`).
``modified_by`` is the author id of whoever made the last change. Deleting leaves
a tombstone (``deleted = 1``) so that a later merge does not bring it back;
`restore` undoes it. Every write is one transaction. The table ``annotations_fts``
is the search index of live annotations, kept here (no triggers).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
import uuid as uuidlib
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from claimmark.core.annotate.anchoring import context
from claimmark.core.annotate.authors import clean_name, current_author
from claimmark.core.annotate.trim import trim_passage
from claimmark.core.model.errors import (
    AlreadyDeleted,
    AmbiguousText,
    InvalidAnnotation,
    NotDeleted,
    NotFound,
    TagError,
    TextNotFound,
)
from claimmark.core.store.project import Project, fts_query, row_id

KINDS = ("claim", "quote", "citation")
STATUSES = (
    "unverified", "true", "mostly true", "mixed", "mostly false", "false", "misleading", "unverifiable",
)
ANCHOR_STATUSES = ("exact", "moved", "fuzzy", "orphaned")

# The fields that belong to each kind. A kind shows and exports only its own; the
# others keep what was typed while the annotation was of their kind (hidden), so a
# change of kind loses nothing and changing back brings the fields back.
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "claim": ("claimant", "status"),
    "quote": ("speaker",),
    "citation": ("source_title", "source_url"),
}
FIELD_NAMES = ("claimant", "status", "speaker", "source_title", "source_url")
EMPTY_FIELDS = {"claimant": "", "status": "unverified", "speaker": "", "source_title": "", "source_url": ""}
EDITABLE = ("kind", "note", "tags", "claimant", "status", "speaker", "source_title", "source_url",
            "start", "end", "author")
MAX_NOTE = 100_000
MAX_FIELD = 1000
MAX_URL = 2000
MAX_TAG = 100
MAX_TAGS = 100

_COLUMNS = ("id", "uuid", "document_id", "kind", "start", "end", "exact", "prefix", "suffix", "note",
            "claimant", "status", "speaker", "source_title", "source_url", "author", "author_id",
            "created", "modified", "anchor_status", "deleted", "modified_by")
# ... and the name the last editor goes by in the authors table
_SELECT = ("SELECT " + ", ".join(f'a."{c}"' for c in _COLUMNS) + ", coalesce(m.name, '') FROM annotations a "
           "LEFT JOIN authors m ON m.id = a.modified_by")
_DOI = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)


@dataclass
class Annotation:
    id: int
    uuid: str
    document_id: int
    kind: str
    start: int  # code points into the document's reading text
    end: int
    exact: str
    prefix: str
    suffix: str
    note: str
    tags: list[str]
    claimant: str
    status: str
    speaker: str
    source_title: str
    source_url: str
    author: str
    author_id: str
    created: str
    modified: str
    anchor_status: str
    deleted: bool
    modified_by: str  # the author id of whoever made the last change
    modified_by_name: str  # their name ("" when the authors table lacks them)

    def to_json(self) -> dict[str, Any]:
        """The stable JSON form (``claimmark annotations --json``): the kind's own fields."""
        return asdict(self.shown())

    def shown(self) -> Annotation:
        """This annotation as it is shown and exported: the fields of other kinds, kept
        hidden from an earlier kind, read as empty."""
        hidden: dict[str, Any] = {name: EMPTY_FIELDS[name] for name in FIELD_NAMES
                                  if name not in KIND_FIELDS[self.kind]}
        return replace(self, **hidden)


def now() -> str:
    """UTC time with milliseconds, ISO 8601 with a Z (sorts as text)."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


# -- finding text ------------------------------------------------------------------
def occurrences(text: str, exact: str) -> list[int]:
    """Every start offset of `exact` in `text`, overlapping ones included."""
    found: list[int] = []
    if not exact:
        return found
    pos = text.find(exact)
    while pos >= 0:
        found.append(pos)
        pos = text.find(exact, pos + 1)
    return found


def find_exact(text: str, exact: str, occurrence: int | None = None) -> tuple[int, int]:
    """The (start, end) of `exact` in `text`; `occurrence` (1-based) picks one when it
    occurs several times. Raises TextNotFound or AmbiguousText."""
    if not exact:
        raise InvalidAnnotation("the text to tag is empty")
    found = occurrences(text, exact)
    shown = shorten(exact)
    if not found:
        hint = ""
        loose = _loose_find(text, exact)
        if loose is not None:
            found_text = shorten(text[loose[0] : loose[1]])
            hint = f" (the document has it with other quotes or spacing: {found_text!r})"
        raise TextNotFound(f"the text {shown!r} is not in the document{hint}")
    if occurrence is None:
        if len(found) > 1:
            raise AmbiguousText(
                f"the text {shown!r} occurs {len(found)} times in the document; "
                f"choose an occurrence from 1 to {len(found)}"
            )
        return found[0], found[0] + len(exact)
    if not 1 <= occurrence <= len(found):
        raise TextNotFound(
            f"the text {shown!r} occurs {len(found)} time{'s' if len(found) > 1 else ''}, "
            f"so there is no occurrence {occurrence}"
        )
    start = found[occurrence - 1]
    return start, start + len(exact)


_LOOSE = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})


def _loose_find(text: str, exact: str) -> tuple[int, int] | None:
    """Where `exact` occurs once quotes, dashes and runs of white space are ignored."""
    pattern: list[str] = []
    for ch in exact.translate(_LOOSE):
        if ch.isspace():
            if not pattern or pattern[-1] != r"\s+":
                pattern.append(r"\s+")
        elif ch == '"':
            pattern.append("[\"“”„]")
        elif ch == "'":
            pattern.append("['‘’]")
        elif ch == "-":
            pattern.append("[-–—]")
        else:
            pattern.append(re.escape(ch))
    if len(text) > 5_000_000:
        return None
    match = re.search("".join(pattern), text)
    return (match.start(), match.end()) if match else None


def shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- validation --------------------------------------------------------------------
def _clean_line(value: Any, name: str, limit: int = MAX_FIELD) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidAnnotation(f"{name} must be text")
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in value).split())
    if len(text) > limit:
        raise InvalidAnnotation(f"{name} is longer than {limit} characters")
    return text


def clean_note(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidAnnotation("the note must be text")
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    if len(text) > MAX_NOTE:
        raise InvalidAnnotation(f"the note is longer than {MAX_NOTE} characters")
    return text.strip("\n")


def clean_source_url(value: Any) -> str:
    """An http(s) URL or a DOI (kept as ``https://doi.org/10....``); "" for none."""
    text = _clean_line(value, "the source URL", MAX_URL)
    if not text:
        return ""
    doi = _DOI.match(text)
    if doi:
        return "https://doi.org/" + doi.group(1)
    if re.match(r"^https?://[^\s/?#]+", text, re.IGNORECASE) and " " not in text:
        return text
    raise InvalidAnnotation(
        f"the source URL {shorten(text)!r} is neither an http(s) address nor a DOI (10.NNNN/...)"
    )


def clean_tag(value: Any) -> str:
    if not isinstance(value, str):
        raise TagError("a tag must be text")
    text = " ".join(unicodedata.normalize("NFC", value).split())
    if not text:
        raise TagError("a tag cannot be empty")
    if any(not ch.isprintable() for ch in text):
        raise TagError(f"the tag {text!r} holds control characters")
    if "," in text or ";" in text:
        raise TagError(f"the tag {text!r} holds a comma or semicolon (they separate tags)")
    if len(text) > MAX_TAG:
        raise TagError(f"the tag {shorten(text)!r} is longer than {MAX_TAG} characters")
    return text


def clean_tags(values: Iterable[str]) -> list[str]:
    if isinstance(values, str):
        values = [values]
    out: list[str] = []
    seen: set[str] = set()
    for value in values:
        tag = clean_tag(value)
        if tag.casefold() not in seen:
            seen.add(tag.casefold())
            out.append(tag)
    if len(out) > MAX_TAGS:
        raise TagError(f"an annotation can have at most {MAX_TAGS} tags")
    return out


def _check_kind(kind: Any) -> str:
    if kind not in KINDS:
        raise InvalidAnnotation(f"unknown kind {kind!r} (use one of: {', '.join(KINDS)})")
    return str(kind)


def _check_status(status: Any) -> str:
    value = " ".join(str(status or "unverified").lower().replace("-", " ").replace("_", " ").split())
    if value not in STATUSES:
        raise InvalidAnnotation(f"unknown status {status!r} (use one of: {', '.join(STATUSES)})")
    return value


def _check_range(text: str, start: Any, end: Any) -> tuple[int, int]:
    if any(isinstance(v, bool) or not isinstance(v, int) for v in (start, end)):
        raise InvalidAnnotation("start and end must be whole numbers")
    if not 0 <= start < end <= len(text):
        raise InvalidAnnotation(
            f"the range {start}-{end} is not a non-empty part of the document (0 to {len(text)})"
        )
    return start, end


def _check_kind_fields(kind: str, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        owner = next(k for k, names in KIND_FIELDS.items() if name in names)
        empty = value in ("", None) or (name == "status" and value == "unverified")
        if owner != kind and not empty:
            raise InvalidAnnotation(f"{name.replace('_', ' ')} belongs to a {owner}, not a {kind}")


def _kind_values(kind: str, raw: dict[str, Any], given: Iterable[str] = FIELD_NAMES) -> dict[str, Any]:
    """The five fields cleaned; those `given` must belong to `kind` unless empty."""
    values = {
        "claimant": _clean_line(raw.get("claimant"), "the claimant"),
        "status": _check_status(raw.get("status")),
        "speaker": _clean_line(raw.get("speaker"), "the speaker"),
        "source_title": _clean_line(raw.get("source_title"), "the source title"),
        "source_url": clean_source_url(raw.get("source_url")),
    }
    _check_kind_fields(kind, {name: values[name] for name in given})
    return values


# -- reading -----------------------------------------------------------------------
def _row_to_annotation(project: Project, row: Sequence[Any], tags: dict[int, list[str]]) -> Annotation:
    data = dict(zip((*_COLUMNS, "modified_by_name"), row, strict=True))
    data["deleted"] = bool(data["deleted"])
    data["tags"] = tags.get(data["id"], [])
    return Annotation(**data)


def _tags_for(project: Project, ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    if not ids:
        return out
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start : chunk_start + 500]
        marks = ",".join("?" * len(chunk))
        rows = project.db.execute(
            f"SELECT at.annotation_id, t.name FROM annotation_tags at JOIN tags t ON t.id = at.tag_id "
            f"WHERE at.annotation_id IN ({marks}) ORDER BY at.annotation_id, at.position, t.name",
            chunk,
        ).fetchall()
        for ann_id, name in rows:
            out.setdefault(ann_id, []).append(name)
    return out


def _resolve(project: Project, ref: int | str) -> int:
    return project.resolve_ref("annotations", "annotation", ref)


def get(project: Project, ref: int | str, include_deleted: bool = False) -> Annotation:
    """One annotation by numeric id or UUID prefix (4+ characters)."""
    ann_id = _resolve(project, ref)
    row = project.db.execute(_SELECT + " WHERE a.id = ?", [ann_id]).fetchone()
    annotation = _row_to_annotation(project, row, _tags_for(project, [ann_id]))
    if annotation.deleted and not include_deleted:
        raise AlreadyDeleted(f"annotation {annotation.id} is deleted (it can be restored)")
    return annotation


def query(
    project: Project,
    *,
    document_id: int | None = None,
    kind: str | None = None,
    tag: str | None = None,
    author: str | None = None,
    include_deleted: bool = False,
    anchor_status: str | None = None,
) -> list[Annotation]:
    """Annotations in reading order (document, start, end), filtered. `tag` matches
    case-insensitively; `author` matches the author's name (case-insensitively) or id."""
    where: list[str] = []
    params: list[Any] = []
    if document_id is not None:
        where.append("a.document_id = ?")
        params.append(int(document_id))
    if kind is not None:
        where.append("a.kind = ?")
        params.append(_check_kind(kind))
    if anchor_status is not None:
        where.append("a.anchor_status = ?")
        params.append(anchor_status)
    if not include_deleted:
        where.append("a.deleted = 0")
    if tag is not None:
        tag_ids = [t for t, name in project.db.execute("SELECT id, name FROM tags").fetchall()
                   if name.casefold() == tag.strip().casefold()]
        if not tag_ids:
            return []
        where.append("a.id IN (SELECT annotation_id FROM annotation_tags WHERE tag_id = ?)")
        params.append(tag_ids[0])
    sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "")
    sql += ' ORDER BY a.document_id, a.start, a."end", a.id'
    rows = project.db.execute(sql, params).fetchall()
    if author is not None:
        wanted = author.strip()
        rows = [r for r in rows if r[15].casefold() == wanted.casefold() or r[16] == wanted]
    tags = _tags_for(project, [r[0] for r in rows])
    return [_row_to_annotation(project, r, tags) for r in rows]


def authors(project: Project) -> list[dict[str, str]]:
    rows = project.db.execute("SELECT id, name FROM authors ORDER BY name")
    return [{"id": r[0], "name": r[1]} for r in rows]


def search(project: Project, text: str, limit: int = 200) -> list[int]:
    """Ids of live annotations whose quote, note, tags or people match `text` (words, prefix-matched)."""
    expr = fts_query(text)
    if expr is None:
        return []
    rows = project.db.execute(
        "SELECT rowid FROM annotations_fts WHERE annotations_fts MATCH ? ORDER BY rank LIMIT ?",
        [expr, limit],
    ).fetchall()
    return [int(r[0]) for r in rows]


# -- writing -----------------------------------------------------------------------
def _reading_text(project: Project, document_id: int) -> str:
    row = project.db.execute("SELECT reading_text FROM documents WHERE id = ?", [document_id]).fetchone()
    if row is None:
        raise NotFound(f"no document with id {document_id}")
    return str(row[0])


def _ensure_author(project: Project, author_id: str, name: str) -> None:
    project.db.execute(
        "INSERT INTO authors(id, name) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name",
        [author_id, name],
    )


def editor_id(project: Project) -> str:
    """The author id of the person changing annotations now (their ``modified_by``),
    entered in the authors table under their present name; call inside a transaction."""
    name, author_id = current_author()
    _ensure_author(project, author_id, name)
    return author_id


def passage(text: str, start: int, end: int) -> tuple[int, int]:
    """A selected range [start, end) of `text` without its stray edges (core/annotate/trim.py)."""
    start, end = _check_range(text, start, end)
    start, end = trim_passage(text, start, end)
    if start >= end:
        raise InvalidAnnotation("the selection holds nothing but white space")
    return start, end


def _tag_id(project: Project, name: str) -> int:
    """The id of tag `name`, matched case-insensitively, created when new."""
    folded = name.casefold()
    for tag_id, existing in project.db.execute("SELECT id, name FROM tags").fetchall():
        if existing.casefold() == folded:
            return int(tag_id)
    return row_id(project.db.execute("INSERT INTO tags(name) VALUES (?)", [name]).lastrowid)


def _set_tags(project: Project, ann_id: int, tags: list[str]) -> None:
    project.db.execute("DELETE FROM annotation_tags WHERE annotation_id = ?", [ann_id])
    for position, tag in enumerate(tags):
        project.db.execute(
            "INSERT OR IGNORE INTO annotation_tags(annotation_id, tag_id, position) VALUES (?, ?, ?)",
            [ann_id, _tag_id(project, tag), position],
        )
    _drop_unused_tags(project)


def _drop_unused_tags(project: Project) -> None:
    project.db.execute("DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM annotation_tags)")


def _index(project: Project, ann_id: int) -> None:
    """Refresh the search row of one annotation (removed while it is deleted)."""
    project.db.execute("DELETE FROM annotations_fts WHERE rowid = ?", [ann_id])
    row = project.db.execute(
        "SELECT exact, note, claimant, speaker, source_title, author, deleted, kind FROM annotations "
        "WHERE id = ?",
        [ann_id],
    ).fetchone()
    if row is None or row[6]:
        return
    tags = " ".join(_tags_for(project, [ann_id]).get(ann_id, []))
    own = KIND_FIELDS.get(row[7], ())  # a field hidden from an earlier kind is not searched
    people = " ".join(v for name, v in zip(("claimant", "speaker", "source_title"), row[2:5], strict=True)
                      if v and name in own)
    people = " ".join(p for p in (people, row[5]) if p)
    project.db.execute(
        "INSERT INTO annotations_fts(rowid, exact, note, tags, people) VALUES (?, ?, ?, ?, ?)",
        [ann_id, row[0], row[1], tags, people],
    )


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
    kind = _check_kind(kind)
    values = _kind_values(kind, {"claimant": claimant, "status": status, "speaker": speaker,
                                 "source_title": source_title, "source_url": source_url})
    note = clean_note(note)
    tag_list = clean_tags(tags)
    name, author_id = current_author(author)
    with project.transaction() as db:
        text = _reading_text(project, int(document_id))
        start, end = passage(text, start, end)
        prefix, suffix = context(text, start, end)
        stamp = now()
        _ensure_author(project, author_id, name)
        record = {
            "uuid": str(uuidlib.uuid4()),
            "document_id": int(document_id),
            "kind": kind,
            "start": start,
            "end": end,
            "exact": text[start:end],
            "prefix": prefix,
            "suffix": suffix,
            "note": note,
            **values,
            "author": name,
            "author_id": author_id,
            "created": stamp,
            "modified": stamp,
            "anchor_status": "exact",
            "deleted": 0,
            "modified_by": author_id,
        }
        ann_id = row_id(db.table("annotations").insert(record).last_pk)
        _set_tags(project, ann_id, tag_list)
        _index(project, ann_id)
    return get(project, ann_id)


def add_text(project: Project, document_id: int, kind: str, exact: str, occurrence: int | None = None,
             **fields: Any) -> Annotation:
    """Annotate the text `exact` of a document (`occurrence` picks one of several)."""
    with project.transaction():  # the text cannot change between finding and tagging
        text = _reading_text(project, int(document_id))
        start, end = find_exact(text, exact, occurrence)
        return add(project, document_id, kind, start, end, **fields)


def update(project: Project, ref: int | str, **fields: Any) -> Annotation:
    """Change any of: kind, note, tags, claimant, status, speaker, source_title,
    source_url, author, start/end (trimmed as in `add`; they re-take exact, prefix and
    suffix and mark the anchor exact). Changing the kind keeps the old kind's fields,
    hidden (see KIND_FIELDS); a field given here must belong to the (new) kind. The
    person making the change becomes its ``modified_by``."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise InvalidAnnotation(f"cannot change {', '.join(sorted(unknown))} of an annotation")
    with project.transaction() as db:
        current = get(project, ref)
        changes: dict[str, Any] = {}
        kind = _check_kind(fields["kind"]) if "kind" in fields else current.kind
        if kind != current.kind:
            changes["kind"] = kind
        kind_raw = {name: fields[name] if name in fields else getattr(current, name) for name in FIELD_NAMES}
        values = _kind_values(kind, kind_raw, given=[name for name in FIELD_NAMES if name in fields])
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
            text = _reading_text(project, current.document_id)
            start, end = passage(text, fields.get("start", current.start), fields.get("end", current.end))
            prefix, suffix = context(text, start, end)
            retake = {"start": start, "end": end, "exact": text[start:end], "prefix": prefix,
                      "suffix": suffix, "anchor_status": "exact"}
            changes.update({k: v for k, v in retake.items() if v != getattr(current, k)})
        new_tags = clean_tags(fields["tags"]) if "tags" in fields else current.tags
        tags_changed = new_tags != current.tags
        if not changes and not tags_changed:
            return current
        before = _current_version(project, current.id)
        changes["modified"] = now()
        changes["modified_by"] = editor_id(project)
        db.table("annotations").update(current.id, changes)
        if tags_changed:
            _set_tags(project, current.id, new_tags)
        _superseded(project, current.id, before)
        _index(project, current.id)
    return get(project, current.id)


def delete(project: Project, ref: int | str) -> Annotation:
    """Delete an annotation, leaving a tombstone that a merge respects."""
    with project.transaction() as db:
        current = get(project, ref, include_deleted=True)
        if current.deleted:
            raise AlreadyDeleted(f"annotation {current.id} is already deleted")
        stamp = now()
        before = _current_version(project, current.id)
        db.table("annotations").update(current.id, {"deleted": 1, "deleted_at": stamp, "modified": stamp,
                                              "modified_by": editor_id(project)})
        _superseded(project, current.id, before)
        _index(project, current.id)
    return get(project, current.id, include_deleted=True)


def restore(project: Project, ref: int | str) -> Annotation:
    """Bring a deleted annotation back."""
    with project.transaction() as db:
        current = get(project, ref, include_deleted=True)
        if not current.deleted:
            raise NotDeleted(f"annotation {current.id} is not deleted")
        before = _current_version(project, current.id)
        db.table("annotations").update(current.id, {"deleted": 0, "deleted_at": "", "modified": now(),
                                              "modified_by": editor_id(project)})
        _superseded(project, current.id, before)
        _index(project, current.id)
    return get(project, current.id)


# -- versions (what merges compare) ------------------------------------------------
# What a person made of an annotation; its offsets belong to one copy of a text.
CONTENT_FIELDS = ("kind", "exact", "note", "claimant", "status", "speaker", "source_title",
                  "source_url", "deleted")


def version_hash(row: dict[str, Any], tags: list[str]) -> str:
    """A hash of one version of an annotation: its kind, text, note, tags, fields and
    whether it is deleted (not its offsets), and its revision when it has one (a
    version brought back: see core/share/conflicts.py)."""
    data = {key: row[key] for key in CONTENT_FIELDS}
    data["deleted"] = bool(data["deleted"])
    data["tags"] = sorted(t.casefold() for t in tags)
    if row.get("revision"):  # absent from hashes made before revisions, which stay valid
        data["revision"] = row["revision"]
    raw = json.dumps(data, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def tags_of(project: Project, ann_id: int) -> list[str]:
    rows = project.db.execute(
        "SELECT t.name FROM annotation_tags at JOIN tags t ON t.id = at.tag_id "
        "WHERE at.annotation_id = ? ORDER BY at.position, t.name",
        [ann_id],
    ).fetchall()
    return [r[0] for r in rows]


def _current_version(project: Project, ann_id: int) -> str:
    row = next(project.db.query("SELECT * FROM annotations WHERE id = ?", [ann_id]))
    return version_hash(row, tags_of(project, ann_id))


def seen_versions(row: dict[str, Any]) -> set[str]:
    """The versions an annotation has seen: its ``merged_hashes``, the hashes of the
    versions merges brought in or superseded and local edits replaced."""
    return set((row.get("merged_hashes") or "").split())


def seen_column(seen: set[str]) -> str:
    """`seen` as stored in ``merged_hashes``."""
    return " ".join(sorted(seen))


def _superseded(project: Project, ann_id: int, before: str) -> None:
    """A local edit replaced version `before`: record it among the versions this
    annotation has seen, so a copy that still holds it counts as older in a merge,
    not as a conflict (core/share/merge.py)."""
    row = next(project.db.query("SELECT * FROM annotations WHERE id = ?", [ann_id]))
    if version_hash(row, tags_of(project, ann_id)) != before:
        _set_seen(project, ann_id, seen_versions(row) | {before})


def _set_seen(project: Project, ann_id: int, seen: set[str]) -> None:
    project.db.execute("UPDATE annotations SET merged_hashes = ? WHERE id = ?", [seen_column(seen), ann_id])


# -- tags --------------------------------------------------------------------------
def all_tags(project: Project) -> list[str]:
    """Tags used by at least one live annotation, sorted case-insensitively."""
    rows = project.db.execute(
        "SELECT DISTINCT t.name FROM tags t JOIN annotation_tags at ON at.tag_id = t.id "
        "JOIN annotations a ON a.id = at.annotation_id WHERE a.deleted = 0"
    ).fetchall()
    return sorted((r[0] for r in rows), key=lambda n: (n.casefold(), n))


def tag_counts(project: Project) -> list[tuple[str, int]]:
    """Each tag in use with the number of live annotations that carry it."""
    rows = project.db.execute(
        "SELECT t.name, count(*) FROM tags t JOIN annotation_tags at ON at.tag_id = t.id "
        "JOIN annotations a ON a.id = at.annotation_id WHERE a.deleted = 0 GROUP BY t.id"
    ).fetchall()
    return sorted(((r[0], int(r[1])) for r in rows), key=lambda p: (p[0].casefold(), p[0]))


def _find_tag(project: Project, name: str) -> tuple[int, str] | None:
    folded = clean_tag(name).casefold()
    for tag_id, existing in project.db.execute("SELECT id, name FROM tags").fetchall():
        if existing.casefold() == folded:
            return int(tag_id), existing
    return None


def _touch_tagged(project: Project, tag_id: int) -> list[int]:
    ids = [r[0] for r in project.db.execute(
        "SELECT annotation_id FROM annotation_tags WHERE tag_id = ?", [tag_id]).fetchall()]
    stamp, editor = now(), editor_id(project)
    for ann_id in ids:
        project.db.execute("UPDATE annotations SET modified = ?, modified_by = ? WHERE id = ?",
                           [stamp, editor, ann_id])
    return ids


def rename_tag(project: Project, old: str, new: str) -> None:
    """Rename a tag everywhere (a change of case included). Renaming onto another
    existing tag is refused: that is `merge_tags`."""
    new_name = clean_tag(new)
    with project.transaction():
        found = _find_tag(project, old)
        if found is None:
            raise TagError(f"no tag {clean_tag(old)!r}")
        target = _find_tag(project, new_name)
        if target is not None and target[0] != found[0]:
            raise TagError(f"the tag {target[1]!r} already exists; merge the two tags instead")
        if found[1] == new_name:
            return
        project.db.execute("UPDATE tags SET name = ? WHERE id = ?", [new_name, found[0]])
        for ann_id in _touch_tagged(project, found[0]):
            _index(project, ann_id)


def merge_tags(project: Project, source: str, target: str) -> None:
    """Give every annotation tagged `source` the tag `target` instead, and drop `source`."""
    target_name = clean_tag(target)
    with project.transaction():
        found = _find_tag(project, source)
        if found is None:
            raise TagError(f"no tag {clean_tag(source)!r}")
        existing = _find_tag(project, target_name)
        if existing is None:
            project.db.execute("UPDATE tags SET name = ? WHERE id = ?", [target_name, found[0]])
            ids = _touch_tagged(project, found[0])
        elif existing[0] == found[0]:
            return
        else:
            ids = _touch_tagged(project, found[0])
            project.db.execute(
                "UPDATE OR IGNORE annotation_tags SET tag_id = ? WHERE tag_id = ?", [existing[0], found[0]]
            )
            project.db.execute("DELETE FROM annotation_tags WHERE tag_id = ?", [found[0]])
            project.db.execute("DELETE FROM tags WHERE id = ?", [found[0]])
        for ann_id in ids:
            _index(project, ann_id)


# -- checking ----------------------------------------------------------------------
def problems(project: Project) -> list[str]:
    """Annotations whose stored anchor disagrees with their document's text, and
    search rows out of step (used by `claimmark check`)."""
    out = [f"annotation {ann_id}: {reason}" for ann_id, reason in anchor_problems(project)]
    live = project.db.execute("SELECT count(*) FROM annotations WHERE deleted = 0").fetchone()[0]
    indexed = project.db.execute("SELECT count(*) FROM annotations_fts").fetchone()[0]
    if live != indexed:
        out.append(f"search index: {live} live annotations but {indexed} indexed")
    return out


def anchor_problems(project: Project) -> list[tuple[int, str]]:
    """(annotation id, what is wrong) for each live, placed annotation whose range lies
    outside its document or, anchored exactly, does not hold its quote."""
    out: list[tuple[int, str]] = []
    rows = project.db.execute(
        'SELECT a.id, a.start, a."end", a.exact, a.anchor_status, length(d.reading_text), '
        'substr(d.reading_text, a.start + 1, a."end" - a.start) '
        "FROM annotations a JOIN documents d ON d.id = a.document_id WHERE a.deleted = 0"
    ).fetchall()
    for ann_id, start, end, exact, anchor, length, there in rows:
        if anchor == "orphaned":
            continue
        if end > length:
            out.append((ann_id, f"its range {start}-{end} lies outside its document"))
        elif anchor in ("exact", "moved") and there != exact:
            out.append((ann_id, "the text at its range is not its quote"))
    return out
