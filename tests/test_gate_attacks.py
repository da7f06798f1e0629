"""Attacks on hardlint as a CI gate (issue 14) that the gate must withstand."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]


def test_precommit_hooks_run_in_one_process_so_project_rules_see_all_staged_files():
    """pre-commit splits files over processes unless a hook is serial; HL701/HL801 then miss cycles."""
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {hook["id"] for hook in hooks} == {"hardlint", "hardlint-fix"}
    for hook in hooks:
        assert hook["require_serial"] is True, hook["id"]


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def _hardlint(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("hardlint")
    return subprocess.run([str(exe), *args], cwd=cwd, capture_output=True, text=True)


def test_committed_cache_symlink_to_the_tree_does_not_overwrite_gitignore(tmp_path):
    """`.hardlint_cache -> .` committed by an attacker must not turn the repository's .gitignore into `*`."""
    _git("init", "-q", cwd=tmp_path)
    (tmp_path / ".gitignore").write_text("dist/\n", encoding="utf-8")
    (tmp_path / "app.py").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / ".hardlint_cache").symlink_to(".")
    _hardlint("check", ".", cwd=tmp_path)
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == "dist/\n"
    assert not (tmp_path / "CACHEDIR.TAG").exists()


def test_symlinked_cache_markers_do_not_overwrite_their_targets(tmp_path):
    """A symlinked `.hardlint_cache/.gitignore` or `CACHEDIR.TAG` must not overwrite what it points at."""
    _git("init", "-q", cwd=tmp_path)
    (tmp_path / "app.py").write_text("x = 1\n", encoding="utf-8")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep\n", encoding="utf-8")
    cache = tmp_path / ".hardlint_cache"
    cache.mkdir()
    elsewhere = tmp_path / "elsewhere.txt"
    (cache / "CACHEDIR.TAG").symlink_to(elsewhere)  # dangling: looks missing, so it would be written
    (cache / ".gitignore").symlink_to(victim)
    _hardlint("check", "app.py", cwd=tmp_path)
    assert victim.read_text(encoding="utf-8") == "keep\n"
    assert not elsewhere.exists()
