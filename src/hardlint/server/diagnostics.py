"""Turn hardlint's findings and file errors into LSP diagnostics."""
from __future__ import annotations

from pathlib import Path

from lsprotocol import types

from hardlint.config import ConfigError, load_config
from hardlint.engine import check_source
from hardlint.finding import FileError, Finding

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
        source="hardlint",
    )


def error_diagnostic(error: FileError) -> types.Diagnostic:
    """A file that could not be checked, as one diagnostic at the top of the file."""
    start = types.Position(line=0, character=0)
    return types.Diagnostic(range=types.Range(start=start, end=start), message=error.message,
                            severity=types.DiagnosticSeverity.Error, source="hardlint")


def diagnose(source: str, path: str) -> list[types.Diagnostic]:
    """Check an unsaved buffer with the configuration nearest its path; never raises."""
    try:
        config = load_config(start=Path(path).parent)
    except ConfigError as exc:
        return [error_diagnostic(FileError(path, "config", str(exc)))]
    result = check_source(source, path, config)
    return [*map(finding_diagnostic, result.findings), *map(error_diagnostic, result.errors)]
