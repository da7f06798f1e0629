"""Fixture for the LLM pass tests: our Messages API on 127.0.0.1, with the SDK pointed at it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fake_messages_api import FakeMessagesAPI  # noqa: E402


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch):
    server = FakeMessagesAPI().start()
    monkeypatch.setenv("ANTHROPIC_BASE_URL", server.url)
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-test-key-for-the-fake-server")
    monkeypatch.delenv("ANTHROPIC_AUTH_TOKEN", raising=False)
    yield server
    server.stop()
