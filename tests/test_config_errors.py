"""Bad configuration is one clear error naming the file and the key; the CLI exits 2, no traceback."""

from __future__ import annotations

import pytest

from cli_support import run_cli
from hardlint.config import ConfigError, load_config


@pytest.mark.parametrize("body, words", [
    ("[tool.hardlint\nselect = 1\n", ["invalid TOML", "line 1"]),
    ("[tool.hardlint]\nbogus = 1\n", ["tool.hardlint.bogus", "unknown key"]),
    ("[tool.hardlint]\nselect = [\"HL899\"]\n", ["tool.hardlint.select", "HL899", "no hardlint rule"]),
    ("[tool.hardlint]\nignore = [\"NOPE\"]\n", ["tool.hardlint.ignore", "NOPE"]),
    ("[tool.hardlint]\nignore = [1]\n", ["tool.hardlint.ignore", "list of strings"]),
    ("[tool.hardlint]\nmax-file-size = \"big\"\n", ["tool.hardlint.max-file-size", "integer"]),
    ("[tool.hardlint]\njobs = -1\n", ["tool.hardlint.jobs"]),
    ("[tool.hardlint]\nrespect-gitignore = \"yes\"\n", ["tool.hardlint.respect-gitignore", "true or false"]),
    ("[tool.hardlint]\nseverity = {HL401 = \"urgent\"}\n", ["tool.hardlint.severity.HL401", "urgent"]),
    ("[tool.hardlint]\nseverity = {HL999 = \"low\"}\n", ["tool.hardlint.severity"]),
    ("[tool.hardlint]\nper-file-ignores = {\"tests/*\" = [\"HL9\"]}\n",
     ["tool.hardlint.per-file-ignores.tests/*", "HL9"]),
    ("[tool.hardlint]\nfail-on = \"HIGH\"\n", ["tool.hardlint.fail-on"]),
    ("[tool]\nhardlint = 3\n", ["tool.hardlint", "table"]),
])
def test_bad_pyproject_names_file_and_key(tmp_path, body, words):
    config = tmp_path / "pyproject.toml"
    config.write_text(body)
    with pytest.raises(ConfigError) as caught:
        load_config(start=tmp_path)
    message = str(caught.value)
    assert str(config) in message
    for word in words:
        assert word in message, message


def test_non_utf8_config_file_is_a_clear_error(tmp_path):
    config = tmp_path / "hardlint.toml"
    config.write_bytes(b"[tool.hardlint]\nselect = [\"\xff\"]\n")
    with pytest.raises(ConfigError, match="hardlint.toml: invalid TOML"):
        load_config(config)


def test_broken_pyproject_without_hardlint_is_not_our_business(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project\nname = 'x'\n")
    assert load_config(start=tmp_path).source is None


def test_cli_reports_config_errors_with_exit_2(tmp_path):
    (tmp_path / "app.py").write_text("x = 1\n")
    (tmp_path / "pyproject.toml").write_text("[tool.hardlint]\nselect = [\"HL899\"]\n")
    result = run_cli("check", ".", "--no-cache", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "pyproject.toml: tool.hardlint.select: 'HL899'" in result.stderr
    missing = run_cli("check", ".", "--config", "nowhere.toml", cwd=tmp_path)
    assert missing.returncode == 2 and "nowhere.toml: cannot read configuration" in missing.stderr
    assert "Traceback" not in missing.stderr
