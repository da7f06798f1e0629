"""HL1 (placeholders) and HL2 (mocks, fake data): behaviour the inline examples cannot express -
exact spans, report counts, pre-filter coverage of the data files, odd input."""

from __future__ import annotations

import textwrap

import pytest

from hardlint.catalog import load_rules
from hardlint.config import Config
from hardlint.engine import check_source
from hardlint.runner import check_paths, project_phase
from hardlint.triggers import trigger_matches

CODES = ("HL101", "HL102", "HL103", "HL201", "HL202")


def findings(code: str, source: str, path: str = "app/service.py"):
    config = Config(select=(code,))
    result = check_source(textwrap.dedent(source).lstrip("\n"), path, config)
    assert not result.errors, result.errors
    return [f for f in [*result.findings, *project_phase([result], config)] if f.code == code]


def test_marker_span_is_the_marker_word_after_a_tool_directive():
    (found,) = findings("HL101", "import json  # type: ignore  # TODO drop once stubs ship\n")
    assert (found.line, found.column, found.end_line, found.end_column) == (1, 32, 1, 36)
    assert "`TODO`" in found.message


def test_one_marker_reported_per_comment():
    assert len(findings("HL101", "# TODO: FIXME both\n# XXX\n")) == 2


def test_marker_comments_are_flagged_in_tests_too():
    assert findings("HL101", "def test_x():\n    pass  # TODO assert\n", path="tests/test_x.py")


def test_single_quoted_docstring_body_passes_the_prefilter():
    assert [f.line for f in findings("HL102", "def send():\n    'Send the e-mail.'\n")] == [1]


def test_placeholder_body_is_reported_at_the_function_name():
    (found,) = findings("HL102", "@app.post('/x')\ndef create():\n    ...\n")
    assert (found.line, found.column, found.end_column) == (2, 5, 11)


def test_placeholder_method_span_comes_from_the_project_phase():
    (found,) = findings("HL102", "class Mailer:\n    def send(self, to):\n        pass\n")
    assert (found.line, found.column, found.end_line, found.end_column) == (2, 9, 2, 13)
    assert found.severity == "medium" and found.name == "placeholder-body"


def _write(root, files: dict) -> None:
    for name, text in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text).lstrip("\n"))


EXPORTER_BASE = {
    "app/__init__.py": "",
    "app/exporters/base.py": """
        class Exporter:
            def header(self):
                \"\"\"Return the lines written before the rows.\"\"\"

            def write(self, rows):
                return [self.header(), *rows]
        """,
}


def test_hooks_of_a_class_subclassed_in_another_file_are_not_placeholders(tmp_path):
    _write(tmp_path, {**EXPORTER_BASE, "app/exporters/csv.py": """
        from app.exporters import base

        class CsvExporter(base.Exporter):
            def header(self):
                return "id,total"
        """})
    report = check_paths([str(tmp_path)], Config(root=tmp_path, select=("HL102",), cache=False))
    assert not report.errors and report.findings == []


@pytest.mark.parametrize("subclass", [
    "from app.exporters.base import Exporter as _Exporter\n\nclass Exporter(_Exporter):\n    pass\n",
    "import app.exporters.base as b\n\nclass CsvExporter(b.Exporter):\n    pass\n",
    "from .base import Exporter as _E\n\nclass CsvExporter(_E[int]):\n    pass\n",
])
def test_a_base_class_subclassed_through_an_import_alias_is_an_extension_point(tmp_path, subclass):
    _write(tmp_path, {**EXPORTER_BASE, "app/exporters/csv.py": subclass})
    report = check_paths([str(tmp_path)], Config(root=tmp_path, select=("HL102",), cache=False))
    assert not report.errors and report.findings == []


def test_an_alias_named_like_the_base_but_bound_to_another_class_does_not_exempt_it(tmp_path):
    _write(tmp_path, {**EXPORTER_BASE, "app/exporters/csv.py": """
        from app.writers import Writer as Exporter

        class CsvExporter(Exporter):
            pass
        """})
    report = check_paths([str(tmp_path)], Config(root=tmp_path, select=("HL102",), cache=False))
    assert [(f.path.rsplit("/", 2)[-1], f.line) for f in report.findings] == [("base.py", 2)]


def test_placeholder_methods_of_a_class_nobody_subclasses_are_reported(tmp_path):
    _write(tmp_path, {**EXPORTER_BASE, "app/exporters/csv.py": """
        from app.exporters import base

        class CsvExporter:
            exporter = base.Exporter()
        """})
    report = check_paths([str(tmp_path)], Config(root=tmp_path, select=("HL102",), cache=False))
    assert [(f.path.rsplit("/", 2)[-1], f.line) for f in report.findings] == [("base.py", 2)]


def test_every_placeholder_value_passes_the_prefilter():
    rule = load_rules()["HL103"]
    from hardlint.rules.hl1_placeholders import hl103_placeholder_value as module

    for value in module._EXACT:
        for source in (f"VALUE = {value!r}\n", f"VALUE = {value.upper()!r}\n", f'VALUE = """  {value}\\n"""\n'):
            assert trigger_matches(rule.triggers, source), source
            assert findings("HL103", source), source


@pytest.mark.parametrize("value", [
    "your-api-key-here", "YOUR_OPENAI_API_KEY", "<your-token>", "{your_secret}", "sk-xxxxxxxx",
    "xxxxxxxxxxxx", "insert-password-here", "https://your-domain.com/hook", "Lorem ipsum dolor",
])
def test_placeholder_patterns_are_flagged(value):
    assert findings("HL103", f"client = Client(token={value!r})\n")


@pytest.mark.parametrize("value", ["your_orders", "add_user", "insert_user", "here", "x", "todo", "placeholder"])
def test_ordinary_words_are_not_placeholders(value):
    assert not findings("HL103", f"ACTION = {value!r}\n")


def test_mock_import_reported_once_and_each_use():
    found = findings("HL201", """
        from unittest import mock as m
        from unittest.mock import patch
        client = m.MagicMock()
        with patch("app.mail.send"):
            pass
    """)
    assert [f.line for f in found] == [1, 3, 4]
    assert "unittest.mock" in found[0].message


def test_mocks_are_quiet_in_test_files():
    source = "from unittest.mock import MagicMock\nclient = MagicMock()\n"
    assert findings("HL201", source, path="app/service.py")
    for path in ("tests/helpers.py", "app/test_service.py", "app/service_test.py", "conftest.py"):
        assert not findings("HL201", source, path=path)


def test_fake_data_quiet_in_fixture_and_seed_paths():
    source = 'USERS = [{"name": "John Doe", "email": "john@example.com"}]\n'
    assert len(findings("HL202", source)) == 2
    for path in ("app/fixtures/users.py", "scripts/seed_db.py", "app/demo_data.py", "docs/conf.py"):
        assert not findings("HL202", source, path=path)


ODD_SOURCES = [
    "",
    "\n\n# only a comment: todo\n",
    "lambda: ...\n",
    "class Empty: ...\n",
    "def f(): pass; pass\n",
    "async def f():\n    raise NotImplementedError from None\n",
    "x = 'changeme' if a else b'changeme'\n",
    "@(lambda f: f)\ndef g(): ...\n",
    "d = {**base, 'email': 'a@example.com'}\n",
    "match x:\n    case {'n': 'John Doe'}:\n        pass\n",
    "s = '\\N{BULLET} xxxxxx' ; t = rb'xxxx'\n",
    "from . import mock\nfrom .. import *\nimport a.b.c as d\n",
    "v = 4_111_111_111_111_111\n",
]


@pytest.mark.parametrize("source", ODD_SOURCES)
def test_rules_do_not_fail_on_odd_code(source):
    config = Config(select=CODES)
    for path in ("app/x.py", "app/x.pyi"):
        result = check_source(source, path, config)
        assert not result.errors, (source, result.errors)
