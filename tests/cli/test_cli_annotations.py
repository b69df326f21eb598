"""The annotation commands: tag, annotations, edit, untag, restore, tags, reimport, export."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from claimmark.cli import main
from claimmark.core.store import annotations as ann
from claimmark.core.store.project import Project
from tests.annotation_helpers import EXAMPLES, example_options, import_corpus


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def project(project_path: Path, corpus: Path) -> Path:
    import_corpus(project_path, corpus).close()
    return project_path


def tag_all(capsys: pytest.CaptureFixture[str], project: Path) -> list[int]:
    ids = []
    for example in EXAMPLES:
        code, out, err = run(capsys, "tag", project, "1", *example_options(example))
        assert code == 0, err
        ids.append(int(out))
    return ids


def test_the_six_examples_through_claimmark_tag(capsys, project: Path) -> None:
    assert tag_all(capsys, project) == [1, 2, 3, 4, 5, 6]
    code, out, err = run(capsys, "annotations", project, "--json")
    assert code == 0 and err == ""
    items = json.loads(out)
    by_exact = {i["exact"]: i for i in items}
    for example in EXAMPLES:
        item = by_exact[example["exact"]]
        assert item["kind"] == example["kind"]
        assert item["claimant"] == example.get("claimant", "")
        assert item["speaker"] == example.get("speaker", "")
        assert item["source_title"] == example.get("source", "")
        for key in ("id", "uuid", "document_id", "start", "end", "note", "tags", "status", "source_url",
                    "author", "anchor_status", "created", "modified"):
            assert key in item
        assert item["author"] == "Test Author" and item["anchor_status"] == "exact"
    code, out, _ = run(capsys, "annotations", project)
    lines = out.splitlines()
    assert len(lines) == 6 and lines[0].split("\t")[:4] == ["1", "1", "claim", "exact"]


def test_tag_errors_are_one_clear_line(capsys, project: Path) -> None:
    code, out, err = run(capsys, "tag", project, "1", "--kind", "claim", "--exact", "the US")
    assert code == 1 and out == ""
    assert err.startswith("claimmark: ") and err.count("\n") == 1
    assert "occurs 7 times" in err and "--occurrence" in err
    code, _, err = run(capsys, "tag", project, "1", "--kind", "claim", "--exact", "not in this article")
    assert code == 1 and "is not in the document" in err
    code, out, err = run(capsys, "tag", project, "1", "--kind", "claim", "--exact", "the US",
                         "--occurrence", "2")
    assert code == 0 and int(out) == 1
    code, _, err = run(capsys, "tag", project, "9", "--kind", "claim", "--exact", "x")
    assert code == 1 and "no document with id 9" in err
    code, _, err = run(capsys, "tag", project, "²", "--kind", "claim", "--exact", "x")
    assert code == 1 and "no document '²'" in err
    code, _, err = run(capsys, "tag", project, "1", "--kind", "quote", "--exact", "Wang", "--occurrence", "1",
                       "--claimant", "X")
    assert code == 1 and "claimant belongs to a claim" in err
    with pytest.raises(SystemExit) as stop:
        main(["tag", str(project), "1", "--kind", "rumour", "--exact", "x"])
    assert stop.value.code == 2
    with pytest.raises(SystemExit) as stop:
        main(["tag", str(project), "1", "--kind", "claim", "--exact", "x", "--occurrence", "0"])
    assert stop.value.code == 2
    code, _, err = run(capsys, "tag", project.with_name("missing.claimmark"), "1", "--kind", "claim",
                       "--exact", "x")
    assert code == 1 and "no such project file" in err
    assert "Traceback" not in capsys.readouterr().err


def test_author_option_and_environment(capsys, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    exact = EXAMPLES[0]["exact"]
    run(capsys, "tag", project, "1", "--kind", "claim", "--exact", exact, "--author", "Ana Editor")
    monkeypatch.setenv("CLAIMMARK_AUTHOR", "Env Person")
    run(capsys, "tag", project, "1", "--kind", "quote", "--exact", exact)
    code, out, _ = run(capsys, "annotations", project, "--author", "ana editor", "--json")
    assert code == 0
    assert [i["author"] for i in json.loads(out)] == ["Ana Editor"]
    code, out, _ = run(capsys, "annotations", project, "--author", "Env Person", "--json")
    assert [i["kind"] for i in json.loads(out)] == ["quote"]


def test_edit_untag_restore_and_filters(capsys, project: Path) -> None:
    tag_all(capsys, project)
    code, out, err = run(capsys, "edit", project, "3", "--status", "Mostly-True")
    assert code == 0, err
    with Project.open(project) as opened:
        assert ann.get(opened, 3).status == "mostly true"
    code, out, err = run(capsys, "edit", project, "1", "--note", "Needs a source.", "--tag", "cyber",
                         "--tag", "usa", "--status", "false")
    assert (code, out.strip()) == (0, "1"), err
    code, _, _ = run(capsys, "edit", project, "2", "--add-tag", "cyber")
    code, _, _ = run(capsys, "edit", project, "1", "--remove-tag", "USA")
    code, out, _ = run(capsys, "annotations", project, "--tag", "cyber", "--json")
    items = json.loads(out)
    assert [(i["id"], i["tags"]) for i in items] == [(1, ["cyber"]), (2, ["cyber"])]
    assert items[0]["status"] == "false" and items[0]["note"] == "Needs a source."
    # move an annotation to other text
    code, _, err = run(capsys, "edit", project, "2", "--exact", "the US", "--occurrence", "3")
    assert code == 0, err
    with Project.open(project) as opened:
        moved = ann.get(opened, 2)
        assert moved.exact == "the US" and moved.speaker == "Wang Wenbin"
    code, _, err = run(capsys, "edit", project, "2", "--speaker", "X", "--claimant", "Y")
    assert code == 1 and "claimant belongs to a claim" in err
    with pytest.raises(SystemExit) as stop:
        main(["edit", str(project), "2"])
    assert stop.value.code == 2
    # untag and restore
    code, out, _ = run(capsys, "untag", project, "2")
    assert (code, out.strip()) == (0, "2")
    code, out, _ = run(capsys, "annotations", project, "--kind", "quote")
    assert out == ""
    code, out, _ = run(capsys, "annotations", project, "--kind", "quote", "--deleted")
    assert "deleted" in out
    code, _, err = run(capsys, "untag", project, "2")
    assert code == 1 and "already deleted" in err
    code, _, err = run(capsys, "edit", project, "2", "--note", "x")
    assert code == 1 and "deleted" in err
    code, out, _ = run(capsys, "restore", project, "2")
    assert (code, out.strip()) == (0, "2")
    code, out, _ = run(capsys, "annotations", project, "--doc", "1", "--kind", "quote")
    assert out.startswith("2\t1\tquote")


def test_tags_command(capsys, project: Path) -> None:
    tag_all(capsys, project)
    run(capsys, "edit", project, "1", "--tag", "cyber")
    run(capsys, "edit", project, "2", "--tag", "Cyber-security")
    code, out, _ = run(capsys, "tags", project)
    assert out == "1\tcyber\n1\tCyber-security\n"
    code, _, _ = run(capsys, "tags", project, "--merge", "Cyber-security", "cyber")
    code, _, _ = run(capsys, "tags", project, "--rename", "cyber", "cybersecurity")
    code, out, _ = run(capsys, "tags", project)
    assert out == "2\tcybersecurity\n"
    code, _, err = run(capsys, "tags", project, "--rename", "nothing", "x")
    assert code == 1 and "no tag" in err


def test_reimport_command(capsys, project: Path) -> None:
    tag_all(capsys, project)
    with Project.open(project) as opened, opened.transaction():
        text = opened.document(1).text
        opened.db.execute("UPDATE documents SET reading_text = ? WHERE id = 1", ["Old intro.\n" + text])
        opened.db.execute("UPDATE annotations SET start = start + 11, \"end\" = \"end\" + 11")
    code, out, err = run(capsys, "reimport", project, "1")
    assert code == 0, err
    assert out.strip() == "document 1: the text changed; 6 annotations: 0 exact, 6 moved, 0 fuzzy, 0 orphaned"
    code, out, _ = run(capsys, "reimport", project, "1")
    assert "unchanged; 6 annotations: 6 exact" in out


def test_reimport_says_when_the_new_text_is_another_documents(capsys, project: Path, corpus: Path) -> None:
    """An older extraction differed from a later import of the same article; re-extracting
    makes the two texts equal: both documents are kept and the user is told."""
    with Project.open(project) as opened, opened.transaction():
        opened.db.execute("UPDATE documents SET content_hash = 'from-an-older-extractor' WHERE id = 1")
    code, out, err = run(capsys, "import", project, corpus / "page.mhtml")
    assert code == 0, err
    code, out, err = run(capsys, "reimport", project, "1")
    assert code == 0
    assert err == ("claimmark: document 1 now has the same text as document 2; both are kept "
                   "(merge them by hand if they are one article)\n")
    code, out, _ = run(capsys, "list", project)
    assert len(out.strip().splitlines()) == 2


def test_export_command(capsys, project: Path, tmp_path: Path) -> None:
    tag_all(capsys, project)
    run(capsys, "edit", project, "1", "--note", '=HYPERLINK("http://x","y")')
    code, out, err = run(capsys, "export", project, "--format", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert len(rows) == 6 and rows[0]["note"] == "'=HYPERLINK(\"http://x\",\"y\")"
    code, out, _ = run(capsys, "export", project, "--format", "csv", "--raw", "--kind", "claim")
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert [r["kind"] for r in rows] == ["claim"] * 3 and rows[0]["note"].startswith("=")
    target = tmp_path / "out.csv"
    code, out, _ = run(capsys, "export", project, "--format", "csv", "--excel", "-o", target)
    assert code == 0 and out == ""
    assert target.read_bytes().startswith(b"\xef\xbb\xbfdocument_id,")
    code, out, _ = run(capsys, "export", project, "--format", "md", "--group-by", "kind", "--doc", "1")
    assert "### Claims" in out and out.count("> ") == 6
    code, out, _ = run(capsys, "export", project, "--format", "json", "--tag", "none")
    assert json.loads(out)["total"] == 0
    folder = tmp_path / "notes"
    code, out, _ = run(capsys, "export", project, "--format", "md", "--split", folder)
    assert code == 0
    written = sorted(folder.iterdir())
    assert [p.name for p in written] == ["China US itself top threat to global cybersecurity.md"]
    assert out.strip() == str(written[0])
    for bad in (["--format", "json", "--excel"], ["--format", "csv", "--split", str(folder)],
                ["--format", "md", "--split", str(folder), "-o", str(target)], ["--format", "pdf"]):
        with pytest.raises(SystemExit) as stop:
            main(["export", str(project), *bad])
        assert stop.value.code == 2
    capsys.readouterr()
    missing = tmp_path / "no" / "such" / "x.csv"
    code, _, err = run(capsys, "export", project, "--format", "csv", "-o", missing)
    assert code == 1 and err.startswith("claimmark: ") and "cannot write" in err


def test_export_runs_as_a_program(project: Path) -> None:
    """One real process: standard output carries CRLF rows unchanged."""
    result = subprocess.run(
        [sys.executable, "-m", "claimmark", "export", str(project), "--format", "csv"],
        capture_output=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"document_id,document_uuid,") and result.stdout.endswith(b"\r\n")
