"""`--diff-ref` and baselines in real temporary git repositories, including moved lines."""

from __future__ import annotations

import json
import subprocess
import textwrap
from pathlib import Path

import pytest

from hardlint.cli import main
from hardlint.gitdiff import changed_lines, parse_diff

GIT_ID = ["-c", "user.email=tests@example.invalid", "-c", "user.name=tests", "-c", "commit.gpgsign=false"]

HANDLER = textwrap.dedent("""\
    def handler_{n}(repository):
        try:
            return repository.load({n})
        except:
            return None
    """)


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *GIT_ID, *args], cwd=cwd, check=True, capture_output=True, text=True,
                          timeout=60).stdout


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    git("init", "-q", "-b", "main", cwd=tmp_path)
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "views.py").write_text(HANDLER.format(n=1) + "\n\n" + HANDLER.format(n=2), encoding="utf-8")
    (tmp_path / "app" / "tasks.py").write_text(HANDLER.format(n=3), encoding="utf-8")
    git("add", "-A", cwd=tmp_path)
    git("commit", "-q", "-m", "base", cwd=tmp_path)
    return tmp_path


def _check(capsys, *args: str) -> tuple[int, list[tuple[str, int, str]]]:
    code = main(["check", "--no-bandit", "--format", "json", *args])
    document = json.loads(capsys.readouterr().out)
    return code, [(f["path"], f["line"], f["code"]) for f in document["findings"]]


def test_diff_ref_reports_only_changed_lines_and_untracked_files(repo, capsys):
    code, all_findings = _check(capsys, "app")
    assert len(all_findings) == 3 and code == 1
    code, found = _check(capsys, "app", "--diff-ref", "HEAD")
    assert (code, found) == (0, []), "nothing changed since HEAD"

    views = repo / "app" / "views.py"
    # Insert lines above handler_1 (moving both handlers down) and add a new bare except.
    views.write_text("import logging\n\n\n" + views.read_text() + "\n\n" + HANDLER.format(n=4), encoding="utf-8")
    (repo / "app" / "new_module.py").write_text(HANDLER.format(n=5), encoding="utf-8")  # untracked
    code, found = _check(capsys, "app", "--diff-ref", "HEAD")
    assert code == 1
    assert found == [("app/new_module.py", 4, "HL401"), ("app/views.py", 21, "HL401")]


def test_diff_ref_uses_the_merge_base_and_sees_committed_branch_changes(repo, capsys):
    git("checkout", "-q", "-b", "feature", cwd=repo)
    tasks = repo / "app" / "tasks.py"
    tasks.write_text(tasks.read_text() + "\n\n" + HANDLER.format(n=6), encoding="utf-8")
    git("commit", "-q", "-am", "feature work", cwd=repo)
    # main moves on after the branch point: its changes must not count as the branch's.
    git("checkout", "-q", "main", cwd=repo)
    views = repo / "app" / "views.py"
    views.write_text(views.read_text().replace("load(1)", "load(10)"), encoding="utf-8")
    git("commit", "-q", "-am", "main work", cwd=repo)
    git("checkout", "-q", "feature", cwd=repo)
    code, found = _check(capsys, "app", "--diff-ref", "main")
    assert (code, found) == (1, [("app/tasks.py", 11, "HL401")])


def test_diff_ref_errors_are_usage_errors(repo, capsys):
    assert main(["check", "app", "--diff-ref", "no-such-branch"]) == 2
    assert "unknown git revision 'no-such-branch'" in capsys.readouterr().err


def test_parse_diff_handles_quoted_names_deletions_and_counts(tmp_path):
    diff = textwrap.dedent("""\
        diff --git "a/caf\\303\\251 x.py" "b/caf\\303\\251 x.py"
        --- "a/caf\\303\\251 x.py"
        +++ "b/caf\\303\\251 x.py"
        @@ -3,0 +4,2 @@
        +a
        +b
        @@ -10,2 +12,0 @@
        -gone
        -gone
        @@ -20 +20 @@
        -x
        +y
        diff --git a/old.py b/old.py
        deleted file mode 100644
        --- a/old.py
        +++ /dev/null
        @@ -1 +0,0 @@
        -x
        """)
    changed = parse_diff(diff, tmp_path)
    assert changed.lines == {str((tmp_path / "café x.py").resolve()): {4, 5, 20}}


def test_changed_lines_outside_a_repository_is_an_error(tmp_path):
    from hardlint.gitdiff import GitError

    with pytest.raises(GitError):
        changed_lines("HEAD", cwd=tmp_path)


def test_baseline_reports_only_new_findings_after_lines_move(repo, capsys):
    assert main(["baseline", "app", "--no-bandit", "--output", "hardlint-baseline.json"]) == 0
    assert "Recorded 3 findings" in capsys.readouterr().out
    recorded = json.loads((repo / "hardlint-baseline.json").read_text())
    assert {e["code"] for e in recorded["findings"]} == {"HL401"}
    assert all("line" in e and len(e["fingerprint"]) == 32 for e in recorded["findings"])

    code, found = _check(capsys, "app", "--baseline", "hardlint-baseline.json")
    assert (code, found) == (0, [])

    views = repo / "app" / "views.py"
    # Unrelated lines above move every finding; one identical handler is added below the others.
    views.write_text('"""Views."""\n\nimport logging\n\n\n' + views.read_text() + "\n\n" + HANDLER.format(n=1),
                     encoding="utf-8")
    code, found = _check(capsys, "app", "--baseline", "hardlint-baseline.json")
    assert code == 1
    assert found == [("app/views.py", 23, "HL401")], "the old findings moved but still match; the copy is new"


def test_baseline_notes_entries_that_no_longer_match(repo, capsys):
    main(["baseline", "app", "--no-bandit", "-o", "base.json"])
    capsys.readouterr()
    (repo / "app" / "tasks.py").write_text("def handler_3(repository):\n    return repository.load(3)\n",
                                           encoding="utf-8")
    assert main(["check", "app", "--no-bandit", "--baseline", "base.json"]) == 0
    assert "1 baseline entry in base.json no longer match" in capsys.readouterr().out


def test_unreadable_baseline_is_a_usage_error(repo, capsys):
    (repo / "broken.json").write_text("{not json", encoding="utf-8")
    assert main(["check", "app", "--baseline", "broken.json"]) == 2
    assert "not a hardlint baseline" in capsys.readouterr().err
    assert main(["check", "app", "--baseline", "missing.json"]) == 2
