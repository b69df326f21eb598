"""Stored and file-derived text that attacks the terminal (issue 22, point 6): every
command run on a project whose titles, bylines, notes, names, tags and file names hold
ESC, BEL, CR/LF, U+202E, U+009B and a forged second line, merging a file whose titles
hold them too. Nothing raw reaches stdout or stderr, and each problem stays one line."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from claimmark.cli import main
from claimmark.core.annotate import editing as edits
from claimmark.core.importing import import_paths
from claimmark.core.model import records
from claimmark.core.store.project import Project
from tests.annotation_helpers import installation, named
from tests.bad_input.conftest import CORPUS, Run, cli, page

FORGED = "FORGED: claimmark says all is well"
HOSTILE = f"Hostile \x1b[2J\x07 text\r\n{FORGED} \u202egnp.exe \u009b31m \u2066x\u2069 \u200f\u061c"
# What must never reach a terminal raw: C0 controls (but the newline and tab the output is
# made of), DEL and C1 controls, bidirectional controls, lone surrogates.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def assert_safe(run: Run, *, data: bool = False) -> None:
    """Nothing raw; no forged line (but in `data`, an export whose note holds a line break)."""
    for name, stream in (("stdout", run.out), ("stderr", run.err)):
        assert not RAW.findall(stream), (name, RAW.findall(stream), stream)
        for line in stream.split("\n") if not (data and name == "stdout") else ():
            assert not line.lstrip().startswith("FORGED"), (name, stream)
    assert "Traceback" not in run.err
    for line in run.err.splitlines():  # each problem is one line of its own
        assert line.startswith("claimmark: "), run.err


def _plant(path: Path, title: str) -> None:
    """What another program (or a colleague's hostile file) may have stored."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("UPDATE documents SET title = ?, byline = ?, site_name = ?, source_name = ?",
                 [title, HOSTILE, HOSTILE, HOSTILE + ".html"])
    conn.execute("UPDATE annotations SET note = ?, speaker = ?, claimant = ?, source_title = ?, author = ?",
                 [HOSTILE] * 5)
    conn.execute("UPDATE authors SET name = ?", [HOSTILE])
    conn.execute("UPDATE tags SET name = ?", ["tag " + HOSTILE])
    conn.close()


def _tag(project: Project, exact: str, **fields: object) -> records.Annotation:
    text = project.document(1).text
    start = text.index(exact)
    time.sleep(0.005)
    return edits.add(project, 1, "quote", start, start + len(exact), **fields)  # type: ignore[arg-type]


@pytest.fixture
def hostile(tmp_path: Path) -> dict[str, Path]:
    """Our project and an incoming one: the same article, an annotation edited on both
    sides (a conflict), and a new document there; every stored text hostile."""
    ours, theirs = tmp_path / "ours.claimmark", tmp_path / f"theirs {HOSTILE}.claimmark"
    with Project.open(ours, create=True) as project:
        import_paths(project, [CORPUS / "page.mhtml"])
        shared = _tag(project, "The US is in fact the biggest threat to global cybersecurity.", tags=["us"])
    shutil.copyfile(ours, theirs)
    with named("Alice"), Project.open(ours) as project:
        edits.update(project, shared.uuid, note="ours")
    time.sleep(0.01)
    extra = tmp_path / "extra.html"
    extra.write_text(page(title="Another story"), encoding="utf-8")
    with installation(tmp_path / "bob"), named("Bob"), Project.open(theirs) as project:
        edits.update(project, shared.uuid, note="theirs")
        import_paths(project, [extra])
    _plant(ours, HOSTILE)
    _plant(theirs, "Incoming " + HOSTILE)
    named_page = tmp_path / f"page {HOSTILE}.html"
    named_page.write_text(page(title=f"A title \u202egnp.exe \u009b31m{FORGED}"), encoding="utf-8")
    return {"ours": ours, "theirs": theirs, "page": named_page, "tmp": tmp_path}


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def on_terminal(*args: str | Path) -> Run:
    """`claimmark ARGS` with standard output a terminal."""
    out, err = _Terminal(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return Run(code, out.getvalue(), err.getvalue())


@pytest.mark.parametrize("command", [
    "list", "list --json", "show", "show --json", "search", "search --json", "annotations", "annotations --json", "tags", "conflicts",
    "conflicts --json", "merge", "merge --dry-run", "merge --json", "copy", "export csv", "export md",
    "export json", "export md --split", "extract", "extract --json", "extract --out-dir", "import", "check",
])
def test_no_command_prints_a_control_or_bidi_character_raw(hostile: dict[str, Path], command: str) -> None:
    ours, theirs, named_page, tmp = hostile["ours"], hostile["theirs"], hostile["page"], hostile["tmp"]
    word, *options = command.split()
    if word in ("conflicts", "tags"):
        assert cli("merge", ours, theirs).code == 0
    args: list[str | Path] = [word]
    run_it = cli
    if word == "show":
        args += [ours, "1", *options]
    elif word == "search":  # the stored title of the hit is hostile
        args += [ours, "cybersecurity", *options]
    elif word == "merge":
        args += [ours, theirs, *options]
    elif word == "copy":
        args += [ours, tmp / f"copy {HOSTILE}.claimmark"]
    elif word == "export":
        args += [ours, "--format", options[0]]
        if options[1:]:
            args += ["--split", tmp / f"split {HOSTILE}"]
        else:  # to a terminal: what a pipe or a file gets is the exact data (below)
            run_it = on_terminal
    elif word == "extract":
        args += [named_page, tmp / f"missing {HOSTILE}.html", *options]
        if options == ["--out-dir"]:
            args.append(tmp / f"out {HOSTILE}")
    elif word == "import":
        args += [ours, named_page, tmp / f"missing {HOSTILE}.html"]
    else:
        args += [ours, *options]
    run = run_it(*args)
    assert run.code == (1 if word in ("extract", "import") else 0), run.err
    assert_safe(run, data=run_it is on_terminal)
    if word in ("extract", "import"):  # the missing file's one line names it, escaped
        assert "missing Hostile \\x1b[2J\\x07 text\\r\\nFORGED" in run.err
    if run_it is on_terminal:  # a pipe or a file gets the exact data
        piped = cli(*args)
        assert piped.code == 0 and "\u202e" in piped.out
    if options == ["--json"]:
        json.loads(run.out)  # still JSON, the text escaped within it
