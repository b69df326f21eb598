"""Adversarial shapes that made a hand-written pattern backtrack (issue #22, point 2),
an MHTML page part declared base64 that is not (point 7), and the linear pre-scans
that stand before libxml2 and the email parser.

The growth checks time one shape at two sizes in the same run and compare: linear work
grows about 8x from n to 8n, quadratic 64x, cubic 512x. The bound (32x) sits between
linear and quadratic with room for a busy machine; a fixed time budget would not."""

from __future__ import annotations

import base64
import binascii
import hashlib
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimmark.core.extract.sources import _MULTIPART_HEADER, refuse_crowded_tags
from claimmark.core.extract.textsource import text_to_blocks
from claimmark.core.model.images import Image
from tests.bad_input.conftest import SENTENCE, STORY, imported_text, page, png, refused_import
from tests.bad_input.test_mhtml import archive, images_of_last, write

SMALL, FACTOR, BOUND = 400, 8, 32


def _best_of_three(work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def grows_linearly(make: Callable[[int], str],
                   parse: Callable[[str], object] = lambda s: text_to_blocks(s, markdown=True)
                   ) -> tuple[bool, float]:
    """Whether ``parse(make(n))`` (Markdown by default) grows no faster than about linearly."""
    small, large = make(SMALL), make(SMALL * FACTOR)
    t_small = _best_of_three(lambda: parse(small))
    t_large = _best_of_three(lambda: parse(large))
    ratio = t_large / max(t_small, 2e-4)  # below 0.2 ms the clock's grain rules
    return ratio < BOUND, ratio


PADDING = st.sampled_from([" ", "\t", " \u00a0", "\x0b", " #"])
CLOSING = st.sampled_from(["#", "##########", "#x", ""])


@settings(max_examples=8, deadline=None)
@given(pad=PADDING, closing=CLOSING, level=st.integers(1, 6))
def test_a_heading_padded_with_thousands_of_spaces_parses_in_linear_time(pad: str, closing: str,
                                                                         level: int) -> None:
    ok, ratio = grows_linearly(lambda n: "#" * level + " a" + pad * n + closing + "x\n\nText.\n")
    assert ok, f"8x the padding took {ratio:.0f}x the time"


@settings(max_examples=8, deadline=None)
@given(unit=st.sampled_from(["[", "[a", "[a]", "[a](", "**a", "_a", "*a", "`a", "](x)"]))
def test_runs_of_brackets_and_emphasis_marks_parse_in_linear_time(unit: str) -> None:
    ok, ratio = grows_linearly(lambda n: "Text " + unit * n + " end.\n")
    assert ok, f"8x the run of {unit!r} took {ratio:.0f}x the time"


def _headings(markdown: str) -> list[str]:
    _, blocks, _ = text_to_blocks("Intro line one.\n\n" + markdown + "\n\nText.\n", markdown=True)
    return [b.text for b in blocks if b.kind == "heading"]


def test_headings_lose_only_a_closing_run_of_hashes() -> None:
    assert _headings("## Section ##") == ["Section"]
    assert _headings("## Section ###   ") == ["Section"]
    assert _headings("## C# and F#") == ["C# and F#"]
    assert _headings("## Section#") == ["Section#"]  # no space before it: part of the text (CommonMark)
    assert _headings("## #") == [""]
    assert _headings("#hashtag") == []


def test_a_link_label_still_becomes_a_link_after_a_stray_bracket() -> None:
    _, blocks, _ = text_to_blocks("Intro.\n\nA [stray and [the page](https://example.org/x) here.\n",
                                  markdown=True)
    (paragraph,) = [b for b in blocks if "stray" in b.text]
    assert paragraph.text == "A [stray and the page here."
    assert [(paragraph.text[s.start:s.end], s.href) for s in paragraph.spans] == [
        ("the page", "https://example.org/x")]


def _not_base64(html: str) -> bytes:
    """HTML sent as a base64 part unencoded, padded so that what the decoder keeps of it
    cannot be base64 at any padding: the email parser then hands back the text itself."""
    for extra in range(4):
        data = (html + "x" * extra).encode()
        if not any(_decodes(data + padding) for padding in (b"", b"==")):
            return data
    raise AssertionError("no padding makes it undecodable")


def _decodes(data: bytes) -> bool:
    try:
        base64.b64decode(data, validate=False)
    except binascii.Error:
        return False
    return True


def test_an_html_part_declared_base64_that_is_not_is_refused(tmp_path: Path, project: Path) -> None:
    data = archive([("text/html", "8bit", _not_base64(page(STORY, title="Raw")), "")])
    data = data.replace(b"Content-Transfer-Encoding: 8bit", b"Content-Transfer-Encoding: base64")
    refused_import(project, write(tmp_path, data, "raw.mhtml"), "base64 encoding is damaged")


def test_the_next_html_part_is_the_page_when_the_first_is_damaged_base64(tmp_path: Path, project: Path) -> None:
    damaged = ("text/html", "8bit", _not_base64(page("<p>Damaged part, never shown.</p>" * 6)), "")
    good = ("text/html", "quoted-printable", page(STORY, title="Good").encode(), "")
    data = archive([damaged, good]).replace(b"Content-Transfer-Encoding: 8bit",
                                           b"Content-Transfer-Encoding: base64", 1)
    text = imported_text(project, write(tmp_path, data, "second.mhtml"))
    assert SENTENCE.format(n=3) in text
    assert "Damaged part" not in text and "<p>" not in text


def test_a_tag_with_tens_of_thousands_of_attributes_is_refused_before_the_parse(tmp_path: Path,
                                                                                project: Path) -> None:
    crowded = "<p " + " ".join(f"a{i}=x" for i in range(40_000)) + ">Crowded.</p>"
    path = tmp_path / "crowded.html"
    path.write_text(page(STORY + crowded), encoding="utf-8")
    started = time.perf_counter()
    refused_import(project, path, "a <p> tag with more than 1,000 attributes")
    assert time.perf_counter() - started < 5  # libxml2 took 13 s on this tag alone


def test_a_tag_with_many_attributes_within_the_limit_imports(tmp_path: Path, project: Path) -> None:
    busy = '<p data-x="1" ' + " ".join(f"a{i}" for i in range(999)) + ">" + SENTENCE.format(n=99) + "</p>"
    path = tmp_path / "busy.html"
    path.write_text(page(STORY + busy), encoding="utf-8")
    assert SENTENCE.format(n=99) in imported_text(project, path)


def test_folded_multipart_headers_count_towards_the_nesting_cap(tmp_path: Path, project: Path) -> None:
    data = b'Content-Type: multipart/related; boundary="b0"\r\n\r\n' + b"".join(
        f'--b{i}\r\nContent-Type:\r\n multipart/related; boundary="b{i + 1}"\r\n\r\n'.encode() for i in range(900))
    refused_import(project, write(tmp_path, data, "folded.mhtml"), "more than 64 nested multipart sections")


def test_an_image_named_thousands_of_times_is_resolved_and_hashed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from claimmark.core.extract import blocks
    from claimmark.core.model.images import sniff_image

    image = sniff_image(png(400, 300), source="cid:photo@x")
    assert image is not None
    resolved: list[str] = []
    hashed: list[int] = []
    real_sha256 = hashlib.sha256

    def resolve(src: str) -> Image | None:
        resolved.append(src)
        return image if src in ("cid:photo@x", "https://example.com/photo.png") else None

    def sha256(data: bytes) -> object:
        hashed.append(len(data))
        return real_sha256(data)

    monkeypatch.setattr(blocks.hashlib, "sha256", sha256)
    store = blocks.ImageStore(resolve)
    keys = {store.add(src) for src in ["cid:photo@x", "https://example.com/photo.png", "missing.png"] * 5000}
    assert keys == {"img1", None}
    assert sorted(resolved) == ["cid:photo@x", "https://example.com/photo.png", "missing.png"]
    assert len(hashed) == 1 and list(store.images) == ["img1"]


def test_an_archive_naming_one_part_twenty_thousand_times_imports_with_one_image(tmp_path: Path,
                                                                                   project: Path) -> None:
    figures = '<figure><img src="cid:photo@x"><figcaption>The caption stays.</figcaption></figure>' * 20_000
    html_part = ("text/html", "quoted-printable", page(figures + STORY).encode(), "")
    image_part = ("image/png", "base64", png(1200, 900) + bytes(2_000_000), "Content-ID: <photo@x>\r\n")
    started = time.perf_counter()
    text = imported_text(project, write(tmp_path, archive([html_part, image_part]), "many.mhtml"))
    assert SENTENCE.format(n=5) in text
    assert images_of_last(project) == 1
    assert time.perf_counter() - started < 60  # was past the 120 s limit with a 9 MB part


def _scan(html: str) -> None:
    refuse_crowded_tags(Path("page.html"), html)


@settings(max_examples=8, deadline=None)
@given(unit=st.sampled_from(["<p a", '<p a="<p', "<p a=<p b", "<" , "<a " + "x " * 50 + ">", ' a="', " a='x'"]))
def test_the_attribute_scan_grows_linearly_on_any_run_of_tags(unit: str) -> None:
    ok, ratio = grows_linearly(lambda n: "<html><body>" + unit * (n * 4), _scan)
    assert ok, f"8x the run of {unit!r} took {ratio:.0f}x the time"


@settings(max_examples=4, deadline=None)
@given(fold=st.sampled_from(["", "\r\n ", "\r\n\t", "\r\n \r\n "]))
def test_counting_nested_multipart_headers_grows_linearly(fold: str) -> None:
    def count(text: str) -> object:
        return len(_MULTIPART_HEADER.findall(text.encode()))

    ok, ratio = grows_linearly(lambda n: f"Content-Type:{fold}multipart/related; boundary=b\r\n" * n
                               + "Content-Type:" + " " * n, count)
    assert ok, f"8x the headers took {ratio:.0f}x the time"

