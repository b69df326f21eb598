"""JSON export: the W3C Web Annotation Data Model (JSON-LD).

The export is one ``AnnotationCollection`` whose first page holds every annotation
as an ``Annotation`` targeting its document with a ``TextQuoteSelector`` (exact,
prefix, suffix) and a ``TextPositionSelector`` (code points into ClaimMark's reading
text of the document). The note and the tags are ``TextualBody`` bodies (purposes
``commenting`` and ``tagging``); a citation's URL is a ``linking`` body. A claim also
carries a schema.org ``Claim`` body (claimant as ``author``, the document as
``appearance``). ClaimMark's own fields are under the namespace
``urn:claimmark:ns:`` (prefix ``cm``), documented in docs/exports.md; among them
``cm:modifiedBy``, the last editor, as the model has ``creator`` but no term for them.
"""

from __future__ import annotations

import json
from typing import Any

from claimmark import __version__
from claimmark.core.export.groups import DocumentAnnotations
from claimmark.core.model.records import Annotation, DocumentInfo, now

NAMESPACE = "urn:claimmark:ns:"
CONTEXT: list[Any] = [
    "http://www.w3.org/ns/anno.jsonld",
    {"cm": NAMESPACE, "schema": "https://schema.org/"},
]
MOTIVATIONS = {"claim": "assessing", "quote": "highlighting", "citation": "linking"}


def document_resource(doc: DocumentInfo) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "id": doc.url or f"urn:uuid:{doc.uuid}",
        "type": "Text",
        "title": doc.title,
        "cm:document": f"urn:uuid:{doc.uuid}",
        "cm:documentId": doc.id,
    }
    for value, name in ((doc.site_name, "cm:site"), (doc.published, "cm:published"),
                        (doc.byline, "cm:byline")):
        if value:
            resource[name] = value
    return resource


def schema_claim(item: Annotation, doc: DocumentInfo) -> dict[str, Any]:
    appearance: dict[str, Any] = {"type": "schema:CreativeWork", "schema:headline": doc.title}
    if doc.url:
        appearance["schema:url"] = doc.url
    if doc.published:
        appearance["schema:datePublished"] = doc.published
    if doc.site_name:
        appearance["schema:publisher"] = {"type": "schema:Organization", "schema:name": doc.site_name}
    claim: dict[str, Any] = {
        "type": "schema:Claim", "schema:text": item.exact, "schema:appearance": appearance,
    }
    if item.claimant:
        claim["schema:author"] = {"type": "schema:Person", "schema:name": item.claimant}
    return claim


def annotation(item: Annotation, doc: DocumentInfo) -> dict[str, Any]:
    """One annotation as a Web Annotation."""
    body: list[dict[str, Any]] = []
    if item.note:
        body.append({"type": "TextualBody", "purpose": "commenting", "format": "text/markdown",
                     "value": item.note})
    for tag in item.tags:
        body.append({"type": "TextualBody", "purpose": "tagging", "value": tag})
    if item.kind == "citation" and item.source_url:
        body.append({"type": "SpecificResource", "purpose": "linking",
                     "source": {"id": item.source_url, **({"title": item.source_title}
                                                            if item.source_title else {})}})
    if item.kind == "claim":
        body.append(schema_claim(item, doc))
    fields: dict[str, Any] = {"cm:id": item.id, "cm:kind": item.kind, "cm:anchorStatus": item.anchor_status}
    if item.kind == "claim":
        fields.update({"cm:claimant": item.claimant, "cm:status": item.status})
    elif item.kind == "quote":
        fields["cm:speaker"] = item.speaker
    else:
        fields.update({"cm:sourceTitle": item.source_title, "cm:sourceUrl": item.source_url})
    out: dict[str, Any] = {
        "id": f"urn:uuid:{item.uuid}",
        "type": "Annotation",
        "motivation": MOTIVATIONS[item.kind],
        "created": item.created,
        "modified": item.modified,
        "creator": {"id": f"urn:uuid:{item.author_id}", "type": "Person", "name": item.author},
    }
    if item.modified_by:  # the model names no last editor: ClaimMark's own term, shaped as creator
        out["cm:modifiedBy"] = {"id": f"urn:uuid:{item.modified_by}", "type": "Person",
                                **({"name": item.modified_by_name} if item.modified_by_name else {})}
    if body:
        out["body"] = body
    out["target"] = {
        "type": "SpecificResource",
        "source": document_resource(doc),
        "selector": [
            {"type": "TextQuoteSelector", "exact": item.exact, "prefix": item.prefix, "suffix": item.suffix},
            {"type": "TextPositionSelector", "start": item.start, "end": item.end},
        ],
    }
    out.update(fields)
    return out


def to_jsonld(
    groups: list[DocumentAnnotations], *, project_uuid: str = "", project_name: str = ""
) -> dict[str, Any]:
    items = [annotation(item, group.document) for group in groups for item in group.annotations]
    return {
        "@context": CONTEXT,
        "id": f"urn:uuid:{project_uuid}" if project_uuid else "urn:claimmark:export",
        "type": "AnnotationCollection",
        "label": project_name,
        "generator": {"type": "Software", "name": f"ClaimMark {__version__}"},
        "generated": now(),
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def to_jsonld_text(groups: list[DocumentAnnotations], **options: Any) -> str:
    return json.dumps(to_jsonld(groups, **options), ensure_ascii=False, indent=2) + "\n"
