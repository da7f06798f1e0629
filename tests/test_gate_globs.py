"""Issue 14: ignore patterns are read exactly as git reads them, and matching never backtracks.

Time limits are on this process's CPU time, so a busy machine does not make them fail."""

from __future__ import annotations

import random
import subprocess
import time
from pathlib import Path

import pytest

from hardlint.config import Config
from hardlint.discovery import iter_python_files
from hardlint.globs import PathPatterns

TOKENS = ["a", "b", "*", "?", "/", "**", "[ab]", "ab", "[!a]"]
TOP, MIDDLE = ["a", "b", "ab", "x"], ["a", "ba", "x"]


def _tree(root: Path) -> list[str]:
    """Folders and files on disk (git asks the disk whether a path is a folder)."""
    paths = []
    for top in TOP:
        for middle in MIDDLE:
            (root / top / middle / "b").mkdir(parents=True, exist_ok=True)
            (root / top / middle / "b" / "ab").touch()
            (root / top / middle / "aab").touch()
            paths += [top, f"{top}/{middle}", f"{top}/{middle}/b", f"{top}/{middle}/b/ab", f"{top}/{middle}/aab"]
    return sorted(set(paths))


def _git_ignored(root: Path, paths: list[str]) -> dict[str, bool]:
    out = subprocess.run(["git", "check-ignore", "--no-index", "--stdin", "-z", "-v", "-n"], cwd=root,
                         input="\0".join(paths) + "\0", capture_output=True, text=True, check=False).stdout
    fields = out.split("\0")
    return {fields[i + 3]: bool(fields[i + 2]) and not fields[i + 2].startswith("!")
            for i in range(0, len(fields) - 1, 4)}


def test_random_ignore_files_are_read_as_git_reads_them(tmp_path):
    """Seeded random pattern lists (negations, classes, `**`, anchors, folder-only) against `git check-ignore`."""
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    paths = _tree(tmp_path)
    rng = random.Random(14)
    compared = 0
    for _ in range(120):
        lines = []
        for _ in range(rng.randint(1, 3)):
            pattern = "".join(rng.choice(TOKENS) for _ in range(rng.randint(1, 5)))
            pattern += "/" if rng.random() < 0.3 else ""
            lines.append(("!" if rng.random() < 0.3 else "") + pattern)
        (tmp_path / ".gitignore").write_text("\n".join(lines) + "\n", encoding="utf-8")
        ours = PathPatterns(lines)
        for path, ignored in _git_ignored(tmp_path, paths).items():
            shown = path + "/" if (tmp_path / path).is_dir() else path
            assert ours.match_file(shown) == ignored, (lines, shown)
            compared += 1
    assert compared == 120 * len(paths)


@pytest.mark.parametrize("lines, name", [
    (["*a*a*a*a*a*a*b"], "a" * 1_000_000),
    (["!x", "*a*a*a*a*a*a*b"], "a" * 1_000_000),
    (["**/a*a*a*a*a*a*b/**"], "/".join(["a" * 20] * 50_000)),
    (["a/**/a/**/a/**/b"], "a/" * 500_000 + "c"),
    (["?a?a?a?a?a?b*"], "a" * 1_000_000),
    (["[ab]*[ab]*[ab]*[ab]*c"], "ab" * 500_000),
], ids=["stars", "with-negation", "deep-gaps", "many-gaps", "question-marks", "classes"])
def test_adversarial_patterns_match_in_linear_time(lines, name):
    """A `.gitignore` line such as `*a*a*a*a*a*a*b` and a 1 MB name used to hang the regex engine."""
    patterns = PathPatterns(lines)
    started = time.process_time()
    assert patterns.match_file(name) is False
    assert patterns.match_file(name + "/") is False
    assert time.process_time() - started < 1.0


def test_hostile_exclude_config_and_long_file_name_do_not_hang_discovery(tmp_path):
    """The same through discovery, outside a git work tree: a `.gitignore` and `exclude` from the tree."""
    name = "a" * 200 + ".py"  # file names are limited to 255 bytes on disk
    (tmp_path / name).write_text("x = 1\n", encoding="utf-8")
    (tmp_path / ".gitignore").write_text("*a*a*a*a*a*a*a*a*a*a*a*a*b\n", encoding="utf-8")
    config = Config(root=tmp_path, exclude=("*a*a*a*a*a*a*a*a*a*a*a*a*b",))
    started = time.process_time()
    assert [Path(p).name for p in iter_python_files([str(tmp_path)], config)] == [name]
    assert time.process_time() - started < 1.0


HOSTILE = "*a*a*a*a*a*a*a*a*a*a*a*a*b"


def test_configuration_patterns_on_a_long_path_answer_in_linear_time(tmp_path):
    """`exclude`, `per-file-ignores` and test paths come from the checked tree's configuration too."""
    config = Config(root=tmp_path, exclude=(HOSTILE,), per_file_ignores={HOSTILE: ("HL1",)},
                    test_patterns=(HOSTILE, "!" + HOSTILE + "c", "[ab]" + HOSTILE))
    path = str(tmp_path / ("a" * 1_000_000 + ".py"))
    started = time.process_time()
    assert not config.is_excluded(path)
    assert config.enabled("HL101", path)
    assert not config.is_test(path)
    assert time.process_time() - started < 1.0


def test_diff_parsing_of_long_names_and_hunk_lines_is_linear(tmp_path):
    """File names in a diff come from the tree: a 1 MB quoted name and a 1 MB hunk-like line."""
    from hardlint.gitdiff import parse_diff

    name = "\\\\303\\\\251" * 100_000 + "a" * 200_000
    diff = f'--- "a/{name}"\n+++ "b/{name}"\n@@ -1 +1 @@\n' + "@@ -" + "1" * 1_000_000 + "\n"
    started = time.process_time()
    changed = parse_diff(diff, tmp_path)
    assert list(changed.lines.values()) == [{1}]
    assert time.process_time() - started < 1.0
