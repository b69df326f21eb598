"""Smoke test of a built ClaimMark: run the bundled executable as a user would.

    python packaging/smoke_test.py dist/ClaimMark/ClaimMark [REFERENCE]

Offscreen, it asks the version, then starts the app itself (``claimmark self-test``):
opens a new project in the main window, imports the corpus article, tags a quote,
exports CSV and quits; this script then reads the CSV. The command line imports the
bundled sample article and checks the project. With REFERENCE (the `claimmark` of the
wheel the bundle was built from), both extract the pages of tests/fixtures/extraction
and must print the same text: a data file missing from the bundle would otherwise
only make extraction quietly worse. Any surprise fails loudly (exit 1).
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
CORPUS = FIXTURES / "corpus" / "presstv-us-cybersecurity"
# The stable CSV columns of docs/exports.md (new ones are only ever appended).
COLUMNS = [
    "document_id", "document_uuid", "document_title", "document_site", "document_url",
    "document_published", "annotation_id", "annotation_uuid", "kind", "exact", "prefix", "suffix",
    "start", "end", "anchor_status", "note", "tags", "claimant", "status", "speaker", "source_title",
    "source_url", "author", "author_id", "created", "modified",
]


def run(exe: Path, *args: str, env: dict[str, str], cwd: Path) -> str:
    result = subprocess.run(
        [str(exe), *args], capture_output=True, text=True, timeout=300, env=env, cwd=cwd
    )
    if result.returncode != 0:
        raise SystemExit(f"smoke test: {' '.join(args)} exited {result.returncode}\n{result.stderr}")
    return result.stdout


def check(condition: bool, what: str) -> None:
    if not condition:
        raise SystemExit(f"smoke test failed: {what}")


def gui(exe: Path, tmp: Path, env: dict[str, str]) -> dict:
    """The desktop app, offscreen: import the corpus article, tag a quote, export CSV."""
    expected = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
    quote = next(a["exact"] for a in expected["example_annotations"] if a["kind"] == "quote")
    out = tmp / "exported.csv"
    report = json.loads(run(
        exe, "self-test", "--project", str(tmp / "gui.claimmark"), "--import", str(CORPUS / "page.html"),
        "--export-csv", str(out), "--quote", quote, env=env, cwd=tmp,
    ))
    check(report["platform"] == "offscreen", f"Qt platform {report['platform']}")
    check(Path(report["resources"]).is_relative_to(exe.parent), f"resources from {report['resources']}")
    with open(out, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    check(reader.fieldnames[: len(COLUMNS)] == COLUMNS, f"header {reader.fieldnames}")
    check([(r["kind"], r["exact"]) for r in rows] == [("quote", quote)], f"rows {rows}")
    check(rows[0]["document_title"] == expected["metadata"]["title"], f"title {rows[0]['document_title']}")
    check(rows[0]["author"] == "ClaimMark smoke test", f"author {rows[0]['author']}")
    return report


def cli(exe: Path, tmp: Path, env: dict[str, str]) -> None:
    """The command line: import the bundled sample article, list and check the project."""
    sample = next((exe.parent / "_internal").rglob("presstv-us-cybersecurity.mhtml"))
    project = tmp / "cli.claimmark"
    out = run(exe, "import", str(project), str(sample), env=env, cwd=tmp)
    check(out.startswith("1\tChina: US itself top threat"), out)
    check('"site_name": "Press TV"' in run(exe, "list", str(project), "--json", env=env, cwd=tmp), "list")
    check("ok (1 documents)" in run(exe, "check", str(project), env=env, cwd=tmp), "check")


def extraction(exe: Path, reference: Path, tmp: Path, env: dict[str, str]) -> None:
    """The bundle extracts as the installed wheel does."""
    pages = [*sorted((FIXTURES / "extraction").glob("*.html")), CORPUS / "page.mhtml"]
    for page in pages:
        ours = run(exe, "extract", str(page), env=env, cwd=tmp)
        theirs = run(reference, "extract", str(page), env=env, cwd=tmp)
        check(ours == theirs, f"{page.name}: the bundle extracts another text than the wheel")


def main(exe: Path, reference: Path | None = None) -> int:
    exe = exe.resolve()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "CLAIMMARK_DATA_DIR": str(tmp / "data"),
            "CLAIMMARK_CONFIG_DIR": str(tmp / "config"),
            "CLAIMMARK_AUTHOR": "ClaimMark smoke test",
        }
        version = run(exe, "--version", env=env, cwd=tmp).strip()
        check(version.startswith("claimmark "), version)
        report = gui(exe, tmp, env)
        cli(exe, tmp, env)
        if reference is not None:
            extraction(exe, reference, tmp, env)
    print(f"smoke test passed: {version}, Qt {report['qt']}, the window imported, tagged, exported and quit")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else None))
