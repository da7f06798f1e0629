"""GitLab Code Quality report: a JSON array of issues for `artifacts:reports:codequality`."""

from __future__ import annotations

import json
from typing import Any

from hardlint.baseline import fingerprints
from hardlint.config import Config
from hardlint.finding import Finding, Report
from hardlint.reporters.ci_paths import base_dir, relative_to

SEVERITIES = {"low": "minor", "medium": "major", "high": "critical", "critical": "blocker"}
CATEGORIES = {"HL1": "Clarity", "HL2": "Bug Risk", "HL3": "Security", "HL4": "Bug Risk", "HL5": "Security",
              "HL6": "Security", "HL7": "Bug Risk", "HL8": "Complexity"}


def render(report: Report, config: Config, color: bool = False) -> str:
    base = base_dir(config)
    prints = fingerprints(report.findings, config)
    issues = [_issue(f, fp, relative_to(f.path, base)) for f, fp in zip(report.findings, prints)]
    return json.dumps(issues, indent=2) + "\n"


def _issue(finding: Finding, fingerprint: str, path: str) -> dict[str, Any]:
    category = "Security" if finding.source == "bandit" else CATEGORIES.get(finding.code[:3], "Bug Risk")
    return {
        "type": "issue",
        "check_name": finding.code,
        "description": f"{finding.code} {finding.message}" + (
            f" (confidence: {finding.confidence})" if finding.confidence else ""),
        "categories": [category],
        "severity": SEVERITIES.get(finding.severity, "major"),
        "fingerprint": fingerprint,
        "location": {"path": path, "lines": {"begin": finding.line, "end": max(finding.line, finding.end_line)}},
        "engine_name": finding.source,
    }
