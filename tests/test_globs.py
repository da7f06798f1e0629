"""hardlint's own reading of gitignore-style patterns answers as pathspec's does, except where pathspec
differs from git (tests/test_gate_globs.py compares with git itself)."""

from __future__ import annotations

import sys

import pathspec
import pytest

from hardlint.config import DEFAULT_EXCLUDE, DEFAULT_TEST_PATTERNS
from hardlint.globs import PathPatterns

PATTERNS = [
    *DEFAULT_TEST_PATTERNS, *DEFAULT_EXCLUDE, "migrations/", "/scripts", "/scripts/", "src/**/gen_*.py",
    "docs/**", "**/fixtures/*.py", "**/fixtures", "*.pyi", "a/*/b.py", "foo?.py", "app/legacy.py", "*",
    "*.py", "build", "a/**/b/**/c.py", "", "# a comment", "   ", "x.py   ", "/", "//x", "**", "a/**/**/b",
    "*/", "a/b/", "?", "/a/b/", "a/**", "**/a", "src/*", "*.egg-info/",
    "!keep.py", "[ab].py", r"\#hash.py", "trailing\\ ", "a**b.py", "**/", "tests/**/", "./a.py",
]
PATHS = [
    "tests/test_app.py", "tests", "src/tests/x.py", "test_app.py", "pkg/test_app.py", "app_test.py",
    "conftest.py", "pkg/conftest.py", "conftest.py/inner.py", "app/models.py", "migrations/0001.py",
    "app/migrations/0001.py", "scripts/run.py", "app/scripts/run.py", "scripts", "src/gen_a.py",
    "src/x/y/gen_b.py", "docs", "docs/conf.py", "docs/a/b.py", "fixtures/a.py", "x/fixtures/a.py",
    "x/fixtures/a/b.py", "stubs/a.pyi", "a/x/b.py", "a/x/y/b.py", "foo1.py", "foo12.py", "app/legacy.py",
    "legacy.py", "x/app/legacy.py", "build/lib/a.py", "pkg/build/a.py", "build", "a/b/c.py", "a/x/b/y/c.py",
    "keep.py", "a.py", "b.py", "#hash.py", "x.py", "site-packages/six.py", "pkg.egg-info/PKG-INFO",
    "node_modules/a.py", ".venv/lib/a.py", "abb.py", "ab.py", "./tests/a.py", "/abs/tests/a.py", "tests/a/", "a", "a/b", "a/b/x.py", "x/a/b/y", "src/a.py",
    "src/a/b.py", "x.egg-info", "x.egg-info/a",
]


# git: `dir/**` matches what is inside dir, not dir itself; `dir/**/` only folders inside dir.
NOT_AS_GIT = {("docs/**", "docs/"), ("a/**", "a/"), ("tests/**/", "tests/test_app.py"), ("tests/**/", "tests/"),
              ("tests/**/", "./tests/a.py")}


@pytest.mark.parametrize("pattern", PATTERNS)
def test_each_pattern_matches_the_paths_pathspec_matches(pattern):
    ours = PathPatterns([pattern])
    theirs = pathspec.GitIgnoreSpec.from_lines([pattern])
    for path in PATHS:
        for candidate in (path, path.rstrip("/") + "/"):  # as a file, and as a directory
            if (pattern, candidate) in NOT_AS_GIT:
                assert not ours.match_file(candidate), (pattern, candidate)
                continue
            assert ours.match_file(candidate) == theirs.match_file(candidate), (pattern, candidate)


def test_lists_of_patterns_match_as_pathspec_does():
    for lines in (DEFAULT_TEST_PATTERNS, DEFAULT_EXCLUDE, PATTERNS[:20], ["*.py", "!keep.py"], []):
        ours, theirs = PathPatterns(lines), pathspec.GitIgnoreSpec.from_lines(lines)
        for path in PATHS:
            assert ours.match_file(path) == theirs.match_file(path), (lines, path)


def test_patterns_do_not_import_pathspec(monkeypatch):
    monkeypatch.delitem(sys.modules, "pathspec", raising=False)
    monkeypatch.setitem(sys.modules, "pathspec", None)  # importing it now would fail
    patterns = PathPatterns([*DEFAULT_TEST_PATTERNS, *DEFAULT_EXCLUDE, "docs/**", "/scripts", "!keep.py", "[ab].py"])
    assert patterns.match_file("src/tests/a.py") and not patterns.match_file("src/app.py")
