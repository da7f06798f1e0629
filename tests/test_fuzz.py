"""Property tests on hypothesmith-generated programs (bounded for CI; benchmarks/fuzz.py is the long run)."""

from __future__ import annotations

import hypothesmith
import libcst as cst
import pytest
from hypothesis import HealthCheck, example, given, settings

from hardlint import Config, check_source, engine
from hardlint.catalog import rule_index
from hardlint.fixes import fix_source

BOUNDED = settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))


@pytest.fixture
def every_rule():
    """Every rule (opt-in ones too) runs on every generated program, whatever its trigger says."""
    forced = engine.RuleSet(Config(select=tuple(rule_index()))).without_triggers()
    assert len(forced.rules) == len(rule_index()) and not any(forced.triggers)
    with engine.rules_in_use(forced):
        yield


def _findings(text: str) -> list:
    return check_source(text, "generated.py").findings


@BOUNDED
@given(hypothesmith.from_grammar())
def test_engine_never_raises_or_fails_internally(source):
    result = check_source(source, "generated.py")
    assert not [e for e in result.errors if e.is_internal], result.errors


@BOUNDED
@given(hypothesmith.from_grammar())
def test_every_rule_on_generated_code_never_fails_internally(every_rule, source):
    result = check_source(source, "generated.py")
    assert not [e for e in result.errors if e.is_internal], result.errors


@BOUNDED
@given(hypothesmith.from_grammar())
@example("A\n\\\r\n")  # CPython parses it, LibCST does not: nothing to fix, and no crash
def test_fixes_reparse_and_are_idempotent(every_rule, source):
    fixed, _ = fix_source(source, _findings)
    if fixed != source:
        # Only what the fixer wrote must parse: hypothesmith's programs are CPython's grammar, and
        # LibCST refuses a few of them (`A\n\\\r\n`), which the check reports as a parse error.
        cst.parse_module(fixed)
    assert fix_source(fixed, _findings)[0] == fixed


@settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(hypothesmith.from_grammar().map(lambda code: "try:\n    pass\nexcept:\n    pass\n" + code))
@example("try:\n    pass\nexcept:\n    pass\nglobal\ufc00#")  # NFKC lengthens a name on another line
def test_fixable_programs_really_get_fixed(source):
    """With a bare except planted, the HL401 fix must apply, re-parse and be stable."""
    fixed, applied = fix_source(source, _findings)
    assert applied >= 1 and "except Exception:" in fixed
    cst.parse_module(fixed)
    assert fix_source(fixed, _findings) == (fixed, 0)
