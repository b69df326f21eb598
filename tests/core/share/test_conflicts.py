"""Acting on merge conflicts: keep ours or use theirs, undo, and merge again both ways."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from claimmark.cli import main
from claimmark.core.annotate import editing as edits
from claimmark.core.importing import import_paths
from claimmark.core.model.errors import ConflictError, NotFound, ProjectError
from claimmark.core.share import conflicts
from claimmark.core.share.merge import merge
from claimmark.core.store import annotations as ann
from claimmark.core.store.project import Project
from tests.annotation_helpers import merged
from tests.core.share.test_merge import pair, snapshot, tick  # noqa: F401  (pair is a fixture)

ALICE_NOTE = "Alice: check the transcript"
BOB_NOTE = "Bob: the ministry said this on Monday"




def by_annotation(project: Project, uuid: object) -> conflicts.ConflictRecord:
    return next(c for c in conflicts.review(project, include_resolved=True) if c.annotation_uuid == uuid)


def row(project: Project, uuid: object) -> dict[str, object]:
    return next(project.db.query("SELECT * FROM annotations WHERE uuid = ?", [uuid]))


def merge_quietly(target: Path, source: Path) -> None:
    """Merge; the choice made must travel without a new conflict or a change back."""
    with Project.open(target) as project:
        report = merge(project, source)
        assert report.conflicts == [], report.summary_lines()
        assert project.check() == []


def test_review_lists_both_sides(pair: dict[str, object], tmp_path: Path) -> None:  # noqa: F811
    alice2 = merged(tmp_path, "alice2", Path(str(pair["alice"])), Path(str(pair["bob"])))
    with Project.open(alice2) as project:
        listed = conflicts.review(project)
        assert sorted(c.annotation_uuid for c in listed) == sorted([pair["a1"], pair["a5"]])
        a1 = by_annotation(project, pair["a1"])
        assert a1.winner == "theirs" and not a1.resolved
        assert a1.ours.note == ALICE_NOTE and a1.theirs.note == BOB_NOTE
        assert a1.annotation_id == row(project, pair["a1"])["id"] and a1.document_id == 1
        assert a1.document_title and a1.to_json()["ours"]["note"] == ALICE_NOTE
        a5 = by_annotation(project, pair["a5"])
        assert a5.ours.deleted is True and a5.theirs.status == "mostly true"
        assert conflicts.get(project, a1.uuid[:8]).id == a1.id == conflicts.get(project, str(a1.id)).id


def test_keeping_the_version_that_won_only_marks_it_resolved(pair: dict[str, object], tmp_path: Path) -> None:  # noqa: F811
    alice2 = merged(tmp_path, "alice2", Path(str(pair["alice"])), Path(str(pair["bob"])))
    before = snapshot(alice2)
    with Project.open(alice2) as project:
        stamp = row(project, pair["a1"])["modified"]
        conflict = by_annotation(project, pair["a1"])
        resolution = conflicts.resolve(project, conflict.id, "theirs")  # theirs won: nothing to change
        assert not resolution.changed
        assert row(project, pair["a1"])["modified"] == stamp
        assert [c.annotation_uuid for c in conflicts.review(project)] == [pair["a5"]]
        assert by_annotation(project, pair["a1"]).resolved
        conflicts.undo(project, resolution)
        assert not by_annotation(project, pair["a1"]).resolved
        assert row(project, pair["a1"])["modified"] == stamp
    assert snapshot(alice2) == before


def test_keep_ours_after_theirs_won_travels_both_ways(pair: dict[str, object], tmp_path: Path) -> None:  # noqa: F811
    """Alice's merge kept Bob's later edits; she keeps her own, and every copy follows."""
    alice, bob = Path(str(pair["alice"])), Path(str(pair["bob"]))
    alice2 = merged(tmp_path, "alice2", alice, bob)  # Bob's edits won here
    bob2 = merged(tmp_path, "bob2", bob, alice)  # ... and here; both already know both versions
    with Project.open(alice2) as project:
        old_stamp = row(project, pair["a1"])["modified"]
        tick()
        for uuid in (pair["a1"], pair["a5"]):
            assert conflicts.resolve(project, by_annotation(project, uuid).id, "ours").changed
        assert conflicts.review(project) == []
        a1, a5 = row(project, pair["a1"]), row(project, pair["a5"])
        assert a1["note"] == ALICE_NOTE and a1["modified"] > old_stamp  # an edit with a new stamp
        assert a5["deleted"] == 1 and a5["deleted_at"] == a5["modified"]  # her deletion again
        assert project.check() == []
        assert ann.search(project, "transcript") == [a1["id"]]  # the search index follows
    chosen = snapshot(alice2)
    assert chosen[pair["a1"]]["note"] == ALICE_NOTE and chosen[pair["a5"]]["deleted"] is True

    merge_quietly(alice2, bob)  # Bob's old edits do not come back
    merge_quietly(alice2, bob2)
    assert snapshot(alice2) == chosen
    for other in (bob, bob2):  # Bob, whether or not he merged before, takes her choice
        merge_quietly(other, alice2)
        assert snapshot(other) == chosen
        merge_quietly(other, alice2)  # idempotent
        assert snapshot(other) == chosen
    merge_quietly(alice2, bob2)
    merge_quietly(alice, alice2)
    assert snapshot(alice2) == snapshot(alice) == chosen
    with Project.open(alice2) as project:
        assert not merge(project, bob).changed and not merge(project, bob2).changed


def test_use_theirs_after_ours_won_travels_both_ways(pair: dict[str, object], tmp_path: Path) -> None:  # noqa: F811
    """Bob's merge kept his own later edits; he takes Alice's versions instead."""
    alice, bob = Path(str(pair["alice"])), Path(str(pair["bob"]))
    bob2 = merged(tmp_path, "bob2", bob, alice)
    alice2 = merged(tmp_path, "alice2", alice, bob)
    with Project.open(bob2) as project:
        assert {c.winner for c in conflicts.review(project)} == {"ours"}
        tick()
        for uuid in (pair["a1"], pair["a5"]):
            assert conflicts.resolve(project, by_annotation(project, uuid).id, "theirs").changed
        assert row(project, pair["a1"])["note"] == ALICE_NOTE
        assert row(project, pair["a5"])["deleted"] == 1
    chosen = snapshot(bob2)

    merge_quietly(bob2, alice)
    merge_quietly(bob2, alice2)
    assert snapshot(bob2) == chosen
    for other in (alice, alice2, bob):
        merge_quietly(other, bob2)
        assert snapshot(other) == chosen
        with Project.open(other) as project:
            assert not merge(project, bob2).changed
    with Project.open(bob2) as project:
        for other in (alice, alice2, bob):
            assert not merge(project, other).changed


def test_an_edit_made_meanwhile_elsewhere_is_a_conflict_again(pair: dict[str, object],  # noqa: F811
                                                              tmp_path: Path) -> None:
    """Bob edits the annotation after his merge, before Alice's choice reaches him:
    neither change is lost silently; the later one wins and the other is kept."""
    alice, bob = Path(str(pair["alice"])), Path(str(pair["bob"]))
    alice2 = merged(tmp_path, "alice2", alice, bob)
    bob2 = merged(tmp_path, "bob2", bob, alice)
    with Project.open(bob2) as project:
        tick()
        edits.update(project, pair["a1"], note="Bob: confirmed by the transcript")
    with Project.open(alice2) as project:
        tick()
        conflicts.resolve(project, by_annotation(project, pair["a1"]).id, "ours")  # the later edit
        report = merge(project, bob2)
        assert [c.uuid for c in report.conflicts] == [pair["a1"]]
        assert report.conflicts[0].winner == "ours"
        assert report.conflicts[0].other.note == "Bob: confirmed by the transcript"
    assert snapshot(alice2)[pair["a1"]]["note"] == ALICE_NOTE
    with Project.open(bob2) as project:
        report = merge(project, alice2)
        assert report.conflicts == [] and report.annotations_updated == 1  # Alice's merge saw both
    assert snapshot(bob2) == snapshot(alice2)
    with Project.open(alice2) as project:
        assert not merge(project, bob2).changed


def test_undo_puts_the_replaced_version_back_and_reopens(pair: dict[str, object], tmp_path: Path) -> None:  # noqa: F811
    alice, bob = Path(str(pair["alice"])), Path(str(pair["bob"]))
    alice2 = merged(tmp_path, "alice2", alice, bob)
    before = snapshot(alice2)
    with Project.open(alice2) as project:
        placed = {k: row(project, pair["a1"])[k] for k in ("start", "end", "prefix", "suffix", "anchor_status")}
        conflict = by_annotation(project, pair["a1"])
        tick()
        resolution = conflicts.resolve(project, conflict.id, "ours")
        resolved_at = row(project, pair["a1"])["modified"]
        tick()
        conflicts.undo(project, resolution)
        a1 = row(project, pair["a1"])
        assert a1["note"] == BOB_NOTE and a1["modified"] > resolved_at  # the undo is an edit too
        assert {k: a1[k] for k in placed} == placed
        assert not by_annotation(project, pair["a1"]).resolved
        assert len(conflicts.review(project)) == 2
    assert snapshot(alice2) == before
    merge_quietly(alice2, bob)  # back to Bob's version, which both already have
    merge_quietly(bob, alice2)
    assert snapshot(alice2) == snapshot(bob) == before


def test_a_version_with_another_passage_is_placed_in_the_text(tmp_path: Path, corpus: Path) -> None:
    base = tmp_path / "base.claimmark"
    with Project.open(base, create=True) as project:
        import_paths(project, [corpus / "page.html"])
        text = project.document(1).text
        start = text.index("cybersecurity")
        made = edits.add(project, 1, "claim", start, start + 20, author="Alice")
    alice, bob = tmp_path / "alice.claimmark", tmp_path / "bob.claimmark"
    shutil.copyfile(base, alice)
    shutil.copyfile(base, bob)
    with Project.open(alice) as project:
        tick()
        edits.update(project, made.uuid, start=start, end=start + 40)  # Alice widens the passage
    with Project.open(bob) as project:
        tick()
        edits.update(project, made.uuid, note="Bob's later note")
    alice2 = merged(tmp_path, "alice2", alice, bob)
    with Project.open(alice2) as project:
        assert row(project, made.uuid)["end"] == start + 20  # Bob's later edit won
        conflicts.resolve(project, by_annotation(project, made.uuid).id, "ours")
        a = row(project, made.uuid)
        assert (a["start"], a["end"], a["anchor_status"]) == (start, start + 40, "exact")
        assert project.document(1).text[a["start"]:a["end"]] == a["exact"]
        assert a["note"] == ""


def test_refusals(pair: dict[str, object], tmp_path: Path) -> None:  # noqa: F811
    alice2 = merged(tmp_path, "alice2", Path(str(pair["alice"])), Path(str(pair["bob"])))
    with Project.open(alice2) as project:
        a1, a5 = by_annotation(project, pair["a1"]), by_annotation(project, pair["a5"])
        with pytest.raises(NotFound, match="no conflict with id 99"):
            conflicts.resolve(project, 99, "ours")
        with pytest.raises(ConflictError, match="'ours' or 'theirs'"):
            conflicts.resolve(project, a1.id, "mine")  # type: ignore[arg-type]
        conflicts.resolve(project, a1.id, "theirs")
        with pytest.raises(ConflictError, match="already resolved"):
            conflicts.resolve(project, a1.id, "ours")
        # an annotation gone from the project (a damaged or hand-edited file)
        project.db.execute("UPDATE merge_conflicts SET annotation_uuid = 'gone' WHERE id = ?", [a5.id])
        project.db.conn.commit()
        with pytest.raises(NotFound, match="no longer in the project"):
            conflicts.resolve(project, a5.id, "ours")
        assert not conflicts.get(project, a5.id).resolved  # refused: nothing written
        assert conflicts.resolve(project, a5.id, "theirs").annotation_id is None
        project.db.execute("UPDATE merge_conflicts SET other = '{\"kind\": \"nonsense\"}' WHERE id = ?",
                           [a1.id])
        project.db.conn.commit()
        with pytest.raises(ProjectError, match="damaged version"):
            conflicts.review(project, include_resolved=True)
    with Project.open(alice2, read_only=True) as project, pytest.raises(ProjectError, match="read-only"):
        conflicts.resolve(project, 1, "ours")


def test_the_command_line_lists_and_resolves(pair: dict[str, object], tmp_path: Path,  # noqa: F811
                                             capsys: pytest.CaptureFixture[str]) -> None:
    alice2 = merged(tmp_path, "alice2", Path(str(pair["alice"])), Path(str(pair["bob"])))
    with Project.open(alice2) as project:
        a1, a5 = by_annotation(project, pair["a1"]), by_annotation(project, pair["a5"])
    assert main(["conflicts", str(alice2)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].startswith(f"{a5.id}\topen\ttheirs won\tannotation ")  # newest first
    assert f"\tnote: theirs '{BOB_NOTE}' | ours '{ALICE_NOTE}'" in lines
    assert "\tdeleted: theirs no | ours yes" in lines
    assert "\tkind:" not in out  # only the fields that differ
    assert lines[0].endswith(" UTC")

    assert main(["resolve", str(alice2), a1.uuid[:8], "--keep", "ours"]) == 0
    assert capsys.readouterr().out == f"conflict {a1.id} resolved: kept ours (the annotation now holds it)\n"
    assert snapshot(alice2)[pair["a1"]]["note"] == ALICE_NOTE
    assert main(["resolve", str(alice2), str(a5.id), "--keep", "theirs"]) == 0
    assert "already held it" in capsys.readouterr().out
    assert main(["conflicts", str(alice2)]) == 0
    assert capsys.readouterr().out == ""
    assert main(["conflicts", str(alice2), "--all", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(c["id"], c["resolved"], c["winner"]) for c in data] == [(a5.id, True, "theirs"), (a1.id, True, "theirs")]
    assert data[1]["ours"]["note"] == ALICE_NOTE and data[1]["annotation_uuid"] == pair["a1"]

    assert main(["resolve", str(alice2), str(a1.id), "--keep", "theirs"]) == 1
    assert "already resolved" in capsys.readouterr().err
    assert main(["resolve", str(alice2), "77", "--keep", "ours"]) == 1
    assert capsys.readouterr().err == "claimmark: no conflict with id 77\n"
    with pytest.raises(SystemExit) as usage:
        main(["resolve", str(alice2), "1", "--keep", "mine"])
    assert usage.value.code == 2
    for command in ("conflicts", "resolve"):
        with pytest.raises(SystemExit) as help_:
            main([command, "--help"])
        assert help_.value.code == 0 and f"claimmark {command}" in capsys.readouterr().out

    with Project.open(alice2) as project:  # a hand-damaged file: one clear line, no traceback
        project.db.execute("UPDATE merge_conflicts SET kept = '[1, 2' WHERE id = ?", [a1.id])
        project.db.conn.commit()
    assert main(["conflicts", str(alice2), "--all"]) == 1
    assert capsys.readouterr().err == f"claimmark: {alice2}: merge conflict {a1.id} holds a damaged version\n"
    with Project.open(alice2) as project:  # the others can still be resolved
        project.db.execute("UPDATE merge_conflicts SET resolved = 0 WHERE id = ?", [a5.id])
        project.db.conn.commit()
    assert main(["resolve", str(alice2), str(a5.id), "--keep", "ours"]) == 0
    assert "now holds it" in capsys.readouterr().out
    not_a_project = tmp_path / "notes.txt"
    not_a_project.write_text("hello")
    assert main(["conflicts", str(not_a_project)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"claimmark: {not_a_project}: ") and err.count("\n") == 1


def test_an_edit_back_to_an_earlier_version_travels(pair: dict[str, object], tmp_path: Path) -> None:  # noqa: F811
    """Both copies know both versions after a conflict; Alice then types her old note
    back by hand (no resolution): the later edit wins, in either direction."""
    alice, bob = Path(str(pair["alice"])), Path(str(pair["bob"]))
    alice2, bob2 = merged(tmp_path, "alice2", alice, bob), merged(tmp_path, "bob2", bob, alice)
    with Project.open(alice2) as project:
        tick()
        edits.update(project, pair["a1"], note=ALICE_NOTE)
    merge_quietly(bob2, alice2)
    assert snapshot(bob2)[pair["a1"]]["note"] == ALICE_NOTE
    merge_quietly(alice2, bob2)
    merge_quietly(alice2, bob)
    assert snapshot(alice2) == snapshot(bob2)


def test_choosing_a_version_the_annotation_holds_again_changes_nothing(pair: dict[str, object],  # noqa: F811
                                                                       tmp_path: Path) -> None:
    alice2 = merged(tmp_path, "alice2", Path(str(pair["alice"])), Path(str(pair["bob"])))
    with Project.open(alice2) as project:
        conflict = by_annotation(project, pair["a1"])
        tick()
        edits.update(project, pair["a1"], note=ALICE_NOTE)  # typed back by hand meanwhile
        stamp = row(project, pair["a1"])["modified"]
        resolution = conflicts.resolve(project, conflict.id, "ours")
        assert not resolution.changed and row(project, pair["a1"])["modified"] == stamp
        assert row(project, pair["a1"])["revision"] == "" and conflicts.get(project, conflict.id).resolved
