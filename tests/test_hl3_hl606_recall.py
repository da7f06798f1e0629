"""The recall fixtures of HL301 and HL606 (benchmarks/recall/sql, benchmarks/recall/passwords):
every expected line is reported, no other line is, and the names HL301 leaves to opt-in HL303
are reported there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hardlint.config import Config
from hardlint.engine import check_source

RECALL = Path(__file__).resolve().parent.parent / "benchmarks" / "recall"
EXPECT = re.compile(r"#\s*expect:\s*([A-Z]+\d+(?:\s*\|\s*[A-Z]+\d+)*)")
FIXTURES = sorted([*RECALL.glob("sql/*.py"), *RECALL.glob("passwords/*.py")])
# Table and column names pasted from plain parameters: bandit's B608 reports them, HL301 leaves
# them to opt-in HL303 (not near-certain on real code).
NAMES_LEFT_TO_HL303 = {("bandit_sql_statements.py", "column_name"), ("bandit_sql_statements.py", "table_name")}


def _expected(text: str, code: str) -> dict[int, str]:
    return {number: line for number, line in enumerate(text.splitlines(), 1)
            if (match := EXPECT.search(line)) and code in match.group(1)}


def _left_to_hl303(path: Path, line: str) -> bool:
    return any(path.name == name and f"{{{word}}}" in line for name, word in NAMES_LEFT_TO_HL303)


@pytest.mark.parametrize("path", FIXTURES, ids=[f"{p.parent.name}/{p.name}" for p in FIXTURES])
def test_fixture_lines_are_reported_exactly(path):
    text = path.read_text(encoding="utf-8")
    code = "HL606" if path.parent.name == "passwords" else "HL301"
    result = check_source(text, f"app/{path.name}", Config(select=(code,)))
    assert not result.errors, result.errors
    reported = {f.line for f in result.findings if f.code == code}
    expected = _expected(text, code)
    wanted = {n for n, line in expected.items() if not _left_to_hl303(path, line)}
    assert reported == wanted, (sorted(wanted - reported), sorted(reported - wanted))


def test_names_left_to_hl303_are_reported_there():
    path = RECALL / "sql" / "bandit_sql_statements.py"
    text = path.read_text(encoding="utf-8")
    names = {n for n, line in _expected(text, "HL301").items() if _left_to_hl303(path, line)}
    assert len(names) == 3
    found = check_source(text, "app/queries.py", Config(select=("HL303",))).findings
    assert names <= {f.line for f in found if f.code == "HL303"}
    assert all("identifier" in f.message for f in found if f.line in names)


def test_hl303_runs_on_the_files_hl301_runs_on():
    from hardlint.rules.hl3_injection.hl301_sql_injection import SqlInjection
    from hardlint.rules.hl3_injection.hl303_sql_possible_injection import SqlPossibleInjection

    assert SqlPossibleInjection.triggers == SqlInjection.triggers
