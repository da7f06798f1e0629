"""`hardlint clean`: remove the result caches this machine's hardlint wrote, and nothing else.

A cache directory is found by name (`.hardlint_cache`, or the configured `cache-dir`) under the
given paths, without following links. What is removed must be provably ours: an entry only if its
HMAC verifies under this machine's key, the markers (`CACHEDIR.TAG`, `.gitignore`, `OWNER`) only in a
directory whose `OWNER` marker verifies for its own real path. Links are unlinked as links or left
alone, never followed; anything else found in the directory (a committed file, the LLM cache) stays,
and so does the directory then.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from hardlint import trust
from hardlint.cache import DEFAULT_DIR, OWNER_MARKER, PRUNE_STAMP, entry_files, proven_ours

_MARKERS = ("CACHEDIR.TAG", ".gitignore", OWNER_MARKER, PRUNE_STAMP)
_NEVER_WALKED = frozenset({".git", ".hg", ".svn", "node_modules"})


@dataclass
class CleanOutcome:
    """What `clean` did, per cache directory."""

    removed: list[str] = field(default_factory=list)  # directories removed completely
    emptied: dict[str, int] = field(default_factory=dict)  # directories kept, with entries removed
    refused: dict[str, str] = field(default_factory=dict)  # directories left alone, and why


def find_cache_dirs(paths: Iterable[str], extra: Iterable[Path] = ()) -> list[Path]:
    """`.hardlint_cache` folders under `paths` (links not followed), plus `extra` ones that exist."""
    found: dict[str, Path] = {}
    for candidate in [*extra, *(d for p in paths for d in _walk(p))]:
        if os.path.lexists(candidate):
            found.setdefault(os.path.abspath(candidate), Path(candidate))
    return list(found.values())


def _walk(top: str) -> Iterator[Path]:
    for directory, dirnames, _files in os.walk(top, followlinks=False):
        if DEFAULT_DIR in dirnames:
            yield Path(directory) / DEFAULT_DIR
        dirnames[:] = [d for d in dirnames if d != DEFAULT_DIR and d not in _NEVER_WALKED]


def clean(directories: Iterable[Path]) -> CleanOutcome:
    """Remove what hardlint provably wrote in each directory (see the module docstring)."""
    outcome = CleanOutcome()
    for directory in directories:
        shown = str(directory)
        if os.path.islink(directory):
            outcome.refused[shown] = "is a link; not followed"
            continue
        if not proven_ours(directory):
            outcome.refused[shown] = "not written by hardlint on this machine (no valid OWNER marker)"
            continue
        removed = sum(_remove_entry(path) for path, _mtime, _size in entry_files(directory))
        _remove_empty_shards(directory)
        if _only_markers_left(directory):
            for marker in _MARKERS:
                _unlink(directory / marker)
            try:
                directory.rmdir()
                outcome.removed.append(shown)
                continue
            except OSError:
                pass
        outcome.emptied[shown] = removed
    return outcome


def _remove_entry(path: str) -> int:
    """Unlink a result-cache entry whose MAC this machine made (a leftover temporary too)."""
    name = os.path.basename(path)
    if not name.startswith(".tmp-"):
        try:
            with open(path, "rb") as handle:
                mac, _, body = handle.read().partition(b"\n")
            if not trust.verify(body, mac.decode("ascii")):
                return 0
        except (OSError, UnicodeDecodeError):
            return 0
    return _unlink(Path(path))


def _remove_empty_shards(directory: Path) -> None:
    for entry in os.scandir(directory):
        if len(entry.name) == 2 and entry.is_dir(follow_symlinks=False):
            try:
                os.rmdir(entry.path)
            except OSError:
                pass  # not empty: something hardlint cannot prove it wrote


def _only_markers_left(directory: Path) -> bool:
    return all(name in _MARKERS for name in os.listdir(directory))


def _unlink(path: Path) -> int:
    try:
        os.unlink(path)
    except OSError:
        return 0
    return 1
