"""Fixtures shared by the whole suite."""

from __future__ import annotations

import pytest

from cli_support import run_cli


@pytest.fixture
def cli():
    """Run `python -m hardlint ...` in a subprocess: `cli("check", "app.py", cwd=tmp_path)`."""
    return run_cli
