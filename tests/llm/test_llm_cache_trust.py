"""LLM cache entries are authenticated: forged, unsigned, malformed or symlinked entries are misses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from llm_support import llm, run_pass, write_project
from fake_messages_api import FakeMessagesAPI, triage

from hardlint.llm.cache import ResultCache

KEY = "ab" + "0" * 62
RECORD = {"triage": {"verdict": "confirmed", "severity": "high"}}

APP = '''
def handler(request):
    try:
        return request.run()
    except:
        return None
'''


def _entry(cache: ResultCache) -> Path:
    return cache._path(KEY)


def test_signed_entry_round_trips(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "c")
    cache.put(KEY, RECORD)
    got = cache.get(KEY)
    assert got is not None and got["triage"] == RECORD["triage"]


@pytest.mark.parametrize("content", [
    b"", b"not json", b"[]", b"null", b'{"record": 5}', b'{"triage": {"verdict": "false_positive"}}',
    b'{"record": {"triage": {"verdict": "false_positive"}}}',
    b'{"record": {"triage": {"verdict": "false_positive"}}, "mac": "' + b"0" * 64 + b'"}',
    b'{"record": {"triage": {}}, "mac": 7}', b"\xff\xfe garbage", b"[" * 100_000,
])
def test_unsigned_forged_or_malformed_entries_are_misses(tmp_path: Path, content: bytes) -> None:
    cache = ResultCache(tmp_path / "c")
    path = _entry(cache)
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    assert cache.get(KEY) is None


def test_tampered_record_or_moved_entry_is_a_miss(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "c")
    cache.put(KEY, RECORD)
    data = json.loads(_entry(cache).read_text())
    data["record"]["triage"]["verdict"] = "false_positive"
    _entry(cache).write_text(json.dumps(data))
    assert cache.get(KEY) is None
    cache.put(KEY, RECORD)
    other = "cd" + "1" * 62
    moved = cache._path(other)
    moved.parent.mkdir(parents=True)
    moved.write_bytes(_entry(cache).read_bytes())
    assert cache.get(other) is None and cache.get(KEY) is not None


def test_symlinked_cache_directory_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    ResultCache(real).put(KEY, RECORD)
    link = tmp_path / "link"
    link.symlink_to(real)
    cache = ResultCache(link)
    assert cache.get(KEY) is None
    cache.put("ef" + "2" * 62, RECORD)
    assert not (real / "results" / "ef").exists()
    (tmp_path / "sub").mkdir()
    inner = ResultCache(tmp_path / "sub")
    (tmp_path / "sub" / "results").symlink_to(real / "results")
    assert inner.get(KEY) is None


def test_poisoned_cache_does_not_change_the_verdict(tmp_path: Path, api: FakeMessagesAPI,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    write_project(tmp_path, {"app/views.py": APP})
    api.responder = lambda body: api.message(triage(verdict="confirmed"), body=body)
    run_pass(tmp_path, monkeypatch)
    assert len(api.message_requests()) == 1
    entries = list((tmp_path / ".hardlint_cache").rglob("results/*/*.json"))
    assert len(entries) == 1
    data = json.loads(entries[0].read_text())
    data["record"]["triage"]["verdict"] = "false_positive"
    entries[0].write_text(json.dumps(data))
    report, summary, err = run_pass(tmp_path, monkeypatch)
    assert "Traceback" not in err
    assert len(api.message_requests()) == 2 and summary.from_cache == 0
    assert [llm(f)["verdict"] for f in report.findings] == ["confirmed"]


def test_pending_batches_are_signed_and_forged_ones_ignored(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "c")
    cache.add_pending("msgbatch_01", {"model": "m", "keys": [KEY]})
    assert [r["id"] for r in cache.pending()] == ["msgbatch_01"]
    batches = tmp_path / "c" / "batches"
    # A batch file committed by someone else: plain JSON in the old format, a forged MAC, a renamed copy.
    (batches / "msgbatch_evil.json").write_text(json.dumps({"id": "msgbatch_evil", "keys": [KEY]}))
    forged = json.loads((batches / "msgbatch_01.json").read_text())
    forged["record"]["keys"] = ["ff" * 32]
    (batches / "msgbatch_02.json").write_text(json.dumps(forged))
    (batches / "msgbatch_03.json").write_bytes((batches / "msgbatch_01.json").read_bytes())
    assert [r["id"] for r in cache.pending()] == ["msgbatch_01"]
    cache.remove_pending("msgbatch_01")
    assert list(cache.pending()) == []


def test_pending_batches_never_through_a_symlink(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "batches").symlink_to(outside)
    cache = ResultCache(tmp_path / "c")
    cache.add_pending("msgbatch_01", {"model": "m", "keys": [KEY]})
    assert list(outside.iterdir()) == [] and list(cache.pending()) == []
