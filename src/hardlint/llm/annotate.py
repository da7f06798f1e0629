"""Turns a triage outcome into a finding's annotations: the JSON `llm` object and the text suffix.

Annotations never remove a finding. The only change to the finding itself is the opt-in downgrade
(`--llm-downgrade`): a likely false positive, judged with high confidence, on code that does not
try to talk to the reviewer, becomes severity `low` and stops counting towards the exit code.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hardlint.config import Config
from hardlint.finding import Finding
from hardlint.llm.apply import check_fix
from hardlint.llm.prompt import FindingContext
from hardlint.llm.settings import LLMSettings

if TYPE_CHECKING:
    from hardlint.llm.schema import Triage

SUFFIX_CHARS = 160


@dataclass
class Outcome:
    """What the pass learned about one finding: a triage, or the reason there is none."""

    triage: Triage | None = None
    reason: str = ""
    cached: bool = False
    batch_id: str | None = None


def is_downgraded(finding: Finding) -> bool:
    """True when the user's opt-in downgrade applied to this finding (it no longer fails the run)."""
    llm = (finding.annotations or {}).get("llm")
    return isinstance(llm, dict) and bool(llm.get("downgraded"))


def annotate(finding: Finding, ctx: FindingContext, outcome: Outcome, settings: LLMSettings,
             config: Config, show_reason: bool = True) -> Finding:
    """A copy of `finding` carrying the outcome in its annotations."""
    llm: dict[str, Any] = {"model": settings.model, "prompt_version": _prompt_version()}
    if outcome.triage is None:
        llm.update(status="not_triaged", reason=outcome.reason)
        if outcome.batch_id:
            llm["batch_id"] = outcome.batch_id
        suffix = f"  [llm: not triaged: {outcome.reason}]" if show_reason else ""
        return _with(finding, llm, suffix)
    triage = outcome.triage
    llm.update(
        status="triaged",
        cached=outcome.cached,
        verdict=triage.verdict,
        severity=triage.severity,
        confidence=triage.confidence,
        problem=triage.problem,
        risk=triage.risk,
        remedy=triage.remedy,
        instructions_in_code=ctx.instructions_in_code,
        fix=None,
    )
    if triage.fix is not None:
        checked = check_fix(finding, ctx.source, triage.fix, ctx.redactor, config)
        if checked.diff is not None:
            llm["fix"] = {"summary": triage.fix.summary, "diff": checked.diff}
        else:
            llm["fix_dropped"] = checked.dropped
    severity = finding.severity
    downgrade = (settings.downgrade and triage.verdict == "likely_false_positive"
                 and triage.confidence == "high" and not ctx.instructions_in_code
                 and finding.severity != "critical")
    if downgrade:
        llm["downgraded"] = True
        llm["original_severity"] = finding.severity
        severity = "low"
    verdict = triage.verdict.replace("_", " ")
    problem = " ".join(triage.problem.split())
    if len(problem) > SUFFIX_CHARS:
        problem = problem[:SUFFIX_CHARS - 3].rstrip() + "..."
    notes = []
    if ctx.instructions_in_code:
        notes.append("code addresses the reviewer")
    if downgrade:
        notes.append("downgraded")
    if "fix" in llm and llm["fix"] is not None:
        notes.append("fix available")
    extra = f" ({', '.join(notes)})" if notes else ""
    suffix = f"  [llm: {verdict}, {triage.confidence} confidence{extra}: {problem}]"
    return dataclasses.replace(_with(finding, llm, suffix), severity=severity)


def _with(finding: Finding, llm: dict[str, Any], suffix: str) -> Finding:
    annotations = dict(finding.annotations or {})
    annotations["llm"] = llm
    if suffix:
        annotations["text_suffix"] = annotations.get("text_suffix", "") + suffix
    return dataclasses.replace(finding, annotations=annotations)


def _prompt_version() -> str:
    from hardlint.llm.prompt import PROMPT_VERSION

    return PROMPT_VERSION
