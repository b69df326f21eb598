"""The annotation model in the core: add, query, edit, delete and restore, tags, checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimmark.core.annotate import editing as edits
from claimmark.core.annotate.authors import current_author
from claimmark.core.model.errors import InvalidAnnotation, NotFound
from claimmark.core.store import annotations as ann
from claimmark.core.store import authors as store_authors
from claimmark.core.store import preferences
from claimmark.core.store.project import Project
from claimmark.core.store.schema import format_version
from tests.annotation_helpers import EXAMPLES, import_corpus, tag_examples
from tests.core.store.old_formats import older_copy


@pytest.fixture
def project(project_path: Path, corpus: Path):
    with import_corpus(project_path, corpus) as opened:
        yield opened


def test_the_six_example_annotations_through_the_core(project: Project) -> None:
    made = tag_examples(project)
    text = project.document(1).text
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
    edits.update(project, 1, tags=["cyber", "US"])
    edits.update(project, 2, tags=["cyber"])
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


def test_overlapping_and_nested_annotations(project: Project) -> None:
    text = project.document(1).text
    outer = edits.add_text(project, 1, "claim", EXAMPLES[2]["exact"], claimant="Wang Wenbin")
    start = text.index("forcing companies to install backdoors")
    inner = edits.add(project, 1, "quote", start, start + len("forcing companies"), speaker="Wang Wenbin")
    overlap = edits.add(project, 1, "claim", outer.end - 10, outer.end + 20)
    assert outer.start < inner.start < inner.end < outer.end < overlap.end
    assert [a.id for a in ann.query(project)] == [outer.id, inner.id, overlap.id]


def test_search_covers_notes_tags_and_people(project: Project) -> None:
    made = tag_examples(project)
    edits.update(project, made[3].id, note="Microsoft's transparency report", tags=["orders"])
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
    first = edits.add(project, 1, "claim", 0, 5, author="Alice")
    second = edits.add(project, 1, "claim", 5, 9, author="Bob")
    assert (first.author, second.author) == ("Alice", "Bob")
    assert first.author_id == second.author_id
    assert store_authors.authors(project) == [{"id": first.author_id, "name": "Bob"}]
    assert [a.id for a in ann.query(project, author="alice")] == [first.id]


def test_a_version_1_project_is_migrated(project_path: Path, corpus: Path, tmp_path: Path) -> None:
    current = tmp_path / "current.claimmark"
    with import_corpus(current, corpus):
        pass
    older_copy(current, project_path, 1)
    with Project.open(project_path) as project:
        assert project.db.execute("PRAGMA user_version").fetchone()[0] == format_version() == 8
        tag_examples(project)
        assert project.check() == []
    assert project_path.with_name(project_path.name + ".v1.bak").exists()


def test_check_reports_a_quote_that_no_longer_matches(project: Project) -> None:
    made = tag_examples(project)
    with project.transaction():
        project.db.execute("UPDATE annotations SET exact = 'forged' WHERE id = ?", [made[0].id])
    assert any(f"annotation {made[0].id}" in p for p in project.check())


def test_an_annotation_read_holds_each_stored_column_under_its_own_name(project: Project) -> None:
    """Rows are read into Annotations by position: every field is the column it names."""
    tag_examples(project)
    edits.update(project, 2, tags=["cyber", "US"], note="a note")
    edits.delete(project, 3)
    for read in ann.query(project, include_deleted=True):
        stored = ann.stored_row(project, read.id)
        for column, value in stored.items():
            if hasattr(read, column):
                expected = bool(value) if column == "deleted" else value
                assert getattr(read, column) == expected, column
        assert read.tags == (["cyber", "US"] if read.id == 2 else [])
        assert read.modified_by_name == "Test Author"
