"""Which files a run checks: Python files under the given paths, minus excluded and git-ignored ones."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator, Sequence

from hardlint.config import Config
from hardlint.globs import PathPatterns

PYTHON_SUFFIXES = (".py", ".pyi")


class _GitIgnores:
    """The .gitignore files met while walking down a tree, each applying below its own folder."""

    def __init__(self) -> None:
        self.specs: dict[str, PathPatterns] = {}

    def load(self, directory: str) -> None:
        candidate = os.path.join(directory, ".gitignore")
        if os.path.isfile(candidate):
            try:
                with open(candidate, encoding="utf-8", errors="replace") as handle:
                    self.specs[directory] = PathPatterns(handle)
            except OSError:
                pass

    def ignored(self, path: str, is_dir: bool) -> bool:
        for directory, spec in self.specs.items():
            rel = os.path.relpath(path, directory)
            if rel.startswith(".."):
                continue
            rel = rel.replace(os.sep, "/") + ("/" if is_dir else "")
            if spec.match_file(rel):
                return True
        return False


def _inside(path: str, root: str) -> bool:
    try:
        return os.path.commonpath([os.path.realpath(path), root]) == root
    except ValueError:
        return False


def iter_python_files(paths: Sequence[str], config: Config) -> Iterator[str]:
    """Yield the files to check, each once, in a deterministic order.

    Files named explicitly are checked whatever their suffix (pre-commit passes exactly the files it
    wants); directories are walked for .py/.pyi files without following symlinks out of the tree.
    """
    seen: set[str] = set()
    for given in paths:
        if os.path.isdir(given):
            found = _walk(given, config)
        elif config.is_excluded(given):
            found = iter(())
        else:
            found = iter([given])
        for path in found:
            key = os.path.normpath(path)
            if key not in seen:
                seen.add(key)
                yield path


def _walk(top: str, config: Config) -> Iterator[str]:
    ignores = _GitIgnores()
    root = os.path.realpath(top)
    if config.respect_gitignore:
        for parent in reversed(Path(top).resolve().parents):
            if (parent / ".gitignore").is_file() and _inside(str(config.root), str(parent)):
                ignores.load(str(parent))
    for directory, dirnames, filenames in os.walk(top, followlinks=False):
        if config.respect_gitignore:
            ignores.load(directory)
        kept = []
        for name in sorted(dirnames):
            full = os.path.join(directory, name)
            if config.is_excluded(full, is_dir=True) or (config.respect_gitignore and ignores.ignored(full, True)):
                continue
            kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            if not name.endswith(PYTHON_SUFFIXES):
                continue
            full = os.path.join(directory, name)
            if os.path.islink(full) and not _inside(full, root):
                continue
            if config.is_excluded(full) or (config.respect_gitignore and ignores.ignored(full, False)):
                continue
            yield full


def display_path(path: str) -> str:
    """The path as reported: relative to the working directory when below it, with forward slashes."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return (path if rel.startswith("..") else rel).replace(os.sep, "/")
