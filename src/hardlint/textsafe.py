"""Keeping attacker-controlled text (code quoted in messages, file names) harmless on a terminal."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]")


def printable(text: str) -> str:
    """`text` with control characters (ANSI escapes, bidi marks, line separators, BOM) shown as escapes."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text.replace("\n", "\\n"))
