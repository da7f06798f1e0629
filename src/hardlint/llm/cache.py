"""On-disk results of the LLM pass, so an unchanged finding is never paid for twice.

The key hashes the model, the prompt version, the system prompt text, the rule and the redacted
message for the finding (which has no absolute line numbers). Only redacted text and the model's
answer are stored; original secret values never reach the cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any, Iterator

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

    def get(self, key: str) -> dict[str, Any] | None:
        if self.directory is None:
            return None
        try:
            with open(self._path(key), encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) and "triage" in data else None

    def put(self, key: str, record: dict[str, Any]) -> None:
        if self.directory is None:
            return
        _write_json(self._path(key), {**record, "stored_at": int(time.time())})

    # -- pending Message Batches -----------------------------------------------------------------
    def _batches(self) -> Path:
        return self._root() / "batches"

    def add_pending(self, batch_id: str, record: dict[str, Any]) -> None:
        if self.directory is not None:
            _write_json(self._batches() / f"{_safe(batch_id)}.json", {"id": batch_id, **record})

    def pending(self) -> Iterator[dict[str, Any]]:
        if self.directory is None or not self._batches().is_dir():
            return
        for path in sorted(self._batches().glob("*.json")):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if isinstance(data, dict) and isinstance(data.get("id"), str):
                yield data

    def remove_pending(self, batch_id: str) -> None:
        if self.directory is not None:
            try:
                (self._batches() / f"{_safe(batch_id)}.json").unlink()
            except FileNotFoundError:
                pass


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
