"""benchmarks/recall.py scores hardlint and bandit on cases marked `# expect:` — checked on fixtures with a
known answer, so the scores the closing note quotes come from a scorer that can fail."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _recall_module():
    spec = importlib.util.spec_from_file_location("recall_benchmark", ROOT / "benchmarks" / "recall.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


recall = _recall_module()

SQL = '''\
# source: https://example.org/sqli
# codes: HL301,B608
def find(cursor, name):
    cursor.execute(f"SELECT * FROM users WHERE name = '{name}'")  # expect: HL301|B608
    cursor.execute("SELECT * FROM users WHERE name = %s", (name,))
    cursor.execute("SELECT * FROM users WHERE id = " + name)  # expect: HL301
'''

QUIET = '''\
# source: https://example.org/quiet
# codes: HL101
def total(cursor):
    # TODO: cache this count
    cursor.execute("SELECT count(*) FROM users")
    return cursor.fetchone()
'''


def test_scores_found_missed_and_false_alarms(tmp_path):
    (tmp_path / "sql").mkdir()
    (tmp_path / "sql" / "cases.py").write_text(SQL)
    (tmp_path / "sql" / "quiet.py").write_text(QUIET)
    results = recall.measure(tmp_path)
    hardlint, bandit = results["sql"]["hardlint"], results["sql"]["bandit"]
    assert hardlint.expected == bandit.expected == 2
    assert hardlint.found == 2 and hardlint.missed == []
    # The TODO in quiet.py is reported by HL101, a code of that file, on a line without `expect`.
    assert hardlint.false_alarms == 1 and hardlint.alarms == ["sql/quiet.py:4 HL101"]
    assert bandit.found >= 1  # B608 sees the f-string query
    assert 0 < hardlint.precision < 1 and hardlint.recall == 1.0


def test_a_fixture_without_source_or_codes_is_refused(tmp_path):
    (tmp_path / "sql").mkdir()
    (tmp_path / "sql" / "bad.py").write_text("x = 1  # expect: HL301\n")
    with pytest.raises(SystemExit, match="source"):
        recall.fixtures(tmp_path)


def test_every_committed_fixture_is_well_formed():
    by_class = recall.fixtures()
    for files in by_class.values():
        for fixture in files:
            assert fixture.codes, fixture.path
