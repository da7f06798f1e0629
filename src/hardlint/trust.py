"""This machine's secret key, and authentication of the files hardlint writes for itself.

A checked tree is attacker-controlled: anything in it, a committed cache entry included, may be
crafted to hide a finding. Files hardlint wrote for itself (result and LLM cache entries) carry
an HMAC made with a key that lives in the user's cache directory, never in the checked tree, so
a crafted entry fails verification and counts as a miss.

The key is 32 random bytes in `$HARDLINT_KEY_FILE`, or `<user cache dir>/hardlint/key`
(`$XDG_CACHE_HOME`, else `~/.cache`). It is created once with `O_EXCL` and mode 0600; a key
file that is a symlink, not a regular file, or of the wrong size is refused and replaced by a
per-process random key, so authentication never depends on a file someone else controls.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
from functools import lru_cache
from pathlib import Path

KEY_BYTES = 32
MAC_HEX_CHARS = 64


def key_path() -> Path:
    """Where this user's key lives."""
    explicit = os.environ.get("HARDLINT_KEY_FILE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "hardlint" / "key"


def _read_key(path: Path) -> bytes | None:
    """The key at `path`, or None unless it is a regular, non-link file of the right size."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size != KEY_BYTES:
            return None
        data = os.read(fd, KEY_BYTES + 1)
    finally:
        os.close(fd)
    return data if len(data) == KEY_BYTES else None


def _create_key(path: Path) -> bytes | None:
    """Write a new key to `path` exclusively; None when another process won or it failed."""
    key = secrets.token_bytes(KEY_BYTES)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except OSError:
        return None
    try:
        os.write(fd, key)
    finally:
        os.close(fd)
    return key


@lru_cache(maxsize=1)
def machine_key() -> bytes:
    """This user's key: read, else created; a per-process key when neither works."""
    path = key_path()
    key = _read_key(path)
    if key is None and not path.is_symlink():
        key = _create_key(path) or _read_key(path)
    return key if key is not None else secrets.token_bytes(KEY_BYTES)


def sign(data: bytes) -> str:
    """The hex HMAC-SHA256 of `data` under this machine's key."""
    return hmac.new(machine_key(), data, hashlib.sha256).hexdigest()


def verify(data: bytes, mac: object) -> bool:
    """Whether `mac` is this machine's signature of `data` (constant time)."""
    return isinstance(mac, str) and len(mac) == MAC_HEX_CHARS and hmac.compare_digest(sign(data), mac)
