"""Renaming an author: every annotation they made takes the new name, in one
transaction, without counting as an edit; a merge carries the later rename over."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from claimmark.core.annotate import author_names
from claimmark.core.annotate import editing as edits
from claimmark.core.annotate.authors import author_id
from claimmark.core.model import records
from claimmark.core.model.errors import InvalidAnnotation
from claimmark.core.share.merge import merge
from claimmark.core.store import annotations as ann
from claimmark.core.store import authors as store_authors
from claimmark.core.store import versions
from claimmark.core.store.project import Project
from tests.annotation_helpers import EXAMPLES, example_fields, import_corpus, installation


def tag(project: Project, index: int, name: str) -> records.Annotation:
    time.sleep(0.003)  # timestamps have millisecond resolution
    example = EXAMPLES[index]
    return edits.add_text(project, 1, example["kind"], example["exact"], author=name, **example_fields(example))


def names(path: Path) -> dict[str, str]:
    with Project.open(path) as project:
        return {a.uuid: a.author for a in ann.query(project, include_deleted=True)}


def test_a_rename_reaches_all_the_authors_annotations_and_nobody_elses(tmp_path: Path, corpus: Path) -> None:
    with import_corpus(tmp_path / "p.claimmark", corpus) as project:
        first = tag(project, 0, "root")  # the login name, taken when the prompt was left blank
        second = tag(project, 1, "root")
        edits.delete(project, second.uuid)
        with installation(tmp_path / "colleague"):
            theirs = tag(project, 2, "root")  # a colleague who is also "root", with another id
        before = {a.uuid: (a.modified, versions.version_hash(vars(a), a.tags))
                  for a in ann.query(project, include_deleted=True)}
        me = author_id()
        assert store_authors.names_in_use(project, me) == {"root": 1}  # the deleted one is not counted
        assert author_names.rename(project, me, "  Ada\tLovelace ") == 2
        made = {a.uuid: a for a in ann.query(project, include_deleted=True)}
        assert made[first.uuid].author == made[second.uuid].author == "Ada Lovelace"
        assert made[theirs.uuid].author == "root"
        assert {u: (a.modified, versions.version_hash(vars(a), a.tags)) for u, a in made.items()} == before
        row = project.db.execute("SELECT name, renamed_to, renamed_at FROM authors WHERE id = ?", [me]).fetchone()
        assert row[0] == row[1] == "Ada Lovelace" and row[2] > made[second.uuid].created
        assert ann.query(project, author="ada lovelace") and ann.search(project, "Lovelace") == [made[first.uuid].id]
        assert author_names.rename(project, me, "Ada Lovelace") == 0
        with pytest.raises(InvalidAnnotation, match="cannot be empty"):
            author_names.rename(project, me, " \n ")
        assert project.check() == []


def test_a_failed_rename_changes_nothing(tmp_path: Path, corpus: Path, monkeypatch) -> None:
    with import_corpus(tmp_path / "p.claimmark", corpus) as project:
        tag(project, 0, "root")
        tag(project, 1, "root")
        calls = []

        def failing_index(_project, ann_id):
            calls.append(ann_id)
            if len(calls) == 2:
                raise RuntimeError("disk full")

        monkeypatch.setattr(ann, "index", failing_index)
        with pytest.raises(RuntimeError):
            author_names.rename(project, author_id(), "Ada")
        assert {a.author for a in ann.query(project)} == {"root"}
        assert project.db.execute("SELECT name, renamed_to, renamed_at FROM authors").fetchall() == [
            ("root", "", "")
        ]


def test_the_later_rename_wins_in_a_merge_either_way(tmp_path: Path, corpus: Path) -> None:
    base = tmp_path / "base.claimmark"
    with import_corpus(base, corpus) as project:
        old = tag(project, 0, "root")
    mine, copy = tmp_path / "mine.claimmark", tmp_path / "copy.claimmark"
    shutil.copyfile(base, mine)
    shutil.copyfile(base, copy)
    with Project.open(copy) as project:  # the same person, another copy: tags on under the old name
        later = tag(project, 1, "root")
    with Project.open(mine) as project:
        author_names.rename(project, author_id(), "Ada")
    for ours, theirs in ((mine, copy), (copy, mine)):
        target = tmp_path / f"merged-{ours.stem}.claimmark"
        shutil.copyfile(ours, target)
        with Project.open(target) as project:
            report = merge(project, theirs)
            assert report.conflicts == []
            assert project.db.execute("SELECT name FROM authors").fetchall() == [("Ada",)]
        assert names(target) == {old.uuid: "Ada", later.uuid: "Ada"}
        with Project.open(target) as project:
            merge(project, theirs)  # again: nothing changes
        assert names(target) == {old.uuid: "Ada", later.uuid: "Ada"}
    with Project.open(copy) as project:  # a newer rename in the other copy wins over "Ada"
        time.sleep(0.003)
        author_names.rename(project, author_id(), "Ada L.")
    with Project.open(mine) as project:
        merge(project, copy)
    assert set(names(mine).values()) == {"Ada L."}


def test_annotations_made_after_a_rename_keep_their_own_name(tmp_path: Path, corpus: Path) -> None:
    base = tmp_path / "base.claimmark"
    with import_corpus(base, corpus) as project:
        old = tag(project, 0, "root")
        author_names.rename(project, author_id(), "Ada")
        newer = tag(project, 1, "Ada (reviewing)")  # made afterwards under a name given on purpose
    other = tmp_path / "other.claimmark"
    with import_corpus(other, corpus):
        pass
    with Project.open(other) as project:
        merge(project, base)
    assert names(other) == {old.uuid: "Ada", newer.uuid: "Ada (reviewing)"}
