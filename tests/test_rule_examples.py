"""Every rule's inline examples are its tests: FLAG examples must be flagged (and fixed as shown),
CLEAN examples must not be."""

from __future__ import annotations

import ast

import libcst
import pytest

from hardlint.catalog import load_rules
from hardlint.config import Config
from hardlint.docs import HEADINGS, missing_headings
from hardlint.engine import check_source
from hardlint.fixes import fix_source
from hardlint.runner import project_phase

RULES = load_rules()


def _cases(kind: str):
    for code, rule in RULES.items():
        examples = rule.flag_examples() if kind == "flag" else rule.clean_examples()
        for index, example in enumerate(examples):
            yield pytest.param(rule, example, id=f"{code}-{kind}-{index}")


def _newer_syntax_than_this_python(source: str) -> bool:
    """Valid Python (LibCST reads it) that this CPython cannot parse: `except*` before 3.11."""
    try:
        ast.parse(source)
    except SyntaxError:
        try:
            libcst.parse_module(source)
        except libcst.ParserSyntaxError:
            return False
        return True
    return False


def _codes(rule, example) -> list:
    if _newer_syntax_than_this_python(example.source):
        pytest.skip("the example's syntax is newer than this Python")
    config = Config(select=(rule.code,))
    result = check_source(example.source, example.path, config)
    assert not result.errors, result.errors
    # The example is the whole project: rules that finish in the project phase report there (HL102).
    findings = [*result.findings, *project_phase([result], config)]
    return [f for f in findings if f.code == rule.code]


@pytest.mark.parametrize("rule,example", list(_cases("flag")))
def test_flag_example_is_flagged(rule, example):
    found = _codes(rule, example)
    assert found, f"{rule.code} did not flag:\n{example.source}"
    for finding in found:
        assert finding.message and finding.severity == rule.severity and finding.name == rule.name
        assert 1 <= finding.line <= example.source.count("\n") + 1
    if example.fixed is not None:
        config = Config(select=(rule.code,))
        fixed, applied = fix_source(
            example.source, lambda text: check_source(text, example.path, config).findings
        )
        assert applied >= 1
        assert fixed == example.fixed_source
        assert not [f for f in check_source(fixed, example.path, config).findings
                    if f.code == rule.code and f.fix is not None], "fix is not idempotent"


@pytest.mark.parametrize("rule,example", list(_cases("clean")))
def test_clean_example_is_not_flagged(rule, example):
    found = _codes(rule, example)
    assert not found, f"{rule.code} flagged clean code at line {found[0].line}:\n{example.source}"


@pytest.mark.parametrize("code", list(RULES))
def test_rule_is_documented(code):
    rule = RULES[code]
    assert not missing_headings(rule), f"{code} docstring lacks {missing_headings(rule)}; needs {HEADINGS}"
    assert rule.documentation().startswith(f"{code} {rule.name}")
    assert rule.severity in ("low", "medium", "high", "critical")
    assert rule.message
    assert len(rule.flag_examples()) >= 2 and len(rule.clean_examples()) >= 2
