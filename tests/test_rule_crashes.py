"""A rule that raises at one node loses only that node's report; its other findings in the file stay."""

from __future__ import annotations

import json

import libcst as cst
import pytest

from cli_support import run_cli
from hardlint import check_source, engine
from hardlint.catalog import rule_index
from hardlint.config import Config
from hardlint.rule import Rule


class Injected:
    """A rule-index entry for a rule class defined in a test."""

    def __init__(self, code: str, rule: type[Rule]) -> None:
        self.code, self.module, self.triggers, self.rule = code, rule.__module__, None, rule

    def load(self) -> type[Rule]:
        return self.rule


class RaisesAtBoom(Rule):
    """Reports every name `target`, raises at every name `boom`."""

    code, name, message = "HL997", "raises-at-boom", "target found"

    def visit_Name(self, node: cst.Name) -> None:
        if node.value == "boom":
            raise ValueError("boom")
        if node.value == "target":
            self.report(node)


def test_a_rule_raising_at_one_node_keeps_its_other_findings(monkeypatch):
    index = dict(rule_index())
    index["HL997"] = Injected("HL997", RaisesAtBoom)
    monkeypatch.setattr(engine, "rule_index", lambda: index)
    engine._ruleset.cache_clear()
    try:
        result = check_source("target = 1\nboom = 2\ntarget = 3\n", "a.py", Config(select=("HL997",)))
    finally:
        engine._ruleset.cache_clear()
    assert [(f.code, f.line) for f in result.findings] == [("HL997", 1), ("HL997", 3)]
    [error] = result.errors
    assert (error.kind, error.rule, error.path) == ("rule", "HL997", "a.py")
    assert "line 2" in error.message and "ValueError" in error.message


HOSTILE_CALLS = {
    "superscript-field": 'cursor.execute("SELECT {²}".format(x))',
    "5000-digit-field": 'cursor.execute("SELECT {' + "9" * 5000 + '}".format(x))',
    "superscript-iterations": 'generate_password_hash(password, method="pbkdf2:sha256:²")',
}
SAME_RULE_FINDINGS = [
    'cursor.execute("SELECT * FROM t WHERE a = {}".format(y))',
    'generate_password_hash(password, method="pbkdf2:sha256:1000")',
]


@pytest.mark.parametrize("call", HOSTILE_CALLS.values(), ids=HOSTILE_CALLS.keys())
def test_valid_code_that_once_crashed_a_rule_keeps_the_rules_other_findings(tmp_path, call):
    body = [call, *SAME_RULE_FINDINGS]
    source = ("from werkzeug.security import generate_password_hash\n\n\n"
              "def handler(cursor, x, y, password):\n" + "".join(f"    {line}\n" for line in body))
    (tmp_path / "app.py").write_text(source, encoding="utf-8")
    result = run_cli("check", "--format", "json", "app.py", cwd=tmp_path)
    report = json.loads(result.stdout)
    assert report["errors"] == [], report["errors"]
    found = {(f["code"], f["line"]) for f in report["findings"]}
    assert {("HL301", 6), ("HL601", 7)} <= found
