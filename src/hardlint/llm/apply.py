"""Turns the model's search/replace edit into a unified diff, and keeps it only if it is proven:
the search text occurs exactly once, the edited file still parses, and the rule stops firing."""

from __future__ import annotations

import dataclasses
import difflib
import tempfile
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
