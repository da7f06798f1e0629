"""bandit's checks in the same `hardlint check`: one BanditManager run over the whole file set.

bandit calls its CLI its only stable interface, so everything that touches its internals lives
here, behind `start(files, config)`. bandit is imported only when a run uses it, and it runs in a
process (or thread) next to hardlint's own work so a run costs about max(bandit, hardlint).
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import traceback
import warnings
from dataclasses import dataclass, field
from typing import Any, Sequence

from hardlint.config import Config
from hardlint.discovery import display_path
from hardlint.finding import FileError, Finding
from hardlint.source import read_lines
from hardlint.suppress import is_suppressed

# bandit checks whose problem a more precise hardlint rule reports; bandit's version stays quiet
# while that rule is in the catalog, unless the bandit code is selected by its full code.
SUPERSEDED: dict[str, str] = {
    "B608": "HL301",  # SQL built from strings (bandit: any string that looks like SQL)
    "B610": "HL301",  # Django QuerySet.extra
    "B611": "HL301",  # Django RawSQL
    "B105": "HL501",  # hard-coded password string
    "B106": "HL501",  # hard-coded password keyword argument
    "B107": "HL501",  # hard-coded password default
    "B110": "HL402",  # try/except/pass
    "B112": "HL402",  # try/except/continue
    "B201": "HL505",  # Flask debug=True
    "B104": "HL505",  # binding all interfaces
}

# Checks that mean nothing in test code: pytest asserts, fixture randomness, scratch files in /tmp.
TEST_NOISE = frozenset({"B101", "B108", "B311"})

_SEVERITY = {"LOW": "low", "MEDIUM": "medium", "HIGH": "high", "UNDEFINED": "low"}
_SYNTAX_SKIP = "syntax error"


@dataclass
class BanditResult:
    """What the bandit pass produced: findings plus files it could not scan."""

    findings: list[Finding] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)


def all_test_ids() -> list[str]:
    """Every check id the installed bandit offers (imports bandit)."""
    with warnings.catch_warnings():  # stevedore deprecation noise at bandit's import
        warnings.simplefilter("ignore", DeprecationWarning)
        from bandit.core import extension_loader

    manager = extension_loader.MANAGER
    return sorted(set(manager.plugins_by_id) | set(manager.blacklist_by_id))


def superseded(code: str, config: Config) -> bool:
    """Is bandit's `code` left to a hardlint rule? Naming the full code in `select` brings it back."""
    rule = SUPERSEDED.get(code)
    if rule is None or code in config.select:
        return False
    from hardlint.catalog import load_rules

    return rule in load_rules()


def excluded_ids(config: Config) -> list[str]:
    """bandit checks not to run at all: deselected by configuration or superseded."""
    return [code for code in all_test_ids() if not config.enabled(code) or superseded(code, config)]


def wanted(config: Config) -> bool:
    """Could bandit report anything under this configuration? (Cheap: no bandit import.)"""
    return config.bandit and any(config.enabled(f"B{n}") for n in range(100, 1000))


class BanditRun:
    """A bandit pass running beside hardlint's own work; `wait()` returns its result.

    It runs in a forked child process when this process has no other threads: real parallelism,
    and bandit's import cost stays off the critical path. Otherwise it runs in a thread.
    """

    def __init__(self, files: Sequence[str], config: Config) -> None:
        self._result: BanditResult | None = None
        self._process: Any = None
        self._connection: Any = None
        self._thread: threading.Thread | None = None
        context = _fork_context()
        if context is not None:
            from hardlint.catalog import load_rules

            load_rules()  # the parent needs them anyway; loaded before the fork, the child inherits them
            receiver, sender = context.Pipe(duplex=False)
            self._process = context.Process(target=_child, args=(sender, list(files), config),
                                            name="hardlint-bandit", daemon=True)
            self._process.start()
            sender.close()
            self._connection = receiver
            return
        try:
            manager = _build_manager(files, config)  # imports happen here, never in the thread
        except Exception as exc:  # noqa: BLE001 - bandit failing must not stop hardlint
            self._result = BanditResult(errors=[_whole_run_error(exc)])
            return
        if manager is None:
            self._result = BanditResult()
            return
        self._thread = threading.Thread(target=self._run_thread, args=(manager, config),
                                        name="hardlint-bandit", daemon=True)
        self._thread.start()

    def _run_thread(self, manager: Any, config: Config) -> None:
        try:
            manager.run_tests()
            self._result = convert(manager, config)
        except BaseException as exc:  # noqa: BLE001 - includes bandit's sys.exit on interrupts
            self._result = BanditResult(errors=[_whole_run_error(exc)])

    def wait(self) -> BanditResult:
        if self._process is not None:
            try:
                self._result = self._connection.recv()
            except (EOFError, OSError):
                self._process.join()
                self._result = BanditResult(errors=[FileError(
                    "<bandit>", "internal", f"bandit's process ended without a result "
                    f"(exit code {self._process.exitcode})", rule="bandit")])
            finally:
                self._connection.close()
                self._process.join()
            self._process = None
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        return self._result or BanditResult()


def _fork_context() -> Any:
    """A fork context when forking is safe here (Linux, no other threads), else None."""
    if not sys.platform.startswith("linux") or threading.active_count() != 1:
        return None
    import multiprocessing

    try:
        return multiprocessing.get_context("fork")
    except ValueError:
        return None


def _child(sender: Any, files: list[str], config: Config) -> None:
    """Body of the bandit process: run, send the result back, exit."""
    try:
        result = run_here(files, config)
    except BaseException as exc:  # noqa: BLE001 - an interrupt still sends an answer
        result = BanditResult(errors=[_whole_run_error(exc)])
    try:
        sender.send(result)
    finally:
        sender.close()


def start(files: Sequence[str], config: Config) -> BanditRun | None:
    """Begin the bandit pass over `files`, or None when bandit is off for this run."""
    if not files or not wanted(config):
        return None
    return BanditRun(files, config)


def run_here(files: Sequence[str], config: Config) -> BanditResult:
    """The bandit pass, synchronously in this process and thread."""
    if not files or not wanted(config):
        return BanditResult()
    try:
        manager = _build_manager(files, config)
        if manager is None:
            return BanditResult()
        manager.run_tests()
        return convert(manager, config)
    except Exception as exc:  # noqa: BLE001 - reported as a run-level error
        return BanditResult(errors=[_whole_run_error(exc)])


def _build_manager(files: Sequence[str], config: Config) -> Any:
    """Import bandit and prepare a manager in the calling thread, so no import runs in the worker."""
    excluded = excluded_ids(config)  # imports bandit
    from bandit.core import config as bandit_config
    from bandit.core import manager as bandit_manager

    _quiet_bandit_logging()
    if len(excluded) == len(all_test_ids()):
        return None
    manager = bandit_manager.BanditManager(bandit_config.BanditConfig(), "file",
                                           profile={"exclude": excluded})
    manager.files_list = [path for path in files if _small_enough(path, config)]
    return manager if manager.files_list else None


def _small_enough(path: str, config: Config) -> bool:
    try:  # a regular file only: bandit reading a FIFO named x.py would wait forever
        return os.path.isfile(path) and os.path.getsize(path) <= config.max_file_size
    except OSError:
        return False


def _quiet_bandit_logging() -> None:
    """bandit logs per-file failures itself; hardlint reports them as file errors instead."""
    logger = logging.getLogger("bandit")
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
        logger.addHandler(logging.NullHandler())
    logger.propagate = False
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.WARNING)  # INFO would also switch on bandit's progress bar


def convert(manager: Any, config: Config) -> BanditResult:
    """bandit's issues and skipped files as hardlint findings and file errors."""
    result = BanditResult()
    lines_by_file: dict[str, list[str]] = {}
    for issue in manager.get_issue_list():
        path = display_path(os.path.normpath(issue.fname))
        if not config.enabled(issue.test_id, path) or superseded(issue.test_id, config):
            continue
        if issue.test_id in TEST_NOISE and config.is_test(path):
            continue
        lines = lines_by_file.setdefault(path, read_lines(issue.fname))
        line = lines[issue.lineno - 1] if 0 < issue.lineno <= len(lines) else ""
        if is_suppressed(issue.test_id, [line]):
            continue
        result.findings.append(_finding(issue, path, line, config))
    for name, reason in manager.get_skipped():
        if _SYNTAX_SKIP in reason:
            continue  # hardlint's own pass reports the syntax error
        path = display_path(os.path.normpath(name))
        result.errors.append(FileError(path, "rule", f"bandit failed on this file: {reason}", rule="bandit"))
    return result


def _finding(issue: Any, path: str, line: str, config: Config) -> Finding:
    end_line = max(issue.linerange) if issue.linerange else issue.lineno
    column = _char_column(line, max(issue.col_offset, 0)) + 1
    end_column = column + 1
    if end_line == issue.lineno and issue.end_col_offset and issue.end_col_offset > issue.col_offset:
        end_column = _char_column(line, issue.end_col_offset) + 1
    code = issue.test_id
    annotations: dict[str, Any] = {"more_info": _more_info(code)}
    if issue.cwe.id:
        annotations["cwe"] = issue.cwe.id
    return Finding(
        code=code,
        path=path,
        line=issue.lineno,
        column=column,
        end_line=end_line,
        end_column=end_column,
        severity=config.severity_of(code, _SEVERITY.get(issue.severity, "medium")),
        message=str(issue.text),
        source="bandit",
        name=_check_name(issue),
        confidence=_SEVERITY.get(issue.confidence, "medium"),
        annotations=annotations,
    )


def _check_name(issue: Any) -> str:
    """bandit's name for the check; blacklist entries get their own (`import_pickle`), not `blacklist`."""
    if issue.test == "blacklist":
        from bandit.core import extension_loader

        entry = extension_loader.MANAGER.blacklist_by_id.get(issue.test_id) or {}
        return str(entry.get("name", "blacklist")).replace("-", "_")
    return str(issue.test or "")


def _char_column(line: str, byte_offset: int) -> int:
    """ast columns count UTF-8 bytes; hardlint columns count characters."""
    if line.isascii():
        return byte_offset
    return len(line.encode("utf-8")[:byte_offset].decode("utf-8", "replace"))


def _more_info(code: str) -> str:
    try:
        from bandit.core.docs_utils import get_url

        return str(get_url(code))
    except (ImportError, LookupError, AttributeError):  # a missing link is not worth failing over
        return ""


def _whole_run_error(exc: BaseException) -> FileError:
    detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
    return FileError("<bandit>", "internal", f"bandit could not run: {detail}", rule="bandit")
