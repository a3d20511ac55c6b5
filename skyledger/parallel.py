"""Map a function over a stream in worker processes, in order, with a bounded number of items in flight.

Extraction is pure and CPU-bound, so it is what the cores are for: the caller's process reads, writes
and stores, and the workers extract. :func:`map_ordered` keeps the output in input order, so a run with
N workers writes exactly what a run with one writes, and it never holds more than a few chunks per
worker, so memory stays flat however long the input is. (``multiprocessing.Pool.imap`` would read the
whole input ahead of the workers.)

Workers are forked where the platform can, after the caller has loaded the extractor's tables and
morphology once (:func:`warm`), so every worker shares them instead of loading its own copy (frozen
out of the garbage collector's sight, ``gc.freeze``, so that neither it nor they walk them); elsewhere
each worker loads them once at start. Workers ignore Ctrl-C: the caller receives it, cancels what is
pending and says how far it got.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Any, TypeVar

from skyledger.errors import SkyledgerError

T = TypeVar("T")
R = TypeVar("R")

PR_SET_PDEATHSIG = 1  # <sys/prctl.h>

#: Items sent to a worker at once: enough to make the cost of a round trip small beside ~2 ms of
#: extraction per report, few enough that the output does not lag far behind the input.
CHUNK = 32
#: Chunks in flight per worker: one being worked on, one waiting, one coming back.
AHEAD = 3


class WorkerDied(SkyledgerError):
    """A worker process ended without returning its chunk (killed, or out of memory)."""


def default_workers() -> int:
    """The cores this process may use (its CPU affinity, not the machine's count, under a container or taskset)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of ``size`` consecutive items (the last one shorter), read lazily.

    >>> list(chunked(range(5), 2))
    [[0, 1], [2, 3], [4]]
    """
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _apply(func: Callable[[T], R], chunk: list[T]) -> list[R]:
    return [func(item) for item in chunk]


def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this worker when the process that started it dies, even of SIGKILL, which
    leaves no chance to shut the pool down: an orphan would wait on its queue for ever."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the pool's own shutdown has to do
        return
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


def _merged(part: list[Any], done: Future[list[Any]], wanted: Callable[[Any], bool]) -> list[Any]:
    """A chunk's results in its order: the workers' for the items sent, the others as they were."""
    results = iter(done.result())
    return [next(results) if wanted(item) else item for item in part]


def _quiet_worker(parent: int, warmup: Callable[[], Any] | None) -> None:
    """Start a worker: die with the caller, leave Ctrl-C to it, load what ``warmup`` loads (spawned workers only)."""
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if warmup is not None:
        warmup()


def map_ordered(
    func: Callable[[T], R],
    items: Iterable[T],
    workers: int = 1,
    chunk: int = CHUNK,
    warmup: Callable[[], Any] | None = None,
    only: Callable[[T], bool] | None = None,
    ahead: int = 0,
) -> Iterator[R]:
    """``map(func, items)`` over ``workers`` processes, results in input order.

    ``func`` must be a module-level function (it is pickled by name) and must not raise: return
    failures as values. With ``workers=1`` everything runs here, in this process. ``warmup`` loads
    shared state once: here before forking, or in each worker where workers are spawned. Items for
    which ``only`` is false are passed on as they are, without a round trip to a worker (``func``
    must return such an item unchanged): a failure, or a report a resumed run already stored.

    ``ahead`` items, in whole chunks, are kept in flight, or ``AHEAD`` chunks per worker if more: a caller that
    stops to work on a batch of results (``ingest`` stores and reconciles ``--batch`` documents at
    once) needs the workers to have more than a batch to do meanwhile, or they wait for it and it
    for them, in turn.
    """
    if workers <= 1:
        yield from map(func, items)
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    forked = context.get_start_method() == "fork"
    frozen = warmup is not None and forked
    if frozen:
        warmup()
        # What the warm-up loaded lives as long as the workers. Frozen, it is out of the collector's
        # sight: a full collection no longer walks the extractor's millions of objects (in an
        # ingest's main process such collections took 2.9 s of every 2,000 documents, 1.4 s
        # after), and the forked workers' collections do not write to the pages they share with it.
        # Collected first, so that no garbage is frozen with it; unfrozen when the workers are done.
        gc.collect()
        gc.freeze()
    pool = ProcessPoolExecutor(
        workers, mp_context=context, initializer=_quiet_worker, initargs=(os.getpid(), None if forked else warmup)
    )
    wanted = only or (lambda item: True)
    pending: deque[tuple[list[T], Future[list[R]]]] = deque()
    in_flight = max(workers * AHEAD, -(-ahead // chunk))
    try:
        for part in chunked(items, chunk):
            pending.append((part, pool.submit(_apply, func, [item for item in part if wanted(item)])))
            if len(pending) >= in_flight:
                yield from _merged(*pending.popleft(), wanted)
        while pending:
            yield from _merged(*pending.popleft(), wanted)
    except BrokenProcessPool as e:  # killed from outside (out of memory): say so in one line
        raise WorkerDied("a worker process died (out of memory?); run again to finish the rest") from e
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        if frozen:
            gc.unfreeze()
