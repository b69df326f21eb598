"""Every change records who made it (``modified_by``), merges carry it, exports show
it, and a project of format 4 gets its creators as the editors."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from claimmark.cli import main
from claimmark.core.annotate import editing as edits
from claimmark.core.annotate import tagging
from claimmark.core.annotate.authors import author_id
from claimmark.core.annotate.reimport import reanchor_document
from claimmark.core.export import collect, export
from claimmark.core.share import conflicts
from claimmark.core.store import annotations as ann
from claimmark.core.store import authors as store_authors
from claimmark.core.store.project import Project
from claimmark.core.store.safety import schema_problems
from claimmark.core.store.schema import format_version
from tests.annotation_helpers import import_corpus, installation, merged, named, tag_examples
from tests.core.share.test_merge import pair, tick  # noqa: F401  (pair: Alice's and Bob's copies)
from tests.core.store.old_formats import older_copy

PASSAGE = "the Patriot Act required US internet companies"


def test_every_change_records_who_made_it(project_path: Path, corpus: Path, tmp_path: Path) -> None:
    bob = tmp_path / "bob-config"
    with named("Alice"), import_corpus(project_path, corpus) as project:
        made = edits.add_text(project, 1, "claim", PASSAGE, tags=["law"])
        alice = made.author_id
        assert (made.modified_by, made.modified_by_name) == (alice, "Alice")
        with installation(bob), named("Bob"):
            bob_id = author_id()
            tick()
            edited = edits.update(project, made.id, note="Bob checked this")
        assert bob_id != alice
        assert (edited.author, edited.author_id) == ("Alice", alice)  # still hers
        assert (edited.modified_by, edited.modified_by_name) == (bob_id, "Bob")
        tick()
        assert edits.delete(project, made.id).modified_by == alice
        with installation(bob), named("Bob"):
            tick()
            assert edits.restore(project, made.id).modified_by == bob_id
        tick()
        moved = edits.update(project, made.id, start=made.start, end=made.end + 4)
        assert moved.modified_by == alice and moved.exact == PASSAGE + " to"  # trimmed, as ever
        with installation(bob), named("Bob"):
            tick()
            tagging.rename_tag(project, "law", "Law")
            assert ann.get(project, made.id).modified_by == bob_id
        assert {a["name"] for a in store_authors.authors(project)} == {"Alice", "Bob"}
        assert ann.get(project, made.id).to_json()["modified_by"] == bob_id


def test_reanchoring_records_who_reimported(project_path: Path, corpus: Path, tmp_path: Path) -> None:
    with named("Alice"), import_corpus(project_path, corpus) as project:
        made = edits.add_text(project, 1, "claim", PASSAGE)
        text = project.document(1).text
        with installation(tmp_path / "bob-config"), named("Bob"), project.transaction():
            reanchor_document(project, 1, text, "A new first line.\n" + text)
            bob_id = author_id()
        moved = ann.get(project, made.id)
        assert moved.start == made.start + len("A new first line.\n")
        assert (moved.modified_by, moved.modified_by_name) == (bob_id, "Bob")


def test_a_format_4_project_gets_its_creators_as_the_editors(project_path: Path, corpus: Path,
                                                             tmp_path: Path) -> None:
    with import_corpus(project_path, corpus) as project:
        made = tag_examples(project)
        with installation(tmp_path / "bob-config"), named("Bob"):
            edits.update(project, made[0].id, note="edited by Bob, in a file that will not know it")
    old = tmp_path / "old.claimmark"
    older_copy(project_path, old, 4)
    conn = sqlite3.connect(old)
    assert "modified_by" not in [r[1] for r in conn.execute("PRAGMA table_info(annotations)")]
    assert schema_problems(conn, 4) == []  # exactly what ClaimMark 4 made
    conn.close()
    before = old.read_bytes()
    with Project.open(old) as project:
        assert project.db.execute("PRAGMA user_version").fetchone()[0] == format_version() == 8
        items = ann.query(project)
        assert len(items) == 6 and project.check() == []
        assert all(a.modified_by == a.author_id and a.modified_by_name == "Test Author" for a in items)
        assert schema_problems(project.db.conn) == []
    assert (tmp_path / "old.claimmark.v4.bak").read_bytes() == before
    with Project.open(old) as project:  # checked again, now as a file of the current format
        assert len(ann.query(project)) == 6




def editors(path: Path) -> dict[str, tuple[str, str]]:
    with Project.open(path) as project:
        return {a.uuid: (a.modified_by, a.modified_by_name)
                for a in ann.query(project, include_deleted=True)}


def test_a_merge_brings_the_editor_with_the_version(pair: dict[str, object], tmp_path: Path) -> None:  # noqa: F811
    alice, bob = Path(str(pair["alice"])), Path(str(pair["bob"]))
    with Project.open(bob) as project:
        bob_id = ann.get(project, str(pair["b1"])).author_id
    with Project.open(alice) as project:
        alice_id = ann.get(project, str(pair["a1"])).author_id
    alice2 = merged(tmp_path, "alice2", alice, bob)
    bob2 = merged(tmp_path, "bob2", bob, alice)
    seen = editors(alice2)
    assert seen[str(pair["a3"])] == (bob_id, "Bob")  # Bob's tags came in, with him as the editor
    assert seen[str(pair["b1"])] == (bob_id, "Bob")  # a new annotation of his
    assert seen[str(pair["a4"])] == (alice_id, "Alice")
    assert {u: e[0] for u, e in seen.items()} == {u: e[0] for u, e in editors(bob2).items()}
    with Project.open(alice2) as project:
        a3 = ann.get(project, str(pair["a3"]))
        assert (a3.author, a3.author_id) == ("Alice", alice_id)
        # edited on both sides: each version says who edited it, not who made the annotation
        record = next(c for c in conflicts.review(project) if c.annotation_uuid == pair["a1"])
        assert record.winner == "theirs"
        assert (record.theirs.modified_by, record.theirs.modified_by_name) == (bob_id, "Bob")
        assert (record.ours.modified_by, record.ours.modified_by_name) == (alice_id, "Alice")
        assert record.theirs.author == record.ours.author == "Alice"
        assert ann.get(project, str(pair["a1"])).modified_by == bob_id
        with named("Alice"):
            tick()
            conflicts.resolve(project, record.id, "ours")  # Alice brings her version back
        assert ann.get(project, str(pair["a1"])).modified_by == alice_id


def test_the_exports_name_the_last_editor(pair: dict[str, object], tmp_path: Path) -> None:  # noqa: F811
    alice2 = merged(tmp_path, "alice2", Path(str(pair["alice"])), Path(str(pair["bob"])))
    with Project.open(alice2) as project:
        a3 = ann.get(project, str(pair["a3"]))
        groups = collect(project)
        rows = {r["annotation_uuid"]: r for r in csv.DictReader(io.StringIO(export(project, "csv", groups)))}
        markdown = export(project, "md", groups)
        items = {i["id"]: i for i in json.loads(export(project, "json", groups))["first"]["items"]}
    assert (rows[a3.uuid]["author"], rows[a3.uuid]["modified_by"], rows[a3.uuid]["modified_by_name"]) == (
        "Alice", a3.modified_by, "Bob")
    assert list(rows[a3.uuid])[-3:] == ["modified_by", "modified_by_name", "document_byline"]
    assert "· by Alice · last edited by Bob" in markdown
    assert markdown.count("last edited by") == sum(r["modified_by"] != r["author_id"] for r in rows.values())
    item = items[f"urn:uuid:{a3.uuid}"]
    assert item["creator"] == {"id": f"urn:uuid:{a3.author_id}", "type": "Person", "name": "Alice"}
    assert item["cm:modifiedBy"] == {"id": f"urn:uuid:{a3.modified_by}", "type": "Person", "name": "Bob"}


def test_the_command_line_records_the_editor(project_path: Path, corpus: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    import_corpus(project_path, corpus).close()
    assert main(["tag", str(project_path), "1", "--kind", "claim", "--exact", PASSAGE, "--author", "Ann"]) == 0
    ann_id = capsys.readouterr().out.strip()
    with installation(tmp_path / "ben-config"), named("Ben"):
        assert main(["edit", str(project_path), ann_id, "--note", "Ben's note"]) == 0
        ben = author_id()
    capsys.readouterr()
    assert main(["annotations", str(project_path), "--json"]) == 0
    (item,) = json.loads(capsys.readouterr().out)
    assert (item["author"], item["modified_by"], item["modified_by_name"]) == ("Ann", ben, "Ben")
    assert item["author_id"] != ben
