"""String literals read as CPython reads them (issue 16).

`"ab" "cd"`, `"\\x61bcd"`, `("abcd")` and `f"abcd"` are all the string `abcd` to Python; rules that
compare raw literal text miss the other spellings. Rules ask this module for the value instead.
"""

from __future__ import annotations

import ast
import warnings

import libcst as cst

_FAILURES = (ValueError, SyntaxError, UnicodeError, MemoryError, RecursionError, TypeError)


def _evaluated(code: str) -> str | bytes | None:
    """`ast.literal_eval` of one literal's code; None on odd escapes (`"\\N{nonsense}"`)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # `"\\d"`: an invalid escape is a warning, not our business
            value = ast.literal_eval(code)
    except _FAILURES:
        return None
    return value if isinstance(value, (str, bytes)) else None


def fstring_text(fstring: cst.FormattedString, part: cst.FormattedStringText) -> str:
    """The text of one literal part of an f-string with its escapes decoded (`{{` -> `{`); the raw text
    when it cannot be decoded."""
    prefix = fstring.prefix.lower().replace("f", "")
    if "\\" not in part.value or "r" in prefix:
        raw = part.value
    else:  # the part is valid between the f-string's own quotes
        value = _evaluated(f"{prefix}{fstring.end}{part.value}{fstring.end}")
        raw = value if isinstance(value, str) else part.value
    return raw.replace("{{", "{").replace("}}", "}")


def _fstring_value(expr: cst.FormattedString) -> str | None:
    if not all(isinstance(p, cst.FormattedStringText) for p in expr.parts):
        return None  # a replacement field: its value is not known here
    return "".join(fstring_text(expr, p) for p in expr.parts if isinstance(p, cst.FormattedStringText))


def string_value(expr: cst.CSTNode | None, *, allow_bytes: bool = False) -> str | None:
    """The value of a string literal, however it is spelt: escapes, implicit concatenation,
    parentheses (kept on the node by LibCST), an f-string without replacement fields. Bytes literals
    give None, or their latin-1 text with `allow_bytes`; anything else gives None."""
    if isinstance(expr, cst.SimpleString):
        value = _evaluated(expr.value)
        if isinstance(value, bytes):
            return value.decode("latin-1") if allow_bytes else None
        return value
    if isinstance(expr, cst.FormattedString):
        return _fstring_value(expr)
    if isinstance(expr, cst.ConcatenatedString):
        left = string_value(expr.left, allow_bytes=allow_bytes)
        right = string_value(expr.right, allow_bytes=allow_bytes) if left is not None else None
        return None if right is None else left + right  # type: ignore[operator]
    return None
