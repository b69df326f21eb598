"""The big project: N documents and M annotations built through the facade, timed
against raw inserts of the same rows (the "building that project" row).

The build uses the facade's bulk add, `Project.add_documents` and
`core.add_annotations`, which store a batch of 500 in one transaction each. A single
`add_document` and `add_annotation` call in its own transaction is timed on a sample
too, and reported alongside."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path

from bench.suite import data
from bench.suite.settings import Settings
from bench.suite.table import Row, ratio_row

BATCH = 500
AUTHOR = "Bench Reader"


def template(settings: Settings) -> object:
    """The extracted 20 KB article every document of the big project is a variant of."""
    from claimmark import core

    path = settings.work / "template.html"
    if not path.exists():
        path.write_text(data.article(data.SIZES["20k"], seed=7), encoding="utf-8")
    return core.extract_file(path)


def fill(project: object, documents: Iterable[object], annotations: int, seed: int = 0) -> list[int]:
    """Add `documents`, then `annotations` spread over them round-robin, through the bulk
    add (the documents drawn a batch at a time, so that 20,000 are never all in memory)."""
    from claimmark import core

    assert isinstance(project, core.Project)
    ids = [r.id for r in project.add_documents(documents, batch=BATCH)]
    length = len(project.reading_document(ids[0]).text)
    ranges = enumerate(data.annotation_ranges(length, annotations, seed))
    made = (core.NewAnnotation(ids[i % len(ids)], kind, a, b, author=AUTHOR) for i, (kind, a, b) in ranges)
    core.add_annotations(project, made, batch=BATCH)
    return ids


def _one_per_transaction(settings: Settings, docs: list[object]) -> tuple[float, float]:
    """Seconds a document and an annotation take, each added in its own transaction."""
    from claimmark import core

    with core.Project.open(settings.work / "sample.claimmark", create=True) as project:
        start = time.perf_counter()
        ids = [project.add_document(d).id for d in docs]  # type: ignore[arg-type]
        per_doc = (time.perf_counter() - start) / len(docs)
        ranges = list(data.annotation_ranges(len(project.reading_document(ids[0]).text), 100))
        start = time.perf_counter()
        for i, (kind, a, b) in enumerate(ranges):
            core.add_annotation(project, ids[i % len(ids)], kind, a, b, author=AUTHOR)
        per_annotation = (time.perf_counter() - start) / len(ranges)
    return per_doc, per_annotation


def _raw_copy(built: Path, target: Path) -> float:
    """Seconds raw `executemany` inserts of the built project's rows take, into an empty
    project file of the same schema (documents, their FTS rows, annotations)."""
    from claimmark import core

    core.Project.open(target, create=True).close()
    source = sqlite3.connect(built)
    tables = {
        t: source.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall()
        for t in ("documents", "annotations")
    }
    fts = source.execute("SELECT id, title, reading_text FROM documents ORDER BY id").fetchall()
    source.close()
    conn = sqlite3.connect(target, isolation_level=None)
    start = time.perf_counter()
    conn.execute("BEGIN")
    for table, rows in tables.items():
        marks = ", ".join("?" * len(rows[0]))
        conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
    conn.executemany("INSERT INTO documents_fts(rowid, title, reading_text) VALUES (?, ?, ?)", fts)
    conn.execute("COMMIT")
    seconds = time.perf_counter() - start
    conn.close()
    return seconds


def build(settings: Settings) -> tuple[Path, list[Row]]:
    """Build the big project; its path and the row about building it."""
    from claimmark import core

    os.environ.setdefault(core.ENV_AUTHOR, AUTHOR)
    extracted = template(settings)
    per_doc, per_annotation = _one_per_transaction(settings, list(data.variants(extracted, 50)))
    path = settings.work / "big.claimmark"
    start = time.perf_counter()
    with core.Project.open(path, create=True) as project:
        fill(project, data.variants(extracted, settings.documents), settings.annotations)
    facade = time.perf_counter() - start
    raw = _raw_copy(path, settings.work / "raw.claimmark")
    row = ratio_row(
        "build project",
        f"{settings.size_note} through the facade's bulk add, batches of {BATCH} in one "
        f"transaction: {facade:.1f} s (one transaction each: {per_doc * 1e3:.1f} ms a document, "
        f"{per_annotation * 1e3:.1f} ms an annotation)",
        f"raw executemany of the same rows: {raw:.2f} s",
        facade / raw,
        3.0,
        facade_s=facade,
        raw_s=raw,
        per_document_s=per_doc,
        per_annotation_s=per_annotation,
    )
    return path, [row]
