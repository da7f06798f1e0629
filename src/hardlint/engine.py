"""Checks one file: decode, pre-filter, parse once, run every active rule in one traversal,
resolve positions only for what was reported, apply suppressions."""

from __future__ import annotations

import ast
import traceback
from contextlib import contextmanager
from functools import lru_cache
from typing import Iterator, Sequence

import libcst as cst

from hardlint.catalog import UNKNOWN, RuleEntry, rule_enabled, rule_index
from hardlint.config import Config
from hardlint.context import FileContext
from hardlint.cstparse import parse_module, unvalidated
from hardlint.finding import Edit, Fact, FileError, FileResult, Finding, Fix, Location
from hardlint.positions import Locator
from hardlint.rule import Report, Rule
from hardlint.source import (SourceError, decode, guard_memory, guard_nesting, nfkc_identifiers, parse_python,
                             python_syntax_error)
from hardlint.triggers import FileText, Trigger
from hardlint.suppress import is_suppressed
from hardlint.walker import Dispatch, walk


class RuleSet:
    """The rules enabled for a run, with their triggers compiled once.

    Rule modules are imported on demand: a rule whose trigger (read from its module's text) does
    not match any file checked so far is never imported, which keeps a one-file run short.
    """

    def __init__(self, config: Config) -> None:
        self.rules: list[type[Rule]] = []
        self.triggers: list[Trigger | None] = []
        self._pending: list[tuple[RuleEntry, Trigger | None]] = []
        for code, entry in rule_index().items():
            if not rule_enabled(code, config):
                continue
            if entry.triggers is UNKNOWN:
                self._add(entry.load())
            else:
                self._pending.append((entry, Trigger.compile(entry.triggers)))  # type: ignore[arg-type]

    def _add(self, rule: type[Rule]) -> None:
        self.rules.append(rule)
        self.triggers.append(Trigger.compile(rule.triggers))

    def load_all(self) -> RuleSet:
        """Import every pending rule now (before forking workers, which then inherit them)."""
        for entry, _ in self._pending:
            self._add(entry.load())
        self._pending = []
        return self

    def without_triggers(self) -> RuleSet:
        """Every rule loaded and its trigger forced open, so each runs on every file (used through
        `rules_in_use`)."""
        self.load_all()
        self.triggers = [None] * len(self.rules)
        return self

    def _load_matching(self, text: FileText) -> None:
        waiting = []
        for entry, trigger in self._pending:
            if trigger is None or trigger.matches(text):
                self._add(entry.load())
            else:
                waiting.append((entry, trigger))
        self._pending = waiting

    def active(self, source: str, is_test: bool, config: Config, path: str) -> list[type[Rule]]:
        """The rules that could report something on this file."""
        chosen = []
        text = FileText(source)
        if self._pending:
            self._load_matching(text)
        for rule, trigger in zip(self.rules, self.triggers):
            if is_test and rule.production_only:
                continue
            if trigger is not None and not trigger.matches(text):
                continue
            if config.per_file_ignores and not config.enabled(rule.code, path):
                continue
            chosen.append(rule)
        chosen.sort(key=lambda rule: rule.code)
        return chosen


@lru_cache(maxsize=8)
def _ruleset(config: Config) -> RuleSet:
    return RuleSet(config)


@contextmanager
def rules_in_use(ruleset: RuleSet) -> Iterator[None]:
    """Within the block every check uses `ruleset`, whatever the configuration: with
    `RuleSet.without_triggers()`, every rule runs on every file (benchmarks/trigger_recall.py,
    benchmarks/fuzz.py and the fuzz tests)."""
    global _ruleset
    configured = _ruleset
    _ruleset = lambda _config: ruleset  # noqa: E731 - a stand-in with the cached function's signature
    try:
        yield
    finally:
        _ruleset = configured


def check_source(
    source: str | bytes,
    path: str = "<string>",
    config: Config | None = None,
    *,
    is_test: bool | None = None,
    honour_noqa: bool = True,
) -> FileResult:
    """Check one file's contents; never raises for anything the input contains.

    `honour_noqa=False` leaves `# noqa` to the caller (flake8); `# hardlint: ignore` still applies.
    """
    return check_source_and_tree(source, path, config, is_test=is_test, honour_noqa=honour_noqa)[0]


def check_source_and_tree(
    source: str | bytes,
    path: str = "<string>",
    config: Config | None = None,
    *,
    is_test: bool | None = None,
    honour_noqa: bool = True,
    tree_wanted: bool = False,
) -> tuple[FileResult, ast.Module | None]:
    """`check_source`, also handing back CPython's `ast` of the file when a rule made the check
    build one (None otherwise), so that bandit can walk it instead of parsing the file again.
    `tree_wanted` says the caller will need that tree anyway: rules that can read either tree
    then read CPython's (see `FileContext.syntax_tree_wanted`)."""
    config = config or Config()
    result = FileResult(path)
    tree = None
    try:
        tree = _check(source, path, config, is_test, result, honour_noqa, tree_wanted)
    except SourceError as exc:
        result.errors.append(FileError(path, exc.kind, exc.message))
    except RecursionError:
        result.errors.append(FileError(path, "parse", "too deeply nested to analyse"))
    except MemoryError:  # past the worker's memory cap (hardlint.workers.MEMORY_LIMIT)
        result.findings.clear()
        result.errors.append(FileError(path, "too-large", "skipped: checking it ran out of the memory one file may use"))
    except Exception as exc:  # noqa: BLE001 - the engine must survive its own bugs
        detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
        result.errors.append(FileError(path, "internal", f"internal error: {detail}"))
    result.findings.sort(key=lambda f: f.sort_key)
    return result, tree


def _check(source: str | bytes, path: str, config: Config, is_test: bool | None, result: FileResult,
           honour_noqa: bool = True, tree_wanted: bool = False) -> ast.Module | None:
    """Fill `result`; returns CPython's tree of the source if one was built on the way."""
    if isinstance(source, bytes):
        if len(source) > config.max_file_size:
            raise SourceError("too-large", _too_large(len(source), config))
        source = decode(source)
    elif len(source) > config.max_file_size:
        raise SourceError("too-large", _too_large(len(source.encode("utf-8", "replace")), config))
    if is_test is None:
        is_test = config.is_test(path) if path != "<string>" else False
    written = source
    source = nfkc_identifiers(source)  # the names Python sees: `ｅxecute` is `execute`
    unfixable = _lines_edits_cannot_reach(source, written)
    rules = _ruleset(config).active(source, is_test, config, path)

    module: cst.Module | None = None
    syntax_tree: ast.Module | None = None
    guard_memory(source)  # before LibCST's or CPython's parse, either of which could take gigabytes
    if any(r.needs_tree for r in rules):
        guard_nesting(source, path)
        try:
            module = parse_module(source)
        except cst.ParserSyntaxError as exc:
            # CPython's wording and position are what users know; LibCST's is the fallback.
            reason = python_syntax_error(source, path) or (
                f"syntax error at line {exc.raw_line}, column {exc.raw_column + 1}: {exc.message}")
            raise SourceError("parse", reason) from None
    else:
        syntax_tree = parse_python(source, path)  # the syntax check, and kept for rules that read it
        # Some CPython versions (3.10, 3.13) accept code nested thousands deep: refused here too, so
        # the result does not depend on the Python version and bandit never walks such a tree.
        guard_nesting(source, path, syntax_tree)
    if not rules:
        return syntax_tree

    ctx = FileContext(path, source, module, is_test, config.relative(path) if path != "<string>" else path,
                      syntax_tree=syntax_tree, syntax_tree_wanted=tree_wanted)
    instances = [rule(ctx) for rule in rules]
    failed: set[int] = set()
    dispatch = Dispatch()
    crashes: list[tuple[object, cst.CSTNode, BaseException]] = []

    def on_error(owner: object, exc: BaseException) -> None:
        """A rule's begin or end raised: the rule is dropped for the file."""
        if id(owner) in failed:
            return
        failed.add(id(owner))
        dispatch.remove(owner)
        result.errors.append(FileError(path, "rule", f"rule {type(owner).code} failed: {_describe(exc)}",
                                       rule=type(owner).code))

    def on_callback_error(owner: object, node: cst.CSTNode, exc: BaseException) -> None:
        """A rule raised at one node: only that node's report is lost."""
        crashes.append((owner, node, exc))

    for instance in instances:
        try:
            instance.begin()
        except Exception as exc:  # noqa: BLE001
            on_error(instance, exc)
            continue
        if module is not None and instance.needs_tree:
            dispatch.add(instance)
    if module is not None and dispatch:
        walk(module, dispatch, ctx.ancestors, on_callback_error)
    for instance in instances:
        if id(instance) not in failed:
            try:
                instance.end()
            except Exception as exc:  # noqa: BLE001
                on_error(instance, exc)
    if crashes:
        _report_crashes(crashes, path, source, module, result)

    live = [i for i in instances if id(i) not in failed]
    reports = [(i, r) for i in live for r in i.reports]
    facts = [(i, f) for i in live for f in i.facts]
    if not reports and not facts:
        return ctx.built_syntax_tree()
    locate = Locator(source, module, _nodes_to_locate(reports, facts))
    lines = ctx.lines
    for instance, report in reports:
        finding = _finding(report, type(instance), path, config, locate, module,
                           source if unfixable is not None else None, unfixable or frozenset())
        if finding is None:
            continue
        statement_line = locate.line_of(report.statement)
        candidates = {finding.line, statement_line or finding.line}
        if is_suppressed(finding.code, (lines[n - 1] for n in candidates if 0 < n <= len(lines)), honour_noqa):
            continue
        result.findings.append(finding)
    for instance, (kind, where, data) in facts:
        line, column = where if isinstance(where, tuple) else locate.start(where)
        result.facts.append(Fact(kind, path, line, column, data))
    return ctx.built_syntax_tree()


def _describe(exc: BaseException) -> str:
    return traceback.format_exception_only(type(exc), exc)[-1].strip()


def _report_crashes(crashes: Sequence[tuple[object, cst.CSTNode, BaseException]], path: str, source: str,
                    module: cst.Module | None, result: FileResult) -> None:
    """One error per rule and line where a rule raised, naming rule, file and line."""
    locate = Locator(source, module, [node for _, node, _ in crashes])
    seen: set[tuple[str, int]] = set()
    for owner, node, exc in crashes:
        code = type(owner).code
        line = locate.line_of(node) or 0
        if (code, line) in seen:
            continue
        seen.add((code, line))
        message = f"rule {code} failed at line {line}: {_describe(exc)}"
        result.errors.append(FileError(path, "rule", message, rule=code))


def _too_large(size: int, config: Config) -> str:
    return (f"skipped: {size / 1_048_576:.1f} MiB is above the {config.max_file_size / 1_048_576:.1f} MiB "
            "limit (max-file-size)")


def _nodes_to_locate(reports: Sequence[tuple[Rule, Report]], facts: Sequence[tuple[Rule, tuple]]) -> list:
    nodes: list[cst.CSTNode] = []
    for _, report in reports:
        nodes.extend(n for n in (report.node, report.statement) if n is not None)
        nodes.extend(n for n, _ in report.related)
    nodes.extend(where for _, (_, where, _) in facts if not isinstance(where, tuple))
    return nodes


# Compound statements are reported at their header, not across their whole body.
_HEADER_NODES = (cst.BaseCompoundStatement, cst.ExceptHandler, cst.ExceptStarHandler)


def _related_location(path: str, span: tuple[int, int, int, int], message: str) -> Location:
    line, column, end_line, end_column = span
    return Location(path, line, column, message, end_line, end_column)


def _lines_edits_cannot_reach(normalised: str, written: str) -> frozenset[int] | None:
    """The lines where an edit computed on the normalised text would not fit the file as written:
    none when every line keeps its length, the lines NFKC changed in length otherwise (a fix elsewhere
    still applies), and None (no fix at all) when the two do not even have the same lines."""
    if normalised == written:
        return frozenset()
    ours, theirs = normalised.splitlines(), written.splitlines()
    if len(ours) != len(theirs):
        return None
    return frozenset(number for number, (a, b) in enumerate(zip(ours, theirs), 1) if len(a) != len(b))


def _finding(
    report: Report, rule: type[Rule], path: str, config: Config, locate: Locator,
    module: cst.Module | None, source: str | None, unfixable: frozenset[int] = frozenset(),
) -> Finding | None:
    """The finding of a report; `source` None when edits could not be placed in the file as written, and
    no fix either when its edit touches one of the `unfixable` lines."""
    if report.position is not None:
        line, column, end_line, end_column = report.position
    elif report.node is not None:
        line, column, end_line, end_column = locate.range(report.node)
        if isinstance(report.node, _HEADER_NODES) and end_line > line:
            end_line, end_column = line, len(locate.line_text(line).rstrip()) + 1
    else:
        return None
    fix = None
    if report.replacement is not None and report.node is not None and module is not None and source is not None:
        fix = _fix(module, report, locate, source)
        if fix is not None and any(line in unfixable for e in fix.edits for line in range(e.line, e.end_line + 1)):
            fix = None
    related = tuple(_related_location(path, locate.range(node), message) for node, message in report.related)
    return Finding(
        code=report.code,
        path=path,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        severity=config.severity_of(report.code, rule.severity),
        message=report.message,
        name=rule.name,
        fix=fix,
        related=related,
    )


def _dropped_tail(module: cst.Module, source: str) -> str:
    """The end of `source` that LibCST's regenerated code leaves out (a final lone \\r of a CR-only file)."""
    code = module.code
    return source[len(code):] if len(code) < len(source) and source.startswith(code) else ""


def _fix(module: cst.Module, report: Report, locate: Locator, source: str) -> Fix | None:
    """The replacement node turned into one text edit: the span where old and new code differ."""
    if report.node is None or report.replacement is None:
        return None
    with unvalidated():  # rebuilds parsed ancestors, which LibCST's validation may refuse (see cstparse)
        new_code = module.deep_replace(report.node, report.replacement).code + _dropped_tail(module, source)
    if new_code == source:
        return None
    start = 0
    limit = min(len(source), len(new_code))
    while start < limit and source[start] == new_code[start]:
        start += 1
    end_old, end_new = len(source), len(new_code)
    while end_old > start and end_new > start and source[end_old - 1] == new_code[end_new - 1]:
        end_old -= 1
        end_new -= 1
    line, column = locate.offset_to_position(start)
    end_line, end_column = locate.offset_to_position(end_old)
    edit = Edit(line, column, end_line, end_column, new_code[start:end_new])
    return Fix(report.fix_message or f"Fix {report.code}", (edit,), report.applicability)


__all__ = ["check_source", "check_source_and_tree", "RuleSet"]
