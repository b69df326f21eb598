"""Timing helpers: floor and subject interleaved in one run, repeated, medians.

The machine is shared, so absolute times drift from minute to minute; a ratio of two
medians measured in alternation (floor, subject, floor, subject, ...) cancels most of
that drift, which is why every row is a ratio to a floor from the same run."""

from __future__ import annotations

import math
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Pair:
    """The samples (seconds) of a floor and its subject, taken in alternation."""

    floor: list[float]
    subject: list[float]

    @property
    def ratio(self) -> float:
        return median(self.subject) / median(self.floor)


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (`share` in 0..1) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(share * len(ordered))))
    return ordered[rank - 1]


def clock(action: Callable[[], object]) -> float:
    """Seconds one call of `action` takes."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def interleaved(
    floor: Callable[[], object],
    subject: Callable[[], object],
    repeats: int,
    *,
    warmup: bool = True,
    before: Callable[[], object] | None = None,
) -> Pair:
    """Time `floor` and `subject` alternately `repeats` times each (after one unmeasured
    call of each when `warmup`); `before` runs untimed ahead of every call of either."""

    def once(action: Callable[[], object]) -> float:
        if before is not None:
            before()
        return clock(action)

    if warmup:
        once(floor)
        once(subject)
    pair = Pair([], [])
    for _ in range(repeats):
        pair.floor.append(once(floor))
        pair.subject.append(once(subject))
    return pair


def load_average() -> str:
    """The 1, 5 and 15 minute load averages, as `uptime` prints them."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "unknown"
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"
