"""Line-level suppression comments: `# noqa`, `# noqa: HL301,HL5` and `# hardlint: ignore[HL301]`."""

from __future__ import annotations

import re
from typing import Iterable

# The same shape flake8 accepts, so one comment serves both tools.
_NOQA = re.compile(r"#\s*noqa(?::[\s]?(?P<codes>[A-Z]+[0-9]*(?:[,\s]+[A-Z]+[0-9]*)*))?", re.IGNORECASE)
_IGNORE = re.compile(r"#\s*hardlint:\s*ignore(?:\[(?P<codes>[^\]]*)\])?", re.IGNORECASE)
_CODE = re.compile(r"[A-Z]+[0-9]*", re.IGNORECASE)

ALL = frozenset({"*"})


def suppressed_codes(line: str, noqa: bool = True) -> frozenset[str]:
    """The codes a physical line suppresses; `ALL` for a bare `# noqa` or `# hardlint: ignore`.

    With `noqa=False` only `# hardlint: ignore` counts (flake8 applies `# noqa` itself).
    """
    if "#" not in line:
        return frozenset()
    codes: set[str] = set()
    for pattern in (_NOQA, _IGNORE) if noqa else (_IGNORE,):
        for match in pattern.finditer(line):
            listed = match.group("codes")
            if listed is None or not listed.strip():
                return ALL
            codes.update(c.upper() for c in _CODE.findall(listed))
    return frozenset(codes)


def is_suppressed(code: str, lines: Iterable[str], noqa: bool = True) -> bool:
    """True when any of `lines` suppresses `code` (exactly or by prefix, as flake8 does)."""
    for line in lines:
        codes = suppressed_codes(line, noqa)
        if codes is ALL or "*" in codes or any(code.startswith(c) for c in codes):
            return True
    return False
