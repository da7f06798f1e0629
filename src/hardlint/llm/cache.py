"""On-disk results of the LLM pass, so an unchanged finding is never paid for twice.

The key hashes the model, the prompt version, the system prompt text, the rule and the redacted
message for the finding (which has no absolute line numbers). Only redacted text and the model's
answer are stored; original secret values never reach the cache.

Entries are authenticated like the result cache: each file holds the record and an HMAC of the key
and record under this machine's key (`hardlint.trust`). A forged, unsigned, malformed or moved entry
is a miss; a cache directory reached through a symlink is neither read nor written.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any, Iterator

from hardlint import trust
from hardlint.llm.prompt import PROMPT_VERSION, SYSTEM_PROMPT


def cache_key(model: str, code: str, message_text: str) -> str:
    """64 hex digits; also used as the `custom_id` of batch requests."""
    material = json.dumps([PROMPT_VERSION, hashlib.sha256(SYSTEM_PROMPT.encode()).hexdigest(), model, code,
                           _normalise(message_text)])
    return hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()


def _normalise(text: str) -> str:
    """Trailing whitespace and line-ending style do not change the meaning of the request."""
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).strip()


class ResultCache:
    """A directory of JSON files, one per key, written atomically; `None` directory = disabled."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory

    def _root(self) -> Path:
        if self.directory is None:
            raise RuntimeError("the LLM result cache is disabled")
        return self.directory

    def _path(self, key: str) -> Path:
        return self._root() / "results" / key[:2] / f"{key}.json"

    def _usable(self, path: Path) -> bool:
        """No symlink anywhere from the cache directory down to `path`."""
        root = self._root()
        if root.is_symlink():
            return False
        current = root
        for part in path.relative_to(root).parts:
            current = current / part
            if current.is_symlink():
                return False
        return True

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored record for `key`, or None when absent, unsigned, forged or malformed."""
        if self.directory is None:
            return None
        path = self._path(key)
        if not self._usable(path):
            return None
        try:
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, ValueError, RecursionError):
            return None
        if not isinstance(data, dict) or not isinstance(data.get("record"), dict):
            return None
        record = data["record"]
        if not trust.verify(_signed(key, record), data.get("mac")):
            return None
        return record if "triage" in record else None

    def put(self, key: str, record: dict[str, Any]) -> None:
        """Store `record` under `key`, signed; skipped when the cache directory is a symlink."""
        if self.directory is None or not self._usable(self._path(key)):
            return
        stored = {**record, "stored_at": int(time.time())}
        _write_json(self._path(key), {"record": stored, "mac": trust.sign(_signed(key, stored))})

    # -- pending Message Batches -----------------------------------------------------------------
    def _batch_path(self, batch_id: str) -> Path:
        return self._root() / "batches" / f"{_safe(batch_id)}.json"

    def add_pending(self, batch_id: str, record: dict[str, Any]) -> None:
        """Remember a submitted batch, signed like the results; never through a symlink."""
        if self.directory is None or not self._usable(self._batch_path(batch_id)):
            return
        stored = {"id": batch_id, **record}
        _write_json(self._batch_path(batch_id), {"record": stored, "mac": trust.sign(_signed_batch(stored))})

    def pending(self) -> Iterator[dict[str, Any]]:
        """The batches this machine submitted and has not collected; forged or unsigned files are skipped."""
        if self.directory is None:
            return
        batches = self._root() / "batches"
        if not batches.is_dir() or not self._usable(batches):
            return
        for path in sorted(batches.glob("*.json")):
            if path.is_symlink():
                continue
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError, RecursionError):
                continue
            record = data.get("record") if isinstance(data, dict) else None
            if (isinstance(record, dict) and isinstance(record.get("id"), str)
                    and path.name == f"{_safe(record['id'])}.json"
                    and trust.verify(_signed_batch(record), data.get("mac"))):
                yield record

    def remove_pending(self, batch_id: str) -> None:
        if self.directory is None or not self._usable(self._batch_path(batch_id)):
            return
        try:
            self._batch_path(batch_id).unlink()
        except FileNotFoundError:
            pass


def _signed(key: str, record: dict[str, Any]) -> bytes:
    """The bytes an entry's MAC covers: its key (so an entry cannot be moved) and its record."""
    return json.dumps(["hardlint-llm-cache-1", key, record], sort_keys=True,
                      ensure_ascii=True).encode("ascii")


def _signed_batch(record: dict[str, Any]) -> bytes:
    return json.dumps(["hardlint-llm-batch-1", record], sort_keys=True, ensure_ascii=True).encode("ascii")


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in name)[:120]


def _write_json(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=1, sort_keys=True)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
