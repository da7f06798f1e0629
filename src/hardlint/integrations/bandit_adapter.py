"""bandit's checks in the same `hardlint check`: each worker runs them on the files it checks.

bandit calls its CLI its only stable interface, so everything that touches its internals lives
here, behind `scanner_for(config).scan(path, data, is_test)`. bandit is imported only when a run
uses it; its work is spread over hardlint's worker processes file by file, and its findings are
cached with hardlint's own.
"""

from __future__ import annotations

import ast
import io
import logging
import os
import re
import traceback
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from hardlint.config import Config
from hardlint.discovery import display_path
from hardlint.finding import Fact, FileError, FileResult, Finding
from hardlint.suppress import is_suppressed

# bandit checks whose problem a more precise hardlint rule reports; bandit's version stays quiet
# while that rule is in the catalog, unless the bandit code is selected by its full code.
SUPERSEDED: dict[str, str] = {
    "B608": "HL301",  # SQL built from strings (bandit: any string that looks like SQL)
    "B610": "HL301",  # Django QuerySet.extra
    "B611": "HL301",  # Django RawSQL
    "B201": "HL505",  # Flask debug=True
    "B104": "HL505",  # binding all interfaces
}

# bandit checks that a hardlint rule supersedes line by line, not for the whole run: bandit's finding
# is dropped only where that rule reported the same line, or recorded (a `CODE.judged` fact) that it
# read the very literal on that line and found no secret in it, or is suppressed there by the rule's
# code. Everywhere else, where the rule stayed silent without looking, bandit's finding stands.
# Naming the bandit code in `select` keeps all its findings. HL504 (a secret setting's default) covers
# the same literals where it reports them.
LINE_SUPERSEDED: dict[str, tuple[str, ...]] = {
    "B105": ("HL501", "HL504"),  # hard-coded password string
    "B106": ("HL501", "HL504"),  # hard-coded password keyword argument
    "B107": ("HL501", "HL504"),  # hard-coded password default
    "B501": ("HL609",),  # requests/httpx with verify=False
    "B323": ("HL609",),  # ssl._create_unverified_context
    "B302": ("HL304",),  # marshal loads
    "B307": ("HL304",),  # eval: the same call, where HL304 traced request data into it
    "B602": ("HL304",),  # subprocess with shell=True
    "B605": ("HL304",),  # os.system / os.popen
}
JUDGED = ".judged"  # suffix of the fact kind a superseding rule records for a literal it cleared
# ... and for a literal it holds a secret though it reports it elsewhere (a key constant, at its use):
# bandit's finding on it stands, whatever HL501's test of the bare value would say.
KEPT = ".kept"
SUPERSEDED_FACT = "bandit.superseded"  # one per bandit finding dropped for a hardlint rule

# bandit checks off by default: judged on the real-application corpus of benchmarks/realcode.py (every
# finding, or a seeded sample of 30 per check; labels in benchmarks/realcode_labels.json), each judged
# real in under 20% of cases (the import checks B402-B413 flag an import, and the call that could be
# unsafe has its own check). B113 stays on: 16 of 24 judged real. Naming the full code in `select`
# (`--select B404`) brings one back.
OFF_BY_DEFAULT: dict[str, str] = {
    "B101": "assert_used: 0 of 29 judged real (518 findings)",
    # Few findings each on 1.58 M lines, every one judged; none real (the rest debatable):
    "B102": "exec: 0 of 1 judged real (the admin-owned config file, by design), 1 debatable",
    "B202": "tarfile extractall: 0 of 1 judged real (members checked to stay inside the destination)",
    "B301": "pickle loads: 0 of 1 judged real (the app's own spool files), 3 debatable (a user's own models)",
    "B314": "xml.etree parse: 0 of 2 judged real (a SOAP answer, test code; ElementTree expands no external "
            "entities)",
    "B318": "xml.dom.minidom parse: 0 of 1 judged real (the configured Solr server's schema)",
    "B506": "yaml.load: 0 of 1 judged real (a SafeLoader subclass bandit does not recognise)",
    "B604": "shell=True in other calls: 0 of 2 judged real (a command the app builds itself), 1 debatable",
    "B606": "process without a shell: 0 of 1 judged real (a CLI re-executing itself)",
    "B614": "torch.load: 0 of 1 judged real (tensors the app itself just saved), 3 debatable",
    "B615": "Hugging Face download without a revision: 0 of 1 judged real (a local checkpoint), 4 debatable",
    "B701": "jinja2 autoescape off: 0 of 2 judged real (plain-text e-mail and LaTeX environments)",
    "B110": "try/except/pass: the shape HL402 reported before it was narrowed, 0 of 28 judged real; HL402 "
            "reports the silences that lose work",
    "B112": "try/except/continue: as B110 (the old HL402 shape, 0 of 28 judged real)",
    "B103": "chmod: 0 of 3 judged real (0o750 and 0o755 on the app's own directories)",
    "B108": "hard-coded /tmp: 0 of 9 judged real, 2 debatable (container paths, mkdtemp(dir=...))",
    "B308": "mark_safe: 0 of 29 judged real (128 findings)",
    "B310": "urlopen scheme audit: 0 of 4 judged real (9 more already marked `noqa: S310` by their teams)",
    "B311": "random: 0 of 30 judged real (55 findings)",
    "B324": "hashlib md5/sha1: 0 of 28 judged real (45 findings; HL601 covers password hashing)",
    "B402": "import ftplib: import alone, 0 of 2 judged real",
    "B403": "import pickle: import alone, 0 of 13 judged real (B301 judges the loads call)",
    "B404": "import subprocess: 0 of 30 judged real (76 findings)",
    "B405": "import xml.etree: import alone, 0 of 3 judged real (B313-B320 judge the parse call)",
    "B406": "import xml.sax: import alone, 0 of 1 judged real",
    "B408": "import xml.dom.minidom: import alone, 0 of 1 judged real",
    "B413": "import Crypto: pycryptodome shares pycrypto's namespace, 0 of 1 judged real",
    "B603": "subprocess without shell: 0 of 28 judged real (114 findings)",
    "B607": "partial executable path: 0 of 30 judged real (67 findings)",
    "B703": "Django mark_safe: 0 of 30 judged real (95 findings)",
    "B704": "markupsafe Markup: 0 of 28 judged real (42 findings)",
}

# Shell checks whose LOW-severity form (bandit's verdict for a constant command string) is off by
# default: 0 of 7 judged real. A command built from variables stays on.
CONSTANT_COMMAND_OFF = frozenset({"B602", "B605"})

# Checks that mean nothing in test code: pytest asserts, fixture randomness, scratch files in /tmp,
# fixture passwords (HL501, which supersedes B105-B107, is production-only for the same reason),
# pickle round-trips of test objects, test scripts fetching a local URL.
TEST_NOISE = frozenset({"B101", "B108", "B311", "B105", "B106", "B107", "B301", "B403", "B310"})

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
    from hardlint.catalog import rule_index

    return rule in rule_index()


def off_by_default(code: str, config: Config) -> bool:
    """Is bandit's `code` one of the measured-noisy checks, not brought back by its full code?"""
    return code in OFF_BY_DEFAULT and code not in config.select


def constant_command(code: str, severity: str, config: Config) -> bool:
    """Is this a shell check on a constant command (bandit rates those LOW), not selected by name?"""
    return code in CONSTANT_COMMAND_OFF and severity == "LOW" and code not in config.select


def excluded_ids(config: Config) -> list[str]:
    """bandit checks not to run at all: deselected, superseded or off by default."""
    return [
        code for code in all_test_ids()
        if not config.enabled(code) or superseded(code, config) or off_by_default(code, config)
    ]


def wanted(config: Config) -> bool:
    """Could bandit report anything under this configuration? (Cheap: no bandit import.)"""
    return config.bandit and any(config.enabled(f"B{n}") for n in range(100, 1000))


def version(config: Config) -> str:
    """The installed bandit's version when this configuration runs it (for cache keys), else ""."""
    if not wanted(config):
        return ""
    from importlib import metadata

    try:
        return metadata.version("bandit")
    except metadata.PackageNotFoundError:
        return "missing"


class FileScanner:
    """bandit's checks, one file at a time: hardlint's workers run them on each file they check,
    so bandit's work is spread over the same processes. The manager is built once per process."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.manager = _build_manager(config)
        self._tree: ast.Module | None = None
        self._too_deep = False
        if self.manager is not None:
            self.manager._execute_ast_visitor = self._execute_ast_visitor

    def scan(self, path: str, data: bytes, is_test: bool, tree: ast.Module | None = None) -> BanditResult:
        """bandit's findings for one file, whose contents are `data` and which is reported as `path`.

        `tree` is CPython's `ast` of `data` if the caller has it: bandit walks it instead of parsing
        the file again (and annotates its nodes, so the caller must be done with it)."""
        manager = self.manager
        if manager is None:
            return BanditResult()
        from bandit.core import meta_ast, metrics

        manager.results, manager.skipped, manager.scores = [], [], []
        manager.metrics, manager.b_ma = metrics.Metrics(), meta_ast.BanditMetaAst()
        # Without a "nosec" anywhere in the file, tokenizing it for nosec comments finds nothing.
        manager.ignore_nosec = b"nosec" not in data
        self._tree, self._too_deep = tree, False
        try:
            manager._parse_file(path, io.BytesIO(data), [path])
        finally:
            self._tree = None
        lines = data.decode("utf-8", "replace").splitlines()
        result = convert(manager, self.config, lambda _name: lines, is_test)
        if self._too_deep:  # bandit's recursive visitor gave up: the input's limit, not a bandit bug
            shown = display_path(os.path.normpath(path))
            result.errors = [FileError(shown, "parse", "too deeply nested for bandit's checks, which skipped "
                                       "this file (hardlint's own rules ran)")]
        return result

    def _execute_ast_visitor(self, fname: str, fdata: Any, data: bytes, nosec_lines: dict) -> Any:
        """bandit's `BanditManager._execute_ast_visitor`, walking the tree `scan` was given, if any.

        The visit is `BanditNodeVisitor.process` with `ast.parse(data)` replaced by that tree."""
        from bandit.core import node_visitor

        manager = self.manager
        visitor = node_visitor.BanditNodeVisitor(fname, fdata, manager.b_ma, manager.b_ts, manager.debug,
                                                 nosec_lines, manager.metrics)
        try:
            if self._tree is None:
                score = visitor.process(data)
            else:
                visitor.generic_visit(self._tree)
                visitor.context = {"file_data": fdata, "filename": fname, "lineno": 0, "linerange": [0, 1],
                                   "col_offset": 0}
                visitor.update_scores(visitor.tester.run_tests(visitor.context, "File"))
                score = visitor.scores
        except RecursionError:
            self._too_deep = True  # bandit records the file as skipped; `scan` says why
            raise
        manager.results.extend(visitor.tester.results)
        return score


_scanners: dict[int, FileScanner] = {}


def scanner_for(config: Config) -> FileScanner | None:
    """This process's scanner for `config`, built on first use; None when bandit is off."""
    if not wanted(config):
        return None
    scanner = _scanners.get(id(config))
    if scanner is None or scanner.config is not config:
        _scanners.clear()
        scanner = _scanners[id(config)] = FileScanner(config)
    return scanner


def run_here(files: Sequence[str], config: Config) -> BanditResult:
    """The bandit pass over `files`, synchronously in this process."""
    result = BanditResult()
    if not files or not wanted(config):
        return result
    try:
        scanner = FileScanner(config)
        for name in files:
            if not _small_enough(name, config):
                continue
            try:
                with open(name, "rb") as handle:
                    data = handle.read()
            except OSError as exc:
                reason = f"bandit could not read this file: {exc.strerror or exc}"
                result.errors.append(FileError(display_path(name), "rule", reason, rule="bandit"))
                continue
            one = scanner.scan(name, data, config.is_test(name))
            result.findings.extend(one.findings)
            result.errors.extend(one.errors)
    except Exception as exc:  # noqa: BLE001 - reported as a run-level error
        return BanditResult(errors=[_whole_run_error(exc)])
    return result


def _build_manager(config: Config) -> Any:
    """Import bandit and prepare a manager with the checks this configuration runs (None: no check)."""
    excluded = excluded_ids(config)  # imports bandit
    from bandit.core import config as bandit_config
    from bandit.core import manager as bandit_manager

    _quiet_bandit_logging()
    if len(excluded) == len(all_test_ids()):
        return None
    return bandit_manager.BanditManager(bandit_config.BanditConfig(), "file", profile={"exclude": excluded})


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


def convert(manager: Any, config: Config, lines_of: Callable[[str], list[str]], is_test: bool) -> BanditResult:
    """bandit's issues and skipped files (of one file) as hardlint findings and file errors."""
    result = BanditResult()
    for issue in manager.get_issue_list():
        path = display_path(os.path.normpath(issue.fname))
        if not config.enabled(issue.test_id, path) or superseded(issue.test_id, config):
            continue
        if off_by_default(issue.test_id, config) or constant_command(issue.test_id, issue.severity, config):
            continue
        if issue.test_id in TEST_NOISE and is_test:
            continue
        lines = lines_of(issue.fname)
        line = lines[issue.lineno - 1] if 0 < issue.lineno <= len(lines) else ""
        if is_suppressed(issue.test_id, [line]) or is_suppressed(ruff_code(issue.test_id), [line]):
            continue
        result.findings.append(_finding(issue, path, line, config))
    for name, reason in manager.get_skipped():
        if _SYNTAX_SKIP in reason:
            continue  # hardlint's own pass reports the syntax error
        path = display_path(os.path.normpath(name))
        result.errors.append(FileError(path, "rule", f"bandit failed on this file: {reason}", rule="bandit"))
    return result


def ruff_code(code: str) -> str:
    """ruff's (flake8-bandit's) name for bandit's check: `B310` -> `S310`. A line the team already
    suppressed under that name (`# noqa: S310 - scheme comes from settings`) was judged there."""
    return "S" + code[1:] if code.startswith("B") else code


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


# A file hardlint could not read, decode or parse gives bandit nothing to add.
_UNUSABLE = frozenset({"parse", "decode", "too-large", "io"})


def add_findings(result: FileResult, data: bytes, is_test: bool, config: Config,
                 tree: ast.Module | None = None) -> None:
    """Add bandit's findings (and failures) on one checked file to its result; no-op when off.
    `tree`, CPython's `ast` of the file if hardlint's check built one, spares bandit a parse.
    bandit findings a hardlint rule supersedes on their line are dropped (see `LINE_SUPERSEDED`)
    and recorded as `bandit.superseded` facts, which the run's summary counts."""
    judged = take_judgements(result)
    if not wanted(config) or any(e.kind in _UNUSABLE for e in result.errors):
        return
    try:
        scanner = scanner_for(config)
        found = scanner.scan(result.path, data, is_test, tree) if scanner is not None else BanditResult()
    except Exception as exc:  # noqa: BLE001 - bandit failing must not cost hardlint's findings
        found = BanditResult(errors=[_whole_run_error(exc)])
    patch = _default_timeout_patch(data)
    if patch is not None:
        result.facts.append(Fact(DEFAULT_TIMEOUT_FACT, result.path, patch, 1, {}))
    if found.findings:
        header_ends = {}
        if any(f.code == "B107" for f in found.findings):  # rare: walk the tree only then
            header_ends = _signature_ends(tree if tree is not None else _parsed(data))
        lines = data.decode("utf-8", "replace").splitlines()
        kept, dropped = split_superseded(found.findings, result.findings, judged, lines, header_ends,
                                         frozenset(config.select), _value_judge(config))
        result.findings.extend(kept)
        result.findings.sort(key=lambda f: f.sort_key)
        result.facts.extend(dropped)
    result.errors.extend(found.errors)


# A project that patches requests so every call gets a timeout (`HTTPAdapter.send = ...` in a module that
# talks of timeouts) answers B113 once for all its calls: pretix's 8 B113 findings, all false, were that.
DEFAULT_TIMEOUT_FACT = "bandit.requests-default-timeout"
_SEND_PATCH = re.compile(rb"\b(?:HTTPAdapter|Session)\.(?:send|request)[ \t]*=(?!=)")


def _default_timeout_patch(data: bytes) -> int | None:
    """The line where this file replaces requests' send/request with a timeout-setting wrapper, if it does."""
    match = _SEND_PATCH.search(data)
    if match is None or b"timeout" not in data:
        return None
    return data.count(b"\n", 0, match.start()) + 1


def drop_timeouts_the_project_sets(findings: list[Finding], facts: Sequence[Fact]) -> list[Fact]:
    """Remove B113 from `findings` where a file of the same application (the folder above its outermost
    package) patches requests to a default timeout; return a `bandit.superseded` fact for each removed."""
    if not any(fact.kind == DEFAULT_TIMEOUT_FACT for fact in facts):
        return []
    from hardlint.rules.hl8_structure._modules import project_of  # one application of a run that checks several

    patches = {project_of(fact.path): fact for fact in facts if fact.kind == DEFAULT_TIMEOUT_FACT}
    dropped: list[Fact] = []
    kept = []
    for finding in findings:
        patch = patches.get(project_of(finding.path)) if finding.code == "B113" else None
        if patch is None:
            kept.append(finding)
            continue
        reason = f"the project gives every request a default timeout ({patch.path}:{patch.line})"
        dropped.append(Fact(SUPERSEDED_FACT, finding.path, finding.line, finding.column,
                            {"code": finding.code, "by": "project", "reason": reason}))
    findings[:] = kept
    return dropped


def take_judgements(result: FileResult) -> dict[tuple[str, int], str | None]:
    """Remove the `CODE.judged` and `CODE.kept` facts of superseding rules from `result` (they are for
    this pass only, never cached or combined) and return them as {(rule code, line): reason}, the
    reason None where the rule holds the literal a secret (which wins over a clearing)."""
    rules = {rule for covering in LINE_SUPERSEDED.values() for rule in covering}
    judged: dict[tuple[str, int], str | None] = {}
    kept = []
    for fact in result.facts:
        code, _, kind = fact.kind.partition(".")
        if code in rules and "." + kind in (JUDGED, KEPT):
            if judged.get((code, fact.line), "") is not None:
                judged[(code, fact.line)] = (None if "." + kind == KEPT
                                             else str(fact.data.get("reason", "judged not a secret")))
        else:
            kept.append(fact)
    if judged:
        result.facts = kept
    return judged


def split_superseded(bandit: list[Finding], hardlint: list[Finding], judged: dict[tuple[str, int], str | None],
                     lines: list[str], header_ends: dict[int, int], selected: frozenset[str] = frozenset(),
                     value_judge: Callable[[str], bool] | None = None) -> tuple[list[Finding], list[Fact]]:
    """bandit's findings split into those kept and `bandit.superseded` facts for those a hardlint
    rule covers on their line: it reported there, judged the literal there, or is suppressed there.
    A finding on a function (B107) covers only the function's signature lines. A bandit code named
    in `selected` is kept whole. Where the rule did not run on the file (its trigger did not match),
    `value_judge` (HL501's test of a value) judges the literal bandit quotes in its message, unless
    the rule held that literal a secret (a `CODE.kept` fact)."""
    reported: dict[str, set[int]] = {}
    for finding in hardlint:
        reported.setdefault(finding.code, set()).update(range(finding.line, finding.end_line + 1))
    kept, dropped = [], []
    for finding in bandit:
        covering = () if finding.code in selected else LINE_SUPERSEDED.get(finding.code, ())
        end = header_ends.get(finding.line, finding.end_line) if finding.code == "B107" else finding.end_line
        span = range(finding.line, max(end, finding.line) + 1)
        reason = rule = None
        for rule in covering:
            reason = _covered(rule, span, reported.get(rule, set()), judged, lines)
            if reason is not None:
                break
        held = any(judged.get((r, number), "") is None for r in covering for number in span)
        if reason is None and covering and value_judge is not None and not held:
            value = _quoted_password(finding.message)
            if value is not None and not value_judge(value):
                rule, reason = covering[0], f"{covering[0]} judged the value not a secret"
        if reason is None:
            kept.append(finding)
        else:
            dropped.append(Fact(SUPERSEDED_FACT, finding.path, finding.line, finding.column,
                                {"code": finding.code, "by": rule, "reason": reason}))
    return kept, dropped


def _value_judge(config: Config) -> Callable[[str], bool] | None:
    """HL501's test of a literal (could it be a secret?), when HL501 runs in this configuration."""
    from hardlint.catalog import rule_enabled

    if not rule_enabled("HL501", config):
        return None
    from hardlint.rules.hl5_config._secrets import looks_like_secret_value

    return looks_like_secret_value


_PASSWORD_MESSAGE = "Possible hardcoded password: '"


def _quoted_password(message: str) -> str | None:
    """The literal bandit's B105-B107 quote: `Possible hardcoded password: 'hunter2'` -> `hunter2`."""
    if message.startswith(_PASSWORD_MESSAGE) and message.endswith("'"):
        return message[len(_PASSWORD_MESSAGE):-1]
    return None


def _covered(rule: str, span: range, reported: set[int], judged: dict[tuple[str, int], str | None],
             lines: list[str]) -> str | None:
    """Why `rule` covers a bandit finding on the lines `span`, or None when it does not."""
    for number in span:
        if number in reported:
            return f"{rule} reports this line"
        if judged.get((rule, number)) is not None:
            return f"{rule} judged the literal not a secret: {judged[(rule, number)]}"
        if 0 < number <= len(lines) and is_suppressed(rule, [lines[number - 1]]):
            return f"{rule} is suppressed on this line"
    return None


def _signature_ends(tree: ast.Module | None) -> dict[int, int]:
    """{line of a `def`: last line of its signature}, where bandit's B107 (which spans the whole
    function) is compared with hardlint's findings on parameter defaults."""
    ends: dict[int, int] = {}
    if tree is None:
        return ends
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            ends[node.lineno] = max(node.lineno, node.body[0].lineno - 1)
    return ends


def _parsed(data: bytes) -> ast.Module | None:
    try:
        return ast.parse(data)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
