"""Fixtures shared by the whole suite."""

from __future__ import annotations

import pytest

from cli_support import run_cli


@pytest.fixture
def cli():
    """Run `python -m hardlint ...` in a subprocess: `cli("check", "app.py", cwd=tmp_path)`."""
    return run_cli


@pytest.fixture(autouse=True, scope="session")
def _private_machine_key(tmp_path_factory):
    """Every test, and every hardlint it starts, signs with a key of this test session's own."""
    import os

    previous = os.environ.get("HARDLINT_KEY_FILE")
    os.environ["HARDLINT_KEY_FILE"] = str(tmp_path_factory.mktemp("machine") / "key")
    yield
    if previous is None:
        os.environ.pop("HARDLINT_KEY_FILE", None)
    else:
        os.environ["HARDLINT_KEY_FILE"] = previous
