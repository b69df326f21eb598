"""Every limit in claimmark.core.model.limits is documented in docs/limits.md with its
default, and hitting one gives a clear message naming the file (or, for images, leaves
the image out and keeps its caption: see test_images.py)."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from claimmark.core.model import limits as limits_module
from claimmark.core.model.limits import Limits, format_size
from tests.bad_input.conftest import (
    CORPUS,
    SENTENCE,
    STORY,
    assert_one_clear_line,
    cli,
    imported_text,
    page,
    refused_import,
    unchanged,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "limits.md"


def test_every_limit_is_documented_with_its_default() -> None:
    text = DOC.read_text(encoding="utf-8")
    for field in dataclasses.fields(Limits):
        assert f"`{field.name}`" in text, f"docs/limits.md does not name {field.name}"
        default = field.default
        shown = format_size(default) if field.name.endswith("_bytes") else f"{default:,}"
        row = next(line for line in text.splitlines() if f"`{field.name}`" in line)
        assert shown in row or shown.replace(",", " ") in row, f"{field.name}: {shown} not in {row!r}"


@pytest.mark.parametrize(("size", "shown"), [(100, "100 bytes"), (1536, "1.5 kB"), (64 * 2**20, "64 MB"),
                                             (70 * 2**20 + 2**19, "70.5 MB"), (3 * 2**30, "3 GB")])
def test_sizes_read_as_people_read_them(size: int, shown: str) -> None:
    assert format_size(size) == shown


def test_text_over_the_limit_is_refused_before_parsing(tmp_path: Path, project: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits_module.LIMITS, "max_text_chars", 2000)
    path = tmp_path / "long.html"
    path.write_text(page(STORY * 20))
    line = refused_import(project, path, "the article text is larger than the size limit (about")
    assert line.endswith("characters; the limit is 2,000)")


def test_text_just_over_the_limit_is_refused_after_extraction(tmp_path: Path, project: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits_module.LIMITS, "max_text_chars", 400)
    path = tmp_path / "long.html"
    path.write_text(page(STORY))  # about 480 characters of text: under the early estimate's margin
    refused_import(project, path, "the article text is larger than the size limit")


def test_text_within_the_limit_imports(tmp_path: Path, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits_module.LIMITS, "max_text_chars", 5000)
    path = tmp_path / "fits.html"
    path.write_text(page(STORY + "<script>" + "x" * 20_000 + "</script><!--" + "y" * 20_000 + "-->"))
    assert SENTENCE.format(n=5) in imported_text(project, path)


def test_the_documented_messages_are_the_ones_given() -> None:
    text = DOC.read_text(encoding="utf-8")
    for message in ("the file is too large", "the MHTML archive unpacks to more than the size limit",
                    "the article text is larger than the size limit", "nested multipart sections"):
        assert message in text
    assert re.search(r"bench/memory\.py", text)


def test_a_file_over_the_time_limit_is_refused_and_the_next_one_imported(
        tmp_path: Path, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The per-file deadline: a real page that takes longer than the (lowered) limit
    gets one clear line, the project is unchanged and the next file still comes in."""
    monkeypatch.setattr(limits_module.LIMITS, "max_import_seconds", 0.05)
    slow = tmp_path / "slow.html"
    slow.write_text(page("".join(f"<p>{SENTENCE.format(n=n)} <b>bold</b> <i>it</i></p>" for n in range(8000))))
    refused_import(project, slow, "reading the page took longer than the limit of 0.05 s per file",
                   "it was not imported", "--time-limit SECONDS")
    monkeypatch.setattr(limits_module.LIMITS, "max_import_seconds", 120)
    assert SENTENCE.format(n=3) in imported_text(project, slow)


def test_extractors_that_swallow_exceptions_are_stopped_at_the_deadline(
        tmp_path: Path, project: Path, worker_init: Callable[[str], None]) -> None:
    """trafilatura and readability-lxml catch every exception; with both slowed to 3 s
    and 4 s a page took 5 s and imported, exit 0, against a 1 s limit. Every command
    that extracts now ends within a few seconds of the limit, with the message."""
    story = tmp_path / "story.html"
    story.write_text(page())
    worker_init("tests.worker_hooks:slow_extractors")
    runs = {
        "import": (["import", project, story], story),
        "extract": (["extract", story], story),
        "reimport": (["reimport", project, "1"], Path("page.mhtml")),  # named as it was imported
    }
    for name, (argv, named) in runs.items():
        with unchanged(project):
            started = time.monotonic()
            run = cli(*argv, "--time-limit", "1")
            took = time.monotonic() - started
        assert run.code == 1, (name, run)
        assert_one_clear_line(run, named, "took longer than the limit of 1 s per file", "--time-limit SECONDS")
        assert took < 3, (name, took)  # the limit plus a worker's start, not 5 s


def test_a_worker_that_dies_fails_its_file_and_the_next_one_imports(
        tmp_path: Path, project: Path, worker_init: Callable[[str], None]) -> None:
    crash = tmp_path / "crash.html"
    crash.write_text(page(title="Crashes its reader"))
    fine = tmp_path / "fine.html"
    fine.write_text(page(title="Reads fine"))
    worker_init("tests.worker_hooks:crash_on_crash_files")
    run = cli("import", project, crash, fine)
    assert run.code == 1
    assert_one_clear_line(run, crash, "the extraction worker was killed by signal 11 (SIGSEGV)",
                          "it was not imported")
    assert run.out.split("\t")[1].strip() == "Reads fine"


def test_a_page_that_needs_more_memory_than_the_limit_is_refused(tmp_path: Path, project: Path) -> None:
    """5 MB of empty paragraphs needs about 2 GB to read (24 MB of them took 10.3 GB);
    under a 400 MB cap the worker's allocation fails and the file gets one line, the
    command goes on: the next file imports in a fresh worker."""
    huge = tmp_path / "paragraphs.html"
    huge.write_text("<html><body>" + "<p>x</p>" * 600_000 + "</body></html>")
    fine = tmp_path / "fine.html"
    fine.write_text(page(title="Reads fine"))
    with unchanged(project):
        started = time.monotonic()
        run = cli("extract", "--memory-limit", "400", huge)
        assert time.monotonic() - started < 30
    assert run.code == 1 and run.out == ""
    assert_one_clear_line(run, huge, "needs more memory than the limit of 400 MB per file",
                          "--memory-limit MB")
    run = cli("import", "--memory-limit", "400", project, huge, fine)
    assert run.code == 1
    assert_one_clear_line(run, huge, "needs more memory than the limit of 400 MB per file")
    assert run.out.split("\t")[1].strip() == "Reads fine"


@pytest.mark.parametrize("value", ["0", "-1", "inf", "nan", "soon"])
def test_limit_options_take_positive_numbers(project: Path, value: str) -> None:
    for option in ("--time-limit", "--memory-limit"):
        with unchanged(project):
            run = cli("import", project, CORPUS / "page.html", option, value)
        assert run.code == 2 and "Traceback" not in run.err
        assert f"argument {option}: " in run.err and ("positive number" in run.err or "not a number" in run.err)


def test_limit_options_apply_to_one_command_only(tmp_path: Path) -> None:
    story = tmp_path / "story.html"
    story.write_text(page())
    run = cli("extract", story, "--time-limit", "30", "--memory-limit", "2048")
    assert run.code == 0 and SENTENCE.format(n=5) in run.out
    assert (limits_module.LIMITS.max_import_seconds, limits_module.LIMITS.max_worker_memory_bytes) == (
        Limits.max_import_seconds, Limits.max_worker_memory_bytes)


STALLED_IMPORT = """
import sys
from claimmark.cli import main
from claimmark.core.extract import workers
if __name__ == "__main__":
    workers.use_initializer("tests.worker_hooks:slow_extractors")
    main(["import", "--time-limit", "100", sys.argv[1], sys.argv[2]])
"""


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_worker_dies_with_the_command_killed_mid_file(tmp_path: Path) -> None:
    """kill -9 of a command leaves no worker reading on: the kernel ends it too."""
    story = tmp_path / "story.html"
    story.write_text(page())
    child = subprocess.Popen([sys.executable, "-c", STALLED_IMPORT, str(tmp_path / "p.claimmark"), str(story)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not (workers := [p for p in _children(child.pid) if "spawn_main" in _cmdline(p)]):
            assert time.monotonic() < deadline and child.poll() is None
            time.sleep(0.05)
        time.sleep(1)  # ready and inside the stalled extractors
    finally:
        child.kill()
        child.wait(timeout=30)
    deadline = time.monotonic() + 5
    while any(Path(f"/proc/{p}").exists() and _state(p) != "Z" for p in workers):
        assert time.monotonic() < deadline, "the worker outlived its command"
        time.sleep(0.05)


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")
    except OSError:
        return ""


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"
