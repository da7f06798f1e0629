"""The `hardlint` command as a user runs it: a subprocess, real files, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from cli_support import REPO, run_cli

BARE = "try:\n    work()\nexcept:\n    pass\n"
CLEAN = "def add(a: int, b: int) -> int:\n    return a + b\n"


def test_findings_exit_1_with_text_lines_and_summary(tmp_path):
    (tmp_path / "app.py").write_text(BARE)
    result = run_cli("check", "app.py", "--select", "HL401", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    first, *_, last = result.stdout.splitlines()
    assert first.startswith("app.py:3:1: HL401 ")
    assert last.startswith("Found 1 finding (1 high) in 1 file checked.")
    assert "\033[" not in result.stdout


def test_clean_code_exits_0(tmp_path):
    (tmp_path / "ok.py").write_text(CLEAN)
    result = run_cli("check", str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Found 0 findings" in result.stdout


def test_exit_zero_and_json_format(tmp_path):
    (tmp_path / "app.py").write_text(BARE)
    result = run_cli("check", "app.py", "--select", "HL4", "--format", "json", "--exit-zero", cwd=tmp_path)
    assert result.returncode == 0
    document = json.loads(result.stdout)
    assert set(document) == {"findings", "errors", "summary"}
    [finding] = [f for f in document["findings"] if f["code"] == "HL401"]
    for key in ("code", "path", "line", "column", "end_line", "end_column", "severity", "message", "source"):
        assert key in finding
    assert finding["source"] == "hardlint" and finding["path"] == "app.py"
    assert document["summary"]["files_checked"] == 1


def test_usage_errors_exit_2(tmp_path):
    assert run_cli("check", "missing_dir", cwd=tmp_path).returncode == 2
    assert run_cli("check", "--select", "NOPE1", cwd=tmp_path).returncode == 2
    assert run_cli("check", "--format", "yaml", cwd=tmp_path).returncode == 2
    assert run_cli("explain", "HL000", cwd=tmp_path).returncode == 2
    (tmp_path / "pyproject.toml").write_text("[tool.hardlint]\nbogus = 1\n")
    result = run_cli("check", ".", cwd=tmp_path)
    assert result.returncode == 2 and "tool.hardlint.bogus" in result.stderr


def test_bad_file_is_reported_and_others_still_checked(tmp_path):
    (tmp_path / "broken.py").write_text("def f(:\n")
    (tmp_path / "bad_enc.py").write_bytes(b"x = '\xff'\n")
    (tmp_path / "app.py").write_text(BARE)
    result = run_cli("check", ".", "--select", "HL401", cwd=tmp_path)
    assert result.returncode == 1
    assert "broken.py:1:7: error: syntax error: invalid syntax" in result.stdout  # at its position
    assert "bad_enc.py:1:1: error: not valid utf-8" in result.stdout
    assert "app.py:3:1: HL401" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_fix_and_diff(tmp_path):
    target = tmp_path / "app.py"
    target.write_text(BARE)
    diff = run_cli("check", "app.py", "--select", "HL401", "--diff", cwd=tmp_path)
    assert diff.returncode == 1 and "+except Exception:" in diff.stdout
    assert target.read_text() == BARE
    fixed = run_cli("check", "app.py", "--select", "HL401", "--fix", cwd=tmp_path)
    assert fixed.returncode == 0, fixed.stdout
    assert target.read_text() == BARE.replace("except:", "except Exception:")
    again = run_cli("check", "app.py", "--select", "HL401", "--diff", cwd=tmp_path)
    assert again.returncode == 0 and again.stdout == ""


def test_rules_and_explain():
    rules = run_cli("rules")
    assert rules.returncode == 0 and "HL401" in rules.stdout and "bare-except" in rules.stdout
    explain = run_cli("explain", "hl401")
    assert explain.returncode == 0
    for heading in ("## What it does", "## Why it matters", "## Example", "## Use instead", "## Fix safety",
                    "## References"):
        assert heading in explain.stdout


def test_python_m_and_console_script_agree(tmp_path):
    (tmp_path / "app.py").write_text(BARE)
    exe = Path(sys.executable).parent / "hardlint"
    assert exe.is_file(), "the hardlint console script is not installed next to the interpreter"
    direct = subprocess.run([exe, "check", "app.py", "--select", "HL401"], cwd=tmp_path, capture_output=True,
                            text=True, env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin"})
    module = run_cli("check", "app.py", "--select", "HL401", cwd=tmp_path)
    assert direct.returncode == module.returncode == 1
    assert direct.stdout == module.stdout


def test_own_source_is_clean():
    result = run_cli("check", "src", "rules", cwd=REPO)
    assert result.returncode == 0, result.stdout[-3000:]


def test_output_is_complete_when_the_command_exits_without_teardown(tmp_path):
    """`hardlint` leaves through os._exit after flushing: output far bigger than a pipe's buffer
    must still arrive whole, with the exit code, through `python -m` and the console script."""
    for index in range(150):
        (tmp_path / f"m{index}.py").write_text(BARE * 4)
    result = run_cli("check", ".", "--select", "HL401", "--format", "json", "--jobs", "1", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert len(result.stdout) > 65536
    assert len(json.loads(result.stdout)["findings"]) == 600
    script = Path(sys.executable).with_name("hardlint")
    if script.exists():
        scripted = subprocess.run([str(script), "check", ".", "--select", "HL401", "--format", "json", "--jobs", "1"],
                                  cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert scripted.returncode == 1 and scripted.stdout == result.stdout
