"""The engine: one parse, rules isolated from each other, positions, suppression, bad input."""

from __future__ import annotations

import ast

import libcst as cst

from hardlint import check_source, engine
from hardlint.catalog import rule_index
from hardlint.config import Config
from hardlint.imports import ImportMap
from hardlint.rule import Rule

BARE = "try:\n    work()\nexcept:\n    pass\n"
ONLY_HL401 = Config(select=("HL401",))


def test_finding_positions_are_one_based_and_cover_the_header():
    result = check_source("x = 1\n" + BARE, "app/a.py", ONLY_HL401)
    [finding] = result.findings
    assert (finding.line, finding.column) == (4, 1)
    assert finding.end_line == 4
    assert finding.path == "app/a.py" and finding.source == "hardlint" and finding.name == "bare-except"


def test_positions_are_those_of_the_file_where_libcst_drops_whitespace():
    """LibCST's code generation leaves out the whitespace between an `except` clause's type and its
    colon, so its PositionProvider puts every later node too early; hardlint reports the real place."""
    for gap in (" ", " \\\n    ", "\t\\\n"):
        source = f"try:\n    work()\nexcept ValueError{gap}:\n    pass\nexcept:\n    pass\n"
        [finding] = check_source(source, "app/a.py", ONLY_HL401).findings
        line = 5 + gap.count("\n")
        assert (finding.line, finding.column, finding.end_line) == (line, 1, line), repr(gap)


def test_noqa_on_the_line_suppresses_and_a_different_code_does_not():
    source = "try:\n    work()\nexcept:  # noqa: HL401\n    pass\n"
    assert check_source(source, "a.py", ONLY_HL401).findings == []
    source = "try:\n    work()\nexcept:  # noqa: HL301\n    pass\n"
    assert len(check_source(source, "a.py", ONLY_HL401).findings) == 1


def test_bare_noqa_and_hardlint_ignore_and_prefixes():
    for comment in ("# noqa", "# hardlint: ignore[HL401]", "# hardlint: ignore", "# noqa: HL4", "# NOQA:HL401"):
        source = f"try:\n    work()\nexcept:  {comment}\n    pass\n"
        assert check_source(source, "a.py", ONLY_HL401).findings == [], comment


def test_suppression_on_first_line_of_a_multiline_statement():
    class Flag(Rule):
        code, name, message = "HL999", "test-rule", "found"

        def visit_Name(self, node: cst.Name) -> None:
            if node.value == "target":
                self.report(node)

    source = "call(  # noqa: HL999\n    a,\n    target,\n)\nother(target)\n"
    module = cst.parse_module(source)
    from hardlint.context import FileContext

    ctx = FileContext("a.py", source, module, False)
    rule = Flag(ctx)
    from hardlint.walker import Dispatch, walk

    dispatch = Dispatch()
    dispatch.add(rule)
    walk(module, dispatch, ctx.ancestors, lambda o, n, e: None)
    assert len(rule.reports) == 2
    statements = [r.statement for r in rule.reports]
    assert all(isinstance(s, cst.SimpleStatementLine) for s in statements)


class Injected:
    """A rule-index entry for a rule class defined in a test."""

    def __init__(self, code: str, rule: type[Rule]) -> None:
        self.code, self.module, self.triggers, self.rule = code, rule.__module__, None, rule

    def load(self) -> type[Rule]:
        return self.rule


def test_a_raising_rule_is_reported_and_other_rules_still_run(monkeypatch):
    class Broken(Rule):
        code, name, message = "HL998", "broken", "never"

        def visit_Name(self, node: cst.Name) -> None:
            raise ZeroDivisionError("boom")

    index = dict(rule_index())
    index["HL998"] = Injected("HL998", Broken)
    monkeypatch.setattr(engine, "rule_index", lambda: index)
    engine._ruleset.cache_clear()
    try:
        config = Config(select=("HL401", "HL998"))
        result = check_source(BARE, "a.py", config)
    finally:
        engine._ruleset.cache_clear()
    assert [f.code for f in result.findings] == ["HL401"]
    [error] = result.errors
    assert error.kind == "rule" and error.rule == "HL998" and "ZeroDivisionError" in error.message
    assert error.is_internal


def test_syntax_error_is_a_file_error_not_an_exception():
    result = check_source("def broken(:\n    pass\n", "bad.py", Config())
    [error] = result.errors
    assert error.kind == "parse" and "line 1" in error.message
    assert result.findings == []


def test_non_utf8_empty_and_binary_input():
    assert check_source(b"x = '\xff\xfe'\n", "latin.py", Config()).errors[0].kind == "decode"
    assert check_source(b"", "empty.py", Config()).errors == []
    assert check_source(b"\x00\x01\x02", "bin.py", Config()).errors[0].kind == "decode"
    latin = "# -*- coding: latin-1 -*-\nname = 'caf\xe9'\n".encode("latin-1")
    assert check_source(latin, "ok.py", Config()).errors == []


def test_five_thousand_levels_of_nesting_is_a_clean_error():
    deep = "x = " + "(" * 5000 + "1" + ")" * 5000 + "\n"
    [error] = check_source(deep, "deep.py", Config()).errors
    assert error.kind == "parse"
    deep_list = "x = " + "[" * 5000 + "]" * 5000 + "\n"
    assert check_source(deep_list, "deep2.py", Config()).errors[0].kind == "parse"


def test_huge_input_is_skipped_with_a_reason():
    config = Config(max_file_size=1000)
    [error] = check_source("x = 1\n" * 500, "big.py", config).errors
    assert error.kind == "too-large" and "max-file-size" in error.message


def test_test_files_are_recognised():
    config = Config()
    for path in ("tests/test_api.py", "app/tests/helpers.py", "test_x.py", "pkg/x_test.py", "conftest.py"):
        assert config.is_test(path), path
    for path in ("app/api.py", "app/testing_utils.py", "contest.py"):
        assert not config.is_test(path), path


def test_import_map_resolves_aliases_and_chains():
    module = cst.parse_module(
        "import neo4j\nimport os.path\nfrom sqlite3 import connect as c\nimport psycopg2 as pg\n"
        "from . import models\nfrom ..db import session as s\n"
        "def f():\n    from sqlalchemy import text\n    return text\n"
    )
    imports = ImportMap(module)
    assert imports.qualname(cst.parse_expression("c")) == "sqlite3.connect"
    assert imports.qualname(cst.parse_expression("neo4j.GraphDatabase.driver")) == "neo4j.GraphDatabase.driver"
    assert imports.qualname(cst.parse_expression("pg.connect")) == "psycopg2.connect"
    assert imports.qualname(cst.parse_expression("os.path.join")) == "os.path.join"
    assert imports.qualname(cst.parse_expression("text")) == "sqlalchemy.text"
    assert imports.qualname(cst.parse_expression("models.User")) == ".models.User"
    assert imports.qualname(cst.parse_expression("s.execute")) == "..db.session.execute"
    assert imports.qualname(cst.parse_expression("cursor.execute")) is None
    assert imports.imports_any("neo4j") and imports.imports_any("sqlite3") and not imports.imports_any("redis")


def test_a_raising_project_rule_is_an_internal_error_not_a_crash(monkeypatch, tmp_path):
    from hardlint import runner

    class BrokenProject(Rule):
        code, name, message = "HL997", "broken-project", "never"

        def visit_Module(self, node: cst.Module) -> None:
            self.record("HL997.seen", node)

        @classmethod
        def check_project(cls, facts):
            raise KeyError("boom")

    index = dict(rule_index())
    index["HL997"] = Injected("HL997", BrokenProject)
    monkeypatch.setattr(runner, "rule_index", lambda: index)
    monkeypatch.setattr(engine, "rule_index", lambda: index)
    engine._ruleset.cache_clear()
    (tmp_path / "app.py").write_text(BARE)
    report = runner.check_paths([str(tmp_path)], Config(root=tmp_path, select=("HL401", "HL997"), bandit=False),
                                jobs=1)
    assert [f.code for f in report.findings] == ["HL401"]
    [error] = report.errors
    assert error.rule == "HL997" and error.is_internal and "KeyError" in error.message


def test_comments_skip_hashes_inside_strings_and_match_tokenize():
    import io
    import tokenize

    from hardlint.source import comments

    source = ('url = "http://x/#anchor"  # real one\r\n'
              "doc = '''\n# not a comment\n'''  # after a docstring\n"
              "s = 'it\\'s # still a string'\n"
              "f = f\"{x} # in an f-string\"\n"
              "    # indented, ünïcode\n")
    expected = [(t.start[0], t.start[1], t.string)
                for t in tokenize.generate_tokens(io.StringIO(source).readline) if t.type == tokenize.COMMENT]
    assert comments(source) == expected
    assert [text for _, _, text in expected] == ["# real one", "# after a docstring", "# indented, ünïcode"]


def test_cpythons_tree_is_handed_back_for_bandit_only_when_it_is_wanted():
    """A file LibCST parses (HL401 needs it) gives HL801 two trees to read its imports from: the
    LibCST one when nobody else needs CPython's, CPython's (handed back for bandit) when it is wanted."""
    from hardlint.engine import check_source_and_tree

    source = "import app.models\n\ntry:\n    run()\nexcept:\n    pass\n"
    config = Config(bandit=False, cache=False)
    without, tree = check_source_and_tree(source, "app/jobs.py", config)
    assert tree is None
    wanted, tree = check_source_and_tree(source, "app/jobs.py", config, tree_wanted=True)
    assert isinstance(tree, ast.Module) and isinstance(tree.body[0], ast.Import)
    assert [f.code for f in wanted.findings] == [f.code for f in without.findings] == ["HL401"]
    assert wanted.facts == without.facts and [f.data["modules"] for f in wanted.facts] == [["app.models"]]


def test_a_rule_set_without_triggers_runs_every_rule_within_the_block():
    """Outside, no tree rule's trigger matches `x = 1`, so only CPython parses it (its tree comes
    back); with every trigger forced open, LibCST parses it for the tree rules instead."""
    from hardlint.engine import RuleSet, check_source_and_tree, rules_in_use

    config = Config(bandit=False, cache=False)
    assert isinstance(check_source_and_tree("x = 1\n", "app/x.py", config)[1], ast.Module)
    with rules_in_use(RuleSet(config).without_triggers()):
        result, tree = check_source_and_tree("x = 1\n", "app/x.py", config)
    assert tree is None and not result.errors
    assert isinstance(check_source_and_tree("x = 1\n", "app/x.py", config)[1], ast.Module), "restored"


def test_a_name_nfkc_lengthens_blocks_only_the_fixes_on_its_own_line():
    """`\ufc00` is two letters to Python: edits on that line would land off by one in the file as
    written, so its fix is withheld; a fix on another line still applies."""
    config = Config(select=("HL401",))
    elsewhere = check_source("try:\n    pass\nexcept:\n    pass\nname\ufc00 = 1\n", "a.py", config).findings
    same_line = check_source("try:\n    pass\nexcept: x = \ufc00\n", "b.py", config).findings
    assert [f.fix is not None for f in elsewhere] == [True]
    assert [f.fix is not None for f in same_line] == [False]
