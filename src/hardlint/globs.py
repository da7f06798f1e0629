"""Gitignore-style path patterns: exclusions, test paths, per-file ignores and .gitignore files.

They answer as git does (negation, character classes, `**`, folder-only patterns, an excluded
folder hiding everything below it), in time linear in the path's length. File names and ignore files come from the checked tree, so a pattern such as `*a*a*a*a*a*b` must
not make a regex engine backtrack over a long name: each path segment's pattern is split at its
stars into fixed-width pieces (regexes without repetition), found leftmost one after the other,
which is exact for `*`. A pattern's segments are split at `**` into groups placed the same way.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterable, Sequence

_GAP = "**"


@dataclass(frozen=True)
class _Segment:
    """One path segment's pattern: fixed-width pieces separated by `*`."""

    pieces: tuple[re.Pattern[str], ...]
    widths: tuple[int, ...]
    needle: str  # the longest literal run: a segment it matches contains it
    _seen: dict[str, bool] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def matches(self, text: str) -> bool:
        """Whether the segment pattern matches `text` (answers are remembered: paths share folders)."""
        known = self._seen.get(text)
        if known is None:
            if len(self._seen) > 4096:
                self._seen.clear()
            known = self._seen[text] = self._match(text)
        return known

    def _match(self, text: str) -> bool:
        if len(self.pieces) == 1:
            return self.pieces[0].fullmatch(text) is not None
        if len(text) < sum(self.widths):
            return False
        first, *middle, last = self.pieces
        if first.match(text) is None:
            return False
        position, tail = self.widths[0], len(text) - self.widths[-1]
        for piece, width in zip(middle, self.widths[1:-1]):
            if width:
                found = piece.search(text, position, tail)
                if found is None:
                    return False
                position = found.end()
        return position <= tail and last.fullmatch(text, tail) is not None


@dataclass(frozen=True)
class _Pattern:
    """One pattern line: groups of segment patterns separated by `**` gaps."""

    negated: bool
    floating: bool  # may start at any segment (no `/` in the pattern, or a leading `**`)
    groups: tuple[tuple[_Segment, ...], ...]
    directory_only: bool  # `name/`
    everything_below: bool  # a trailing `**`: whatever lies below a match

    @cached_property
    def needle(self) -> str:
        """Text every path the pattern matches contains (the cheap test that rules most patterns out)."""
        return max((part.needle for group in self.groups for part in group), key=len, default="")

    def prefixes(self, segments: Sequence[str]) -> list[bool]:
        """For each k, whether the pattern matches the path made of the first k segments."""
        count = len(segments)
        if not any(self.groups):  # `**`: everything
            return [False] + [True] * count
        if self.everything_below:
            end = self._leftmost_end(self.groups, segments, count)
            return [end is not None and end < k for k in range(count + 1)]
        *head, last = self.groups
        start = self._leftmost_end(head, segments, count) if head else 0
        table = [False] * (count + 1)
        if start is None:
            return table
        if not (head or self.floating):
            if len(last) <= count:
                table[len(last)] = _fits(last, segments, 0)
            return table
        for k in range(start + len(last), count + 1):
            table[k] = _fits(last, segments, k - len(last))
        return table

    def _leftmost_end(self, groups: Sequence[tuple[_Segment, ...]], segments: Sequence[str],
                      limit: int) -> int | None:
        """Where the groups, each placed as early as it fits, end; None when they do not fit."""
        position = 0
        for index, group in enumerate(groups):
            found = _find(group, segments, position, limit, self.floating or index > 0)
            if found is None:
                return None
            position = found + len(group)
        return position


def _fits(group: Sequence[_Segment], segments: Sequence[str], start: int) -> bool:
    if len(group) == 1:
        return group[0].matches(segments[start])
    return all(part.matches(segments[start + offset]) for offset, part in enumerate(group))


def _find(group: Sequence[_Segment], segments: Sequence[str], start: int, limit: int, floating: bool) -> int | None:
    """The first index >= start where `group` fits and ends by `limit` (only `start` unless floating)."""
    last_start = limit - len(group)
    candidates = range(start, last_start + 1) if floating else range(start, min(start, last_start) + 1)
    for index in candidates:
        if _fits(group, segments, index):
            return index
    return None


class PathPatterns:
    """Does git ignore a path given these gitignore-style patterns (all read as from one file)?"""

    def __init__(self, lines: Iterable[str]) -> None:
        self.lines = [line.rstrip("\r\n") for line in lines]
        self._patterns = [p for p in (_compile(line) for line in self.lines) if p is not None]

    def match_file(self, path: str) -> bool:
        """Whether `path` (a folder written with a trailing `/`) is excluded: as git decides, a folder
        above it is excluded, or the last pattern matching the path itself excludes it."""
        return self.decide(path) is True

    def decide(self, path: str) -> bool | None:
        """True: excluded (a folder above it is, or the last pattern matching it excludes it);
        False: the last pattern matching it re-includes it; None: no pattern says anything."""
        text = _normalise(path)
        patterns = [pattern for pattern in self._patterns if pattern.needle in text]
        if not patterns:
            return None
        segments = text.split("/")
        is_dir = len(segments) > 1 and segments[-1] == ""
        if is_dir:
            segments.pop()
        tables = [(pattern, table) for pattern in patterns if any(table := pattern.prefixes(segments))]
        if not tables:
            return None
        verdict = None
        for k in range(1, len(segments) + 1):
            folder = k < len(segments) or is_dir
            verdict = None
            for pattern, table in tables:
                if table[k] and (folder or not pattern.directory_only):
                    verdict = not pattern.negated
            if verdict:
                return True
        return verdict


def _normalise(path: str) -> str:
    """As pathspec normalises: forward slashes, then one leading `/` or `./` dropped."""
    if os.sep != "/":
        path = path.replace(os.sep, "/")
    if path.startswith("/"):
        return path[1:]
    return path[2:] if path.startswith("./") else path


def _strip_trailing_spaces(line: str) -> str:
    """Trailing spaces go unless escaped with a backslash."""
    stripped = line.rstrip(" ")
    if stripped != line and stripped.endswith("\\") and not stripped.endswith("\\\\"):
        return stripped[:-1] + " "
    return stripped


def _compile(line: str) -> _Pattern | None:
    """The pattern of one line, or None for a blank line, a comment or a pattern matching nothing."""
    pattern = _strip_trailing_spaces(line)
    if not pattern or pattern.startswith("#"):
        return None
    negated = pattern.startswith("!")
    if negated:
        pattern = pattern[1:]
    elif pattern.startswith(("\\!", "\\#")):
        pattern = pattern[1:]
    directory_only = pattern.endswith("/")
    pattern = pattern[:-1] if directory_only else pattern
    floating = "/" not in pattern
    pattern = pattern[1:] if pattern.startswith("/") else pattern
    if not pattern:
        return None
    parts = pattern.split("/")
    parts = [_GAP if part and set(part) == {"*"} and len(part) > 1 else part for part in parts]  # `***` is `**`
    everything_below = parts[-1] == _GAP and len(parts) > 1
    groups: list[tuple[_Segment, ...]] = [()]
    for index, part in enumerate(parts):
        if part == _GAP:
            if index == 0:
                floating = True
            elif groups[-1]:
                groups.append(())
            continue
        groups[-1] = (*groups[-1], _segment(part))
    groups = [g for g in groups if g] or [()]
    return _Pattern(negated, floating, tuple(groups), directory_only, everything_below)


def _segment(text: str) -> _Segment:
    """Split one segment's pattern at unescaped stars into fixed-width regexes."""
    pieces: list[list[str]] = [[]]
    runs, run = [], ""
    index = 0
    while index < len(text):
        char = text[index]
        literal = None
        if char == "\\" and index + 1 < len(text):
            literal = text[index + 1]
            index += 2
        elif char == "*":
            if pieces[-1] or len(pieces) == 1:
                pieces.append([])
            index += 1
        elif char == "?":
            pieces[-1].append("[^/]")
            index += 1
        elif char == "[":
            klass, index = _character_class(text, index)
            pieces[-1].append(klass)
        else:
            literal = char
            index += 1
        if literal is None:
            runs.append(run)
            run = ""
        else:
            pieces[-1].append(re.escape(literal))
            run += literal
    needle = max([*runs, run], key=len)
    return _Segment(tuple(re.compile("".join(p), re.DOTALL) for p in pieces), tuple(len(p) for p in pieces), needle)


def _character_class(text: str, start: int) -> tuple[str, int]:
    """A `[...]` class as a one-character regex and the index after it; an unclosed `[` is literal."""
    index = start + 1
    negate = index < len(text) and text[index] in "!^"
    if negate:
        index += 1
    body = []
    if index < len(text) and text[index] == "]":
        body.append("\\]")
        index += 1
    while index < len(text) and text[index] != "]":
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            body.append(re.escape(text[index + 1]))
            index += 2
        elif char == "-" and body and index + 1 < len(text) and text[index + 1] != "]":
            body.append("-")
            index += 1
        else:
            body.append(re.escape(char))
            index += 1
    if index >= len(text):
        return re.escape("["), start + 1
    return "[" + ("^/" if negate else "") + "".join(body) + "]", index + 1
