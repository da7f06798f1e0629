"""Message Batches, and the command line end to end (a subprocess pointed at our server)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from llm_support import llm, run_pass, write_project
from fake_messages_api import FakeMessagesAPI, triage

from hardlint.config import Config
from hardlint.llm import collect_batches, settings_from_config
from hardlint.llm.cache import ResultCache

APP = '''
import os


def handler(request):
    try:
        return process(request)
    except:
        return None


def worker(job):
    try:
        return job.run()
    except:
        pass
'''


def test_batch_submit_then_collect_fills_the_cache(tmp_path: Path, api: FakeMessagesAPI,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    write_project(tmp_path, {"app/tasks.py": APP})
    api.batch_polls_until_ended = 2
    report, summary, err = run_pass(tmp_path, monkeypatch, batch=True)
    assert api.message_requests() == []
    posted = [r for r in api.requests if r.path == "/v1/messages/batches"]
    assert len(posted) == 1
    requests = posted[0].json["requests"]
    assert len(requests) == 2 and all(len(r["custom_id"]) == 64 for r in requests)
    params = requests[0]["params"]
    assert params["model"] == "claude-sonnet-5-5" and params["output_config"]["format"]["type"] == "json_schema"
    assert all(block["cache_control"] == {"type": "ephemeral"} for block in params["system"])
    assert summary.batch_id and "hardlint llm collect" in err
    assert all(llm(f)["status"] == "not_triaged" and llm(f)["batch_id"] == summary.batch_id
               for f in report.findings)

    config = Config(root=tmp_path)
    settings = settings_from_config(config, timeout=5.0)
    cache = ResultCache(settings.cache_path(config))
    out = io.StringIO()
    assert collect_batches(settings, cache, out) == 1  # still in progress on the first poll
    assert "in_progress" in out.getvalue()
    assert collect_batches(settings, cache, out) == 0
    assert "ended; 2 results cached, 0 not usable" in out.getvalue()
    assert collect_batches(settings, cache, io.StringIO()) == 0 and list(cache.pending()) == []

    before = len(api.requests)
    again, summary, _ = run_pass(tmp_path, monkeypatch)
    assert len(api.requests) == before and summary.from_cache == 2
    assert all(llm(f)["verdict"] == "confirmed" for f in again.findings)


def _cli(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if not k.startswith("ANTHROPIC_")}
    full.update({"NO_COLOR": "1", **env})
    return subprocess.run([sys.executable, "-m", "hardlint", *args], cwd=cwd, env=full, capture_output=True,
                          text=True, timeout=120)


def test_cli_end_to_end(tmp_path: Path, api: FakeMessagesAPI) -> None:
    write_project(tmp_path, {
        "app/tasks.py": APP,
        "pyproject.toml": '[tool.hardlint]\nselect = ["HL401"]\nbandit = false\n\n'
                          '[tool.hardlint.llm]\nmax-findings = 10\ntimeout = 5\ndeadline = 30\nmax-retries = 0\n',
    })
    env = {"ANTHROPIC_BASE_URL": api.url, "ANTHROPIC_API_KEY": "sk-ant-test-key"}
    api.responder = lambda body: api.message(triage(verdict="needs_human", confidence="medium"), body=body)
    first = _cli(["check", "app", "--llm", "--format", "json"], tmp_path, env)
    assert first.returncode == 1, first.stderr
    document = json.loads(first.stdout)
    annotations = [f["annotations"]["llm"] for f in document["findings"]]
    assert [a["verdict"] for a in annotations] == ["needs_human", "needs_human"]
    assert "LLM pass (claude-sonnet-5-5): 2 triaged (0 from cache)" in first.stderr
    assert "estimated cost $" in first.stderr
    assert len(api.message_requests()) == 2

    second = _cli(["check", "app", "--llm"], tmp_path, env)
    assert second.returncode == 1 and len(api.message_requests()) == 2
    assert second.stdout.count("[llm: needs human, medium confidence") == 2
    assert "2 triaged (2 from cache)" in second.stderr

    # No credentials: one line on stderr, and stdout and exit code exactly as without --llm.
    without_llm = _cli(["check", "app"], tmp_path, {})
    skipped = _cli(["check", "app", "--llm"], tmp_path, {})
    assert skipped.stdout == without_llm.stdout and skipped.returncode == without_llm.returncode == 1
    assert skipped.stderr == "LLM pass skipped: neither ANTHROPIC_API_KEY nor ANTHROPIC_AUTH_TOKEN is set\n"

    collect = _cli(["llm", "collect"], tmp_path, env)
    assert collect.returncode == 0 and "No pending LLM batches." in collect.stdout


def test_anthropic_is_not_imported_without_llm(tmp_path: Path) -> None:
    write_project(tmp_path, {"app/tasks.py": APP})
    code = ("import sys\nfrom hardlint.cli import main\nrc = main(['check', 'app', '--no-bandit'])\n"
            "print('imported:', 'anthropic' in sys.modules, 'pydantic' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                            timeout=120)
    assert "imported: False False" in result.stdout, result.stderr


def test_config_validation_and_model_switch(tmp_path: Path) -> None:
    from hardlint.config import ConfigError

    config = Config(root=tmp_path, llm={"model": "claude-haiku-5-5", "concurrency": 2})
    settings = settings_from_config(config)
    assert settings.model == "claude-haiku-5-5" and settings.prices() == (0.10, 0.50)
    with pytest.raises(ConfigError, match="unknown key 'modle'"):
        settings_from_config(Config(root=tmp_path, llm={"modle": "x"}))
    with pytest.raises(ConfigError, match="provider"):
        settings_from_config(Config(root=tmp_path, llm={"provider": "azure"}))
    with pytest.raises(ConfigError, match="llm-max-findings"):
        settings_from_config(Config(root=tmp_path), max_findings=-1)
    with pytest.raises(ConfigError, match="deadline"):
        settings_from_config(Config(root=tmp_path, llm={"deadline": 0}))
