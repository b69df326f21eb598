"""Bad input gets one clear line naming the file and the problem, exit code 1, and
the project stays exactly as it was. Awkward but valid pages import whole."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from claimmark.cli import main
from claimmark.core.extract import extract_file

BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
 <!ENTITY xxe SYSTEM "file:///etc/hostname">
]>
<html><body><p>&lol9; &xxe;</p></body></html>
"""


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def project(tmp_path: Path, corpus: Path) -> Path:
    path = tmp_path / "bad.claimmark"
    assert main(["import", str(path), str(corpus / "page.mhtml")]) == 0
    return path


def make_bad(tmp_path: Path, case: str) -> tuple[Path, str]:
    """A bad input file and the words its error message must hold."""
    if case == "empty":
        path = tmp_path / "empty.html"
        path.write_bytes(b"")
        return path, "the file is empty"
    if case == "whitespace":
        path = tmp_path / "blank.txt"
        path.write_bytes(b" \n\t\n  ")
        return path, "the file is empty"
    if case == "binary":
        path = tmp_path / "photo.html"
        path.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(4000))
        return path, "binary file"
    if case == "random-binary":
        path = tmp_path / "noise.html"
        path.write_bytes(bytes(range(256)) * 4000)
        return path, "binary file"
    if case == "broken-mhtml":
        path = tmp_path / "broken.mhtml"
        path.write_bytes(b"From: <Saved by Blink>\nContent-Type: multipart/related; boundary=\"XX\"\n\n"
                         b"--XX\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n\n!!!!\n--XX--\n")
        return path, "broken MHTML archive"
    if case == "fifo":
        path = tmp_path / "pipe.html"
        os.mkfifo(path)
        return path, "not a regular file"
    if case == "dangling-link":
        path = tmp_path / "gone.html"
        path.symlink_to(tmp_path / "nowhere.html")
        return path, "cannot read"
    if case == "no-article":
        path = tmp_path / "nav.html"
        links = "".join(f'<li><a href="https://example.com/{n}">Section {n}</a></li>' for n in range(40))
        path.write_text(f"<html><body><nav><ul>{links}</ul></nav><ul>{links}</ul></body></html>")
        return path, "no article text found"
    if case == "entity-bomb":
        path = tmp_path / "bomb.html"
        path.write_text(BOMB)
        return path, "no article text found"
    if case == "unsupported":
        path = tmp_path / "paper.pdf"
        path.write_bytes(b"%PDF-1.7\n")
        return path, "unsupported file type"
    raise AssertionError(case)


CASES = ["empty", "whitespace", "binary", "random-binary", "broken-mhtml", "fifo", "dangling-link",
         "no-article", "entity-bomb", "unsupported"]


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_refused_clearly_and_the_project_is_unchanged(
    tmp_path: Path, project: Path, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    bad, words = make_bad(tmp_path, case)
    before = sha(project)
    capsys.readouterr()
    assert main(["import", str(project), str(bad)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert str(bad) in lines[0] and words in lines[0]
    assert "Traceback" not in err
    assert sha(project) == before
    assert main(["check", str(project)]) == 0


def test_a_bad_file_among_good_ones_fails_alone(tmp_path: Path, corpus: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "mixed.claimmark"
    bad, _ = make_bad(tmp_path, "binary")
    assert main(["import", str(project), str(bad), str(corpus / "page.html")]) == 1
    out, err = capsys.readouterr()
    assert out.startswith("1\t") and "photo.html" in err
    assert main(["list", str(project)]) == 0


def test_the_entity_bomb_is_neither_expanded_nor_reads_local_files(tmp_path: Path) -> None:
    path = tmp_path / "bomb2.html"
    path.write_text(BOMB.replace("<p>&lol9; &xxe;</p>", "<p>&lol9; &xxe;</p>" + "<p>Real words in a sentence here.</p>" * 30))
    text = extract_file(path).document.body_text
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else "\x00"
    assert "lollollol" not in text
    assert hostname not in text or hostname in "Real words in a sentence here."
    assert len(text) < 2000


def test_twenty_thousand_nested_divs_keep_their_text(tmp_path: Path) -> None:
    sentence = "Deep text survives in the innermost paragraph of this page, which is long enough. "
    path = tmp_path / "deep.html"
    path.write_text("<html><body>" + "<div>" * 20000 + f"<p>{sentence * 4}</p>" + "</div>" * 20000
                    + "</body></html>")
    assert sentence.strip() in extract_file(path).document.body_text


def test_an_eight_megabyte_page_imports_whole(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = "".join(
        f"<p>Paragraph {n} of a very long report says something worth reading and goes on a while.</p>\n"
        for n in range(90_000)
    )
    path = tmp_path / "big.html"
    path.write_text(
        "<html><head><title>A very long report</title></head><body><article>"
        "<p>The FIRST paragraph of the long report starts the story here.</p>"
        f"{body}<p>The LAST paragraph of the long report ends the story here.</p></article></body></html>"
    )
    assert path.stat().st_size > 8_000_000
    project = tmp_path / "big.claimmark"
    assert main(["import", str(project), str(path)]) == 0
    capsys.readouterr()
    assert main(["show", str(project), "1"]) == 0
    text = capsys.readouterr().out
    assert "The FIRST paragraph of the long report starts the story here." in text
    assert "The LAST paragraph of the long report ends the story here." in text
    assert "Paragraph 89999 of a very long report" in text


def test_damaged_and_foreign_project_files_are_refused(tmp_path: Path, corpus: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    cases = {
        "zero.claimmark": (b"", "empty"),
        "text.claimmark": (b"hello, I am not a database" * 10, "not a ClaimMark project"),
        "garbage.claimmark": (b"SQLite format 3\x00" + os.urandom(8000), "damaged"),
    }
    for name, (data, words) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        for command in (["check", str(path)], ["import", str(path), str(corpus / "page.html")],
                        ["list", str(path)]):
            assert main(command) == 1
            err = capsys.readouterr().err
            assert words in err and str(path) in err and "Traceback" not in err
        assert path.read_bytes() == data


def test_the_cli_never_prints_a_traceback(tmp_path: Path) -> None:
    bad, _ = make_bad(tmp_path, "broken-mhtml")
    result = subprocess.run(
        [sys.executable, "-m", "claimmark", "import", str(tmp_path / "p.claimmark"), str(bad)],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "broken MHTML archive" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "p.claimmark").exists()  # no project is left behind for nothing
