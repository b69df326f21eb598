"""Peak memory and time of extracting the largest inputs ClaimMark accepts.

    python bench/memory.py           # the standard set (about a minute on 2 cores)
    python bench/memory.py --full    # also a page at the 64 MB file cap (refused early: ~1 GB)

Each case runs `extract_file` in a fresh child process, which reports its own wall
time and peak resident memory (ru_maxrss). Figures are printed as they are and as
ratios against a baseline measured in the same run: extracting an article of 1 MB of
short paragraphs, so a slower or busier machine shifts both alike.
docs/limits.md quotes these figures.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS_PAGE = ROOT / "tests" / "fixtures" / "corpus" / "presstv-us-cybersecurity" / "page.html"

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
started = time.perf_counter()
from claimmark.core.model.errors import ClaimMarkError
from claimmark.core.extract.pipeline import extract_file
imported = time.perf_counter()
try:
    extracted = extract_file(Path(sys.argv[1]))
    outcome = f"{len(extracted.document.text):,} characters"
except ClaimMarkError as exc:
    outcome = "refused: " + exc.message
done = time.perf_counter()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": done - imported, "rss_mb": peak, "outcome": outcome}))
"""


def paragraphs_page(path: Path, size: int) -> Path:
    """An article of ordinary paragraphs, about `size` bytes."""
    line = "<p>Paragraph {n} of a very long report says something worth reading and goes on a while.</p>\n"
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("<html><head><title>A very long report</title></head><body><article>\n")
        written, n = 0, 0
        while written < size:
            chunk = "".join(line.format(n=n + k) for k in range(1000))
            handle.write(chunk)
            written += len(chunk)
            n += 1000
        handle.write("</article></body></html>\n")
    return path


def nested_divs(path: Path, depth: int) -> Path:
    story = "".join(f"<p>Sentence {n} of a story that is long enough to be an article.</p>" for n in range(6))
    path.write_text("<html><body>" + "<div>" * depth + story + "</div>" * depth + "</body></html>")
    return path


def meta_line(path: Path) -> Path:
    story = "".join(f"<p>Sentence {n} of a story that is long enough to be an article.</p>" for n in range(6))
    path.write_text("<html><head>" + "<meta " * 40_000 + "</head><body>" + story + "</body></html>")
    return path


def binary(path: Path, size: int) -> Path:
    path.write_bytes(os.urandom(size))
    return path


def big_mhtml(path: Path, size: int) -> Path:
    """An MHTML archive of an article with many base64 images, about `size` bytes."""
    import base64
    import struct
    import zlib

    def png(width: int, height: int, noise: bytes) -> bytes:
        def chunk(kind: bytes, data: bytes) -> bytes:
            return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

        return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", noise) + chunk(b"IEND", b""))

    image_count = 150
    image_bytes = size // 2 // image_count
    body = "".join(f'<figure><img src="cid:img{n}"><figcaption>Figure {n}.</figcaption></figure>'
                   f"<p>Paragraph {n} of an archived report that is long enough to be read.</p>"
                   for n in range(image_count))
    text = "".join(f"<p>More words {n} of the archived report, a sentence of ordinary length.</p>"
                   for n in range(size // 2 // 80))
    with open(path, "wb") as handle:
        handle.write(b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="B"\r\n\r\n--B\r\n'
                     b"Content-Type: text/html\r\n\r\n")
        handle.write(f"<html><body><article>{body}{text}</article></body></html>\r\n".encode())
        for n in range(image_count):
            data = base64.encodebytes(png(800, 600, os.urandom(image_bytes)))
            handle.write(f"--B\r\nContent-Type: image/png\r\nContent-ID: <img{n}>\r\n"
                         "Content-Transfer-Encoding: base64\r\n\r\n".encode() + data + b"\r\n")
        handle.write(b"--B--\r\n")
    return path


def measure(path: Path) -> dict[str, float | str]:
    result = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True,
                            timeout=1800)
    if result.returncode != 0:
        return {"seconds": float("nan"), "rss_mb": float("nan"), "outcome": result.stderr.strip()[-200:]}
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    full = "--full" in sys.argv
    with tempfile.TemporaryDirectory(prefix="claimmark-bench-") as folder:
        tmp = Path(folder)
        cases = [
            ("1 MB article (baseline)", paragraphs_page(tmp / "one.html", 1_000_000)),
            ("corpus article", CORPUS_PAGE),
            ("20 MB article", paragraphs_page(tmp / "twenty.html", 20_000_000)),
            ("30 MB MHTML, 150 images", big_mhtml(tmp / "archive.mhtml", 30_000_000)),
            ("10,000 nested divs", nested_divs(tmp / "deep.html", 10_000)),
            ("240 KB line of <meta", meta_line(tmp / "metas.html")),
            ("1 MB of random bytes as .html", binary(tmp / "noise.html", 1_000_000)),
        ]
        if full:
            cases.append(("63 MB article (file cap 64 MB)", paragraphs_page(tmp / "cap.html", 63 * 2**20)))
        rows = []
        baseline: dict[str, float | str] | None = None
        for name, path in cases:
            figures = measure(path)
            if baseline is None:
                baseline = figures
            rows.append((name, path.stat().st_size, figures))
            print(f"measured {name}", file=sys.stderr, flush=True)
    assert baseline is not None
    print(f"{'case':34} {'size':>9} {'time s':>8} {'x base':>7} {'peak MB':>8} {'x base':>7}  outcome")
    for name, size, figures in rows:
        seconds, rss = float(figures["seconds"]), float(figures["rss_mb"])
        print(f"{name:34} {size / 2**20:8.1f}M {seconds:8.2f} {seconds / float(baseline['seconds']):7.1f} "
              f"{rss:8.0f} {rss / float(baseline['rss_mb']):7.1f}  {figures['outcome']}")


if __name__ == "__main__":
    main()
