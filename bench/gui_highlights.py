"""How the reading view's costs compare, measured in one run on this machine.

    QT_QPA_PLATFORM=offscreen python -m bench.gui_highlights [PARAGRAPHS] [HIGHLIGHTS]

Baseline: `setHtml` of the same document's safe HTML. Prints the time of building
the view's document from the core's blocks, of drawing the highlights (mergeCharFormat
in one edit block), and of redrawing after one more annotation, as ratios to it.
"""

from __future__ import annotations

import os
import random
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(argv: list[str]) -> int:
    from PySide6.QtWidgets import QApplication, QTextBrowser

    from claimmark.core.model.document import Block, ReadingDocument
    from claimmark.ui.reading_view import Highlight, ReadingView

    paragraphs = int(argv[0]) if argv else 400
    count = int(argv[1]) if len(argv) > 1 else 1000
    app = QApplication.instance() or QApplication([])
    rng = random.Random(7)
    words = [
        "the",
        "minister",
        "said",
        "that",
        "budget",
        "figures",
        "were",
        "checked",
        "by",
        "independent",
        "auditors",
        "last",
        "year",
    ]
    blocks = [Block("heading", "A long article", level=1)]
    for _ in range(paragraphs):
        blocks.append(Block("paragraph", " ".join(rng.choice(words) for _ in range(60)) + "."))
    reading = ReadingDocument(blocks)
    text = reading.text
    highlights = []
    for n in range(count):
        start = rng.randrange(0, len(text) - 200)
        highlights.append(
            Highlight(n + 1, ("claim", "quote", "citation")[n % 3], start, start + rng.randint(5, 150))
        )

    def timed(action) -> float:
        began = time.perf_counter()
        action()
        app.processEvents()
        return time.perf_counter() - began

    plain = QTextBrowser()
    plain.resize(900, 700)
    plain.show()
    html = reading.to_html()
    baseline = min(timed(lambda: plain.setHtml(html)) for _ in range(3))
    view = ReadingView()
    view.resize(900, 700)
    view.show()
    build = min(timed(lambda: view.show_document(1, reading, {}, lambda _key: None)) for _ in range(3))
    draw = min(
        timed(lambda: view.show_document(1, reading, {}, lambda _key: None, highlights)) for _ in range(3)
    )
    one = timed(lambda: view.add_highlight(Highlight(count + 1, "quote", 100, 180)))
    print(f"{paragraphs} paragraphs, {count} highlights")
    print(f"setHtml (baseline)            {baseline * 1000:8.1f} ms  1.00x")
    print(f"build from blocks             {build * 1000:8.1f} ms  {build / baseline:.2f}x")
    print(f"build + {count} highlights     {draw * 1000:8.1f} ms  {draw / baseline:.2f}x")
    print(f"one more highlight            {one * 1000:8.1f} ms  {one / baseline:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
