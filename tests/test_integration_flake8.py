"""The real `flake8` with hardlint's `HL` plugin, run as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

FLAKE8 = [sys.executable, "-m", "flake8"]

BAD = textwrap.dedent("""\
    def load(repository, order_id):
        try:
            return repository.load(order_id)
        except:
            return None


    def quiet(repository):
        try:
            return repository.load(1)
        except:  # noqa: HL401
            return None
    """)
CLEAN = textwrap.dedent("""\
    def load(repository, order_id):
        try:
            return repository.load(order_id)
        except KeyError:
            return None
    """)


def _flake8(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run([*FLAKE8, "--isolated", *args], cwd=cwd, capture_output=True, text=True, timeout=120,
                          env=env)


@pytest.fixture
def project(tmp_path):
    (tmp_path / "bad.py").write_text(BAD, encoding="utf-8")
    (tmp_path / "clean.py").write_text(CLEAN, encoding="utf-8")
    return tmp_path


def test_flake8_reports_hardlint_findings_and_honours_noqa(project):
    done = _flake8("--select", "HL", "bad.py", cwd=project)
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert lines == ["bad.py:4:5: HL401 Bare `except:` also catches KeyboardInterrupt and SystemExit; "
                     "name the exceptions you handle"], done.stdout


def test_noqa_is_left_to_flake8(project):
    done = _flake8("--select", "HL", "--disable-noqa", "bad.py", cwd=project)
    assert [line.split(":")[1] for line in done.stdout.splitlines()] == ["4", "11"], done.stdout
    (project / "ignored.py").write_text(BAD.replace("# noqa: HL401", "# hardlint: ignore[HL401]"), encoding="utf-8")
    done = _flake8("--select", "HL", "ignored.py", cwd=project)
    assert [line.split(":")[1] for line in done.stdout.splitlines()] == ["4"], done.stdout


def test_flake8_exits_zero_on_a_clean_file(project):
    done = _flake8("--select", "HL", "clean.py", cwd=project)
    assert (done.returncode, done.stdout) == (0, ""), done.stderr


def test_flake8_formats_and_parallel_jobs(project):
    for index in range(6):
        (project / f"copy{index}.py").write_text(BAD, encoding="utf-8")
    done = _flake8("--select", "HL", "-j", "2", "--format", "%(path)s|%(row)d|%(col)d|%(code)s", ".", cwd=project)
    assert done.returncode == 1, done.stderr
    rows = sorted(done.stdout.split())
    expected = sorted([f"./copy{i}.py|4|5|HL401" for i in range(6)] + ["./bad.py|4|5|HL401"])
    assert rows == expected


def test_flake8_respects_tool_hardlint_configuration(project):
    (project / "pyproject.toml").write_text('[tool.hardlint]\nignore = ["HL401"]\n', encoding="utf-8")
    done = _flake8("--select", "HL", "bad.py", cwd=project)
    assert (done.returncode, done.stdout) == (0, ""), done.stderr


ROUTES = textwrap.dedent("""\
    from flask import Flask

    app = Flask(__name__)


    @app.route("/users", methods=["GET"])
    def list_users():
        return []


    @app.route("/users", methods=["GET"])
    def list_users_again():
        return []
    """)


def test_project_rules_degrade_to_what_one_file_shows(tmp_path):
    from hardlint.config import Config
    from hardlint.integrations.flake8 import check

    path = tmp_path / "routes.py"
    path.write_text(ROUTES, encoding="utf-8")
    found = check(ROUTES, str(path), Config(root=tmp_path))
    assert [(line, text.split()[0]) for line, _, text in found] == [(11, "HL701")]


def test_plugin_module_does_not_import_flake8():
    probe = "import sys, hardlint.integrations.flake8 as m; print(any(n.split('.')[0] == 'flake8' for n in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "False", done.stderr


def test_plugin_yields_flake8_tuples_directly(project):
    import ast

    from hardlint.integrations.flake8 import HardlintChecker

    lines = BAD.splitlines(keepends=True)
    checker = HardlintChecker(ast.parse(BAD), str(project / "bad.py"), lines)
    results = list(checker.run())
    # The `# noqa: HL401` line is yielded too: flake8, not the plugin, applies `# noqa`.
    assert [(line, col, text.split()[0]) for line, col, text, _ in results] == [(4, 4, "HL401"), (11, 4, "HL401")]
    assert results[0][3] is HardlintChecker
