"""Helpers for running the hardlint CLI from tests (import: `from cli_support import run_cli, REPO`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


REPO = Path(__file__).resolve().parents[1]


def run_cli(*args: str, cwd: str | os.PathLike[str] | None = None, env: dict | None = None,
            input: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m hardlint ...` as a user would, in a subprocess."""
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    return subprocess.run([sys.executable, "-m", "hardlint", *args], cwd=cwd, env=full_env, input=input,
                          capture_output=True, text=True, timeout=300)


