"""Nothing is fetched, ever: a page whose every resource points at a recording
server on 127.0.0.1 imports without a single request reaching it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from claimmark.cli import main


class Recorder(BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        Recorder.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(b"\x89PNG\r\n\x1a\n")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    Recorder.requests = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


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
