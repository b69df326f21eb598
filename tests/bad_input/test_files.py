"""Files that are not what they claim, cannot be read, or are named oddly: each gets
one clear line naming the file and the problem, exit 1, and the project unchanged;
awkward but valid pages import whole."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from claimmark.core.model import limits as limits_module
from tests.bad_input.conftest import (
    SENTENCE,
    STORY,
    assert_one_clear_line,
    cli,
    imported_text,
    page,
    png,
    refused_import,
    unchanged,
)


# -- empty, binary, mislabelled -------------------------------------------------
@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("empty.html", b"", "the file is empty"),
        ("blank.txt", b" \n\t\r\n  ", "the file is empty"),
        ("blank.md", b"\n\n\n", "the file is empty"),
        ("bom-only.html", b"\xef\xbb\xbf  \n", "the file is empty"),
        ("utf16-bom-only.html", b"\xff\xfe" + " \n ".encode("utf-16-le"), "the file is empty"),
        ("empty.mhtml", b"", "the file is empty"),
        ("photo.html", png(640, 480), "is a binary file, not a saved page"),
        ("archive.md", b"PK\x03\x04" + bytes(range(256)) * 8, "is a binary file, not a saved page"),
        ("scan.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 8, "is a binary file, not a saved page"),
        ("program.htm", b"\x7fELF\x02\x01\x01" + bytes(64), "is a binary file, not a saved page"),
        ("project.html", b"SQLite format 3\x00" + bytes(4080), "is a binary file, not a saved page"),
        ("paper.pdf", b"%PDF-1.7\n", "unsupported file type '.pdf'"),
        ("README", b"plain words", "unsupported file type '(none)'"),
    ],
)
def test_empty_binary_and_unsupported_files_are_refused(
    tmp_path: Path, project: Path, name: str, data: bytes, words: str
) -> None:
    bad = tmp_path / name
    bad.write_bytes(data)
    refused_import(project, bad, words)


def test_a_megabyte_of_random_bytes_named_html_is_refused(tmp_path: Path, project: Path) -> None:
    bad = tmp_path / "noise.html"
    bad.write_bytes(os.urandom(1_000_000))
    refused_import(project, bad, "is a binary file, not a saved page")


def test_a_binary_blob_behind_a_text_preamble_is_refused(tmp_path: Path, project: Path) -> None:
    bad = tmp_path / "preamble.html"
    bad.write_bytes(page().encode() * 40 + os.urandom(300_000))
    refused_import(project, bad, "is a binary file, not a saved page")


def test_a_page_with_a_few_nul_bytes_is_not_called_binary(tmp_path: Path, project: Path) -> None:
    good = tmp_path / "nul.html"
    good.write_bytes(page().replace("Sentence 2", "Sentence\x002").encode())
    text = imported_text(project, good)
    assert "Sentence\ufffd2 of a story" in text and "\x00" not in text


@pytest.mark.parametrize(
    ("name", "data", "fmt"),
    [
        # a page saved as MHTML but named .html
        ("archive.html", ("MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"B\"\r\n\r\n"
                          f"--B\r\nContent-Type: text/html\r\n\r\n{page()}\r\n--B--\r\n").encode(), "mhtml"),
        # a plain HTML page named .mhtml
        ("page.mhtml", page().encode(), "html"),
        # HTML saved as .txt (a browser's "save as text" gone wrong)
        ("page.txt", ("\n  <!-- saved -->\n" + page()).encode(), "html"),
    ],
)
def test_mislabelled_pages_are_read_as_what_they_are(
    tmp_path: Path, project: Path, name: str, data: bytes, fmt: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    text = imported_text(project, path)
    assert SENTENCE.format(n=5) in text
    assert "Content-Type" not in text and "<p>" not in text
    listed = json.loads(cli("list", project, "--json").out)
    assert listed[-1]["source_format"] == fmt


def test_plain_text_named_mhtml_is_refused(tmp_path: Path, project: Path) -> None:
    bad = tmp_path / "notes.mhtml"
    bad.write_text("Just some plain text in a file that says it is an archive.\n" * 5)
    refused_import(project, bad, "broken MHTML archive")


# -- truncated and enormous -----------------------------------------------------------
def test_a_truncated_page_keeps_the_text_before_the_cut(tmp_path: Path, project: Path) -> None:
    last = "The last paragraph has a good many words in it and is cut off in the middle: Привет, мир."
    data = page(STORY + f"<p>{last}</p>").encode()
    cut = data.index("мир".encode()) + 1  # in the middle of a two-byte character, tags left open
    path = tmp_path / "cut.html"
    path.write_bytes(data[:cut])
    text = imported_text(project, path)
    assert SENTENCE.format(n=5) in text
    assert text.endswith("cut off in the middle: Привет, \ufffd")


def test_a_truncated_mhtml_keeps_the_text_before_the_cut(tmp_path: Path, project: Path) -> None:
    body = page(STORY * 2)
    data = (f"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"B\"\r\n\r\n"
            f"--B\r\nContent-Type: text/html\r\n\r\n{body}\r\n--B\r\nContent-Type: image/png\r\n"
            "Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgoAAAANSUhEUgAA").encode()
    path = tmp_path / "cut.mhtml"
    path.write_bytes(data)
    assert SENTENCE.format(n=5) in imported_text(project, path)


@pytest.mark.parametrize("name", ["huge.html", "huge.mhtml", "huge.txt"])
def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path, project: Path, name: str) -> None:
    bad = tmp_path / name
    with open(bad, "wb") as handle:
        handle.write(page().encode())
        handle.truncate(70 * 2**20)  # sparse: 70 MB that cost nothing
    line = refused_import(project, bad, "the file is too large (70 MB; the limit is 64 MB)")
    assert line.endswith("the file is too large (70 MB; the limit is 64 MB)")


def test_the_size_limit_is_configurable(tmp_path: Path, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits_module.LIMITS, "max_file_bytes", 100)
    bad = tmp_path / "story.html"
    bad.write_text(page())
    refused_import(project, bad, "the file is too large (", "the limit is 100 bytes)")


# -- unreadable ---------------------------------------------------------------
def test_a_fifo_is_refused_without_blocking(tmp_path: Path, project: Path) -> None:
    bad = tmp_path / "pipe.html"
    os.mkfifo(bad)
    refused_import(project, bad, "is not a regular file")


def test_a_dangling_link_is_refused(tmp_path: Path, project: Path) -> None:
    bad = tmp_path / "gone.html"
    bad.symlink_to(tmp_path / "nowhere.html")
    refused_import(project, bad, "cannot read", "No such file or directory")


def test_a_link_loop_given_by_name_is_refused(tmp_path: Path, project: Path) -> None:
    bad = tmp_path / "loop.html"
    bad.symlink_to(bad)
    refused_import(project, bad, "cannot read", "Too many levels of symbolic links")


def test_a_missing_file_is_refused(tmp_path: Path, project: Path) -> None:
    refused_import(project, tmp_path / "missing.html", "cannot read", "No such file or directory")


def test_a_device_is_refused(project: Path) -> None:
    with unchanged(project):
        run = cli("import", project, "/dev/zero")
    assert run.code == 1
    assert_one_clear_line(run, "/dev/zero", "unsupported file type")


def test_a_device_named_like_a_page_is_refused(tmp_path: Path, project: Path) -> None:
    bad = tmp_path / "zero.html"
    bad.symlink_to("/dev/zero")
    refused_import(project, bad, "is not a regular file")


def test_a_folder_named_like_a_page_is_reported(tmp_path: Path, project: Path) -> None:
    bad = tmp_path / "x.html"
    bad.mkdir()
    refused_import(project, bad, "the folder holds no saved pages")


def test_a_folder_of_only_unsupported_files_is_reported(tmp_path: Path, project: Path) -> None:
    folder = tmp_path / "downloads"
    folder.mkdir()
    (folder / "photo.png").write_bytes(png(100, 100))
    (folder / "paper.pdf").write_bytes(b"%PDF-1.7\n")
    refused_import(project, folder, "the folder holds no saved pages")


# -- folders with link loops and hostile entries ------------------------------------
def test_a_folder_with_link_loops_imports_its_pages_and_terminates(tmp_path: Path, project: Path) -> None:
    folder = tmp_path / "saved"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.html").write_text(page(title="First story"))
    (folder / "sub" / "b.html").write_text(page(STORY.replace("Sentence", "Phrase"), title="Second story"))
    (folder / "sub" / "up").symlink_to(folder)  # a loop back to the top
    (folder / "sub" / "self").symlink_to(folder / "sub" / "self")  # a link to itself
    (folder / "loop.html").symlink_to(folder / "loop.html")
    (folder / "outside.html").symlink_to(tmp_path / "elsewhere.html")
    (tmp_path / "elsewhere.html").write_text(page(STORY.replace("Sentence", "Outside"), title="Outside"))
    run = cli("import", project, folder)
    assert run.code == 0, run.err
    titles = sorted(line.split("\t")[1] for line in run.out.splitlines())
    assert titles == ["First story", "Second story"]  # links are not followed, loops not entered
    assert cli("check", project).code == 0


def test_a_fifo_and_a_device_link_inside_a_folder_are_skipped(tmp_path: Path, project: Path) -> None:
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "story.html").write_text(page())
    os.mkfifo(folder / "pipe.html")
    (folder / "zero.html").symlink_to("/dev/zero")
    run = cli("import", project, folder)
    assert run.out.count("\n") == 1 and "A story" in run.out
    assert run.code == 1
    assert_one_clear_line(run, folder / "pipe.html", "is not a regular file")


# -- unusual names ------------------------------------------------------------
NAMES = ["my saved page.html", "issue #12?.html", "100% true.html", "статья über café.html",
         "記事.htm", "new\nline.html", "tab\there.html", "-starts-with-dash.html", "'quote\" & <tag>.html"]


@pytest.mark.parametrize("name", NAMES)
def test_pages_with_unusual_names_import_with_their_images(tmp_path: Path, project: Path, name: str) -> None:
    folder = tmp_path / "saved"
    stem = name.rsplit(".", 1)[0]
    (folder / f"{stem}_files").mkdir(parents=True)
    (folder / f"{stem}_files" / "photo one.png").write_bytes(png(300, 200))
    from urllib.parse import quote

    src = quote(f"{stem}_files/photo one.png")
    path = folder / name
    path.write_text(page(f'<figure><img src="{src}"><figcaption>The photo.</figcaption></figure>{STORY}'))
    run = cli("import", project, path)
    assert run.code == 0, run.err
    doc = json.loads(cli("show", project, run.out.split("\t")[0], "--json").out)
    assert doc["source_name"] == " ".join(name.split())
    import sqlite3

    with sqlite3.connect(project) as conn:
        assert conn.execute("SELECT count(*) FROM images WHERE document_id = ?", [doc["id"]]).fetchone()[0] == 1


def test_a_name_with_undecodable_bytes_imports_and_prints_cleanly(tmp_path: Path, project: Path) -> None:
    folder = os.fsencode(tmp_path / "saved")
    os.mkdir(folder)
    with open(os.path.join(folder, b"caf\xe9 \x1b[31mred.html"), "w") as handle:
        handle.write(page(title=""))
    (tmp_path / "saved" / "bad\x01name.html").write_bytes(png(10, 10))
    run = cli("import", project, tmp_path / "saved")
    assert run.code == 1
    assert "\x1b" not in run.out + run.err and "\x01" not in run.err
    assert run.out.split("\t")[1] == "caf\ufffd \ufffd[31mred\n"  # the file name as title, made safe
    assert_one_clear_line(run, tmp_path / "saved" / "bad\x01name.html", "is a binary file")
    assert "bad\\x01name.html" in run.err


def test_a_failing_file_with_a_newline_in_its_name_is_still_one_line(tmp_path: Path, project: Path) -> None:
    bad = tmp_path / "two\nlines.html"
    bad.write_bytes(b"")
    line = refused_import(project, bad, "the file is empty")
    assert "two\\nlines.html" in line


def test_a_bad_file_among_good_ones_fails_alone(tmp_path: Path, project: Path) -> None:
    bad = tmp_path / "photo.html"
    bad.write_bytes(png(100, 100))
    good = tmp_path / "story.html"
    good.write_text(page())
    run = cli("import", project, bad, good)
    assert run.code == 1
    assert run.out.startswith("2\tA story")
    assert_one_clear_line(run, bad, "is a binary file")


def test_no_project_is_left_behind_when_nothing_came_in(tmp_path: Path) -> None:
    bad = tmp_path / "empty.html"
    bad.write_bytes(b"")
    target = tmp_path / "new.claimmark"
    run = cli("import", target, bad)
    assert run.code == 1
    assert_one_clear_line(run, bad, "the file is empty")
    assert not target.exists() and [p for p in tmp_path.iterdir() if p.name != "data"] == [bad]


def test_extract_reports_bad_files_the_same_way(tmp_path: Path) -> None:
    bad = tmp_path / "photo.html"
    bad.write_bytes(png(100, 100))
    good = tmp_path / "story.html"
    good.write_text(page())
    run = cli("extract", bad, good)
    assert run.code == 1
    assert SENTENCE.format(n=0) in run.out
    assert_one_clear_line(run, bad, "is a binary file")


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    run = cli("import", tmp_path / "p.claimmark")
    assert run.code == 2 and "usage:" in run.err and "Traceback" not in run.err
    assert not (tmp_path / "p.claimmark").exists()
    shutil.rmtree(tmp_path, ignore_errors=True)


# -- moved from tests/test_bad_input.py ------------------------------------------------------
def test_an_eight_megabyte_page_imports_whole(tmp_path: Path) -> None:
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
    text = imported_text(project, path)
    assert "The FIRST paragraph of the long report starts the story here." in text
    assert "The LAST paragraph of the long report ends the story here." in text
    assert "Paragraph 89999 of a very long report" in text


def test_the_cli_never_prints_a_traceback(tmp_path: Path) -> None:
    """The real entry point, in a child process: one line, exit 1, no project left behind."""
    import subprocess
    import sys

    bad = tmp_path / "broken.mhtml"
    bad.write_bytes(b"From: <Saved by Blink>\nContent-Type: multipart/related; boundary=\"XX\"\n\n"
                    b"--XX\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n\n!!!!\n--XX--\n")
    result = subprocess.run(
        [sys.executable, "-m", "claimmark", "import", str(tmp_path / "p.claimmark"), str(bad)],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr == f"claimmark: {bad}: broken MHTML archive: it holds no HTML page\n"
    assert not (tmp_path / "p.claimmark").exists()
