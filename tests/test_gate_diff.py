"""Issue 14: `--diff-ref` in real git repositories, whatever the diff configuration, and the findings
`--fix`/`--diff` may touch under `--diff-ref` and `--baseline`."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from hardlint.cli import main

GIT_ID = ["-c", "user.email=tests@example.invalid", "-c", "user.name=tests", "-c", "commit.gpgsign=false"]
EVALS = "".join(f"def handler_{n}():\n    return eval(input())\n\n\n" for n in range(1, 5))


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *GIT_ID, *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    git("init", "-q", "-b", "main", cwd=tmp_path)
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "views.py").write_text(EVALS, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "demo"\n\n[tool.hardlint]\nignore = []\n',
                                             encoding="utf-8")
    git("add", "-A", cwd=tmp_path)
    git("commit", "-qm", "base", cwd=tmp_path)
    git("checkout", "-qb", "feature", cwd=tmp_path)
    return tmp_path


def _check(capsys, *args: str) -> tuple[int, list[tuple[str, int, str]], list[str]]:
    code = main(["check", "app", "--no-cache", "--format", "json", *args])
    document = json.loads(capsys.readouterr().out)
    return code, [(f["path"], f["line"], f["code"]) for f in document["findings"]], document["summary"]["notes"]


USER_DIFF_SETTINGS = [
    ("diff.mnemonicPrefix", "true"), ("diff.noprefix", "true"), ("color.ui", "always"), ("color.diff", "always"),
    ("diff.relative", "true"), ("diff.interHunkContext", "20"), ("diff.renames", "false"),
    ("diff.external", "/bin/false"), ("diff.context", "5"),
]


@pytest.mark.parametrize("key, value", USER_DIFF_SETTINGS + [("all", "")], ids=lambda v: str(v))
def test_diff_ref_is_immune_to_the_users_diff_configuration(repo, capsys, key, value):
    """Renamed file, one line changed: only that line's finding, whatever git's diff settings say."""
    for name, setting in (USER_DIFF_SETTINGS if key == "all" else [(key, value)]):
        git("config", name, setting, cwd=repo)
    git("mv", "app/views.py", "app/handlers.py", cwd=repo)
    handlers = repo / "app" / "handlers.py"
    handlers.write_text(handlers.read_text().replace("def handler_3():\n    return eval(input())",
                                                     "def handler_3():\n    return eval(input(''))"))
    git("commit", "-qam", "rename and change", cwd=repo)
    code, found, _ = _check(capsys, "--diff-ref", "main")
    assert (code, found) == (1, [("app/handlers.py", 10, "B307")])


def test_gitattributes_marking_python_binary_does_not_hide_changes(repo, capsys):
    """A committed `.gitattributes` with `*.py -diff` made git print "Binary files differ": no lines."""
    (repo / ".gitattributes").write_text("*.py -diff\n", encoding="utf-8")
    views = repo / "app" / "views.py"
    views.write_text(views.read_text() + "def handler_9():\n    return eval(input())\n")
    git("add", "-A", cwd=repo)
    git("commit", "-qm", "more", cwd=repo)
    code, found, _ = _check(capsys, "--diff-ref", "main")
    assert (code, found) == (1, [("app/views.py", 18, "B307")])


SQL_BASE = """import sqlite3


def find(request):
    name = request.args["name"]
    conn = sqlite3.connect("users.db")
    query = "SELECT * FROM users WHERE name = 'admin'"
    return conn.execute(query)
"""


def test_finding_kept_when_only_a_data_flow_step_changed(repo, capsys):
    """The query is now built from request data on a changed line; the sink line is unchanged."""
    (repo / "app" / "db.py").write_text(SQL_BASE, encoding="utf-8")
    git("add", "-A", cwd=repo)
    git("commit", "-qm", "db", cwd=repo)
    git("branch", "-f", "main", cwd=repo)
    (repo / "app" / "db.py").write_text(SQL_BASE.replace("name = 'admin'\"", "name = '%s'\" % name"),
                                        encoding="utf-8")
    git("commit", "-qam", "taint", cwd=repo)
    code, found, _ = _check(capsys, "--diff-ref", "main", "--select", "HL301")
    assert (code, found) == (1, [("app/db.py", 8, "HL301")])


def test_a_change_to_hardlints_configuration_is_a_warning(repo, capsys):
    pyproject = repo / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace("ignore = []", 'ignore = ["B307"]'), encoding="utf-8")
    git("commit", "-qam", "quiet", cwd=repo)
    code, found, notes = _check(capsys, "--diff-ref", "main")
    assert (code, found) == (0, [])
    assert any(n.startswith("warning:") and "pyproject.toml [tool.hardlint]" in n for n in notes), notes
    (repo / "app" / ".hardlint.toml").write_text("", encoding="utf-8")
    _, _, notes = _check(capsys, "--diff-ref", "main")
    assert any("app/.hardlint.toml" in n for n in notes), notes


def test_other_pyproject_changes_are_not_a_warning(repo, capsys):
    pyproject = repo / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('name = "demo"', 'name = "demo2"'), encoding="utf-8")
    git("commit", "-qam", "rename project", cwd=repo)
    _, _, notes = _check(capsys, "--diff-ref", "main")
    assert not any("warning" in n for n in notes), notes


BARE = "def handler_{n}(repository):\n    try:\n        return repository.load({n})\n    except:\n        return None\n\n\n"


@pytest.fixture
def handlers(repo):
    """Two bare excepts on main; the branch adds a third."""
    path = repo / "app" / "handlers.py"
    path.write_text(BARE.format(n=1) + BARE.format(n=2), encoding="utf-8")
    git("add", "-A", cwd=repo)
    git("commit", "-qm", "handlers", cwd=repo)
    git("branch", "-f", "main", cwd=repo)
    path.write_text(path.read_text() + BARE.format(n=3), encoding="utf-8")
    return path


def test_fix_with_diff_ref_leaves_lines_outside_the_change_alone(handlers, capsys):
    main(["check", "app", "--no-cache", "--no-bandit", "--fix", "--diff-ref", "main"])
    assert "Fixed 1 finding in 1 file." in capsys.readouterr().out
    text = handlers.read_text()
    assert text.count("    except:\n") == 2 and text.count("    except Exception:\n") == 1
    assert text.endswith("        return repository.load(3)\n    except Exception:\n        return None\n\n\n")


def test_diff_with_baseline_shows_only_fixes_of_new_findings(handlers, repo, capsys):
    git("stash", "-q", cwd=repo)
    assert main(["baseline", "app", "--no-bandit", "-o", "base.json"]) == 0
    git("stash", "pop", "-q", cwd=repo)
    capsys.readouterr()
    before = handlers.read_text()
    code = main(["check", "app", "--no-cache", "--no-bandit", "--diff", "--baseline", "base.json"])
    out = capsys.readouterr().out
    assert code == 1 and handlers.read_text() == before
    assert out.count("-    except:") == 1 and "repository.load(3)" in out and "load(2)" not in out, out
