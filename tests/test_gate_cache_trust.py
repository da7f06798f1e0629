"""Issue 14: a committed, crafted `.hardlint_cache/` must never change what the gate reports."""

from __future__ import annotations

import hashlib
import hmac
import json
import subprocess
from pathlib import Path
from typing import Any, Callable

import pytest

from cli_support import run_cli

VULNERABLE = "import subprocess\n\ndef run(cmd: str) -> None:\n    subprocess.call(cmd, shell=True)\n"


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def _attacker_entry(repo: Path, tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    """Run hardlint as the attacker (own key) and return the file entry's path and decoded payload."""
    run_cli("check", "app.py", cwd=repo, env={"HARDLINT_KEY_FILE": str(tmp_path / "attacker-key")})
    for entry in (repo / ".hardlint_cache").glob("*/*.json"):
        text = entry.read_text(encoding="utf-8")
        body = text.split("\n", 1)[-1] if not text.startswith("{") else text
        payload = json.loads(body)
        if payload["result"]["path"] == "app.py":
            return entry, payload
    raise AssertionError("hardlint wrote no cache entry for app.py")


def _unsigned(body: bytes, _tmp: Path) -> bytes:
    return body


def _attacker_signed(body: bytes, tmp: Path) -> bytes:
    key = (tmp / "attacker-key").read_bytes()
    return hmac.new(key, body, hashlib.sha256).hexdigest().encode() + b"\n" + body


def _victim_signed(body: bytes, _tmp: Path) -> bytes:
    """What only this machine can write; shows the checks beyond the MAC."""
    from hardlint import trust

    return trust.sign(body).encode() + b"\n" + body


Writer = Callable[[bytes, Path], bytes]


def _poisoned_repo(tmp_path: Path, tamper: Callable[[dict[str, Any]], None], writer: Writer) -> Path:
    """A repository whose committed cache holds a tampered entry for its vulnerable app.py."""
    repo = tmp_path / "repo"
    repo.mkdir()
    _git("init", "-q", cwd=repo)
    (repo / "app.py").write_text(VULNERABLE, encoding="utf-8")
    entry, payload = _attacker_entry(repo, tmp_path)
    tamper(payload)
    entry.write_bytes(writer(json.dumps(payload).encode(), tmp_path))
    _git("add", "-f", ".", cwd=repo)
    _git("-c", "user.name=a", "-c", "user.email=a@b", "commit", "-qm", "poison", cwd=repo)
    return repo


def _empty(payload: dict[str, Any]) -> None:
    payload["result"]["findings"] = []


@pytest.mark.parametrize("writer", [_unsigned, _attacker_signed], ids=["unsigned", "attacker-key"])
def test_crafted_cache_entry_does_not_hide_a_finding(tmp_path, writer):
    """An entry computed from the public key inputs, saying "no findings", is a miss: the gate fails."""
    repo = _poisoned_repo(tmp_path, _empty, writer)
    result = run_cli("check", ".", cwd=repo)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "B602" in result.stdout


def _downgrade(payload: dict[str, Any]) -> None:
    for finding in payload["result"]["findings"]:
        finding["annotations"] = {"llm": {"downgraded": True, "verdict": "false-positive"}}


@pytest.mark.parametrize("writer", [_unsigned, _victim_signed], ids=["unsigned", "signed"])
def test_downgraded_annotation_in_a_cache_entry_has_no_effect(tmp_path, writer):
    """A stored `downgraded` LLM verdict must not turn a finding into exit 0."""
    repo = _poisoned_repo(tmp_path, _downgrade, writer)
    result = run_cli("check", ".", cwd=repo)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "B602" in result.stdout


def _outside_paths(payload: dict[str, Any]) -> None:
    for finding in payload["result"]["findings"]:
        finding["path"] = "../outside/victim.py"
        finding["related"] = [{"path": "/proc/self/environ", "line": 1, "column": 1, "message": ""}]


@pytest.mark.parametrize("writer", [_unsigned, _victim_signed], ids=["unsigned", "signed"])
def test_cache_entry_naming_other_paths_is_a_miss(tmp_path, writer):
    """Findings at `../outside/...` or `/proc/...` in an entry for app.py are never reported (or fixed)."""
    repo = _poisoned_repo(tmp_path, _outside_paths, writer)
    result = run_cli("check", ".", cwd=repo)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "outside" not in result.stdout and "/proc" not in result.stdout
    assert "app.py:4:5: B602" in result.stdout


def _bad_types(payload: dict[str, Any]) -> None:
    finding = payload["result"]["findings"][0]
    finding["line"] = "one"
    finding["end_line"] = None


@pytest.mark.parametrize("writer", [_unsigned, _victim_signed], ids=["unsigned", "signed"])
def test_malformed_cache_entry_gives_a_normal_report(tmp_path, writer):
    """Wrong types in an entry are a miss, not a traceback."""
    repo = _poisoned_repo(tmp_path, _bad_types, writer)
    result = run_cli("check", ".", cwd=repo)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stdout + result.stderr
    assert "app.py:4:5: B602" in result.stdout


@pytest.mark.parametrize("content", [b"", b"not json", b"[]", b'{"key": 1}', b"\xff\xfe"])
def test_garbage_cache_entry_gives_a_normal_report(tmp_path, content):
    """Truncated, non-JSON or non-object entries are a miss."""
    repo = _poisoned_repo(tmp_path, _empty, lambda body, tmp: content)
    result = run_cli("check", ".", cwd=repo)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1 and "B602" in result.stdout
