"""Which files a run checks: Python files under the given paths, minus excluded and git-ignored ones.

Inside a git work tree, git itself says what is ignored: one `git ls-files --cached --others
--exclude-standard` per work tree and run lists the files git would consider (tracked ones even
when a pattern matches them; nested `.gitignore` negations, `.git/info/exclude` and
`core.excludesFile` as git reads them). Outside one, or when git cannot answer, the `.gitignore`
files met while walking are read with `hardlint.globs`. hardlint's `exclude` applies on top.
"""

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

    def walking(self, directory: str) -> None:
        self.load(directory)

    def load(self, directory: str) -> None:
        candidate = os.path.join(directory, ".gitignore")
        if os.path.isfile(candidate):
            try:
                with open(candidate, encoding="utf-8", errors="replace") as handle:
                    self.specs[directory] = PathPatterns(handle)
            except OSError:
                pass

    def ignored(self, path: str, is_dir: bool) -> bool:
        """As git decides: the deepest `.gitignore` with a pattern matching the path has the last word."""
        decided = False
        for directory in sorted(self.specs, key=lambda d: os.path.abspath(d).count(os.sep)):
            rel = os.path.relpath(path, directory)
            if rel.startswith(".."):
                continue
            verdict = self.specs[directory].decide(rel.replace(os.sep, "/") + ("/" if is_dir else ""))
            decided = decided if verdict is None else verdict
        return decided


class _GitListing:
    """What git lists in one work tree (tracked files, and untracked ones it does not ignore)."""

    def __init__(self, root: str, listed: str) -> None:
        self.root = root
        self.files: set[str] = set()
        self.folders: set[str] = {""}
        self.nested: set[str] = set()  # untracked repositories inside, listed as `name/`
        for name in listed.split("\0"):
            if not name:
                continue
            if name.endswith("/"):
                name = name.rstrip("/")
                self.nested.add(name)
            else:
                self.files.add(name)
            parent = os.path.dirname(name)
            while parent not in self.folders:
                self.folders.add(parent)
                parent = os.path.dirname(parent)

    def ignored(self, path: str, is_dir: bool) -> bool:
        rel = os.path.relpath(path, self.root).replace(os.sep, "/")
        rel = "" if rel == "." else rel
        if is_dir:
            return rel not in self.folders and rel not in self.nested and rel not in self.files
        return rel not in self.files


class _GitTrees:
    """git's answer for every work tree a run meets, one `git ls-files` each; `.gitignore` files
    read by hardlint where there is no work tree or git cannot answer."""

    def __init__(self, named: Sequence[str]) -> None:
        self.named = [os.path.abspath(p) for p in named]
        self.listings: dict[str, _GitListing | None] = {}
        self.fallback = _GitIgnores()
        self._trees: dict[str, str | None] = {}

    def walking(self, directory: str) -> None:
        """Called for each directory walked: where git does not answer, its `.gitignore` is read."""
        if self.listing(directory, is_dir=True) is None:
            self.fallback.load(directory)

    def listing(self, path: str, is_dir: bool | None = None) -> _GitListing | None:
        """git's listing for the work tree holding `path` (a nested repository has its own)."""
        path = os.path.abspath(path)
        is_dir = os.path.isdir(path) if is_dir is None else is_dir
        root = self._work_tree(path if is_dir else os.path.dirname(path))
        if root is None:
            return None
        if root not in self.listings:
            self.listings[root] = self._list(root)
        return self.listings[root]

    def _work_tree(self, folder: str) -> str | None:
        """The top of the git work tree holding `folder`: the nearest folder up with a `.git`."""
        if folder not in self._trees:
            parent = os.path.dirname(folder)
            if os.path.lexists(os.path.join(folder, ".git")):
                self._trees[folder] = folder
            else:
                self._trees[folder] = None if parent == folder else self._work_tree(parent)
        return self._trees[folder]

    def _list(self, root: str) -> _GitListing | None:
        inside = [os.path.relpath(p, root) for p in self.named if _contains(root, p)]
        from hardlint.gitdiff import GitError, run_git  # git runs only inside a work tree

        try:
            listed = run_git(["--literal-pathspecs", "ls-files", "-z", "--cached", "--others",
                              "--exclude-standard", "--", *(inside or ["."])],
                             root)
        except GitError:
            return None
        return _GitListing(root, listed)

    def ignored(self, path: str, is_dir: bool) -> bool:
        listing = self.listing(path, is_dir)
        if listing is None:
            return self.fallback.ignored(path, is_dir)
        return listing.ignored(path, is_dir)


def _contains(folder: str, path: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


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
    trees = _GitTrees(paths)  # git runs only when a walk or --force-exclude asks it
    for given in paths:
        is_dir = os.path.isdir(given)
        reason = _named_reason(given, is_dir, resolver.for_path(given), trees) if force_exclude else None
        if reason is not None:
            skipped[reason] += 1
            found: Iterator[str] = iter(())
        elif is_dir:
            found = _walk(given, resolver, skipped, trees)
        else:
            found = iter([given])
        for path in found:
            key = os.path.normpath(path)
            if key not in seen:
                seen.add(key)
                yield path


def _named_reason(given: str, is_dir: bool, config: Config, trees: _GitTrees) -> str | None:
    """Why a named path is left out under --force-exclude, or None."""
    if config.is_excluded(given, is_dir=is_dir):
        return "excluded"
    if config.respect_gitignore:
        if trees.listing(given) is None:
            _load_parents(trees.fallback, given, config)
        if trees.ignored(os.path.abspath(given), is_dir):
            return "git-ignored"
    return None


def _load_parents(ignores: _GitIgnores, top: str, config: Config) -> None:
    """The .gitignore files above `top`, up to the project root."""
    for parent in reversed(Path(top).resolve().parents):
        if (parent / ".gitignore").is_file() and _inside(str(config.root), str(parent)):
            ignores.load(str(parent))


def _walk(top: str, resolver: ConfigResolver, skipped: Counter[str], trees: _GitTrees) -> Iterator[str]:
    ignores: _GitTrees | _GitIgnores = trees
    config = resolver.for_path(top)
    root = os.path.realpath(top)
    # A named directory that is itself excluded or ignored is checked: its patterns then apply below it only.
    top_abs = os.path.abspath(top)
    inherited = config.is_excluded(top, is_dir=True)
    if config.respect_gitignore:
        if trees.listing(top_abs) is None:
            _load_parents(trees.fallback, top, config)
        if trees.ignored(top_abs, True):
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
            ignores.walking(directory)
        kept = []
        cache_dir = "CACHEDIR.TAG" in filenames  # a tool's cache: its folders are not worth a mention
        for name in sorted(dirnames):
            full = os.path.join(directory, name)
            if excluded(full, True):
                if name not in _UNCOUNTED and not cache_dir:
                    skipped["excluded"] += 1
            elif config.respect_gitignore and ignores.ignored(os.path.abspath(full), True):
                if not cache_dir and not os.path.exists(os.path.join(full, "CACHEDIR.TAG")):
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
            elif config.respect_gitignore and ignores.ignored(os.path.abspath(full), False):
                skipped["git-ignored"] += 1
            else:
                yield full


def display_path(path: str) -> str:
    """The path as reported: relative to the working directory when below it, with forward slashes."""
    try:
        # A relative path is already relative to the working directory: only normalised (no getcwd).
        rel = os.path.relpath(path) if os.path.isabs(path) else os.path.normpath(path)
    except ValueError:
        return path
    return (path if rel.startswith("..") else rel).replace(os.sep, "/")
