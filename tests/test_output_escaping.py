"""Repository text in `--diff` output and in configuration errors reaches the terminal escaped: no
control, bidi or line-separator character, no line starting with `::` (a GitHub workflow command)."""

from __future__ import annotations

from cli_support import run_cli

DANGEROUS = ("\x1b", "\x07", "\u202e", "\u2028", "\r")
FIXABLE = "try:\n    pass\nexcept:\n    pass\n"


def _assert_harmless(text: str) -> None:
    assert not [c for c in DANGEROUS if c in text], repr(text[:500])
    assert not [line for line in text.split("\n") if line.startswith("::")], text


def test_diff_output_escapes_quoted_code(tmp_path):
    hostile = 'banner = "\x1b]0;pwned\x07\u202e\u2028::error file=app.py,line=1::LGTM"  # \u2028::warning::x\n'
    (tmp_path / "app.py").write_text("try:\n    " + hostile + "except:\n    pass\n", newline="")
    (tmp_path / "plain.py").write_text("x = 1\n" + FIXABLE)
    result = run_cli("check", "app.py", "plain.py", "--diff", "--no-cache", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    _assert_harmless(result.stdout)
    assert "+except Exception:" in result.stdout and "\\x1b]0;pwned\\x07\\u202e" in result.stdout
    plain = result.stdout[result.stdout.index("--- a/plain.py"):]
    assert plain == "--- a/plain.py\n+++ b/plain.py\n@@ -1,5 +1,5 @@\n x = 1\n try:\n     pass\n-except:\n+except Exception:\n     pass\n", \
        "ordinary code is printed as it is, so the diff still applies"


def test_configuration_key_errors_escape_the_key(tmp_path):
    key = "\\u001b[2J\\u202e\\n::error file=app.py,line=1::LGTM"
    (tmp_path / "pyproject.toml").write_text(f'[tool.hardlint]\n"{key}" = 1\n')
    (tmp_path / "app.py").write_text("x = 1\n")
    result = run_cli("check", "app.py", "--no-cache", cwd=tmp_path)
    assert result.returncode == 2 and "unknown key" in result.stderr, result.stderr
    _assert_harmless(result.stderr)
