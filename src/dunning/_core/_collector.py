"""Pausing Python's cyclic garbage collector while a bounded batch of debtors is read and planned.

Planning allocates many short-lived objects and makes no reference cycles (nor does rendering
a message: tests/templates checks it). The cyclic collector, triggered
by those allocations, would scan every object the caller loaded and holds alive (a chunk's
debtors, debts and a long history each): in a streamed run with 100 events a debtor that was
more than half of the time of reading and planning, for nothing. So the planner pauses the
collector (``gc.disable``) while it reads (from the caller's iterator) and plans one
:meth:`~dunning.Planner.plan_stream` chunk, or plans :data:`BATCH` debtors of
:meth:`~dunning.Planner.plan`, drops what it read, and turns the collector back on (only if it
was on) before it hands anything back: cycles made meanwhile are collected then, so memory stays
bounded by the batch. The loaders pause it the same way while they read rows into models
(``read_groups`` a batch of rows, and a chunk's groups, at a time).

The collector is process-wide: nested or concurrent pauses (threads planning at once) are counted,
and the last one to end turns the collector back on. Code that calls ``gc.disable()`` itself while
a batch is planned in another thread has it turned back on when the batch ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from typing import TypeVar

__all__ = ["BATCH", "paused", "paused_batches"]

_T = TypeVar("_T")

#: Debtors :meth:`Planner.plan` plans per pause (the collector runs between batches).
BATCH = 1000

_lock = threading.Lock()
_depth = 0
_restore = False


@contextmanager
def paused() -> Iterator[None]:
    """Keep the cyclic collector off inside the block (re-entrant and thread-safe)."""
    global _depth, _restore
    with _lock:
        if _depth == 0:
            _restore = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _restore:
                gc.enable()


def paused_batches(items: Iterator[_T], size: int) -> Generator[_T, None, None]:
    """``items``, taken ``size`` at a time with the collector paused, handed over outside it.

    For a source that allocates without making cycles (rows read from a file, groups made from
    an index): its allocations would trigger the collector, which would then scan everything
    the caller holds. The caller's own code between items runs with the collector as it was. An
    exception raised while a batch is taken is raised after the items before it are handed
    over, as without batches."""
    done = False
    while not done:
        batch: list[_T] = []
        error: Exception | None = None
        with paused():
            try:
                for _ in range(size):
                    batch.append(next(items))
            except StopIteration:
                done = True
            except Exception as exc:  # the source's own error: raised in its turn
                error = exc
        yield from batch
        if error is not None:
            raise error
