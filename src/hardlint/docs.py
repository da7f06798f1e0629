"""Rule documentation: the fixed headings every rule's docstring must have, the catalog table
and the text `hardlint explain` prints."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Mapping

from hardlint.rule import Rule

if TYPE_CHECKING:
    from hardlint.integrations.bandit_catalog import BanditCheck

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
    opt_in = f"; opt-in: runs only with `--select {rule.code}`" if rule.opt_in else ""
    return (f"{rule.code} {rule.name} (default severity: {rule.severity}{opt_in})\n\n"
            f"{rule.documentation()}\n")


def default_state(rule: type[Rule]) -> str:
    """"on", or "opt-in" for a rule that runs only when its full code is selected."""
    return "opt-in" if rule.opt_in else "on"


def catalog_rows(rules: Mapping[str, type[Rule]]) -> list[tuple[str, str, str, str, str, str]]:
    return [(code, r.name, r.severity, "yes" if _fixable(r) else "", default_state(r), r.summary())
            for code, r in rules.items()]


def _fixable(rule: type[Rule]) -> bool:
    return any(e.fixed is not None for e in rule.flag_examples())


_HEADER = ("Code", "Name", "Severity", "Fix", "Default", "Summary")


def catalog_table(rules: Mapping[str, type[Rule]], markdown: bool = False) -> str:
    """hardlint's rules as a table (the README's is the markdown form)."""
    return _table(catalog_rows(rules), markdown)


def bandit_table(checks: Mapping[str, BanditCheck], markdown: bool = False) -> str:
    """bandit's checks, with hardlint's default for each ("off: why" when it does not run them)."""
    rows = [(c.code, c.name, c.severity, "", "on" if c.on_by_default else "off", c.summary)
            for c in checks.values()]
    table = _table(rows, markdown)
    off = [f"  {c.code}: {c.default}" for c in checks.values() if not c.default == "on"]
    return table + ("\nNot run by default, or narrowed:\n" + "\n".join(off) + "\n" if off and not markdown else "")


def _table(rows: list[tuple[str, ...]], markdown: bool) -> str:
    if markdown:
        lines = ["| " + " | ".join(_HEADER) + " |", "|" + "---|" * len(_HEADER)]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines) + "\n"
    last = len(_HEADER) - 1
    widths = [max(len(r[i]) for r in [_HEADER, *rows]) for i in range(last)]
    lines = []
    for row in [_HEADER, *rows]:
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row[:last], widths)) + "  " + row[last])
    return "\n".join(lines) + "\n"


def catalog_json(rules: Mapping[str, type[Rule]], checks: Mapping[str, BanditCheck] | None = None) -> str:
    """Every rule, then every bandit check (`"source": "bandit"`), with whether it runs by default."""
    data = [
        {"code": code, "name": r.name, "severity": r.severity, "message": r.message, "summary": r.summary(),
         "fixable": _fixable(r), "source": "hardlint", "default": default_state(r),
         "documentation": r.documentation()}
        for code, r in rules.items()
    ]
    data += [
        {"code": c.code, "name": c.name, "severity": c.severity, "message": c.summary, "summary": c.summary,
         "fixable": False, "source": "bandit", "default": c.default, "documentation": c.description}
        for c in (checks or {}).values()
    ]
    return json.dumps(data, indent=2) + "\n"
