"""Hostile pages in the real reading view (issue 6, item 4): imported through the core,
shown in the app's window, scrolled from top to bottom. Nothing is opened or fetched,
only http(s) links reach the confirm-and-open handler, and deep or wide structures
are laid out within the column."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QTextOption

from claimmark.core.importing import import_paths
from claimmark.core.store.project import Project
from claimmark.ui.reading import MAX_NESTING
from tests.recording_server import Recorder

STORY = "".join(f"<p>Sentence {n} of a story that is long enough to be the body of an article.</p>"
                for n in range(6))
_OPENED: list[str] = []
_RECORDING = threading.Event()


def _audit(event: str, args: tuple) -> None:
    if _RECORDING.is_set() and event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
        _OPENED.append(os.fsdecode(args[0]))


sys.addaudithook(_audit)  # audit hooks cannot be removed: it records only while _RECORDING is set


def _page(body: str, title: str = "A hostile story", head: str = "") -> str:
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>{head}</head>"
            f"<body><article><h1>{title}</h1>{body}{STORY}</article></body></html>")


def _show(window, project_path: Path, page: Path) -> None:
    with Project.open(project_path, create=True) as project:
        outcomes = import_paths(project, [page])
    assert [o.status for o in outcomes] == ["imported"], outcomes[0].message
    assert window.open_project(project_path)


def _scroll_through(window, qtbot, stops: int = 40) -> None:
    """Scroll from top to bottom, painting every page (at most `stops` places)."""
    bar = window.reader.verticalScrollBar()
    step = max(bar.pageStep(), bar.maximum() // stops, 1)
    for value in [*range(0, bar.maximum(), step), bar.maximum()]:
        bar.setValue(value)
        window.reader.viewport().repaint()
    qtbot.wait(50)


def test_local_and_remote_references_are_never_opened_nor_fetched(window, qtbot, tmp_path: Path,
                                                                  server: str) -> None:
    folder = tmp_path / "saved"
    (folder / "page_files").mkdir(parents=True)
    os.mkfifo(folder / "page_files" / "pipe.png")
    (tmp_path / "secret.png").write_bytes(b"not for the page")
    local = ["file:///dev/zero", "/dev/zero", "/etc/passwd", "file:///etc/passwd", "page_files/pipe.png",
             "file://host/share/x.png", "//host/share/y.png", "../secret.png", "/dev/urandom"]
    images = "".join(f'<figure><img src="{src}"><figcaption>Figure {n}.</figcaption></figure>'
                     for n, src in enumerate(local))
    remote = (f'<img src="{server}/photo.jpg" srcset="{server}/2x.jpg 2x">'
              f'<div style="background:url({server}/bg.png)">styled</div>'
              f'<p style="background-image:url({server}/p.png)">A styled paragraph of the story here.</p>'
              f'<table background="{server}/table.png"><tr><td>cell</td></tr></table>')
    head = (f'<style>@import url("{server}/import.css"); body {{ background: url({server}/body.png) }}</style>'
            f'<link rel="stylesheet" href="{server}/style.css">')
    page = folder / "page.html"
    page.write_text(_page(images + remote, head=head))
    _show(window, tmp_path / "p.claimmark", page)
    _OPENED.clear()
    _RECORDING.set()
    try:
        window.reader.show_document(window.document_id, window.project.reading_document(1), {},
                                    lambda key: window.project.image(1, key))
        _scroll_through(window, qtbot)
        open(tmp_path / "secret.png", "rb").close()  # the hook does see opens
    finally:
        _RECORDING.clear()
    assert _OPENED[-1].endswith("secret.png")
    _OPENED.pop()
    touched = [p for p in _OPENED if any(s in p for s in ("/dev/", "/etc/passwd", "pipe.png", "secret.png",
                                                          "share"))]
    assert touched == []
    assert "Figure 3." in window.reader.toPlainText() and "A styled paragraph" in window.reader.toPlainText()
    assert Recorder.requests == []


@pytest.mark.parametrize("href", [
    "file:///etc/passwd", "javascript:alert(1)", "ms-msdt:/id PCWDiagnostic", "smb://host/share",
    "page2.html", "../up.html", "mailto:x@example.org", "data:text/html,<script>alert(1)</script>",
    "http://example.org/a", "https://example.org/b",
])
def test_only_web_links_reach_the_confirm_handler(window, qtbot, tmp_path: Path, monkeypatch, href: str) -> None:
    page = tmp_path / "links.html"
    page.write_text(_page(f'<p>Read <a href="{href}">the other article</a> for more of this story.</p>'))
    _show(window, tmp_path / "p.claimmark", page)
    view = window.reader
    before = view.toPlainText()
    anchors = []
    block = view.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isAnchor():
                anchors.append(fmt.anchorHref())
            it += 1
        block = block.next()
    web = href.startswith(("http:", "https:"))
    assert anchors == ([href] if web else [])
    asked: list[str] = []
    opened: list[str] = []
    view.confirm_link = lambda url: asked.append(url) or True
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toString())))
    view.anchorClicked.emit(QUrl(href))  # as if clicked, even where the page held no link
    assert asked == opened == ([href] if web else [])
    assert view.toPlainText() == before and view.source().isEmpty()


@pytest.mark.parametrize("case", ["nested-tables-16", "nested-tables-30", "word-5mb", "lists-10000",
                                  "divs-40000"])
def test_deep_and_wide_pages_are_laid_out_within_the_column(window, qtbot, tmp_path: Path, case: str) -> None:
    if case.startswith("nested-tables"):
        depth = int(case.rsplit("-", 1)[1])
        body = "<table><tr><td>" * depth + "the innermost cell of the tables" + "</td></tr></table>" * depth
    elif case == "word-5mb":
        body = "<p>" + "w" * (5 * 2**20) + "</p>"
    elif case == "lists-10000":
        body = "<ul><li>item " * 10000 + "the deepest item" + "</li></ul>" * 10000
    else:
        body = "<div>" * 40000 + "<p>the deepest paragraph of this story</p>" + "</div>" * 40000
    page = tmp_path / f"{case}.html"
    page.write_text(_page(body))
    _show(window, tmp_path / "p.claimmark", page)
    view = window.reader
    _scroll_through(window, qtbot)
    text = view.toPlainText()
    assert "Sentence 5 of a story" in text
    expected = {"word-5mb": "w" * 1000, "lists-10000": "the deepest item", "divs-40000": "the deepest paragraph"}
    assert expected.get(case, "the innermost cell") in text
    width = view.lineWrapColumnOrWidth()
    assert view.document().idealWidth() <= width + 1  # nothing wider than the column
    assert view.document().rootFrame().childFrames() == []  # tables flattened: no Qt table frames
    block = view.document().begin()
    while block.isValid():
        if block.textList() is not None:
            assert block.textList().format().indent() <= MAX_NESTING
        block = block.next()
    # a 5 MB word makes lines break anywhere (Qt's word-boundary search is quadratic);
    # the next ordinary document breaks at word boundaries again
    wrap = QTextOption.WrapMode
    assert view.wordWrapMode() == (wrap.WrapAnywhere if case == "word-5mb" else wrap.WrapAtWordBoundaryOrAnywhere)
    other = tmp_path / "plain.html"
    other.write_text("<html><head><title>Plain</title></head><body><article><h1>Plain</h1>" + "".join(
        f"<p>An ordinary paragraph {n}, of another story that is long enough to be an article.</p>"
        for n in range(6)) + "</article></body></html>")
    outcomes = import_paths(window.project, [other])
    assert [o.status for o in outcomes] == ["imported"], outcomes[0].message
    window.show_document(outcomes[0].document_id)
    assert view.wordWrapMode() == wrap.WrapAtWordBoundaryOrAnywhere and "An ordinary paragraph" in view.toPlainText()


def test_a_project_with_someone_elses_journal_gets_a_dialog_and_stays_untouched(window, tmp_path: Path,
                                                                                 corpus_project: Path) -> None:
    import hashlib
    import signal
    import subprocess

    code = ("import os, signal, sqlite3, sys\n"
            "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "conn.execute('PRAGMA cache_size = 2')\n"
            "conn.execute('BEGIN IMMEDIATE')\n"
            "conn.execute('UPDATE documents SET original = zeroblob(400000)')\n"
            f"os.kill(os.getpid(), {int(signal.SIGKILL)})\n")
    subprocess.run([sys.executable, "-c", code, str(corpus_project)], check=False, timeout=60)
    journal = Path(f"{corpus_project}-journal")
    before = [hashlib.sha256(p.read_bytes()).hexdigest() for p in (corpus_project, journal)]
    assert not window.open_project(corpus_project)
    dialog = window.last_dialog
    assert dialog.isVisible() and "'-journal' file lies beside the project" in dialog.text()
    assert "claimmark recover" in dialog.text()
    dialog.close()
    assert [hashlib.sha256(p.read_bytes()).hexdigest() for p in (corpus_project, journal)] == before
