"""Rules are imported on demand: their triggers are read from the module text, and a one-file run
imports only the rules whose triggers match the file."""

from __future__ import annotations

import json
import subprocess
import sys

from hardlint.catalog import UNKNOWN, load_rules, read_triggers, rule_index

PROBE = """
import json, re, sys
from hardlint.cli import main
code = main(["check", "app.py", "--no-cache", "--no-bandit", "--format", "json", "--output", "out.json"])
loaded = sorted(m.rsplit(".", 1)[-1][:5].upper() for m in sys.modules
                if m.startswith("hardlint.rules.") and re.match(r"hl[0-9]{3}_", m.rsplit(".", 1)[-1]))
print(json.dumps({"exit": code, "loaded": loaded}))
"""


def _run(tmp_path, source: str) -> tuple[dict, dict]:
    (tmp_path / "app.py").write_text(source, encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    probe = json.loads(done.stdout.strip().splitlines()[-1])
    report = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    return probe, report


def test_static_triggers_are_the_rule_classes_triggers():
    rules = load_rules()
    readable = 0
    for code, entry in rule_index().items():
        if entry.triggers is UNKNOWN:
            continue
        readable += 1
        assert entry.triggers == rules[code].triggers, code
    assert readable >= len(rules) // 2, "most rules should be skippable without importing them"


def test_read_triggers_handles_tuples_expressions_and_absence(tmp_path):
    module = tmp_path / "hl999_x.py"
    module.write_text('class X:\n    triggers = (\n        r"a|b",  # comment\n        "(?i)c",\n    )\n')
    assert read_triggers(str(module)) == ("a|b", "(?i)c")
    module.write_text('class X:\n    triggers = WORDS + "|x"\n')
    assert read_triggers(str(module)) is UNKNOWN
    module.write_text('class X:\n    code = "HL999"\n')
    assert read_triggers(str(module)) is None


def test_a_plain_file_imports_no_rule_it_cannot_trigger(tmp_path):
    probe, report = _run(tmp_path, "TOTAL = 1 + 2\n")
    assert probe["exit"] == 0 and report["findings"] == []
    unknown = {code for code, entry in rule_index().items() if entry.triggers is UNKNOWN}
    assert set(probe["loaded"]) <= unknown, probe["loaded"]


def test_a_triggered_rule_is_imported_and_reports(tmp_path):
    probe, report = _run(tmp_path, "def find(cursor, name):\n"
                                   "    cursor.execute(f\"SELECT * FROM users WHERE name = '{name}'\")\n")
    assert probe["exit"] == 1
    assert "HL301" in probe["loaded"] and "HL601" not in probe["loaded"]
    assert [f["code"] for f in report["findings"]] == ["HL301"]


def test_opt_in_read_from_text_is_the_rule_classes_flag():
    rules = load_rules()
    for code, entry in rule_index().items():
        assert entry.opt_in == rules[code].opt_in, code


def test_an_opt_in_rule_runs_only_when_its_full_code_is_selected(monkeypatch):
    from dataclasses import replace

    from hardlint import catalog
    from hardlint.config import Config, with_overrides
    from pathlib import Path

    index = dict(rule_index())
    index["HL101"] = replace(index["HL101"], opt_in=True)
    monkeypatch.setattr(catalog, "rule_index", lambda: index)
    config = Config(root=Path("."))
    assert not catalog.rule_enabled("HL101", config)
    assert not catalog.rule_enabled("HL101", with_overrides(config, select=("HL1",)))
    assert catalog.rule_enabled("HL101", with_overrides(config, select=("HL", "HL101")))
    assert not catalog.rule_enabled("HL101", with_overrides(config, select=("HL101",), ignore=("HL101",)))
    assert catalog.rule_enabled("HL102", config)
