"""Extraction in worker processes, each file bounded in time and memory.

A page is parsed by libxml2, readability-lxml and trafilatura, which a hostile or
huge page can keep busy for minutes inside one call, and whose broad ``except
Exception`` blocks swallow any exception a watchdog raises. So every command that
extracts (import, extract, reimport, the window's import) hands each file to a worker
process: the parent waits for it with a deadline (`Limits.max_import_seconds`) and
kills a worker that overruns; each worker caps its own address space
(`Limits.max_worker_memory_bytes`, RLIMIT_AS), so a page that needs more memory fails
with MemoryError in the worker instead of the machine's memory running out. A worker
that dies (killed, a crash in a parser) costs its file only; the next file goes on in
a fresh worker.

Workers are started with "spawn" (never forked from a Qt process), ignore SIGINT
(Ctrl+C is the parent's), die with the process that started them (Linux:
PR_SET_PDEATHSIG; elsewhere a backstop timer), and are kept for the life of the
process (`pool()`, closed at exit), so many extractions in one process pay one start.
Each task carries the parent's current `LIMITS`. Up to `POOL_SIZE` files are extracted
at once, and each busy worker holds the next files too (`QUEUED`), so it goes on while
the parent stores; a file's deadline starts when the parent hears the one before it is
done. Results come back in the order the files were given, so the caller stores them
in file order.
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import importlib
import multiprocessing
import os
import signal
import sys
import time
import traceback
from collections import deque
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from claimmark.core.model.limits import LIMITS, Limits, format_size

POOL_SIZE = max(1, min(2, os.cpu_count() or 1))
QUEUED = 3  # jobs a busy worker is sent ahead of the one it reads (it goes on while the parent commits)
GRACE_SECONDS = 10  # a worker whose parent is gone ends itself this long after its deadline
START_SECONDS = 120  # a worker that has not started (imported the parsers) by then is given up
TIME_HINT = "allow more with --time-limit SECONDS"
MEMORY_HINT = "allow more with --memory-limit MB"
_BACKSTOP = hasattr(signal, "setitimer")  # POSIX


@dataclass(frozen=True)
class Job:
    """One extraction: `function(*args)` in a worker, returning an `Extracted`. `path`
    is the file messages name. `function` must be importable (pickled by name)."""

    function: Callable[..., Any]
    args: tuple[Any, ...]
    path: Path


@dataclass
class Done:
    """What became of one job: `extracted`, or a one-line `message` (naming `path`)."""

    job: Job
    extracted: Any = None
    message: str = ""
    path: Path | None = None  # the file the message is about (the job's, unless a part of it)
    details: str = ""  # a traceback for the log, when a bug and not the input was at fault

    @property
    def failed(self) -> bool:
        return self.extracted is None


def timeout_message(limits: Limits) -> str:
    return (f"reading the page took longer than the limit of {limits.max_import_seconds:g} s per file; "
            f"it was not imported ({TIME_HINT})")


def memory_message(limits: Limits) -> str:
    return (f"reading the page needs more memory than the limit of "
            f"{format_size(limits.max_worker_memory_bytes)} per file; it was not imported ({MEMORY_HINT})")


# -- the worker process ---------------------------------------------------------------
def _serve(conn: Connection, initializer: str | None, parent: int) -> None:
    """A worker's life: get ready, then extract one task at a time until told to stop
    or the parent is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent)
    if _BACKSTOP:
        signal.signal(signal.SIGALRM, signal.SIG_DFL)  # the backstop timer ends the process
    import trafilatura  # noqa: F401

    import claimmark.core.extract.pipeline  # noqa: F401  the parsers load before the first deadline starts

    if initializer:
        module, _, name = initializer.partition(":")
        getattr(importlib.import_module(module), name)()
    conn.send("ready")
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:  # nothing to flush or clean up: skip the interpreter's slow shutdown
            conn.close()
            os._exit(0)
        function, args, limits = task
        reply, fatal = _run(function, args, limits)
        if _BACKSTOP:
            signal.setitimer(signal.ITIMER_REAL, 0)
        try:
            conn.send((*reply, fatal))
        except MemoryError:
            conn.send(("failed", memory_message(limits), None, True))
            fatal = True
        except (OSError, EOFError):
            return
        if fatal:  # memory ran out, or nearly: the parent starts a fresh worker for the next file
            return


def _die_with_parent(parent: int) -> None:
    """On Linux, have the kernel kill this worker when the command that started it dies
    (a kill -9 of the command would otherwise leave it reading its page until the
    backstop timer). Elsewhere the backstop timer and the closed pipe end it."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the command died before the request took effect
        os._exit(1)


def _run(function: Callable[..., Any], args: tuple[Any, ...], limits: Limits) -> tuple[tuple[Any, ...], bool]:
    """One task: (reply, whether the worker must end after it). A worker whose address
    space came near its cap ends after the task, so that its peak (which never goes
    down) tells about one page only."""
    from claimmark.core.model.errors import ClaimMarkError

    for field in dataclasses.fields(Limits):
        setattr(LIMITS, field.name, getattr(limits, field.name))
    if _BACKSTOP and limits.max_import_seconds > 0:
        signal.setitimer(signal.ITIMER_REAL, limits.max_import_seconds + GRACE_SECONDS)
    _cap_memory(limits.max_worker_memory_bytes)
    try:
        return ("ok", function(*args), None), _near_cap(limits)
    except MemoryError:
        return ("failed", memory_message(limits), None), True
    except Exception as exc:  # noqa: BLE001  the worker's error boundary: any failure is a reply, not a death
        # libxml2 reports an allocation that failed as a parse error ("unknown error"):
        # a failure near the cap is the cap's
        if _near_cap(limits):
            return ("failed", memory_message(limits), None), True
        if isinstance(exc, ClaimMarkError):
            return ("failed", exc.message, str(exc.path) if exc.path else None), False
        # a bug, not bad input: keep the details for the parent's log
        return ("error", f"unexpected error ({type(exc).__name__}: {exc})", traceback.format_exc()), False


def _near_cap(limits: Limits) -> bool:
    """Whether this process's peak address space came within a tenth of the cap (an
    allocation smaller than that which failed means memory ran out)."""
    cap = limits.max_worker_memory_bytes
    if cap <= 0:
        return False
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            peak = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmPeak:"))
    except (OSError, StopIteration, ValueError):
        try:
            import resource
        except ImportError:
            return False
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # resident, not mapped: a floor
    return peak >= cap * 0.9


def _cap_memory(limit: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: the deadline holds, memory is not capped (docs/security.md)
        return
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    soft = limit if limit > 0 else resource.RLIM_INFINITY
    if hard != resource.RLIM_INFINITY and (soft == resource.RLIM_INFINITY or soft > hard):
        soft = hard
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


# -- the parent's side ----------------------------------------------------------------
class _Worker:
    def __init__(self, initializer: str | None) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, initializer, os.getpid()), daemon=True,
                                       name="claimmark-extract")
        self.process.start()
        child.close()
        self.state = "starting"
        self.started = time.monotonic()
        self.index = -1
        self.deadline: float | None = None
        self.limits = LIMITS
        self.queued: deque[tuple[int, Limits]] = deque()  # jobs sent after the one it reads

    def give(self, index: int, job: Job) -> None:
        """Send a job: an idle worker starts it now, a busy one when it is done with the
        job it reads (its deadline starts then), so that it need not wait for the parent
        (storing the last results) between the two."""
        limits = dataclasses.replace(LIMITS)
        self.conn.send((job.function, job.args, limits))
        if self.state == "busy":
            self.queued.append((index, limits))
        else:
            self._begin(index, limits)

    def _begin(self, index: int, limits: Limits) -> None:
        self.state, self.index, self.limits = "busy", index, limits
        seconds = limits.max_import_seconds
        self.deadline = time.monotonic() + seconds if seconds > 0 else None

    def next_job(self) -> bool:
        """After a reply: the next job sent is the one it reads now (True), or it is idle."""
        if self.queued:
            self._begin(*self.queued.popleft())
            return True
        self.state, self.deadline = "idle", None
        return False

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()
        self.state = "gone"

    def end_why(self) -> str:
        """How the worker ended, as the message of the file it was reading (or about to)."""
        self.process.join(timeout=1)
        code = self.process.exitcode
        if code is not None and code < 0:
            how = f"was killed by signal {-code} ({signal.Signals(-code).name})"
        else:
            how = f"stopped (exit status {code})"
        when = "while reading the page" if self.state == "busy" else "before it was ready"
        return f"the extraction worker {how} {when}; it was not imported"


class Pool:
    """Worker processes for extraction; one `Batch` at a time uses them."""

    def __init__(self, size: int = POOL_SIZE, initializer: str | None = None) -> None:
        self.size = size
        self.initializer = initializer
        self.workers: list[_Worker] = []

    def batch(self, jobs: Sequence[Job]) -> Batch:
        return Batch(self, jobs)

    def run(self, jobs: Sequence[Job]) -> Generator[Done, None, None]:
        """Each job's outcome, in order, as soon as it and those before it are done."""
        batch = self.batch(jobs)
        try:
            while not batch.finished:
                yield from batch.ready(None)
        finally:
            batch.cancel()

    def run_one(self, job: Job) -> Done:
        results = self.run([job])
        try:
            return next(results)
        finally:
            results.close()

    def close(self) -> None:
        for worker in self.workers:
            if worker.state == "idle":
                with contextlib.suppress(OSError):
                    worker.conn.send(None)
                worker.process.join(timeout=2)
            worker.stop()
        self.workers = []

    def warm(self, count: int = 1) -> None:
        """Start up to `count` workers now, ahead of any job: they load the parsers while
        the caller gets on with its own start (a command parsing its arguments, opening
        its project). A `Batch` uses them as the workers it would have started."""
        while len(self.workers) < min(count, self.size):
            self.start_worker()

    def start_worker(self) -> _Worker:
        """One more worker process (a `Batch` grows the pool up to `size`)."""
        worker = _Worker(self.initializer)
        self.workers.append(worker)
        return worker

    def drop(self, worker: _Worker) -> None:
        """Stop a worker that ended, failed or must end, and forget it."""
        worker.stop()
        self.workers.remove(worker)


class Batch:
    """Jobs handed to a pool's workers, `Pool.size` at a time, no more than a few ahead
    of the first unfinished one; `ready()` gives outcomes in job order."""

    def __init__(self, pool: Pool, jobs: Sequence[Job]) -> None:
        self.pool = pool
        self.jobs = list(jobs)
        self._pending: deque[int] = deque(range(len(self.jobs)))
        self._done: dict[int, Done] = {}
        self._next = 0
        self._mine: set[_Worker] = set()

    @property
    def finished(self) -> bool:
        return self._next >= len(self.jobs)

    def ready(self, timeout: float | None = 0) -> list[Done]:
        """The outcomes, in order, that are known now; wait up to `timeout` seconds (None:
        until at least one is) for them."""
        out = self._collect()
        end = None if timeout is None else time.monotonic() + timeout
        while not out and not self.finished:
            self._step(None if end is None else max(0.0, end - time.monotonic()))
            out = self._collect()
            if end is not None and time.monotonic() >= end:
                break
        self._dispatch()
        return out

    def cancel(self) -> None:
        """Drop the jobs not done yet; workers busy with them are ended."""
        self._pending.clear()
        for worker in list(self._mine):
            if worker.state == "busy":
                self.pool.drop(worker)
        self._mine.clear()
        self._next = len(self.jobs)

    def _collect(self) -> list[Done]:
        out = []
        while self._next in self._done:
            out.append(self._done.pop(self._next))
            self._next += 1
        return out

    def _dispatch(self) -> None:
        pool = self.pool
        busy = [w for w in pool.workers if w.state == "busy"]
        wanted = min(pool.size, len(self._pending) + len(busy))
        while len(pool.workers) < wanted:
            pool.start_worker()
        for worker in list(pool.workers):
            if worker.state == "idle" and not worker.process.is_alive():  # it ended while idle
                pool.drop(worker)  # (its starting thread's exit on Linux)
        # jobs go to idle workers first; ahead to busy ones (fewest held first) only once
        # none is starting, so that a worker still loading the parsers gets its share
        ahead = not any(w.state == "starting" for w in pool.workers)
        while self._pending and self._pending[0] <= self._next + (1 + QUEUED) * pool.size:
            takers = [w for w in pool.workers if w.state == "idle"] or [
                w for w in pool.workers
                if ahead and w.state == "busy" and w in self._mine and len(w.queued) < QUEUED
            ]
            if not takers:
                break
            worker = min(takers, key=lambda w: len(w.queued))
            index = self._pending.popleft()
            try:
                worker.give(index, self.jobs[index])
            except (OSError, EOFError):  # it died: an idle one's job runs in a fresh worker,
                self._pending.appendleft(index)  # a busy one's death is heard in _step
                if worker.state != "idle":
                    break
                pool.drop(worker)
                continue
            self._mine.add(worker)

    def _step(self, timeout: float | None) -> None:
        self._dispatch()
        pool = self.pool
        now = time.monotonic()
        waiting = [w for w in pool.workers if w.state in ("starting", "busy")]
        if not waiting:
            return
        deadlines = [w.deadline for w in waiting if w.state == "busy" and w.deadline is not None]
        deadlines += [w.started + START_SECONDS for w in waiting if w.state == "starting"]
        until = min(deadlines, default=None)
        wait_for = None if until is None else max(0.0, until - now)
        if timeout is not None:
            wait_for = timeout if wait_for is None else min(wait_for, timeout)
        handles: list[Any] = [w.conn for w in waiting] + [w.process.sentinel for w in waiting]
        ready = set(wait(handles, wait_for))
        now = time.monotonic()
        for worker in waiting:
            if worker.conn in ready:
                self._hear(worker)
            elif worker.process.sentinel in ready:
                self._lost(worker, worker.end_why())
            elif worker.state == "busy" and worker.deadline is not None and now >= worker.deadline:
                self._lost(worker, timeout_message(worker.limits))
            elif worker.state == "starting" and now >= worker.started + START_SECONDS:
                self._lost(worker, f"the extraction worker did not start within {START_SECONDS} s; "
                           "it was not imported")

    def _hear(self, worker: _Worker) -> None:
        try:
            reply = worker.conn.recv()
        except (EOFError, OSError):
            self._lost(worker, worker.end_why())
            return
        except MemoryError:  # the parent could not take the result in
            self._lost(worker, memory_message(worker.limits))
            return
        if worker.state == "starting":
            worker.state = "idle"
            return
        job = self.jobs[worker.index]
        if reply[0] == "ok":
            done = Done(job, reply[1])
        elif reply[0] == "failed":
            done = Done(job, None, reply[1], Path(reply[2]) if reply[2] else job.path)
        else:
            done = Done(job, None, reply[1], job.path, details=reply[2])
        self._done[worker.index] = done
        if reply[3]:  # it ends itself after (nearly) running out of memory
            self._requeue(worker)
            self._mine.discard(worker)
            self.pool.drop(worker)
        elif not worker.next_job():
            self._mine.discard(worker)

    def _requeue(self, worker: _Worker) -> None:
        """The jobs sent to a worker that ends before reading them go to another."""
        if worker.queued:
            self._pending = deque(sorted([*self._pending, *(index for index, _limits in worker.queued)]))
            worker.queued.clear()

    def _lost(self, worker: _Worker, message: str) -> None:
        """A worker killed for its deadline, or one that died: its job fails with `message`."""
        if worker.state == "busy":
            job = self.jobs[worker.index]
            self._done[worker.index] = Done(job, None, message, job.path)
            self._requeue(worker)
        elif worker.state == "starting" and self._pending:  # it could not start: the next job says so
            index = self._pending.popleft()
            self._done[index] = Done(self.jobs[index], None, message, self.jobs[index].path)
        self._mine.discard(worker)
        self.pool.drop(worker)


_pool: Pool | None = None
_initializer: str | None = None


def pool() -> Pool:
    """The process's pool of extraction workers (started on first use, closed at exit)."""
    global _pool
    if _pool is None:
        _pool = Pool(initializer=_initializer)
        atexit.register(close)
    return _pool


def close() -> None:
    global _pool
    if _pool is not None:
        _pool.close()
        _pool = None


def use_initializer(name: str | None) -> None:
    """Have every worker call `name` ("module:function") once at start, after the parsers
    are loaded (tests install their recorders or slow parsers in the workers this way).
    The current workers are ended; fresh ones start with it."""
    global _initializer
    close()
    _initializer = name
