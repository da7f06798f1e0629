"""Issue 14: inside a git work tree the files checked are the files git lists, and git runs no code
that the checked repository's configuration names."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from cli_support import run_cli
from hardlint.config import Config
from hardlint.discovery import iter_python_files

GIT_ID = ["-c", "user.email=tests@example.invalid", "-c", "user.name=tests", "-c", "commit.gpgsign=false"]


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *GIT_ID, *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def _repo_with_ignores(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git("init", "-q", cwd=repo)
    global_excludes = tmp_path / "global-excludes"
    global_excludes.write_text("*_local.py\n", encoding="utf-8")
    _git("config", "core.excludesFile", str(global_excludes), cwd=repo)
    (repo / ".git" / "info" / "exclude").write_text("scratch/\n", encoding="utf-8")
    _write(repo, {
        ".gitignore": "gen_*.py\nout/\n!out/keep.py\nlogs/*\n!logs/important/\n",
        "pkg/.gitignore": "!gen_keep.py\n",
        "pkg/deep/.gitignore": "*.py\n!public_*.py\n",
        "app.py": "x = 1\n", "gen_root.py": "x = 1\n", "pkg/gen_keep.py": "x = 1\n", "pkg/gen_other.py": "x = 1\n",
        "pkg/deep/hidden.py": "x = 1\n", "pkg/deep/public_api.py": "x = 1\n", "out/keep.py": "x = 1\n",
        "logs/a.py": "x = 1\n", "logs/important/b.py": "x = 1\n", "scratch/try.py": "x = 1\n",
        "settings_local.py": "x = 1\n", "vendored/gen_tracked.py": "x = 1\n",
    })
    _git("add", "-A", cwd=repo)
    _git("add", "-f", "vendored/gen_tracked.py", cwd=repo)  # tracked although a pattern matches it
    _git("commit", "-qm", "base", cwd=repo)
    return repo


def _git_view(repo: Path) -> set[str]:
    listed = _git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=repo)
    return {name for name in listed.split("\0") if name.endswith(".py")}


def test_files_checked_are_the_files_git_lists(tmp_path, monkeypatch):
    """Nested negations, `.git/info/exclude`, `core.excludesFile` and a tracked file a pattern matches."""
    repo = _repo_with_ignores(tmp_path)
    monkeypatch.chdir(repo)
    ours = {str(Path(p).relative_to(".")) for p in iter_python_files(["."], Config(root=repo))}
    assert ours == _git_view(repo)
    assert ours == {"app.py", "pkg/gen_keep.py", "pkg/deep/public_api.py", "logs/important/b.py",
                    "vendored/gen_tracked.py"}


def test_hardlint_exclude_still_applies_inside_a_work_tree(tmp_path, monkeypatch):
    repo = _repo_with_ignores(tmp_path)
    monkeypatch.chdir(repo)
    config = Config(root=repo, exclude=("vendored/",))
    ours = {str(Path(p).relative_to(".")) for p in iter_python_files(["."], config)}
    assert ours == _git_view(repo) - {"vendored/gen_tracked.py"}


def test_a_committed_file_listed_in_gitignore_is_still_checked(tmp_path):
    """An attacker commits a vulnerable file and lists it in .gitignore; git still tracks it."""
    repo = tmp_path
    _git("init", "-q", cwd=repo)
    _write(repo, {"app.py": "x = 1\n", "evil.py": "result = eval(input())\n", ".gitignore": "evil.py\n"})
    _git("add", "-f", ".", cwd=repo)
    _git("commit", "-qm", "add", cwd=repo)
    result = run_cli("check", ".", cwd=repo)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "evil.py:1:10: B307" in result.stdout


def test_untracked_nested_repository_gets_its_own_ignores(tmp_path, monkeypatch):
    repo = tmp_path
    _git("init", "-q", cwd=repo)
    _write(repo, {"app.py": "x = 1\n", "inner/.gitignore": "skip.py\n", "inner/skip.py": "x = 1\n",
                  "inner/keep.py": "x = 1\n"})
    _git("init", "-q", cwd=repo / "inner")
    monkeypatch.chdir(repo)
    ours = {str(Path(p).relative_to(".")) for p in iter_python_files(["."], Config(root=repo))}
    assert ours == {"app.py", "inner/keep.py"}


def test_git_runs_no_fsmonitor_hook_named_by_the_checked_repository(tmp_path):
    """A `core.fsmonitor` command in the repository's config would run on every git call."""
    repo = tmp_path / "repo"
    repo.mkdir()
    _git("init", "-q", cwd=repo)
    _write(repo, {"app.py": "result = eval(input())\n"})
    _git("add", "-A", cwd=repo)
    _git("commit", "-qm", "base", cwd=repo)
    marker = tmp_path / "hook-ran"
    hook = tmp_path / "fsmonitor.sh"
    hook.write_text(f"#!/bin/sh\ntouch '{marker}'\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    _git("config", "core.fsmonitor", str(hook), cwd=repo)
    (repo / "app.py").write_text("result = eval(input())\nother = eval(input())\n", encoding="utf-8")
    result = run_cli("check", ".", "--diff-ref", "HEAD", cwd=repo)
    assert result.returncode == 1 and "app.py:2:9: B307" in result.stdout, result.stdout + result.stderr
    assert not marker.exists()


def test_outside_a_work_tree_nested_ignore_files_are_read_as_git_reads_them(tmp_path, monkeypatch):
    """The same tree without `.git`: hardlint's own reading of the `.gitignore` files gives git's answer."""
    with_git = tmp_path / "with-git"
    with_git.mkdir()
    _git("init", "-q", cwd=with_git)
    _write(with_git, {
        ".gitignore": "gen_*.py\nout/\n!out/keep.py\nlogs/*\n!logs/important/\n",
        "pkg/.gitignore": "!gen_keep.py\n", "pkg/deep/.gitignore": "*.py\n!public_*.py\n",
        "app.py": "x = 1\n", "gen_root.py": "x = 1\n", "pkg/gen_keep.py": "x = 1\n", "pkg/gen_other.py": "x = 1\n",
        "pkg/deep/hidden.py": "x = 1\n", "pkg/deep/public_api.py": "x = 1\n", "out/keep.py": "x = 1\n",
        "logs/a.py": "x = 1\n", "logs/important/b.py": "x = 1\n",
    })
    listed = subprocess.run(["git", "ls-files", "-z", "--others", "--exclude-standard"], cwd=with_git, check=True,
                            capture_output=True, text=True, env={"GIT_CONFIG_GLOBAL": "/dev/null", "PATH": "/usr/bin:/bin"})
    expected = {name for name in listed.stdout.split("\0") if name.endswith(".py")}
    without_git = tmp_path / "plain"
    shutil.copytree(with_git, without_git, ignore=shutil.ignore_patterns(".git"))
    monkeypatch.chdir(without_git)
    ours = {str(Path(p).relative_to(".")) for p in iter_python_files(["."], Config(root=without_git))}
    assert ours == expected == {"app.py", "pkg/gen_keep.py", "pkg/deep/public_api.py", "logs/important/b.py"}


def test_a_git_program_committed_to_the_tree_is_never_run(tmp_path):
    """With `.` on PATH (a careless CI image), a `git` script in the checked tree must not run."""
    _git("init", "-q", cwd=tmp_path)
    _write(tmp_path, {"app.py": "x = 1\n"})
    marker = tmp_path.parent / f"{tmp_path.name}-fake-git-ran"
    fake = tmp_path / "git"
    fake.write_text(f"#!/bin/sh\ntouch '{marker}'\nexit 1\n", encoding="utf-8")
    fake.chmod(0o755)
    result = run_cli("check", ".", cwd=tmp_path, env={"PATH": f".:{os.environ['PATH']}"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert not marker.exists()


def test_one_git_call_per_run_for_every_path_named_in_a_work_tree(tmp_path):
    """Discovery asks git once, for all named paths of the work tree together."""
    repo = tmp_path / "repo"
    repo.mkdir()
    _git("init", "-q", cwd=repo)
    _write(repo, {"a/x.py": "x = 1\n", "b/y.py": "y = 1\n", "c.py": "z = 1\n"})
    log = tmp_path / "calls.log"
    wrapper = tmp_path / "bin" / "git"
    wrapper.parent.mkdir()
    real = shutil.which("git")
    wrapper.write_text(f"#!/bin/sh\necho \"$*\" >> '{log}'\nexec '{real}' \"$@\"\n", encoding="utf-8")
    wrapper.chmod(0o755)
    result = run_cli("check", "a", "b", "c.py", "--force-exclude", cwd=repo,
                     env={"PATH": f"{wrapper.parent}:{os.environ['PATH']}"})
    assert result.returncode == 0 and "in 3 files checked" in result.stdout, result.stdout + result.stderr
    calls = log.read_text(encoding="utf-8").splitlines()
    assert len(calls) == 1 and "ls-files" in calls[0] and "core.fsmonitor=false" in calls[0], calls
