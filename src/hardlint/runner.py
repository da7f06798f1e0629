"""Checks many files: reads them, spreads the work over processes, runs the project phase."""

from __future__ import annotations

import os
import stat
from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING, Callable, Sequence

from hardlint.catalog import rule_enabled, rule_index
from hardlint.config import Config, ConfigResolver
from hardlint.discovery import display_path, iter_python_files
from hardlint.finding import Fact, FileError, FileResult, Finding, Report
from hardlint.source import read_lines
from hardlint.suppress import is_suppressed, malformed_notes
from hardlint.workers import FILE_TIME_LIMIT, Job, check_parallel, check_serial

if TYPE_CHECKING:
    from hardlint.cache import ResultCache

# Below this many files (left after the cache) a process pool costs more than it saves.
PARALLEL_THRESHOLD = 8


def _read(path: str, shown: str, config: Config) -> bytes | FileResult:
    """The file's bytes, or the FileResult explaining why it cannot be checked."""
    try:
        # O_NONBLOCK: opening a FIFO named like a Python file must not wait for a writer forever.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with open(fd, "rb") as handle:
            mode = os.fstat(fd).st_mode
            if stat.S_ISDIR(mode):
                raise IsADirectoryError(path)
            if not stat.S_ISREG(mode):
                return FileResult(shown, errors=[FileError(shown, "io", "not a regular file (a FIFO, socket "
                                                           "or device); skipped")])
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
    return data


def check_file(path: str, config: Config) -> FileResult:
    """Read and check one file; unreadable files become per-file errors."""
    shown = display_path(path)
    data = _read(path, shown, config)
    if isinstance(data, FileResult):
        return data
    from hardlint.engine import check_source

    return check_source(data, shown, config, is_test=config.is_test(path))


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


# Errors that say nothing lasting about the file's content are never cached.
_TRANSIENT_ERRORS = frozenset({"io", "internal", "rule", "timeout"})


def run_files(paths: Sequence[str], config: Config, jobs: int | None = None, *,
              progress: Callable[[int, int], None] | None = None,
              time_limit: float | None = FILE_TIME_LIMIT, cache: ResultCache | None = None) -> list[FileResult]:
    """Check `paths`, in parallel when worthwhile; results come back in the order of `paths`.

    Unchanged files are answered from the result cache (unless `config.cache` is off).
    `progress(done, total)` is called as files finish.
    """
    jobs = jobs or config.jobs or default_jobs()
    cache = cache or result_cache(config)
    results: list[FileResult | None] = [None] * len(paths)
    keys: dict[int, str] = {}
    todo: list[Job] = []
    for index, path in enumerate(paths):
        shown = display_path(path)
        data = _read(path, shown, config)
        if isinstance(data, FileResult):
            results[index] = data
            continue
        is_test = config.is_test(path)
        if cache is not None:
            keys[index] = key = cache.key(shown, data, is_test)
            cached = cache.get(key, shown)
            if cached is not None:
                results[index] = cached
                continue
        todo.append(Job(index, shown, data, is_test))

    done = len(paths) - len(todo)
    tick = None
    if progress is not None:
        def tick(count: int) -> None:
            nonlocal done
            done += count
            progress(done, len(paths))
        progress(done, len(paths))

    if jobs > 1 and len(todo) >= PARALLEL_THRESHOLD:
        fresh = check_parallel(todo, config, jobs, time_limit or FILE_TIME_LIMIT, tick)
    else:
        fresh = check_serial(todo, config, time_limit, tick)
    for index, result in fresh.items():
        results[index] = result
        if cache is not None and cacheable(result):
            cache.put(keys[index], result)
    return results  # type: ignore[return-value] - every slot is filled above


def project_phase(results: Sequence[FileResult], config: Config, errors: list[FileError] | None = None,
                  cache: ResultCache | None = None) -> list:
    """Let project rules combine the facts every file recorded (routes, imports).

    A project rule that raises costs only its own findings; the failure goes to `errors`. With a
    cache that saw every file of the run, an unchanged tree reuses the last run's project findings.
    """
    key = cache.project_key() if cache is not None else None
    shown = frozenset(result.path for result in results)
    cached = cache.get(key, shown) if cache is not None and key is not None else None
    if cached is not None:
        return cached.findings
    failures: list[FileError] = []
    findings = _combine_facts(results, config, failures)
    if errors is not None:
        errors.extend(failures)
    if cache is not None and key is not None and not failures:
        cache.put(key, FileResult("<project>", findings=findings))
    return findings


def _combine_facts(results: Sequence[FileResult], config: Config, errors: list[FileError]) -> list[Finding]:
    facts: list[Fact] = [fact for result in results for fact in result.facts]
    findings = []
    lines_cache: dict[str, list[str]] = {}
    index = rule_index()
    if facts:
        from hardlint.rule import Rule

        base_check_project = Rule.check_project.__func__  # type: ignore[attr-defined]
    # A fact's kind starts with the code of the rule that recorded it ("HL801.import").
    for code in sorted({fact.kind.split(".", 1)[0] for fact in facts} & set(index)):
        rule = index[code].load()
        if not rule_enabled(code, config) or rule.check_project.__func__ is base_check_project:
            continue
        try:
            combined = rule.check_project(facts)
        except Exception as exc:  # noqa: BLE001 - a rule's bug must not end the run
            errors.append(FileError("<project>", "rule", f"rule {code} failed in the project phase: "
                                    f"{type(exc).__name__}: {exc}", rule=code))
            continue
        for finding in combined:
            if not config.enabled(finding.code, finding.path):
                continue
            lines = lines_cache.setdefault(finding.path, read_lines(finding.path))
            line = lines[finding.line - 1] if 0 < finding.line <= len(lines) else ""
            if not is_suppressed(finding.code, [line]):
                severity = config.severity_of(finding.code, finding.severity)
                findings.append(finding if severity == finding.severity else replace(finding, severity=severity))
    return findings


def cacheable(result: FileResult) -> bool:
    """Results whose errors say something lasting about the file's content (not a timeout)."""
    return not any(e.kind in _TRANSIENT_ERRORS for e in result.errors)


def result_cache(config: Config) -> ResultCache | None:
    """The result cache a run with `config` uses; its module (and hashing) is loaded only if on."""
    if not config.cache:
        return None
    from hardlint.cache import ResultCache

    return ResultCache.for_config(config)


def _project_wide_bandit(findings: list[Finding], results: Sequence[FileResult]) -> list[Fact]:
    """bandit findings another file of the project answers (a default timeout set for every request)."""
    facts = [fact for result in results for fact in result.facts if fact.kind.startswith("bandit.")]
    if not facts:
        return []
    from hardlint.integrations.bandit_adapter import drop_timeouts_the_project_sets

    return drop_timeouts_the_project_sets(findings, facts)


def check_paths(paths: Sequence[str] | None = None, config: Config | None = None,
                jobs: int | None = None, progress: Callable[[int, int], None] | None = None,
                force_exclude: bool = False, resolver: ConfigResolver | None = None) -> Report:
    """Check every Python file under `paths` (default: the current directory).

    With a `resolver` each file is checked under its nearest configuration (files sharing one are
    checked, cached and combined by the project rules together); otherwise under `config`.
    """
    resolver = resolver or ConfigResolver.single(config or Config())
    skipped: Counter[str] = Counter()
    files = list(iter_python_files(list(paths or ["."]), resolver.default, force_exclude, skipped, resolver))
    report = Report(files_checked=len(files), skipped=dict(skipped))
    groups: dict[int, tuple[Config, list[str]]] = {}
    for path in files:
        group_config = resolver.for_path(path)
        groups.setdefault(id(group_config), (group_config, []))[1].append(path)
    done = 0
    for group_config, group in groups.values():
        cache = result_cache(group_config)
        results = run_files(group, group_config, jobs, progress=_offset(progress, done, len(files)), cache=cache)
        done += len(group)
        group_findings: list[Finding] = []
        for result in results:
            group_findings.extend(result.findings)
            report.errors.extend(result.errors)
            report.superseded += sum(1 for fact in result.facts if fact.kind == "bandit.superseded")
        report.superseded += len(_project_wide_bandit(group_findings, results))
        report.findings.extend(group_findings)
        report.findings.extend(project_phase(results, group_config, report.errors, cache))
        if cache is not None:
            cache.prune_if_due()
        if group_config.source is not None:
            report.configs.append(group_config.source)
    report.sort()
    report.notes.extend(malformed_notes(report.findings))
    return report


def _offset(progress: Callable[[int, int], None] | None, before: int,
            total: int) -> Callable[[int, int], None] | None:
    """Progress of one group of files reported as progress of the whole run."""
    if progress is None:
        return None
    return lambda done, _group_total: progress(before + done, total)
