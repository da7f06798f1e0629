"""The result cache: a file's findings, errors and facts, keyed by everything that decides them.

An entry's key hashes the file's bytes, the path it is reported under, the configuration's
fingerprint, hardlint's version and the text of hardlint's own modules and of every rule module
and data file, so editing a rule or upgrading hardlint invalidates every entry at once. Entries
are JSON files written to a temporary name and renamed into place, so concurrent runs never see
half an entry; anything unreadable or malformed counts as a miss. A cache directory that cannot
be created or written turns caching off for the run, silently.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from hardlint.config import Config
from hardlint.finding import FileResult

DEFAULT_DIR = ".hardlint_cache"
FORMAT = "1"  # bump when the entry layout changes
_CODE_SUFFIXES = (".py", ".toml", ".json", ".txt")
_temporary_names = itertools.count()


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A hash of hardlint's version and the text of its modules, rules and rule data files."""
    import hardlint
    import hardlint.rules as rules

    digest = hashlib.blake2b(f"{FORMAT}:{hardlint.__version__}".encode(), digest_size=16)
    roots = [Path(hardlint.__file__).parent, *(Path(p) for p in rules.__path__)]
    for root in roots:
        files = []
        for directory, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            files.extend(os.path.join(directory, n) for n in filenames if n.endswith(_CODE_SUFFIXES))
        for path in sorted(files):
            try:
                with open(path, "rb") as handle:
                    content = handle.read()
            except OSError:
                continue
            digest.update(os.path.relpath(path, root).encode() + b"\0" + content + b"\0")
    return digest.hexdigest()


class ResultCache:
    """Cached FileResults for one configuration, stored under `directory`."""

    def __init__(self, directory: Path, config: Config) -> None:
        self.directory = directory
        self.enabled = True
        from hardlint.integrations.bandit_adapter import version as bandit_version

        settings = f"{code_digest()}\0{config.fingerprint()}\0{bandit_version(config)}"
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

    def get(self, key: str) -> FileResult | None:
        """The cached result, or None for a miss (absent, truncated or malformed entry)."""
        if not self.enabled:
            return None
        try:
            with open(self._entry(key), "rb") as handle:
                payload: Any = json.loads(handle.read())
            if payload.get("key") != key:
                return None
            return FileResult.from_dict(payload["result"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def put(self, key: str, result: FileResult) -> None:
        """Store `result`; on any filesystem problem caching is switched off for this run."""
        if not self.enabled:
            return
        entry = self._entry(key)
        try:
            if not self._ready:
                self._prepare()
            entry.parent.mkdir(exist_ok=True)
            text = json.dumps({"key": key, "result": result.to_dict()}, separators=(",", ":"))
            # A name no other process or entry uses, renamed over the entry only once complete.
            temporary = str(entry.parent / f".tmp-{os.getpid()}-{next(_temporary_names)}")
            try:
                with open(temporary, "x", encoding="utf-8") as out:
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
        self._ready = True


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


__all__ = ["ResultCache", "code_digest", "DEFAULT_DIR"]
