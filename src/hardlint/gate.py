"""The CI gate around a finished report: `--diff-ref`, `--baseline`, `--output` and baseline recording."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from hardlint import baseline as baselines
from hardlint.config import Config
from hardlint.finding import Finding, Report

if TYPE_CHECKING:
    from hardlint.gitdiff import ChangedLines


class GateError(Exception):
    """A gate option that cannot be honoured (bad REF, unreadable baseline, unwritable output)."""


def narrow(report: Report, config: Config, diff_ref: str | None = None, baseline: str | None = None) -> Report:
    """Keep only findings on lines changed since `diff_ref` and not recorded in `baseline`."""
    if not diff_ref and not baseline:
        return report
    findings = baselines.with_fingerprints(report.findings, config)  # before filtering: stable indexes
    notes = list(report.notes)
    if baseline:
        try:
            known = baselines.load(baseline)
        except baselines.BaselineError as exc:
            raise GateError(str(exc)) from None
        findings, stale = baselines.split(findings, known)
        if stale:
            notes.append(f"{stale} baseline entr{'ies' if stale != 1 else 'y'} in {baseline} no longer "
                         "match a finding (fixed?); re-run `hardlint baseline` to drop them.")
    if diff_ref:
        from hardlint import gitdiff  # git is only run for --diff-ref

        try:
            changed = gitdiff.changed_lines(diff_ref)
            configuration = gitdiff.config_changes(changed)
        except gitdiff.GitError as exc:
            raise GateError(f"--diff-ref: {exc}") from None
        findings = [f for f in findings if touched(f, changed)]
        if configuration:
            notes.append(f"warning: the change since {diff_ref} edits hardlint's configuration "
                         f"({', '.join(configuration)}); review it: it decides what this run reports.")
    return dataclasses.replace(report, findings=findings, notes=notes)


def touched(finding: Finding, changed: ChangedLines) -> bool:
    """Whether any line of the finding's span or of its data-flow steps changed."""
    if any(changed.contains(finding.path, n) for n in _span(finding.line, finding.end_line)):
        return True
    return any(changed.contains(step.path, step.line) for step in finding.related)


def _span(line: int, end_line: int) -> range:
    """The finding's lines."""
    return range(line, max(line, end_line) + 1)


class FixScope:
    """The findings `--fix` and `--diff` may touch: those reported after `--diff-ref` and `--baseline`
    narrowing. Each fix round re-checks the file; a finding there is in scope when its line comes
    from a line of an in-scope finding, or was written by an earlier round's fix."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        self._allowed: dict[str, set[tuple[str, int]]] = {}
        for finding in findings:
            self._allowed.setdefault(finding.path, set()).add((finding.code, finding.line))
        self._originals: dict[str, list[str]] = {}

    def narrow(self, path: str, text: str, findings: Sequence[Finding]) -> list[Finding]:
        """The in-scope `findings` of `text`, one version of `path` (the first seen is the original)."""
        lines = text.splitlines()
        origins = _origins(self._originals.setdefault(path, lines), lines)
        allowed = self._allowed.get(path, set())
        return [f for f in findings if _in_scope(f, origins, allowed)]


def _in_scope(finding: Finding, origins: dict[int, int | None], allowed: set[tuple[str, int]]) -> bool:
    origin = origins.get(finding.line)
    return origin is None or (finding.code, origin) in allowed


def _origins(original: list[str], current: list[str]) -> dict[int, int | None]:
    """For each line number of `current`, the line of `original` it still is, or None when a fix wrote it."""
    if original == current:
        return {n: n for n in range(1, len(current) + 2)}
    import difflib  # here: only a fix round that changed the file needs it

    origins: dict[int, int | None] = {}
    matcher = difflib.SequenceMatcher(None, original, current, autojunk=False)
    for tag, i1, _, j1, j2 in matcher.get_opcodes():
        for offset in range(j2 - j1):
            origins[j1 + offset + 1] = i1 + offset + 1 if tag == "equal" else None
    return origins


def record_baseline(path: str, report: Report, config: Config) -> int:
    try:
        return baselines.write(path, report.findings, config)
    except baselines.BaselineError as exc:
        raise GateError(str(exc)) from None


def write_report(path: str, text: str) -> None:
    """Write a rendered report; the directory is created when missing."""
    target = Path(path)
    try:
        if target.parent != Path(""):
            os.makedirs(target.parent, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
    except OSError as exc:
        raise GateError(f"--output {path}: cannot write: {exc.strerror or exc}") from None
