"""The corpus article, saved four ways, imports as one clean document."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from claimmark.core.extract.pipeline import extract_file
from claimmark.core.importing import import_paths
from claimmark.core.store.project import Project
from tests.conftest import CORPUS

EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
FORMS = ["page.html", "page.mhtml", "page-singlefile.html", "article.txt"]
HTML_FORMS = FORMS[:3]


def assert_reading_text(text: str) -> None:
    position = 0
    for paragraph in EXPECTED["must_keep_in_order"]:
        found = text.find(paragraph, position)
        assert found >= 0, f"missing or out of order: {paragraph[:60]!r}"
        position = found + len(paragraph)
    for junk in EXPECTED["must_drop"]:
        assert junk not in text, f"boilerplate kept: {junk!r}"
    for keep in EXPECTED["should_keep"]:
        assert keep in text


@pytest.mark.parametrize("form", FORMS)
def test_each_form_keeps_the_article_and_drops_the_rest(corpus: Path, form: str) -> None:
    extracted = extract_file(corpus / form)
    assert_reading_text(extracted.document.text)
    assert extracted.document.blocks[0].text == EXPECTED["metadata"]["title"]
    assert extracted.metadata["title"] == EXPECTED["metadata"]["title"]


@pytest.mark.parametrize("form", HTML_FORMS)
def test_html_forms_carry_the_metadata(corpus: Path, form: str) -> None:
    meta = extract_file(corpus / form).metadata
    for key in ("title", "site_name", "url", "published", "section"):
        assert meta[key] == EXPECTED["metadata"][key], key


@pytest.mark.parametrize("form", HTML_FORMS)
def test_the_figure_keeps_its_stored_image_and_caption(corpus: Path, form: str) -> None:
    extracted = extract_file(corpus / form)
    figures = [b for b in extracted.document.blocks if b.kind == "figure"]
    assert len(figures) == 1
    assert figures[0].text == EXPECTED["should_keep"][0]
    image = extracted.images[figures[0].image]
    assert image.mime == "image/jpeg" and image.width > 100


def test_four_forms_are_one_document_and_three_duplicates(corpus: Path, project_path: Path) -> None:
    with Project.open(project_path, create=True) as project:
        outcomes = import_paths(project, [corpus / f for f in FORMS])
        assert [o.status for o in outcomes] == ["imported", "duplicate", "duplicate", "duplicate"]
        assert {o.document_id for o in outcomes} == {1}
        docs = project.documents()
        assert len(docs) == 1
        for key in ("title", "site_name", "url", "published"):
            assert getattr(docs[0], key) == EXPECTED["metadata"][key]
        assert_reading_text(project.document(1).text)
        assert project.check() == []


def test_plain_text_first_then_the_page_fills_in_the_metadata(corpus: Path, project_path: Path) -> None:
    with Project.open(project_path, create=True) as project:
        first = import_paths(project, [corpus / "article.txt"])
        assert first[0].status == "imported"
        assert project.documents()[0].url == ""
        second = import_paths(project, [corpus / "page.html"])
        assert second[0].status == "duplicate"
        assert "url" in second[0].message
        doc = project.documents()[0]
        assert doc.url == EXPECTED["metadata"]["url"]
        assert doc.site_name == "Press TV"


def test_folder_import_prefers_the_richest_form(corpus: Path, project_path: Path) -> None:
    with Project.open(project_path, create=True) as project:
        outcomes = import_paths(project, [corpus])
        assert sorted(o.status for o in outcomes) == ["duplicate"] * 3 + ["imported"]
        doc = project.documents()[0]
        assert doc.source_format in ("mhtml", "html")
        images = project.db.execute("SELECT count(*) FROM images").fetchone()[0]
        assert images == 1


def test_cli_import_prints_one_line_and_reports_duplicates(corpus: Path, project_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "claimmark", "import", str(project_path), *(str(corpus / f) for f in FORMS)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"1\t{EXPECTED['metadata']['title']}"
    assert result.stderr.count("duplicate of document 1") == 3
    assert "Traceback" not in result.stderr
