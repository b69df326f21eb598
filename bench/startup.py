"""Start-up time of the built bundle against starting from the virtual environment,
and what the bundle's size is made of.

    packaging/build && python bench/startup.py [--runs N] [--bundle dist/ClaimMark/ClaimMark]

Each start runs ``claimmark self-test`` offscreen (a new project, the sample article)
and takes the time from launching the process to the main window's first paint, which
the self-test reports; the app paints before it opens a project, as a person sees it.
Starts alternate between the bundle and the venv's ``claimmark`` (this Python's), after
one unmeasured start of each to warm the file cache. Prints the medians and the
bundle's ratio against the venv baseline measured in the same run. docs/performance.md
quotes these figures.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def first_paint(command: list[str], folder: Path) -> float:
    """Seconds from launching `command self-test` to its window's first paint."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "CLAIMMARK_CONFIG_DIR": str(folder / "config"),
        "CLAIMMARK_DATA_DIR": str(folder / "data"),
    }
    launched = time.time()
    result = subprocess.run([*command, "self-test"], capture_output=True, text=True, env=env, cwd=folder,
                            timeout=300)
    if result.returncode != 0:
        raise SystemExit(f"{command[0]} self-test failed:\n{result.stderr}")
    return json.loads(result.stdout)["painted_at"] - launched


def sizes(bundle: Path, top: int = 8) -> tuple[int, list[tuple[int, str]]]:
    """The bundle's total size and its largest files (bytes)."""
    files = [(p.stat().st_size, str(p.relative_to(bundle))) for p in bundle.rglob("*")
             if p.is_file() and not p.is_symlink()]
    return sum(s for s, _ in files), sorted(files, reverse=True)[:top]


PARTS = [  # (what, where in the bundle), first match wins
    ("Qt libraries (ICU data alone ~32 MB)", "PySide6/Qt/lib/"),
    ("Qt plugins", "PySide6/Qt/plugins/"),
    ("PySide6 and shiboken6 bindings", "PySide6/"),
    ("PySide6 and shiboken6 bindings", "shiboken6/"),
    ("lxml", "lxml/"),
    ("Python runtime", "python3"),
    ("Python runtime", "base_library.zip"),
    ("ClaimMark's resources", "claimmark/resources/"),
    ("executable and Python code archive", "ClaimMark"),
]


def part(name: str) -> str:
    return next((what for what, where in PARTS if name.startswith(("_internal/" + where, where))),
                "other shared libraries")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "ClaimMark" / "ClaimMark")
    args = parser.parse_args()
    if not args.bundle.is_file():
        raise SystemExit(f"{args.bundle}: no bundle; build it with packaging/build")
    commands = {"venv": [str(Path(sys.executable).parent / "claimmark")], "bundle": [str(args.bundle)]}
    times: dict[str, list[float]] = {name: [] for name in commands}
    with tempfile.TemporaryDirectory() as scratch:
        for command in commands.values():  # warm-up, not counted
            first_paint(command, Path(tempfile.mkdtemp(dir=scratch)))
        for _ in range(args.runs):
            for name, command in commands.items():
                times[name].append(first_paint(command, Path(tempfile.mkdtemp(dir=scratch))))
    venv, bundle = (statistics.median(times[n]) for n in ("venv", "bundle"))
    print(f"start-up to first paint, median of {args.runs} (offscreen):")
    print(f"  venv    {venv:6.3f} s  (baseline)   runs: {' '.join(f'{t:.2f}' for t in times['venv'])}")
    print(f"  bundle  {bundle:6.3f} s  x{bundle / venv:.2f}        runs: "
          f"{' '.join(f'{t:.2f}' for t in times['bundle'])}")
    folder = args.bundle.parent
    total, largest = sizes(folder)
    print(f"bundle size: {total / 1e6:.1f} MB in {folder}")
    for size, name in largest:
        print(f"  {size / 1e6:6.1f} MB  {size / total:4.0%}  {name}")
    print("by part:")
    grouped: dict[str, int] = {}
    for size, name in sizes(folder, top=10**6)[1]:
        grouped[part(name)] = grouped.get(part(name), 0) + size
    for name, size in sorted(grouped.items(), key=lambda item: -item[1]):
        print(f"  {size / 1e6:6.1f} MB  {size / total:4.0%}  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
