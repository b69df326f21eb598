"""Re-running the current extractor on a document's stored original.

The new extraction (reading structure, HTML and text, content hash, extractor
version, images, search row) is stored and every annotation of the document is
re-anchored (`claimmark.core.annotate.anchoring`) in one transaction: either all of it lands
or none of it. Images of a "Save Page As" page were read from its ``*_files/``
folder at import; that folder is not kept, so they are found again among the
images stored with the document by their original relative path.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from claimmark.core.annotate.anchoring import Reanchorer, context
from claimmark.core.annotate.editing import editor_id
from claimmark.core.extract import workers
from claimmark.core.extract.jobs import extract_original
from claimmark.core.model.errors import ImportFailed
from claimmark.core.model.extracted import Extracted
from claimmark.core.model.records import AnchorStatus, now
from claimmark.core.store import annotations as annotation_store
from claimmark.core.store import documents
from claimmark.core.store.originals import DamagedOriginal, inflate
from claimmark.core.store.project import Project
from claimmark.core.store.scratch import scratch_folder, temporary_folder_problem

log = logging.getLogger(__name__)
_SUFFIX = {"html": ".html", "singlefile": ".html", "mhtml": ".mhtml", "txt": ".txt", "md": ".md"}


@dataclass
class ReimportResult:
    document_id: int
    text_changed: bool
    statuses: Counter[str] = field(default_factory=Counter)  # anchor status -> number of live annotations
    orphaned: list[int] = field(default_factory=list)  # ids of annotations now orphaned
    fuzzy: list[int] = field(default_factory=list)
    same_text_as: list[int] = field(default_factory=list)  # other documents whose text is now the same


def extract_stored(project: Project, document_id: int) -> Extracted:
    """Extract a document's stored original again with the current extractor (in a
    worker process, under the per-file limits, as an import)."""
    original = documents.stored_original(project, document_id)
    try:
        raw = inflate(original.data, original.size)
    except DamagedOriginal as exc:
        raise ImportFailed(f"the original stored with this document is damaged: {exc}",
                           original.source_name) from None
    images = documents.images_by_source(project, document_id)
    suffix = _SUFFIX.get(original.source_format, Path(original.source_name).suffix or ".html")
    with scratch_folder("claimmark-reimport-", project.path) as folder:  # its errors name the project
        path = Path(folder) / ("original" + suffix)
        try:
            path.write_bytes(raw)
        except OSError as exc:
            raise temporary_folder_problem(exc, project.path) from None
        job = workers.Job(extract_original, (path, original.source_name, original.source_format, images),
                          Path(original.source_name))
        done = workers.pool().run_one(job)
    if done.failed:
        if done.details:
            log.error("re-extraction of document %s failed:\n%s", document_id, done.details)
        raise ImportFailed(done.message, done.path or original.source_name)
    extracted: Extracted = done.extracted  # a worker's result, typed Any by the pool
    return extracted


def reimport(project: Project, ref: int | str) -> ReimportResult:
    """Re-extract a document and re-anchor its annotations, in one transaction."""
    document_id = project.resolve_document(ref)
    extracted = extract_stored(project, document_id)
    return store_extraction(project, document_id, extracted)


def store_extraction(project: Project, document_id: int, extracted: Extracted) -> ReimportResult:
    """Replace a document's extraction with `extracted` and re-anchor its annotations."""
    with project.transaction():
        old_text = documents.replace_extraction(project, document_id, extracted)
        new_text = extracted.document.text
        result = ReimportResult(document_id, old_text != new_text)
        result.same_text_as = documents.same_text_as(project, document_id, extracted.content_hash)
        result.statuses, changed = reanchor_document(project, document_id, old_text, new_text)
        for ann_id, status in changed:
            if status == AnchorStatus.ORPHANED:
                result.orphaned.append(ann_id)
            elif status == AnchorStatus.FUZZY:
                result.fuzzy.append(ann_id)
    return result


def reanchor_document(
    project: Project, document_id: int, old_text: str, new_text: str
) -> tuple[Counter[str], list[tuple[int, str]]]:
    """Re-anchor every annotation of a document (tombstones too) from `old_text` to
    `new_text`; call inside a transaction. Exact and moved annotations take the new
    context; fuzzy and orphaned ones keep their quote and context as made."""
    anchorer = Reanchorer(old_text, new_text)
    statuses: Counter[str] = Counter()
    changed: list[tuple[int, str]] = []
    stamp, editor = now(), ""
    for ann_id, start, end, exact, prefix, suffix, before, deleted in documents.anchors(project, document_id):
        new_start, new_end, status = anchorer.reanchor(start, end, exact, prefix, suffix)
        update: dict[str, object] = {"start": new_start, "end": new_end, "anchor_status": status}
        if status in (AnchorStatus.EXACT, AnchorStatus.MOVED):
            update["prefix"], update["suffix"] = context(new_text, new_start, new_end)
        current = {"start": start, "end": end, "anchor_status": before, "prefix": prefix, "suffix": suffix}
        if any(current[k] != v for k, v in update.items()):
            editor = editor or editor_id(project)  # only once something changes
            update["modified"], update["modified_by"] = stamp, editor
            annotation_store.change(project, ann_id, update)
        if not deleted:
            statuses[status] += 1
            changed.append((ann_id, status))
    return statuses, changed
