"""Suggested fixes: kept as a unified diff only when they apply once, parse and silence the rule."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from llm_support import llm, run_pass, user_text, write_project
from fake_messages_api import FakeMessagesAPI, triage

from hardlint.config import Config
from hardlint.engine import check_source

APP = '''
import json


def parse_good(raw):
    try:
        return json.loads(raw)
    except:
        return None


def parse_missing(raw):
    try:
        return json.loads(raw)
    except:
        return None


def parse_twice(raw):
    try:
        return json.loads(raw)
    except:
        return {}


def parse_broken(raw):
    try:
        return json.loads(raw)
    except:
        return []


def parse_still(raw):
    try:
        return json.loads(raw)
    except:
        return ()
'''

EDITS = {
    # applies once, parses, HL401 stops firing -> kept
    "parse_good": ("    except:\n        return None\n\n\ndef parse_missing",
                   "    except ValueError:\n        return None\n\n\ndef parse_missing"),
    # the search text is not in the file -> dropped
    "parse_missing": ("    except Exception:\n        return None", "    except ValueError:\n        return None"),
    # occurs more than once -> dropped
    "parse_twice": ("        return json.loads(raw)\n", "        return json.loads(raw or '{}')\n"),
    # does not parse -> dropped
    "parse_broken": ("    except:\n        return []", "    except ValueError\n        return []"),
    # parses, but the rule still fires -> dropped
    "parse_still": ("    except:\n        return ()", "    except:  # deliberately broad\n        return ()"),
}


def responder(api: FakeMessagesAPI):
    def respond(body: dict) -> object:
        text = user_text(body)
        name = next(n for n in EDITS if f"def {n}(" in text.split("enclosing_code")[1])
        search, replace = EDITS[name]
        return api.message(triage(fix={"search": search, "replace": replace, "summary": f"narrow {name}"}),
                           body=body)
    return respond


def test_fix_kept_only_when_proven(tmp_path: Path, api: FakeMessagesAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    write_project(tmp_path, {"app/parse.py": APP})
    api.responder = responder(api)
    report, summary, _ = run_pass(tmp_path, monkeypatch)
    assert summary.triaged == 5
    results = {}
    lines = (tmp_path / "app/parse.py").read_text().splitlines()
    for finding in report.findings:
        name = next(line.split("(")[0][4:] for line in reversed(lines[:finding.line]) if line.startswith("def "))
        results[name] = llm(finding)
    assert results["parse_missing"]["fix"] is None
    assert results["parse_missing"]["fix_dropped"] == "search text occurs 0 times in the file (must be exactly once)"
    assert results["parse_twice"]["fix_dropped"] == "search text occurs 5 times in the file (must be exactly once)"
    assert results["parse_broken"]["fix_dropped"].startswith("edited file does not parse")
    assert results["parse_still"]["fix_dropped"] == "HL401 still fires after the edit"
    kept = results["parse_good"]["fix"]
    assert kept["summary"] == "narrow parse_good" and "fix_dropped" not in results["parse_good"]
    diff = kept["diff"]
    assert diff.startswith("--- a/app/parse.py\n+++ b/app/parse.py\n@@ ")
    assert "-    except:\n+    except ValueError:\n" in diff

    # The diff is a real patch: git applies it, and the rule is silenced at that place.
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is needed to apply the diff")
    (tmp_path / "fix.patch").write_text(diff)
    subprocess.run([git, "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run([git, "apply", "--check", "fix.patch"], cwd=tmp_path, check=True)
    subprocess.run([git, "apply", "fix.patch"], cwd=tmp_path, check=True)
    fixed = (tmp_path / "app/parse.py").read_text()
    after = check_source(fixed, "app/parse.py", Config(root=tmp_path, select=("HL401",), bandit=False))
    assert len(after.findings) == 4 and "except ValueError:" in fixed


def test_fix_quoting_a_secret_marker_is_restored_locally(tmp_path: Path, api: FakeMessagesAPI,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    secret = "Vq93kLzT0pWmXr7sNb2c"
    write_project(tmp_path, {"app/conn.py": f'''
        def connect(client):
            try:
                return client.login(password="{secret}")
            except:
                return None
        '''})

    def respond(body: dict) -> object:
        text = user_text(body)
        marker = text[text.index("<<SECRET#"):text.index(">>", text.index("<<SECRET#")) + 2]
        search = f'        return client.login(password="{marker}")\n    except:'
        replace = f'        return client.login(password="{marker}")\n    except ConnectionError:'
        return api.message(triage(fix={"search": search, "replace": replace, "summary": "narrow"}), body=body)

    api.responder = respond
    report, _, _ = run_pass(tmp_path, monkeypatch)
    diff = llm(report.findings[0])["fix"]["diff"]
    assert f'password="{secret}"' in diff and "+    except ConnectionError:" in diff
    assert all(secret.encode() not in r.raw for r in api.requests)


def test_bandit_finding_fix_is_verified_with_bandit(tmp_path: Path, api: FakeMessagesAPI,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from hardlint.llm import run_llm_pass, settings_from_config
    from hardlint.runner import check_paths

    write_project(tmp_path, {"app/calc.py": '''
        import ast


        def evaluate(expression):
            return eval(expression)
        '''})
    api.responder = lambda body: api.message(triage(fix={
        "search": "    return eval(expression)", "replace": "    return ast.literal_eval(expression)",
        "summary": "literal_eval only accepts literals"}), body=body)
    monkeypatch.chdir(tmp_path)
    config = Config(root=tmp_path, select=("B307",), bandit=True)
    report = check_paths(["app"], config, jobs=1)
    assert [(f.code, f.source) for f in report.findings] == [("B307", "bandit")]
    run_llm_pass(report, config, settings_from_config(config, timeout=5.0, max_retries=0))
    fix = llm(report.findings[0])["fix"]
    assert "+    return ast.literal_eval(expression)" in fix["diff"]


HANDLER = '''
import json
import os

from flask import request


def load(raw):
    try:
        return json.loads(raw)
    except:
        return None


def other(raw):
    return raw
'''


@pytest.mark.parametrize(("replace", "kept"), [
    ("    except ValueError:\n        return None", True),
    ("    except ValueError:\n        os.system(request.args[\"c\"])\n        return None", False),
])
def test_fix_that_adds_a_finding_is_dropped(tmp_path: Path, api: FakeMessagesAPI, monkeypatch: pytest.MonkeyPatch,
                                            replace: str, kept: bool) -> None:
    from hardlint.llm import run_llm_pass, settings_from_config
    from hardlint.runner import check_paths

    write_project(tmp_path, {"app/handler.py": HANDLER})
    api.responder = lambda body: api.message(triage(fix={
        "search": "    except:\n        return None", "replace": replace, "summary": "narrow"}), body=body)
    monkeypatch.chdir(tmp_path)
    config = Config(root=tmp_path, select=("HL401",), bandit=True)
    report = check_paths(["app"], config, jobs=1)
    assert [f.code for f in report.findings] == ["HL401"]
    summary = run_llm_pass(report, config, settings_from_config(config, timeout=5.0, max_retries=0))
    assert summary.triaged == 1
    result = llm(report.findings[0])
    if kept:
        assert "+    except ValueError:" in result["fix"]["diff"] and "fix_dropped" not in result
    else:
        assert result["fix"] is None
        assert result["fix_dropped"] == "edit adds findings: B605, HL304"


def test_fix_reaching_outside_the_function_is_dropped(tmp_path: Path, api: FakeMessagesAPI,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    write_project(tmp_path, {"app/handler.py": HANDLER})
    api.responder = lambda body: api.message(triage(fix={
        "search": "    except:\n        return None\n\n\ndef other(raw):\n    return raw",
        "replace": "    except ValueError:\n        return None\n\n\ndef other(raw):\n    return raw.strip()",
        "summary": "narrow"}), body=body)
    report, _, _ = run_pass(tmp_path, monkeypatch)
    result = llm(report.findings[0])
    assert result["fix"] is None
    assert result["fix_dropped"].startswith("edit reaches outside the flagged code")
