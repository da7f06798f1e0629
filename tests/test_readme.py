"""The README tells the truth: its two commands, CI's command and the rule table."""

from __future__ import annotations

import re

from cli_support import REPO

from hardlint.catalog import load_rules
from hardlint.docs import catalog_table

README = (REPO / "README.md").read_text()


def test_readme_opens_with_the_two_commands_and_ci_runs_the_second():
    blocks = re.findall(r"```sh\n(.*?)\n```", README, re.S)
    install, test = blocks[0], blocks[1]
    assert "pip install ." in install and "hardlint check" in install
    assert "pip install" in test and "[test]" in test and "pytest" in test
    assert test in (REPO / ".ci" / "run").read_text()


def test_rule_table_matches_the_catalog():
    table = README.split("<!-- rules:start -->\n", 1)[1].split("<!-- rules:end -->", 1)[0]
    assert table == catalog_table(load_rules(), markdown=True), (
        "regenerate with: python -m hardlint rules --format markdown"
    )


def test_configuration_example_is_valid(tmp_path):
    from hardlint.config import load_config

    section = README.split("## Configuration", 1)[1]
    example = re.search(r"```toml\n(.*?)\n```", section, re.S).group(1)
    (tmp_path / "pyproject.toml").write_text(example)
    config = load_config(tmp_path / "pyproject.toml")
    assert config.ignore == ("HL101",) and config.fail_on == "high" and config.bandit is True
    assert not config.enabled("HL505", str(tmp_path / "scripts" / "x.py"))
    assert config.enabled("HL505", str(tmp_path / "app" / "x.py"))
    from hardlint.llm import settings_from_config

    assert settings_from_config(config).model == "claude-haiku-5-5"
