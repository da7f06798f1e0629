"""The result cache: a file's findings, errors and facts, keyed by everything that decides them.

An entry's key hashes the file's bytes, the path it is reported under, the configuration's
fingerprint, hardlint's version and the text of hardlint's own modules and of every rule module
and data file, so editing a rule or upgrading hardlint invalidates every entry at once. Entries
are JSON files written to a temporary name and renamed into place, so concurrent runs never see
half an entry; anything unreadable or malformed counts as a miss. A cache directory that cannot
be created or written turns caching off for the run, silently.

The checked tree, and so a committed cache directory, is attacker-controlled and every key input
is public. Each entry therefore carries an HMAC of its bytes under this machine's key
(`hardlint.trust`); an entry that fails it, is malformed in any way, or names a path other than
the file(s) it is keyed for is a miss.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

from hardlint import trust
from hardlint.config import Config
from hardlint.finding import Fact, FileError, FileResult, Finding

DEFAULT_DIR = ".hardlint_cache"
FORMAT = "2"  # bump when the entry layout changes
_CODE_SUFFIXES = (".py", ".toml", ".json", ".txt")
_temporary_names = itertools.count()
# Pruning: an entry not used for MAX_AGE seconds is removed, then the oldest until the cache is under
# MAX_BYTES; at most once per PRUNE_EVERY, at the end of a run. A hit older than TOUCH_AFTER is touched
# (its mtime is "last used"), so an entry in use never ages out.
MAX_AGE = 30 * 86400
MAX_BYTES = 256 * 1024 * 1024
PRUNE_EVERY = 86400
TOUCH_AFTER = 86400
OWNER_MARKER = "OWNER"  # proves this machine's hardlint created the directory (see `owner_mark`)
PRUNE_STAMP = "last-pruned"
_ENTRY_NAME = re.compile(r"^(?:[0-9a-f]{40}\.json|\.tmp-\d+-\d+)$")
_SHARD_NAME = re.compile(r"^[0-9a-f]{2}$")


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A hash of hardlint's version and the name, size and modification time of each of its modules,
    rules and rule data files (what Python's own bytecode cache trusts; reading them all cost a
    warm run a tenth of its time)."""
    import hardlint
    import hardlint.rules as rules

    digest = hashlib.blake2b(f"{FORMAT}:{hardlint.__version__}".encode(), digest_size=16)
    roots = [Path(hardlint.__file__).parent, *(Path(p) for p in rules.__path__)]
    for root in roots:
        stamps = []
        for directory, dirnames, filenames in os.walk(root):
            dirnames[:] = [d for d in dirnames if d != "__pycache__"]
            for name in filenames:
                if name.endswith(_CODE_SUFFIXES):
                    path = os.path.join(directory, name)
                    try:
                        info = os.stat(path)
                    except OSError:
                        continue
                    stamps.append(f"{os.path.relpath(path, root)}\0{info.st_size}\0{info.st_mtime_ns}\0")
        digest.update("".join(sorted(stamps)).encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _bandit_version(config: Config) -> str:
    """bandit's version when this run uses it; its adapter (and `logging`) is not imported otherwise."""
    if not config.bandit:
        return ""
    from hardlint.integrations.bandit_adapter import version

    return version(config)


class ResultCache:
    """Cached FileResults for one configuration, stored under `directory`."""

    def __init__(self, directory: Path, config: Config) -> None:
        self.directory = directory
        self.enabled = True
        settings = f"{code_digest()}\0{config.fingerprint()}\0{_bandit_version(config)}"
        self._settings = hashlib.blake2b(settings.encode(), digest_size=16).digest()
        self._ready = False
        self._keys: list[str] = []  # every file key asked for in this run

    @classmethod
    def for_config(cls, config: Config) -> ResultCache | None:
        """The cache a run should use, or None when caching is off."""
        if not config.cache:
            return None
        directory = Path(config.cache_dir) if config.cache_dir else config.root / DEFAULT_DIR
        if not directory.is_absolute():
            directory = config.root / directory
        return cls(directory, config)

    def key(self, path: str, data: bytes, is_test: bool) -> str:
        """The entry key for `data` checked as the file `path`."""
        digest = hashlib.blake2b(self._settings, digest_size=20)
        digest.update(f"{path}\0{int(is_test)}\0".encode("utf-8", "surrogateescape"))
        digest.update(data)
        key = digest.hexdigest()
        self._keys.append(key)
        return key

    def project_key(self) -> str:
        """The key of the project phase's result: every file of the run, exactly as it was checked
        (facts and the lines that could suppress a project finding both come from the files)."""
        digest = hashlib.blake2b(self._settings, digest_size=20)
        digest.update(b"project\0" + "\0".join(sorted(self._keys)).encode())
        return digest.hexdigest()

    def _entry(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str, paths: str | frozenset[str] | None = None) -> FileResult | None:
        """The cached result, or None for a miss: absent, unauthenticated or malformed entries, and
        entries naming a path other than `paths` (one file's path, or the run's files)."""
        if not self.enabled:
            return None
        try:
            with open(self._entry(key), "rb") as handle:
                raw = handle.read()
                modified = os.fstat(handle.fileno()).st_mtime
            mac, _, body = raw.partition(b"\n")
            if not trust.verify(body, mac.decode("ascii")):
                return None
            if time.time() - modified > TOUCH_AFTER:
                os.utime(self._entry(key), follow_symlinks=False)  # used today: keep it when pruning
            payload: Any = json.loads(body)
            if not isinstance(payload, dict) or payload.get("key") != key:
                return None
            result = FileResult.from_dict(payload["result"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
            return None
        allowed = frozenset([paths]) if isinstance(paths, str) else paths
        return result if _well_formed(result, allowed) else None

    def put(self, key: str, result: FileResult) -> None:
        """Store `result`; on any filesystem problem caching is switched off for this run."""
        if not self.enabled:
            return
        entry = self._entry(key)
        try:
            if not self._ready:
                self._prepare()
            entry.parent.mkdir(exist_ok=True)
            body = json.dumps({"key": key, "result": result.to_dict()}, separators=(",", ":")).encode()
            text = trust.sign(body).encode() + b"\n" + body
            # A name no other process or entry uses, renamed over the entry only once complete.
            temporary = str(entry.parent / f".tmp-{os.getpid()}-{next(_temporary_names)}")
            try:
                with open(temporary, "xb") as out:
                    out.write(text)
                os.replace(temporary, entry)
            except BaseException:
                _remove(temporary)
                raise
        except (OSError, TypeError, ValueError):
            self.enabled = False

    def _prepare(self) -> None:
        """Create the directory and its markers; refuse (OSError) a directory or marker that is a link."""
        if self.directory.is_symlink():
            raise OSError(f"cache directory {self.directory} is a link")
        self.directory.mkdir(parents=True, exist_ok=True)
        tag = self.directory / "CACHEDIR.TAG"
        ignore = self.directory / ".gitignore"
        if tag.is_symlink() or ignore.is_symlink():
            raise OSError(f"a marker in cache directory {self.directory} is a link")
        if not tag.exists():
            tag.write_text("Signature: 8a477f597d28d172789f06886806bc55\n"
                           "# This directory holds hardlint's result cache; it is safe to delete.\n")
            (self.directory / ".gitignore").write_text("*\n")
        _write_new(self.directory / OWNER_MARKER, owner_mark(self.directory))
        self._ready = True

    def prune_if_due(self) -> int:
        """Remove unused and excess entries, at most once a day; how many were removed."""
        if not self.enabled or self.directory.is_symlink() or not self.directory.is_dir():
            return 0
        stamp = self.directory / PRUNE_STAMP
        now = time.time()
        try:
            if now - os.lstat(stamp).st_mtime < PRUNE_EVERY:
                return 0
        except FileNotFoundError:
            pass
        except OSError:
            return 0
        removed = prune(self.directory, now)
        try:
            fd = os.open(stamp, os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
            try:
                os.utime(fd, (now, now))
            finally:
                os.close(fd)
        except OSError:
            pass
        return removed


def owner_mark(directory: Path) -> str:
    """The marker text that proves this machine's hardlint made `directory`: a MAC of its real path
    under the machine's key (a copied or committed cache directory does not carry a valid one)."""
    return trust.sign(f"hardlint-result-cache\0{os.path.realpath(directory)}".encode()) + "\n"


def proven_ours(directory: Path) -> bool:
    """Whether `directory` is a real directory (not a link) whose owner marker this machine wrote."""
    try:
        if os.path.islink(directory) or not directory.is_dir():
            return False
        marker = directory / OWNER_MARKER
        if marker.is_symlink() or not marker.is_file():
            return False
        return trust.verify(f"hardlint-result-cache\0{os.path.realpath(directory)}".encode(),
                            marker.read_text("ascii").strip())
    except (OSError, UnicodeDecodeError):
        return False


def entry_files(directory: Path) -> list[tuple[str, float, int]]:
    """(path, mtime, size) of every cache entry (and leftover temporary) under `directory`; only
    regular files named as entries, in shard folders that are not links."""
    found = []
    try:
        shards = [e for e in os.scandir(directory) if _SHARD_NAME.match(e.name) and e.is_dir(follow_symlinks=False)]
    except OSError:
        return []
    for shard in shards:
        try:
            entries = list(os.scandir(shard.path))
        except OSError:
            continue
        for entry in entries:
            if _ENTRY_NAME.match(entry.name) and entry.is_file(follow_symlinks=False):
                info = entry.stat(follow_symlinks=False)
                found.append((entry.path, info.st_mtime, info.st_size))
    return found


def prune(directory: Path, now: float, max_age: float = MAX_AGE, max_bytes: int = MAX_BYTES) -> int:
    """Remove entries unused for `max_age` seconds, then the least recently used ones until the
    entries take at most `max_bytes`; returns how many were removed."""
    removed = 0
    kept = []
    for path, modified, size in entry_files(directory):
        if now - modified > max_age:
            removed += _remove(path)
        else:
            kept.append((modified, size, path))
    total = sum(size for _, size, _ in kept)
    for _modified, size, path in sorted(kept):
        if total <= max_bytes:
            break
        removed += _remove(path)
        total -= size
    return removed


def _write_new(path: Path, text: str) -> None:
    """Write `path`, refusing (OSError) to follow a link planted at its name."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o644)
    with open(fd, "w", encoding="ascii") as handle:
        handle.write(text)


def _types_ok(item: object, fields: dict[str, type | tuple[type, ...]]) -> bool:
    return all(isinstance(getattr(item, name), kind) for name, kind in fields.items())


_INT = int
_STR = str
_OPT_STR = (str, type(None))
_FINDING = {"code": _STR, "path": _STR, "line": _INT, "column": _INT, "end_line": _INT, "end_column": _INT,
            "severity": _STR, "message": _STR, "source": _STR, "name": _STR, "confidence": _OPT_STR}


def _well_formed(result: FileResult, paths: frozenset[str] | None) -> bool:
    """Whether a decoded entry has the right types and names only `paths` (None: any path)."""
    def ok_path(path: object) -> bool:
        return isinstance(path, str) and (paths is None or path in paths)

    if not isinstance(result.path, str):
        return False
    for finding in result.findings:
        if not isinstance(finding, Finding) or not _types_ok(finding, _FINDING) or not ok_path(finding.path):
            return False
        if "llm" in finding.annotations:  # the LLM pass runs after the cache; never trust a stored verdict
            return False
        for step in finding.related:
            if not ok_path(step.path) or not isinstance(step.line, int) or not isinstance(step.column, int):
                return False
        if finding.fix is not None and not all(
                all(isinstance(v, int) for v in (e.line, e.column, e.end_line, e.end_column))
                and isinstance(e.content, str) for e in finding.fix.edits):
            return False
    for error in result.errors:
        if not isinstance(error, FileError) or not ok_path(error.path) or not isinstance(error.kind, str):
            return False
    for fact in result.facts:
        if not isinstance(fact, Fact) or not ok_path(fact.path) or not isinstance(fact.data, dict):
            return False
    return True


def _remove(path: str) -> int:
    """Unlink `path` (a link itself, never its target); 1 if removed, else 0."""
    try:
        os.unlink(path)
    except OSError:
        return 0
    return 1


__all__ = ["ResultCache", "code_digest", "DEFAULT_DIR", "prune", "proven_ours", "entry_files"]
