"""The machine key: created once, private, never read through a link."""

from __future__ import annotations

import os
import stat
import subprocess
import sys


def _sign_in_subprocess(env: dict[str, str]) -> str:
    code = "from hardlint import trust; print(trust.sign(b'entry'))"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout


def test_key_is_created_private_and_reused(tmp_path):
    env = {**os.environ, "HARDLINT_KEY_FILE": str(tmp_path / "sub" / "key")}
    first = _sign_in_subprocess(env)
    assert stat.S_IMODE((tmp_path / "sub" / "key").stat().st_mode) == 0o600
    assert _sign_in_subprocess(env) == first


def test_a_linked_key_file_is_never_used(tmp_path):
    target = tmp_path / "attacker_key"
    target.write_bytes(b"k" * 32)
    link = tmp_path / "key"
    link.symlink_to(target)
    env = {**os.environ, "HARDLINT_KEY_FILE": str(link)}
    code = "import hmac,hashlib; print(hmac.new(b'k'*32, b'entry', hashlib.sha256).hexdigest())"
    forged = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert _sign_in_subprocess(env) != forged
    assert target.read_bytes() == b"k" * 32


def test_verify_rejects_forged_and_malformed_macs(tmp_path, monkeypatch):
    monkeypatch.setenv("HARDLINT_KEY_FILE", str(tmp_path / "key"))
    from hardlint import trust

    trust.machine_key.cache_clear()
    mac = trust.sign(b"entry")
    assert trust.verify(b"entry", mac)
    assert not trust.verify(b"entry2", mac)
    assert not trust.verify(b"entry", None)
    assert not trust.verify(b"entry", "0" * 64)
    trust.machine_key.cache_clear()
