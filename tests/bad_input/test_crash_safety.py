"""Crash safety: a bulk import of 200 pages, a long tagging session and a merge are
killed with SIGKILL at random moments, again and again. After every kill `claimmark
check` is clean (the next open rolls back the interrupted write: the killed process
had recorded the project as open here, see core/store/open_record.py), every document
present is whole (its text, its image, its search-index row), every annotation
acknowledged before the kill is there and whole, and a killed merge leaves the
project exactly as before or fully merged."""

from __future__ import annotations

import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from claimmark.core.annotate.trim import trim_passage
from claimmark.core.store.project import hot_journal
from tests.bad_input.conftest import cli, png

PAGES = 200
PARAGRAPHS = 8
KILLS = 24
KILLS_PER_PROJECT = 4


def make_pages(folder: Path) -> None:
    folder.mkdir()
    for n in range(PAGES):
        files = folder / f"story{n:03d}_files"
        files.mkdir()
        (files / "photo.png").write_bytes(png(100 + n, 80))  # a distinct image per page
        paragraphs = "".join(
            f"<p>Story {n}, paragraph {k}: a sentence of some length that makes this an article.</p>"
            for k in range(PARAGRAPHS))
        (folder / f"story{n:03d}.html").write_text(
            f"<html><head><title>Story {n}</title></head><body><article><h1>Story {n}</h1>"
            f'<figure><img src="story{n:03d}_files/photo.png"><figcaption>Photo {n}.</figcaption></figure>'
            f"{paragraphs}</article></body></html>")


def assert_whole(project: Path) -> int:
    """Every document complete, nothing partial; returns the number of documents."""
    run = cli("check", project)
    assert run.code == 0, run.err
    conn = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
    try:
        docs = conn.execute("SELECT id, title, reading_text FROM documents ORDER BY id").fetchall()
        titles = [title for _id, title, _text in docs]
        assert len(set(titles)) == len(titles)  # each page once: no half-recorded duplicate
        for doc_id, title, text in docs:
            n = int(title.split()[1])
            assert text.count(f"Story {n}, paragraph") == PARAGRAPHS, title
            assert f"Photo {n}." in text
            images = conn.execute("SELECT width, height FROM images WHERE document_id = ?", [doc_id]).fetchall()
            assert images == [(100 + n, 80)], title
            fts = conn.execute("SELECT reading_text FROM documents_fts WHERE rowid = ?", [doc_id]).fetchone()
            assert fts is not None and fts[0] == text, title
        orphans = conn.execute("SELECT count(*) FROM images WHERE document_id NOT IN (SELECT id FROM documents)"
                               ).fetchone()[0]
        stray_fts = conn.execute("SELECT count(*) FROM documents_fts WHERE rowid NOT IN (SELECT id FROM documents)"
                                 ).fetchone()[0]
        assert orphans == 0 and stray_fts == 0
        return len(docs)
    finally:
        conn.close()


def test_a_bulk_import_killed_again_and_again_leaves_only_whole_documents(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    make_pages(pages)
    empty = tmp_path / "empty.claimmark"
    assert cli("import", empty, pages / "story000.html").code == 0
    # The kills land at random points of the import's progress, not of the clock (the
    # machines and their load differ): after a random number of the pages the child has
    # acknowledged on stdout, plus a random part of the time one page takes.
    rng = random.Random(6)
    counts: list[int] = []
    hot_journals = 0
    project = tmp_path / "killed.claimmark"
    for kill in range(KILLS):
        if kill % KILLS_PER_PROJECT == 0:  # a fresh project; then kill the re-runs that resume it
            shutil.copy(empty, project)
            previous = 1
        child = subprocess.Popen([sys.executable, "-u", "-m", "claimmark", "import", "-q", str(project), str(pages)],
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert child.stdout is not None
        started = time.monotonic()
        wanted = rng.randrange(0, max(1, (PAGES - previous) // 2))
        acknowledged = [child.stdout.readline() for _ in range(wanted)]
        per_page = (time.monotonic() - started) / max(1, len(acknowledged))
        time.sleep(rng.uniform(0, 1) * min(per_page, 0.5) if wanted else rng.uniform(0.05, 0.6))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        child.stdout.close()
        hot_journals += hot_journal(project)  # the kill interrupted a commit: check rolls it back
        count = assert_whole(project)
        assert count >= previous  # nothing committed is ever lost
        previous = count
        counts.append(count)
    assert len(set(counts)) >= 5, counts  # the kills landed at many points of the import
    assert any(0 < c < PAGES for c in counts)
    # finishing the last import afterwards brings in exactly the rest
    result = subprocess.run([sys.executable, "-m", "claimmark", "import", "-q", str(project), str(pages)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert assert_whole(project) == PAGES
    checked = subprocess.run([sys.executable, "-m", "claimmark", "check", str(project)],
                             capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0 and checked.stdout.endswith(f"ok ({PAGES} documents)\n")
    print(f"documents after each kill: {counts}; hot journals: {hot_journals}")


@pytest.mark.parametrize("command", ["check", "list"])
def test_a_project_with_a_hot_journal_from_a_crash_is_usable(tmp_path: Path, command: str) -> None:
    """A kill in the middle of a commit leaves NAME-journal beside the project. The next
    open does not refuse the project: it rolls the interrupted write back
    (docs/storage.md) and shows the documents committed before the kill."""
    pages = tmp_path / "pages"
    make_pages(pages)
    project = tmp_path / "crashed.claimmark"
    assert cli("import", project, pages / "story000.html", pages / "story001.html").code == 0
    code = ("import os, signal, sys\n"
            "from claimmark.core.store.project import Project\n"
            "conn = Project.open(sys.argv[1]).db.conn\n"
            "conn.execute('PRAGMA cache_size = 2')\n"
            "conn.execute('BEGIN IMMEDIATE')\n"
            "conn.execute('UPDATE documents SET original = zeroblob(400000)')\n"
            "os.kill(os.getpid(), signal.SIGKILL)\n")
    subprocess.run([sys.executable, "-c", code, str(project)], check=False, timeout=60)
    assert Path(f"{project}-journal").exists()
    run = cli(command, project)
    assert run.code == 0, run.err
    assert ("ok (2 documents)" in run.out) if command == "check" else run.out.count("\n") == 2


# -- a long tagging session --------------------------------------------------------------
TAGS_PER_SESSION = 240
TAGGING_KILLS = 20
KINDS = ("claim", "quote", "citation")
# A tagging session as the app and `claimmark tag` run it: one transaction per
# annotation, each acknowledged on stdout once edits.add/edits.update has returned.
TAGGING = """
import sys
from claimmark.core.annotate import editing as edits
from claimmark.core.store.project import Project
project_path, first, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
kinds = ("claim", "quote", "citation")
with Project.open(project_path) as project:
    length = len(project.document(1).text)
    for n in range(first, first + count):
        start = (n * 37) % (length - 40)
        fields = {"claim": {"claimant": f"Claimant {n}"}, "quote": {"speaker": f"Speaker {n}"},
                  "citation": {"source_title": f"Source {n}"}}[kinds[n % 3]]
        made = edits.add(project, 1, kinds[n % 3], start, start + 12 + n % 20, note=f"note {n}",
                       tags=[f"topic{n % 7}"], author="Tester", **fields)
        sys.stdout.write(f"add {n} {made.uuid}\\n")
        sys.stdout.flush()
        if n % 4 == 0:
            edits.update(project, made.uuid, note=f"edited {n}")
            sys.stdout.write(f"edit {n} {made.uuid}\\n")
            sys.stdout.flush()
"""


def _rest_of(child: subprocess.Popen[str], timeout: float) -> str:
    """What the child printed after the lines already read with readline: read through
    the same file object, whose buffer may hold lines read ahead (communicate() with a
    timeout reads the pipe itself and would lose them)."""
    assert child.stdout is not None
    deadline = threading.Timer(timeout, child.kill)  # a hung child is killed, and its output ends
    deadline.start()
    try:
        rest = child.stdout.read()
    finally:
        deadline.cancel()
    child.wait(timeout=30)
    return rest


def _tagging_session(project: Path, first: int) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", TAGGING, str(project), str(first), str(TAGS_PER_SESSION)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)


def assert_annotations_whole(project: Path, added: dict[str, int], edited: set[str], unacknowledged: set[str]
                             ) -> int:
    """Every acknowledged annotation present with its range, quote, fields, tags and
    search row; at most one more than before the last kill (committed, but killed
    before it was acknowledged), which joins `unacknowledged`."""
    run = cli("check", project)
    assert run.code == 0, run.err
    conn = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
    try:
        text = conn.execute("SELECT reading_text FROM documents WHERE id = 1").fetchone()[0]
        rows = {row[0]: row[1:] for row in conn.execute(
            'SELECT uuid, id, kind, start, "end", exact, note, claimant, speaker, source_title FROM annotations')}
        for uuid, n in added.items():
            assert uuid in rows, f"acknowledged annotation {n} was lost"
            ann_id, kind, start, end, exact, note, claimant, speaker, source = rows[uuid]
            asked = (n * 37) % (len(text) - 40)  # the range the session tagged, as the core trims it
            assert kind == KINDS[n % 3] and exact == text[start:end]
            assert (start, end) == trim_passage(text, asked, asked + 12 + n % 20)
            assert note == f"edited {n}" if uuid in edited else note in (f"note {n}", f"edited {n}")
            assert f"{n}" in claimant + speaker + source
            tags = conn.execute("SELECT t.name FROM annotation_tags x JOIN tags t ON t.id = x.tag_id "
                                "WHERE x.annotation_id = ?", [ann_id]).fetchall()
            assert tags == [(f"topic{n % 7}",)]
        new = set(rows) - set(added) - unacknowledged
        assert len(new) <= 1, new
        unacknowledged |= new
        indexed = conn.execute("SELECT count(*) FROM annotations_fts").fetchone()[0]
        assert indexed == len(rows)
        return len(rows)
    finally:
        conn.close()


def test_a_tagging_session_killed_again_and_again_keeps_every_acknowledged_annotation(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    make_pages(pages)
    project = tmp_path / "tagged.claimmark"
    assert cli("import", project, pages / "story000.html").code == 0
    # one whole session, to learn how long one acknowledgement takes here and now
    child = _tagging_session(project, 0)
    assert child.stdout is not None
    out = child.stdout.readline()
    started = time.monotonic()
    out += _rest_of(child, timeout=300)
    step = (time.monotonic() - started) / (TAGS_PER_SESSION * 1.25)
    added = {line.split()[2]: int(line.split()[1]) for line in out.splitlines() if line.startswith("add")}
    edited = {line.split()[2] for line in out.splitlines() if line.startswith("edit")}
    assert child.returncode == 0 and len(added) == TAGS_PER_SESSION
    rng = random.Random(7)
    totals, hot_journals, unacknowledged = [], 0, set()
    for kill in range(TAGGING_KILLS):
        first = TAGS_PER_SESSION * (kill + 1)
        child = _tagging_session(project, first)
        assert child.stdout is not None
        # the kill lands after a random number of acknowledgements, at a random moment
        # within the next write
        lines = [child.stdout.readline() for _ in range(rng.randrange(1, TAGS_PER_SESSION))]
        time.sleep(rng.uniform(0, 1.5) * step)
        child.send_signal(signal.SIGKILL)
        out = _rest_of(child, timeout=30)
        # an acknowledgement is a whole line: the kill may cut the last one short
        for line in ("".join(lines) + out).split("\n")[:-1]:
            word, n, uuid = line.split()
            if word == "add":
                added[uuid] = int(n)
            else:
                edited.add(uuid)
        hot_journals += hot_journal(project)
        totals.append(assert_annotations_whole(project, added, edited, unacknowledged))
    assert len(set(totals)) >= 10, totals  # the kills landed at many points of the sessions
    print(f"tagging: {step * 1000:.1f} ms a write; annotations after each kill: {totals}; hot journals: {hot_journals}")


# -- a merge ------------------------------------------------------------------------------
MERGE_KILLS = 20
MERGE = """
import sys
from claimmark.core.share.merge import merge
from claimmark.core.store.project import Project
with Project.open(sys.argv[1]) as project:
    print("start", flush=True)
    merge(project, sys.argv[2])
    print("done", flush=True)
"""


def _merge(ours: Path, theirs: Path) -> subprocess.Popen[str]:
    child = subprocess.Popen([sys.executable, "-c", MERGE, str(ours), str(theirs)],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert child.stdout is not None and child.stdout.readline() == "start\n"
    return child


def _annotation_contents(path: Path) -> dict[str, tuple[object, ...]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {row[0]: row[1:] for row in conn.execute(
            'SELECT a.uuid, a.kind, a.exact, a.note, a.deleted, d.uuid, '
            "(SELECT group_concat(t.name) FROM annotation_tags x JOIN tags t ON t.id = x.tag_id "
            "WHERE x.annotation_id = a.id) FROM annotations a JOIN documents d ON d.id = a.document_id")}
    finally:
        conn.close()


def _dump(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_a_merge_killed_again_and_again_leaves_the_project_as_it_was_or_fully_merged(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    make_pages(pages)
    ours, theirs = tmp_path / "ours.claimmark", tmp_path / "theirs.claimmark"
    assert cli("import", ours, pages / "story000.html", pages / "story001.html").code == 0
    shutil.copyfile(ours, theirs)
    # their side: more documents and many annotations, so the merge takes a while
    assert cli("import", theirs, *sorted(pages.glob("story0[2-3]?.html"))).code == 0
    code = ("import sys\nfrom claimmark.core.annotate import editing as edits\n"
            "from claimmark.core.store.project import Project\n"
            "with Project.open(sys.argv[1]) as p, p.transaction():\n"
            "    for d in range(1, 23):\n"
            "        for n in range(40):\n"
            "            edits.add(p, d, 'claim', n * 3, n * 3 + 10, note=f'theirs {d} {n}', tags=[f't{n % 5}'],"
            " author='Them')\n")
    subprocess.run([sys.executable, "-c", code, str(theirs)], check=True, timeout=120)
    before = _dump(ours)
    reference = tmp_path / "reference.claimmark"
    shutil.copyfile(ours, reference)
    child = _merge(reference, theirs)
    started = time.monotonic()
    assert _rest_of(child, timeout=300) == "done\n"
    span = time.monotonic() - started
    full = _annotation_contents(reference)
    assert len(full) == 22 * 40
    theirs_before = _dump(theirs)
    rng = random.Random(8)
    outcomes = []
    project = tmp_path / "killed.claimmark"
    for _kill in range(MERGE_KILLS):
        shutil.copyfile(ours, project)
        child = _merge(project, theirs)
        time.sleep(rng.uniform(0, 1.1) * span)
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=30)
        # a journal (hot once the commit began, else not yet synced) says the kill
        # landed inside the merge's transaction
        inside = Path(f"{project}-journal").exists()
        run = cli("check", project)
        assert run.code == 0, run.err
        if _dump(project) == before:
            outcomes.append("rolled back" if inside else "before")
        else:
            assert _annotation_contents(project) == full  # all of it, never part
            outcomes.append("merged")
        Path(f"{project}-journal").unlink(missing_ok=True)
    assert _dump(theirs) == theirs_before  # the incoming file is only ever read
    assert outcomes.count("rolled back") >= 5, outcomes  # most kills landed inside the merge
    print(f"merge {span:.1f} s; outcomes: {outcomes}")
