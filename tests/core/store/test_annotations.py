"""The annotation model in the core: add, query, edit, delete and restore, tags, checks."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from claimmark.core.annotate.authors import current_author
from claimmark.core.model.errors import (
    AlreadyDeleted,
    AmbiguousText,
    InvalidAnnotation,
    NotDeleted,
    NotFound,
    StateError,
    TagError,
    TextNotFound,
)
from claimmark.core.store import annotations as ann
from claimmark.core.store import preferences
from claimmark.core.store.project import Project
from claimmark.core.store.schema import format_version
from tests.annotation_helpers import EXAMPLES, import_corpus, tag_examples


@pytest.fixture
def project(project_path: Path, corpus: Path):
    with import_corpus(project_path, corpus) as opened:
        yield opened


def test_the_six_example_annotations_through_the_core(project: Project) -> None:
    made = tag_examples(project)
    text = project.document(1)["text"]
    assert len(made) == 6
    for item, example in zip(made, EXAMPLES, strict=True):
        assert item.kind == example["kind"]
        assert text[item.start : item.end] == example["exact"] == item.exact
        assert text.endswith(item.suffix, 0, item.end + len(item.suffix))
        assert text[item.start - len(item.prefix) : item.start] == item.prefix
        assert len(item.prefix) == len(item.suffix) == 32
        assert item.claimant == example.get("claimant", "")
        assert item.speaker == example.get("speaker", "")
        assert item.source_title == example.get("source", "")
        assert item.status == "unverified"
        assert item.anchor_status == "exact" and not item.deleted
        assert item.author == "Test Author"
        assert item.created == item.modified and item.created.endswith("Z")
        assert len(item.uuid) == 36
    # reading order, not creation order: the Patriot Act claim comes before the citations
    listed = ann.query(project)
    assert [a.start for a in listed] == sorted(a.start for a in made)
    assert [a.exact for a in listed][3] == EXAMPLES[5]["exact"]
    assert project.check() == []


def test_filters(project: Project) -> None:
    tag_examples(project)
    ann.update(project, 1, tags=["cyber", "US"])
    ann.update(project, 2, tags=["cyber"])
    assert [a.kind for a in ann.query(project, kind="claim")] == ["claim"] * 3
    assert [a.id for a in ann.query(project, tag="CYBER")] == [1, 2]
    assert ann.query(project, tag="nothing") == []
    assert len(ann.query(project, author="test author")) == 6
    assert ann.query(project, author="someone else") == []
    author_id = ann.get(project, 1).author_id
    assert len(ann.query(project, author=author_id)) == 6
    assert len(ann.query(project, document_id=1)) == 6
    assert ann.query(project, document_id=2) == []
    with pytest.raises(InvalidAnnotation):
        ann.query(project, kind="rumour")


def test_get_by_id_and_uuid_prefix(project: Project) -> None:
    made = tag_examples(project)
    assert ann.get(project, made[2].uuid[:8]).id == made[2].id
    assert ann.get(project, str(made[0].id)).uuid == made[0].uuid
    with pytest.raises(NotFound):
        ann.get(project, 99)
    with pytest.raises(NotFound):
        ann.get(project, "zz")
    with pytest.raises(NotFound):
        ann.get(project, "²")  # a digit to str.isdigit, not to int()


def test_find_exact_errors(project: Project) -> None:
    text = project.document(1)["text"]
    with pytest.raises(TextNotFound, match="not in the document"):
        ann.find_exact(text, "the moon is made of cheese")
    with pytest.raises(AmbiguousText, match=r"occurs \d+ times"):
        ann.find_exact(text, "the US")
    first = ann.find_exact(text, "the US", 1)
    second = ann.find_exact(text, "the US", 2)
    assert first[0] < second[0] and text[second[0] : second[1]] == "the US"
    with pytest.raises(TextNotFound, match="no occurrence 99"):
        ann.find_exact(text, "the US", 99)
    # typed with straight quotes where the page has curly ones: say so
    with pytest.raises(TextNotFound, match="other quotes or spacing"):
        ann.find_exact(text, "\"I've noted reports on this.")
    assert ann.find_exact("aaa", "aa", 2) == (1, 3)  # overlapping occurrences count


def test_overlapping_and_nested_annotations(project: Project) -> None:
    text = project.document(1)["text"]
    outer = ann.add_text(project, 1, "claim", EXAMPLES[2]["exact"], claimant="Wang Wenbin")
    start = text.index("forcing companies to install backdoors")
    inner = ann.add(project, 1, "quote", start, start + len("forcing companies"), speaker="Wang Wenbin")
    overlap = ann.add(project, 1, "claim", outer.end - 10, outer.end + 20)
    assert outer.start < inner.start < inner.end < outer.end < overlap.end
    assert [a.id for a in ann.query(project)] == [outer.id, inner.id, overlap.id]


def test_validation(project: Project) -> None:
    with pytest.raises(InvalidAnnotation, match="unknown kind"):
        ann.add(project, 1, "rumour", 0, 5)
    with pytest.raises(InvalidAnnotation, match="unknown status"):
        ann.add(project, 1, "claim", 0, 5, status="fake")
    with pytest.raises(InvalidAnnotation, match="not a non-empty part"):
        ann.add(project, 1, "claim", 5, 5)
    with pytest.raises(InvalidAnnotation, match="not a non-empty part"):
        ann.add(project, 1, "claim", 0, 10**9)
    with pytest.raises(InvalidAnnotation, match="belongs to a quote"):
        ann.add(project, 1, "claim", 0, 5, speaker="Someone")
    with pytest.raises(InvalidAnnotation, match="neither an http"):
        ann.add(project, 1, "citation", 0, 5, source_url="javascript:alert(1)")
    with pytest.raises(TagError, match="comma"):
        ann.add(project, 1, "claim", 0, 5, tags=["a,b"])
    with pytest.raises(NotFound):
        ann.add(project, 7, "claim", 0, 5)
    doi = ann.add(project, 1, "citation", 0, 5, source_url="doi:10.1000/XYZ.123")
    assert doi.source_url == "https://doi.org/10.1000/XYZ.123"
    assert ann.add(project, 1, "claim", 0, 5, status="Mostly True").status == "mostly true"
    assert project.db.execute("SELECT count(*) FROM annotations").fetchone()[0] == 2  # nothing half-written


def test_update_changes_fields_and_keeps_created(project: Project) -> None:
    made = tag_examples(project)[0]
    changed = ann.update(project, made.id, note="Check against the\nNSA files.", status="mixed",
                         tags=["surveillance", "Surveillance", " cyber "])
    assert changed.note == "Check against the\nNSA files."
    assert changed.status == "mixed"
    assert changed.tags == ["surveillance", "cyber"]
    assert changed.created == made.created and changed.modified >= made.modified
    # a kind change keeps the old kind's fields, hidden: shown and exported empty
    quote = ann.update(project, made.id, kind="quote", speaker="Wang Wenbin")
    assert (quote.kind, quote.speaker) == ("quote", "Wang Wenbin")
    assert (quote.claimant, quote.status) == (made.claimant, "mixed")
    shown = quote.shown()
    assert (shown.claimant, shown.status, shown.speaker) == ("", "unverified", "Wang Wenbin")
    assert quote.to_json()["claimant"] == "" and quote.to_json()["speaker"] == "Wang Wenbin"
    with pytest.raises(InvalidAnnotation):
        ann.update(project, made.id, claimant="X")  # a quote has no claimant to set
    back = ann.update(project, made.id, kind="claim")
    assert (back.claimant, back.status, back.speaker) == (made.claimant, "mixed", "Wang Wenbin")
    assert back.shown().speaker == ""
    with pytest.raises(InvalidAnnotation, match="cannot change"):
        ann.update(project, made.id, exact="forged")
    # new offsets re-take the quote and its context
    text = project.document(1)["text"]
    moved = ann.update(project, made.id, start=10, end=20)
    assert (moved.exact, moved.prefix, moved.suffix) == (text[10:20], text[:10], text[20:52])


def test_delete_leaves_a_tombstone_and_restore_brings_it_back(project: Project) -> None:
    made = tag_examples(project)
    ann.update(project, made[0].id, tags=["keep-me"])
    gone = ann.delete(project, made[0].id)
    assert gone.deleted and gone.tags == ["keep-me"]
    assert made[0].id not in [a.id for a in ann.query(project)]
    assert made[0].id in [a.id for a in ann.query(project, include_deleted=True)]
    assert ann.all_tags(project) == []
    # a state error, not NotFound: the annotation is there, only deleted
    with pytest.raises(AlreadyDeleted, match="deleted"):
        ann.get(project, made[0].id)
    with pytest.raises(AlreadyDeleted, match="already deleted") as raised:
        ann.delete(project, made[0].id)
    assert isinstance(raised.value, StateError) and not isinstance(raised.value, NotFound)
    sql = "SELECT deleted, deleted_at FROM annotations WHERE id = ?"
    row = project.db.execute(sql, [made[0].id]).fetchone()
    assert row[0] == 1 and row[1]
    assert ann.search(project, "prowess") == []
    back = ann.restore(project, made[0].id)
    assert not back.deleted and back.tags == ["keep-me"]
    assert ann.search(project, "prowess") == [made[0].id]
    with pytest.raises(NotDeleted, match="not deleted") as raised:
        ann.restore(project, made[0].id)
    assert isinstance(raised.value, StateError) and not isinstance(raised.value, NotFound)
    assert project.check() == []


def test_tags_rename_and_merge(project: Project) -> None:
    made = tag_examples(project)
    ann.update(project, made[0].id, tags=["cyber", "usa"])
    ann.update(project, made[1].id, tags=["Cybersecurity"])
    ann.update(project, made[2].id, tags=["cyber", "Cybersecurity"])
    assert ann.all_tags(project) == ["cyber", "Cybersecurity", "usa"]
    ann.rename_tag(project, "usa", "USA")
    assert ann.get(project, made[0].id).tags == ["cyber", "USA"]
    with pytest.raises(TagError, match="merge"):
        ann.rename_tag(project, "cyber", "cybersecurity")
    with pytest.raises(TagError, match="no tag"):
        ann.rename_tag(project, "nothing", "x")
    before = ann.get(project, made[1].id).modified
    ann.merge_tags(project, "Cybersecurity", "cyber")
    assert ann.all_tags(project) == ["cyber", "USA"]
    assert ann.get(project, made[1].id).tags == ["cyber"]
    assert ann.get(project, made[2].id).tags == ["cyber"]
    assert ann.get(project, made[1].id).modified >= before
    assert ann.tag_counts(project) == [("cyber", 3), ("USA", 1)]
    assert ann.search(project, "cyber") != []
    ann.merge_tags(project, "USA", "united states")  # onto a new name: a rename
    assert ann.all_tags(project) == ["cyber", "united states"]
    assert project.check() == []


def test_search_covers_notes_tags_and_people(project: Project) -> None:
    made = tag_examples(project)
    ann.update(project, made[3].id, note="Microsoft's transparency report", tags=["orders"])
    assert ann.search(project, "transparency") == [made[3].id]
    assert ann.search(project, "orders") == [made[3].id]
    assert set(ann.search(project, "Wang")) == {made[0].id, made[1].id, made[2].id, made[5].id}
    assert ann.search(project, "CNIL") == [made[4].id]


def test_author_name_order_and_stable_id(monkeypatch: pytest.MonkeyPatch, config_dir: Path) -> None:
    name, first_id = current_author("Alice")
    assert name == "Alice"
    assert current_author()[0] == "Test Author"  # the environment
    monkeypatch.delenv("CLAIMMARK_AUTHOR")
    preferences.set_author_name("Bea From Preferences")
    assert current_author()[0] == "Bea From Preferences"
    preferences.set_author_name("")
    assert current_author()[0]  # the login name
    assert current_author()[1] == first_id  # one id per installation
    assert (config_dir / "preferences.json").exists()


def test_damaged_preferences_are_set_aside(config_dir: Path) -> None:
    config_dir.mkdir(parents=True)
    (config_dir / "preferences.json").write_text("{not json", encoding="utf-8")
    _name, author_id = current_author()
    assert (config_dir / "preferences.json.damaged").exists()
    assert current_author()[1] == author_id


def test_authors_table_and_names_per_annotation(project: Project) -> None:
    first = ann.add(project, 1, "claim", 0, 5, author="Alice")
    second = ann.add(project, 1, "claim", 5, 9, author="Bob")
    assert (first.author, second.author) == ("Alice", "Bob")
    assert first.author_id == second.author_id
    assert ann.authors(project) == [{"id": first.author_id, "name": "Bob"}]
    assert [a.id for a in ann.query(project, author="alice")] == [first.id]


def test_a_version_1_project_is_migrated(project_path: Path, corpus: Path) -> None:
    with import_corpus(project_path, corpus):
        pass
    conn = sqlite3.connect(project_path)
    conn.executescript(
        "DROP TABLE annotation_tags; DROP TABLE tags; DROP TABLE annotations; DROP TABLE authors;"
        "DROP TABLE annotations_fts; DROP TABLE merge_conflicts;"
        "DELETE FROM _sqlite_migrations WHERE name IN ('0002_annotations', '0003_merge', '0004_revision',"
        " '0005_modified_by', '0006_author_renamed');"
        "PRAGMA user_version = 1; UPDATE meta SET value = '1' WHERE key = 'format_version';"
    )
    conn.close()
    with Project.open(project_path) as project:
        assert project.db.execute("PRAGMA user_version").fetchone()[0] == format_version() == 6
        tag_examples(project)
        assert project.check() == []
    assert project_path.with_name(project_path.name + ".v1.bak").exists()


def test_check_reports_a_quote_that_no_longer_matches(project: Project) -> None:
    made = tag_examples(project)
    with project.transaction():
        project.db.execute("UPDATE annotations SET exact = 'forged' WHERE id = ?", [made[0].id])
    assert any(f"annotation {made[0].id}" in p for p in project.check())
