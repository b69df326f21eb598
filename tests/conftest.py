"""Test setup: Qt runs offscreen, and every test gets real files in tmp_path."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.recording_server import Recorder

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CLAIMMARK_AUTHOR", "Test Author")

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = FIXTURES / "corpus" / "presstv-us-cybersecurity"


@pytest.fixture(autouse=True)
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Preferences (the author id among them) and data (the record of open projects) go
    to private folders, never the user's; child processes inherit them."""
    folder = tmp_path / "config"
    monkeypatch.setenv("CLAIMMARK_CONFIG_DIR", str(folder))
    data = tmp_path / "data"
    data.mkdir()  # made now, so that tests comparing tmp_path before and after see it both times
    monkeypatch.setenv("CLAIMMARK_DATA_DIR", str(data))
    return folder


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A private copy of the corpus article in all four forms."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    return tmp_path / "test.claimmark"


@pytest.fixture
def server() -> Iterator[str]:
    """The base address of a fresh recording server on 127.0.0.1 (tests/recording_server.py);
    `Recorder.requests` lists what reached it."""
    Recorder.requests = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def worker_init() -> Iterator[Callable[[str], None]]:
    """`worker_init("tests.worker_hooks:NAME")`: the extraction workers started from now on
    run that hook first (see tests/worker_hooks.py); after the test, plain workers again."""
    from claimmark.core.extract import workers

    yield workers.use_initializer
    workers.use_initializer(None)
