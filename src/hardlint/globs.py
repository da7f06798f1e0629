"""Gitignore-style path patterns: exclusions, test paths, per-file ignores and .gitignore files.

The forms projects nearly always write (`tests/`, `*_test.py`, `/build`, `docs/**`, `src/**/gen_*.py`)
become one regular expression here. Anything else (negation, character classes, escapes) is left
to pathspec, imported only then: its import alone costs about as much as checking one file.
"""

from __future__ import annotations

import os
import re
from typing import Any, Iterable

_SPECIAL = re.compile(r"[\\\[\]!]")
# What one path segment of a simple pattern may hold: no `**` inside a name (`a**b`).
_SEGMENT = re.compile(r"(?:[^*]|\*(?!\*))*")


class PathPatterns:
    """Does a path match any of a list of gitignore-style patterns? (`pathspec.GitIgnoreSpec`'s
    `match_file`, answered without pathspec when every pattern is a simple one.)"""

    def __init__(self, lines: Iterable[str]) -> None:
        self.lines = [line.rstrip("\r\n") for line in lines]
        parts = [_translate(line) for line in self.lines]
        self._fallback: Any = None
        self._regex: re.Pattern[str] | None = None
        if any(part is None for part in parts):
            import pathspec

            self._fallback = pathspec.GitIgnoreSpec.from_lines(self.lines)
        elif any(parts):
            self._regex = re.compile("|".join(f"(?:{part})" for part in parts if part))

    def match_file(self, path: str) -> bool:
        if self._fallback is not None:
            return bool(self._fallback.match_file(path))
        if self._regex is None:
            return False
        return self._regex.fullmatch(_normalise(path)) is not None


def _normalise(path: str) -> str:
    """As pathspec normalises: forward slashes, then one leading `/` or `./` dropped."""
    if os.sep != "/":
        path = path.replace(os.sep, "/")
    if path.startswith("/"):
        return path[1:]
    return path[2:] if path.startswith("./") else path


def _translate(line: str) -> str | None:
    """A regex for the paths one pattern line matches ("" for a blank line or comment), or None
    when the line uses more of gitignore's syntax than this module handles."""
    pattern = line.rstrip(" ")
    if not pattern or pattern.startswith("#"):
        return ""
    if _SPECIAL.search(pattern):
        return None
    directory_only = pattern.endswith("/")
    pattern = pattern.rstrip("/") if directory_only else pattern
    anchored = "/" in pattern
    pattern = pattern[1:] if pattern.startswith("/") else pattern
    segments = pattern.split("/")
    if (not pattern or "" in segments or not all(s == "**" or _SEGMENT.fullmatch(s) for s in segments)
            or "**/**" in pattern or pattern == "**"):
        return None
    body = separator = ""
    for index, segment in enumerate(segments):
        if segment != "**":
            body += separator + "".join(
                "[^/]*" if c == "*" else "[^/]" if c == "?" else re.escape(c) for c in segment)
            separator = "/"
        elif index == len(segments) - 1:
            body += "/.*"  # `docs/**`: everything inside
            directory_only = False
        else:
            body += separator + "(?:.*/)?"  # `**/name`, `src/**/name`: at any depth
            separator = ""
    prefix = "" if anchored else "(?:.*/)?"
    return prefix + body + ("/.*" if directory_only else "(?:/.*)?")
