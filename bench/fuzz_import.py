"""An atheris fuzz target for the importer (not a test: the suite never imports it).

    pip install atheris
    python bench/fuzz_import.py -max_total_time=600 [-dict=...] [CORPUS_DIR ...]
    python bench/fuzz_import.py --seeds DIR   # write a starting corpus to DIR first

Each input is one file: its first byte picks the suffix (.html, .mhtml, .txt, .md), the
rest is the file's bytes. The importer must either extract it or raise ClaimMarkError;
any other exception is a crash atheris reports with the input that caused it. Inputs
that import are also checked to hold no NUL, C0 control (but tab and newline) or lone
surrogate in their reading text. tests/bad_input/test_fuzz.py runs the same promise
with hypothesis for a few seconds in every test run.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from pathlib import Path

SUFFIXES = (".html", ".mhtml", ".txt", ".md")
CORPUS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "corpus"
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def write_seeds(target: Path) -> None:
    """A starting corpus: the fixture article in every form, plus small broken pages."""
    target.mkdir(parents=True, exist_ok=True)
    count = 0
    for path in sorted(CORPUS.rglob("*")):
        if path.is_file() and path.suffix.lower() in SUFFIXES and path.stat().st_size < 2_000_000:
            index = SUFFIXES.index(path.suffix.lower())
            (target / f"seed{count:03d}").write_bytes(bytes([index]) + path.read_bytes())
            count += 1
    small = [
        (0, b"<html><body><article><p>A sentence of a story that is long.</p></article></body></html>"),
        (0, b"<!DOCTYPE x [<!ENTITY a SYSTEM 'file:///etc/passwd'>]><p>&a;</p>"),
        (0, b"<div>" * 500 + b"deep text"),
        (1, b'Content-Type: multipart/related; boundary="B"\r\n\r\n--B\r\nContent-Type: text/html\r\n\r\n'
            b"<p>Archived words of a story.</p>\r\n--B--\r\n"),
        (2, b"Title\n\nA paragraph of plain text.\n"),
        (3, b"# Title\n\n*em* **strong** [link](https://example.com)\n"),
    ]
    for index, data in small:
        (target / f"seed{count:03d}").write_bytes(bytes([index]) + data)
        count += 1
    print(f"wrote {count} seeds to {target}")


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--seeds":
        write_seeds(Path(sys.argv[2]))
        return
    import atheris

    with atheris.instrument_imports():
        from claimmark.core.extract.pipeline import extract_file
        from claimmark.core.model.errors import ClaimMarkError

    workdir = Path(tempfile.mkdtemp(prefix="claimmark-fuzz-"))

    def test_one_input(data: bytes) -> None:
        if not data:
            return
        suffix = SUFFIXES[data[0] % len(SUFFIXES)]
        path = workdir / ("fuzz" + suffix)
        path.write_bytes(data[1:])
        try:
            extracted = extract_file(path)
        except ClaimMarkError:
            return
        text = extracted.document.text
        if not text.strip() or _FORBIDDEN.search(text):
            raise AssertionError(f"bad reading text: {text[:200]!r}")

    try:
        atheris.Setup(sys.argv, test_one_input)
        atheris.Fuzz()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
