"""The data that flows from rules to reporters: findings, fixes and per-file errors.

Everything here is frozen, holds no CST nodes and round-trips through plain dicts, so it can
cross process boundaries, live in the result cache and be rendered by any reporter.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal, Mapping

Severity = Literal["low", "medium", "high", "critical"]
SEVERITIES: tuple[Severity, ...] = ("low", "medium", "high", "critical")
Applicability = Literal["safe", "unsafe", "display"]


def severity_rank(severity: str) -> int:
    """0 for low up to 3 for critical; unknown severities rank lowest."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else 0  # type: ignore[arg-type]


@dataclass(frozen=True)
class Edit:
    """Replace the text between two 1-based (line, column) positions with `content`."""

    line: int
    column: int
    end_line: int
    end_column: int
    content: str


@dataclass(frozen=True)
class Fix:
    """A change that resolves a finding; only `safe` fixes are applied by `--fix`."""

    message: str
    edits: tuple[Edit, ...]
    applicability: Applicability = "safe"


@dataclass(frozen=True)
class Location:
    """A secondary place that explains a finding, such as where tainted text came from. The end
    (exclusive) is 0 where only the start is known."""

    path: str
    line: int
    column: int
    message: str = ""
    end_line: int = 0
    end_column: int = 0


@dataclass(frozen=True)
class Finding:
    """One problem at one place. Lines and columns are 1-based; end positions are exclusive."""

    code: str
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    severity: str
    message: str
    source: str = "hardlint"
    name: str = ""
    confidence: str | None = None
    fix: Fix | None = None
    related: tuple[Location, ...] = ()
    annotations: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Finding:
        values = dict(data)
        fix = values.get("fix")
        if fix is not None:
            edits = tuple(Edit(**edit) for edit in fix["edits"])
            values["fix"] = Fix(fix["message"], edits, fix.get("applicability", "safe"))
        values["related"] = tuple(Location(**loc) for loc in values.get("related", ()))
        values["annotations"] = dict(values.get("annotations") or {})
        return cls(**values)


ErrorKind = Literal["io", "decode", "parse", "too-large", "rule", "internal", "timeout"]


@dataclass(frozen=True)
class FileError:
    """A file that could not be checked completely, and why. `rule` names the rule that raised."""

    path: str
    kind: str
    message: str
    rule: str | None = None

    @property
    def is_internal(self) -> bool:
        """True when hardlint itself failed, rather than the input being unusable."""
        return self.kind in ("rule", "internal")

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FileError:
        return cls(**data)


@dataclass(frozen=True)
class Fact:
    """Something a file's pass records for the project phase (a route, an import)."""

    kind: str
    path: str
    line: int
    column: int
    data: Mapping[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Fact:
        return cls(**data)


@dataclass
class FileResult:
    """What checking one file produced."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "findings": [f.to_dict() for f in self.findings],
            "errors": [e.to_dict() for e in self.errors],
            "facts": [f.to_dict() for f in self.facts],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FileResult:
        return cls(
            data["path"],
            [Finding.from_dict(f) for f in data["findings"]],
            [FileError.from_dict(e) for e in data["errors"]],
            [Fact.from_dict(f) for f in data.get("facts", [])],
        )


@dataclass
class Report:
    """The result of a whole run: every finding and every file-level error, in stable order."""

    findings: list[Finding] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    files_checked: int = 0
    notes: list[str] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)  # paths left out, by reason
    superseded: int = 0  # bandit findings dropped because a hardlint rule covers their line
    configs: list[str] = field(default_factory=list)  # the configuration files that applied

    def sort(self) -> None:
        self.findings.sort(key=lambda f: f.sort_key)
        self.errors.sort(key=lambda e: (e.path, e.kind, e.rule or ""))
