"""A new user's first run: a small Flask + SQLite + Neo4j service with one planted problem per core rule,
and its clean twin written the right way. Every planted problem is found; the twin gets nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hardlint import Config, check_paths

APP = Path(__file__).parent / "fixtures" / "issue2_app"
EXPECT = re.compile(r"#\s*expect:\s*((?:HL\d{3}\s*)+)")
CORE_RULES = ("HL101", "HL102", "HL103", "HL201", "HL202", "HL301", "HL302", "HL401", "HL402", "HL403",
              "HL501", "HL502", "HL503", "HL504", "HL505")


def expectations(root: Path) -> set[tuple[str, int, str]]:
    found = set()
    for path in sorted(root.rglob("*.py")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            match = EXPECT.search(line)
            if match:
                for code in match.group(1).split():
                    found.add((path.relative_to(root).as_posix(), number, code))
    return found


def findings(root: Path) -> set[tuple[str, int, str]]:
    config = Config(root=root, select=("HL",), bandit=False)
    report = check_paths([str(root)], config, jobs=1)
    assert not report.errors, report.errors
    return {(Path(f.path).resolve().relative_to(root.resolve()).as_posix(), f.line, f.code)
            for f in report.findings}


def test_every_core_rule_is_planted_once_or_more():
    planted = {code for _, _, code in expectations(APP / "planted")}
    assert planted == set(CORE_RULES)


@pytest.mark.parametrize("twin", ["planted", "clean"])
def test_findings_match_the_plan_exactly(twin):
    root = APP / twin
    expected = expectations(root)
    actual = findings(root)
    missed = sorted(expected - actual)
    unexpected = sorted(actual - expected)
    assert not missed and not unexpected, f"missed: {missed}\nunexpected: {unexpected}"
    if twin == "clean":
        assert actual == set()
