"""Batch ids come from a cache file inside the checked tree (or from the API): printed escaped (issue 16)."""

from __future__ import annotations

import io
from pathlib import Path

from fake_messages_api import FakeMessagesAPI
from llm_support import write_project

from hardlint.config import Config
from hardlint.llm import collect_batches, settings_from_config
from hardlint.llm.cache import ResultCache

HOSTILE_ID = "msgbatch_\x1b]0;pwned\x07\u202e\n::error file=app.py,line=1::LGTM"


def test_a_hostile_batch_id_is_printed_escaped(tmp_path: Path, api: FakeMessagesAPI) -> None:
    write_project(tmp_path, {"app/tasks.py": "x = 1\n"})
    config = Config(root=tmp_path)
    settings = settings_from_config(config, timeout=5.0)
    cache = ResultCache(settings.cache_path(config))
    cache.add_pending(HOSTILE_ID, {"model": settings.model, "keys": [], "submitted_at": 0})
    out = io.StringIO()
    collect_batches(settings, cache, out)
    text = out.getvalue()
    assert "not found" in text
    assert not any(c in text for c in "\x1b\x07\u202e"), text
    assert not [line for line in text.splitlines() if line.startswith("::")], text
