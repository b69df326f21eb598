"""Time to show hostile pages in the reading view (issue 6, item 4).

    python bench/reading_view.py

Each case is extracted (not timed) and then shown in a ReadingView in a fresh child
process (offscreen), which reports the time of `show_document` plus a full layout and
a scroll to the end. Figures are printed as they are and as ratios against the same
work on the corpus article, measured in the same run. Goals from the issue: nested
tables and unresolvable images under 1 s, 10,000 nested list items and 40,000 nested
divs under 2 s, a 5 MB unbroken word under 5 s.
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
STORY = "".join(f"<p>Sentence {n} of a story that is long enough to be the body of an article.</p>"
                for n in range(6))

CHILD = r"""
import json, sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
from claimmark.core.extract.pipeline import extract_file
app = QApplication([])
from claimmark.ui.reading import ReadingView
extracted = extract_file(Path(sys.argv[1]))
view = ReadingView()
view.resize(1000, 700)
view.show()
app.processEvents()
started = time.perf_counter()
view.show_document(1, extracted.document, {}, lambda key: None)
view.document().documentLayout().documentSize()
bar = view.verticalScrollBar()
bar.setValue(bar.maximum())
view.viewport().repaint()
app.processEvents()
print(json.dumps({"seconds": time.perf_counter() - started, "blocks": len(extracted.document.blocks)}))
"""


def cases(folder: Path) -> dict[str, Path]:
    def page(name: str, body: str) -> Path:
        path = folder / f"{name}.html"
        path.write_text(f"<html><head><title>{name}</title></head><body><article><h1>{name}</h1>"
                        f"{body}{STORY}</article></body></html>")
        return path

    images = "".join(f'<figure><img src="{src}"><figcaption>Figure.</figcaption></figure>'
                     for src in ("file:///dev/zero", "/etc/passwd", "file://host/share/x.png", "../x.png"))
    return {
        "corpus article (baseline)": CORPUS_PAGE,
        "unresolvable images": page("images", images),
        "16 nested tables": page("tables16", "<table><tr><td>" * 16 + "cell" + "</td></tr></table>" * 16),
        "30 nested tables": page("tables30", "<table><tr><td>" * 30 + "cell" + "</td></tr></table>" * 30),
        "10,000 nested ul/li": page("lists", "<ul><li>item " * 10000 + "deep" + "</li></ul>" * 10000),
        "40,000 nested divs": page("divs", "<div>" * 40000 + "<p>deep paragraph</p>" + "</div>" * 40000),
        "5 MB unbroken word": page("word", "<p>" + "w" * (5 * 2**20) + "</p>"),
    }


def main() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with tempfile.TemporaryDirectory() as tmp:
        results = {}
        for name, path in cases(Path(tmp)).items():
            run = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True,
                                 env=env, timeout=600)
            if run.returncode != 0:
                print(f"{name}: failed\n{run.stderr[-2000:]}")
                continue
            results[name] = json.loads(run.stdout.strip().splitlines()[-1])
    base = results["corpus article (baseline)"]["seconds"]
    print(f"{'case':<28} {'blocks':>7} {'seconds':>8} {'x baseline':>11}")
    for name, result in results.items():
        print(f"{name:<28} {result['blocks']:>7} {result['seconds']:>8.3f} {result['seconds'] / base:>11.1f}")


if __name__ == "__main__":
    main()
