"""GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` annotation per finding.

Everything a file or a message contains is escaped, so no finding can end its annotation early
or inject a workflow command of its own. Columns are only given for single-line spans: GitHub
rejects `col`/`endColumn` when the start and end lines differ.
"""

from __future__ import annotations

from hardlint.config import Config
from hardlint.finding import Finding, Report
from hardlint.reporters.ci_paths import base_dir, relative_to
from hardlint.reporters.text import summary
from hardlint.textsafe import printable

COMMANDS = {"critical": "error", "high": "error", "medium": "warning", "low": "notice"}


def escape_data(text: str) -> str:
    """The message part (after `::`): `%`, CR and LF must be percent-encoded."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value (`file=`, `title=`): additionally `:` and `,`."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding, path: str) -> str:
    properties = [f"file={escape_property(path)}", f"line={finding.line}"]
    if finding.end_line > finding.line:
        properties.append(f"endLine={finding.end_line}")
    else:
        properties.append(f"col={finding.column}")
        properties.append(f"endLine={finding.line}")
        if finding.end_column > finding.column:
            properties.append(f"endColumn={finding.end_column}")
    title = f"{finding.code} {finding.name}".strip() if finding.source == "hardlint" else \
        f"{finding.source} {finding.code} {finding.name}".strip()
    if finding.confidence:
        title += f" (confidence {finding.confidence})"
    properties.append(f"title={escape_property(printable(title))}")
    message = f"{path}:{finding.line}:{finding.column}: {finding.code} {finding.message}"
    return f"::{COMMANDS.get(finding.severity, 'warning')} {','.join(properties)}::{escape_data(printable(message))}"


def render(report: Report, config: Config, color: bool = False) -> str:
    base = base_dir(config)
    lines = [annotation(f, printable(relative_to(f.path, base))) for f in report.findings]
    for error in report.errors:
        where = f"file={escape_property(printable(relative_to(error.path, base)))}," \
            if not error.path.startswith("<") else ""
        lines.append(f"::error {where}title=hardlint file error::"
                     f"{escape_data(printable(f'{error.path}: {error.message}'))}")
    lines.extend("hardlint: " + escape_data(printable(note)) for note in report.notes)  # never a command
    lines.append(escape_data(summary(report)))
    return "\n".join(lines) + "\n"
