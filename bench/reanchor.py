"""Time re-anchoring on a long article: python -m bench.reanchor [PARAGRAPHS] [ANNOTATIONS]

Builds a synthetic article (sentences with emoji and right-to-left words), annotates
random passages, applies edits before, inside and after them (and a paragraph swap),
and reports the time per annotation and the count of each anchor status.
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter

from claimmark.core.annotate.anchoring import Reanchorer, context

WORDS = (
    "the",
    "minister",
    "said",
    "budget",
    "grew",
    "figures",
    "were",
    "invented",
    "critics",
    "replied",
    "📈",
    "🙈",
    "الميزانية",
    "ارتفعت",
    "שלום",
    "report",
    "data",
    "security",
    "network",
    "companies",
    "users",
    "information",
)


def article(rng: random.Random, paragraphs: int) -> list[str]:
    return [
        " ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 120))).capitalize() + "."
        for _ in range(paragraphs)
    ]


def main(paragraphs: int = 500, count: int = 300, quote_max: int = 300) -> None:
    rng = random.Random(7)
    paras = article(rng, paragraphs)
    old = "\n".join(paras)
    spans = []
    for _ in range(count):
        start = rng.randrange(0, len(old) - 50)
        end = min(len(old), start + rng.randint(10, quote_max))
        spans.append((start, end, old[start:end], *context(old, start, end)))
    edited = list(paras)
    for _ in range(paragraphs // 10):  # edit one paragraph in ten
        i = rng.randrange(len(edited))
        words = edited[i].split()
        j = rng.randrange(len(words))
        words[j] = rng.choice(WORDS) + "X"
        edited[i] = " ".join(words)
    edited.insert(0, "A new lead paragraph 🆕.")
    edited[5], edited[9] = edited[9], edited[5]
    del edited[20]
    new = "\n".join(edited)
    began = time.perf_counter()
    anchorer = Reanchorer(old, new)
    statuses = Counter(anchorer.reanchor(*s)[2] for s in spans)
    took = time.perf_counter() - began
    print(
        f"text {len(old):,} code points, {paragraphs} paragraphs, {count} annotations: "
        f"{took:.2f} s ({took / count * 1000:.1f} ms each); {dict(statuses)}"
    )


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
