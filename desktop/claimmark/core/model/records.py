"""The annotation as a record, and the names of its kinds, statuses, anchor states and fields.

An annotation highlights code-point offsets [start, end) of a document's reading text as
a claim, a quote or a citation, with a note, free tags and the fields of its kind. The
StrEnums' values are the strings stored in the project file and written to JSON and
exports: a StrEnum member equals its string, so stored data stays as it was.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from typing import Any

from claimmark.core.model.errors import InvalidAnnotation


class Kind(StrEnum):
    CLAIM = "claim"
    QUOTE = "quote"
    CITATION = "citation"


class ClaimStatus(StrEnum):
    UNVERIFIED = "unverified"
    TRUE = "true"
    MOSTLY_TRUE = "mostly true"
    MIXED = "mixed"
    MOSTLY_FALSE = "mostly false"
    FALSE = "false"
    MISLEADING = "misleading"
    UNVERIFIABLE = "unverifiable"


class AnchorStatus(StrEnum):
    """How an annotation sits on its text after the text changed (core/annotate/anchoring.py)."""

    EXACT = "exact"
    MOVED = "moved"
    FUZZY = "fuzzy"
    ORPHANED = "orphaned"


# the stored strings, in the order they are offered
KINDS: tuple[str, ...] = tuple(k.value for k in Kind)
STATUSES: tuple[str, ...] = tuple(s.value for s in ClaimStatus)
ANCHOR_STATUSES: tuple[str, ...] = tuple(s.value for s in AnchorStatus)

# The fields that belong to each kind. A kind shows and exports only its own; the
# others keep what was typed while the annotation was of their kind (hidden), so a
# change of kind loses nothing and changing back brings the fields back.
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    Kind.CLAIM.value: ("claimant", "status"),
    Kind.QUOTE.value: ("speaker",),
    Kind.CITATION.value: ("source_title", "source_url"),
}
FIELD_NAMES: tuple[str, ...] = tuple(name for names in KIND_FIELDS.values() for name in names)
EMPTY_FIELDS: dict[str, str] = {name: ClaimStatus.UNVERIFIED.value if name == "status" else ""
                                for name in FIELD_NAMES}
EDITABLE: tuple[str, ...] = ("kind", "note", "tags", *FIELD_NAMES, "start", "end", "author")
# What a person made of an annotation (what merges compare); its offsets belong to one copy of a text.
CONTENT_FIELDS: tuple[str, ...] = ("kind", "exact", "note", *FIELD_NAMES, "deleted")
# Where an annotation lies in one copy of its document's text.
OFFSET_FIELDS: tuple[str, ...] = ("start", "end", "prefix", "suffix", "anchor_status")
# The stored columns an `Annotation` is read from, in its order.
ANNOTATION_COLUMNS: tuple[str, ...] = (
    "id", "uuid", "document_id", "kind", "start", "end", "exact", "prefix", "suffix", "note",
    *FIELD_NAMES, "author", "author_id", "created", "modified", "anchor_status", "deleted", "modified_by",
)
# The stored columns a merge copies from another project (the id is theirs, not ours).
COPIED_COLUMNS: tuple[str, ...] = (*(c for c in ANNOTATION_COLUMNS if c != "id"), "deleted_at", "revision")

MAX_NOTE = 100_000
MAX_FIELD = 1000
MAX_URL = 2000
MAX_TAG = 100
MAX_TAGS = 100


def parse_kind(value: object) -> str:
    """`value` as a stored kind; InvalidAnnotation names the kinds there are."""
    if value not in KINDS:
        raise InvalidAnnotation(f"unknown kind {value!r} (use one of: {', '.join(KINDS)})")
    return Kind(str(value)).value


def now() -> str:
    """UTC time with milliseconds, ISO 8601 with a Z (sorts as text)."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class DocumentInfo:
    """A stored document's metadata, without its texts (`Project.documents`, exports)."""

    id: int
    uuid: str
    title: str
    byline: str
    site_name: str
    url: str
    published: str
    section: str
    language: str
    saved_at: str
    imported_at: str
    source_name: str
    source_format: str
    content_hash: str


@dataclass(frozen=True)
class Document(DocumentInfo):
    """A stored document's metadata and reading text (`Project.document`)."""

    text: str


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Version:
    """One side's version of an annotation, as a merge conflict keeps it: the content
    (`CONTENT_FIELDS`) and tags, and when and by whom it was last changed (the editor's
    id, and name). Versions kept by older releases may lack the last four: `missing`
    names those, so the version is written back as it was read."""

    kind: str
    exact: str
    note: str
    claimant: str
    status: str
    speaker: str
    source_title: str
    source_url: str
    deleted: bool
    modified: str | None
    author: str | None
    modified_by: str | None
    tags: list[str]
    modified_by_name: str | None
    missing: tuple[str, ...] = field(default=(), compare=False)

    def content(self) -> dict[str, Any]:
        """The `CONTENT_FIELDS` of this version (what its hash is made of, with its tags)."""
        return {name: getattr(self, name) for name in CONTENT_FIELDS}

    def to_json(self) -> dict[str, Any]:
        """The stable JSON form (kept in ``merge_conflicts``, in the merge report)."""
        return {name: value for name, value in asdict(self).items()
                if name != "missing" and name not in self.missing}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Version:
        """A version as stored; the caller has checked its content fields' types."""
        optional = ("modified", "author", "modified_by", "modified_by_name")
        values: dict[str, Any] = {name: data[name] for name in (*CONTENT_FIELDS, "tags")}
        values.update({name: data.get(name) for name in optional})
        return cls(**values, missing=tuple(name for name in optional if name not in data))


@dataclass(frozen=True)
class NewAnnotation:
    """An annotation to make (`core.add_annotations`): [start, end) in code points of a
    document's reading text, and the values `core.add_annotation` takes."""

    document_id: int
    kind: str
    start: int
    end: int
    note: str = ""
    tags: tuple[str, ...] = ()
    claimant: str = ""
    status: str = "unverified"
    speaker: str = ""
    source_title: str = ""
    source_url: str = ""
    author: str | None = None
