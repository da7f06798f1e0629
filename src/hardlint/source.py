"""Turning a file's bytes into text that is safe to hand to the parser."""

from __future__ import annotations

import ast
import io
import re
import tokenize

# CPython refuses more than 200 nested brackets; LibCST's native parser can crash far past that,
# so anything deeper is checked with CPython's own parser first.
MAX_BRACKET_DEPTH = 200
_BRACKETS = re.compile(r"[()\[\]{}]")
_OPEN = frozenset("([{")


class SourceError(Exception):
    """A file that cannot be turned into a syntax tree; `kind` is decode, parse or too-large."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def detect_encoding(data: bytes) -> str:
    """The encoding Python would read `data` with (`utf-8-sig` when there is a BOM)."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError:
        return "utf-8"
    return encoding


def decode(data: bytes) -> str:
    """Decode like Python does: BOM, then a PEP 263 coding cookie, then UTF-8."""
    if b"\x00" in data:
        raise SourceError("decode", "binary file (contains NUL bytes)")
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        if "unknown encoding" in str(exc.msg):
            raise SourceError("decode", f"cannot decode: {exc.msg}") from None
        encoding = "utf-8"  # no usable declaration: Python reads the file as UTF-8
    try:
        text = data.decode("utf-8-sig" if encoding == "utf-8-sig" else encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise SourceError("decode", f"not valid {encoding}: {exc}") from None
    return text


def bracket_depth(source: str) -> int:
    """An upper bound on bracket nesting (brackets in strings and comments count too)."""
    depth = deepest = 0
    for match in _BRACKETS.finditer(source):
        if match.group() in _OPEN:
            depth += 1
            if depth > deepest:
                deepest = depth
        elif depth:
            depth -= 1
    return deepest


def python_syntax_error(source: str, path: str) -> str | None:
    """CPython's verdict on the source: None when it parses, else a one-line reason."""
    try:
        ast.parse(source, filename=path)
    except SyntaxError as exc:
        where = f"line {exc.lineno}" + (f", column {exc.offset}" if exc.offset else "")
        return f"syntax error at {where}: {exc.msg}"
    except (RecursionError, MemoryError):
        return "too deeply nested to parse"
    except ValueError as exc:
        return f"cannot parse: {exc}"
    return None


def guard_nesting(source: str, path: str) -> None:
    """Refuse input nested deeper than Python allows before LibCST sees it."""
    if bracket_depth(source) > MAX_BRACKET_DEPTH:
        reason = python_syntax_error(source, path)
        if reason is not None:
            raise SourceError("parse", reason)
