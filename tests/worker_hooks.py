"""Code the tests install in the extraction worker processes (`workers.use_initializer`),
so that what the workers do is observed or provoked where it happens, not in the
test's own process, which no longer extracts."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claimmark.core.model.extracted import Extracted

LOG = "CLAIMMARK_TEST_WORKER_LOG"  # the file events are appended to (set by the test)


def record() -> None:
    """Append every file a worker opens or lists and every connection or name lookup it
    attempts, as JSON lines [event, argument], to the file named by $CLAIMMARK_TEST_WORKER_LOG."""
    fd = os.open(os.environ[LOG], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    def hook(event: str, args: tuple) -> None:
        opened = event == "open" and args and args[0] is not None and not isinstance(args[0], int)
        listed = event in ("os.listdir", "os.scandir") and args and isinstance(args[0], (str, bytes))
        if opened or listed:
            entry = ["open", os.fsdecode(args[0])]
        elif event in ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "urllib.Request"):
            entry = [event, repr(args[1:] if event == "socket.connect" else args)]
        else:
            return
        os.write(fd, (json.dumps(entry) + "\n").encode())

    sys.addaudithook(hook)


def recorded(path: os.PathLike[str] | str, event: str = "open") -> list[str]:
    """The arguments of the `event`s the workers logged to `path`."""
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as handle:
        return [entry[1] for entry in map(json.loads, handle) if entry[0] == event]


def slow_extractors() -> None:
    """trafilatura takes 3 s and readability-lxml 4 s on every page, each inside a broad
    ``except Exception`` as the real libraries have: a watchdog exception raised in
    them is swallowed."""
    import readability
    import trafilatura

    def stalled(seconds: float, answer: object) -> object:
        with contextlib.suppress(Exception):
            time.sleep(seconds)
        return answer

    real_summary = readability.Document.summary
    trafilatura.extract = lambda *args, **kwargs: stalled(3, None)
    readability.Document.summary = lambda self, *a, **k: stalled(4, None) or real_summary(self, *a, **k)


def crash_on_crash_files() -> None:
    """A file whose name holds "crash" kills its worker as a crash inside a parser would."""
    from claimmark.core.extract import pipeline as extract

    real = extract.extract_file

    def extract_file(path: Path) -> Extracted:
        if "crash" in path.name:
            os.kill(os.getpid(), signal.SIGSEGV)
        return real(path)

    extract.extract_file = extract_file  # extract.jobs.extract_limited imports it at each call
