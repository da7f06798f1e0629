"""Rule documentation: the fixed headings every rule's docstring must have, the catalog table
and the text `hardlint explain` prints."""

from __future__ import annotations

import json
import re
from typing import Mapping

from hardlint.rule import Rule

HEADINGS = ("What it does", "Why it matters", "Example", "Use instead", "Fix safety", "References")
_HEADING = re.compile(r"^## (.+?)\s*$", re.MULTILINE)


def sections(rule: type[Rule]) -> dict[str, str]:
    """The docstring split at its `## Heading` lines; the text before the first heading is `title`."""
    doc = rule.documentation()
    parts = _HEADING.split(doc)
    found = {"title": parts[0].strip()}
    for heading, body in zip(parts[1::2], parts[2::2]):
        found[heading.strip()] = body.strip()
    return found


def missing_headings(rule: type[Rule]) -> list[str]:
    present = sections(rule)
    return [h for h in HEADINGS if not present.get(h)]


def explain(rule: type[Rule]) -> str:
    return (f"{rule.code} {rule.name} (default severity: {rule.severity})\n\n"
            f"{rule.documentation()}\n")


def catalog_rows(rules: Mapping[str, type[Rule]]) -> list[tuple[str, str, str, str, str]]:
    return [(code, r.name, r.severity, "yes" if _fixable(r) else "", r.summary()) for code, r in rules.items()]


def _fixable(rule: type[Rule]) -> bool:
    return any(e.fixed is not None for e in rule.flag_examples())


def catalog_table(rules: Mapping[str, type[Rule]], markdown: bool = False) -> str:
    rows = catalog_rows(rules)
    header = ("Code", "Name", "Severity", "Fix", "Summary")
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines) + "\n"
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
    lines = []
    for row in [header, *rows]:
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row[:4], widths)) + "  " + row[4])
    return "\n".join(lines) + "\n"


def catalog_json(rules: Mapping[str, type[Rule]]) -> str:
    data = [
        {"code": code, "name": r.name, "severity": r.severity, "message": r.message, "summary": r.summary(),
         "fixable": _fixable(r), "documentation": r.documentation()}
        for code, r in rules.items()
    ]
    return json.dumps(data, indent=2) + "\n"
