"""Turning a file's bytes into text that is safe to hand to the parser."""

from __future__ import annotations

import ast
import bisect
import io
import re
import tokenize
import warnings
from typing import Iterator

# CPython refuses more than 200 nested brackets; LibCST's native parser can crash far past that,
# so anything deeper is checked with CPython's own parser first.
MAX_BRACKET_DEPTH = 200
_BRACKETS = re.compile(r"[()\[\]{}]")
_OPEN = frozenset("([{")

# LibCST's parse time grows steeply with expression depth (a 2,000-term `a + a + ...` takes
# seconds, 5,000 nested lambdas crash its native parser), and CPython cannot compile code nested
# much past 3,000 levels. Every level of nesting inside a statement takes at least one character
# of its logical line (and each level of an elif chain one `elif`), so only files with a logical
# line or an elif chain longer than this get their depth measured, on CPython's faster parse.
MAX_NESTING = 1000
# String literals (unrolled, so the regex engine never backtracks), comments, brackets, newlines.
# A string with no closing quote runs to the end of its line (or of the text, if triple-quoted):
# matched whole, so the engine never rescans it from every quote inside (quadratic otherwise).
_SCAN = re.compile(
    r"'{3}[^'\\]*(?:(?:\\[\s\S]|'(?!''))[^'\\]*)*(?:'{3})?"
    r'|"{3}[^"\\]*(?:(?:\\[\s\S]|"(?!""))[^"\\]*)*(?:"{3})?'
    r"|'[^'\\\r\n]*(?:\\[\s\S][^'\\\r\n]*)*'?"
    r'|"[^"\\\r\n]*(?:\\[\s\S][^"\\\r\n]*)*"?'
    r"|#[^\r\n]*|[()\[\]{}\r\n]"
)
_STRING_PREFIX = frozenset("rRbBuUfF")
# String literals (as in _SCAN) or a comment, group 1; a `#` inside a string is no comment.
_COMMENTS = re.compile(_SCAN.pattern.replace(r"|#[^\r\n]*|[()\[\]{}\r\n]", r"|(#[^\r\n]*)"))
_LINE_BREAK = re.compile(r"\r\n?|\n")


class Shape:
    """What one cheap pass over the text tells about how deeply it can nest."""

    __slots__ = ("brackets", "logical_line")

    def __init__(self, brackets: int, logical_line: int) -> None:
        self.brackets = brackets
        self.logical_line = logical_line


def _prefix(source: str, start: int) -> str:
    """The lowercased prefix (`rb`, `f`...) of the string literal whose quote is at `start`."""
    begin = start
    while begin > 0 and start - begin < 3 and source[begin - 1] in _STRING_PREFIX:
        begin -= 1
    return source[begin:start].lower()


def _is_f_string(source: str, start: int) -> bool:
    return "f" in _prefix(source, start)


def measure(source: str) -> Shape:
    """Deepest bracket nesting and longest logical line, outside string literals and comments.

    A plain string or comment counts as one character; an f-string counts in full (its
    replacement fields are code). Brackets and backslashes continue a logical line, as in Python.
    """
    depth = deepest = longest = line_start = discount = 0
    for match in _SCAN.finditer(source):
        token = match.group()
        first = token[0]
        if first in _OPEN:
            depth += 1
            if depth > deepest:
                deepest = depth
        elif first in ")]}":
            if depth:
                depth -= 1
        elif first == "\n" or first == "\r":
            start = match.start()
            if depth or (start and source[start - 1] == "\\"):
                continue  # inside brackets, or after a backslash: the logical line goes on
            if first == "\n" and start and source[start - 1] == "\r":
                continue  # the second half of a CRLF, already counted
            longest = max(longest, start - line_start - discount)
            line_start, discount = match.end(), 0
        elif first == "#":
            discount += len(token)
        else:
            if _is_f_string(source, match.start()):
                deepest = max(deepest, depth + bracket_depth(token))
            else:
                discount += len(token) - 1
    longest = max(longest, len(source) - line_start - discount)
    return Shape(deepest, longest)


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


def _ast_parse(source: str, path: str) -> ast.Module:
    """CPython's parse, without its SyntaxWarnings (about the checked code) reaching our output."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ast.parse(source, filename=path)


def parse_python(source: str, path: str) -> ast.Module:
    """CPython's syntax tree of the source; a SourceError("parse") with CPython's reason if it has none."""
    try:
        return _ast_parse(source, path)
    except SyntaxError as exc:
        where = f"line {exc.lineno}" + (f", column {exc.offset}" if exc.offset else "")
        reason = f"syntax error at {where}: {exc.msg}"
    except (RecursionError, MemoryError):
        reason = "too deeply nested to parse"
    except ValueError as exc:
        reason = f"cannot parse: {exc}"
    raise SourceError("parse", reason)


def python_syntax_error(source: str, path: str) -> str | None:
    """CPython's verdict on the source: None when it parses, else a one-line reason."""
    try:
        parse_python(source, path)
    except SourceError as exc:
        return exc.message
    return None


def syntax_depth(tree: ast.AST, limit: int) -> int:
    """How deeply `tree` nests, counting no further than `limit + 1` (iterative: no recursion)."""
    deepest = 0
    stack = [(tree, 1)]
    children = ast.iter_child_nodes
    while stack:
        node, depth = stack.pop()
        if depth > deepest:
            deepest = depth
            if deepest > limit:
                break
        stack.extend((child, depth + 1) for child in children(node))
    return deepest


def _too_deep(source: str, path: str, tree: ast.Module | None = None) -> str | None:
    """Why the source nests too deeply for LibCST, or None when it does not (`tree`: CPython's
    tree of the source, when the caller already has it)."""
    if tree is None:
        try:
            tree = _ast_parse(source, path)
        except SyntaxError:
            return python_syntax_error(source, path)
        except (RecursionError, MemoryError):
            return "too deeply nested to parse"
        except ValueError as exc:
            return f"cannot parse: {exc}"
    if syntax_depth(tree, MAX_NESTING) > MAX_NESTING:
        return f"too deeply nested to analyse (more than {MAX_NESTING} levels)"
    if longest_chain(tree) > MAX_NESTING:
        return f"too long a chain of operators, attributes or dotted names to analyse (more than {MAX_NESTING} parts)"
    return None


def longest_chain(tree: ast.Module) -> int:
    """Longest flat chain LibCST parses recursively: `or`/`and` operands, binary operators,
    attribute and dotted-import components (LibCST's native parser crashes near 5,900)."""
    longest = 0
    for node in ast.walk(tree):
        if isinstance(node, ast.BoolOp):
            longest = max(longest, len(node.values))
        elif isinstance(node, ast.Import | ast.ImportFrom):
            dotted = [alias.name for alias in node.names] + [getattr(node, "module", None) or ""]
            longest = max(longest, *(name.count(".") + 1 for name in dotted))
        elif isinstance(node, ast.BinOp | ast.Attribute):
            length, inner = 0, node
            while isinstance(inner, ast.BinOp | ast.Attribute):
                length += 1
                inner = inner.left if isinstance(inner, ast.BinOp) else inner.value
            longest = max(longest, length)
    return longest


def guard_nesting(source: str, path: str, tree: ast.Module | None = None) -> None:
    """Refuse input nested deeper than Python allows, or than LibCST and bandit cope with, before
    they see it. Ordinary files cost one regex pass; CPython parses only the suspicious ones.
    `tree` is CPython's tree of the source when the caller has parsed it already."""
    shape = measure(source)
    if shape.brackets > MAX_BRACKET_DEPTH and tree is None:  # with a tree, CPython accepted them
        reason = python_syntax_error(source, path)
        if reason is not None:
            raise SourceError("parse", reason)
    if shape.logical_line > MAX_NESTING or source.count("elif") > MAX_NESTING:
        reason = _too_deep(source, path, tree)
        if reason is not None:
            raise SourceError("parse", reason)


def read_lines(path: str) -> list[str]:
    """A file's lines for quoting or suppression checks; undecodable bytes replaced, [] if unreadable."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read().splitlines()
    except OSError:
        return []


def comments(source: str) -> list[tuple[int, int, str]]:
    """(line, column, text) of every comment, 1-based lines and 0-based columns.

    One regex pass that steps over string literals (so a `#` inside a string is no comment);
    tokenize gives the same answer on valid code at many times the cost.
    """
    found = [(m.start(1), m.group(1)) for m in _COMMENTS.finditer(source) if m.group(1) is not None]
    if not found:
        return []
    starts = [0] + [m.end() for m in _LINE_BREAK.finditer(source)]
    result = []
    for offset, text in found:
        line = bisect.bisect_right(starts, offset)
        result.append((line, offset - starts[line - 1], text))
    return result


# A string literal (skipped whole: its text is data, not names), a comment, or a word with a
# letter outside ASCII (a candidate identifier), tried only at the start of a word: linear time.
_NON_ASCII_WORD = re.compile(_SCAN.pattern.replace(r"|#[^\r\n]*|[()\[\]{}\r\n]", r"|#[^\r\n]*|(?<!\w)(\w*[^\W\x00-\x7f]\w*)"))


_WORD = re.compile(r"(?<!\w)\w*[^\W\x00-\x7f]\w*")


def _normalized(word: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKC", word)


def _nfkc(match: re.Match[str]) -> str:
    return _normalized(match.group())


def _escape_end(body: str, index: int) -> int:
    """Where the escape at `body[index]` (a backslash) ends in a non-raw f-string: `\\N{NAME}` is
    one escape, a backslash before a brace leaves the brace to open or close a field."""
    if body.startswith("N{", index + 1):
        end = body.find("}", index + 3)
        return len(body) if end < 0 else end + 1
    return index + 1 if body[index + 1:index + 2] in ("{", "}") else index + 2


def _code_spans(body: str, raw: bool) -> Iterator[tuple[int, int]]:
    """(start, end) of the code in an f-string's text after its opening quote: its replacement
    fields, less the strings nested in them and their format specs. One pass, linear time."""
    frames: list[int] = []  # per open field: its bracket depth, or -1 once in its format spec
    start = index = 0
    while index < len(body):
        char = body[index]
        if not frames or frames[-1] < 0:  # literal text or a format spec
            if char == "\\" and not raw:
                index = _escape_end(body, index)
                continue
            if not frames and body.startswith(("{{", "}}"), index):
                index += 2
                continue
            if char == "{":
                frames.append(0)
                start = index + 1
            elif char == "}" and frames:
                frames.pop()
        elif char in "'\"":  # a string nested in a field: data, skipped whole
            yield start, index
            end = body.find(char, index + 1)
            index = start = len(body) if end < 0 else end + 1
            continue
        elif char in "([{":
            frames[-1] += 1
        elif char in ")]" or (char == "}" and frames[-1]):
            frames[-1] = max(frames[-1] - 1, 0)
        elif char == "}" or (char == ":" and not frames[-1]):
            yield start, index
            if char == "}":
                frames.pop()
            else:
                frames[-1] = -1
        index += 1
    if frames and frames[-1] >= 0:
        yield start, len(body)


def _nfkc_fstring(token: str, raw: bool) -> str:
    """An f-string literal (from its opening quote) with the identifiers of its replacement fields
    in NFKC form (`f"{ｐassword}"` is `f"{password}"` to Python); its text as written."""
    opening = 3 if token.startswith(("\"\"\"", "'''")) else 1
    pieces, done = [token[:opening]], opening
    for start, end in _code_spans(token[opening:], raw):
        start, end = start + opening, end + opening
        pieces += [token[done:start], _WORD.sub(_nfkc, token[start:end])]
        done = end
    pieces.append(token[done:])
    return "".join(pieces)


def _nfkc_word(match: re.Match[str]) -> str:
    word = match.group(1)
    if word is not None:
        return _normalized(word)
    token = match.group()
    if token[0] in "'\"" and not token.isascii():
        prefix = _prefix(match.string, match.start())
        if "f" in prefix:
            return _nfkc_fstring(token, "r" in prefix)
    return token


def nfkc_identifiers(source: str) -> str:
    """`source` with every identifier in the NFKC form Python gives it when it reads the file
    (PEP 3131): `cursor.ｅxecute` is `cursor.execute` at run time, and rules and triggers must
    see it so. Strings and comments are left as written, except the code in f-strings' replacement
    fields (`f"{ｐassword}"`). A word that is not an identifier in the
    original is left to the parser to refuse."""
    if source.isascii():
        return source
    return _NON_ASCII_WORD.sub(_nfkc_word, source)


# Peak memory of parsing, measured with benchmarks/memory.py (LibCST 1.x, CPython 3.11): LibCST
# keeps about 2-3 KiB per token and 3-6 KiB more per statement (a file of 2-byte statements
# `a\n` costs 4.2 KiB per byte: 2 MB would take 8 GiB); CPython's `ast` takes under half of that.
# Ordinary code costs 170-430 bytes per byte. A file is parsed only if this estimate fits the
# budget, which keeps a process under 1 GiB with the interpreter, the rules and bandit loaded.
PARSE_BYTES_PER_TOKEN = 3 * 1024
PARSE_BYTES_PER_STATEMENT = 6 * 1024
PARSE_MEMORY_BUDGET = 600 * 1024 * 1024
# Below this size no text can reach the budget (at most one token and one statement per 2 bytes).
_ALWAYS_FITS = PARSE_MEMORY_BUDGET // ((PARSE_BYTES_PER_TOKEN + PARSE_BYTES_PER_STATEMENT) // 2)
# A string literal or a comment (one token, whatever its length), a word, or one punctuation mark.
_TOKEN = re.compile(_SCAN.pattern.replace(r"|#[^\r\n]*|[()\[\]{}\r\n]", r"|#[^\r\n]*|\w+|[^\w\s]"))
_CODE_LINE = re.compile(r"^[ \t\f]*[^ \t\f\r\n#]", re.M)


def parse_memory(source: str) -> int:
    """An upper estimate of the bytes parsing `source` takes at its peak (0 for small files)."""
    if len(source) < _ALWAYS_FITS:
        return 0
    statements = len(_CODE_LINE.findall(source)) + source.count(";")
    return len(_TOKEN.findall(source)) * PARSE_BYTES_PER_TOKEN + statements * PARSE_BYTES_PER_STATEMENT


def guard_memory(source: str) -> None:
    """Refuse a file whose parse would take more memory than one file may use (SourceError
    "too-large"), before anything parses it."""
    needed = parse_memory(source)
    if needed > PARSE_MEMORY_BUDGET:
        raise SourceError("too-large", f"skipped: parsing it would take about {needed / 2**30:.1f} GiB of memory "
                                       f"(a file may use {PARSE_MEMORY_BUDGET // 2**20} MiB); it has too many "
                                       "tokens and statements for its size")
