"""How often ClaimMark finds each metadata field on the dev set's pages.

    python -m bench.metadata --devset PATH/TO/extraction-devset [--sample 15]

For each field it counts the pages whose HTML carries a machine-readable sign of it
(meta tags, JSON-LD, <time>, rel=canonical ...) and how many of those, and of all
pages, got the field. The page URL is also checked against the URL the dev set
records for the page. ``--sample N`` prints N pages' metadata for checking by hand.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

from claimmark.core.extract.pipeline import extract_file
from claimmark.core.model.errors import ImportFailed

# A sign in the raw HTML that the page states the field.
SIGNS = {
    "title": re.compile(rb"<title[\s>]|og:title", re.I),
    "site_name": re.compile(rb"og:site_name|application-name|\"publisher\"", re.I),
    "byline": re.compile(
        rb"<meta[^>]+name=[\"']?(author|dc\.creator|byl)\b|\"author\"\s*:|article:author", re.I
    ),
    "published": re.compile(
        rb"published_time|datePublished|name=[\"']?(date|pubdate|dc\.date)[\"' ]|"
        rb"<time[^>]+datetime",
        re.I,
    ),
    "url": re.compile(rb"rel=[\"']?canonical|og:url", re.I),
}


def same_url(a: str, b: str) -> bool:
    def key(url: str) -> str:
        parts = urlsplit(url.strip())
        return (parts.hostname or "").removeprefix("www.") + parts.path.rstrip("/")

    return key(a) == key(b)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--devset", type=Path, required=True)
    parser.add_argument("--sample", type=int, default=0, help="print this many pages' metadata")
    args = parser.parse_args(argv)
    entries = json.loads((args.devset / "expectations.json").read_text(encoding="utf-8"))
    known_urls = {Path(e["file"]).name: e["url"] for e in entries if e.get("url")}
    files = sorted((args.devset / "pages").glob("*.html"))
    signed = dict.fromkeys(SIGNS, 0)
    found_signed = dict.fromkeys(SIGNS, 0)
    found = dict.fromkeys(SIGNS, 0)
    url_checked = url_same = 0
    results = {}
    for path in files:
        raw = path.read_bytes()
        try:
            metadata = extract_file(path).metadata
        except ImportFailed:
            metadata = {}
        results[path.name] = metadata
        for field, sign in SIGNS.items():
            has = bool(sign.search(raw))
            signed[field] += has
            found[field] += bool(metadata.get(field))
            found_signed[field] += has and bool(metadata.get(field))
        if path.name in known_urls and metadata.get("url"):
            url_checked += 1
            url_same += same_url(metadata["url"], known_urls[path.name])
    print(f"{'field':<10} {'signed':>6} {'found/signed':>12} {'found/all':>10}  (of {len(files)})")
    for field in SIGNS:
        print(f"{field:<10} {signed[field]:>6} {found_signed[field]:>12} {found[field]:>10}")
    print(f"url equal to the dev set's URL: {url_same} of {url_checked} pages with both")
    for name in random.Random(7).sample(sorted(results), min(args.sample, len(results))):
        print(f"\n{name}")
        for field in SIGNS:
            print(f"  {field:<10} {results[name].get(field, '')[:100]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
