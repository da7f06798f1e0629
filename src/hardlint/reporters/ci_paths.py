"""Paths as CI systems want them: relative to the repository root, with forward slashes."""

from __future__ import annotations

import os
from pathlib import Path

from hardlint.config import Config
from hardlint.gitdiff import repo_root


def base_dir(config: Config) -> Path:
    """The git work tree holding the project root, else the project root itself."""
    return repo_root(config.root) or config.root.resolve()


def relative_to(path: str, base: Path) -> str:
    """`path` relative to `base` in posix form; unchanged (posix) when it lies outside `base`."""
    try:
        return Path(os.path.realpath(path)).relative_to(base).as_posix()
    except ValueError:
        return path.replace(os.sep, "/")
