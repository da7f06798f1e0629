"""Turns the model's search/replace edit into a unified diff, and keeps it only if it is proven:
the search text occurs exactly once, the edited file still parses, the rule stops firing, no rule
(hardlint, and bandit when on) reports anything new, and the edit stays inside the flagged function."""

from __future__ import annotations

import ast
import dataclasses
import difflib
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import libcst as cst

from hardlint.config import Config, with_overrides
from hardlint.finding import Finding
from hardlint.llm.redact import Redactor

if TYPE_CHECKING:
    from hardlint.llm.schema import SuggestedEdit


@dataclass(frozen=True)
class CheckedFix:
    """A verified diff, or why the suggested edit was dropped."""

    diff: str | None
    dropped: str | None = None


def check_fix(finding: Finding, source: str | None, edit: SuggestedEdit, redactor: Redactor,
              config: Config) -> CheckedFix:
    """Verify `edit` against the current `source` of the finding's file."""
    if source is None:
        return CheckedFix(None, "source file not readable")
    search = redactor.restore(edit.search)
    replace = redactor.restore(edit.replace)
    if redactor.contains_placeholder(search) or redactor.contains_placeholder(replace):
        return CheckedFix(None, "edit refers to a secret marker that is not in this code")
    if not search.strip():
        return CheckedFix(None, "edit has an empty search text")
    count = source.count(search)
    if count != 1:
        return CheckedFix(None, f"search text occurs {count} times in the file (must be exactly once)")
    new_source = source.replace(search, replace, 1)
    if new_source == source:
        return CheckedFix(None, "edit changes nothing")
    try:
        cst.parse_module(new_source)
    except (cst.ParserSyntaxError, RecursionError, ValueError) as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return CheckedFix(None, f"edited file does not parse ({first_line})")
    before = rule_hits(finding, source, config)
    after = rule_hits(finding, new_source, config)
    if before is None or after is None:
        return CheckedFix(None, f"{finding.code} could not be re-run on the edited file")
    if after >= before:
        return CheckedFix(None, f"{finding.code} still fires after the edit")
    outside = _outside_function(finding, source, new_source)
    if outside is not None:
        return CheckedFix(None, outside)
    added = new_findings(finding, source, new_source, config)
    if added is None:
        return CheckedFix(None, "the checks could not be re-run on the edited file")
    if added:
        return CheckedFix(None, "edit adds findings: " + ", ".join(sorted({code for code, _ in added})))
    return CheckedFix(unified_diff(finding.path, source, new_source))


def rule_hits(finding: Finding, source: str, config: Config) -> int | None:
    """How many times the finding's rule fires on `source`; None when hardlint cannot run that rule."""
    narrowed = with_overrides(config, select=(finding.code,), ignore=(), per_file_ignores={})
    if finding.source == "bandit":
        return _bandit_hits(finding, source, narrowed)
    if finding.source != "hardlint":
        return None
    from hardlint.engine import check_source

    result = check_source(source, finding.path, narrowed)
    if result.errors:
        return None
    return sum(1 for f in result.findings if f.code == finding.code)


def new_findings(finding: Finding, source: str, new_source: str, config: Config) -> Counter[tuple[str, str]] | None:
    """(code, message) pairs every enabled check reports on `new_source` beyond those on `source`."""
    every = with_overrides(config, select=("HL", "B"), ignore=(), per_file_ignores={})
    before = _all_findings(finding.path, source, every)
    after = _all_findings(finding.path, new_source, every)
    if before is None or after is None:
        return None
    return after - before


def _all_findings(path: str, source: str, config: Config) -> Counter[tuple[str, str]] | None:
    """Every hardlint finding on `source`, plus bandit's when bandit is enabled."""
    from hardlint.engine import check_source

    result = check_source(source, path, config)
    if result.errors:
        return None
    found = Counter((f.code, f.message) for f in result.findings)
    if config.bandit:
        from hardlint.integrations import bandit_adapter

        with tempfile.TemporaryDirectory(prefix="hardlint-llm-") as scratch:
            target = Path(scratch) / (Path(path).name or "module.py")
            target.write_text(source, encoding="utf-8", errors="surrogateescape")
            extra = bandit_adapter.run_here([str(target)], config)
        if extra.errors:
            return None
        found.update((f.code, f.message) for f in extra.findings)
    return found


def _outside_function(finding: Finding, source: str, new_source: str) -> str | None:
    """Why the edit leaves the flagged function's line range, or None when it stays inside."""
    from hardlint.llm.prompt import enclosing_range

    old_lines, new_lines = source.splitlines(), new_source.splitlines()
    first = min(max(finding.line, 1), max(len(old_lines), 1))
    last = min(max(finding.end_line, finding.line), max(len(old_lines), 1))
    start, end = enclosing_range(source, first, last)
    new_end = end + len(new_lines) - len(old_lines)
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if i1 + 1 < start or i2 > end or j1 + 1 < start or j2 > new_end:
            return f"edit reaches outside the flagged code (lines {start}-{end})"
    if _function_span(source, start, end) and not _function_span(new_source, start, new_end):
        return f"edit moves code out of the flagged function (lines {start}-{end})"
    return None


def _function_span(source: str, start: int, end: int) -> bool:
    """Whether a function or class in `source` spans exactly lines `start`..`end`."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            first = min([node.lineno] + [d.lineno for d in node.decorator_list])
            if first == start and (getattr(node, "end_lineno", None) or node.lineno) == end:
                return True
    return False


def _bandit_hits(finding: Finding, source: str, config: Config) -> int | None:
    """Run the one bandit check on `source`, written to a scratch file of the same name."""
    from hardlint.integrations import bandit_adapter

    with tempfile.TemporaryDirectory(prefix="hardlint-llm-") as scratch:
        target = Path(scratch) / (Path(finding.path).name or "module.py")
        target.write_text(source, encoding="utf-8", errors="surrogateescape")
        narrowed = dataclasses.replace(config, bandit=True)
        result = bandit_adapter.run_here([str(target)], narrowed)
    if result.errors:
        return None
    return sum(1 for f in result.findings if f.code == finding.code)


def unified_diff(path: str, old: str, new: str) -> str:
    """A `git apply`-compatible diff of one file."""
    lines = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                 f"a/{path}", f"b/{path}")
    out = []
    for line in lines:
        if line.endswith("\n"):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)
