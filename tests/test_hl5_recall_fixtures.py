"""HL501/HL505 on the recall fixtures of issue 17 (`benchmarks/recall/secrets`, `benchmarks/recall/debug`).

Each fixture line ending in `# expect: CODE` must be flagged by one of its codes, and no line without
one may carry a finding of the file's `# codes:`. The misses the rules cannot catch yet are listed
here by (file, line), so a new miss or a new false alarm fails the test, and a fixed one too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hardlint.config import Config
from hardlint.runner import check_paths

RECALL = Path(__file__).resolve().parent.parent / "benchmarks" / "recall"
FIXTURES = sorted([*(RECALL / "secrets").glob("*.py"), *(RECALL / "debug").glob("*.py")])
KNOWN_MISSES: set[tuple[str, int]] = set()


def _expectations(path: Path) -> tuple[set[str], dict[int, set[str]]]:
    text = path.read_text(encoding="utf-8")
    codes = set(re.search(r"^# codes: (.+)$", text, re.MULTILINE).group(1).replace(" ", "").split(","))
    expected = {}
    for number, line in enumerate(text.splitlines(), 1):
        match = re.search(r"# expect: (\S+)", line)
        if match:
            expected[number] = set(match.group(1).split("|"))
    return codes, expected


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_recall_fixture(path: Path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "app" / path.name
    target.parent.mkdir()
    target.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    codes, expected = _expectations(path)
    assert expected, "a recall fixture expects findings"
    report = check_paths(["."], Config(root=tmp_path, select=("HL5", "B")))
    found: dict[int, set[str]] = {}
    for finding in report.findings:
        if finding.code in codes:
            found.setdefault(finding.line, set()).add(finding.code)
    missed = {(path.name, line) for line, want in expected.items() if not want & found.get(line, set())}
    false_alarms = {line: got for line, got in found.items() if line not in expected}
    assert missed == {m for m in KNOWN_MISSES if m[0] == path.name}
    assert false_alarms == {}
