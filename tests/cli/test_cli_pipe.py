"""A closed output pipe (`claimmark ... | head -1`) ends every command quietly: no
traceback, exit 141 (docs/cli.md). Real processes and real pipes; each output is far
larger than a pipe holds, so the command is still writing when the reader goes away."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from claimmark.core.annotate import editing as edits
from claimmark.core.importing import import_paths
from claimmark.core.store.project import Project
from tests.annotation_helpers import EXAMPLES, example_fields, import_corpus

PIPE_CAPACITY = 64 * 1024  # Linux's default; every output below is several times larger


def read_one_line_and_close(*argv: str) -> tuple[bytes, int, bytes]:
    child = subprocess.Popen([sys.executable, "-m", "claimmark", *argv],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout is not None and child.stderr is not None
    first = child.stdout.readline()
    child.stdout.close()
    err = child.stderr.read()
    return first, child.wait(timeout=120), err


def big_project(path: Path, corpus: Path, pages: Path) -> Path:
    """600 documents with long titles, and the six examples with long notes."""
    pages.mkdir()
    for n in range(600):
        title = f"Article {n}: " + " ".join(["an-extraordinarily-long-headline-word"] * 7)  # under 25 words
        (pages / f"{n}.txt").write_text(f"{title}\n\nParagraph of article {n}.\n", encoding="utf-8")
    with import_corpus(path, corpus) as project:
        assert {o.status for o in import_paths(project, [pages])} == {"imported"}
        for example in EXAMPLES:
            edits.add_text(project, 1, example["kind"], example["exact"], note="a long note. " * 5000,
                         **example_fields(example))
    return path


def test_every_command_ends_quietly_when_its_pipe_closes(tmp_path: Path, corpus: Path) -> None:
    project = str(big_project(tmp_path / "big.claimmark", corpus, tmp_path / "pages"))
    with Project.open(project) as opened:
        assert opened.count_documents() == 601
    for argv in (["list", project], ["annotations", project, "--json"], ["export", project, "--format", "csv"],
                 ["export", project, "--format", "json"]):
        whole = subprocess.run([sys.executable, "-m", "claimmark", *argv], capture_output=True, timeout=120)
        assert whole.returncode == 0 and len(whole.stdout) > 2 * PIPE_CAPACITY, argv
        first, code, err = read_one_line_and_close(*argv)
        assert first == whole.stdout.splitlines(keepends=True)[0], argv
        assert b"Traceback" not in err and b"BrokenPipe" not in err and err == b"", (argv, err)
        assert code == 141, argv


def test_extract_of_a_big_page_ends_quietly_when_its_pipe_closes(tmp_path: Path) -> None:
    page = tmp_path / "big.txt"
    page.write_text("A big page\n\n" + "\n\n".join(f"Paragraph {n} of a long article." * 5 for n in range(20_000)),
                    encoding="utf-8")
    for argv in ([str(page)], [str(page), "--json"]):
        first, code, err = read_one_line_and_close("extract", *argv)
        assert first.startswith(b"Paragraph 0 of a long article.") or first == b"{\n", argv
        assert err == b"" and code == 141, (argv, err)
