"""The annotation record and its names: the StrEnums are the stored strings, the records
are frozen, and each list of field names is derived from one place."""

from __future__ import annotations

import dataclasses
import json

import pytest

from claimmark.core.model import records
from claimmark.core.model.errors import InvalidAnnotation
from claimmark.core.model.records import AnchorStatus, Annotation, ClaimStatus, Document, DocumentInfo, Kind


def test_the_enums_are_the_stored_strings() -> None:
    assert [k.value for k in Kind] == ["claim", "quote", "citation"]
    assert list(ClaimStatus) == ["unverified", "true", "mostly true", "mixed", "mostly false", "false",
                                 "misleading", "unverifiable"]
    assert list(AnchorStatus) == ["exact", "moved", "fuzzy", "orphaned"]
    assert Kind.CLAIM == "claim" and AnchorStatus.ORPHANED == "orphaned" and ClaimStatus.MOSTLY_TRUE == "mostly true"
    assert json.dumps({"kind": Kind.QUOTE}) == '{"kind": "quote"}'
    assert records.KINDS == ("claim", "quote", "citation")
    assert all(type(value) is str for value in (*records.KINDS, *records.STATUSES, *records.ANCHOR_STATUSES))


def test_the_field_names_are_one_list() -> None:
    assert records.FIELD_NAMES == ("claimant", "status", "speaker", "source_title", "source_url")
    assert set(records.KIND_FIELDS) == set(records.KINDS)
    assert records.EMPTY_FIELDS == {"claimant": "", "status": "unverified", "speaker": "", "source_title": "",
                                    "source_url": ""}
    assert set(records.FIELD_NAMES) <= set(records.EDITABLE) and set(records.FIELD_NAMES) <= set(records.CONTENT_FIELDS)
    names = [f.name for f in dataclasses.fields(Annotation)]
    assert [n for n in names if n not in ("tags", "modified_by_name")] == list(records.ANNOTATION_COLUMNS)
    assert "id" not in records.COPIED_COLUMNS and set(records.ANNOTATION_COLUMNS) - {"id"} <= set(records.COPIED_COLUMNS)


def test_parse_kind() -> None:
    assert records.parse_kind("citation") == "citation" and type(records.parse_kind("claim")) is str
    with pytest.raises(InvalidAnnotation, match="unknown kind 'note'"):
        records.parse_kind("note")


def _annotation(kind: str) -> Annotation:
    return Annotation(1, "u", 1, kind, 0, 4, "text", "", "", "", [], "Them", "false", "Someone", "A source",
                      "https://example.org", "Me", "me", "t", "t", "exact", False, "me", "Me")


def test_records_are_frozen() -> None:
    item = _annotation("claim")
    with pytest.raises(dataclasses.FrozenInstanceError):
        item.note = "changed"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        Document(1, "u", "Title", *[""] * 11, text="Text").title = "other"  # type: ignore[misc]


def test_a_document_is_its_info_and_its_text() -> None:
    names = [f.name for f in dataclasses.fields(Document)]
    assert names == [f.name for f in dataclasses.fields(DocumentInfo)] + ["text"]
    assert names[:3] == ["id", "uuid", "title"]


def test_shown_empties_the_fields_of_other_kinds() -> None:
    shown = _annotation("quote").shown()
    assert (shown.speaker, shown.claimant, shown.status, shown.source_url) == ("Someone", "", "unverified", "")
    assert _annotation("claim").to_json()["status"] == "false"


def _stored_version(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {"kind": "claim", "exact": "text", "note": "", "claimant": "", "status": "false",
                               "speaker": "", "source_title": "", "source_url": "", "deleted": False,
                               "modified": "t", "author": "Me", "modified_by": "me", "tags": ["a"],
                               "modified_by_name": "Me"}
    data.update(changes)
    return data


def test_a_version_reads_back_as_it_was_stored() -> None:
    data = _stored_version()
    version = records.Version.from_json(data)
    assert version.to_json() == data and list(version.to_json()) == list(data)
    assert version.content() == {k: data[k] for k in records.CONTENT_FIELDS}
    old = {k: v for k, v in data.items() if k not in ("modified_by", "modified_by_name")}  # an older release's
    assert records.Version.from_json(old).to_json() == old
    with pytest.raises(dataclasses.FrozenInstanceError):
        version.note = "changed"  # type: ignore[misc]
