"""``claimmark self-test`` (what the bundle smoke test and the wheel test run) drives
the real window: import, tag, export, quit; and a step that fails says which."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from claimmark.cli import main
from claimmark.core.store import annotations as ann
from claimmark.core.store.project import Project
from tests.conftest import CORPUS

QUOTE = "The US is in fact the biggest threat to global cybersecurity."


def test_the_self_test_imports_tags_exports_and_quits(
    qapp, tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project, out = tmp_path / "st.claimmark", tmp_path / "st.csv"
    args = ["self-test", "--project", str(project), "--import", str(corpus / "page.html")]
    assert main([*args, "--export-csv", str(out), "--quote", QUOTE]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["platform"] == "offscreen" and report["quote"] == QUOTE
    assert Path(report["resources"]) == Path(__file__).resolve().parents[2] / "resources"
    assert report["document"] == json.loads((CORPUS / "expected.json").read_text())["metadata"]["title"]
    with open(out, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["kind"], r["exact"], r["author"]) for r in rows] == [("quote", QUOTE, "Test Author")]
    with Project.open(project, read_only=True) as saved:
        assert [(a.kind, a.exact) for a in ann.query(saved)] == [("quote", QUOTE)]


def test_a_step_that_fails_is_named_in_one_line(
    qapp, tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = tmp_path / "bad.claimmark"
    damaged.write_bytes(b"not a database" * 100)
    assert main(["self-test", "--project", str(damaged), "--import", str(corpus / "page.html")]) == 1
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        f"claimmark self-test: {damaged}: not a ClaimMark project (not an SQLite database)"
    )
    args = ["self-test", "--import", str(corpus / "page.html"), "--quote", "words not in the article"]
    assert main(args) == 1
    assert "the passage 'words not in the article' is not in the reading view" in capsys.readouterr().err


def test_an_export_onto_the_project_itself_is_refused_in_one_line(
    qapp, tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "st.claimmark"
    args = ["self-test", "--project", str(project), "--import", str(corpus / "page.html")]
    assert main([*args, "--export-csv", str(project), "--quote", QUOTE]) == 1
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert last == (f"claimmark self-test: {project}: the export dialog wrote nothing (“st.claimmark” was not "
                    f"written: it is the open project; it is never written over. {project})")
    with Project.open(project, read_only=True) as saved:
        assert [(a.kind, a.exact) for a in ann.query(saved)] == [("quote", QUOTE)]
