"""Shared helpers of the bad-input suite: run the CLI in-process, build pages and
images, and check the promise every case makes — one clear line naming the file
and the problem, the documented exit code, no traceback, the project unchanged."""

from __future__ import annotations

import contextlib
import hashlib
import io
import shutil
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from claimmark.cli import main

CORPUS = Path(__file__).parent.parent / "fixtures" / "corpus" / "presstv-us-cybersecurity"
SENTENCE = "Sentence {n} of a story that is long enough to be the body of an article here."
STORY = "".join(f"<p>{SENTENCE.format(n=n)}</p>" for n in range(6))


@dataclass
class Run:
    code: int
    out: str
    err: str


def cli(*args: str | Path) -> Run:
    """`claimmark ARGS` in this process; stdout and stderr captured."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse usage errors
            code = int(exc.code or 0)
    return Run(code, out.getvalue(), err.getvalue())


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def shown(path: Path | str) -> str:
    """A path as the CLI prints it (control characters escaped, see cli.output)."""
    from claimmark.cli.output import display

    return display(path)


def page(body: str = STORY, title: str = "A story", head: str = "") -> str:
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}<title>{title}</title></head>"
            f"<body><article><h1>{title}</h1>{body}</article></body></html>")


def png(width: int, height: int) -> bytes:
    """A valid PNG header of any size (a tiny IDAT: only the header is ever read)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\x80\x40\x20" * min(width, 64) for _ in range(min(height, 4)))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def assert_one_clear_line(run: Run, path: Path | str, *words: str) -> str:
    """Exactly one stderr line, `claimmark: PATH: reason`, holding every word."""
    assert "Traceback" not in run.err and "unexpected error" not in run.err, run.err
    lines = run.err.rstrip("\n").split("\n")
    assert len(lines) == 1, run.err
    line = lines[0]
    assert line.startswith(f"claimmark: {shown(path)}: "), line
    for word in words:
        assert word in line, f"{word!r} not in {line!r}"
    return line


@pytest.fixture(scope="session")
def _template_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.claimmark"
    run = cli("import", path, CORPUS / "page.mhtml")
    assert run.code == 0, run.err
    return path


@pytest.fixture
def project(tmp_path: Path, _template_project: Path) -> Path:
    """A project holding the corpus article (a private copy per test)."""
    target = tmp_path / "project.claimmark"
    shutil.copy(_template_project, target)
    return target


@contextlib.contextmanager
def unchanged(path: Path) -> Iterator[None]:
    """The file at `path` is byte for byte the same afterwards (and no sidecar is left)."""
    before = sha(path)
    siblings = sorted(p.name for p in path.parent.iterdir())
    yield
    assert sha(path) == before, f"{path} was modified"
    assert sorted(p.name for p in path.parent.iterdir()) == siblings


def refused_import(project: Path, bad: Path, *words: str) -> str:
    """Import `bad` into `project`: exit 1, one clear line, project unchanged, still clean."""
    with unchanged(project):
        run = cli("import", project, bad)
        assert run.code == 1, (run.code, run.out, run.err)
        assert run.out == ""
        line = assert_one_clear_line(run, bad, *words)
    assert cli("check", project).code == 0
    return line


def imported_text(project: Path, source: Path) -> str:
    """Import `source` as a new document and return its stored reading text."""
    run = cli("import", project, source)
    assert run.code == 0, run.err
    assert "Traceback" not in run.err
    doc_id = run.out.split("\t")[0]
    shown_run = cli("show", project, doc_id, "--json")
    assert shown_run.code == 0
    import json

    return json.loads(shown_run.out)["text"]
