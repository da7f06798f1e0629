"""Turn hardlint's findings and file errors into LSP diagnostics."""
from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path

from lsprotocol import types

from hardlint.config import ConfigError, load_config
from hardlint.finding import FileError, FileResult, Finding
from hardlint.runner import cacheable, result_cache
from hardlint.workers import Job, check_one

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
    end = _position(step.end_line, step.end_column) if step.end_line else where
    uri = Path(step.path).resolve().as_uri() if step.path and not step.path.startswith("<") else ""
    location = types.Location(uri=uri, range=types.Range(start=where, end=end))
    return types.DiagnosticRelatedInformation(location=location, message=step.message or finding.code)


def error_diagnostic(error: FileError) -> types.Diagnostic:
    """A file that could not be checked, as one diagnostic at the error (top of the file if unknown)."""
    at = _AT_LINE.search(error.message)
    start = _position(int(at.group(1)), int(at.group(2))) if at else types.Position(line=0, character=0)
    return types.Diagnostic(range=types.Range(start=start, end=start), message=error.message,
                            severity=types.DiagnosticSeverity.Error, source="hardlint")


def check_buffer(source: str | bytes, path: str) -> FileResult:
    """Check an unsaved buffer (or a file's bytes) with the configuration nearest its path; never raises.

    The buffer is checked under the path the CLI reports for it (relative to the configuration's
    root), so both read and write the same signed result-cache entries: a file the CLI checked opens
    without work, and the server's results for saved content serve the next `hardlint check`. The
    result comes back with absolute paths."""
    absolute = os.path.abspath(path)
    try:
        config = load_config(start=Path(absolute).parent)
    except ConfigError as exc:
        return FileResult(absolute, errors=[FileError(absolute, "config", str(exc))])
    shown = _shown(absolute, config.root)
    data = source.encode("utf-8", "surrogateescape") if isinstance(source, str) else source
    is_test = config.is_test(absolute)
    cache = result_cache(config)
    key = cache.key(shown, data, is_test) if cache is not None else None
    result = cache.get(key, shown) if cache is not None and key is not None else None
    if result is None:
        result = check_one(Job(0, shown, data, is_test), config)
        if cache is not None and key is not None and cacheable(result) and _on_disk(absolute) == data:
            cache.put(key, result)  # unsaved states of a buffer are not worth an entry
    return _rebased(result, config.root)


def _on_disk(path: str) -> bytes | None:
    try:
        return Path(path).read_bytes()
    except OSError:
        return None


def _shown(path: str, root: Path) -> str:
    """`path` as the CLI run from the project root names it: relative, with forward slashes."""
    rel = os.path.relpath(path, root)
    return path if rel.startswith("..") else rel.replace(os.sep, "/")


def _rebased(result: FileResult, root: Path) -> FileResult:
    """`result` with every relative path made absolute under `root`."""
    def absolute(path: str) -> str:
        return path if os.path.isabs(path) or path.startswith("<") else str(root / path)

    return FileResult(
        absolute(result.path),
        [replace(f, path=absolute(f.path), related=tuple(replace(r, path=absolute(r.path)) for r in f.related))
         for f in result.findings],
        [replace(e, path=absolute(e.path)) for e in result.errors],
        [replace(f, path=absolute(f.path)) for f in result.facts],
    )


def diagnose(result: FileResult) -> list[types.Diagnostic]:
    """A checked buffer's findings and errors as diagnostics."""
    return [*map(finding_diagnostic, result.findings), *map(error_diagnostic, result.errors)]
