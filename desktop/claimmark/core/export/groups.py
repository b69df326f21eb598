"""What an export holds: documents, each with its annotations (core/export/__init__.py
collects them; csvfile, markdown and jsonld write them)."""

from __future__ import annotations

from dataclasses import dataclass, field

from claimmark.core.model.records import Annotation, DocumentInfo


@dataclass
class DocumentAnnotations:
    """One document's metadata and its live annotations in reading order."""

    document: DocumentInfo
    annotations: list[Annotation] = field(default_factory=list)
