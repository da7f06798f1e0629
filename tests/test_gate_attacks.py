"""Attacks on hardlint as a CI gate (issue 14) that the gate must withstand."""

from __future__ import annotations

from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]


def test_precommit_hooks_run_in_one_process_so_project_rules_see_all_staged_files():
    """pre-commit splits files over processes unless a hook is serial; HL701/HL801 then miss cycles."""
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {hook["id"] for hook in hooks} == {"hardlint", "hardlint-fix"}
    for hook in hooks:
        assert hook["require_serial"] is True, hook["id"]
