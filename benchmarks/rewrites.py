"""Semantics-preserving rewrites of Python source: the same program to CPython, formatted to hide
it from text pre-filters and naive rules (issue 16).

Each rewrite returns the new source and, for every line of it, the line of the original it came
from (rewrites only ever split lines), so findings can be compared line for line:

- `continuations`: a backslash continuation between every two tokens of a line;
- `comments`: inside brackets, a comment and a line break after every token;
- `parentheses`: extra parentheses around called functions, call arguments, attribute owners,
  assigned and returned values, operands, conditions and container elements;
- `concatenation`: every string literal split in two by implicit concatenation (f-strings before
  their first replacement field);
- `nfkc`: every identifier's first letter in its fullwidth form (`ｅxecute`), which Python
  normalises back (PEP 3131);
- `escapes`: in every plain string literal, the first letter written as a `\\x` escape.
"""

from __future__ import annotations

import io
import keyword
import re
import tokenize
from typing import Callable, Sequence

import libcst as cst

Rewritten = tuple[str, list[int]]
_SKIPPED = {tokenize.NEWLINE, tokenize.NL, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT,
            tokenize.ENDMARKER}
_STRING_START = re.compile(r"(?i)([rbuf]{0,2})('''|\"\"\"|'|\")")
# One character of a string body, an escape sequence counting as one.
_UNIT = re.compile(r"\\(?:N\{[^}]*\}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|[\s\S])|[\s\S]")


def _tokens(source: str) -> list[tokenize.TokenInfo]:
    return list(tokenize.generate_tokens(io.StringIO(source).readline))


def _offsets(source: str) -> Callable[[tuple[int, int]], int]:
    starts = [0]
    for line in source.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return lambda position: starts[position[0] - 1] + position[1]


def _edited(source: str, edits: Sequence[tuple[int, int, str]]) -> Rewritten:
    """`source` with each (start, end, text) edit applied, and the origin line of every new line."""
    pieces: list[str] = []
    origins = [1]
    line = 1
    done = 0
    for start, end, text in sorted(edits):
        kept = source[done:start]
        pieces.append(kept)
        for _ in range(kept.count("\n")):
            line += 1
            origins.append(line)
        pieces.append(text)
        origins.extend([line] * text.count("\n"))
        line += source.count("\n", start, end)
        done = end
    pieces.append(source[done:])
    origins.extend(range(line + 1, line + 1 + source.count("\n", done)))
    return "".join(pieces), origins


def _between_tokens(source: str, text: str, inside_brackets_only: bool) -> Rewritten:
    """`text` inserted between every two tokens that share a line (and, if asked, sit in brackets)."""
    offset = _offsets(source)
    edits = []
    depth = 0
    previous: tokenize.TokenInfo | None = None
    for token in _tokens(source):
        if token.type in _SKIPPED:
            previous = None
            continue
        if previous is not None and previous.end[0] == token.start[0] and (depth or not inside_brackets_only):
            at = offset(previous.end)
            edits.append((at, at, text))
        if token.type == tokenize.OP and token.string in "([{":
            depth += 1
        elif token.type == tokenize.OP and token.string in ")]}":
            depth -= 1
        previous = token
    return _edited(source, edits)


def continuations(source: str) -> Rewritten:
    return _between_tokens(source, " \\\n    ", inside_brackets_only=False)


def comments(source: str) -> Rewritten:
    return _between_tokens(source, "  # ~\n", inside_brackets_only=True)


def _string_parts(token: str) -> tuple[str, str, str] | None:
    """(prefix, quote, body) of a string literal token."""
    match = _STRING_START.match(token)
    if match is None:
        return None
    prefix, quote = match.groups()
    return prefix, quote, token[match.end():len(token) - len(quote)]


def _split_string(token: str) -> str | None:
    """The literal as two implicitly concatenated ones, or None when it cannot be split safely."""
    parts = _string_parts(token)
    if parts is None:
        return None
    prefix, quote, body = parts
    if "f" in prefix.lower():
        cut = re.search(r"(?<!\{)\{(?!\{)", body)
        if cut is None or cut.start() == 0 or body[:cut.start()].count("{") % 2:
            return None
        at = cut.start()
    else:
        units = [m.end() for m in _UNIT.finditer(body)]
        if len(units) < 2:
            return None
        at = units[len(units) // 2 - 1]
    head, tail = body[:at], body[at:]
    if (head.endswith("\\") and "r" in prefix.lower()) or head.endswith(quote[0]) or tail.startswith(quote[0]):
        return None
    return f"{prefix}{quote}{head}{quote} {prefix}{quote}{tail}{quote}"


def _replace_tokens(source: str, kind: int, replace: Callable[[str], str | None]) -> Rewritten:
    offset = _offsets(source)
    edits = []
    for token in _tokens(source):
        if token.type == kind:
            new = replace(token.string)
            if new is not None and new != token.string:
                edits.append((offset(token.start), offset(token.end), new))
    return _edited(source, edits)


def concatenation(source: str) -> Rewritten:
    return _replace_tokens(source, tokenize.STRING, _split_string)


def _fullwidth_first_letter(name: str) -> str | None:
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        return None
    for index, char in enumerate(name):
        if char.isascii() and char.isalpha():
            return name[:index] + chr(ord(char) + 0xFEE0) + name[index + 1:]
    return None


def nfkc(source: str) -> Rewritten:
    return _replace_tokens(source, tokenize.NAME, _fullwidth_first_letter)


def _escaped_first_letter(token: str) -> str | None:
    parts = _string_parts(token)
    if parts is None or set(parts[0].lower()) & {"r", "f"}:
        return None
    prefix, quote, body = parts
    for match in _UNIT.finditer(body):
        char = match.group()
        if char.isascii() and char.isalpha():
            return f"{prefix}{quote}{body[:match.start()]}\\x{ord(char):02x}{body[match.end():]}{quote}"
    return None


def escapes(source: str) -> Rewritten:
    return _replace_tokens(source, tokenize.STRING, _escaped_first_letter)


def _wrapped(node: cst.BaseExpression) -> cst.BaseExpression:
    if isinstance(node, (cst.StarredElement, cst.StarredDictElement)):
        return node
    return node.with_changes(lpar=[cst.LeftParen(), *node.lpar], rpar=[*node.rpar, cst.RightParen()])


class _Parenthesise(cst.CSTTransformer):
    """Extra parentheses wherever they cannot change what the code means."""

    def visit_Import(self, node: cst.Import) -> bool:
        return False  # dotted module names are no expressions

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        return False

    def leave_AnnAssign(self, original: cst.AnnAssign, updated: cst.AnnAssign) -> cst.AnnAssign:
        # CPython refuses a parenthesised owner in an annotated target: `(self).x: int = 1`
        return updated.with_changes(target=original.target)

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        return updated.with_changes(func=_wrapped(updated.func))

    def leave_Arg(self, original: cst.Arg, updated: cst.Arg) -> cst.Arg:
        return updated.with_changes(value=_wrapped(updated.value))

    def leave_Attribute(self, original: cst.Attribute, updated: cst.Attribute) -> cst.Attribute:
        return updated.with_changes(value=_wrapped(updated.value))

    def leave_Assign(self, original: cst.Assign, updated: cst.Assign) -> cst.Assign:
        return updated.with_changes(value=_wrapped(updated.value))

    def leave_Return(self, original: cst.Return, updated: cst.Return) -> cst.Return:
        return updated if updated.value is None else updated.with_changes(value=_wrapped(updated.value))

    def leave_BinaryOperation(self, original: cst.BinaryOperation, updated: cst.BinaryOperation) -> cst.BaseExpression:
        return updated.with_changes(left=_wrapped(updated.left), right=_wrapped(updated.right))

    def leave_Comparison(self, original: cst.Comparison, updated: cst.Comparison) -> cst.BaseExpression:
        targets = [target.with_changes(comparator=_wrapped(target.comparator)) for target in updated.comparisons]
        return updated.with_changes(left=_wrapped(updated.left), comparisons=targets)

    def leave_If(self, original: cst.If, updated: cst.If) -> cst.If:
        return updated.with_changes(test=_wrapped(updated.test))

    def leave_Element(self, original: cst.Element, updated: cst.Element) -> cst.Element:
        return updated.with_changes(value=_wrapped(updated.value))

    def leave_DictElement(self, original: cst.DictElement, updated: cst.DictElement) -> cst.DictElement:
        return updated.with_changes(key=_wrapped(updated.key), value=_wrapped(updated.value))


def _aligned_origins(source: str, code: str) -> list[int]:
    """The origin line of each line of `code`: `source` with parentheses added and, where LibCST's
    code generation leaves it out, whitespace dropped (`except E \\` newline `:` loses the break)."""
    origins = [1]
    line = at = 0
    for char in code:
        while char not in "()" and at < len(source) and source[at] != char and source[at] in " \t\f\\\r\n":
            line += source[at] == "\n"  # dropped by code generation
            at += 1
        if at < len(source) and source[at] == char:
            at += 1  # else a parenthesis the rewrite added
        if char == "\n":
            line += 1
            origins.append(line + 1)
    return origins


def parentheses(source: str) -> Rewritten:
    code = cst.parse_module(source).visit(_Parenthesise()).code
    return code, _aligned_origins(source, code)


REWRITES: dict[str, Callable[[str], Rewritten]] = {
    "continuations": continuations,
    "comments": comments,
    "parentheses": parentheses,
    "concatenation": concatenation,
    "nfkc": nfkc,
    "escapes": escapes,
}
