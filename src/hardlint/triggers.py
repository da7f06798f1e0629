"""Rules' text pre-filters: a file whose text cannot match a rule's trigger never runs that rule.

A trigger is one regular expression or a tuple of them that must all match (anywhere in the file,
not necessarily together). A pattern that starts with `(?i)` and is otherwise written in lower case
is searched in the lowercased text without IGNORECASE, which Python's `re` runs several times
faster; the file is lowercased once, and only when such a pattern is asked.

A pattern `a|b|c` is searched one alternative at a time, plain words first, by substring search.
Python's `re` can skip ahead to a literal only when the whole pattern starts with one; an
alternation of several makes it try every alternative at every position of the file. For the
same reason an alternative that starts at a line start, `(?m:^)...`, is searched as `\\n...`.

Formatting must not hide code from a trigger: a pattern that does not match the text is searched
again in its normalised view (`normalised_view`), where backslash continuations, comments,
parentheses closed before a call or an attribute, escapes in string literals and implicit string
concatenation are undone. Identifiers are NFKC-normalised before any of this (`hardlint.names`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Protocol, Sequence, Union

TriggerSpec = Union[str, Sequence[str], None]
_CASELESS = "(?i)"
_GLOBAL_FLAGS = re.compile(r"(?:\(\?[aiLmsux]+\))+")
# Text that stands for itself: no metacharacter, and escapes only of punctuation (`\-`, `\ `).
_LITERAL = re.compile(r"(?:[^\\.^$*+?{}\[\]|()]|\\[^A-Za-z0-9])*")
_ESCAPE = re.compile(r"\\(.)", re.S)
_NUMBERED_REFERENCE = re.compile(r"\\[1-9]|\(\?\(")
_LINE_START = "(?m:^)"


class _Search(Protocol):
    pattern: str

    def search(self, text: str) -> object | None: ...


class _AnyWord:
    """Literal alternatives: answered by substring search, several times faster than the regex
    engine trying each one at every position."""

    __slots__ = ("pattern", "words")

    def __init__(self, pattern: str, words: Sequence[str]) -> None:
        self.pattern = pattern
        self.words = tuple(words)

    def search(self, text: str) -> bool | None:
        for word in self.words:
            if word in text:
                return True
        return None


class _Lazy:
    """A regular expression compiled on its first search: a one-file run never pays for the
    alternatives that an earlier one already answered."""

    __slots__ = ("pattern", "flags", "_compiled")

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    def search(self, text: str) -> re.Match[str] | None:
        return self.compiled.search(text)

    def match(self, text: str) -> re.Match[str] | None:
        return self.compiled.match(text)

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled


class _AtLineStart:
    """An alternative `(?m:^)rest`, searched as a newline then `rest` (the engine jumps from
    newline to newline instead of trying every position). At the start of the text it is matched
    behind an added newline, unless `rest` could notice that newline (a lookbehind or `\\A`):
    then `rest` itself is matched there."""

    __slots__ = ("pattern", "_after_newline", "_first_line")

    def __init__(self, pattern: str, rest: str, flags: int) -> None:
        self.pattern = pattern
        self._after_newline = _Lazy("\n" + rest, flags)
        self._first_line = _Lazy(rest, flags) if "(?<" in rest or "\\A" in rest else None

    def search(self, text: str) -> bool | None:
        if self._after_newline.search(text) is not None:
            return True
        if self._first_line is not None:
            return True if self._first_line.match(text) is not None else None
        return True if self._after_newline.match("\n" + text) is not None else None


class _AnyOf:
    """A pattern's top-level alternatives, searched one after another until one matches."""

    __slots__ = ("pattern", "alternatives")

    def __init__(self, pattern: str, alternatives: Sequence[_Search]) -> None:
        self.pattern = pattern
        self.alternatives = tuple(alternatives)

    def search(self, text: str) -> bool | None:
        for alternative in self.alternatives:
            if alternative.search(text) is not None:
                return True
        return None


@dataclass(frozen=True)
class Trigger:
    """Compiled patterns, each with whether it is searched in the lowercased text."""

    patterns: tuple[tuple[bool, _Search], ...]

    @classmethod
    def compile(cls, spec: TriggerSpec) -> Trigger | None:
        if not spec:
            return None
        specs = (spec,) if isinstance(spec, str) else tuple(spec)
        return cls(tuple(_compile_one(pattern) for pattern in specs))

    def matches(self, text: FileText) -> bool:
        for lowered, pattern in self.patterns:
            if pattern.search(text.lowered if lowered else text.source) is None and (
                    pattern.search(text.lowered_view if lowered else text.view) is None):
                return False
        return True


def _compile_one(pattern: str) -> tuple[bool, _Search]:
    body = pattern[len(_CASELESS):]
    if pattern.startswith(_CASELESS) and body == body.lower():
        return True, _searcher(body)
    return False, _searcher(pattern)


def _searcher(pattern: str) -> _Search:
    """What answers `pattern.search(text) is not None` fastest, with the same answer."""
    leading = _GLOBAL_FLAGS.match(pattern)
    flags = re.compile(leading.group()).flags if leading else 0
    if flags & re.VERBOSE or _NUMBERED_REFERENCE.search(pattern):
        return _Lazy(pattern, 0)  # splitting would change what the pattern means
    alternatives = [expanded for alternative in split_alternatives(
        _unwrapped(pattern[leading.end():] if leading else pattern)) for expanded in _distributed(alternative)]
    words: list[str] = []
    others: list[_Search] = []
    for alternative in alternatives:
        if not flags & re.IGNORECASE and _LITERAL.fullmatch(alternative):
            words.append(_ESCAPE.sub(r"\1", alternative))
        elif (rest := _after_line_start(alternative, flags)) is not None:
            others.append(_AtLineStart(alternative, rest, flags))
        else:
            others.append(_Lazy(alternative, flags))
    found: list[_Search] = [_AnyWord(pattern, words)] if words else []
    found.extend(others)
    return found[0] if len(found) == 1 else _AnyOf(pattern, found)


def _after_line_start(alternative: str, flags: int) -> str | None:
    """What follows an alternative's line-start anchor (`(?m:^)`, or `^` under a global `(?m)`),
    or None when it does not start with one."""
    if alternative.startswith(_LINE_START):
        return alternative[len(_LINE_START):]
    if flags & re.MULTILINE and alternative.startswith("^"):
        return alternative[1:]
    return None


def _distributed(alternative: str) -> list[str]:
    """`(?:from|import)[ \\t]+x` as `from[ \\t]+x` and `import[ \\t]+x`: each then starts with a
    literal, which the engine finds by a fast scan instead of trying every position."""
    end = _group_end(alternative) if alternative.startswith("(?:") else -1
    rest = alternative[end + 1:]
    if end < 0 or not rest or rest[0] in "*+?{":
        return [alternative]
    heads = split_alternatives(alternative[3:end])
    if not all(head and _LITERAL.fullmatch(head) for head in heads):
        return [alternative]
    return [head + rest for head in heads]


def _unwrapped(pattern: str) -> str:
    """The inside of a pattern that is one non-capturing group, `(?:a|b)` -> `a|b`."""
    while pattern.startswith("(?:") and _group_end(pattern) == len(pattern) - 1:
        pattern = pattern[3:-1]
    return pattern


def _group_end(pattern: str) -> int:
    """Where the group that opens at the start of `pattern` closes (-1 if it does not)."""
    for index, char, depth in _syntax(pattern):
        if char == ")" and depth == 0:
            return index
    return -1


def split_alternatives(pattern: str) -> list[str]:
    """`pattern` cut at each `|` outside groups and character classes."""
    cuts = [index for index, char, depth in _syntax(pattern) if char == "|" and depth == 0]
    return [pattern[start + 1:end] for start, end in zip([-1, *cuts], [*cuts, len(pattern)])]


def _syntax(pattern: str) -> Iterator[tuple[int, str, int]]:
    """(index, character, group depth after an opening or before a closing parenthesis) of every
    character that is syntax: not escaped, not inside a character class."""
    depth = 0
    in_class = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            # `]` right after `[` or `[^` is a member, not the end of the class
            index += 3 if pattern.startswith("^]", index + 1) else 2 if pattern.startswith("]", index + 1) else 1
            continue
        elif char == "(":
            yield index, char, depth
            depth += 1
        elif char == ")":
            depth -= 1
            yield index, char, depth
        else:
            yield index, char, depth
        index += 1


# One string literal: prefix, then a body that never backtracks (unrolled loops).
# (Unclosed, it runs to the end of its line or of the text: never rescanned from every quote.)
_STRING = (r"(?:[rRbBuUfF]{1,2})?(?:'{3}[^'\\]*(?:(?:\\[\s\S]|'(?!''))[^'\\]*)*(?:'{3})?"
           r'|"{3}[^"\\]*(?:(?:\\[\s\S]|"(?!""))[^"\\]*)*(?:"{3})?'
           r"|'[^'\\\r\n]*(?:\\[\s\S][^'\\\r\n]*)*'?"
           r'|"[^"\\\r\n]*(?:\\[\s\S][^"\\\r\n]*)*"?)')
# Blanks, continuations and whole comments between literals: one way to match each (a comment
# runs to its line's end), so a line of `###...` is no catastrophic backtracking.
_GAP = r"(?:[ \t\f\r\n]|\\\r?\n|#[^\r\n]*(?![^\r\n]))*"
# Adjacent string literals (one implicit concatenation), a comment, or a backslash continuation.
_NOISE = re.compile(rf"(?<![\w'\"])({_STRING}(?:{_GAP}{_STRING})*)|#[^\r\n]*|\\(?:\r\n?|\n)")
_ONE_STRING = re.compile(_STRING)
_STRING_HEAD = re.compile(r"[rRbBuUfF]{0,2}('{3}|\"{3}|'|\")")
# A parenthesis closed just before a call, an attribute or a subscript: `(cursor).execute`, `(f)(x)`.
_CLOSED_BEFORE = re.compile(r"\)(?=\s*[(.\[])")
_ESCAPE_CODE = re.compile(r"\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|([0-7]{1,3})|N\{([A-Za-z0-9 \-]{1,128})\})")  # names: bounded, so linear


def _decoded_escape(match: re.Match[str]) -> str:
    """The character a numeric or named escape stands for, when it is a visible one."""
    hexa = match.group(1) or match.group(2) or match.group(3)
    try:
        if hexa is not None:
            char = chr(int(hexa, 16))
        elif match.group(4) is not None:
            char = chr(int(match.group(4), 8))
        else:
            import unicodedata

            char = unicodedata.lookup(match.group(5))
    except (ValueError, KeyError, OverflowError):
        return match.group()
    return char if char.isprintable() and char not in "\\'\"" else match.group()


def _joined_literals(run: str) -> str:
    """Adjacent string literals as one, its escapes decoded: `"postgresql\\x3a" '//'` -> `"postgresql://"`."""
    parts = []
    head = ""
    breaks = 0  # line breaks between the literals, kept after them so later lines keep their numbers
    end = 0
    for match in _ONE_STRING.finditer(run):
        breaks += run.count("\n", end, match.start())
        end = match.end()
        literal = match.group()
        opening = _STRING_HEAD.match(literal)
        if opening is None:  # pragma: no cover - _STRING always starts like this
            continue
        if not head:
            head = opening.group()
        body = literal[opening.end():len(literal) - len(opening.group(1))]
        raw = "r" in literal[:opening.start(1)].lower()
        parts.append(body if raw or "\\" not in body else _ESCAPE_CODE.sub(_decoded_escape, body))
    return head + "".join(parts) + head[len(head.rstrip("'\"")):] + "\n" * breaks


def _quieted(match: re.Match[str]) -> str:
    run = match.group(1)
    if run is None:
        return ""  # a comment or a backslash continuation
    if "\\" not in run and _ONE_STRING.fullmatch(run):
        return run
    return _joined_literals(run)


def normalised_view(source: str) -> str:
    """`source` as a trigger should read it, with the formatting CPython ignores undone: comments
    and backslash continuations removed, adjacent string literals joined with their numeric and
    named escapes decoded, and parentheses closed right before a call, attribute or subscript
    removed. Not valid Python; only searched when the text itself did not match."""
    return _CLOSED_BEFORE.sub("", _joined_brackets(_NOISE.sub(_quieted, source)))


# A string literal (skipped), a bracket, or a line break.
_BRACKET_OR_BREAK = re.compile(rf"{_STRING}|[()\[\]{{}}]|\r\n?|\n")


def _joined_brackets(text: str) -> str:
    """`text` with the line breaks inside brackets made blanks: a decorator or call written over
    several lines reads as one line, as CPython reads it."""
    if "\n" not in text and "\r" not in text:
        return text
    pieces = []
    depth = done = 0
    for match in _BRACKET_OR_BREAK.finditer(text):
        char = match.group()[0]
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth = max(0, depth - 1)
        elif char in "\r\n" and depth:
            pieces.append(text[done:match.start()])
            pieces.append(" ")
            done = match.end()
    pieces.append(text[done:])
    return "".join(pieces)


class FileText:
    """A file's text, lowercased and normalised on first need, then reused by every trigger."""

    __slots__ = ("source", "_lowered", "_view", "_lowered_view")

    def __init__(self, source: str) -> None:
        self.source = source
        self._lowered: str | None = None
        self._view: str | None = None
        self._lowered_view: str | None = None

    @property
    def lowered(self) -> str:
        if self._lowered is None:
            self._lowered = self.source.lower()
        return self._lowered

    @property
    def view(self) -> str:
        """The normalised view of the text (see `normalised_view`)."""
        if self._view is None:
            self._view = normalised_view(self.source)
        return self._view

    @property
    def lowered_view(self) -> str:
        if self._lowered_view is None:
            self._lowered_view = self.view.lower()
        return self._lowered_view


def trigger_matches(spec: TriggerSpec, source: str) -> bool:
    """Does `source` pass the trigger `spec`? (For tools and tests; the engine compiles once.)"""
    trigger = Trigger.compile(spec)
    return trigger is None or trigger.matches(FileText(source))
