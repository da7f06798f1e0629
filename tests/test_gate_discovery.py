"""Issue 14: named paths are checked even if excluded or ignored, and a run never goes green on nothing."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from cli_support import run_cli

VULNERABLE = "import subprocess\n\ndef run(cmd: str) -> None:\n    subprocess.call(cmd, shell=True)\n"


def _repo(tmp_path: Path) -> Path:
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / "ok.py").write_text("x = 1\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("folder", ["build/pkg", "venv/lib", "generated/pkg"])
def test_named_directory_under_an_excluded_or_ignored_folder_is_checked(tmp_path, folder):
    """`hardlint check build/pkg` checks build/pkg, as ruff does, instead of "0 files checked", exit 0."""
    repo = _repo(tmp_path)
    (repo / ".gitignore").write_text("generated/\n", encoding="utf-8")
    target = repo / folder
    target.mkdir(parents=True)
    (target / "app.py").write_text(VULNERABLE, encoding="utf-8")
    result = run_cli("check", folder, cwd=repo)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{folder}/app.py:4:5: B602" in result.stdout


def test_named_ignored_file_is_checked_unless_force_exclude(tmp_path):
    """A named file is checked; `--force-exclude` (the pre-commit hooks) restores the exclusion."""
    repo = _repo(tmp_path)
    (repo / ".gitignore").write_text("secret_*.py\n", encoding="utf-8")
    (repo / "secret_app.py").write_text(VULNERABLE, encoding="utf-8")
    named = run_cli("check", "secret_app.py", cwd=repo)
    assert named.returncode == 1 and "B602" in named.stdout, named.stdout + named.stderr
    forced = run_cli("check", "--force-exclude", "secret_app.py", "ok.py", cwd=repo)
    assert forced.returncode == 0, forced.stdout + forced.stderr
    assert "B602" not in forced.stdout
    assert "Skipped 1 path (1 git-ignored)" in forced.stdout


def test_run_with_zero_files_to_check_exits_2_and_says_why(tmp_path):
    """A config excluding everything cannot turn the gate green: exit 2 with the reason."""
    repo = _repo(tmp_path)
    (repo / "app.py").write_text(VULNERABLE, encoding="utf-8")
    (repo / "pyproject.toml").write_text('[tool.hardlint]\nexclude = ["*.py"]\n', encoding="utf-8")
    result = run_cli("check", ".", cwd=repo)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "no files to check" in result.stderr and "skipped: 2 excluded" in result.stderr


def test_summary_says_how_many_paths_were_skipped_and_why(tmp_path):
    """The text summary counts what discovery left out, by reason."""
    repo = _repo(tmp_path)
    (repo / ".gitignore").write_text("old.py\n", encoding="utf-8")
    (repo / "old.py").write_text(VULNERABLE, encoding="utf-8")
    (repo / "build").mkdir()
    (repo / "build" / "gen.py").write_text(VULNERABLE, encoding="utf-8")
    result = run_cli("check", ".", cwd=repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "in 1 file checked. Skipped 2 paths (1 excluded, 1 git-ignored)." in result.stdout


def test_result_cache_folders_are_not_counted_as_skipped(tmp_path):
    """hardlint's own cache (CACHEDIR.TAG, `.gitignore` of `*`) does not fill the summary on a warm run."""
    repo = _repo(tmp_path)
    run_cli("check", ".", cwd=repo)
    warm = run_cli("check", ".", cwd=repo)
    assert warm.returncode == 0, warm.stdout + warm.stderr
    assert warm.stdout == "Found 0 findings in 1 file checked.\n"
