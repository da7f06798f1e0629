"""Garbage-collector settings for checking many files in one process.

A parse builds a tree of hundreds of thousands of objects that all stay alive until the file is
done. With CPython's default settings every 700 allocations start a collection that walks those
live trees, and each full collection walks every module, rule and table loaded at start-up too:
on the benchmark corpus that is a tenth of hardlint's CPU time and a quarter of bandit's. Freezing
what start-up loaded and collecting the young generation every 100,000 allocations instead keeps
cycles collected (bandit's trees have parent links) at a fraction of the cost.
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from typing import Iterator

YOUNG_THRESHOLD = 100_000


def tune_for_many_files() -> None:
    """For a worker process that checks file after file until it exits: set once, never undone."""
    gc.freeze()
    young, middle, old = gc.get_threshold()
    gc.set_threshold(max(young, YOUNG_THRESHOLD), middle, old)


_lock = threading.Lock()
_batches = 0  # batches running in this process (threads may check at the same time)
_saved: tuple[tuple[int, int, int], bool] = ((700, 10, 10), False)


@contextmanager
def many_files() -> Iterator[None]:
    """The same settings around checking a batch in the caller's process, restored afterwards
    (by the last of several batches running at once in different threads)."""
    global _batches, _saved
    with _lock:
        if _batches == 0:
            # never thaw what the caller froze itself
            _saved = (gc.get_threshold(), gc.get_freeze_count() == 0)
            tune_for_many_files()
        _batches += 1
    try:
        yield
    finally:
        with _lock:
            _batches -= 1
            if _batches == 0:
                threshold, frozen_by_us = _saved
                gc.set_threshold(*threshold)
                if frozen_by_us:
                    gc.unfreeze()
