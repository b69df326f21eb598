"""The rows measured in this process through the facade: importing, searching,
exporting, merging and the project file's size."""

from __future__ import annotations

import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tracemalloc
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from bench.suite import data
from bench.suite.settings import Settings
from bench.suite.table import Row, duration, ratio_row
from bench.suite.timing import clock, interleaved, median, percentile

READABILITY_ALL = """
import sys
from pathlib import Path
from readability import Document
for path in sorted(Path(sys.argv[1]).glob("*.html")):
    Document(path.read_text(encoding="utf-8")).summary()
"""


class FreshProject:
    """A new empty project for each import, so that none is a duplicate of the last."""

    def __init__(self, stem: Path):
        self.stem = stem
        self.count = 0
        self.project: Any = None

    def renew(self) -> None:
        from claimmark import core

        self.close()
        self.count += 1
        self.project = core.Project.open(
            self.stem.with_name(f"{self.stem.name}-{self.count}.claimmark"), create=True
        )

    def close(self) -> None:
        if self.project is not None:
            self.project.close()
            self.project = None


def _summary(document: Any, html: str) -> None:
    document(html).summary()


def _match(conn: sqlite3.Connection, expr: str) -> None:
    conn.execute("SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?", [expr]).fetchall()


def import_one(settings: Settings) -> list[Row]:
    """Import one article (20 KB, 200 KB, 2 MB): the whole pipeline, worker and all, to
    committed rows in a fresh project, against bare readability on the same bytes."""
    from readability import Document

    from claimmark import core

    rows = []
    articles = data.write_articles(settings.work / "articles")
    for name, path in articles.items():
        html = path.read_text(encoding="utf-8")
        fresh = FreshProject(settings.work / f"one-{name}")

        def subject(path: Path = path, fresh: FreshProject = fresh) -> None:
            outcomes = core.import_paths(fresh.project, [path])
            assert outcomes[0].status == "imported", outcomes

        repeats = settings.heavy_repeats if name == "2m" else settings.repeats
        pair = interleaved(
            partial(_summary, Document, html),
            subject,
            repeats,
            warmup=name != "2m",
            before=fresh.renew,
        )
        fresh.close()
        rows.append(
            ratio_row(
                f"import {name}",
                f"one {len(html.encode()) / 1e3:,.0f} KB article, pipeline to committed rows: "
                f"{duration(median(pair.subject))}",
                f"readability summary(): {duration(median(pair.floor))}",
                pair.ratio,
                1.5,
                floor_s=pair.floor,
                subject_s=pair.subject,
            )
        )
    return rows


def import_folder(settings: Settings) -> list[Row]:
    """`claimmark import -q` of a folder, against one process running bare readability
    over the same files (both timed from process start, so both pay Python's start)."""
    folder = settings.work / "folder"
    data.write_folder(folder, settings.folder_pages)
    counter = iter(range(10**6))

    def cli() -> None:
        project = settings.work / f"folder-{next(counter)}.claimmark"
        subprocess.run(
            [sys.executable, "-m", "claimmark", "import", "-q", str(project), str(folder)],
            check=True,
            capture_output=True,
        )

    def bare() -> None:
        subprocess.run([sys.executable, "-c", READABILITY_ALL, str(folder)], check=True, capture_output=True)

    pair = interleaved(bare, cli, settings.heavy_repeats, warmup=False)
    return [
        ratio_row(
            "import folder",
            f"claimmark import of {settings.folder_pages} articles (CLI): {median(pair.subject):.1f} s",
            f"bare readability, one process: {median(pair.floor):.1f} s",
            pair.ratio,
            1.3,
            floor_s=pair.floor,
            subject_s=pair.subject,
        ),
        _store_step(settings, folder),
    ]


class RawTarget:
    """A new empty project file for each raw insert, with a plain sqlite3 connection."""

    def __init__(self, stem: Path):
        self.stem = stem
        self.count = 0
        self.conn: sqlite3.Connection | None = None

    def renew(self) -> None:
        from claimmark import core

        self.close()
        self.count += 1
        path = self.stem.with_name(f"{self.stem.name}-{self.count}.claimmark")
        core.Project.open(path, create=True).close()
        self.conn = sqlite3.connect(path, isolation_level=None)

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def _stored_rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """The rows an import stored (documents, images), and the documents' FTS rows."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    rows = {
        t: conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in ("documents", "images")
    }
    fts = conn.execute("SELECT id, title, reading_text FROM documents ORDER BY id")
    rows["documents_fts"] = fts.fetchall()
    conn.close()
    return rows


def _raw_insert(target: RawTarget, rows: dict[str, list[tuple[Any, ...]]]) -> None:
    conn = target.conn
    assert conn is not None
    conn.execute("BEGIN")
    for table, values in rows.items():
        if values:
            columns = "(rowid, title, reading_text)" if table == "documents_fts" else ""
            marks = ", ".join("?" * len(values[0]))
            conn.executemany(f"INSERT INTO {table}{columns} VALUES ({marks})", values)
    conn.execute("COMMIT")


def _store_step(settings: Settings, folder: Path) -> Row:
    """The store step of the folder import on its own (`core.store_extracted` of the pages
    extracted beforehand, one transaction, into a fresh project), against raw executemany
    of the same rows (documents, images, FTS) into an empty project. The pages are what
    an import's workers hand over: extracted, with their stored forms made (`with_forms`)."""
    from claimmark import core

    pages = [(path, core.extract_file(path).with_forms()) for path in sorted(folder.glob("*.html"))]
    fresh, raw = FreshProject(settings.work / "store"), RawTarget(settings.work / "raw-store")
    fresh.renew()
    core.store_extracted(fresh.project, pages)
    rows = _stored_rows(fresh.project.path)

    def subject() -> None:
        outcomes = core.store_extracted(fresh.project, pages)
        assert all(o.status == "imported" for o in outcomes), outcomes

    def renew() -> None:
        fresh.renew()
        raw.renew()

    pair = interleaved(partial(_raw_insert, raw, rows), subject, settings.repeats, before=renew)
    fresh.close()
    raw.close()
    return ratio_row(
        "import folder, store",
        f"storing the {len(pages)} extracted articles in one transaction: {duration(median(pair.subject))}",
        f"raw executemany of the same rows: {duration(median(pair.floor))}",
        pair.ratio,
        2.0,
        floor_s=pair.floor,
        subject_s=pair.subject,
    )


def _queries(settings: Settings) -> list[str]:
    words = sorted({w.lower() for p in data.paragraphs() for w in re.findall(r"[A-Za-z]{5,}", p)})
    return random.Random(3).sample(words, min(settings.queries, len(words)))


def search(settings: Settings, big: Path) -> list[Row]:
    """Ranked search (top 20, each hit with its snippet) against a bare FTS5 MATCH rowid
    query, per query interleaved."""
    from claimmark import core

    floor_times, subject_times = [], []
    with core.Project.open(big, read_only=True) as project:
        conn = sqlite3.connect(f"file:{big}?mode=ro", uri=True)
        for word in _queries(settings):
            floor_times.append(clock(partial(_match, conn, f'"{word}"*')))
            subject_times.append(clock(partial(core.search_documents, project, word, limit=20)))
        conn.close()
    ratio = median(subject_times) / median(floor_times)
    p95, worst = percentile(subject_times, 0.95), max(subject_times)
    return [
        Row(
            "search",
            f"top 20 ranked ({settings.documents:,} docs, {len(subject_times)} queries): "
            f"p95 {p95 * 1e3:.1f} ms, worst {worst * 1e3:.1f} ms, with snippets",
            f"bare FTS5 MATCH rowid: median {median(floor_times) * 1e3:.2f} ms",
            "<= 3x, p95 <= 5 ms, worst <= 20 ms",
            ratio,
            ratio <= 3 and p95 <= 0.005 and worst <= 0.020,
            values={"floor_s": floor_times, "subject_s": subject_times},
        )
    ]


def _fetch_annotations(path: Path) -> None:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.execute("SELECT * FROM annotations WHERE deleted = 0").fetchall()
    conn.close()


def _traced_peak(action: Callable[[], object]) -> int:
    """The tracemalloc peak (bytes) of one untimed call of `action`."""
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# the memory an export may hold, whatever the project's size: the CSV's is flat, the JSON-LD's
# under issue #17's 200 MB
EXPORT_MEMORY_MB = {"csv": 20.0, "json": 200.0}


def exports(settings: Settings, big: Path) -> list[Row]:
    """CSV and JSON-LD export of every annotation to a file, against fetching the rows
    with sqlite3; the export's memory peak (tracemalloc, one untimed run) as well."""
    from claimmark import core

    rows = []
    with core.Project.open(big, read_only=True) as project:
        for fmt, label, limit in (("csv", "CSV", 3.0), ("json", "JSON-LD", 5.0)):
            target = settings.work / f"export.{fmt}"

            def subject(fmt: str = fmt, target: Path = target) -> None:
                core.export_to_file(project, fmt, target, replace=True)

            pair = interleaved(lambda: _fetch_annotations(big), subject, settings.heavy_repeats, warmup=False)
            peak_mb = _traced_peak(subject) / 1e6
            most = EXPORT_MEMORY_MB[fmt]
            ratio = pair.ratio
            rows.append(
                Row(
                    f"export {fmt}",
                    f"{label} of {settings.annotations:,} annotations to a file: "
                    f"{duration(median(pair.subject))}, memory peak {peak_mb:,.1f} MB (tracemalloc)",
                    f"sqlite3 fetch of the rows: {duration(median(pair.floor))}",
                    f"<= {limit:g}x, memory under {most:g} MB",
                    ratio,
                    ratio <= limit and peak_mb < most,
                    values={"floor_s": pair.floor, "subject_s": pair.subject,
                            "peak_bytes": int(peak_mb * 1e6)},
                )
            )
    return rows


def merge(settings: Settings, big: Path) -> list[Row]:
    """A merge dry run of two copies of the big project, against reading both tables.
    How much of it is opening the two files (ours, and the incoming one as a merge
    opens it: a private copy, checked) is timed apart, untimed in the row."""
    from claimmark import core
    from claimmark.core.share.merge import open_foreign

    copy = settings.work / "copy.claimmark"
    shutil.copyfile(big, copy)

    def subject() -> None:
        with core.Project.open(big) as project:
            core.merge(project, copy, dry_run=True)

    def floor() -> None:
        _fetch_annotations(big)
        _fetch_annotations(copy)

    def opening() -> None:
        with core.Project.open(big), open_foreign(copy):
            pass

    pair = interleaved(floor, subject, settings.heavy_repeats, warmup=False)
    opened = median([clock(opening) for _ in range(settings.heavy_repeats)])
    return [
        ratio_row(
            "merge dry run",
            f"two copies of {settings.annotations:,} annotations: "
            f"{duration(median(pair.subject))} (opening the project included; opening both files "
            f"alone: {duration(opened)}, {opened / median(pair.floor):.1f}x the floor)",
            f"reading both annotation tables: {duration(median(pair.floor))}",
            pair.ratio,
            3.0,
            floor_s=pair.floor,
            subject_s=pair.subject,
            opening_s=opened,
        )
    ]


def file_size(big: Path) -> list[Row]:
    """The project file's size against the raw reading text it holds (UTF-8 bytes)."""
    conn = sqlite3.connect(f"file:{big}?mode=ro", uri=True)
    texts = sum(len(t.encode()) for (t,) in conn.execute("SELECT reading_text FROM documents"))
    originals = conn.execute("SELECT sum(length(original)) FROM documents").fetchone()[0] or 0
    conn.close()
    size = big.stat().st_size
    ratio = size / texts
    return [
        Row(
            "file size",
            f"{size / 1e6:,.1f} MB ({originals / 1e6:,.1f} MB of it compressed originals)",
            f"the raw reading text: {texts / 1e6:,.1f} MB",
            "<= 4x with originals",
            ratio,
            ratio <= 4.0,
            values={"bytes": size, "text_bytes": texts, "original_bytes": originals},
        )
    ]
