"""Fixes never lose data: atomic replace, mode/encoding/BOM/newlines kept, concurrent edits respected."""

from __future__ import annotations

import os
import stat

import libcst as cst
import pytest

from cli_support import run_cli
from hardlint import check_source
from hardlint.fixes import ChangedOnDisk, SourceFile, fix_files

BARE = "try:\n    work()\nexcept:\n    pass\n"


def _check(text: str, path: str) -> list:
    return check_source(text, path).findings


@pytest.mark.parametrize("name, data", [
    ("plain.py", BARE.encode()),
    ("crlf.py", BARE.replace("\n", "\r\n").encode()),
    ("bom.py", b"\xef\xbb\xbf" + BARE.encode()),
    ("latin1.py", b"# -*- coding: latin-1 -*-\nname = '\xe9t\xe9'\n" + BARE.encode()),
    ("tabs.py", b"if x:\n\ttry:\n\t\twork()\n\texcept:\n\t\tpass\n"),
])
def test_fix_keeps_encoding_newlines_and_mode(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    os.chmod(path, 0o751)
    outcome = fix_files([str(path)], _check, write=True)
    assert outcome.applied == 1 and not outcome.skipped
    after = path.read_bytes()
    assert after == data.replace(b"except:", b"except Exception:")  # nothing else changed
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o751
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".hardlint-")]  # no temp file left
    cst.parse_module(after.decode("latin-1" if "latin1" in name else "utf-8-sig"))
    assert fix_files([str(path)], _check, write=True).applied == 0  # fixing twice changes nothing


def test_file_changed_on_disk_is_not_overwritten(tmp_path):
    path = tmp_path / "app.py"
    path.write_text(BARE)
    original = SourceFile.read(str(path))
    path.write_text(BARE + "x = 1  # edited by the user meanwhile\n")
    with pytest.raises(ChangedOnDisk):
        original.write(original.text.replace("except:", "except Exception:"))
    assert path.read_text().endswith("edited by the user meanwhile\n")
    assert os.listdir(tmp_path) == ["app.py"]


def test_symlinked_file_is_fixed_through_the_link(tmp_path):
    real = tmp_path / "real.py"
    real.write_text(BARE)
    link = tmp_path / "link.py"
    link.symlink_to(real)
    assert fix_files([str(link)], _check, write=True).applied == 1
    assert link.is_symlink() and "except Exception:" in real.read_text()


def test_cli_fix_twice_and_every_fixed_file_parses(tmp_path):
    for index in range(3):
        (tmp_path / f"m{index}.py").write_text(f"def f{index}():\n" + "".join(
            "    " + line + "\n" for line in BARE.splitlines()))
    (tmp_path / "broken.py").write_text("def f(:\n" + BARE)
    first = run_cli("check", ".", "--fix", "--no-cache", "--select", "HL401", cwd=tmp_path)
    assert "Traceback" not in first.stderr and first.returncode == 1  # broken.py stays an error
    assert "Fixed 3 findings in 3 files" in first.stdout
    for index in range(3):
        fixed = (tmp_path / f"m{index}.py").read_text()
        assert "except Exception:" in fixed
        cst.parse_module(fixed)
    assert (tmp_path / "broken.py").read_text() == "def f(:\n" + BARE  # unparsable files are never touched
    second = run_cli("check", ".", "--fix", "--no-cache", "--select", "HL401", cwd=tmp_path)
    assert "Fixed 0 findings in 0 files" in second.stdout
