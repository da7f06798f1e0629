"""Every regular expression hardlint applies to file contents runs in about linear time (issue 16):
rule triggers (on the text and on its normalised view), the normalised view itself, NFKC name
normalisation, the nesting and memory estimates, comment and suppression scans. Each is fed
1 MB adversarial inputs — long runs of what its patterns repeat — and must answer in under 1 s of
CPU time (a quadratic scan takes minutes here: HL701's trigger took 15 s on `@` and 80,000 `(`).
"""

from __future__ import annotations

import time

import pytest

from hardlint.catalog import load_rules
from hardlint.source import comments, measure, nfkc_identifiers, parse_memory
from hardlint.suppress import is_suppressed
from hardlint.triggers import FileText, Trigger, normalised_view

N = 1_000_000
HOSTILE = {
    "blanks after pass": "def f():\n    pass" + " " * N + "x\n",
    "blanks after except": "try:\n    pass\nexcept" + " " * N + "x\n",
    "a line of at signs": "@" * N + "\n",
    "at and open parentheses": "@" + "(" * 80_000 + "\n" + "@" + "(" * N,
    "spaced at signs": "@ " * (N // 2) + "\n",
    "one long word": "x = " + "a" * N + "\n",
    "dots": "x = " + "a." * (N // 2) + "\n",
    "commas": "x = (" + "a, " * (N // 3) + ")\n",
    "adjacent strings": "x = " + '"a" ' * (N // 4) + "\n",
    "unclosed strings": '"a' * (N // 2) + "\n",
    "unclosed triple string": "'''" + "\\'" * (N // 2),
    "continuations": "x = " + "\\\n" * (N // 2) + "\n",
    "colons": "d = {" + "a: " * (N // 3) + "}\n",
    "a long url": "x = 'http://" + "a" * N + "'\n",
    "a line of hashes": "x = ''\n" + "#" * N + "\n",
    "comment lines": "x = ''\n" + "#\n" * (N // 2),
    "escapes": '"' + "\\x41" * (N // 4) + '"',
    "closing parentheses": ") " * (N // 2),
    "non-ascii names": "é = 1\n" + "a" * N + " é" * 1000,
    "non-ascii f-string field": 'f"{' + "é" * N + '}"',
    "unclosed f-string fields": 'f"é' + "{é" * (N // 2),
    "f-string format specs": 'f"é' + "{a:{" * (N // 4),
    "f-string nested quotes": 'f"é{' + "'é" * (N // 2),
    "f-string named escapes": 'f"é' + "\\N{" * (N // 3) + "}",
    "equal signs": "password" + " =" * (N // 2),
    "debug and equal signs": "debug" + "=" * N,
    "host and colons": "host=" + ":" * N,
    # A pattern that runs from each start to the end of the line is quadratic when starts repeat.
    "repeated debug settings": "debug =" * (N // 7),
    "repeated host settings": "host=" * (N // 5),
    "spaced open parentheses": "  (" * (N // 3),
    "spaced equal signs": "  =" * (N // 3),
    "newlines": "\n" * N,
    "carriage returns": "\r" * N,
}
LIMIT = 1.0


def _cpu(function, *args) -> float:
    started = time.process_time()
    function(*args)
    return time.process_time() - started


def _scans():
    yield "normalised view", normalised_view
    yield "nfkc names", nfkc_identifiers
    yield "nesting measure", measure
    yield "comments", comments
    yield "memory estimate", parse_memory
    for code, rule in load_rules().items():
        trigger = Trigger.compile(rule.triggers)
        for index, (lowered, pattern) in enumerate(trigger.patterns if trigger else ()):
            def search(text, pattern=pattern, lowered=lowered):
                pattern.search(text.lower() if lowered else text)
                pattern.search(normalised_view(text).lower() if lowered else normalised_view(text))
            yield f"{code} trigger {index}", search


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_every_content_scan_is_linear(name):
    text = HOSTILE[name]
    slow = []
    for scan, function in _scans():
        elapsed = _cpu(function, text)
        if elapsed > LIMIT:
            slow.append((scan, round(elapsed, 2)))
    assert slow == []


@pytest.mark.parametrize("comment", [
    "# hardlint: ignore[HL301" + " " * N + "x",
    "# hardlint: ignore[HL301" + ", " * (N // 2) + "x",
    "# noqa: HL301" + " " * N + "x",
    "# noqa:" + " HL1" * (N // 4) + "!",
])
def test_suppression_comments_are_read_in_linear_time(comment):
    assert _cpu(is_suppressed, "HL301", ["x = 1  " + comment], True) < LIMIT
