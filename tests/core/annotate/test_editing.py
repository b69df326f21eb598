"""Making, editing, deleting and restoring annotations, and renaming and merging tags: the rules applied."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimmark.core.annotate import editing as edits
from claimmark.core.annotate import tagging
from claimmark.core.model.errors import (
    AlreadyDeleted,
    InvalidAnnotation,
    NotDeleted,
    NotFound,
    StateError,
    TagError,
)
from claimmark.core.store import annotations as ann
from claimmark.core.store import tags as store_tags
from claimmark.core.store.project import Project
from tests.annotation_helpers import import_corpus, tag_examples


@pytest.fixture
def project(project_path: Path, corpus: Path):
    with import_corpus(project_path, corpus) as opened:
        yield opened


def test_validation(project: Project) -> None:
    with pytest.raises(InvalidAnnotation, match="unknown kind"):
        edits.add(project, 1, "rumour", 0, 5)
    with pytest.raises(InvalidAnnotation, match="unknown status"):
        edits.add(project, 1, "claim", 0, 5, status="fake")
    with pytest.raises(InvalidAnnotation, match="not a non-empty part"):
        edits.add(project, 1, "claim", 5, 5)
    with pytest.raises(InvalidAnnotation, match="not a non-empty part"):
        edits.add(project, 1, "claim", 0, 10**9)
    with pytest.raises(InvalidAnnotation, match="belongs to a quote"):
        edits.add(project, 1, "claim", 0, 5, speaker="Someone")
    with pytest.raises(InvalidAnnotation, match="neither an http"):
        edits.add(project, 1, "citation", 0, 5, source_url="javascript:alert(1)")
    with pytest.raises(TagError, match="comma"):
        edits.add(project, 1, "claim", 0, 5, tags=["a,b"])
    with pytest.raises(NotFound):
        edits.add(project, 7, "claim", 0, 5)
    doi = edits.add(project, 1, "citation", 0, 5, source_url="doi:10.1000/XYZ.123")
    assert doi.source_url == "https://doi.org/10.1000/XYZ.123"
    assert edits.add(project, 1, "claim", 0, 5, status="Mostly True").status == "mostly true"
    assert project.db.execute("SELECT count(*) FROM annotations").fetchone()[0] == 2  # nothing half-written


def test_update_changes_fields_and_keeps_created(project: Project) -> None:
    made = tag_examples(project)[0]
    changed = edits.update(project, made.id, note="Check against the\nNSA files.", status="mixed",
                         tags=["surveillance", "Surveillance", " cyber "])
    assert changed.note == "Check against the\nNSA files."
    assert changed.status == "mixed"
    assert changed.tags == ["surveillance", "cyber"]
    assert changed.created == made.created and changed.modified >= made.modified
    # a kind change keeps the old kind's fields, hidden: shown and exported empty
    quote = edits.update(project, made.id, kind="quote", speaker="Wang Wenbin")
    assert (quote.kind, quote.speaker) == ("quote", "Wang Wenbin")
    assert (quote.claimant, quote.status) == (made.claimant, "mixed")
    shown = quote.shown()
    assert (shown.claimant, shown.status, shown.speaker) == ("", "unverified", "Wang Wenbin")
    assert quote.to_json()["claimant"] == "" and quote.to_json()["speaker"] == "Wang Wenbin"
    with pytest.raises(InvalidAnnotation):
        edits.update(project, made.id, claimant="X")  # a quote has no claimant to set
    back = edits.update(project, made.id, kind="claim")
    assert (back.claimant, back.status, back.speaker) == (made.claimant, "mixed", "Wang Wenbin")
    assert back.shown().speaker == ""
    with pytest.raises(InvalidAnnotation, match="cannot change"):
        edits.update(project, made.id, exact="forged")
    # new offsets re-take the quote and its context
    text = project.document(1).text
    moved = edits.update(project, made.id, start=10, end=20)
    assert (moved.exact, moved.prefix, moved.suffix) == (text[10:20], text[:10], text[20:52])


def test_delete_leaves_a_tombstone_and_restore_brings_it_back(project: Project) -> None:
    made = tag_examples(project)
    edits.update(project, made[0].id, tags=["keep-me"])
    gone = edits.delete(project, made[0].id)
    assert gone.deleted and gone.tags == ["keep-me"]
    assert made[0].id not in [a.id for a in ann.query(project)]
    assert made[0].id in [a.id for a in ann.query(project, include_deleted=True)]
    assert store_tags.all_tags(project) == []
    # a state error, not NotFound: the annotation is there, only deleted
    with pytest.raises(AlreadyDeleted, match="deleted"):
        ann.get(project, made[0].id)
    with pytest.raises(AlreadyDeleted, match="already deleted") as raised:
        edits.delete(project, made[0].id)
    assert isinstance(raised.value, StateError) and not isinstance(raised.value, NotFound)
    sql = "SELECT deleted, deleted_at FROM annotations WHERE id = ?"
    row = project.db.execute(sql, [made[0].id]).fetchone()
    assert row[0] == 1 and row[1]
    assert ann.search(project, "prowess") == []
    back = edits.restore(project, made[0].id)
    assert not back.deleted and back.tags == ["keep-me"]
    assert ann.search(project, "prowess") == [made[0].id]
    with pytest.raises(NotDeleted, match="not deleted") as raised:
        edits.restore(project, made[0].id)
    assert isinstance(raised.value, StateError) and not isinstance(raised.value, NotFound)
    assert project.check() == []


def test_tags_rename_and_merge(project: Project) -> None:
    made = tag_examples(project)
    edits.update(project, made[0].id, tags=["cyber", "usa"])
    edits.update(project, made[1].id, tags=["Cybersecurity"])
    edits.update(project, made[2].id, tags=["cyber", "Cybersecurity"])
    assert store_tags.all_tags(project) == ["cyber", "Cybersecurity", "usa"]
    tagging.rename_tag(project, "usa", "USA")
    assert ann.get(project, made[0].id).tags == ["cyber", "USA"]
    with pytest.raises(TagError, match="merge"):
        tagging.rename_tag(project, "cyber", "cybersecurity")
    with pytest.raises(TagError, match="no tag"):
        tagging.rename_tag(project, "nothing", "x")
    before = ann.get(project, made[1].id).modified
    tagging.merge_tags(project, "Cybersecurity", "cyber")
    assert store_tags.all_tags(project) == ["cyber", "USA"]
    assert ann.get(project, made[1].id).tags == ["cyber"]
    assert ann.get(project, made[2].id).tags == ["cyber"]
    assert ann.get(project, made[1].id).modified >= before
    assert store_tags.tag_counts(project) == [("cyber", 3), ("USA", 1)]
    assert ann.search(project, "cyber") != []
    tagging.merge_tags(project, "USA", "united states")  # onto a new name: a rename
    assert store_tags.all_tags(project) == ["cyber", "united states"]
    assert project.check() == []
