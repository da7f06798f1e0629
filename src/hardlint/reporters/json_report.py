"""`{"findings": [...], "errors": [...], "summary": {...}}`."""

from __future__ import annotations

import json
from collections import Counter

from hardlint.config import Config
from hardlint.finding import Report


def render(report: Report, config: Config, color: bool = False) -> str:
    by_severity = Counter(f.severity for f in report.findings)
    by_code = Counter(f.code for f in report.findings)
    document = {
        "findings": [f.to_dict() for f in report.findings],
        "errors": [e.to_dict() for e in report.errors],
        "summary": {
            "findings": len(report.findings),
            "errors": len(report.errors),
            "files_checked": report.files_checked,
            "by_severity": dict(sorted(by_severity.items())),
            "by_code": dict(sorted(by_code.items())),
            "notes": list(report.notes),
            "bandit_superseded": report.superseded,
        },
    }
    return json.dumps(document, indent=2, sort_keys=False) + "\n"
