"""Rules' text pre-filters: a file whose text cannot match a rule's trigger never runs that rule.

A trigger is one regular expression or a tuple of them that must all match (anywhere in the file,
not necessarily together). A pattern that starts with `(?i)` and is otherwise written in lower case
is searched in the lowercased text without IGNORECASE, which Python's `re` runs several times
faster; the file is lowercased once, and only when such a pattern is asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence, Union

TriggerSpec = Union[str, Sequence[str], None]
_CASELESS = "(?i)"
# A pattern that is only words joined by `|` (`CSRF|csrf`) is answered by substring search,
# several times faster than the regex engine trying the alternatives at every position.
_WORDS = re.compile(r"\w+(?:\|\w+)*")


class _AnyWord:
    """Stands in for a compiled pattern made only of alternative words."""

    __slots__ = ("pattern", "words")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.words = tuple(pattern.split("|"))

    def search(self, text: str) -> bool | None:
        for word in self.words:
            if word in text:
                return True
        return None


@dataclass(frozen=True)
class Trigger:
    """Compiled patterns, each with whether it is searched in the lowercased text."""

    patterns: tuple[tuple[bool, re.Pattern[str] | _AnyWord], ...]

    @classmethod
    def compile(cls, spec: TriggerSpec) -> Trigger | None:
        if not spec:
            return None
        specs = (spec,) if isinstance(spec, str) else tuple(spec)
        return cls(tuple(_compile_one(pattern) for pattern in specs))

    def matches(self, text: FileText) -> bool:
        for lowered, pattern in self.patterns:
            if pattern.search(text.lowered if lowered else text.source) is None:
                return False
        return True


def _compile_one(pattern: str) -> tuple[bool, re.Pattern[str] | _AnyWord]:
    body = pattern[len(_CASELESS):]
    if pattern.startswith(_CASELESS) and body == body.lower():
        return True, _AnyWord(body) if _WORDS.fullmatch(body) else re.compile(body)
    return False, _AnyWord(pattern) if _WORDS.fullmatch(pattern) else re.compile(pattern)


class FileText:
    """A file's text, lowercased on first need and then reused by every trigger."""

    __slots__ = ("source", "_lowered")

    def __init__(self, source: str) -> None:
        self.source = source
        self._lowered: str | None = None

    @property
    def lowered(self) -> str:
        if self._lowered is None:
            self._lowered = self.source.lower()
        return self._lowered


def trigger_matches(spec: TriggerSpec, source: str) -> bool:
    """Does `source` pass the trigger `spec`? (For tools and tests; the engine compiles once.)"""
    trigger = Trigger.compile(spec)
    return trigger is None or trigger.matches(FileText(source))
