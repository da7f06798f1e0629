"""Issue 14: only real comments suppress, with flake8's noqa grammar and a strict `hardlint: ignore[...]`."""

from __future__ import annotations

import subprocess

import pytest

from cli_support import run_cli

SINK = "x = eval(input())"


@pytest.mark.parametrize("line", [
    SINK + '; y = "# noqa"',
    SINK + '; u = "https://example.com/policy#noqa-policy"',
    SINK + "; y = '''# hardlint: ignore'''",
    SINK + "  # noqa:  E722",
    SINK + "  # hardlint: ignore[HL999",
    SINK + "  # hardlint: ignore[]",
], ids=["noqa-in-string", "noqa-in-url", "hardlint-ignore-in-string", "noqa-two-spaces", "unclosed-ignore",
        "empty-ignore"])
def test_suppression_look_alikes_do_not_suppress(tmp_path, line):
    """Text in strings, `# noqa:` with no readable code and a malformed ignore list hide nothing."""
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / "app.py").write_text(line + "\n", encoding="utf-8")
    result = run_cli("check", "app.py", cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "app.py:1:5: B307" in result.stdout


@pytest.mark.parametrize("comment", ["# noqa", "# noqa: B307", "# noqa:B1,B307", "# NOQA: E722 B307",
                                     "# hardlint: ignore", "# hardlint: ignore[B307, HL1]"])
def test_real_suppression_comments_still_suppress(tmp_path, comment):
    """The forms flake8 and hardlint document keep working."""
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / "app.py").write_text(f"{SINK}  {comment}\n", encoding="utf-8")
    result = run_cli("check", "app.py", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "B307" not in result.stdout


@pytest.mark.parametrize("comment", ["# hardlint: ignore[B307", "# hardlint: ignore[]", "# hardlint: ignore B307",
                                     "# hardlint: ignore(B307)", "# hardlint: ignore:B307",
                                     "# hardlint: ignore[B307;HL1]"])
def test_malformed_hardlint_ignore_suppresses_nothing_and_is_noted(tmp_path, comment):
    """A malformed ignore comment leaves the finding and says why it did not suppress it."""
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / "app.py").write_text(f"{SINK}  {comment}\n", encoding="utf-8")
    result = run_cli("check", "app.py", cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "app.py:1:5: B307" in result.stdout
    assert f"app.py:1: `{comment}` suppresses nothing" in result.stdout
