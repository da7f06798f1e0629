"""Checks files in worker processes without letting one file spoil the run.

Files travel to a process pool in chunks, biggest files first so no worker is left with a long
tail. Each worker publishes which file it is on and since when (a "heartbeat" in shared memory),
which gives three guarantees at no cost to the normal path:

- a file that runs past the time limit inside Python is stopped by SIGALRM in its worker;
- a file stuck in native code past the limit is found by the parent, which kills that worker;
- a worker that dies (LibCST's native parser can crash on pathological input) breaks the pool;
  the files that were in progress are re-run one by one in fresh processes to find the culprit,
  and everything else goes to a new pool.

The culprit becomes a FileError (kind "timeout" or "internal"); every other file is checked.
"""

from __future__ import annotations

import ast
import os
import signal
import threading
import time
from typing import Any, Callable, Iterator, NamedTuple, Sequence

from hardlint.config import Config
from hardlint.finding import FileError, FileResult

FILE_TIME_LIMIT = 60.0  # seconds one file may take before it is given up
# Address space a worker process may use: the parse guard (`hardlint.source.guard_memory`) keeps
# every file well under it; this cap turns a wrong estimate into a MemoryError for one file (or a
# crash of one worker, which is then isolated) instead of a machine that swaps or an OOM kill.
MEMORY_LIMIT = 1024 * 1024 * 1024
KILL_GRACE = 10.0  # extra seconds before the parent kills a worker stuck in native code
MAX_CHUNK_FILES = 32
CHUNKS_PER_WORKER = 6

Progress = Callable[[int], None]


class Job(NamedTuple):
    """One file to check: its position in the run, the path it is reported under, its bytes."""

    index: int
    path: str
    data: bytes
    is_test: bool


class FileTimeout(BaseException):
    """Raised by the alarm inside a worker; a BaseException so no `except Exception` swallows it."""


# -- checking one file under a time limit ----------------------------------------------------

def _alarm(signum: int, frame: Any) -> None:
    raise FileTimeout()


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def timeout_result(job: Job, limit: float) -> FileResult:
    message = f"skipped: checking took longer than {limit:g} s"
    return FileResult(job.path, errors=[FileError(job.path, "timeout", message)])


def check_data(data: bytes, path: str, config: Config, *, is_test: bool) -> tuple[FileResult, ast.Module | None]:
    """The engine's check and the `ast` it built, if any. The engine is imported on first use: a
    run answered from the cache never loads LibCST."""
    from hardlint.engine import check_source_and_tree

    tree_wanted = False
    if config.bandit:  # bandit will walk CPython's tree of the file
        from hardlint.integrations.bandit_adapter import wanted

        tree_wanted = wanted(config)
    return check_source_and_tree(data, path, config, is_test=is_test, tree_wanted=tree_wanted)


def check_one(job: Job, config: Config) -> FileResult:
    """hardlint's rules on one file, then bandit's checks when the run uses them (walking the
    `ast` hardlint's check built instead of parsing the file again)."""
    result, tree = check_data(job.data, job.path, config, is_test=job.is_test)
    if config.bandit:
        from hardlint.integrations.bandit_adapter import add_findings

        add_findings(result, job.data, job.is_test, config, tree)
    return result


def check_job(job: Job, config: Config, limit: float | None) -> FileResult:
    """Check one file; with a limit (and on the main thread) give up after `limit` seconds."""
    if not limit or not _can_alarm():
        return check_one(job, config)
    previous = signal.signal(signal.SIGALRM, _alarm)
    try:
        signal.setitimer(signal.ITIMER_REAL, limit)
        try:
            return check_one(job, config)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except FileTimeout:
        return timeout_result(job, limit)
    finally:
        signal.signal(signal.SIGALRM, previous)


def check_serial(jobs: Sequence[Job], config: Config, limit: float | None,
                 progress: Progress | None = None) -> dict[int, FileResult]:
    """Check `jobs` in this process, one after the other."""
    from hardlint.gcpolicy import many_files

    results = {}
    with many_files():
        for job in jobs:
            results[job.index] = check_job(job, config, limit)
            if progress is not None:
                progress(1)
    return results


# -- worker side ---------------------------------------------------------------------------

_worker: dict[str, Any] = {}


def cap_memory(limit: int = MEMORY_LIMIT) -> None:
    """Lower this process's address-space limit to `limit` bytes (never raise it); no-op where the
    platform has no such limit."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        wanted = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
        if soft == resource.RLIM_INFINITY or soft > wanted:
            resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    except (ImportError, ValueError, OSError, AttributeError):
        pass


def _init_worker(config: Config, limit: float, beats: Any, pids: Any, counter: Any) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops the pool
    cap_memory()
    with counter.get_lock():
        slot = counter.value
        counter.value += 1
    pids[slot] = os.getpid()
    _worker.update(config=config, limit=limit, beats=beats, slot=slot)
    from hardlint.engine import _ruleset
    from hardlint.gcpolicy import tune_for_many_files

    _ruleset(config)
    tune_for_many_files()


def _run_chunk(jobs: Sequence[Job]) -> list[tuple[int, FileResult]]:
    config, limit, beats, slot = _worker["config"], _worker["limit"], _worker["beats"], _worker["slot"]
    done = []
    for job in jobs:
        beats[2 * slot] = job.index
        beats[2 * slot + 1] = time.monotonic()
        done.append((job.index, check_job(job, config, limit)))
        beats[2 * slot + 1] = 0.0
    return done


def _isolated_main(conn: Any, job: Job, config: Config, limit: float) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    cap_memory()
    conn.send(check_job(job, config, limit))
    conn.close()


# -- parent side -----------------------------------------------------------------------------

def _context() -> Any:
    """fork when this process has no other threads (fast: workers inherit the loaded rules),
    forkserver otherwise (forking a threaded process can deadlock the child)."""
    import multiprocessing  # here, not at the top: checking one file never needs it

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["hardlint.workers"])
        return context
    return multiprocessing.get_context("spawn")


def chunked(jobs: Sequence[Job], workers: int) -> list[list[Job]]:
    """Biggest files first, cut into chunks of roughly equal bytes."""
    ordered = sorted(jobs, key=lambda j: len(j.data), reverse=True)
    budget = max(1, sum(len(j.data) for j in jobs) // max(1, workers * CHUNKS_PER_WORKER))
    chunks: list[list[Job]] = []
    current: list[Job] = []
    size = 0
    for job in ordered:
        current.append(job)
        size += len(job.data)
        if size >= budget or len(current) >= MAX_CHUNK_FILES:
            chunks.append(current)
            current, size = [], 0
    if current:
        chunks.append(current)
    return chunks


class _Pass(NamedTuple):
    """What one pool pass left undone: files to retry in a new pool, files to isolate."""

    retry: list[Job]
    suspects: list[Job]


def check_parallel(jobs: Sequence[Job], config: Config, workers: int, limit: float,
                   progress: Progress | None = None) -> dict[int, FileResult]:
    """Check `jobs` over `workers` processes; every job gets a result, whatever the files do."""
    results: dict[int, FileResult] = {}
    todo = list(jobs)
    while todo:
        left = _pool_pass(todo, config, workers, limit, results, progress)
        for job in left.suspects:
            results[job.index] = check_isolated(job, config, limit)
            if progress is not None:
                progress(1)
        if left.retry and not left.suspects and len(left.retry) == len(todo):
            # The pool broke before any file started; do not loop: isolate everything.
            left = _Pass([], left.retry)
            for job in left.suspects:
                results[job.index] = check_isolated(job, config, limit)
                if progress is not None:
                    progress(1)
        todo = left.retry
    return results


def _pool_pass(jobs: Sequence[Job], config: Config, workers: int, limit: float,
               results: dict[int, FileResult], progress: Progress | None) -> _Pass:
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    context = _context()
    from hardlint.engine import _ruleset

    _ruleset(config).load_all()  # imported once here: forked workers inherit every rule
    if config.bandit:
        from hardlint.integrations.bandit_adapter import scanner_for

        scanner_for(config)  # bandit imported once, before the fork, not once per worker
    workers = max(1, min(workers, len(jobs)))
    beats = context.Array("d", [-1.0, 0.0] * workers, lock=False)
    pids = context.Array("i", workers, lock=False)
    counter = context.Value("i", 0)
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker,
                               initargs=(config, limit, beats, pids, counter))
    by_index = {job.index: job for job in jobs}
    timed_out: set[int] = set()
    broken = False
    try:
        pending = {pool.submit(_run_chunk, chunk): chunk for chunk in chunked(jobs, workers)}
        chunks = dict(pending)
        waiting = set(pending)
        while waiting and not broken:
            done, waiting = wait(waiting, timeout=0.5, return_when=FIRST_COMPLETED)
            for future in done:
                try:
                    finished = future.result()
                except BrokenProcessPool:
                    broken = True
                    continue
                except Exception as exc:  # noqa: BLE001 - e.g. a result that cannot be pickled
                    finished = [(job.index, _internal(job, f"worker failed: {exc!r}")) for job in chunks[future]]
                for index, result in finished:
                    results[index] = result
                if progress is not None:
                    progress(len(finished))
            for slot in _hung_slots(beats, workers, limit + KILL_GRACE):
                index = int(beats[2 * slot])
                if index in by_index and index not in results:
                    timed_out.add(index)
                    results[index] = timeout_result(by_index[index], limit)
                    if progress is not None:
                        progress(1)
                _kill(pids[slot])
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    if not broken and not timed_out:
        return _Pass([], [])
    in_progress = {int(beats[2 * s]) for s in range(workers) if beats[2 * s + 1] > 0}
    # After a timeout the culprit is known; after a crash every file in progress is a suspect.
    suspects = set() if timed_out else in_progress
    retry = [job for job in jobs if job.index not in results and job.index not in suspects]
    return _Pass(retry, [by_index[i] for i in sorted(suspects) if i in by_index and i not in results])


def _hung_slots(beats: Any, workers: int, threshold: float) -> Iterator[int]:
    now = time.monotonic()
    for slot in range(workers):
        started = beats[2 * slot + 1]
        if started > 0 and now - started > threshold:
            yield slot


def _kill(pid: int) -> None:
    if pid > 0:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def _internal(job: Job, message: str) -> FileResult:
    return FileResult(job.path, errors=[FileError(job.path, "internal", message)])


def check_isolated(job: Job, config: Config, limit: float) -> FileResult:
    """Check one file in a fresh process of its own; a crash or hang there costs only this file."""
    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_isolated_main, args=(sender, job, config, limit), daemon=True)
    process.start()
    sender.close()
    try:
        if receiver.poll(limit + KILL_GRACE):
            try:
                return receiver.recv()
            except (EOFError, OSError):
                pass
        else:
            process.kill()
            return timeout_result(job, limit)
    finally:
        process.join(5)
        if process.is_alive():
            process.kill()
            process.join()
        receiver.close()
    code = process.exitcode
    how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
    if code == -signal.SIGABRT:  # LibCST's native parser aborts when an allocation fails
        how += f", most likely out of the {MEMORY_LIMIT // 2**20} MiB of memory a worker may use"
    return _internal(job, f"internal error: the process checking this file crashed ({how})")


__all__ = ["Job", "FILE_TIME_LIMIT", "check_job", "check_serial", "check_parallel", "check_isolated"]
