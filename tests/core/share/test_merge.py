"""Merging two colleagues' copies of a project: nothing lost, duplicated or revived."""

from __future__ import annotations

import json
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from claimmark.cli import main
from claimmark.core.annotate import editing as edits
from claimmark.core.importing import import_paths
from claimmark.core.model import records
from claimmark.core.model.document import Block, ReadingDocument
from claimmark.core.model.errors import ProjectError
from claimmark.core.share.merge import merge
from claimmark.core.store import annotations as ann
from claimmark.core.store.project import Project
from claimmark.core.store.versions import version_hash
from tests.annotation_helpers import installation, named
from tests.conftest import CORPUS

EXAMPLES = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))["example_annotations"]


def tick() -> None:
    time.sleep(0.005)  # timestamps have millisecond resolution


def tag_example(project: Project, index: int, author: str, **fields: object) -> records.Annotation:
    example = EXAMPLES[index]
    text = project.document(1).text
    start = text.index(example["exact"])
    extra = {"claim": {"claimant": example.get("claimant", "")}, "quote": {"speaker": example.get("speaker", "")},
             "citation": {"source_title": example.get("source", "")}}[example["kind"]]
    tick()
    return edits.add(project, 1, example["kind"], start, start + len(example["exact"]), author=author,
                   **{**extra, **fields})


def set_text(project: Project, doc_id: int, text: str, content_hash: str) -> None:
    """Give a document another reading text, as another extractor would: its structure
    (one paragraph a line), text and content hash agree, so `check` passes."""
    structure = ReadingDocument([Block("paragraph", line) for line in text.split("\n")])
    project.db.execute("UPDATE documents SET reading_json = ?, reading_text = ?, "
                       "content_hash = ? WHERE id = ?",
                       [structure.to_json(), text, content_hash, doc_id])
    project.db.execute("INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')")  # the index follows
    project.db.conn.commit()


def snapshot(path: Path) -> dict[str, dict[str, object]]:
    """Every annotation's content by UUID (offsets and bookkeeping left out)."""
    with Project.open(path) as project:
        out = {}
        for a in ann.query(project, include_deleted=True):
            row = {k: getattr(a, k) for k in ("kind", "exact", "note", "claimant", "status", "speaker",
                                              "source_title", "source_url", "deleted", "author")}
            row["tags"] = sorted(a.tags)
            row["text_ok"] = project.document(a.document_id).text[a.start:a.end] == a.exact
            out[a.uuid] = row
        return out


@pytest.fixture
def pair(tmp_path: Path, corpus: Path) -> dict[str, object]:
    """Alice and Bob each edit a copy of one base project."""
    base = tmp_path / "base.claimmark"
    with Project.open(base, create=True) as project:
        import_paths(project, [corpus / "page.html"])
        a1 = tag_example(project, 0, "Alice")
        a2 = tag_example(project, 1, "Alice")
        a3 = tag_example(project, 3, "Alice", tags=["economy"])
        a5 = tag_example(project, 5, "Alice")
    alice, bob = tmp_path / "alice.claimmark", tmp_path / "bob.claimmark"
    shutil.copyfile(base, alice)
    shutil.copyfile(base, bob)
    with named("Alice"), Project.open(alice) as project:
        tick()
        edits.update(project, a1.uuid, note="Alice: check the transcript")
        tick()
        edits.delete(project, a2.uuid)
        tick()
        edits.delete(project, a5.uuid)
        a4 = tag_example(project, 2, "Alice", status="misleading")
    with installation(tmp_path / "bob-config"), named("Bob"), Project.open(bob) as project:  # his own id
        tick()
        edits.update(project, a3.uuid, tags=["economy", "surveillance"])
        b1 = tag_example(project, 4, "Bob", tags=["europe"])
        tick()
        edits.update(project, a1.uuid, note="Bob: the ministry said this on Monday")
        tick()
        edits.update(project, a5.uuid, status="mostly true")
    return {"alice": alice, "bob": bob, "a1": a1.uuid, "a2": a2.uuid, "a3": a3.uuid, "a4": a4.uuid,
            "a5": a5.uuid, "b1": b1.uuid}


def test_merge_both_ways_twice(pair: dict[str, object], tmp_path: Path) -> None:
    alice, bob = Path(str(pair["alice"])), Path(str(pair["bob"]))
    alice2, bob2 = tmp_path / "alice2.claimmark", tmp_path / "bob2.claimmark"
    shutil.copyfile(alice, alice2)
    shutil.copyfile(bob, bob2)
    bob_before = bob.read_bytes()

    with Project.open(alice2) as project:
        report = merge(project, bob)
        assert report.documents_added == [] and report.documents_matched == {"uuid": 1, "content": 0, "url": 0}
        assert report.annotations_added == 1  # b1
        assert report.annotations_updated == 1  # a3: only Bob changed it
        assert report.annotations_deleted == 0
        assert sorted(c.uuid for c in report.conflicts) == sorted([pair["a1"], pair["a5"]])
        assert {c.winner for c in report.conflicts} == {"theirs"}  # Bob's edits came later
        assert report.orphans == []
        assert project.check() == []
    assert bob.read_bytes() == bob_before  # the incoming file is only read

    with Project.open(bob2) as project:
        report = merge(project, alice)
        assert report.annotations_added == 1  # a4
        assert report.annotations_deleted == 1  # a2: Alice deleted it, Bob never touched it
        assert report.annotations_updated == 0
        assert sorted(c.uuid for c in report.conflicts) == sorted([pair["a1"], pair["a5"]])
        assert {c.winner for c in report.conflicts} == {"ours"}

    merged_a, merged_b = snapshot(alice2), snapshot(bob2)
    assert merged_a == merged_b  # the same, as to content, in either direction
    assert len(merged_a) == 6
    assert merged_a[pair["a1"]]["note"] == "Bob: the ministry said this on Monday"
    assert merged_a[pair["a2"]]["deleted"] is True  # a deletion wins over an unchanged copy
    assert merged_a[pair["a5"]]["deleted"] is False  # ... never over a later edit
    assert merged_a[pair["a5"]]["status"] == "mostly true"
    assert merged_a[pair["a3"]]["tags"] == ["economy", "surveillance"]
    assert merged_a[pair["a4"]]["status"] == "misleading" and merged_a[pair["a4"]]["author"] == "Alice"
    assert merged_a[pair["b1"]]["author"] == "Bob" and merged_a[pair["b1"]]["tags"] == ["europe"]
    assert all(row["text_ok"] for row in merged_a.values())

    with Project.open(alice2) as project:
        kept = project.db.execute("SELECT annotation_uuid, winner, other FROM merge_conflicts").fetchall()
        assert sorted(r[0] for r in kept) == sorted([pair["a1"], pair["a5"]])
        a1_loser = next(json.loads(r[2]) for r in kept if r[0] == pair["a1"])
        assert a1_loser["note"] == "Alice: check the transcript"  # the losing version is kept
        again = merge(project, bob)  # twice: nothing changes the second time
        assert not again.changed and again.annotations_unchanged == 5  # all of Bob's
    assert snapshot(alice2) == merged_a
    with Project.open(bob2) as project:
        assert not merge(project, alice).changed
        assert not merge(project, alice2).changed  # merged copies agree
    assert snapshot(bob2) == merged_b


def test_dry_run_writes_nothing(pair: dict[str, object], capsys: pytest.CaptureFixture[str]) -> None:
    alice = Path(str(pair["alice"]))
    before = snapshot(alice)
    assert main(["merge", str(alice), str(pair["bob"]), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Would merge") and "conflicts: 2" in out and "1 new" in out
    assert snapshot(alice) == before
    assert main(["merge", str(alice), str(pair["bob"]), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["annotations_added"] == 1 and len(data["conflicts"]) == 2


def test_separate_projects_with_the_same_article_merge_by_content(tmp_path: Path, corpus: Path) -> None:
    mine, theirs = tmp_path / "mine.claimmark", tmp_path / "theirs.claimmark"
    with Project.open(mine, create=True) as project:
        import_paths(project, [corpus / "page.html"])
        tag_example(project, 0, "Alice")
    with Project.open(theirs, create=True) as project:
        import_paths(project, [corpus / "article.txt"])  # the same article, saved as text
        tag_example(project, 1, "Bob")
        tag_example(project, 0, "Bob")  # the same passage, tagged independently
    with Project.open(mine) as project:
        report = merge(project, theirs)
        assert report.documents_matched["content"] == 1 and report.documents_added == []
        assert report.annotations_added == 2
        assert project.count_documents() == 1
        text = project.document(1).text
        for a in ann.query(project):
            assert text[a.start:a.end] == a.exact and a.anchor_status in ("exact", "moved")


def test_a_differing_text_reanchors_or_keeps_orphans(tmp_path: Path, corpus: Path) -> None:
    """Same URL, other extraction: incoming annotations re-anchor onto our text."""
    mine, theirs = tmp_path / "mine.claimmark", tmp_path / "theirs.claimmark"
    with Project.open(mine, create=True) as project:
        import_paths(project, [corpus / "page.html"])
    with Project.open(theirs, create=True) as project:
        import_paths(project, [corpus / "page.html"])
        text = project.document(1).text
        kept = tag_example(project, 3, "Bob")
        gone = tag_example(project, 4, "Bob")
        # another extractor: an extra paragraph first, one paragraph gone, a new hash
        paragraph = EXAMPLES[4]["exact"]
        line = next(p for p in text.split("\n") if paragraph in p)
        new_text = text.replace("\n" + line, "").replace("\n", "\nAn editor's note added by a newer extractor.\n", 1)
        set_text(project, 1, new_text, "sha256:other")
        start = new_text.index(kept.exact)
        project.db.execute('UPDATE annotations SET start = ?, "end" = ? WHERE uuid = ?',
                           [start, start + len(kept.exact), kept.uuid])
        # their copy lost the paragraph, so re-anchoring left that annotation an orphan there
        project.db.execute('UPDATE annotations SET start = 0, "end" = ?, anchor_status = \'orphaned\' '
                           "WHERE uuid = ?", [len(gone.exact), gone.uuid])
        project.db.conn.commit()
        theirs_text = new_text
    with Project.open(mine) as project:
        assert theirs_text != project.document(1).text
        report = merge(project, theirs)
        assert report.documents_matched["url"] == 1
        assert report.annotations_added == 2
        text = project.document(1).text
        placed = {a.uuid: a for a in ann.query(project)}
        assert text[placed[kept.uuid].start:placed[kept.uuid].end] == kept.exact
        assert placed[kept.uuid].anchor_status in ("moved", "exact")
        # the passage exists in our text, so the "gone" one is found again too
        assert text[placed[gone.uuid].start:placed[gone.uuid].end] == gone.exact


def test_an_annotation_whose_text_is_missing_is_kept_as_an_orphan(tmp_path: Path, corpus: Path) -> None:
    mine, theirs = tmp_path / "mine.claimmark", tmp_path / "theirs.claimmark"
    with Project.open(mine, create=True) as project:
        import_paths(project, [corpus / "page.html"])
    with Project.open(theirs, create=True) as project:
        import_paths(project, [corpus / "page.html"])
        extra = "\nA closing paragraph that only the other extractor found, with a claim in it."
        set_text(project, 1, project.document(1).text + extra, "x")
        text = project.document(1).text
        start = text.index("only the other extractor found")
        orphan = edits.add(project, 1, "claim", start, start + 30, author="Bob")
    with Project.open(mine) as project:
        report = merge(project, theirs)
        assert report.orphans == [orphan.uuid]
        kept = ann.get(project, orphan.uuid)
        assert kept.anchor_status == "orphaned" and kept.exact == "only the other extractor found"


def test_files_copied_while_open_and_self_merges_are_refused(pair: dict[str, object]) -> None:
    alice, bob = Path(str(pair["alice"])), Path(str(pair["bob"]))
    with Project.open(alice) as project:
        with pytest.raises(ProjectError, match="into itself"):
            merge(project, alice)
        journal = bob.with_name(bob.name + "-journal")
        journal.write_bytes(b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7" + b"\x00" * 504)
        with pytest.raises(ProjectError, match="proper copy"):
            merge(project, bob)
        journal.unlink()
        newer = bob.with_name("newer.claimmark")
        shutil.copyfile(bob, newer)
        conn = sqlite3.connect(newer)
        conn.execute("PRAGMA user_version = 99")
        conn.commit()
        conn.close()
        with pytest.raises(ProjectError, match="newer ClaimMark"):
            merge(project, newer)


def test_a_killed_merge_leaves_the_project_as_it_was(pair: dict[str, object], tmp_path: Path) -> None:
    alice, bob = Path(str(pair["alice"])), Path(str(pair["bob"]))
    with Project.open(bob) as project:  # enough work that the kill lands mid-merge
        for n in range(300):
            edits.add(project, 1, "claim", n, n + 5, note=f"bulk {n}", author="Bob")
    before = snapshot(alice)
    script = textwrap.dedent(
        f"""
        import sys, time
        from claimmark.core.share import merge as m
        original = m._Merger._merge_annotation
        count = 0
        def slow(self, *args):
            global count
            count += 1
            if count == 150:
                print("halfway", flush=True)
                time.sleep(60)
            return original(self, *args)
        m._Merger._merge_annotation = slow
        from claimmark.core.store.project import Project
        with Project.open({str(alice)!r}) as project:
            m.merge(project, {str(bob)!r})
        """
    )
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline().strip() == "halfway"
    child.send_signal(signal.SIGKILL)
    child.wait()
    result = subprocess.run([sys.executable, "-m", "claimmark", "check", str(alice)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert snapshot(alice) == before


def test_version_hash_ignores_offsets_but_not_tags() -> None:
    row = {"kind": "claim", "exact": "x", "note": "", "claimant": "", "status": "unverified", "speaker": "",
           "source_title": "", "source_url": "", "deleted": 0, "start": 1}
    assert version_hash(row, ["A"]) == version_hash({**row, "start": 9}, ["a"])
    assert version_hash(row, ["A"]) != version_hash(row, ["B"])
    assert version_hash(row, []) != version_hash({**row, "deleted": 1}, [])


def test_taking_turns_at_editing_one_annotation_is_never_a_conflict(tmp_path: Path, corpus: Path) -> None:
    """Alice tags, Bob edits, Alice takes Bob's edit and edits again, Bob takes hers,
    then deletes: each merge brings the newer version in, and none is a conflict,
    because a local edit records the version it replaced."""
    alice, bob = tmp_path / "alice.claimmark", tmp_path / "bob.claimmark"
    with Project.open(alice, create=True) as project:
        import_paths(project, [corpus / "page.html"])
        made = tag_example(project, 0, "Alice", note="v1")
    shutil.copyfile(alice, bob)

    def edit(path: Path, **fields: object) -> None:
        tick()
        with Project.open(path) as project:
            if fields:
                edits.update(project, made.uuid, **fields)
            else:
                edits.delete(project, made.uuid)

    def merge_into(path: Path, other: Path) -> None:
        with Project.open(path) as project:
            report = merge(project, other)
            assert report.conflicts == [] and report.annotations_updated + report.annotations_deleted == 1
            assert project.db.execute("SELECT count(*) FROM merge_conflicts").fetchone()[0] == 0

    edit(bob, note="v2 by Bob", tags=["checked"])
    merge_into(alice, bob)
    edit(alice, note="v3 by Alice")
    merge_into(bob, alice)
    edit(bob)  # Bob deletes it
    merge_into(alice, bob)
    assert snapshot(alice) == snapshot(bob)
    assert snapshot(alice)[made.uuid]["deleted"] and snapshot(alice)[made.uuid]["note"] == "v3 by Alice"
