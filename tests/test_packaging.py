"""`pip install .` (not editable) gives a working `hardlint` with every rule and its data files."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

from cli_support import REPO

from hardlint.catalog import load_rules


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), cwd=cwd, capture_output=True, text=True, timeout=600)


def test_wheel_install_ships_rules_and_runs(tmp_path):
    wheels = tmp_path / "wheels"
    built = _run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels), str(REPO))
    assert built.returncode == 0, built.stderr[-2000:]
    [wheel] = wheels.glob("hardlint-*.whl")

    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    installed = _run(str(python), "-m", "pip", "install", "--quiet", str(wheel))
    assert installed.returncode == 0, installed.stderr[-2000:]

    where = _run(str(python), "-c", "import hardlint, hardlint.rules; print(hardlint.rules.__file__)", cwd=tmp_path)
    assert str(env_dir) in where.stdout, where.stdout + where.stderr

    rules = _run(str(env_dir / "bin" / "hardlint"), "rules", "--format", "json", cwd=tmp_path)
    assert rules.returncode == 0, rules.stderr
    import json

    listed = json.loads(rules.stdout)
    assert [r["code"] for r in listed if r["source"] == "hardlint"] == list(load_rules())
    assert any(r["code"] == "B602" and r["source"] == "bandit" for r in listed)

    (tmp_path / "app.py").write_text("try:\n    work()\nexcept:\n    pass\n")
    check = _run(str(python), "-m", "hardlint", "check", "app.py", "--select", "HL401", cwd=tmp_path)
    assert check.returncode == 1 and "app.py:3:1: HL401" in check.stdout, check.stdout + check.stderr


def test_install_from_a_git_url_as_the_readme_says(tmp_path):
    """`pip install "git+file:///path@COMMIT"`, the README's git-URL form, builds and runs."""
    source = tmp_path / "hardlint"
    listed = _run("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=REPO)
    import shutil

    for name in filter(None, listed.stdout.split("\0")):
        if (REPO / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, source / name)
    git = ["git", "-c", "user.email=t@example.invalid", "-c", "user.name=t", "-c", "commit.gpgsign=false"]
    for step in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "snapshot"]):
        assert _run(*git, *step, cwd=source).returncode == 0
    commit = _run("git", "rev-parse", "HEAD", cwd=source).stdout.strip()
    readme = (REPO / "README.md").read_text()
    assert 'pip install "git+file:///path/to/hardlint@COMMIT"' in readme
    target = tmp_path / "target"
    installed = _run(sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
                     f"git+file://{source}@{commit}")
    assert installed.returncode == 0, installed.stderr[-2000:]
    (tmp_path / "app.py").write_text("try:\n    work()\nexcept:\n    pass\n")
    check = subprocess.run([sys.executable, "-m", "hardlint", "check", "app.py", "--select", "HL401", "--no-cache"],
                           cwd=tmp_path, capture_output=True, text=True, timeout=300,
                           env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin", "NO_COLOR": "1"})
    assert check.returncode == 1 and "app.py:3:1: HL401" in check.stdout, check.stdout + check.stderr
    where = subprocess.run([sys.executable, "-c", "import hardlint; print(hardlint.__file__)"], cwd=tmp_path,
                           capture_output=True, text=True, env={"PYTHONPATH": str(target)})
    assert where.stdout.startswith(str(target)), where.stdout
