"""The extraction benchmark's own plumbing, on a tiny dev set made here."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import bench.extraction
import pytest
from bench.extraction import (
    cpu_seconds,
    is_held_out,
    print_table,
    readability_text,
    run_claimmark,
    split_expectations,
    time_rounds,
)

PARAGRAPHS = "".join(
    f"<p>Paragraph {i} of the article says something worth reading today.</p>" for i in range(8)
)
ARTICLE = (
    "<html><head><title>A headline</title></head><body><nav><a href='/'>Home</a></nav>"
    f"<article><h1>A headline</h1>{PARAGRAPHS}</article>"
    "<footer>All rights reserved</footer></body></html>"
)


def make_devset(root: Path, count: int) -> Path:
    (root / "pages").mkdir(parents=True)
    entries = []
    for index in range(count):
        (root / "pages" / f"page{index}.html").write_text(ARTICLE, encoding="utf-8")
        entries.append({"file": f"pages/page{index}.html", "url": None,
                        "with": ["Paragraph 0 of the article"], "without": ["All rights reserved"]})
    (root / "expectations.json").write_text(json.dumps(entries), encoding="utf-8")
    return root


def test_every_fifth_page_is_held_out() -> None:
    assert [i for i in range(12) if is_held_out(i)] == [4, 9]


def test_split_expectations(tmp_path: Path) -> None:
    devset = make_devset(tmp_path / "devset", 10)
    parts = split_expectations(devset, tmp_path)
    counts = {name: len(json.loads(path.read_text())) for name, path in parts.items()}
    assert counts == {"all": 10, "tuning": 8, "held-out": 2}


def test_claimmark_writes_one_text_per_page(tmp_path: Path) -> None:
    devset = make_devset(tmp_path / "devset", 2)
    out = tmp_path / "out"
    out.mkdir()
    errors = run_claimmark(sorted((devset / "pages").glob("*.html")), out)
    assert errors == []
    text = (out / "page0.txt").read_text(encoding="utf-8")
    assert "Paragraph 0 of the article" in text
    assert "All rights reserved" not in text


def test_readability_text_has_a_line_per_block() -> None:
    text = readability_text(ARTICLE.encode())
    assert "Paragraph 0 of the article says something worth reading today.\n" in text


def test_cpu_seconds_count_this_process_and_finished_children() -> None:
    before = cpu_seconds()
    subprocess.run([sys.executable, "-c", "sum(i * i for i in range(3_000_000))"], check=True)
    assert cpu_seconds() - before > 0.05


def test_the_table_gives_the_ratio_to_readability_by_cpu_and_wall_clock(capsys: pytest.CaptureFixture[str]) -> None:
    figures = {"pages": 3, "precision": 0.9, "recall": 0.8, "f1": 0.85}
    results = {
        name: {"seconds": seconds, "cpu_seconds": cpu, "pages_per_second": 3 / seconds, "errors": [],
               **{part: figures for part in ("all", "tuning", "held-out")}}
        for name, seconds, cpu in (("claimmark", 3.0, 2.0), ("readability", 2.0, 1.6))
    }
    print_table(results)
    assert "1.25x CPU, 1.50x wall-clock" in capsys.readouterr().out


def test_extractors_take_turns_and_keep_their_fastest_round(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[str, Path]] = []
    pauses = {"slow": [0.6, 0.05, 0.4], "fast": [0.02, 0.02, 0.02]}

    def extractor(name: str):
        def run(_files: list[Path], out_dir: Path) -> list[str]:
            calls.append((name, out_dir))
            # busy until this much CPU time has passed: on a shared machine a wall-clock pause
            # may get a fraction of a core, and its CPU time falls below the pause
            end = time.process_time() + pauses[name][sum(n == name for n, _ in calls) - 1]
            while time.process_time() < end:
                pass
            (out_dir / "page.txt").write_text(name, encoding="utf-8")
            return [f"{name} round {sum(n == name for n, _ in calls)}"]
        return run

    monkeypatch.setattr(bench.extraction, "EXTRACTORS", {"slow": extractor("slow"), "fast": extractor("fast")})
    keep, scratch = tmp_path / "keep", tmp_path / "scratch"
    best = time_rounds(["slow", "fast"], [], keep, scratch, rounds=3)
    assert [name for name, _ in calls] == ["slow", "fast"] * 3
    assert [out for _, out in calls[:2]] == [keep / "slow", keep / "fast"]
    assert all(out.parent == scratch for _, out in calls[2:])
    wall, cpu, errors = best["slow"]
    assert 0.05 <= wall < 0.35 and 0.04 <= cpu < 0.35
    assert errors == ["slow round 1"]
    assert (keep / "slow" / "page.txt").read_text(encoding="utf-8") == "slow"
