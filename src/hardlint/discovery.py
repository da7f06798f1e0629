"""Which files a run checks: Python files under the given paths, minus excluded and git-ignored ones."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Iterator, Sequence

from hardlint.config import Config, ConfigResolver
from hardlint.globs import PathPatterns

PYTHON_SUFFIXES = (".py", ".pyi")
_UNCOUNTED = frozenset({".git", ".hg", ".svn", "__pycache__"})  # never hold code; not worth a mention


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


def iter_python_files(paths: Sequence[str], config: Config, force_exclude: bool = False,
                      skipped: Counter[str] | None = None,
                      resolver: ConfigResolver | None = None) -> Iterator[str]:
    """Yield the files to check, each once, in a deterministic order.

    Paths named explicitly are checked even if excluded or git-ignored, as ruff does, unless
    `force_exclude` (for hooks that pass every staged file); exclusion then applies below them
    only. Files named explicitly are checked whatever their suffix; directories are walked for
    .py/.pyi files without following symlinks out of the tree. `skipped` counts what was left
    out, by reason ("excluded", "git-ignored", "outside-link"). With a `resolver`, each directory
    is walked under its own nearest configuration.
    """
    skipped = skipped if skipped is not None else Counter()
    resolver = resolver or ConfigResolver.single(config)
    seen: set[str] = set()
    for given in paths:
        is_dir = os.path.isdir(given)
        reason = _named_reason(given, is_dir, resolver.for_path(given)) if force_exclude else None
        if reason is not None:
            skipped[reason] += 1
            found: Iterator[str] = iter(())
        elif is_dir:
            found = _walk(given, resolver, skipped)
        else:
            found = iter([given])
        for path in found:
            key = os.path.normpath(path)
            if key not in seen:
                seen.add(key)
                yield path


def _named_reason(given: str, is_dir: bool, config: Config) -> str | None:
    """Why a named path is left out under --force-exclude, or None."""
    if config.is_excluded(given, is_dir=is_dir):
        return "excluded"
    if config.respect_gitignore:
        ignores = _GitIgnores()
        _load_parents(ignores, given, config)
        if ignores.ignored(os.path.abspath(given), is_dir):
            return "git-ignored"
    return None


def _load_parents(ignores: _GitIgnores, top: str, config: Config) -> None:
    """The .gitignore files above `top`, up to the project root."""
    for parent in reversed(Path(top).resolve().parents):
        if (parent / ".gitignore").is_file() and _inside(str(config.root), str(parent)):
            ignores.load(str(parent))


def _walk(top: str, resolver: ConfigResolver, skipped: Counter[str]) -> Iterator[str]:
    ignores = _GitIgnores()
    config = resolver.for_path(top)
    root = os.path.realpath(top)
    # A named directory that is itself excluded or ignored is checked: its patterns then apply below it only.
    top_abs = os.path.abspath(top)
    inherited = config.is_excluded(top, is_dir=True)
    if config.respect_gitignore:
        _load_parents(ignores, top, config)
        if ignores.ignored(top_abs, True):
            ignores = _GitIgnores()

    def excluded(full: str, is_dir: bool) -> bool:
        if not config.is_excluded(full, is_dir=is_dir):  # the configuration of the folder being walked
            return False
        if not inherited:
            return True
        rel = os.path.relpath(full, top).replace(os.sep, "/") + ("/" if is_dir else "")
        return config.is_excluded_relative(rel)

    for directory, dirnames, filenames in os.walk(top, followlinks=False):
        config = resolver.for_dir(os.path.abspath(directory))
        if config.respect_gitignore:
            ignores.load(directory)
        kept = []
        cache_dir = "CACHEDIR.TAG" in filenames  # a tool's cache: its folders are not worth a mention
        for name in sorted(dirnames):
            full = os.path.join(directory, name)
            if excluded(full, True):
                if name not in _UNCOUNTED and not cache_dir:
                    skipped["excluded"] += 1
            elif config.respect_gitignore and ignores.ignored(full, True):
                if not cache_dir:
                    skipped["git-ignored"] += 1
            else:
                kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            if not name.endswith(PYTHON_SUFFIXES):
                continue
            full = os.path.join(directory, name)
            if os.path.islink(full) and not _inside(full, root):
                skipped["outside-link"] += 1
            elif excluded(full, False):
                skipped["excluded"] += 1
            elif config.respect_gitignore and ignores.ignored(full, False):
                skipped["git-ignored"] += 1
            else:
                yield full


def display_path(path: str) -> str:
    """The path as reported: relative to the working directory when below it, with forward slashes."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return (path if rel.startswith("..") else rel).replace(os.sep, "/")
