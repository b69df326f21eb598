"""Benchmark ClaimMark's article extraction against readability-lxml and trafilatura.

    python -m bench.extraction --devset PATH/TO/extraction-devset [--keep DIR]

Each extractor writes ``<page stem>.txt`` for every ``pages/*.html`` of the dev set
into its own folder; the dev set's ``score.py --json`` scores each folder on all
pages, on the tuning part and on the held-out part (every fifth page in sorted
order: index % 5 == 4). Speeds are whole-run figures from this one run: the
extractors take turns over all pages, three rounds by default (``--rounds``), and each
keeps its fastest round; pages per second by wall-clock, and the ratio to
readability-lxml by CPU time and by wall-clock.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import lxml.html

try:
    import resource
except ImportError:  # Windows: no CPU time of child processes, wall-clock only
    resource = None  # type: ignore[assignment]

PARTS = ("all", "tuning", "held-out")
_BLOCK_START = re.compile(
    r"(<(?:p|div|h[1-6]|li|br|tr|blockquote|pre|figure|figcaption|table|ul|ol|dd|dt)\b)", re.I
)


def is_held_out(index: int) -> bool:
    """Pages held out from tuning: every fifth page in sorted order."""
    return index % 5 == 4


def run_claimmark(files: list[Path], out_dir: Path) -> list[str]:
    """ClaimMark through `claimmark extract --out-dir` (in-process until the CLI exists)."""
    if importlib.util.find_spec("claimmark.cli") is not None:
        cmd = [sys.executable, "-m", "claimmark", "extract", "--force", "--out-dir", str(out_dir)]
        cmd += [str(f) for f in files]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        return [line for line in done.stderr.splitlines() if line.strip()]
    return _extract_in_process(files, out_dir)


def _extract_in_process(files: list[Path], out_dir: Path) -> list[str]:
    from claimmark.core.extract.pipeline import extract_file
    from claimmark.core.model.errors import ImportFailed

    errors = []
    for path in files:
        try:
            text = extract_file(path).document.body_text
        except ImportFailed as exc:
            errors.append(f"{path.name}: {exc}")
            continue
        (out_dir / f"{path.stem}.txt").write_text(text, encoding="utf-8")
    return errors


def readability_text(data: bytes) -> str:
    """readability-lxml alone: ``Document(html).summary()`` as text, a line per block."""
    from readability import Document

    from claimmark.core.extract.encoding import decode_bytes

    summary = Document(decode_bytes(data)).summary(html_partial=True)
    if not summary.strip():
        return ""
    return lxml.html.fromstring(_BLOCK_START.sub(r"\n\1", summary)).text_content()


def trafilatura_text(data: bytes) -> str:
    import trafilatura

    return trafilatura.extract(data) or ""


def run_per_page(extract: Callable[[bytes], str]) -> Callable[[list[Path], Path], list[str]]:
    def run(files: list[Path], out_dir: Path) -> list[str]:
        errors = []
        for path in files:
            try:
                text = extract(path.read_bytes())
            except Exception as exc:  # noqa: BLE001, RUF100  any baseline failing on a page scores it as empty
                errors.append(f"{path.name}: {type(exc).__name__}: {exc}")
                continue
            (out_dir / f"{path.stem}.txt").write_text(text, encoding="utf-8")
        return errors

    return run


EXTRACTORS: dict[str, Callable[[list[Path], Path], list[str]]] = {
    "claimmark": run_claimmark,
    "readability": run_per_page(readability_text),
    "trafilatura": run_per_page(trafilatura_text),
}


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (ClaimMark runs as one): on a
    shared machine it swings far less with other work than wall-clock time does."""
    if resource is None:
        return float("nan")
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


Timing = tuple[float, float, list[str]]  # best wall-clock seconds, best CPU seconds, errors


def time_rounds(names: list[str], files: list[Path], keep: Path, scratch: Path,
                rounds: int) -> dict[str, Timing]:
    """Run the extractors in turn, ``rounds`` times over; for each, its fastest wall-clock
    and CPU times and its first round's errors. The first round writes into
    ``keep/<name>`` (what is scored), later rounds into scratch folders, only to be
    timed. Taking turns spreads a shared machine's other work over all extractors, and
    the best of several runs is the usual guard against the rest of it (as ``timeit``)."""
    best: dict[str, Timing] = {}
    for index in range(max(1, rounds)):
        for name in names:
            out_dir = keep / name if index == 0 else scratch / f"{name}-round{index}"
            out_dir.mkdir(parents=True, exist_ok=True)
            start, cpu_start = time.perf_counter(), cpu_seconds()
            errors = EXTRACTORS[name](files, out_dir)
            wall, cpu = time.perf_counter() - start, cpu_seconds() - cpu_start
            if name in best:
                old_wall, old_cpu, errors = best[name]
                wall, cpu = min(wall, old_wall), min(cpu, old_cpu)
            best[name] = (wall, cpu, errors)
    return best


def split_expectations(devset: Path, work: Path) -> dict[str, Path]:
    """Expectation files for all pages, the tuning part and the held-out part."""
    entries = json.loads((devset / "expectations.json").read_text(encoding="utf-8"))
    names = sorted(p.name for p in (devset / "pages").glob("*.html"))
    order = {name: i for i, name in enumerate(names)}
    parts = {
        "all": entries,
        "tuning": [e for e in entries if not is_held_out(order[Path(e["file"]).name])],
        "held-out": [e for e in entries if is_held_out(order[Path(e["file"]).name])],
    }
    paths = {}
    for name, chosen in parts.items():
        paths[name] = work / f"expect-{name}.json"
        paths[name].write_text(json.dumps(chosen), encoding="utf-8")
    return paths


def score(devset: Path, pred: Path, expect: Path) -> dict[str, float]:
    cmd = [sys.executable, str(devset / "score.py"), "--pred", str(pred), "--expect", str(expect)]
    cmd.append("--json")
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--devset", type=Path, required=True, help="the extraction dev set folder")
    parser.add_argument("--keep", type=Path, help="write the predictions here (else a temp folder)")
    parser.add_argument("--only", choices=sorted(EXTRACTORS), action="append",
                        help="run only this extractor (repeatable)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--rounds", type=int, default=3,
                        help="time each extractor this many times and keep the fastest (default 3)")
    args = parser.parse_args(argv)
    files = sorted((args.devset / "pages").glob("*.html"))
    if not files:
        parser.error(f"no pages/*.html under {args.devset}")
    names = args.only or list(EXTRACTORS)
    with tempfile.TemporaryDirectory(prefix="cm-bench-") as tmp:
        work = args.keep or Path(tmp)
        expectations = split_expectations(args.devset, Path(tmp))
        timings = time_rounds(names, files, work, Path(tmp), args.rounds)
        results: dict[str, dict[str, object]] = {}
        for name in names:
            seconds, cpu, errors = timings[name]
            results[name] = {
                "seconds": seconds,
                "cpu_seconds": cpu,
                "pages_per_second": len(files) / seconds,
                "rounds": args.rounds,
                "errors": errors,
                **{part: score(args.devset, work / name, path) for part, path in expectations.items()},
            }
    if args.json:
        print(json.dumps(results, indent=1))
    else:
        print_table(results)
    return 0


def print_table(results: dict[str, dict[str, object]]) -> None:
    header = f"{'extractor':<12} {'part':<9} {'pages':>5} {'prec':>6} {'recall':>6} {'F1':>6}"
    print(header + f" {'pages/s':>8}")
    for name, result in results.items():
        for part in PARTS:
            figures = result[part]
            assert isinstance(figures, dict)
            speed = f"{result['pages_per_second']:8.1f}" if part == "all" else ""
            print(f"{name:<12} {part:<9} {figures['pages']:>5} {figures['precision']:6.3f} "
                  f"{figures['recall']:6.3f} {figures['f1']:6.3f} {speed}")
        for error in result["errors"]:  # type: ignore[attr-defined]
            print(f"  {name} error: {error}", file=sys.stderr)
    if "claimmark" in results and "readability" in results:
        mine, theirs = results["claimmark"], results["readability"]
        wall = float(mine["seconds"]) / float(theirs["seconds"])  # type: ignore[arg-type]
        cpu = float(mine["cpu_seconds"]) / float(theirs["cpu_seconds"])  # type: ignore[arg-type]
        rounds = mine.get("rounds", 1)
        print(f"ClaimMark time / readability-lxml time (this run, best of {rounds}): "
              f"{cpu:.2f}x CPU, {wall:.2f}x wall-clock")


if __name__ == "__main__":
    sys.exit(main())
