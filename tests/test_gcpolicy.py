"""Garbage-collector settings for batches: in force while files are checked, undone afterwards."""

from __future__ import annotations

import gc

from hardlint.config import Config
from hardlint.gcpolicy import YOUNG_THRESHOLD, many_files
from hardlint.workers import Job, check_serial


def test_a_batch_in_the_callers_process_restores_the_collector():
    before = gc.get_threshold()
    assert gc.get_freeze_count() == 0
    with many_files():
        assert gc.get_threshold()[0] >= YOUNG_THRESHOLD and gc.get_threshold()[1:] == before[1:]
        assert gc.get_freeze_count() > 0, "what start-up loaded is frozen"
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_objects_the_caller_froze_stay_frozen():
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with many_files():
            pass
        assert gc.get_freeze_count() >= frozen > 0
    finally:
        gc.unfreeze()


def test_checking_in_process_leaves_the_collector_as_it_was():
    before = gc.get_threshold()
    jobs = [Job(0, "app/a.py", b"try:\n    x()\nexcept:\n    pass\n", False)]
    results = check_serial(jobs, Config(bandit=False, cache=False), limit=None)
    assert [f.code for f in results[0].findings] == ["HL401"]
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_overlapping_batches_in_threads_restore_the_collector_once_the_last_ends():
    import threading

    before = gc.get_threshold()
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()

    def first():
        with many_files():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    thread = threading.Thread(target=first)
    thread.start()
    first_in.wait(5)
    with many_files():
        second_in.set()
        first_out.wait(5)
        assert gc.get_threshold()[0] >= YOUNG_THRESHOLD, "still tuned while this batch runs"
    thread.join(5)
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
