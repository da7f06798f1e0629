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

    assert [r["code"] for r in json.loads(rules.stdout)] == list(load_rules())

    (tmp_path / "app.py").write_text("try:\n    work()\nexcept:\n    pass\n")
    check = _run(str(python), "-m", "hardlint", "check", "app.py", "--select", "HL401", cwd=tmp_path)
    assert check.returncode == 1 and "app.py:3:1: HL401" in check.stdout, check.stdout + check.stderr
