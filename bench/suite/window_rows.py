"""The rows that need the window, each measured in a subprocess (`window_child`) with
QT_QPA_PLATFORM=offscreen: first paint, resident memory, opening a stored article,
adding one highlight, and the All Annotations table."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.suite import data, project
from bench.suite.settings import Settings
from bench.suite.table import Row, ratio_row
from bench.suite.timing import median, percentile

ROOT = Path(__file__).resolve().parents[2]


def child_env(settings: Settings, config: str) -> dict[str, str]:
    """Offscreen, with settings (in folder `config`) and the default project in the
    run's own folders: a start with no project named opens the last one, so the starts
    of the default project and of the big one keep their settings apart."""
    from claimmark import core

    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        CLAIMMARK_CONFIG_DIR=str(settings.work / config),
        CLAIMMARK_DATA_DIR=str(settings.work / "data"),
    )
    env[core.ENV_AUTHOR] = project.AUTHOR
    # Started as an installed ClaimMark starts: with its bytecode. Installing a wheel
    # compiles it; an environment that turns bytecode writing off (PYTHONDONTWRITEBYTECODE,
    # as test harnesses do) made every start compile the package from source, some 60 ms
    # no installed ClaimMark pays. The bytecode goes to the run's folder; the first,
    # unmeasured start (the default project's) writes it, for the bare window's too.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(settings.work / "pycache")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env


def run_child(settings: Settings, *args: str, config: str = "config") -> tuple[float, dict[str, Any]]:
    """The wall-clock time at which the child was started, and its JSON report."""
    started = time.time()
    done = subprocess.run(
        [sys.executable, "-m", "bench.suite.window_child", *args],
        env=child_env(settings, config),
        capture_output=True,
        text=True,
        timeout=3600,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"window_child {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return started, json.loads(done.stdout.strip().splitlines()[-1])


def startup(settings: Settings, big: Path) -> list[Row]:
    """First paint: bare QMainWindow, `claimmark` (default project), `claimmark BIG`,
    started in turn; the default project is made (with its sample article) first."""
    run_child(settings, "app", config="config-default")
    samples: dict[str, list[float]] = {"bare": [], "default": [], "big": []}
    memory: dict[str, list[float]] = {"bare": [], "big": []}
    opened: list[float] = []
    held: dict[str, int] = {}
    for _ in range(settings.repeats):
        for name, args in (("bare", ("bare",)), ("default", ("app",)), ("big", ("app", str(big)))):
            started, report = run_child(settings, *args, config=f"config-{name}")
            samples[name].append(report["painted"] - started)
            held[name] = report.get("documents", 0)
            if name in memory:
                memory[name].append(report["rss_mb"])
            if name == "big":
                opened.append(report["opened"] - started)
    floor = median(samples["bare"])
    extra = median(memory["big"]) - median(memory["bare"])
    return [
        ratio_row(
            "first paint",
            f"start to first painted window, default project ({held['default']} document): "
            f"{median(samples['default']):.2f} s",
            f"bare QMainWindow first paint: {floor:.2f} s",
            median(samples["default"]) / floor,
            1.5,
            floor_s=samples["bare"],
            subject_s=samples["default"],
        ),
        ratio_row(
            "first paint, big",
            f"the same with {settings.documents:,} documents: "
            f"{median(samples['big']):.2f} s (project shown at {median(opened):.2f} s)",
            f"bare QMainWindow first paint: {floor:.2f} s",
            median(samples["big"]) / floor,
            2.0,
            floor_s=samples["bare"],
            subject_s=samples["big"],
            opened_s=opened,
        ),
        Row(
            "memory",
            f"resident memory (peak), {settings.documents:,}-document project open: +{extra:.0f} MB",
            f"bare window: {median(memory['bare']):.0f} MB",
            "under +150 MB",
            None,
            extra < 150,
            note="a difference in MB, not a ratio",
            values={"bare_mb": memory["bare"], "big_mb": memory["big"]},
        ),
    ]


def _reader_project(settings: Settings) -> dict[str, Any]:
    """A project with a small blank document and one 200 KB article per highlight count
    (0, 1,000, 5,000 in full), each article's highlights added through the facade."""
    from claimmark import core

    page = settings.work / "reader-200k.html"
    page.write_text(data.article(data.SIZES["200k"], seed=11), encoding="utf-8")
    # variants 1.. of the article: variant 0 has the blank's content hash, and adding it
    # gave back the blank document (so the 0-highlight rows measured the 20 KB blank)
    articles = list(data.variants(core.extract_file(page), len(settings.highlights) + 1))[1:]
    blank = next(iter(data.variants(project.template(settings), 1)))
    path = settings.work / "reader.claimmark"
    with core.Project.open(path, create=True) as opened:
        blank_id = project.fill(opened, [blank], 0)[0]
        ids = {}
        for count, article in zip(settings.highlights, articles, strict=True):
            ids[count] = project.fill(opened, [article], count, seed=count)[0]
    return {"project": str(path), "blank": blank_id, "documents": ids}


def reader(settings: Settings, big: Path) -> list[Row]:
    spec = _reader_project(settings) | {
        "big": str(big),
        "repeats": settings.repeats,
        "adds": settings.adds,
        "table_repeats": settings.heavy_repeats if settings.quick else 1,
    }
    spec_path = settings.work / "reader.json"
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    _, out = run_child(settings, "reader", str(spec_path), config="config-reader")
    rows = []
    limits = dict(zip(settings.highlights, (1.25, 1.5, 2.1), strict=True))
    for count, times in out["open"].items():
        ratio = median(times["subject"]) / median(times["floor"])
        rows.append(
            ratio_row(
                f"open article, {int(count):,} highlights",
                f"stored 200 KB article to first paint: {median(times['subject']) * 1e3:.0f} ms",
                f"setHtml of its reading HTML to first paint: {median(times['floor']) * 1e3:.0f} ms",
                ratio,
                limits[int(count)],
                floor_s=times["floor"],
                subject_s=times["subject"],
            )
        )
    for count, times in out["add"].items():
        p50, p99 = median(times["subject"]), percentile(times["subject"], 0.99)
        saved50, saved99 = median(times["committed"]), percentile(times["committed"], 0.99)
        rows.append(
            Row(
                f"add highlight, {int(count):,} on the page",
                f"key press on a selection to repainted page: p50 {p50 * 1e3:.0f} ms, "
                f"p99 {p99 * 1e3:.0f} ms; to committed: p50 {saved50 * 1e3:.0f} ms, "
                f"p99 {saved99 * 1e3:.0f} ms ({len(times['subject'])} adds)",
                f"one repaint: p50 {median(times['floor']) * 1e3:.1f} ms",
                "painted p99 <= 16 ms, committed p99 <= 50 ms",
                p50 / median(times["floor"]),
                p99 <= 0.016 and saved99 <= 0.050,
                values=times,
            )
        )
    table = out["table"]
    rows.append(
        ratio_row(
            "annotation table",
            f"All Annotations ({settings.annotations:,}) open to first paint: "
            f"{median(table['subject']):.2f} s; opening it: Python heap peak "
            f"{table['python_peak_mb']:.1f} MB, resident +{table['resident_growth_mb']:.0f} MB",
            f"lazy QTableView, same row count, with the fetch: {median(table['floor']):.2f} s",
            median(table["subject"]) / median(table["floor"]),
            1.5,
            floor_s=table["floor"],
            subject_s=table["subject"],
            python_peak_mb=table["python_peak_mb"],
            resident_growth_mb=table["resident_growth_mb"],
        )
    )
    return rows
