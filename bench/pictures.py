"""Peak memory and time of showing a page of very large pictures in the app's window.

    python bench/pictures.py [COUNT] [--scale 2] [--paint-only]

The page holds COUNT (default 40) flat-colour PNGs of 6300 × 6300 pixels, just under
the 40-million-pixel cap of one image; each compresses to about 125 kB, so the page
and its pictures are about 5 MB on disk. It is imported in this process; a fresh
child process (offscreen, `--scale` sets QT_SCALE_FACTOR) opens the project in the
main window, paints it from top to bottom, narrows the window, zooms out (Ctrl+-),
widens it and zooms in (Ctrl+=), painting it all after each, and reports the rise of
its peak resident memory (ru_maxrss, VmHWM on Linux) over its peak before opening the
project, the time until the page was first shown, and the size of every picture
decoded.
docs/limits.md quotes these figures; tests/ui/reading/test_reading_view_pictures.py runs the
same child on the same page.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

SIDE = 6300

CHILD = r"""
import json, resource, sys, time

def peak_mb():  # the process's peak resident memory so far (VmHWM on Linux)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024  # bytes on macOS, kB elsewhere

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from claimmark.ui.app import create_application
from claimmark.ui.main_window import MainWindow

app = create_application([])
window = MainWindow()
window.resize(1280, 820)
window.show()
app.processEvents()
view = window.reader
before = peak_mb()
started = time.perf_counter()
assert window.open_project(sys.argv[1])
app.processEvents()
view.viewport().repaint()
shown = time.perf_counter() - started

def settle():
    deadline = time.perf_counter() + 60
    app.processEvents()
    while view._refit_timer.isActive() and time.perf_counter() < deadline:
        time.sleep(0.02)
        app.processEvents()
    app.processEvents()

def paint(through):
    bar = view.verticalScrollBar()
    stops = [*range(0, bar.maximum(), max(1, bar.pageStep())), bar.maximum()] if through else [0]
    for value in stops:
        bar.setValue(value)
        view.viewport().repaint()
    app.processEvents()

def state():
    drawn, block = {}, view.document().begin()
    while block.isValid():
        for fragment in (it.fragment() for it in block):
            if fragment.charFormat().isImageFormat():
                picture = fragment.charFormat().toImageFormat()
                drawn[picture.name().split(":", 1)[1]] = picture.width()
        block = block.next()
    decoded = {key: [image.width(), image.height()] for key, image in view.pictures.images.items()}
    return {"column": view.lineWrapColumnOrWidth(), "ratio": view.devicePixelRatioF(), "drawn": drawn,
            "decoded": decoded, "font": view.fonts.size, "text": view.toPlainText()}

states = []
for step, value in json.loads(sys.argv[2]):
    if step == "resize":
        window.resize(value, 820)
        settle()
    elif step == "zoom":  # Ctrl+= or Ctrl+-, as a person zooms
        key = Qt.Key.Key_Equal if value > 0 else Qt.Key.Key_Minus
        for _ in range(abs(value)):
            QTest.keyClick(view, key, Qt.KeyboardModifier.ControlModifier)
        settle()
    elif step == "paint":
        paint(through=value == "through")
    elif step == "state":
        states.append(state())
total = time.perf_counter() - started
print(json.dumps({"rise_mb": peak_mb() - before, "before_mb": before, "shown_seconds": shown,
                  "total_seconds": total, "states": states}))
"""

# paint it all, narrow the window, zoom out, widen it, zoom in: each re-lays the page out
STEPS = [("paint", "through"), ("state", None),
         ("resize", 900), ("paint", "through"), ("state", None),
         ("zoom", -2), ("paint", "through"), ("state", None),
         ("resize", 1280), ("paint", "through"), ("state", None),
         ("zoom", 4), ("paint", "through"), ("state", None)]


def flat_pngs(count: int, side: int = SIDE) -> list[bytes]:
    """`count` different PNGs of side × side pixels, each one flat colour but for its
    last pixel. The rows they share are compressed once (zlib's compressor is copied at
    the last row), so making 40 takes about as long as making one."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + b"\x4a\x7d\xa8" * side
    common = zlib.compressobj(9)
    head = b"".join(common.compress(row * 100) for _ in range((side - 1) // 100))
    head += common.compress(row * ((side - 1) % 100))
    header = chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0))
    images = []
    for n in range(count):
        tail = common.copy()
        last = row[:-3] + bytes((n % 256, n // 256 % 256, 200))
        data = head + tail.compress(last) + tail.flush()
        images.append(b"\x89PNG\r\n\x1a\n" + header + chunk(b"IDAT", data) + chunk(b"IEND", b""))
    return images


def pictures_page(folder: Path, count: int = 40, side: int = SIDE) -> Path:
    """A saved page (page.html and page_files/) of `count` large figures with captions."""
    (folder / "page_files").mkdir(parents=True, exist_ok=True)
    figures = []
    for n, data in enumerate(flat_pngs(count, side)):
        (folder / "page_files" / f"picture{n}.png").write_bytes(data)
        figures.append(f'<figure><img src="page_files/picture{n}.png" alt="Picture {n}">'
                       f"<figcaption>Caption of picture {n}.</figcaption></figure>"
                       f"<p>Paragraph {n} of a report with many large pictures, long enough to read.</p>")
    path = folder / "page.html"
    path.write_text("<!DOCTYPE html><html><head><meta charset='utf-8'><title>Large pictures</title></head>"
                    "<body><article><h1>Large pictures</h1>" + "".join(figures) + "</article></body></html>",
                    encoding="utf-8")
    return path


def import_page(page: Path, project_path: Path) -> None:
    from claimmark.core.importing import import_paths
    from claimmark.core.store.project import Project

    with Project.open(project_path, create=True) as project:
        outcomes = import_paths(project, [page])
    if [o.status for o in outcomes] != ["imported"]:
        raise SystemExit(f"{page}: not imported: {outcomes[0].message}")


def show(project_path: Path, steps: list = STEPS, scale: float = 1.0, env: dict[str, str] | None = None,
         memory_mb: int | None = None, timeout: float = 900) -> dict:
    """Run the child on the project; its report, or a RuntimeError with its stderr.
    `memory_mb` caps the child's data (RLIMIT_DATA), so a regression fails instead of
    taking the machine's memory."""
    child_env = {**os.environ, **(env or {}), "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": f"{scale:g}"}

    def cap() -> None:
        if memory_mb is not None:
            resource.setrlimit(resource.RLIMIT_DATA, (memory_mb * 2**20, memory_mb * 2**20))

    run = subprocess.run([sys.executable, "-c", CHILD, str(project_path), json.dumps(steps)],
                         capture_output=True, text=True, env=child_env, timeout=timeout, preexec_fn=cap)
    if run.returncode != 0:
        raise RuntimeError(f"the child failed ({run.returncode}):\n{run.stderr[-3000:]}")
    return json.loads(run.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=40)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--paint-only", action="store_true", help="show and paint it, no resizing or zooming")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="claimmark-bench-") as folder:
        tmp = Path(folder)
        page = pictures_page(tmp / "saved", args.count)
        size = sum(p.stat().st_size for p in page.parent.rglob("*") if p.is_file())
        import_page(page, tmp / "p.claimmark")
        env = {"CLAIMMARK_CONFIG_DIR": str(tmp / "config"), "CLAIMMARK_DATA_DIR": str(tmp / "data")}
        report = show(tmp / "p.claimmark", STEPS[:2] if args.paint_only else STEPS, scale=args.scale, env=env)
    print(f"{args.count} pictures of {SIDE} × {SIDE}, page {size / 2**20:.1f} MB, scale {args.scale:g}")
    print(f"shown in {report['shown_seconds']:.2f} s; all the steps {report['total_seconds']:.1f} s; "
          f"peak memory rose {report['rise_mb']:.0f} MB (from {report['before_mb']:.0f} MB)")
    for state in report["states"]:
        decoded = state["decoded"].values()
        widest = max((w for w, _h in decoded), default=0)
        pixels = sum(w * h for w, h in decoded)
        print(f"  {state['font']:g} pt, column {state['column']} px × ratio {state['ratio']:g}: "
              f"{len(state['drawn'])} pictures drawn, {len(decoded)} decoded, at most {widest} px wide, "
              f"{pixels / 1e6:.1f} million pixels in all")


if __name__ == "__main__":
    main()
