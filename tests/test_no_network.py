"""Nothing is fetched, ever: a page whose every resource points at a recording
server on 127.0.0.1 imports without a single request reaching it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from claimmark.cli import main
from tests import worker_hooks
from tests.recording_server import Recorder


def hostile_page(base: str) -> str:
    body = "".join(f"<p>Paragraph {n} of a story that is long enough to be the article here.</p>" for n in range(8))
    return f"""<!DOCTYPE html><html><head><title>Tracked story</title>
<link rel="stylesheet" href="{base}/style.css"><link rel="preload" href="{base}/font.woff2" as="font">
<link rel="icon" href="{base}/favicon.ico"><link rel="dns-prefetch" href="{base}/dns">
<style>@import url("{base}/import.css"); body {{ background: url({base}/bg.png) }}
@font-face {{ font-family: X; src: url({base}/font.ttf) }}</style>
<script src="{base}/script.js"></script><meta http-equiv="refresh" content="0; url={base}/refresh">
</head><body style="background-image:url({base}/body-bg.png)">
<article><h1>Tracked story</h1>
<figure><img src="{base}/photo.jpg" srcset="{base}/photo-2x.jpg 2x, {base}/photo-3x.jpg 3x">
<figcaption>A caption for a remote photo.</figcaption></figure>
<picture><source srcset="{base}/pic.webp"><img src="{base}/pic.jpg"></picture>
{body}
<iframe src="{base}/frame.html"></iframe><object data="{base}/object.swf"></object>
<embed src="{base}/embed.swf"><video src="{base}/video.mp4" poster="{base}/poster.jpg"></video>
<audio src="{base}/audio.mp3"></audio><img src="{base}/pixel.gif" width="1" height="1">
<form action="{base}/form"><input type="image" src="{base}/button.png"></form>
<a href="{base}/link">a link that must never be followed</a>
</article></body></html>"""


def test_import_makes_no_request(tmp_path: Path, server: str) -> None:
    page = tmp_path / "tracked.html"
    page.write_text(hostile_page(server))
    mhtml = tmp_path / "tracked.mhtml"
    mhtml.write_text(
        f"Snapshot-Content-Location: {server}/tracked\nContent-Type: multipart/related; boundary=\"B\"\n\n"
        f"--B\nContent-Type: text/html\nContent-Location: {server}/tracked\n\n"
        + hostile_page(server).replace("Paragraph", "Part") + "\n--B--\n"
    )
    project = tmp_path / "p.claimmark"
    assert main(["import", str(project), str(page), str(mhtml)]) == 0
    assert main(["extract", str(page), "--json"]) == 0
    assert main(["show", str(project), "1", "--json"]) == 0
    assert Recorder.requests == []


def test_the_recorder_does_record(server: str) -> None:
    """The check above is only meaningful if a real fetch would be seen."""
    from urllib.request import urlopen

    with urlopen(f"{server}/probe") as response:
        assert response.status == 200
    assert Recorder.requests == ["/probe"]


def rich_page(base: str) -> str:
    """Fonts, srcsets in every form, CSS @import chains, image-set(), SVG references and
    a remote <base>: resources a browser would fetch."""
    body = "".join(f"<p>Paragraph {n} of a story that is long enough to be the article here.</p>" for n in range(8))
    return f"""<!DOCTYPE html><html><head><title>Fonts and sources</title><base href="{base}/base/">
<link rel="preload" href="{base}/preload.woff2" as="font" crossorigin><link rel="preconnect" href="{base}">
<link rel="stylesheet" href="{base}/a.css" media="print" onload="this.media='all'">
<link rel="modulepreload" href="{base}/mod.js"><link rel="manifest" href="{base}/manifest.json">
<style>
@import "{base}/plain-import.css"; @import url('{base}/url-import.css') screen;
@font-face {{ font-family: F; src: url({base}/f.woff2) format("woff2"), local(F), url("{base}/f.ttf"); }}
.hero {{ background-image: image-set("{base}/hero.avif" type("image/avif"), url({base}/hero.jpg) 2x); }}
</style></head><body><article><h1>Fonts and sources</h1>
<img src="relative-to-base.jpg" srcset="{base}/w400.jpg 400w, {base}/w800.jpg 800w" sizes="50vw">
<img srcset="{base}/only-srcset.jpg" alt="only a srcset">
<img src="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'%3E%3Cimage href='{base}/svg-data.png'/%3E%3C/svg%3E">
<picture><source type="image/webp" srcset="{base}/p.webp 1x, {base}/p2.webp 2x"><img src="{base}/p.jpg" loading="lazy"></picture>
<svg><image href="{base}/svg.png"/><use href="{base}/sprite.svg#icon"/></svg>
<div style="background: url({base}/inline-bg.png); font-family: url({base}/inline-font.woff)">{body}</div>
<link rel="prefetch" href="{base}/next.html"><img src="{base}/lazy.gif" data-src="{base}/data-src.jpg" data-srcset="{base}/ds.jpg 2x">
</article></body></html>"""


def rich_archive(base: str) -> bytes:
    css = f"@import url({base}/css-part-import.css); @font-face {{ src: url({base}/css-part-font.woff) }}"
    return (f"From: <Saved by Blink>\r\nSnapshot-Content-Location: {base}/story\r\nMIME-Version: 1.0\r\n"
            'Content-Type: multipart/related; type="text/html"; boundary="B"\r\n\r\n'
            f"--B\r\nContent-Type: text/html\r\nContent-Location: {base}/story\r\n\r\n"
            + rich_page(base).replace("Paragraph", "Part")
            + f"\r\n--B\r\nContent-Type: text/css\r\nContent-Location: {base}/a.css\r\n\r\n{css}\r\n"
            f"--B\r\nContent-Type: image/png\r\nContent-Location: {base}/w400.jpg\r\n"
            "Content-Transfer-Encoding: base64\r\n\r\n!!!broken!!!\r\n--B--\r\n").encode()


def test_fonts_srcsets_imports_and_archives_make_no_request(tmp_path: Path, server: str,
                                                              monkeypatch: pytest.MonkeyPatch,
                                                              worker_init: Callable[[str], None]) -> None:
    """A socket-level guard in this process (storing, listing, showing) and in the
    extraction workers (an audit hook: every connect and name lookup they attempt)."""
    import socket

    attempts: list[object] = []
    real_connect = socket.socket.connect

    def recording_connect(self: socket.socket, address: object) -> None:
        attempts.append(address)
        real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", recording_connect)
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: attempts.append(a) or [])
    log = tmp_path / "worker-events.jsonl"
    monkeypatch.setenv(worker_hooks.LOG, str(log))
    worker_init("tests.worker_hooks:record")
    page = tmp_path / "rich.html"
    page.write_text(rich_page(server))
    archive = tmp_path / "rich.mhtml"
    archive.write_bytes(rich_archive(server))
    project = tmp_path / "p.claimmark"
    out_dir = tmp_path / "out"
    assert main(["import", str(project), str(page), str(archive)]) == 0
    assert main(["extract", "--json", str(page), str(archive)]) == 0
    assert main(["extract", "--json", "--out-dir", str(out_dir), str(page), str(archive)]) == 0
    assert main(["list", "--json", str(project)]) == 0
    for doc in ("1", "2"):
        assert main(["show", "--json", str(project), doc]) == 0
    assert main(["check", str(project)]) == 0
    assert Recorder.requests == []
    assert attempts == []
    assert str(page) in worker_hooks.recorded(log)  # the workers' guard was there and saw them read
    for event in ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "urllib.Request"):
        assert worker_hooks.recorded(log, event) == [], event
