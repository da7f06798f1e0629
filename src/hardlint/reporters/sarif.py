"""SARIF 2.1.0 for GitHub code scanning and other SARIF consumers.

Rule metadata comes from the rules' own documentation; bandit checks carry their test name and
documentation link. URIs are relative to `%SRCROOT%` (the repository root), fingerprints are the
same line-independent ones baselines use, and safe fixes travel as SARIF `fixes`.
"""

from __future__ import annotations

import json
import os
import urllib.parse
from pathlib import Path
from typing import Any, Sequence

from hardlint.baseline import fingerprints
from hardlint.catalog import load_rules, rule_enabled
from hardlint.config import Config
from hardlint.finding import Finding, Fix, Location, Report
from hardlint.reporters.ci_paths import base_dir, relative_to

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT_NAME = "hardlint/v1"

LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}
# GitHub code scanning reads this as CVSS-like: >= 9 critical, 7-8.9 high, 4-6.9 medium, < 4 low.
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "2.0"}
FAMILY_TAGS = {
    "HL1": ("maintainability", "placeholders"),
    "HL2": ("correctness", "mocks"),
    "HL3": ("security", "injection"),
    "HL4": ("reliability", "exceptions"),
    "HL5": ("security", "configuration"),
    "HL6": ("security",),
    "HL7": ("correctness", "api"),
    "HL8": ("maintainability", "structure"),
}


def render(report: Report, config: Config, color: bool = False) -> str:
    return json.dumps(sarif_document(report, config), indent=2) + "\n"


def sarif_document(report: Report, config: Config) -> dict[str, Any]:
    base = base_dir(config)
    rules, index = _rules(report.findings, config)
    prints = fingerprints(report.findings, config)
    results = [_result(f, fp, index[f.code], base) for f, fp in zip(report.findings, prints)]
    notifications = [_notification(e.path, e.message, "error" if e.is_internal else "warning", base)
                     for e in report.errors]
    notifications.extend({"level": "note", "message": {"text": note}} for note in report.notes)
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "hardlint",
                "version": _version(),
                "semanticVersion": _version(),
                "rules": rules,
            }},
            "invocations": [{
                "executionSuccessful": not any(e.is_internal for e in report.errors),
                "toolExecutionNotifications": notifications,
            }],
            "originalUriBaseIds": {SRCROOT: {"uri": base.as_uri().rstrip("/") + "/"}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def _version() -> str:
    from hardlint import __version__

    return __version__


# -- rules -------------------------------------------------------------------------------------
def _rules(findings: Sequence[Finding], config: Config) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Descriptors for every enabled hardlint rule plus each external check that reported."""
    catalog = load_rules()
    codes = [code for code in catalog if rule_enabled(code, config)]
    external: dict[str, Finding] = {}
    for finding in findings:
        if finding.code not in catalog:
            external.setdefault(finding.code, finding)
        elif finding.code not in codes:
            codes.append(finding.code)
    descriptors = [_hardlint_rule(catalog[code], config) for code in codes]
    descriptors.extend(_external_rule(external[code]) for code in sorted(external))
    return descriptors, {d["id"]: i for i, d in enumerate(descriptors)}


def _hardlint_rule(rule: Any, config: Config) -> dict[str, Any]:
    from hardlint.docs import sections

    parts = sections(rule)
    severity = config.severity_of(rule.code, rule.severity)
    full = "\n\n".join(p for p in (parts.get("What it does"), parts.get("Why it matters")) if p)
    documentation = rule.documentation()
    tags = ["hardlint", *FAMILY_TAGS.get(rule.code[:3], ())]
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary()},
        "fullDescription": {"text": full or rule.summary()},
        "help": {"text": documentation, "markdown": documentation},
        "defaultConfiguration": {"level": LEVELS.get(severity, "warning")},
        "properties": {
            "tags": tags,
            "security-severity": SECURITY_SEVERITY.get(severity, "5.5"),
            "precision": "high",
            "problem.severity": LEVELS.get(severity, "warning").replace("note", "recommendation"),
        },
    }


def _external_rule(example: Finding) -> dict[str, Any]:
    """A bandit check, described from what bandit tells us about it."""
    annotations = example.annotations or {}
    more_info = str(annotations.get("more_info") or "")
    title = example.name.replace("_", " ") or example.code
    tags = [example.source, "security"]
    if annotations.get("cwe"):
        tags.append(f"external/cwe/cwe-{int(annotations['cwe'])}")
    descriptor: dict[str, Any] = {
        "id": example.code,
        "name": example.name or example.code,
        "shortDescription": {"text": f"{example.source} {example.code}: {title}"},
        "fullDescription": {"text": example.message},
        "help": {"text": f"{example.message}\n{more_info}".strip(),
                 "markdown": f"{example.message}\n\n[{example.source} documentation]({more_info})"
                 if more_info else example.message},
        "defaultConfiguration": {"level": LEVELS.get(example.severity, "warning")},
        "properties": {"tags": tags, "security-severity": SECURITY_SEVERITY.get(example.severity, "5.5")},
    }
    if more_info:
        descriptor["helpUri"] = more_info
    return descriptor


# -- results -----------------------------------------------------------------------------------
def _result(finding: Finding, fingerprint: str, rule_index: int, base: Path) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": LEVELS.get(finding.severity, "warning"),
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": _artifact(finding.path, base),
            "region": _region(finding.line, finding.column, finding.end_line, finding.end_column),
        }}],
        "partialFingerprints": {FINGERPRINT_NAME: fingerprint},
        "properties": {"severity": finding.severity, "source": finding.source},
    }
    if finding.confidence:
        result["properties"]["confidence"] = finding.confidence
    llm = (finding.annotations or {}).get("llm")
    if isinstance(llm, dict):  # the optional LLM triage (hardlint.llm): verdict, explanation, verified diff
        result["properties"]["llm"] = llm
    if finding.related:
        result["relatedLocations"] = [
            {"id": number, "message": {"text": loc.message or "related"},
             "physicalLocation": {"artifactLocation": _artifact(loc.path, base), "region": _related_region(loc)}}
            for number, loc in enumerate(finding.related, start=1)
        ]
    if finding.fix is not None and finding.fix.edits:
        result["fixes"] = [_fix(finding.path, finding.fix, base)]
    return result


def _region(line: int, column: int, end_line: int, end_column: int) -> dict[str, int]:
    start_line, start_column = max(1, line), max(1, column)
    end_line = max(start_line, end_line)
    end_column = max(1, end_column)
    if end_line == start_line and end_column < start_column:
        end_column = start_column
    return {"startLine": start_line, "startColumn": start_column, "endLine": end_line, "endColumn": end_column}


def _fix(path: str, fix: Fix, base: Path) -> dict[str, Any]:
    replacements = [{
        "deletedRegion": _region(e.line, e.column, e.end_line, e.end_column),
        "insertedContent": {"text": e.content},
    } for e in fix.edits]
    return {
        "description": {"text": fix.message},
        "artifactChanges": [{"artifactLocation": _artifact(path, base), "replacements": replacements}],
    }


def _related_region(loc: Location) -> dict[str, int]:
    region = {"startLine": max(1, loc.line), "startColumn": max(1, loc.column)}
    if loc.end_line:
        region.update(endLine=max(1, loc.end_line), endColumn=max(1, loc.end_column))
    return region


def _artifact(path: str, base: Path) -> dict[str, str]:
    relative = relative_to(path, base)
    if relative.startswith("/") or relative.startswith("<"):
        uri = Path(relative).as_uri() if relative.startswith("/") else _quote(relative)
        return {"uri": uri}
    return {"uri": _quote(relative), "uriBaseId": SRCROOT}


def _quote(path: str) -> str:
    """`path` percent-encoded from its bytes on disk (a non-UTF-8 name stays exact: `bad%FF.py`)."""
    return urllib.parse.quote(os.fsencode(path))


def _notification(path: str, message: str, level: str, base: Path) -> dict[str, Any]:
    notification: dict[str, Any] = {"level": level, "message": {"text": message}}
    if path and not path.startswith("<"):
        notification["locations"] = [{"physicalLocation": {"artifactLocation": _artifact(path, base)}}]
    return notification
