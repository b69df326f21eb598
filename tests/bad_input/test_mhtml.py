"""MHTML archives broken in their own ways: bad or missing boundaries, damaged
base64, missing parts, no HTML part, deep nesting, archives that unpack too large."""

from __future__ import annotations

import base64
import json
import quopri
from pathlib import Path

import pytest

from claimmark.core.model import limits as limits_module
from tests.bad_input.conftest import SENTENCE, STORY, cli, imported_text, page, png, refused_import

PAGE = page('<figure><img src="cid:photo@x"><figcaption>The caption stays.</figcaption></figure>'
            + STORY, title="Archived story")


def archive(parts: list[tuple[str, str, bytes, str]], boundary: str = "B", declared: str | None = None,
            head: str = "") -> bytes:
    """An MHTML file: (content type, transfer encoding, payload, extra headers) per part."""
    declared = boundary if declared is None else declared
    out = [f'From: <Saved by Blink>\r\nSnapshot-Content-Location: https://example.com/story\r\n{head}'
           f'MIME-Version: 1.0\r\nContent-Type: multipart/related; type="text/html"; boundary="{declared}"'
           "\r\n\r\n".encode()]
    for ctype, encoding, payload, extra in parts:
        if encoding == "base64":
            payload = base64.encodebytes(payload)
        elif encoding == "quoted-printable":
            payload = quopri.encodestring(payload)
        out.append(f"--{boundary}\r\nContent-Type: {ctype}\r\nContent-Transfer-Encoding: {encoding}\r\n"
                   f"{extra}\r\n".encode() + payload + b"\r\n")
    out.append(f"--{boundary}--\r\n".encode())
    return b"".join(out)


HTML_PART = ("text/html", "quoted-printable", PAGE.encode(), "Content-Location: https://example.com/story\r\n")
IMAGE_PART = ("image/png", "base64", png(400, 300), "Content-ID: <photo@x>\r\n")


def write(tmp_path: Path, data: bytes, name: str = "page.mhtml") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def images_of_last(project: Path) -> int:
    import sqlite3

    with sqlite3.connect(project) as conn:
        return conn.execute("SELECT count(*) FROM images WHERE document_id = (SELECT max(id) FROM documents)"
                            ).fetchone()[0]


def test_a_well_formed_archive_imports_with_its_image(tmp_path: Path, project: Path) -> None:
    text = imported_text(project, write(tmp_path, archive([HTML_PART, IMAGE_PART])))
    assert "The caption stays." in text and SENTENCE.format(n=5) in text
    assert images_of_last(project) == 1


@pytest.mark.parametrize(
    ("case", "data", "words"),
    [
        ("boundary-mismatch", archive([HTML_PART], declared="OTHER"), "the boundary is missing or does not match"),
        ("boundary-missing", archive([HTML_PART]).replace(b'; boundary="B"', b""),
         "the boundary is missing or does not match"),
        ("boundary-empty", archive([HTML_PART], declared=""), "the boundary is missing or does not match"),
        ("no-parts", archive([]), "the boundary is missing or does not match"),
        ("headers-only", b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="B"\r\n',
         "the boundary is missing or does not match"),
        ("no-html-part", archive([IMAGE_PART, ("text/css", "8bit", b"body { color: red }", "")]),
         "it holds no HTML page"),
        ("empty-html-part", archive([("text/html", "8bit", b"  \r\n ", ""), IMAGE_PART]), "it holds no HTML page"),
        ("html-part-bad-base64", archive([("text/html", "8bit", b"!!!! not base64 at all ????" * 20, ""),
                                          IMAGE_PART]).replace(b"8bit", b"base64", 1),
         "the page's base64 encoding is damaged"),
        ("html-part-binary", archive([("text/html", "base64", bytes(range(256)) * 40, "")]),
         "its HTML part is binary data"),
        ("not-mime", b"\x00\x01\x02 junk " * 200, "is a binary file"),
        ("plain-text", b"Just a note that calls itself an archive.\r\n" * 20, "no multipart/related body"),
        ("nested-too-deep", b'Content-Type: multipart/related; boundary="b0"\r\n\r\n' + b"".join(
            f'--b{i}\r\nContent-Type: multipart/related; boundary="b{i + 1}"\r\n\r\n'.encode() for i in range(3000)),
         "more than 64 nested multipart sections"),
        ("html-without-article", archive([("text/html", "8bit", b"<html><body><nav><a href='/'>Home</a></nav>"
                                          b"</body></html>", "")]), "no article text found"),
    ],
)
def test_broken_archives_are_refused_clearly(tmp_path: Path, project: Path, case: str, data: bytes,
                                             words: str) -> None:
    refused_import(project, write(tmp_path, data, f"{case}.mhtml"), words)


@pytest.mark.parametrize(
    ("case", "data"),
    [
        ("image-bad-base64", archive([HTML_PART, ("image/png", "8bit", b"@@@@ not base64 @@@@", "Content-ID: <photo@x>\r\n")
                                      ]).replace(b"8bit", b"base64")),
        ("image-truncated", archive([HTML_PART, ("image/png", "base64", png(400, 300)[:20], "Content-ID: <photo@x>\r\n")])),
        ("image-missing", archive([HTML_PART])),
        ("image-not-an-image", archive([HTML_PART, ("image/png", "8bit", b"<script>alert(1)</script>" * 10,
                                                    "Content-ID: <photo@x>\r\n")])),
        ("image-huge-header", archive([HTML_PART, ("image/png", "base64", png(20000, 20000), "Content-ID: <photo@x>\r\n")])),
        ("unknown-transfer-encoding", archive([("text/html", "8bit", PAGE.encode(), "")]).replace(b"8bit", b"x-unknown")),
        ("no-closing-boundary", archive([HTML_PART, IMAGE_PART])[: -len(b"--B--\r\n")]),
        ("cut-in-image", archive([HTML_PART, IMAGE_PART])[:-200]),
        ("unsafe-part-charset", archive([("text/html; charset=unicode_escape", "8bit", PAGE.encode(), "")])),
        ("unknown-part-charset", archive([("text/html; charset=\"x-foo\"", "8bit", PAGE.encode(), "")])),
        ("lf-line-endings", archive([HTML_PART, IMAGE_PART]).replace(b"\r\n", b"\n")),
        ("nested-alternative", archive([("multipart/alternative; boundary=\"C\"", "8bit",
                                         b"--C\r\nContent-Type: text/html\r\n\r\n" + PAGE.encode() + b"\r\n--C--", "")])),
    ],
)
def test_damaged_archives_keep_their_text_and_captions(tmp_path: Path, project: Path, case: str, data: bytes) -> None:
    text = imported_text(project, write(tmp_path, data, f"{case}.mhtml"))
    assert SENTENCE.format(n=5) in text
    assert "The caption stays." in text
    if case.startswith("image-"):
        assert images_of_last(project) == 0


def test_hostile_headers_do_not_reach_the_metadata(tmp_path: Path, project: Path) -> None:
    data = archive([HTML_PART], head="Date: Mon, 1 Jan 2024 \x1b[31m10:00\x07 +0000\r\n").replace(
        b"https://example.com/story\r\nMIME", b"javascript:alert(1)\r\nMIME")
    path = write(tmp_path, data)
    run = cli("import", project, path)
    assert run.code == 0, run.err
    doc = json.loads(cli("show", project, run.out.split("\t")[0], "--json").out)
    assert not doc["url"].startswith("javascript")
    assert "\x1b" not in json.dumps(doc, ensure_ascii=False) and "\x07" not in doc["saved_at"]


def test_an_archive_that_unpacks_beyond_the_limit_is_refused(tmp_path: Path, project: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits_module.LIMITS, "max_decompressed_bytes", 200_000)
    parts = [HTML_PART] + [("image/png", "base64", png(400, 300) + bytes(60_000), f"Content-ID: <p{n}>\r\n")
                           for n in range(5)]
    refused_import(project, write(tmp_path, archive(parts)), "the MHTML archive unpacks to more than the size limit")


def test_non_ascii_bytes_in_part_headers(tmp_path: Path, project: Path) -> None:
    """Found by bench/fuzz_import.py: the email parser returns Header objects, not str,
    for headers holding raw non-ASCII bytes."""
    data = archive([HTML_PART, ("image/png", "base64", png(400, 300),
                                "Content-ID: <photo@x>\r\nContent-Location: https://ex\xe4mple.com/\xff.png\r\n")],
                   head="Date: Mon, 1 Jan 2024 10:00 \xe9\r\n")
    text = imported_text(project, write(tmp_path, data.replace(b"https://example.com/story\r\nMIME",
                                                               "https://exämple.com/störy\r\nMIME".encode("latin-1"))))
    assert "The caption stays." in text
    assert images_of_last(project) == 1
