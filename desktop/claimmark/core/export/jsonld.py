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

The file is written as the rows are read (`write_jsonld`), byte for byte as
``json.dumps(..., indent=2)`` would lay out the whole collection: the envelope is
json.dumps's own, each item is written from its fixed layout with json's string encoder,
and what comes from the document alone is written once a document.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from json.encoder import encode_basestring as _string
from typing import Any

from claimmark import __version__
from claimmark.core.model.records import now
from claimmark.core.store.writer import TextSink

NAMESPACE = "urn:claimmark:ns:"
CONTEXT: list[Any] = [
    "http://www.w3.org/ns/anno.jsonld",
    {"cm": NAMESPACE, "schema": "https://schema.org/"},
]
MOTIVATIONS = {"claim": "assessing", "quote": "highlighting", "citation": "linking"}


# The stored columns of an annotation (core/store/export_rows.py), in `_item`'s order.
SOURCES = (
    "id", "uuid", "kind", "exact", "prefix", "suffix", "start", "end", "anchor_status",
    "note", "tags", "claimant", "status", "speaker", "source_title", "source_url", "author", "author_id",
    "created", "modified", "modified_by", "modified_by_name",
)
DOCUMENT_SOURCES = ("document_id", "document_uuid", "document_title", "document_site_name",
                    "document_url", "document_published", "document_byline")
_PLACE = "items"  # the envelope's key whose list the annotations are streamed into


def document_resource(doc_id: Any, uuid: Any, title: Any, site: Any, url: Any, published: Any,
                      byline: Any) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "id": url or f"urn:uuid:{uuid}",
        "type": "Text",
        "title": title,
        "cm:document": f"urn:uuid:{uuid}",
        "cm:documentId": doc_id,
    }
    for value, name in ((site, "cm:site"), (published, "cm:published"), (byline, "cm:byline")):
        if value:
            resource[name] = value
    return resource


def appearance(title: Any, site: Any, url: Any, published: Any) -> dict[str, Any]:
    """The document as a claim's schema.org ``appearance``."""
    found: dict[str, Any] = {"type": "schema:CreativeWork", "schema:headline": title}
    if url:
        found["schema:url"] = url
    if published:
        found["schema:datePublished"] = published
    if site:
        found["schema:publisher"] = {"type": "schema:Organization", "schema:name": site}
    return found


def _block(value: Any, indent: str) -> str:
    """`value` as ``json.dumps(indent=2)`` writes it nested at `indent` (strings hold no
    raw line break, so every line break is the layout's)."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + indent)


def _value(value: Any) -> str:
    """Any value as json.dumps writes it (text and whole numbers without its overhead)."""
    if value.__class__ is str:
        return _string(value)
    if value.__class__ is int:
        return int.__repr__(value)
    return json.dumps(value, ensure_ascii=False)


def _obj(members: list[str], indent: str) -> str:
    """A JSON object of the written `members` ('"key": value'), laid out as
    ``json.dumps(indent=2)`` does when the object opens on a line indented by `indent`."""
    inner = indent + "  "
    return "{\n" + inner + (",\n" + inner).join(members) + "\n" + indent + "}"


def _arr(elements: list[str], indent: str) -> str:
    inner = indent + "  "
    return "[\n" + inner + (",\n" + inner).join(elements) + "\n" + indent + "]"


_I6, _I8, _I10, _I12, _I14 = (" " * n for n in (6, 8, 10, 12, 14))


class _Document:
    """The parts of every annotation of one document that come from the document alone,
    written once: its resource (a target's source) and its claim appearance."""

    def __init__(self, row: Sequence[Any]):
        doc_id, uuid, title, site, url, published, byline = row
        self.id = doc_id
        self.source = _block(document_resource(doc_id, uuid, title, site, url, published, byline), _I10)
        self.appearance = _block(appearance(title, site, url, published), _I12)


def _body(kind: Any, exact: Any, note: Any, tags: Any, claimant: Any, source_title: Any, source_url: Any,
          doc: _Document) -> list[str]:
    """The bodies of one annotation: its note, its tags, a citation's link, a claim."""
    body = []
    if note:
        body.append(_obj(['"type": "TextualBody"', '"purpose": "commenting"', '"format": "text/markdown"',
                          '"value": ' + _value(note)], _I10))
    if tags != "[]":
        for tag in json.loads(tags):
            body.append(_obj(['"type": "TextualBody"', '"purpose": "tagging"', '"value": ' + _value(tag)],
                             _I10))
    if kind == "citation" and source_url:
        source = ['"id": ' + _value(source_url)]
        if source_title:
            source.append('"title": ' + _value(source_title))
        body.append(_obj(['"type": "SpecificResource"', '"purpose": "linking"',
                          '"source": ' + _obj(source, _I12)], _I10))
    if kind == "claim":
        claim = ['"type": "schema:Claim"', '"schema:text": ' + _value(exact),
                 '"schema:appearance": ' + doc.appearance]
        if claimant:
            claim.append('"schema:author": ' + _obj(['"type": "schema:Person"',
                                                      '"schema:name": ' + _value(claimant)], _I12))
        body.append(_obj(claim, _I10))
    return body


def _item(row: Sequence[Any], doc: _Document) -> str:
    """One annotation as a Web Annotation, laid out as an item of the collection's page
    (its members 8 spaces in). Text columns are written with json's own string encoder;
    the numbers, which an untrusted file may hold as anything, as json writes any value."""
    (ann_id, uuid, kind, exact, prefix, suffix, start, end, anchor_status, note, tags, claimant, status,
     speaker, source_title, source_url, author, author_id, created, modified, modified_by,
     modified_by_name) = row
    text = _string
    parts = [
        f'{{\n{_I8}"id": {text(f"urn:uuid:{uuid}")},\n{_I8}"type": "Annotation",\n'
        f'{_I8}"motivation": {text(MOTIVATIONS[kind])},\n{_I8}"created": {text(created)},\n'
        f'{_I8}"modified": {text(modified)},\n{_I8}"creator": {{\n'
        f'{_I10}"id": {text(f"urn:uuid:{author_id}")},\n{_I10}"type": "Person",\n'
        f'{_I10}"name": {text(author)}\n{_I8}}}'
    ]
    if modified_by:  # the model names no last editor: ClaimMark's own term, shaped as creator
        name = f',\n{_I10}"name": {text(modified_by_name)}' if modified_by_name else ""
        parts.append(f',\n{_I8}"cm:modifiedBy": {{\n{_I10}"id": {text(f"urn:uuid:{modified_by}")},\n'
                     f'{_I10}"type": "Person"{name}\n{_I8}}}')
    body = _body(kind, exact, note, tags, claimant, source_title, source_url, doc)
    if body:
        parts.append(f',\n{_I8}"body": ' + _arr(body, _I8))
    parts.append(
        f',\n{_I8}"target": {{\n{_I10}"type": "SpecificResource",\n{_I10}"source": {doc.source},\n'
        f'{_I10}"selector": [\n{_I12}{{\n{_I14}"type": "TextQuoteSelector",\n{_I14}"exact": {text(exact)},\n'
        f'{_I14}"prefix": {text(prefix)},\n{_I14}"suffix": {text(suffix)}\n{_I12}}},\n'
        f'{_I12}{{\n{_I14}"type": "TextPositionSelector",\n{_I14}"start": {_value(start)},\n'
        f'{_I14}"end": {_value(end)}\n{_I12}}}\n{_I10}]\n{_I8}}},\n'
        f'{_I8}"cm:id": {_value(ann_id)},\n{_I8}"cm:kind": {text(kind)},\n'
        f'{_I8}"cm:anchorStatus": {text(anchor_status)}'
    )
    if kind == "claim":
        parts.append(f',\n{_I8}"cm:claimant": {text(claimant)},\n{_I8}"cm:status": {text(status)}')
    elif kind == "quote":
        parts.append(f',\n{_I8}"cm:speaker": {text(speaker)}')
    else:
        parts.append(f',\n{_I8}"cm:sourceTitle": {text(source_title)},\n'
                     f'{_I8}"cm:sourceUrl": {text(source_url)}')
    parts.append(f"\n{_I6}}}")
    return "".join(parts)


def write_jsonld(
    rows: Iterable[Sequence[Any]],
    out: TextSink,
    *,
    total: int,
    project_uuid: str = "",
    project_name: str = "",
) -> None:
    """Write the collection of `rows` (each the `DOCUMENT_SOURCES` columns, then the
    `SOURCES`, as the store reads them; `total` of them) to `out` as they come: the
    envelope is ``json.dumps``'s, the items are written into its page one by one."""
    envelope = {
        "@context": CONTEXT,
        "id": f"urn:uuid:{project_uuid}" if project_uuid else "urn:claimmark:export",
        "type": "AnnotationCollection",
        "label": project_name,
        "generator": {"type": "Software", "name": f"ClaimMark {__version__}"},
        "generated": now(),
        "total": total,
        "first": {"type": "AnnotationPage", "startIndex": 0, _PLACE: []},
    }
    # the page is the envelope's last key, so its (empty) list is the text's last "[]"
    head, place, tail = json.dumps(envelope, ensure_ascii=False, indent=2).rpartition(f'"{_PLACE}": []')
    out.write(head + place[:-1])
    doc: _Document | None = None
    separator = "\n      "
    for row in rows:
        if doc is None or row[0] != doc.id:
            doc = _Document(row[:7])
        out.write(separator + _item(row[7:], doc))
        separator = ",\n      "
    out.write(("]" if doc is None else "\n    ]") + tail + "\n")
