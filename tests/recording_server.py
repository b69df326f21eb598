"""A recording HTTP server on 127.0.0.1: every request that reaches it is listed, so a
test can show that nothing was fetched. The `server` fixture (tests/conftest.py) runs it."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler
from typing import ClassVar


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
