"""Checks many files: reads them, spreads the work over processes, runs the project phase."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from typing import Iterable, Sequence

from hardlint.catalog import load_rules
from hardlint.config import Config
from hardlint.discovery import display_path, iter_python_files
from hardlint.engine import check_source
from hardlint.finding import Fact, FileError, FileResult, Report
from hardlint.suppress import is_suppressed

# Below this many files a process pool costs more than it saves.
PARALLEL_THRESHOLD = 8
CHUNK_SIZE = 16


def check_file(path: str, config: Config) -> FileResult:
    """Read and check one file; unreadable files become per-file errors."""
    shown = display_path(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read(config.max_file_size + 1)
    except IsADirectoryError:
        return FileResult(shown, errors=[FileError(shown, "io", "is a directory, not a file")])
    except OSError as exc:
        return FileResult(shown, errors=[FileError(shown, "io", f"cannot read: {exc.strerror or exc}")])
    if len(data) > config.max_file_size:
        size = os.path.getsize(path)
        message = (f"skipped: {size / 1_048_576:.1f} MiB is above the "
                   f"{config.max_file_size / 1_048_576:.1f} MiB limit (max-file-size)")
        return FileResult(shown, errors=[FileError(shown, "too-large", message)])
    return check_source(data, shown, config, is_test=config.is_test(path))


def _check_chunk(paths: Sequence[str], config: Config) -> list[FileResult]:
    return [check_file(path, config) for path in paths]


def _chunks(items: Sequence[str], size: int) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def run_files(paths: Sequence[str], config: Config, jobs: int | None = None) -> list[FileResult]:
    """Check `paths`, in parallel when worthwhile; results come back in the order of `paths`."""
    jobs = jobs or config.jobs or default_jobs()
    if jobs <= 1 or len(paths) < PARALLEL_THRESHOLD:
        return _check_chunk(paths, config)
    size = max(1, min(CHUNK_SIZE, len(paths) // (jobs * 4) or 1))
    results: list[FileResult] = []
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for chunk_results in pool.map(_check_chunk, list(_chunks(paths, size)), [config] * len(paths)):
            results.extend(chunk_results)
    return results


def project_phase(results: Sequence[FileResult], config: Config) -> list:
    """Let project rules combine the facts every file recorded (routes, imports)."""
    facts: list[Fact] = [fact for result in results for fact in result.facts]
    findings = []
    lines_cache: dict[str, list[str]] = {}
    for code, rule in load_rules().items():
        if not config.enabled(code) or rule.check_project.__func__ is _base_check_project:
            continue
        for finding in rule.check_project(facts):
            if not config.enabled(finding.code, finding.path):
                continue
            lines = lines_cache.setdefault(finding.path, _read_lines(finding.path))
            line = lines[finding.line - 1] if 0 < finding.line <= len(lines) else ""
            if not is_suppressed(finding.code, [line]):
                findings.append(finding)
    return findings


def _read_lines(path: str) -> list[str]:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read().splitlines()
    except OSError:
        return []


def check_paths(paths: Sequence[str] | None = None, config: Config | None = None,
                jobs: int | None = None) -> Report:
    """Check every Python file under `paths` (default: the current directory)."""
    config = config or Config()
    files = list(iter_python_files(list(paths or ["."]), config))
    results = run_files(files, config, jobs)
    report = Report(files_checked=len(files))
    for result in results:
        report.findings.extend(result.findings)
        report.errors.extend(result.errors)
    report.findings.extend(project_phase(results, config))
    report.sort()
    return report


from hardlint.rule import Rule as _Rule  # noqa: E402 - used only to spot overridden hooks

_base_check_project = _Rule.check_project.__func__
