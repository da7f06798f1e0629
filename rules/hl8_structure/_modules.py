"""Mapping import statements to the project's own files, for the project-level rules (HL701, HL801).

Module names are not configured: a file's possible names are the dotted suffixes of its path
(`src/shop/models.py` answers to `shop.models`, `src.shop.models` and `models`), and an import picks
the candidate that Python could really have found: the part of the path left over must not be inside
a package (a directory with `__init__.py`), one-part names only resolve next to the importer or at
the top of the tree (`.`, `src/`), and among several candidates the one nearest the importer wins.
Relative imports are resolved from the importer's own path. This handles flat scripts, packages,
namespace packages and `src/` layouts without knowing the project root.
"""

from __future__ import annotations

import os
import posixpath
from functools import lru_cache
from typing import Iterable


@lru_cache(maxsize=65536)  # the project phase asks again for every import of every file
def normalise(path: str) -> str:
    return posixpath.normpath(path.replace(os.sep, "/"))


@lru_cache(maxsize=65536)
def _components(path: str) -> tuple[str, ...]:
    """("shop", "models") for shop/models.py, ("shop",) for shop/__init__.py."""
    stem = path[:-4] if path.endswith(".pyi") else path[:-3] if path.endswith(".py") else path
    parts = tuple(p for p in stem.split("/") if p not in ("", "."))
    if parts and parts[-1] == "__init__":
        parts = parts[:-1]
    return parts


@lru_cache(maxsize=4096)
def is_package_dir(directory: str) -> bool:
    return os.path.isfile(os.path.join(directory or ".", "__init__.py"))


@lru_cache(maxsize=4096)
def top_package(directory: str) -> str | None:
    """The outermost directory with `__init__.py` that holds `directory` (itself included), looking
    past namespace directories in between (`litellm/llms/openai/` inside the package `litellm/`)."""
    parent = posixpath.dirname(directory)
    above = top_package(parent) if parent and parent != directory else None
    return above or (directory if directory and is_package_dir(directory) else None)


def import_root(directory: str) -> str | None:
    """The `sys.path` entry from which a module in `directory` is imported absolutely: the directory
    above its outermost package (`src/litellm` for `src/litellm/litellm/llms/openai`), or None
    when no directory above it is a package (flat scripts, namespace packages)."""
    package = top_package(directory)
    return None if package is None else posixpath.dirname(package)


def _leftover(path: str, depth: int) -> str:
    """The directory left when the last `depth` parts of the module `path` names are taken off."""
    base = posixpath.splitext(path)[0]
    if posixpath.basename(base) == "__init__":
        base = posixpath.dirname(base)
    for _ in range(depth):
        base = posixpath.dirname(base)
    return base


def project_of(path: str) -> str:
    """The directory above the file's outermost package, or the file's own directory outside packages."""
    directory = posixpath.dirname(normalise(path))
    while directory and is_package_dir(directory):
        parent = posixpath.dirname(directory)
        if parent == directory:
            break
        directory = parent
    return directory


@lru_cache(maxsize=4096)
def module_exists(directory: str, name: str) -> bool:
    base = os.path.join(directory or ".", name)
    return os.path.isfile(base + ".py") or os.path.isfile(base + ".pyi") or os.path.isdir(base)


def _package_of(path: str) -> str:
    """The directory whose package a module belongs to (its own directory)."""
    return posixpath.dirname(path)


class ModuleIndex:
    """The project's files by every dotted name they could be imported under."""

    def __init__(self, paths: Iterable[str]) -> None:
        self.paths = sorted({normalise(p) for p in paths})
        self.by_suffix: dict[tuple[str, ...], list[str]] = {}
        self.by_path: dict[str, str] = {}
        for path in self.paths:
            parts = _components(path)
            for start in range(len(parts)):
                self.by_suffix.setdefault(parts[start:], []).append(path)
            self.by_path[posixpath.splitext(path)[0]] = path

    def _at(self, directory: str, parts: tuple[str, ...]) -> str | None:
        """The known file for module `parts` under `directory`, if any."""
        base = posixpath.join(directory, *parts) if parts else directory
        base = normalise(base) if base else ""
        for candidate in (base, posixpath.join(base, "__init__") if base else "__init__"):
            if candidate in self.by_path:
                return self.by_path[candidate]
        return None

    def resolve(self, importer: str, module: str, level: int = 0) -> str | None:
        """The file `import module` (or `from <level dots>module import ...`) refers to, if it is ours."""
        parts = tuple(p for p in module.split(".") if p)
        importer = normalise(importer)
        if level:
            directory = _package_of(importer)
            for _ in range(level - 1):
                directory = posixpath.dirname(directory)
            return self._at(directory, parts)
        if not parts:
            return None
        best: tuple[int, int, str] | None = None
        own_dir = posixpath.dirname(importer)
        for candidate in self.by_suffix.get(parts, ()):
            if not self._on_sys_path(_leftover(candidate, len(parts)), candidate, len(parts), own_dir):
                continue
            shared = len(posixpath.commonprefix([candidate.split("/"), importer.split("/")]))
            key = (-shared, len(candidate), candidate)
            if best is None or key < best:
                best = key
        return best[2] if best else None

    @staticmethod
    def _on_sys_path(leftover: str, candidate: str, depth: int, own_dir: str) -> bool:
        """Could `leftover` be the `sys.path` entry an absolute import of `candidate` starts from?
        Inside a package only the directory above the outermost package is (Python 3 has no implicit
        relative imports: `import openai` in `pkg/llms/openai/openai.py` is the SDK, not the file);
        elsewhere any directory that is not a package, and for a one-part name only the top of the
        tree (`.`, `src/`) or the importing script's own directory."""
        if leftover and is_package_dir(leftover):
            return False
        root = import_root(posixpath.dirname(candidate))
        if root is not None:
            return leftover in (root, "", "src")
        return depth > 1 or candidate.endswith("__init__.py") or leftover in (own_dir, "", "src")


def dotted(path: str) -> str:
    """A readable module name for a path: from the directory above its outermost package on disk
    (`shop.models`, `litellm.llms.openai.openai` across a namespace directory), else the path
    without `.py` and without a leading `src/` layout directory (`app.main`) when it is relative,
    else the file's stem."""
    path = normalise(path)
    root = import_root(posixpath.dirname(path))
    if root is not None:
        return ".".join(_components(path[len(root):].lstrip("/") if root else path)) or path
    parts = _components(path)
    if path.startswith("/"):
        return parts[-1] if parts else path
    if "src" in parts[:-1]:  # a `src/` layout directory is never part of a module's name
        parts = parts[len(parts) - 1 - parts[::-1].index("src") + 1:]
    return ".".join(parts) or path
