"""Nothing is read from outside: a page whose images, frames, stylesheets, links,
entities and base URL point at local files and devices (`/etc/passwd`, `/dev/zero`,
`/dev/urandom`, a FIFO, `../` escapes, links out of the page's folder) imports without
the process ever opening them. Python-level opens are recorded with an audit hook in
a child process; with strace installed, every openat() system call of the child is
checked too (that also covers libxml2 and SQLite)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from claimmark.core.extract.workers import POOL_SIZE
from tests import worker_hooks
from tests.bad_input.conftest import STORY, page, png

LOCAL_REFS = [
    "file:///etc/passwd", "/etc/passwd", "/dev/zero", "/dev/urandom", "file:///dev/urandom",
    "file://localhost/etc/passwd", "page_files/fifo.png", "page_files/link-outside.png",
    "page_files/link-passwd.png", "page_files/linkdir/passwd", "page_files/zero.png",
    "../secret/secret.png", "page_files/../../secret/secret.png", "%2e%2e/secret/secret.png",
    "page_files/..%2f..%2fsecret%2fsecret.png", "\\\\host\\share\\x.png", "C:\\Windows\\win.ini",
    "file:///C:/Windows/win.ini", "page_files%2f..%2f..%2fsecret%2fsecret.png",
]


def hostile_page() -> str:
    figures = "".join(
        f'<figure><img src="{ref}" srcset="{ref} 1x, {ref} 2x" data-src="{ref}">'
        f'<picture><source srcset="{ref}"></picture><figcaption>Figure {n}.</figcaption></figure>'
        for n, ref in enumerate(LOCAL_REFS))
    extras = "".join(
        f'<iframe src="{ref}"></iframe><object data="{ref}"></object><embed src="{ref}">'
        f'<video poster="{ref}" src="{ref}"></video><input type="image" src="{ref}">'
        f'<a href="{ref}">a link</a><div style="background:url(\'{ref}\')">styled</div>'
        for ref in LOCAL_REFS[:6])
    head = (
        '<base href="file:///etc/"><link rel="stylesheet" href="/etc/passwd"><link rel="import" href="/etc/passwd">'
        '<link rel="icon" href="/dev/zero"><script src="/etc/passwd"></script>'
        '<meta http-equiv="refresh" content="0; url=file:///etc/passwd">'
        "<style>@import url('/etc/passwd'); @font-face { src: url(/dev/zero) }</style>"
    )
    doctype = ('<?xml version="1.0"?><?xml-stylesheet href="/etc/passwd"?>'
               '<!DOCTYPE html SYSTEM "file:///etc/passwd" [<!ENTITY xxe SYSTEM "file:///etc/hostname">'
               '<!ENTITY % pe SYSTEM "file:///etc/passwd"> %pe;]>')
    return doctype + page(figures + "<p>&xxe;</p>" + extras + STORY, title="Local references", head=head).replace(
        "<!DOCTYPE html>", "")


def hostile_mhtml() -> bytes:
    html = hostile_page().replace('src="page_files/fifo.png"', 'src="cid:x"')
    return ("From: <Saved by Blink>\r\nSnapshot-Content-Location: file:///etc/\r\nMIME-Version: 1.0\r\n"
            'Content-Type: multipart/related; type="text/html"; boundary="B"\r\n\r\n'
            "--B\r\nContent-Type: text/html\r\nContent-Location: file:///etc/index.html\r\n\r\n" + html
            + "\r\n--B\r\nContent-Type: image/png\r\nContent-Location: file:///etc/passwd\r\n"
            "Content-Transfer-Encoding: 8bit\r\n\r\nnot an image\r\n--B--\r\n").encode()


@pytest.fixture
def trap(tmp_path: Path) -> dict[str, Path]:
    """A saved page, an MHTML archive, and the local things they point at."""
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "secret.png").write_bytes(png(300, 300))
    saved = tmp_path / "saved"
    files = saved / "page_files"
    files.mkdir(parents=True)
    os.mkfifo(files / "fifo.png")
    (files / "link-outside.png").symlink_to(secret / "secret.png")
    (files / "link-passwd.png").symlink_to("/etc/passwd")
    (files / "linkdir").symlink_to("/etc")
    (files / "zero.png").symlink_to("/dev/zero")
    (saved / "page.html").write_text(hostile_page())
    (saved / "archive.mhtml").write_bytes(hostile_mhtml())
    benign = tmp_path / "benign"
    benign.mkdir()
    (benign / "page.html").write_text(page())
    return {"secret": secret / "secret.png", "fifo": files / "fifo.png", "page": saved / "page.html",
            "mhtml": saved / "archive.mhtml", "benign": benign / "page.html", "root": tmp_path}


AUDITED_RUN = textwrap.dedent(
    """
    import json, os, sys
    opened = []

    def hook(event, args):
        if event == "open" and args and args[0] is not None and not isinstance(args[0], int):
            opened.append(os.fsdecode(args[0]))
        elif event in ("os.listdir", "os.scandir") and args and isinstance(args[0], (str, bytes)):
            opened.append(os.fsdecode(args[0]))

    sys.addaudithook(hook)
    from claimmark.cli import main
    from claimmark.core.extract import workers
    from tests import worker_hooks
    if __name__ == "__main__":
        workers.use_initializer("tests.worker_hooks:record")  # the same recorder in the extraction workers
        codes = [main(argv) for argv in json.loads(sys.argv[1])]
        workers.close()
        opened += worker_hooks.recorded(os.environ[worker_hooks.LOG])
        print(json.dumps({"codes": codes, "opened": opened}))
    """
)


def commands(trap: dict[str, Path], key: str) -> list[list[str]]:
    project = str(trap["root"] / f"{key}.claimmark")
    return [["import", "-q", project, str(trap[key])], ["extract", "--json", str(trap[key])],
            ["show", project, "1", "--json"]]


FORBIDDEN = ("/etc/passwd", "/etc/hostname", "/etc/win.ini", "/dev/zero", "secret.png", "fifo.png", "linkdir",
             "link-passwd.png", "link-outside.png", "zero.png")


def forbidden_in(paths: list[str]) -> list[str]:
    return [p for p in paths if any(p == f or p.endswith("/" + f) or p.endswith(f) for f in FORBIDDEN)
            or p.rstrip("/") == "/etc"]


@pytest.mark.parametrize("key", ["page", "mhtml"])
def test_local_references_are_never_opened(trap: dict[str, Path], key: str) -> None:
    # Python-level opens, recorded by an audit hook
    environment = {**os.environ, worker_hooks.LOG: str(trap["root"] / "worker-opens.jsonl")}
    result = subprocess.run([sys.executable, "-c", AUDITED_RUN, json.dumps(commands(trap, key))],
                            capture_output=True, text=True, timeout=120, env=environment)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["codes"] == [0, 0, 0]
    assert str(trap[key]) in report["opened"]  # the hooks do see opens (the page is read in a worker)
    assert forbidden_in(report["opened"]) == []
    shown = subprocess.run([sys.executable, "-m", "claimmark", "show", str(trap["root"] / f"{key}.claimmark"), "1"],
                           capture_output=True, text=True, timeout=60)
    assert "root:" not in shown.stdout and "Figure 0." in shown.stdout and "Figure 18." in shown.stdout

    # every openat() of the child process, when strace is there to see them
    strace = shutil.which("strace")
    if strace is None:
        return
    traces = {}
    for name in ("benign", key):
        log = trap["root"] / f"strace-{name}.txt"
        project = trap["root"] / f"strace-{name}.claimmark"
        run = subprocess.run([strace, "-f", "-qq", "-e", "trace=open,openat,openat2,execve,connect", "-o", str(log),
                              sys.executable, "-m", "claimmark", "import", "-q", str(project), str(trap[name])],
                             capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr[-3000:]
        calls = log.read_text().splitlines()
        traces[name] = calls
    opened = [m.group(1) for line in traces[key] for m in [re.search(r'open(?:at2?)?\([^"]*"([^"]*)"', line)] if m]
    assert str(trap[key]) in opened
    assert forbidden_in(opened) == []
    # SQLite itself seeds its random numbers from /dev/urandom: no more often than for a plain page
    count = lambda calls: sum('"/dev/urandom"' in c for c in calls)  # noqa: E731
    assert count(traces[key]) == count(traces["benign"])
    # the interpreter itself and its extraction workers (the same interpreter), nothing else started
    started = [c for c in traces[key] if "execve(" in c]
    assert 2 <= len(started) <= 1 + POOL_SIZE
    assert all(f'execve("{sys.executable}"' in c for c in started), started
    assert not any("connect(" in c and "AF_INET" in c for c in traces[key])
