"""Every limit in claimmark.core.limits is documented in docs/limits.md with its
default, and hitting one gives a clear message naming the file (or, for images, leaves
the image out and keeps its caption: see test_images.py)."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from claimmark.core import limits as limits_module
from claimmark.core.limits import Limits, format_size
from tests.bad_input.conftest import SENTENCE, STORY, imported_text, page, refused_import

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
    """The per-file watchdog: a real page that takes longer than the (lowered) limit
    gets one clear line, the project is unchanged and the next file still comes in."""
    monkeypatch.setattr(limits_module.LIMITS, "max_import_seconds", 0.05)
    slow = tmp_path / "slow.html"
    slow.write_text(page("".join(f"<p>{SENTENCE.format(n=n)} <b>bold</b> <i>it</i></p>" for n in range(8000))))
    refused_import(project, slow, "reading the page took longer than the limit of 0.05 s per file",
                   "it was not imported")
    monkeypatch.setattr(limits_module.LIMITS, "max_import_seconds", 120)
    assert SENTENCE.format(n=3) in imported_text(project, slow)
    import signal

    assert signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, None)  # the watchdog is gone
