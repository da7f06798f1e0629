"""Hostile input through the real CLI: every odd file gives a per-file error or a normal result,
never a traceback, and the other files are still checked.

Tests run as root here, so "unreadable" is simulated with what root cannot read either: a FIFO
(opening it would block), a dangling symlink and a symlink loop. A chmod 000 file is readable by
root and is not tested.
"""

from __future__ import annotations

import json
import os
import sys

import pytest

from cli_support import run_cli
from hardlint import check_source

BARE = "try:\n    work()\nexcept:\n    pass\n"
DEPTH = 5000


def deep_sources() -> dict[str, str]:
    """Shapes that nest 5,000 levels deep; several hang or crash LibCST's parser unguarded."""
    n = DEPTH
    return {
        "deep_parens.py": "x = " + "(" * n + "1" + ")" * n + "\n",
        "deep_plus.py": "x = " + "+".join(["a"] * n) + "\n",
        "deep_not.py": "x = " + "not " * n + "a\n",
        "deep_minus.py": "x = " + "-" * n + "a\n",
        "deep_lambda.py": "x = " + "lambda: " * n + "1\n",
        "deep_subscript.py": "x = a" + "[0]" * n + "\n",
        "deep_calls.py": "x = a" + "()" * n + "\n",
        "deep_ternary.py": "x = " + "a if b else " * n + "c\n",
        "deep_continued.py": "x = (a\n" + "    + a\n" * n + ")\n",
        "deep_backslash.py": "x = a \\\n" + "    + a \\\n" * n + "    + a\n",
        "deep_fstring.py": "x = f'{" + "-" * n + "a}'\n",
        "deep_elif.py": "if a:\n    pass\n" + "elif a:\n    pass\n" * n,
        "deep_indent.py": "".join("    " * i + "if a:\n" for i in range(120)) + "    " * 120 + "pass\n",
    }


def hostile_files(root) -> dict[str, bytes]:
    files = {
        "syntax_error.py": b"def f(:\n" + BARE.encode(),
        "nul_bytes.py": b"x = 1\x00\n" + BARE.encode(),
        "invalid_utf8.py": b"x = '\xff\xfe'\n" + BARE.encode(),
        "latin1.py": b"# -*- coding: latin-1 -*-\nname = '\xe9t\xe9'\n" + BARE.encode(),
        "unknown_coding.py": b"# -*- coding: klingon -*-\n" + BARE.encode(),
        "bom.py": b"\xef\xbb\xbf" + BARE.encode(),
        "crlf.py": BARE.replace("\n", "\r\n").encode(),
        "lone_cr.py": BARE.replace("\n", "\r").encode(),
        "tabs_formfeed.py": b"\x0c\nif x:\n\ttry:\n\t\twork()\n\texcept:\n\t\tpass\n",
        "empty.py": b"",
        "python2.py": b"print 'hello'\nexec 'x = 1'\nraise ValueError, 'old'\n" + BARE.encode(),
        "newer_syntax.py": b"type Point = tuple[float, float]\ndef first[T](xs: list[T]) -> T:\n"
                           b"    return xs[0]\n" + BARE.encode(),
        "odd name \u00e9\u2603.py": BARE.encode(),
        "ten_mb.py": b"x = 1\n" * (10 * 1024 * 1024 // 6 + 1),
        "app.py": BARE.encode(),
    }
    files.update({name: text.encode() for name, text in deep_sources().items()})
    return files


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    """A project full of hostile files, plus special files, checked in one CLI run per job count."""
    root = tmp_path_factory.mktemp("hostile")
    project = root / "project"
    project.mkdir()
    for name, data in hostile_files(project).items():
        (project / name).write_bytes(data)
    (project / "pkg.py").mkdir()  # a directory named like a module
    (project / "pkg.py" / "inner.py").write_text(BARE)
    os.mkfifo(project / "pipe.py")
    os.symlink("loop.py", project / "loop.py")
    os.symlink("missing.py", project / "dangling.py")
    os.symlink("sub", project / "dirloop", target_is_directory=True)  # a directory symlink pointing at itself
    outside = root / "outside"
    outside.mkdir()
    (outside / "secret.py").write_text(BARE)
    os.symlink(outside / "secret.py", project / "escape.py")
    os.symlink(outside, project / "escape_dir", target_is_directory=True)
    marker = root / "imported.marker"
    (project / "importme.py").write_text(f"open({str(marker)!r}, 'w').write('imported')\n" + BARE)
    (project / "conftest.py").write_text(f"open({str(marker)!r}, 'w').write('imported')\n")
    (project / "__init__.py").write_text(f"open({str(marker)!r}, 'w').write('imported')\n")
    return project, marker


def _run(project, *extra):
    result = run_cli("check", ".", "--format", "json", "--no-cache", *extra, cwd=project)
    assert "Traceback" not in result.stderr + result.stdout, result.stderr[-3000:]
    assert result.returncode == 1, (result.returncode, result.stderr[-3000:])
    document = json.loads(result.stdout)
    errors = {}
    for error in document["errors"]:
        errors.setdefault(error["path"], []).append(error)
    findings = {}
    for finding in document["findings"]:
        findings.setdefault(finding["path"], []).append(finding)
    return document, errors, findings


@pytest.fixture(scope="module", params=["-j1", "-j2"])
def outcome(request, tree):
    project, marker = tree
    return (*_run(project, request.param), marker)


def test_no_internal_errors_and_every_file_accounted_for(outcome):
    document, errors, findings, _ = outcome
    assert not [e for es in errors.values() for e in es if e["kind"] in ("internal", "rule")], errors
    # the ordinary file next to all of this was still checked
    assert [f["code"] for f in findings["app.py"] if f["code"] == "HL401"] == ["HL401"]
    assert document["summary"]["files_checked"] >= len(hostile_files(None))


@pytest.mark.parametrize("name, kind, words", [
    ("syntax_error.py", "parse", "syntax error"),
    ("nul_bytes.py", "decode", "NUL"),
    ("invalid_utf8.py", "decode", "utf-8"),
    ("unknown_coding.py", "decode", "klingon"),
    ("ten_mb.py", "too-large", "limit"),
    ("deep_parens.py", "parse", "nested"),
    ("deep_indent.py", "parse", "indentation"),
    ("pipe.py", "io", "not a regular file"),
    ("loop.py", "io", "symbolic links"),
    ("dangling.py", "io", "no such file"),
])
def test_unusable_files_get_one_clear_error(outcome, name, kind, words):
    _, errors, findings, _ = outcome
    assert [e["kind"] for e in errors[name]] == [kind], errors[name]
    assert words.lower() in errors[name][0]["message"].lower()
    assert name not in findings


@pytest.mark.parametrize("name, line", [
    ("latin1.py", 5), ("bom.py", 3), ("crlf.py", 3), ("lone_cr.py", 3), ("tabs_formfeed.py", 5),
    ("odd name \u00e9\u2603.py", 3), ("pkg.py/inner.py", 3), ("importme.py", 4),
])
def test_odd_but_valid_files_are_checked_normally(outcome, name, line):
    _, errors, findings, _ = outcome
    assert name not in errors, errors.get(name)
    assert [(f["code"], f["line"]) for f in findings[name] if f["code"] == "HL401"] == [("HL401", line)]


def test_deep_nesting_is_refused_or_checked_never_crashes(outcome):
    _, errors, findings, _ = outcome
    for name in deep_sources():
        kinds = [e["kind"] for e in errors.get(name, [])]
        assert kinds in ([], ["parse"]), (name, errors.get(name))
    # the shapes that hang or crash LibCST are refused by the cheap guard, not by the time limit
    for name in ("deep_plus.py", "deep_lambda.py", "deep_subscript.py", "deep_ternary.py",
                 "deep_continued.py", "deep_backslash.py", "deep_fstring.py", "deep_elif.py"):
        assert [e["kind"] for e in errors[name]] == ["parse"], (name, errors.get(name))
        assert "nested" in errors[name][0]["message"]


def test_python2_and_newer_syntax_are_a_result_or_a_parse_error(outcome):
    _, errors, findings, _ = outcome
    assert [e["kind"] for e in errors["python2.py"]] == ["parse"]
    kinds = [e["kind"] for e in errors.get("newer_syntax.py", [])]
    assert kinds == [] or kinds == ["parse"], errors.get("newer_syntax.py")
    if not kinds and sys.version_info < (3, 12):
        assert any(f["code"] == "HL401" for f in findings["newer_syntax.py"])  # LibCST reads 3.12 syntax


def test_symlinks_out_of_the_tree_are_not_followed(outcome):
    _, errors, findings, _ = outcome
    everything = set(errors) | set(findings)
    assert not [p for p in everything if "secret" in p or p.startswith(("escape", "dirloop"))], everything


def test_checked_code_is_never_imported_or_run(outcome):
    *_, marker = outcome
    assert not marker.exists()


def test_every_engine_outcome_is_a_result_for_in_process_callers():
    """The API never raises for what a file contains, including bytes that are not text."""
    for name, data in hostile_files(None).items():
        if len(data) > 1_000_000:
            continue
        result = check_source(data, name)
        assert not [e for e in result.errors if e.is_internal], (name, result.errors)


CHAINS = {
    "or_chain": "x = " + " or ".join(["a"] * 9000) + "\n",
    "and_chain": "x = " + " and ".join(["a"] * 9000) + "\n",
    "plus_chain": "x = " + " + ".join(["a"] * 9000) + "\n",
    "import_chain": "import " + ".".join(["a"] * 9000) + "\n",
    "attribute_chain": "x = " + ".".join(["a"] * 9000) + "\n",
}


@pytest.mark.parametrize("shape", sorted(CHAINS))
def test_long_chains_are_refused_without_crashing_one_file_runs(tmp_path, shape):
    """Chains that segfault LibCST's native parser give one per-file error; the next file is still checked."""
    (tmp_path / f"{shape}.py").write_text(BARE + CHAINS[shape])  # a trigger, so LibCST would parse it
    (tmp_path / "ordinary.py").write_text(BARE)
    result = run_cli("check", f"{shape}.py", "ordinary.py", "--format", "json", "--no-cache", cwd=tmp_path)
    assert result.returncode == 1, (result.returncode, result.stderr[-2000:])
    document = json.loads(result.stdout)
    errors = [error for error in document["errors"] if error["path"].endswith(f"{shape}.py")]
    assert len(errors) == 1 and ("chain" in errors[0]["message"] or "nested" in errors[0]["message"]), errors
    assert any(finding["path"].endswith("ordinary.py") for finding in document["findings"])
