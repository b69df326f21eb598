"""Every text field of an export is hostile at once (issue 6, item 5): the document's
title, site, byline and address, and each annotation's note, tags, claimant, speaker,
source title, source address and author. CSV cells never start a formula and read
back exactly; Markdown renders, by a CommonMark renderer with HTML on, as literal
text with only http(s) links; per-document file names stay inside the folder; and no
export makes a request."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from claimmark.cli import main
from claimmark.core.annotate import editing as edits
from claimmark.core.export.csvfile import FORMULA_STARTS
from claimmark.core.store import annotations as ann
from claimmark.core.store.project import Project
from tests.annotation_helpers import import_corpus, tag_examples
from tests.recording_server import Recorder

STARTS = ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "\n=1", "\x00=1", "＝1+1", "＋1", "－1", "＠x", " =1"]
# HTML, links, tracker images, wiki embeds, tags, templating, comments: all must stay text
MARKUP = ('<script>alert(1)</script><iframe src="{base}/frame"></iframe><img src="{base}/px.gif"> '
          '![t]({base}/tracker.gif) [x](javascript:alert(1)) [y](file:///etc/passwd) ![[secret]] #tag '
          '<% tp.file.title %> <!-- hidden --> {{{{x}}}} <style>@import "{base}/i.css"</style>')
NOTE = "---\ntitle: front matter\n---\n```dataviewjs\ndv.paragraph(1)\n```\n~~~tasks\nnot done\n~~~\n"
ROUND_TRIP = 'He said, "no, never",\nthen left; \'quoted\', and ""more"".'  # reads back exactly


def hostile(start: str, base: str) -> str:
    return start + MARKUP.format(base=base)


@pytest.fixture
def hostile_project(project_path: Path, corpus: Path, server: str) -> dict[str, str]:
    """The corpus project with every text field hostile; returns field -> value as stored."""
    with import_corpus(project_path, corpus) as project:
        made = tag_examples(project)
        starts = iter(STARTS * 3)
        values = {
            "document_title": hostile(next(starts), server),
            "document_site": hostile(next(starts), server),
            "byline": hostile(next(starts), server),
            "document_url": f"{server}/article?q==1+1",
        }
        with project.transaction():
            project.db["documents"].update(1, {"title": values["document_title"], "site_name": values["document_site"],
                                               "byline": values["byline"], "url": values["document_url"]})
        claim = next(a for a in made if a.kind == "claim")
        quote = next(a for a in made if a.kind == "quote")
        citation = next(a for a in made if a.kind == "citation")
        edits.update(project, claim.id, note=hostile(next(starts), server) + "\n" + NOTE,
                   claimant=hostile(next(starts), server), tags=["=cmd", "@x", "#tag", "[[x]]", "<b>t</b>"])
        edits.update(project, quote.id, speaker=hostile(next(starts), server), note=ROUND_TRIP)
        edits.update(project, citation.id, source_title=hostile(next(starts), server),
                   source_url=f"{server}/=HYPERLINK(1)")
        author = hostile(next(starts), server)
        with project.transaction():
            project.db.execute("UPDATE annotations SET author = ?", [author])
        stored = {a.id: a for a in ann.query(project)}
        values.update(note=stored[claim.id].note, quote_note=stored[quote.id].note,
                      claimant=stored[claim.id].claimant, speaker=stored[quote.id].speaker,
                      source_title=stored[citation.id].source_title, source_url=stored[citation.id].source_url,
                      author=author, tags="; ".join(stored[claim.id].tags))
    return values


def export(project_path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    assert main(["export", str(project_path), *args]) == 0
    return capsys.readouterr().out


def test_every_csv_cell_is_inert_and_reads_back(project_path: Path, hostile_project: dict[str, str],
                                                capsys: pytest.CaptureFixture[str]) -> None:
    rows = list(csv.DictReader(io.StringIO(export(project_path, capsys, "--format", "csv"), newline="")))
    assert rows
    for record in rows:
        for column, value in record.items():
            assert value.lstrip(" \n\u00a0\u3000")[:1] not in FORMULA_STARTS, (column, value)
    cells: dict[str, set[str]] = {}
    for record in rows:
        for column, value in record.items():
            cells.setdefault(column, set()).add(value)
    for field, column in (("document_title", "document_title"), ("document_site", "document_site"),
                          ("byline", "document_byline"), ("document_url", "document_url"),
                          ("claimant", "claimant"), ("speaker", "speaker"), ("source_title", "source_title"),
                          ("source_url", "source_url"), ("author", "author"), ("tags", "tags")):
        value = hostile_project[field]
        expected = "'" + value if value.lstrip(" ")[:1] in FORMULA_STARTS else value
        assert expected in cells[column], (column, expected)
    assert hostile_project["note"] and "'" + hostile_project["note"] in cells["note"]
    assert hostile_project["quote_note"] == ROUND_TRIP and ROUND_TRIP in cells["note"]


def test_markdown_renders_every_field_as_text(project_path: Path, hostile_project: dict[str, str],
                                              capsys: pytest.CaptureFixture[str], server: str) -> None:
    markdown = export(project_path, capsys, "--format", "md")
    renderer = MarkdownIt("commonmark", {"html": True})
    html = renderer.render(markdown)
    for bad in ("<script", "<iframe", "<img", "<style", "<!--", "<pre", "<code", "<b>"):
        assert bad not in html, bad
    links = re.findall(r'(?:href|src)="([^"]*)"', html)
    assert links and all(link.startswith(("http://", "https://")) for link in links), links
    assert all(not link.startswith(f"{server}/tracker") for link in links)
    for line in markdown.splitlines():
        assert not line.startswith(("---", "```", "~~~", "    ", "\t")), line
        assert "![[" not in line and "<%" not in line
        assert not re.search(r"(?<!\\)#\w", line), line
    text = re.sub(r"<[^>]+>", "", html).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    text = text.replace("&amp;", "&")
    # each field still reads as written: title, site, byline, claimant, speaker, source
    # title, the note and the author of each of the six annotations
    assert text.count("<script>alert(1)</script>") >= 12
    assert text.count("![[secret]] #tag <% tp.file.title %> <!-- hidden -->") >= 12


def test_split_files_get_safe_names_inside_the_folder(project_path: Path, hostile_project: dict[str, str],
                                                      tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Project.open(project_path) as project, project.transaction():
        project.db["documents"].update(1, {"title": "../../" * 40 + ".bashrc\x00\n<script>" + "長" * 300})
    folder = tmp_path / "out"
    export(project_path, capsys, "--format", "md", "--split", str(folder))
    written = list(folder.iterdir())
    assert len(written) == 1 and [p.name for p in tmp_path.iterdir() if p.name.endswith(".md")] == []
    name = written[0].name
    assert written[0].resolve().parent == folder.resolve()
    assert not name.startswith(".") and "/" not in name and "\x00" not in name and "<" not in name
    assert len(name.encode("utf-8")) <= 120 and name.endswith(".md")


def test_no_export_makes_a_request(project_path: Path, hostile_project: dict[str, str], tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in ("csv", "md", "json"):
        out = export(project_path, capsys, "--format", fmt)
        if fmt == "json":
            json.loads(out)
    export(project_path, capsys, "--format", "md", "--split", str(tmp_path / "split"))
    assert Recorder.requests == []
