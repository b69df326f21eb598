"""Exports: CSV rows, Markdown and JSON-LD against golden files, and injection defences."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from claimmark.core.annotate import editing as edits
from claimmark.core.export import collect, export
from claimmark.core.export.csvfile import BOM, COLUMNS, FORMULA_STARTS, neutralise
from claimmark.core.export.filenames import safe_filename, unique_filenames
from claimmark.core.export.markdown import escape, to_markdown, to_markdown_files
from claimmark.core.model import records
from claimmark.core.store import annotations as ann
from claimmark.core.store.project import Project
from tests.annotation_helpers import EXAMPLES, import_corpus, tag_examples
from tests.conftest import FIXTURES

GOLDEN = FIXTURES / "exports"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z")
INJECTION_NOTE = (
    '<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>\n'
    "# heading\n---\ntitle: front matter\n---\n![[secret.md]] [[Wiki link]] #tag ==mark== %%hidden%% $x$\n"
    "```dataviewjs\ndv.paragraph(app.vault.getName())\n```\n~~~tasks\nnot done\n~~~\n"
    "`$= dv.current()` <https://example.org> @someone 1. item\n    indented code\n| a | b |\n"
    "> quoted &amp; [ref]: javascript:alert(2)"
)


def normalise(text: str) -> str:
    return TIME.sub("<time>", UUID.sub("<uuid>", text))


def enrich(project: Project, made: list[records.Annotation]) -> None:
    """Notes, tags and a source address on some examples, so every field shows."""
    edits.update(project, made[0].id, tags=["surveillance", "US"],
               note="Compare with the *Snowden* disclosures (2013).")
    edits.update(project, made[1].id, tags=["US"])
    edits.update(project, made[2].id, status="unverifiable", note="No evidence given in the article.")
    edits.update(project, made[4].id, source_url="https://www.cnil.fr/en", tags=["privacy"])


@pytest.fixture
def project(project_path: Path, corpus: Path):
    with import_corpus(project_path, corpus) as opened:
        enrich(opened, tag_examples(opened))
        yield opened


def check_golden(name: str, produced: str) -> None:
    path = GOLDEN / name
    if os.environ.get("CLAIMMARK_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(normalise(produced), encoding="utf-8", newline="")
    assert normalise(produced) == path.read_bytes().decode("utf-8")


# -- CSV -----------------------------------------------------------------------------
def test_csv_parses_back_to_the_annotations(project: Project) -> None:
    text = export(project, "csv", collect(project))
    assert "\r\n" in text and not text.startswith(BOM)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert tuple(rows[0]) == COLUMNS
    records = [dict(zip(COLUMNS, r, strict=True)) for r in rows[1:]]
    doc = project.document(1)
    by_exact = {r["exact"]: r for r in records}
    assert len(records) == 6 and set(by_exact) == {e["exact"] for e in EXAMPLES}
    for example in EXAMPLES:
        record = by_exact[example["exact"]]
        item = ann.get(project, int(record["annotation_id"]))
        assert record == {
            "document_id": "1", "document_uuid": doc.uuid, "document_title": doc.title,
            "document_site": "Press TV", "document_url": doc.url, "document_published": "2021-07-05",
            "annotation_id": str(item.id), "annotation_uuid": item.uuid, "kind": example["kind"],
            "exact": example["exact"], "prefix": item.prefix, "suffix": item.suffix,
            "start": str(item.start), "end": str(item.end), "anchor_status": "exact", "note": item.note,
            "tags": "; ".join(item.tags), "claimant": example.get("claimant", ""),
            "status": item.status if example["kind"] == "claim" else "",
            "speaker": example.get("speaker", ""), "source_title": example.get("source", ""),
            "source_url": item.source_url, "author": "Test Author", "author_id": item.author_id,
            "created": item.created, "modified": item.modified, "modified_by": item.author_id,
            "modified_by_name": "Test Author", "document_byline": "",
        }
    # reading order
    assert [int(r["start"]) for r in records] == sorted(int(r["start"]) for r in records)
    check_golden("corpus.csv", text)


def test_csv_for_excel_starts_with_a_byte_order_mark(project: Project) -> None:
    text = export(project, "csv", collect(project, kind="quote"), excel=True)
    assert text.startswith(BOM)
    rows = list(csv.DictReader(io.StringIO(text[1:], newline="")))
    assert [r["kind"] for r in rows] == ["quote"]


@pytest.mark.parametrize("start", sorted(FORMULA_STARTS))
def test_every_formula_start_is_neutralised(start: str) -> None:
    cell = start + "1+1"
    assert neutralise(cell) == "'" + cell
    assert neutralise("  " + cell).startswith("'")
    assert neutralise("plain " + cell) == "plain " + cell


def test_formula_notes_are_inert_unless_raw(project: Project) -> None:
    note = '=HYPERLINK("http://x","y")'
    edits.update(project, 2, note=note, tags=["+tag"])
    edits.update(project, 3, note="＝1+1")
    safe = list(csv.DictReader(io.StringIO(export(project, "csv", collect(project)), newline="")))
    notes = {r["annotation_id"]: r for r in safe}
    assert notes["2"]["note"] == "'" + note and notes["2"]["tags"] == "'+tag"
    assert notes["3"]["note"] == "'＝1+1"
    for record in safe:
        for value in record.values():
            assert value[:1] not in FORMULA_STARTS
    raw = list(csv.DictReader(io.StringIO(export(project, "csv", collect(project), raw=True), newline="")))
    assert {r["annotation_id"]: r for r in raw}["2"]["note"] == note


# -- Markdown -----------------------------------------------------------------------
def render(markdown: str) -> str:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)


def test_markdown_matches_the_golden_file(project: Project) -> None:
    check_golden("corpus.md", export(project, "md", collect(project)))
    check_golden("corpus-by-kind.md", export(project, "md", collect(project), group_by="kind"))


def test_markdown_renders_the_quotes_and_only_http_links(project: Project) -> None:
    html = render(export(project, "md", collect(project)))
    assert html.count("<blockquote>") == 6
    assert re.findall(r'href="([^"]*)"', html) == [
        "https://www.presstv.ir/Detail/2021/07/05/661712/China-US-cybersecurity", "https://www.cnil.fr/en"
    ]
    assert "<h2>China: US itself top threat to global cybersecurity</h2>" in html


def test_hostile_notes_titles_and_quotes_come_out_inert(project: Project) -> None:
    edits.update(project, 1, note=INJECTION_NOTE, tags=["#tag", "[[x]]"])
    edits.update(project, 2, speaker="<b>Wang</b> [me](javascript:x)")
    edits.update(project, 5, source_url="https://example.org/a)(b<c>", source_title="](javascript:alert(3))")
    with project.transaction():
        project.db["documents"].update(1, {"title": "# ../../.bashrc <script>x</script> ![[evil]]",
                                           "url": "javascript:alert(1)"})
    markdown = export(project, "md", collect(project))
    html = render(markdown)
    for bad in ("<script", "<img", "<b>", "javascript:alert(1)\"", "<pre", "<code", "<h1>heading",
                "<table", "<li>", "<del>"):
        assert bad not in html, bad
    assert re.findall(r'href="([^"]*)"', html) == ["https://example.org/a%29%28b%3Cc%3E"]
    assert [h for h in re.findall(r"<h(\d)>", html)] == ["1", "2"]  # only our own headings
    assert html.count("<hr />") == 6  # only our own separators
    for line in markdown.splitlines():
        assert not line.startswith(("---", "```", "~~~", "    ", "\t"))
        assert "![[" not in line and "[[" not in line and "==" not in line and "%%" not in line
        assert not re.search(r"(?<!\\)#\w", line)  # no Obsidian tags
        assert not re.search(r"(?<!\\)`", line)  # no inline code or fences
    # the text itself survives: rendered, the note reads as written
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(1))" in html
    assert "![[secret.md]] [[Wiki link]] #tag ==mark== %%hidden%% $x$" in html


def test_escape_keeps_plain_text_readable() -> None:
    assert escape("The US is in fact the biggest threat.") == "The US is in fact the biggest threat."
    assert escape("1. first") == "1\\. first"
    assert escape("- item") == "\\- item"
    assert escape("a_b*c") == "a\\_b\\*c"
    for sample in ("a_b*c", "# x", "1) y", "<t> & [l](u)", "==h== %%c%% $m$ ^f ~s~ |t| @m !e"):
        html = render(escape(sample))
        plain = html.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
        assert plain.strip() == f"<p>{sample}</p>"


def test_split_writes_one_safe_file_per_document(project: Project, corpus: Path) -> None:
    from claimmark.core.importing import import_paths

    import_paths(project, [corpus / "article.txt"])  # a duplicate: still one document
    files = to_markdown_files(collect(project))
    assert [name for name, _ in files] == ["China US itself top threat to global cybersecurity.md"]
    assert files[0][1].startswith("# China: US itself top threat to global cybersecurity\n")


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("../../.bashrc", "bashrc"),
        ("CON", "_CON"),
        ("con.txt", "_con.txt"),
        ("LPT¹", "_LPT¹"),
        ("invoice\u202egpj.exe", "invoicegpj.exe"),
        ("a/b\\c:d*e?f\"g<h>i|j", "a b c d e f g h i j"),
        ("   ...   ", "document"),
        ("\x00\x1f", "document"),
        ("Nguye\u0302\u0303n", "Nguyễn"),
    ],
)
def test_safe_filename(title: str, expected: str) -> None:
    assert safe_filename(title) == expected


def test_safe_filenames_are_length_capped_and_unique() -> None:
    long = "界" * 300
    name = safe_filename(long, suffix=".md")
    assert len(name.encode("utf-8")) <= 120 and name.endswith(".md")
    names = unique_filenames(["Same", "same", "SAME", long, long], suffix=".md")
    assert len({n.casefold() for n in names}) == 5
    assert all(len(n.encode("utf-8")) <= 120 for n in names)
    assert names[:3] == ["Same.md", "same (2).md", "SAME (3).md"]


def test_markdown_lists_orphans_and_empty_documents(project: Project) -> None:
    with project.transaction():
        project.db["annotations"].update(6, {"anchor_status": "orphaned"})
    markdown = to_markdown(collect(project, document_id=1), title="t")
    assert "no longer in the document" in markdown
    assert to_markdown(collect(project, document_id=1, kind="quote", tag="nothing"), title="t").count(
        "No annotations."
    ) == 1


# -- JSON-LD ------------------------------------------------------------------------
def test_json_ld_matches_the_golden_file_and_the_model(project: Project) -> None:
    text = export(project, "json", collect(project))
    check_golden("corpus.json", text)
    data = json.loads(text)
    assert data["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection" and data["total"] == 6
    items = data["first"]["items"]
    doc_text = project.document(1).text
    for item in items:
        assert item["type"] == "Annotation" and item["id"].startswith("urn:uuid:")
        quote, position = item["target"]["selector"]
        assert quote["type"] == "TextQuoteSelector" and position["type"] == "TextPositionSelector"
        assert doc_text[position["start"] : position["end"]] == quote["exact"]
        assert doc_text[: position["start"]].endswith(quote["prefix"])
        assert doc_text[position["end"] :].startswith(quote["suffix"])
        assert item["cm:kind"] in records.KINDS
    claims = [i for i in items if i["cm:kind"] == "claim"]
    assert len(claims) == 3
    for claim in claims:
        (schema,) = [b for b in claim["body"] if b["type"] == "schema:Claim"]
        assert schema["schema:author"] == {"type": "schema:Person", "schema:name": "Wang Wenbin"}
        assert schema["schema:appearance"]["schema:url"].startswith("https://www.presstv.ir/")
    tags = [b["value"] for b in items[0]["body"] if b.get("purpose") == "tagging"]
    assert tags == ["surveillance", "US"]


def test_the_examples_in_the_documentation_are_the_golden_files() -> None:
    docs = (FIXTURES.parent.parent / "docs" / "exports.md").read_text(encoding="utf-8")
    blocks = dict(re.findall(r"```(csv|markdown|json)\n(.*?)```", docs, re.DOTALL))
    golden = {"csv": "corpus.csv", "markdown": "corpus.md", "json": "corpus.json"}
    assert set(blocks) == set(golden)
    for lang, name in golden.items():
        expected = (GOLDEN / name).read_bytes().decode("utf-8").replace("\r\n", "\n")
        assert normalise(blocks[lang]) == expected, name
