"""Helpers for the LLM pass tests: writing a small project and running the pass over it."""

from __future__ import annotations

import io
import json
import textwrap
from pathlib import Path
from typing import Any

import pytest

from hardlint.config import Config
from hardlint.runner import check_paths

FAST = {"timeout": 5.0, "deadline": 20.0, "max_retries": 0, "concurrency": 4}


def write_project(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def run_pass(root: Path, monkeypatch: pytest.MonkeyPatch, **settings: Any):
    """Check `root/app` with HL401 only, then run the LLM pass; returns (report, summary, stderr)."""
    from hardlint.llm import run_llm_pass, settings_from_config

    monkeypatch.chdir(root)
    config = Config(root=root, select=("HL401",), bandit=False)
    report = check_paths(["app"], config, jobs=1)
    err = io.StringIO()
    summary = run_llm_pass(report, config, settings_from_config(config, **{**FAST, **settings}), err=err)
    return report, summary, err.getvalue()


def user_text(body: dict) -> str:
    return body["messages"][0]["content"]


def llm(finding) -> dict:
    return dict(finding.annotations["llm"])


def dumps(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True)
