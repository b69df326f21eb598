"""The benchmark suite's harness (`python -m bench`), not its timings: the data it
generates, the table it prints, and one cheap row run end to end."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from bench.suite import data
from bench.suite.run import NAMES, parse
from bench.suite.table import Row, duration, format_table, not_measured, ratio_row, save_json
from bench.suite.timing import Pair, interleaved, percentile

from claimmark import core

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", list(data.SIZES))
def test_articles_have_the_stated_size_and_import_with_a_reading_text(tmp_path: Path, name: str) -> None:
    size = data.SIZES[name]
    path = data.write_articles(tmp_path / "pages", {name: size})[name]
    raw = path.read_bytes()
    assert size <= len(raw) <= size * 1.02  # within one paragraph of the size asked for
    html = raw.decode()
    for boilerplate in ("<nav>", "share-bar", "Related stories", 'class="comments"', "<footer>"):
        assert boilerplate in html
    extracted = core.extract_file(path)
    first = data.paragraphs()[0]
    text = extracted.text
    assert len(text) > size * 0.5  # the article's paragraphs, not the page's boilerplate
    assert "Related stories" not in text and "Cookie settings" not in text
    assert any(p in text for p in data.paragraphs()) or first[:40] in text


def test_paragraphs_are_real_text_from_the_fixtures() -> None:
    paragraphs = data.paragraphs()
    assert len(paragraphs) >= 20
    assert all(len(p) >= 80 for p in paragraphs)
    fixtures = "".join(p.read_text(encoding="utf-8", errors="replace") for p in
                       (ROOT / "tests" / "fixtures" / "extraction").glob("*.html"))
    assert paragraphs[0].split()[0] in fixtures


def test_seeds_make_different_articles() -> None:
    assert data.article(20_000, seed=1) != data.article(20_000, seed=2)
    assert data.article(20_000, seed=1) == data.article(20_000, seed=1)


def test_variants_are_distinct_documents_through_the_facade(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(data.article(20_000, seed=3), encoding="utf-8")
    docs = list(data.variants(core.extract_file(page), 5))
    with core.Project.open(tmp_path / "p.claimmark", create=True) as project:
        results = [project.add_document(d) for d in docs]  # type: ignore[arg-type]
        assert not any(r.duplicate for r in results)
        texts = [project.reading_document(r.id).text for r in results]
    assert len(set(texts)) == 5
    assert len({len(t) for t in texts}) == 1  # so one set of annotation ranges fits every one


def test_the_table_shows_ratio_target_and_verdict() -> None:
    rows = [
        ratio_row("fast", "a figure: 1 s", "its floor: 1 s", 1.2, 1.5),
        ratio_row("slow", "a figure: 3 s", "its floor: 1 s", 3.0, 1.5),
        not_measured("later", "a figure", "a floor", "<= 2x", "not measurable yet"),
    ]
    lines = format_table(rows).splitlines()
    assert lines[0] == "| figure | floor | ratio | target | result |"
    assert lines[2] == "| fast: a figure: 1 s | its floor: 1 s | 1.20x | <= 1.5x | pass |"
    assert lines[3] == "| slow: a figure: 3 s | its floor: 1 s | 3.00x | <= 1.5x | FAIL |"
    assert lines[4] == "| later: a figure | a floor [not measurable yet] | n/a | <= 2x | n/a |"


def test_short_times_print_in_milliseconds() -> None:
    assert duration(0.0042) == "4.2 ms"
    assert duration(1.234) == "1.23 s"


def test_a_pipe_in_a_cell_does_not_break_the_table() -> None:
    row = Row("x", "a | b", "floor", "t", 1.0, True)
    assert format_table([row]).splitlines()[2].count("|") == 6


def test_the_json_keeps_each_row_and_its_verdict(tmp_path: Path) -> None:
    out = tmp_path / "table.json"
    save_json([ratio_row("r", "f", "fl", 2.0, 1.5, floor_s=[1.0])], out, {"quick": True})
    saved = json.loads(out.read_text())
    assert saved["quick"] is True
    assert saved["rows"][0]["result"] == "FAIL"
    assert saved["rows"][0]["values"] == {"floor_s": [1.0]}


def test_floor_and_subject_alternate_after_a_warm_up() -> None:
    calls: list[str] = []
    pair = interleaved(lambda: calls.append("f"), lambda: calls.append("s"), 3)
    assert calls == ["f", "s"] * 4
    assert len(pair.floor) == len(pair.subject) == 3


def test_ratio_and_percentiles() -> None:
    assert Pair([1.0, 2.0, 3.0], [4.0, 6.0, 8.0]).ratio == 3.0
    values = [float(i) for i in range(1, 101)]
    assert percentile(values, 0.99) == 99.0
    assert percentile(values, 0.5) == 50.0
    assert percentile([5.0], 0.99) == 5.0


def test_only_takes_a_known_group() -> None:
    assert parse(["--quick", "--only", "search"]).only == "search"
    assert "build" in NAMES and "reader" in NAMES
    with pytest.raises(SystemExit):
        parse(["--only", "no-such-row"])


def test_quick_run_of_one_row_prints_a_table(tmp_path: Path) -> None:
    out = tmp_path / "table.json"
    done = subprocess.run([sys.executable, "-m", "bench", "--quick", "--only", "file-size", "--json", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("load average at start: ")
    assert lines[1] == "| figure | floor | ratio | target | result |"
    assert lines[3].startswith("| file size: ") and lines[3].endswith((" pass |", " FAIL |"))
    assert lines[-1].startswith("load average at end: ")
    assert [r["name"] for r in json.loads(out.read_text())["rows"]] == ["file size"]
