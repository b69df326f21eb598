"""The versions of an annotation, as merges know them (core/share/merge.py).

A version is a hash of what a person made of an annotation (`CONTENT_FIELDS` and its
tags, not its offsets). ``annotations.merged_hashes`` holds the versions an annotation
has seen: the ones merges brought in or superseded and local edits replaced.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from claimmark.core.model.records import CONTENT_FIELDS
from claimmark.core.store.annotations import stored_row
from claimmark.core.store.project import Project
from claimmark.core.store.tags import tags_of


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


def current_version(project: Project, ann_id: int) -> str:
    """The version an annotation holds now."""
    return version_hash(stored_row(project, ann_id), tags_of(project, ann_id))


def seen_versions(row: dict[str, Any]) -> set[str]:
    """The versions an annotation has seen: its ``merged_hashes``, the hashes of the
    versions merges brought in or superseded and local edits replaced."""
    return set((row.get("merged_hashes") or "").split())


def seen_column(seen: set[str]) -> str:
    """`seen` as stored in ``merged_hashes``."""
    return " ".join(sorted(seen))


def superseded(project: Project, ann_id: int, before: str) -> None:
    """A local edit replaced version `before`: record it among the versions this
    annotation has seen, so a copy that still holds it counts as older in a merge,
    not as a conflict (core/share/merge.py)."""
    row = stored_row(project, ann_id)
    if version_hash(row, tags_of(project, ann_id)) != before:
        set_seen(project, ann_id, seen_versions(row) | {before})


def set_seen(project: Project, ann_id: int, seen: set[str]) -> None:
    project.db.execute("UPDATE annotations SET merged_hashes = ? WHERE id = ?", [seen_column(seen), ann_id])
