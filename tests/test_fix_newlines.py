"""`--fix` keeps the file's newline convention (\\n, \\r\\n, lone \\r), including the final line break."""

from __future__ import annotations

import pytest

from cli_support import run_cli

FIXED_BODY = ["try:", "    work()", "except Exception:", "    pass"]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
@pytest.mark.parametrize("final_break", [True, False], ids=["final-break", "no-final-break"])
def test_fix_preserves_every_newline_convention(tmp_path, newline, final_break):
    source = newline.join(["try:", "    work()", "except:", "    pass"]) + (newline if final_break else "")
    target = tmp_path / "f.py"
    target.write_bytes(source.encode())
    result = run_cli("check", "--fix", "--exit-zero", str(target), cwd=tmp_path)
    assert "Fixed 1 finding" in result.stdout, result.stdout + result.stderr
    expected = newline.join(FIXED_BODY) + (newline if final_break else "")
    assert target.read_bytes() == expected.encode()
