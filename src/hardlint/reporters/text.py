"""One line per finding, `path:line:col: CODE message`, then a summary."""

from __future__ import annotations

import re
from collections import Counter

from hardlint.config import Config
from hardlint.discovery import display_path
from hardlint.finding import SEVERITIES, FileError, Report
from hardlint.textsafe import no_workflow_command, printable

_COLORS = {"critical": "\033[1;31m", "high": "\033[31m", "medium": "\033[33m", "low": "\033[36m"}
_BOLD, _RESET = "\033[1m", "\033[0m"


def finding_lines(report: Report, color: bool = False) -> list[str]:
    lines = []
    for f in report.findings:
        code = f"{_COLORS.get(f.severity, '')}{f.code}{_RESET}" if color else f.code
        where = f"{_BOLD}{_shown_path(f.path)}{_RESET}" if color else _shown_path(f.path)
        suffix = " [*]" if f.fix is not None and f.fix.applicability == "safe" else ""
        note = f.annotations.get("text_suffix", "") if f.annotations else ""
        lines.append(f"{where}:{f.line}:{f.column}: {code} {printable(f.message)}{suffix}{printable(note)}")
    lines.extend(error_line(e) for e in report.errors)
    return lines


# "syntax error at line 3, column 7: invalid syntax", as the engine words a file that does not parse
_AT_POSITION = re.compile(r"^(?P<what>.*?) at line (?P<line>\d+)(?:, column (?P<column>\d+))?: (?P<why>.*)$", re.S)


def error_line(error: FileError) -> str:
    """`path:line:col: error: message`, so editors can jump to it: a syntax error at its position,
    any other file error at 1:1 (as ruff and flake8 place E902). Run-wide errors (`<bandit>`,
    `<project>`) name no file and keep `name: error: message`."""
    path = _shown_path(error.path)
    if error.path.startswith("<") and error.path.endswith(">"):
        return f"{path}: error: {printable(error.message)}"
    found = _AT_POSITION.match(error.message)
    if found is None:
        return f"{path}:1:1: error: {printable(error.message)}"
    column = found.group("column") or "1"
    return f"{path}:{found.group('line')}:{column}: error: {printable(found.group('what'))}: " \
           f"{printable(found.group('why'))}"


def _shown_path(path: str) -> str:
    """`path` escaped for a terminal; a relative path starting with `:` gets `./` (it could pose as a command)."""
    shown = printable(path)
    return "./" + shown if shown.startswith(":") else shown


def summary(report: Report) -> str:
    counts = Counter(f.severity for f in report.findings)
    parts = [f"{counts[s]} {s}" for s in reversed(SEVERITIES) if counts[s]]
    noun = "finding" if len(report.findings) == 1 else "findings"
    text = f"Found {len(report.findings)} {noun}"
    if parts:
        text += f" ({', '.join(parts)})"
    text += f" in {report.files_checked} file{'s' if report.files_checked != 1 else ''} checked."
    if report.skipped:
        total = sum(report.skipped.values())
        why = ", ".join(f"{count} {reason}" for reason, count in sorted(report.skipped.items()))
        text += f" Skipped {total} path{'s' if total != 1 else ''} ({why})."
    fixable = sum(1 for f in report.findings if f.fix is not None and f.fix.applicability == "safe")
    if fixable:
        text += f" {fixable} fixable with `hardlint check --fix`."
    if report.superseded:
        text += (f" {report.superseded} bandit finding{'s' if report.superseded != 1 else ''} superseded by "
                 "hardlint rules.")
    if report.errors:
        text += f" {len(report.errors)} file error{'s' if len(report.errors) != 1 else ''}."
    if report.configs:
        text += f" Configuration: {', '.join(printable(display_path(c)) for c in report.configs)}."
    return text


def statistics(report: Report) -> str:
    """One line per code, most frequent first: count, code, ` [*]` when all are fixable, the rule's
    name (ruff's --statistics); then the summary."""
    counts = Counter(f.code for f in report.findings)
    names = {f.code: f.name for f in report.findings}
    fixable = Counter(f.code for f in report.findings if f.fix is not None and f.fix.applicability == "safe")
    width = len(str(max(counts.values(), default=0)))
    lines = [f"{count:>{width}}  {code:<5} {'[*]' if fixable[code] == count else '   '} {printable(names[code])}".rstrip()
             for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    lines.extend(error_line(e) for e in report.errors)
    lines.append(summary(report))
    return "\n".join(no_workflow_command(line) for line in lines) + "\n"


def render(report: Report, config: Config, color: bool = False) -> str:
    lines = finding_lines(report, color)
    lines.extend(printable(note) for note in report.notes)
    lines.append(summary(report))
    return "\n".join(no_workflow_command(line) for line in lines) + "\n"
