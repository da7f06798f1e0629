"""CI output formats: SARIF against the official schema, GitHub annotations, GitLab Code Quality, JUnit."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest

from hardlint.catalog import load_rules
from hardlint.cli import main
from hardlint.config import Config
from hardlint.finding import FileError, Finding, Report
from hardlint.reporters import github, gitlab, junit, render, sarif
from hardlint.runner import check_paths

# The official SARIF 2.1.0 schema (docs.oasis-open.org), kept in the repo so the test runs anywhere.
SCHEMA_PATH = Path(__file__).resolve().parent / "fixtures" / "sarif-schema-2.1.0.json"
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))

SERVICE = textwrap.dedent("""\
    import marshal
    import subprocess


    def run(cmd, blob):
        subprocess.call(cmd, shell=True)
        try:
            return marshal.loads(blob)
        except:
            return None
    """)


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()  # the repository root SARIF and GitLab paths are relative to
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "service.py").write_text(SERVICE, encoding="utf-8")
    (tmp_path / "app" / "broken.py").write_text("def f(:\n", encoding="utf-8")
    return tmp_path


def _report(project: Path) -> tuple[Report, Config]:
    config = Config(root=project)
    return check_paths(["app"], config), config


def test_sarif_of_a_multi_rule_run_validates_against_the_official_schema(project):
    report, config = _report(project)
    codes = {f.code for f in report.findings}
    assert {"HL401", "B602", "B302"} <= codes, codes
    document = json.loads(render("sarif", report, config))
    jsonschema.validate(document, SCHEMA)
    run = document["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    hl401 = rules["HL401"]
    assert hl401["name"] == "bare-except"
    assert hl401["shortDescription"]["text"] == load_rules()["HL401"].summary()
    assert "Flags `except:`" in hl401["fullDescription"]["text"]
    assert "## Why it matters" in hl401["help"]["markdown"]
    assert hl401["defaultConfiguration"]["level"] == "error"
    assert float(hl401["properties"]["security-severity"]) >= 7.0
    assert "hardlint" in hl401["properties"]["tags"]
    b602 = rules["B602"]
    assert b602["helpUri"].startswith("https://bandit.readthedocs.io/")
    assert "security" in b602["properties"]["tags"] and "external/cwe/cwe-78" in b602["properties"]["tags"]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == project.resolve().as_uri() + "/"
    results = run["results"]
    for result in results:
        location = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert location == {"uri": "app/service.py", "uriBaseId": "%SRCROOT%"}
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    bare = next(r for r in results if r["ruleId"] == "HL401")
    replacement = bare["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement["insertedContent"]["text"] == " Exception"
    assert replacement["deletedRegion"]["startLine"] == 9
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert any(n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "app/broken.py" for n in notes)


def test_sarif_fingerprints_survive_lines_moving_above(project):
    report, config = _report(project)
    before = {r["ruleId"]: r["partialFingerprints"] for r in sarif.sarif_document(report, config)["runs"][0]["results"]}
    path = project / "app" / "service.py"
    path.write_text("# a new header comment\n\n" + SERVICE, encoding="utf-8")
    moved, _ = _report(project)
    after = {r["ruleId"]: r["partialFingerprints"] for r in sarif.sarif_document(moved, config)["runs"][0]["results"]}
    assert before == after and len(before) >= 3
    assert [f.line for f in moved.findings if f.code == "HL401"] == [11]


HOSTILE = Finding(code="HL401", path="app/we,ird:na%me.py", line=3, column=2, end_line=3, end_column=9,
                  severity="high", name="bare-except",
                  message="bad\r\n::error file=x.py::injected %0A <tag> & \"q\" \x1b[31mred\x00")


def test_github_annotations_escape_everything_attacker_controlled():
    report = Report(findings=[HOSTILE], files_checked=1)
    out = github.render(report, Config(root=Path("/nonexistent")))
    first = out.splitlines()[0]
    assert first.startswith("::error file=app/we%2Cird%3Ana%25me.py,line=3,col=2,endLine=3,endColumn=9,"
                            "title=HL401 bare-except::")
    assert len([line for line in out.splitlines() if line.startswith("::")]) == 1, "no injected command"
    assert "\r" not in out and "\x1b" not in out and "\x00" not in out
    assert "%250A" in first, "a literal %0A in the message must not decode to a newline"
    assert github.escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"
    assert github.escape_data("a:b,c%d\r\ne") == "a:b,c%25d%0D%0Ae"


def test_github_annotations_leave_out_columns_for_multi_line_spans():
    finding = Finding(code="B110", path="a.py", line=4, column=5, end_line=6, end_column=2, severity="low",
                      message="Try, Except, Pass detected.", source="bandit", name="try_except_pass")
    line = github.annotation(finding, "a.py")
    assert line.startswith("::notice file=a.py,line=4,endLine=6,title=bandit B110 try_except_pass::")
    assert "col=" not in line


def test_gitlab_code_quality_report(project):
    report, config = _report(project)
    issues = json.loads(gitlab.render(report, config))
    assert len(issues) == len(report.findings)
    by_code = {i["check_name"]: i for i in issues}
    assert by_code["HL401"]["severity"] == "critical"
    assert by_code["HL401"]["location"] == {"path": "app/service.py", "lines": {"begin": 9, "end": 9}}
    assert by_code["B602"]["categories"] == ["Security"]
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    assert all(i["description"] and i["type"] == "issue" for i in issues)


def test_junit_is_well_formed_even_with_hostile_text():
    report = Report(findings=[HOSTILE], errors=[FileError("bad\x07.py", "parse", "syntax <error> &")],
                    files_checked=2)
    root = ET.fromstring(junit.render(report, Config()).encode("utf-8"))
    assert root.tag == "testsuites" and root.get("failures") == "1" and root.get("errors") == "1"
    failure = root.find(".//failure")
    assert failure is not None and failure.get("type") == "HL401"
    assert "<tag> & \"q\"" in failure.get("message")
    assert "\\x1b" in failure.get("message") and "\x1b" not in failure.get("message")
    assert root.find(".//error").get("message") == "syntax <error> &"


def test_junit_clean_run_has_one_passing_case(tmp_path):
    root = ET.fromstring(junit.render(Report(files_checked=3), Config(root=tmp_path)))
    assert root.get("failures") == "0"
    assert [c.get("name") for c in root.iter("testcase")] == ["3 files checked"]


def test_output_writes_the_report_and_still_prints_text(project, capsys):
    code = main(["check", "app", "--format", "sarif", "--output", "reports/hardlint.sarif"])
    assert code == 1
    printed = capsys.readouterr().out
    assert "app/service.py:9:5: HL401" in printed and printed.rstrip().splitlines()[-1].startswith("Found ")
    jsonschema.validate(json.loads((project / "reports" / "hardlint.sarif").read_text()), SCHEMA)


def test_fail_on_sets_the_exit_threshold(project, capsys):
    (project / "app" / "broken.py").unlink()
    assert main(["check", "app", "--select", "B403,B404", "--fail-on", "medium"]) == 0  # both low
    assert main(["check", "app", "--select", "B403,B404,B602", "--fail-on", "high"]) == 1
    assert main(["check", "app", "--select", "B602", "--fail-on", "critical"]) == 0
    capsys.readouterr()
    (project / "pyproject.toml").write_text('[tool.hardlint]\nfail-on = "critical"\n', encoding="utf-8")
    assert main(["check", "app", "--select", "B602"]) == 0
    assert main(["check", "app", "--select", "B602", "--fail-on", "high"]) == 1
