"""The ranked document search: the best hits first, each with a snippet around the match,
and work bounded by the hits asked for, not by the project's size."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from claimmark import core
from claimmark.core.model.document import Block, ReadingDocument
from claimmark.core.model.extracted import Extracted
from claimmark.core.model.search import SearchHit
from claimmark.core.store import search as search_module
from claimmark.core.store.project import Project
from claimmark.core.store.snippets import ELLIPSIS


def article(title: str, *paragraphs: str) -> Extracted:
    reading = ReadingDocument([Block("heading", title, level=1), *(Block("paragraph", p) for p in paragraphs)])
    return Extracted(source_name=f"{title}.txt", source_format="txt", metadata={"title": title},
                     document=reading, images={}, original=b"", original_size=0, content_hash=title)


FILLER = " ".join(["Nothing of note happened in the long middle of this report."] * 20)


def test_hits_come_ranked_with_the_match_marked_in_a_snippet(project_path: Path, corpus: Path) -> None:
    with Project.open(project_path, create=True) as project:
        core.import_paths(project, [corpus / "page.html"])
        project.add_document(article("Orchard notes", "The orchard flooded. " + FILLER))
        project.add_document(article("A quiet week", FILLER + " Then, late on, an orchard was sold."))
        hits = core.search_documents(project, "orchard")
        assert [(h.document_id, h.rank) for h in hits] == [(2, 1), (3, 2)]  # the title's match ranks first
        assert hits[0].score < hits[1].score
        late = hits[1]
        assert late.title == "A quiet week" and late.snippet.startswith(ELLIPSIS)
        assert "[orchard]" in late.marked() and late.marked("<b>", "</b>").count("<b>orchard</b>") == 1
        assert len(late.snippet) <= 162 and "\n" not in late.snippet
        cyber = core.search_documents(project, "CYBERSEC")  # any case, a prefix of the word
        assert [h.document_id for h in cyber] == [1]
        assert all(cyber[0].snippet[a:b].lower().startswith("cybersec") for a, b in cyber[0].marks)
        both = core.search_documents(project, "Patriot Act")
        marked = [both[0].snippet[a:b].lower() for a, b in both[0].marks]  # around the first of either word
        assert marked and all(w.startswith(("patriot", "act")) for w in marked)
        assert core.search_documents(project, "zebra") == []
        assert core.search_documents(project, '"; DROP TABLE documents; --') == []
        assert core.search_documents(project, "  ") == []


def test_a_title_only_match_shows_the_text_from_its_start(project_path: Path) -> None:
    with Project.open(project_path, create=True) as project:
        project.add_document(article("Zebra crossings", "Pedestrians wait. " + FILLER))
        (hit,) = core.search_documents(project, "zebra")
    assert hit.snippet.startswith("Zebra crossings Pedestrians wait.") and hit.snippet.endswith(ELLIPSIS)
    assert hit.marks == ((0, 5),)


def test_an_odd_mix_of_cases_is_still_found_and_marked(project_path: Path) -> None:
    with Project.open(project_path, create=True) as project:
        project.add_document(article("Phones", FILLER + " The new iPhone sold out."))
        (hit,) = core.search_documents(project, "IPHONE")
    assert "[iPhone]" in hit.marked()


def _many(project: Project, count: int) -> None:
    with project.transaction():
        for n in range(count):
            project.add_document(article(f"Report {n}", f"Harvest figures for region {n}. {FILLER}"))


def test_at_most_limit_hits_and_snippets_for_them_only(project_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    cut: list[str] = []
    real = search_module.passage
    monkeypatch.setattr(search_module, "passage", lambda text, *rest: cut.append(text) or real(text, *rest))
    with Project.open(project_path, create=True) as project:
        _many(project, 40)
        statements: list[str] = []
        project.db.conn.set_trace_callback(statements.append)
        hits = core.search_documents(project, "harvest", limit=7)
        project.db.conn.set_trace_callback(None)
    assert len(hits) == 7 and [h.rank for h in hits] == list(range(1, 8)) and len(cut) == 7
    assert all(isinstance(h, SearchHit) and "[Harvest]" in h.marked() for h in hits)
    ours = [s for s in statements if not s.startswith("-- ")]  # FTS5's own statements start so
    assert len(ours) == 2  # the candidates' bound, then the ranked hits with their texts


def ranked_rows(statements: list[str]) -> int:
    """How many documents bm25 scored: it reads each one's length from the docsize table."""
    return sum("documents_fts_docsize" in s for s in statements)


def test_the_ranking_is_bounded_to_the_newest_candidates(project_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The work of a search does not grow with the project: bm25 runs over the newest
    RANKED_CANDIDATES matches, whatever the number that match."""
    monkeypatch.setattr(search_module, "RANKED_CANDIDATES", 10)
    with Project.open(project_path, create=True) as project:
        _many(project, 30)
        project.add_document(article("Nothing to see", FILLER))
        statements: list[str] = []
        project.db.conn.set_trace_callback(statements.append)
        hits = core.search_documents(project, "harvest", limit=20)
        project.db.conn.set_trace_callback(None)
    assert len(hits) == 10 and {h.document_id for h in hits} == set(range(21, 31))
    assert ranked_rows(statements) == 10  # of the 30 that match


def test_a_project_opened_read_only_is_searched(project_path: Path, corpus: Path) -> None:
    with Project.open(project_path, create=True) as project:
        core.import_paths(project, [corpus / "page.html"])
    project_path.chmod(0o444)
    with Project.open(project_path, read_only=True) as project:
        assert [h.document_id for h in core.search_documents(project, "cybersecurity", limit=1)] == [1]
    assert sqlite3.connect(project_path).execute("SELECT count(*) FROM documents").fetchone()[0] == 1


def test_a_text_that_is_not_text_gives_an_empty_snippet(project_path: Path) -> None:
    """A file another program wrote: bytes where the reading text belongs."""
    with Project.open(project_path, create=True) as project:
        project.add_document(article("Zebra crossings", FILLER))
        with project.transaction():
            project.db.execute("UPDATE documents SET reading_text = CAST(reading_text AS BLOB)")
        (hit,) = core.search_documents(project, "zebra")
    assert (hit.title, hit.snippet, hit.marks) == ("Zebra crossings", "", ())
