"""Turn hardlint's findings and file errors into LSP diagnostics."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from lsprotocol import types

from hardlint.config import Config, ConfigError, load_config
from hardlint.engine import check_source_and_tree
from hardlint.finding import FileError, FileResult, Finding

_AT_LINE = re.compile(r"line (\d+), column (\d+)")

SEVERITY = {
    "critical": types.DiagnosticSeverity.Error,
    "high": types.DiagnosticSeverity.Error,
    "medium": types.DiagnosticSeverity.Warning,
    "low": types.DiagnosticSeverity.Information,
}


def _position(line: int, column: int) -> types.Position:
    """hardlint's 1-based line and column as an LSP 0-based position."""
    return types.Position(line=max(line - 1, 0), character=max(column - 1, 0))


def finding_diagnostic(finding: Finding) -> types.Diagnostic:
    """One finding as a diagnostic with code, source and severity."""
    return types.Diagnostic(
        range=types.Range(start=_position(finding.line, finding.column),
                          end=_position(finding.end_line, finding.end_column)),
        message=finding.message,
        severity=SEVERITY.get(finding.severity, types.DiagnosticSeverity.Warning),
        code=finding.code,
        code_description=_code_description(finding),
        source="bandit" if finding.code.startswith("B") else "hardlint",
        related_information=[_related(finding, step) for step in finding.related] or None,
    )


def _code_description(finding: Finding) -> types.CodeDescription | None:
    """The rule's documentation URL, when it has one (bandit's checks do; hardlint's rules use hover)."""
    url = finding.annotations.get("more_info")
    return types.CodeDescription(href=url) if isinstance(url, str) and url.startswith("http") else None


def rule_documentation(code: str) -> str | None:
    """`hardlint explain CODE`'s text for a hardlint rule, None for other codes."""
    from hardlint.catalog import load_rules
    from hardlint.docs import explain

    rule = load_rules().get(code)
    return explain(rule) if rule is not None else None


def _related(finding: Finding, step) -> types.DiagnosticRelatedInformation:
    """A data-flow step (where tainted text came from) as related information."""
    where = _position(step.line, step.column)
    uri = Path(step.path).resolve().as_uri() if step.path and not step.path.startswith("<") else ""
    location = types.Location(uri=uri, range=types.Range(start=where, end=where))
    return types.DiagnosticRelatedInformation(location=location, message=step.message or finding.code)


def error_diagnostic(error: FileError) -> types.Diagnostic:
    """A file that could not be checked, as one diagnostic at the error (top of the file if unknown)."""
    at = _AT_LINE.search(error.message)
    start = _position(int(at.group(1)), int(at.group(2))) if at else types.Position(line=0, character=0)
    return types.Diagnostic(range=types.Range(start=start, end=start), message=error.message,
                            severity=types.DiagnosticSeverity.Error, source="hardlint")


def check_buffer(source: str, path: str) -> FileResult:
    """Check an unsaved buffer with the configuration nearest its path; never raises."""
    try:
        config = load_config(start=Path(path).parent)
    except ConfigError as exc:
        return FileResult(path, errors=[FileError(path, "config", str(exc))])
    from hardlint.integrations.bandit_adapter import wanted

    with_bandit = wanted(config)
    result, tree = check_source_and_tree(source, path, config, tree_wanted=with_bandit)
    if with_bandit and not result.errors:
        _add_bandit(result, source, path, config, tree)
    return result


def _add_bandit(result: FileResult, source: str, path: str, config: Config, tree: ast.Module | None) -> None:
    """bandit's findings for the buffer, when the configuration runs bandit (as `check` adds them)."""
    from hardlint.integrations.bandit_adapter import add_findings

    add_findings(result, source.encode("utf-8"), config.is_test(path), config, tree)


def diagnose(result: FileResult) -> list[types.Diagnostic]:
    """A checked buffer's findings and errors as diagnostics."""
    return [*map(finding_diagnostic, result.findings), *map(error_diagnostic, result.errors)]
