"""The README tells the truth: its two commands and the output it shows, CI's command, the commands of
"Run", the configuration example and the rule table."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

from cli_support import REPO, run_cli

from hardlint.catalog import load_rules
from hardlint.docs import catalog_table

README = (REPO / "README.md").read_text()


def test_readme_opens_with_the_two_commands_and_ci_runs_the_second():
    blocks = re.findall(r"```sh\n(.*?)\n```", README, re.S)
    install, test = blocks[0], blocks[1]
    assert "pip install ." in install and "hardlint check examples/" in install
    assert "pip install" in test and "[test]" in test and "pytest" in test
    assert test in (REPO / ".ci" / "run").read_text()


def test_rule_table_matches_the_catalog():
    table = README.split("<!-- rules:start -->\n", 1)[1].split("<!-- rules:end -->", 1)[0]
    assert table == catalog_table(load_rules(), markdown=True), (
        "regenerate with the first table of: python -m hardlint rules --format markdown"
    )


def test_configuration_example_is_valid(tmp_path):
    from hardlint.config import load_config

    section = README.split("## Configure", 1)[1]
    example = re.search(r"```toml\n(.*?)\n```", section, re.S).group(1)
    (tmp_path / "pyproject.toml").write_text(example)
    config = load_config(tmp_path / "pyproject.toml")
    assert config.ignore == ("HL101", "B113") and config.fail_on == "high" and config.bandit is True
    assert config.is_excluded(str(tmp_path / "vendor" / "x.py")) and config.is_excluded(str(tmp_path / "generated"), True)
    assert not config.enabled("HL505", str(tmp_path / "scripts" / "x.py"))
    assert config.enabled("HL505", str(tmp_path / "app" / "x.py"))
    from hardlint.llm import settings_from_config

    assert settings_from_config(config).model == "claude-haiku-5-5"


def _first_command_args() -> list[str]:
    install = re.findall(r"```sh\n(.*?)\n```", README, re.S)[0]
    return install.split(".venv/bin/hardlint ", 1)[1].split()


def _finding_keys(text: str) -> list[str]:
    """`path:line:col: CODE` of every finding line; messages may be reworded without a README change."""
    return [" ".join(line.split()[:2]) for line in text.splitlines() if re.match(r"^\S+:\d+:\d+: \w+ ", line)]


def test_the_first_command_shows_the_findings_the_readme_shows():
    shown = re.findall(r"```text\n(.*?)\n```", README, re.S)[0]
    result = run_cli(*_first_command_args(), "--no-cache", cwd=REPO)
    assert result.returncode == 1, result.stderr
    assert _finding_keys(result.stdout) == _finding_keys(shown), (
        "update the README's example output with: hardlint check examples/flask_shop")
    summary = lambda text: text.strip().splitlines()[-1].split(" in ")[0]  # noqa: E731
    assert summary(result.stdout) == summary(shown)
    assert len(_finding_keys(shown)) >= 10 and {"HL301", "HL501", "HL601"} <= {k.split()[1] for k in _finding_keys(shown)}


def test_every_command_of_run_works_as_written(tmp_path):
    """Each line of the "Run" block, in a directory holding the example app as the README's paths name it."""
    section = README.split("## Run\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)\n```", section, re.S).group(1)
    shutil.copytree(REPO / "examples", tmp_path / "examples")
    env = {**os.environ, "NO_COLOR": "1", "PATH": f"{os.path.dirname(sys.executable)}{os.pathsep}{os.environ['PATH']}"}
    commands = [line.split("  #", 1)[0].strip() for line in block.splitlines() if line.strip()]
    assert len(commands) >= 10
    for command in commands:
        done = subprocess.run(["bash", "-c", f"set -o pipefail; {command}"], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode in (0, 1), f"{command}: {done.returncode}\n{done.stdout[-1500:]}{done.stderr[-1500:]}"
        assert "Traceback" not in done.stderr and "error:" not in done.stderr, f"{command}: {done.stderr}"
    assert not (tmp_path / ".hardlint_cache").exists(), "`hardlint clean` (the last command) removed the cache"
