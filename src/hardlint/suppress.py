"""Line-level suppression comments: `# noqa`, `# noqa: HL301,HL5` and `# hardlint: ignore[HL301]`.

Only real comments count: a line that mentions `noqa` or `hardlint:` is tokenized and its comment
token read, so `x = "# noqa"` or a URL `...#noqa-policy` in a string suppresses nothing. `# noqa`
follows flake8's grammar (codes separated by commas or spaces; anything else ends the list), but a
colon followed by no code (`# noqa:  E722` with two spaces, `# noqa:`) suppresses nothing rather than
everything. `# hardlint: ignore[...]` is strict: an unclosed or malformed list, or codes without
brackets (`# hardlint: ignore HL301`), suppress nothing, and a finding on such a line gets a note.
"""

from __future__ import annotations

import io
import re
import tokenize
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from hardlint.finding import Finding

_NOQA = re.compile(r"#\s*noqa(?P<rest>.*)", re.IGNORECASE | re.DOTALL)
_NOQA_CODES = re.compile(r":[ \t]?(?P<codes>[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*)", re.IGNORECASE)
_IGNORE = re.compile(r"#\s*hardlint:\s*ignore(?P<rest>.*)", re.IGNORECASE | re.DOTALL)
# Each separator and the end can match blanks one way only (linear on a line of a million blanks).
_IGNORE_LIST = re.compile(r"\[\s*(?P<codes>[A-Z]+[0-9]*(?:(?:\s*,\s*|\s+)[A-Z]+[0-9]*)*)\s*(?:,\s*)?\]", re.IGNORECASE)
_CODE = re.compile(r"[A-Z]+[0-9]*", re.IGNORECASE)
_BLANKET_END = re.compile(r"(?:\s|#|$)")
_CODE_AHEAD = re.compile(r"\s*[A-Z]+[0-9]+\b", re.IGNORECASE)
_MENTION = re.compile(rb"hardlint:", re.IGNORECASE)

ALL = frozenset({"*"})
_NONE: frozenset[str] = frozenset()


def comment_of(line: str) -> str | None:
    """The comment token of a physical line, or None (no comment, or not tokenizable on its own)."""
    try:
        for token in tokenize.generate_tokens(io.StringIO(line.rstrip("\r\n") + "\n").readline):
            if token.type == tokenize.COMMENT:
                return token.string
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return None
    return None


def _listed(comment: str, marker: re.Pattern[str], opener: str, codes: re.Pattern[str]) -> frozenset[str]:
    """The codes a `marker` comment names after `opener`; ALL when bare, none when malformed."""
    match = marker.search(comment)
    if match is None:
        return _NONE
    rest = match.group("rest")
    if not rest.startswith(opener):
        return ALL if _BLANKET_END.match(rest) else _NONE
    listed = codes.match(rest)
    return frozenset(c.upper() for c in _CODE.findall(listed.group("codes"))) if listed else _NONE


def _noqa_codes(comment: str) -> frozenset[str]:
    return _listed(comment, _NOQA, ":", _NOQA_CODES)


def _ignore_codes(comment: str) -> frozenset[str]:
    return _NONE if malformed_ignore(comment) else _listed(comment, _IGNORE, "[", _IGNORE_LIST)


def malformed_ignore(comment: str) -> bool:
    """A `# hardlint: ignore` comment that is neither bare nor a well-formed `[CODE, ...]` list."""
    match = _IGNORE.search(comment)
    if match is None:
        return False
    rest = match.group("rest")
    if rest.startswith("["):
        return _IGNORE_LIST.match(rest) is None
    return not _BLANKET_END.match(rest) or _CODE_AHEAD.match(rest) is not None


def malformed_notes(findings: Iterable[Finding]) -> list[str]:
    """A note for each reported finding whose line carries a malformed `# hardlint: ignore`."""
    lines_by_path: dict[str, set[int]] = {}
    for finding in findings:
        lines_by_path.setdefault(finding.path, set()).add(finding.line)
    notes = []
    for path in sorted(lines_by_path):
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError:
            continue
        if not _MENTION.search(data):
            continue
        lines = data.decode("utf-8", "replace").splitlines()
        for number in sorted(lines_by_path[path]):
            comment = comment_of(lines[number - 1]) if 0 < number <= len(lines) else None
            if comment is not None and malformed_ignore(comment):
                notes.append(f"{path}:{number}: `{comment.strip()}` suppresses nothing: write "
                             "`# hardlint: ignore[CODE, ...]` or a bare `# hardlint: ignore`.")
    return notes


@lru_cache(maxsize=4096)
def suppressed_codes(line: str, noqa: bool = True) -> frozenset[str]:
    """The codes a physical line's comment suppresses; `ALL` for a bare `# noqa` or `# hardlint: ignore`.

    With `noqa=False` only `# hardlint: ignore` counts (flake8 applies `# noqa` itself).
    """
    if "#" not in line:
        return _NONE
    lowered = line.lower()
    if "hardlint:" not in lowered and not (noqa and "noqa" in lowered):
        return _NONE
    comment = comment_of(line)
    if comment is None:
        return _NONE
    parts = [_ignore_codes(comment)] + ([_noqa_codes(comment)] if noqa else [])
    if any(part is ALL for part in parts):
        return ALL
    return frozenset().union(*parts)


def is_suppressed(code: str, lines: Iterable[str], noqa: bool = True) -> bool:
    """True when any of `lines` suppresses `code` (exactly or by prefix, as flake8 does)."""
    for line in lines:
        codes = suppressed_codes(line, noqa)
        if codes is ALL or "*" in codes or any(code.startswith(c) for c in codes):
            return True
    return False
