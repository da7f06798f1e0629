"""Formatting never hides code from hardlint (issue 16): every FLAG example of every rule, rewritten
in ways that leave the program the same to CPython (backslash continuations, interior comments,
extra parentheses, implicit string concatenation, NFKC identifiers, escapes), gives the same
findings at the same (mapped) lines, and no trigger ever rejects a rewritten example.
The long campaign, with random compositions of the rewrites, is `benchmarks/fuzz.py --rewrites`."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import rewrites  # noqa: E402

from hardlint.catalog import load_rules  # noqa: E402
from hardlint.config import Config  # noqa: E402
from hardlint.engine import check_source  # noqa: E402
from hardlint.fixes import fix_source  # noqa: E402
from hardlint.source import nfkc_identifiers  # noqa: E402
from hardlint.triggers import FileText, Trigger  # noqa: E402

RULES = load_rules()

# Rule logic (not formatting pre-filters) that a rewrite still defeats: the rules' owners fix these
# (issue 16). Strict: a pair that starts passing must leave this table.
RULE_GAPS: set[tuple[str, str]] = set()


def _parses(source: str) -> bool:
    try:
        ast.parse(source)
    except SyntaxError:
        return False
    return True


def _variants(rule, rewrite: str):
    """(example, rewritten source, origin line of each rewritten line) of every FLAG example the
    rewrite changes."""
    for example in rule.flag_examples():
        if not _parses(example.source):
            continue  # syntax newer than this Python
        new, origins = rewrites.REWRITES[rewrite](example.source)
        if new != example.source:
            assert _parses(new), f"the {rewrite} rewrite broke the example:\n{new}"
            yield example, new, origins


def _found(source: str, path: str, code: str, origins: list[int] | None = None) -> list[tuple[str, int]]:
    result = check_source(source, path, Config(select=(code,)))
    assert not result.errors, result.errors
    return sorted((f.code, origins[f.line - 1] if origins else f.line) for f in result.findings)


CASES = [pytest.param(code, rewrite, id=f"{code}-{rewrite}",
                      marks=[pytest.mark.xfail(strict=True, reason="rule logic")] if (code, rewrite) in RULE_GAPS else [])
         for code in RULES for rewrite in rewrites.REWRITES]


@pytest.mark.parametrize("code, rewrite", [(c, r) for c in RULES for r in rewrites.REWRITES])
def test_no_trigger_rejects_a_rewritten_flag_example(code, rewrite):
    rule = RULES[code]
    trigger = Trigger.compile(rule.triggers)
    if trigger is None:
        return
    rejected = [new for _, new, _ in _variants(rule, rewrite) if not trigger.matches(FileText(nfkc_identifiers(new)))]
    assert rejected == [], f"{code}'s trigger rejects:\n" + rejected[0] if rejected else ""


@pytest.mark.parametrize("code, rewrite", CASES)
def test_rewritten_flag_examples_give_the_same_findings(code, rewrite):
    rule = RULES[code]
    differ = []
    for example, new, origins in _variants(rule, rewrite):
        expected = _found(example.source, example.path, code)
        if _found(new, example.path, code, origins) != expected:
            differ.append(new)
    assert differ == [], f"{len(differ)} rewritten examples differ, e.g.:\n{differ[0] if differ else ''}"


def test_the_rewrites_rewrite_something_and_keep_the_program():
    source = 'cursor.execute("SELECT " + name, (a,))\n'
    for name, rewrite in rewrites.REWRITES.items():
        new, origins = rewrite(source)
        assert new != source, name
        assert ast.dump(ast.parse(new)) == ast.dump(ast.parse(source)), name
        assert len(origins) == new.count("\n") + 1 and set(origins) == {1, 2}, name


def test_identifiers_are_compared_in_nfkc_form():
    """`cursor.ｅxecute(f"...")` and `ＳＥＣＲＥＴ_KEY = "..."` are the ASCII names to Python."""
    sql = check_source('def f(cursor, name):\n    cursor.ｅxecute(f"SELECT * FROM t WHERE n = {name}")\n',
                       "app/db.py", Config(select=("HL301",)))
    assert [(f.code, f.line) for f in sql.findings] == [("HL301", 2)]
    secret = check_source('ＳＥＣＲＥＴ_KEY = "q8Vz3LmR5tYw1XkP0aBn"\n', "app/settings.py", Config(select=("HL501",)))
    assert [(f.code, f.line) for f in secret.findings] == [("HL501", 1)]


def test_identifiers_in_f_string_fields_are_compared_in_nfkc_form():
    """`f"{ｐassword}"` pastes `password` (PEP 3131 applies inside replacement fields too)."""
    logged = check_source('def f(logger, password):\n    logger.info(f"{ｐassword}")\n', "app/views.py",
                          Config(select=("HL605",)))
    assert [(f.code, f.line) for f in logged.findings] == [("HL605", 2)]
    sql = check_source("from flask import request\ndef f(cursor):\n"
                       "    cursor.execute(f\"SELECT * FROM t WHERE n = {ｒequest.args['x']}\")\n",
                       "app/db.py", Config(select=("HL301",)))
    assert [(f.code, f.line) for f in sql.findings] == [("HL301", 3)]
    assert "`request.args['x']`" in sql.findings[0].message


@pytest.mark.parametrize("source, expected", [
    ('f"{ｐassword}"', 'f"{password}"'),
    # text, format specs, nested strings and doubled braces are data; fields inside specs are code
    ("f\"ｐ {ｐ!r:ｘ>{ｗ}} {d['ｋ']} {{ｐ}}\"", "f\"ｐ {p!r:ｘ>{w}} {d['ｋ']} {{ｐ}}\""),
    ('"{ｐ}"', '"{ｐ}"'),
    ("rf'''{ｂ}''' + ｃ", "rf'''{b}''' + c"),
    ('f"\\N{EM DASH}{ｐ}"', 'f"\\N{EM DASH}{p}"'),
    ('rf"\\N{ｐ}"', 'rf"\\N{p}"'),
    ('f"\\{ｐ}"', 'f"\\{p}"'),
])
def test_nfkc_reaches_f_string_fields_only(source, expected):
    assert nfkc_identifiers(source) == expected
    assert nfkc_identifiers('ｘ = "ｘ"  # ｘ\n') == 'x = "ｘ"  # ｘ\n', "strings and comments stay as written"


def test_fixes_are_dropped_where_normalising_names_moved_columns():
    # `ﬁ` (one character) is `fi` (two) in NFKC: an edit computed on the normalised text would land
    # one column off on that line, so no fix is offered there; the finding stays. Other lines keep
    # their columns, and their fixes apply to the file as written.
    source = "try:\n    pass\nexcept: ﬁle = 1\n"
    found = check_source(source, "app/x.py", Config(select=("HL401",))).findings
    assert [(f.code, f.line, f.fix) for f in found] == [("HL401", 3, None)]
    plain = check_source(source.replace("ﬁ", "fi"), "app/x.py", Config(select=("HL401",))).findings
    assert plain[0].fix is not None
    elsewhere = "ﬁle = 1\ntry:\n    pass\nexcept:\n    pass\n"
    config = Config(select=("HL401",))
    fixed, applied = fix_source(elsewhere, lambda text: check_source(text, "app/x.py", config).findings)
    assert (fixed, applied) == ("ﬁle = 1\ntry:\n    pass\nexcept Exception:\n    pass\n", 1)
