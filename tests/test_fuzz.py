"""Property tests on hypothesmith-generated programs (bounded for CI; benchmarks/fuzz.py is the long run)."""

from __future__ import annotations

import hypothesmith
import libcst as cst
from hypothesis import HealthCheck, given, settings

from hardlint import check_source
from hardlint.fixes import fix_source

# The words rules' triggers look for, as a comment: makes every tree rule walk the generated code.
TRIGGERS = ("# except: execute cursor sqlite3 neo4j redis query SELECT password secret token jwt "
            "CORS csrf debug Flask app.route hashlib md5 logging os.environ getenv http:// connect commit "
            "mock patch TODO FIXME NotImplementedError raise Exception import\n")

BOUNDED = settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))


def _findings(text: str) -> list:
    return check_source(text, "generated.py").findings


@BOUNDED
@given(hypothesmith.from_grammar())
def test_engine_never_raises_or_fails_internally(source):
    for variant in (source, source + "\n" + TRIGGERS):
        result = check_source(variant, "generated.py")
        assert not [e for e in result.errors if e.is_internal], result.errors


@BOUNDED
@given(hypothesmith.from_grammar())
def test_fixes_reparse_and_are_idempotent(source):
    variant = source + "\n" + TRIGGERS
    fixed, _ = fix_source(variant, _findings)
    cst.parse_module(fixed)
    assert fix_source(fixed, _findings)[0] == fixed


@settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(hypothesmith.from_grammar().map(lambda code: "try:\n    pass\nexcept:\n    pass\n" + code))
def test_fixable_programs_really_get_fixed(source):
    """With a bare except planted, the HL401 fix must apply, re-parse and be stable."""
    fixed, applied = fix_source(source, _findings)
    assert applied >= 1 and "except Exception:" in fixed
    cst.parse_module(fixed)
    assert fix_source(fixed, _findings) == (fixed, 0)
