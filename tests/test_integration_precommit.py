"""The real `pre-commit try-repo` installing hardlint from this checkout, in temporary git repositories.

`try-repo` copies only committed and staged-tracked changes of a hook repository, so the checkout's
working tree (tracked and new, not ignored, files) is first snapshotted into a temporary repository.
Each `try-repo` installs a fresh environment (~30-60 s), so the two runs happen once per module and
concurrently.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
PRE_COMMIT = [sys.executable, "-m", "pre_commit"]
GIT_ID = ["-c", "user.email=tests@example.invalid", "-c", "user.name=tests", "-c", "commit.gpgsign=false"]

BAD = textwrap.dedent("""\
    def load(repository, order_id):
        try:
            return repository.load(order_id)
        except:
            return None
    """)
CLEAN = "def add(a, b):\n    return a + b\n"


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *GIT_ID, *args], cwd=cwd, check=True, capture_output=True, timeout=60)


def _snapshot(target: Path) -> Path:
    """The checkout's working tree as a one-commit repository."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                            check=True, capture_output=True, timeout=60).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    _git("init", "-q", cwd=target)
    _git("add", "-A", cwd=target)
    _git("commit", "-q", "-m", "snapshot", cwd=target)
    return target


def _project(root: Path, files: dict[str, str], staged: tuple[str, ...]) -> Path:
    root.mkdir()
    _git("init", "-q", cwd=root)
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    _git("add", *staged, cwd=root)
    return root


def _try_repo(hook_repo: Path, project: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1", "PRE_COMMIT_COLOR": "never",
           "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    return subprocess.run([*PRE_COMMIT, "try-repo", str(hook_repo), *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("precommit")
    hook_repo = _snapshot(base / "hardlint")
    # Both hooks on staged files: one file with a problem, one clean, one unstaged file with a problem.
    mixed = _project(base / "mixed", {"bad.py": BAD, "clean.py": CLEAN, "unstaged.py": BAD},
                     staged=("bad.py", "clean.py"))
    clean = _project(base / "clean", {"clean.py": CLEAN}, staged=("clean.py",))
    with ThreadPoolExecutor(max_workers=2) as pool:
        mixed_run = pool.submit(_try_repo, hook_repo, mixed, base / "home1")
        clean_run = pool.submit(_try_repo, hook_repo, clean, base / "home2", "hardlint")
        return {"mixed": (mixed, mixed_run.result()), "clean": (clean, clean_run.result())}


def test_manifest_offers_check_and_fix_hooks_for_python_files():
    hooks = {hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    assert hooks["hardlint"]["entry"] == "hardlint check --force-exclude"  # pre-commit passes every staged file
    assert hooks["hardlint-fix"]["entry"] == "hardlint check --force-exclude --fix"
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["types_or"] == ["python", "pyi"]
        assert hook.get("pass_filenames", True) is True


def test_check_hook_fails_on_the_staged_file_with_a_problem_only(runs):
    project, done = runs["mixed"]
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "bad.py:4:5: HL401" in output
    assert "clean.py:" not in output
    assert "unstaged.py" not in output, "only the files pre-commit passes are checked"
    assert "Found 1 finding" in output or "Found 2 findings" in output, output


def test_fix_hook_rewrites_the_staged_file(runs):
    project, done = runs["mixed"]
    output = done.stdout
    assert "hardlint (apply safe fixes)" in output and "files were modified by this hook" in output, output
    assert "except Exception:" in (project / "bad.py").read_text(encoding="utf-8")
    assert (project / "clean.py").read_text(encoding="utf-8") == CLEAN
    assert (project / "unstaged.py").read_text(encoding="utf-8") == BAD


def test_check_hook_passes_on_a_clean_file(runs):
    project, done = runs["clean"]
    assert done.returncode == 0, done.stdout + done.stderr
    assert "hardlint" in done.stdout and "Passed" in done.stdout


def _readme_hook_config() -> str:
    readme = (REPO / "README.md").read_text()
    section = readme.split("**pre-commit.**", 1)[1]
    return section.split("```yaml\n", 1)[1].split("```", 1)[0]


def test_readme_configuration_works_as_pasted(tmp_path):
    """The README's `.pre-commit-config.yaml`, pasted into a new repository, with hardlint installed as
    its Install section says (here: this test's environment on PATH). One hook: each finding once."""
    config = _readme_hook_config()
    hooks = yaml.safe_load(config)["repos"][0]["hooks"]
    assert [hook["id"] for hook in hooks] == ["hardlint"]
    files = {"bad.py": BAD, "clean.py": CLEAN, "unstaged.py": BAD, ".pre-commit-config.yaml": config}
    project = _project(tmp_path / "project", files, staged=("bad.py", "clean.py", ".pre-commit-config.yaml"))
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "home"), "NO_COLOR": "1", "PRE_COMMIT_COLOR": "never",
           "PATH": f"{os.path.dirname(sys.executable)}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run([*PRE_COMMIT, "run"], cwd=project, env=env, capture_output=True, text=True, timeout=600)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert output.count("bad.py:4:5: HL401") == 1, output
    assert "unstaged.py" not in output and "clean.py:" not in output
    installed = subprocess.run([*PRE_COMMIT, "install"], cwd=project, env=env, capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr
    commit = subprocess.run(["git", *GIT_ID, "commit", "-q", "-m", "bad"], cwd=project, env=env,
                            capture_output=True, text=True, timeout=600)
    assert commit.returncode != 0, "the hook must stop the commit"
    (project / "bad.py").write_text(CLEAN)
    _git("add", "bad.py", cwd=project)
    commit = subprocess.run(["git", *GIT_ID, "commit", "-q", "-m", "clean"], cwd=project, env=env,
                            capture_output=True, text=True, timeout=600)
    assert commit.returncode == 0, commit.stdout + commit.stderr
