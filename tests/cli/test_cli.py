"""The command line's shape: help everywhere, stable JSON, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimmark import __version__
from claimmark.cli import main
from tests.conftest import CORPUS

EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
COMMANDS = ["import", "list", "show", "search", "extract", "check", "copy", "self-test"]
DOC_KEYS = {"id", "uuid", "title", "byline", "site_name", "url", "published", "section", "language",
            "saved_at", "imported_at", "source_name", "source_format", "content_hash"}


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    assert f"claimmark {command}" in capsys.readouterr().out


def test_version_and_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0 and __version__ in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_info:
        main(["list"])
    assert exit_info.value.code == 2
    with pytest.raises(SystemExit) as exit_info:
        main(["import", "--frobnicate", "x", "y"])
    assert exit_info.value.code == 2


@pytest.fixture
def imported(tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    project = tmp_path / "cli.claimmark"
    assert main(["import", str(project), str(corpus)]) == 0
    capsys.readouterr()
    return project


def test_list_and_show_json(imported: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", str(imported), "--json"]) == 0
    docs = json.loads(capsys.readouterr().out)
    assert len(docs) == 1 and set(docs[0]) == DOC_KEYS
    for key in ("title", "site_name", "url", "published"):
        assert docs[0][key] == EXPECTED["metadata"][key]
    assert main(["show", str(imported), docs[0]["uuid"][:6], "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert set(doc) == DOC_KEYS | {"text"}
    assert doc["text"].startswith(EXPECTED["metadata"]["title"] + "\n")
    assert EXPECTED["must_keep_in_order"][-1] in doc["text"]


def test_show_plain_and_missing_document(imported: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(imported), "1"]) == 0
    out = capsys.readouterr().out
    assert "site_name: Press TV" in out and EXPECTED["must_keep_in_order"][0] in out
    assert main(["show", str(imported), "42"]) == 1
    assert "no document with id 42" in capsys.readouterr().err


def test_search_prints_ranked_hits_with_snippets(imported: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", str(imported), "Patriot", "act"]) == 0
    rank, doc_id, title, snippet = capsys.readouterr().out.rstrip("\n").split("\t")
    assert (rank, doc_id, title) == ("1", "1", EXPECTED["metadata"]["title"])
    assert "[" in snippet and "]" in snippet
    assert main(["search", str(imported), "cybersecurity", "--json", "--limit", "1"]) == 0
    (hit,) = json.loads(capsys.readouterr().out)
    assert set(hit) == {"rank", "id", "title", "snippet", "marks", "score"} and hit["id"] == 1
    start, end = hit["marks"][0]
    assert hit["snippet"][start:end].lower().startswith("cybersecurity")
    assert main(["search", str(imported), "zebra"]) == 0
    assert capsys.readouterr().out == ""
    with pytest.raises(SystemExit) as exit_info:
        main(["search", str(imported), "zebra", "--limit", "0"])
    assert exit_info.value.code == 2


def test_extract_prints_the_body_without_the_title(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(corpus / "page.html")]) == 0
    out = capsys.readouterr().out
    assert not out.startswith(EXPECTED["metadata"]["title"])
    assert out.startswith(EXPECTED["should_keep"][0])


def test_extract_json_for_one_and_for_many(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(corpus / "page.mhtml"), "--json"]) == 0
    one = json.loads(capsys.readouterr().out)
    assert {"title", "byline", "site_name", "url", "published", "text"} <= set(one)
    assert one["url"] == EXPECTED["metadata"]["url"]
    assert main(["extract", str(corpus / "page.mhtml"), str(corpus / "article.txt"), "--json"]) == 0
    many = json.loads(capsys.readouterr().out)
    assert [d["source_format"] for d in many] == ["mhtml", "txt"]
    assert many[0]["content_hash"] == many[1]["content_hash"]


def test_extract_out_dir_writes_one_file_per_input(corpus: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    bad = tmp_path / "empty.html"
    bad.write_bytes(b"")
    files = [corpus / "page.html", corpus / "article.txt", bad]
    assert main(["extract", "--out-dir", str(out), *map(str, files)]) == 1
    assert sorted(p.name for p in out.iterdir()) == ["article.txt", "page.txt"]
    assert "empty.html: the file is empty" in capsys.readouterr().err
    assert main(["extract", "--json", "--out-dir", str(out), str(corpus / "page.html")]) == 0
    data = json.loads((out / "page.json").read_text(encoding="utf-8"))
    assert data["title"] == EXPECTED["metadata"]["title"]


def test_check_reports_ok(imported: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(imported)]) == 0
    assert "ok (1 documents)" in capsys.readouterr().out


def test_no_command_without_a_window_says_so(monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "claimmark.ui.app" else real(name, *a))
    assert main([]) == 0
    assert "claimmark --help" in capsys.readouterr().out


@pytest.fixture
def window_starts(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The arguments of each start of the desktop app (recorded; no window opens)."""
    import claimmark.cli

    started: list[list[str]] = []
    monkeypatch.setattr(claimmark.cli, "_start_gui", lambda argv: started.append(argv) or 0)
    return started


@pytest.mark.parametrize(("typed", "hint"), [
    (["lisst", "p.claimmark"], "; did you mean 'list'?"),
    (["exprot", "p.claimmark", "--format", "csv"], "; did you mean 'export'?"),
    (["serch"], "; did you mean 'search'?"),  # a command since issue #20
    (["frobnicate"], ""),
    (["lnik", "p.claimmark"], ""),
    (["no/such/file"], ""),
])
def test_an_unknown_command_is_a_usage_error_not_a_window(typed: list[str], hint: str, tmp_path: Path,
                                                          window_starts: list[list[str]],
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(typed) == 2
    out, err = capsys.readouterr()
    assert out == "" and window_starts == []
    assert err == f"claimmark: unknown command '{typed[0]}'{hint} (see 'claimmark --help')\n"


def test_the_window_opens_for_nothing_a_file_or_a_claimmark_path(tmp_path: Path, corpus: Path,
                                                                  window_starts: list[list[str]]) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    opening = [[], [str(corpus / "page.html")], [str(tmp_path / "new.claimmark")]]
    for argv in opening:
        assert main(argv) == 0
    assert window_starts == opening
    assert main([str(folder)]) == 2  # a folder is neither a project nor a command
    with pytest.raises(SystemExit) as stop:  # a command without its project: usage, no window
        main(["list"])
    assert stop.value.code == 2 and window_starts == opening


def test_a_mistyped_command_exits_at_once_instead_of_opening_the_window(tmp_path: Path) -> None:
    """A real process: before, `claimmark lnik PROJECT` opened the window and sat there."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "claimmark", "lisst", "p.claimmark"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == "claimmark: unknown command 'lisst'; did you mean 'list'? (see 'claimmark --help')\n"
