"""The run: which groups of rows there are, in what order, and the table at the end."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from bench.suite import core_rows, project, window_rows
from bench.suite.settings import Settings
from bench.suite.table import Row, format_table, not_measured, save_json
from bench.suite.timing import load_average

# name -> the rows it makes, from the settings and the big project (built first when needed)
Group = Callable[[Settings, Path], list[Row]]
GROUPS: dict[str, Group] = {
    "import-one": lambda s, _big: core_rows.import_one(s),
    "import-folder": lambda s, _big: core_rows.import_folder(s),
    "startup": window_rows.startup,
    "reader": window_rows.reader,
    "search": core_rows.search,
    "export": core_rows.exports,
    "merge": core_rows.merge,
    "file-size": lambda _s, big: core_rows.file_size(big),
}
NEEDS_BIG = {"startup", "reader", "search", "export", "merge", "file-size"}
NAMES = ("build", *GROUPS)


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=(
            "Measure ClaimMark against the floor of its stack (issue #17): each figure as a ratio to "
            "its floor in the same run, interleaved, repeated, medians."
        ),
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="small sizes (about 90 s); reports, and fails only if a row crashes",
    )
    parser.add_argument(
        "--only", choices=NAMES, metavar="NAME", help=f"run one group of rows: {', '.join(NAMES)}"
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also save the table as JSON")
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="FOLDER",
        help="generate the data in FOLDER and keep it (default: a temporary folder)",
    )
    return parser.parse_args(argv)


def _crashed(name: str, exc: BaseException) -> Row:
    traceback.print_exception(exc, file=sys.stderr)
    last = next((line for line in reversed(str(exc).splitlines()) if line.strip()), "")
    return not_measured(name, "", "", "", f"crashed: {type(exc).__name__}: {last}")


def measure(settings: Settings, only: str | None) -> tuple[list[Row], bool]:
    """Every row (or one group's), and whether none crashed."""
    rows: list[Row] = []
    ok = True
    wanted = [only] if only else list(NAMES)
    big = settings.work / "big.claimmark"
    built_ok = False
    if "build" in wanted or NEEDS_BIG.intersection(wanted):
        print(f"building the project ({settings.size_note}) ...", file=sys.stderr, flush=True)
        try:
            big, built = project.build(settings)
            built_ok = True
        except Exception as exc:  # noqa: BLE001, RUF100  the run's boundary: report the crash, go on
            built, ok = [_crashed("build project", exc)], False
        if "build" in wanted:
            rows += built
    for name in wanted:
        if name == "build":
            continue
        print(f"measuring {name} ...", file=sys.stderr, flush=True)
        if name in NEEDS_BIG and not built_ok:
            rows.append(not_measured(name, "", "", "", "the project could not be built"))
            ok = False
            continue
        try:
            rows += GROUPS[name](settings, big)
        except Exception as exc:  # noqa: BLE001, RUF100  the run's boundary: a row's crash is reported
            rows.append(_crashed(name, exc))
            ok = False
    return rows, ok


def main(argv: list[str]) -> int:
    args = parse(argv)
    started = time.time()
    start_load = load_average()
    print(f"load average at start: {start_load}", flush=True)
    with tempfile.TemporaryDirectory(prefix="claimmark-bench-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        settings = Settings.make(work.resolve(), args.quick)
        # the run's own data folder (the records of open and closed projects), the one its
        # window children use (window_rows.child_env), never the person's
        saved = os.environ.get("CLAIMMARK_DATA_DIR")
        os.environ["CLAIMMARK_DATA_DIR"] = str(settings.work / "data")
        try:
            rows, ok = measure(settings, args.only)
        finally:
            if saved is None:
                del os.environ["CLAIMMARK_DATA_DIR"]
            else:
                os.environ["CLAIMMARK_DATA_DIR"] = saved
    seconds = time.time() - started
    end_load = load_average()
    print(format_table(rows))
    print(
        f"load average at end: {end_load}; {'quick' if args.quick else 'full'} run, {seconds:.0f} s",
        flush=True,
    )
    if args.json:
        save_json(
            rows,
            args.json,
            {"quick": args.quick, "seconds": seconds, "load_start": start_load, "load_end": end_load},
        )
    if not ok:
        return 1
    return 0 if args.quick or all(r.passed is not False for r in rows) else 2
