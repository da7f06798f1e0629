"""Keeping attacker-controlled text (code quoted in messages, file names) harmless on a terminal."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff]")


def printable(text: str) -> str:
    """`text` with control characters (ANSI escapes, bidi marks, line separators, BOM) shown as escapes.

    Lone surrogates (the undecodable bytes of a non-UTF-8 file name) are escaped too, so the result
    always encodes to UTF-8.
    """
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text.replace("\n", "\\n"))


def no_workflow_command(line: str) -> str:
    """`line`, made unable to start a GitHub Actions workflow command (`::error ...`) in a job log."""
    return "\\x3a" + line[1:] if line.startswith("::") else line


def safe_message(text: str) -> str:
    """A one-line message that carries repository text (a configuration key, a batch id), made
    harmless for a terminal and a CI log."""
    return no_workflow_command(printable(text))


def safe_diff(diff: str) -> str:
    """A unified diff with the control, bidi and line-separator characters of its lines escaped
    (line ends kept, tabs too), so quoted code cannot drive a terminal or a CI log; every line
    starts with a diff marker, so none can start with `::`. Lines without such characters, which
    is every line of ordinary code, are left exactly as they are and the diff still applies."""
    out = []
    for line in diff.split("\n"):
        body, end = (line[:-1], "\r") if line.endswith("\r") else (line, "")
        shown = "\t".join(printable(part) for part in body.split("\t"))
        out.append(no_workflow_command(shown) + end)
    return "\n".join(out)
