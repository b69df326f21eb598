"""The rules for an annotation's values: what a note, a tag, a source URL and the fields
of each kind may hold, cleaned as they are stored (or refused with the reason)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from claimmark.core.annotate.passages import shorten
from claimmark.core.model.errors import InvalidAnnotation, TagError
from claimmark.core.model.records import (
    FIELD_NAMES,
    KIND_FIELDS,
    MAX_FIELD,
    MAX_NOTE,
    MAX_TAG,
    MAX_TAGS,
    MAX_URL,
    STATUSES,
    ClaimStatus,
)

_DOI = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)


def clean_line(value: Any, name: str, limit: int = MAX_FIELD) -> str:
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
    text = clean_line(value, "the source URL", MAX_URL)
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


def check_status(status: Any) -> str:
    value = " ".join(str(status or ClaimStatus.UNVERIFIED.value).lower().replace("-", " ")
                     .replace("_", " ").split())
    if value not in STATUSES:
        raise InvalidAnnotation(f"unknown status {status!r} (use one of: {', '.join(STATUSES)})")
    return value


def check_kind_fields(kind: str, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        owner = next(k for k, names in KIND_FIELDS.items() if name in names)
        empty = value in ("", None) or (name == "status" and value == ClaimStatus.UNVERIFIED)
        if owner != kind and not empty:
            raise InvalidAnnotation(f"{name.replace('_', ' ')} belongs to a {owner}, not a {kind}")


def kind_values(kind: str, raw: dict[str, Any], given: Iterable[str] = FIELD_NAMES) -> dict[str, Any]:
    """The five fields cleaned; those `given` must belong to `kind` unless empty."""
    values = {
        "claimant": clean_line(raw.get("claimant"), "the claimant"),
        "status": check_status(raw.get("status")),
        "speaker": clean_line(raw.get("speaker"), "the speaker"),
        "source_title": clean_line(raw.get("source_title"), "the source title"),
        "source_url": clean_source_url(raw.get("source_url")),
    }
    check_kind_fields(kind, {name: values[name] for name in given})
    return values
