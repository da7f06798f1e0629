"""PEP 263: a file with a coding declaration is read in that encoding by the LLM pass."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from fake_messages_api import FakeMessagesAPI, triage
from llm_support import user_text

from hardlint.llm.triage import decode_source

LATIN1 = ('# -*- coding: latin-1 -*-\n'
          '# Übergröße: café, naïve, résumé\n'
          'import json\n\n\n'
          'def parse(raw):\n'
          '    try:\n'
          '        return json.loads(raw)\n'
          '    except:\n'
          '        return None\n').encode("latin-1")


def test_decode_source_follows_the_declaration() -> None:
    assert "café" in decode_source(LATIN1)
    assert decode_source(b"x = '\xe9'\n") == "x = '\udce9'\n"  # undeclared and not UTF-8: escaped, not lost


def test_latin1_file_gets_its_annotation(tmp_path: Path, api: FakeMessagesAPI) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app/legacy.py").write_bytes(LATIN1)
    (tmp_path / "pyproject.toml").write_text('[tool.hardlint]\nselect = ["HL401"]\nbandit = false\n\n'
                                             '[tool.hardlint.llm]\ntimeout = 5\ndeadline = 30\nmax-retries = 0\n')
    api.responder = lambda body: api.message(triage(verdict="confirmed", confidence="high", fix={
        "search": "    except:\n", "replace": "    except ValueError:\n", "summary": "narrow"}), body=body)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANTHROPIC_")}
    env.update({"NO_COLOR": "1", "ANTHROPIC_BASE_URL": api.url, "ANTHROPIC_API_KEY": "sk-ant-test-key"})
    done = subprocess.run([sys.executable, "-m", "hardlint", "check", "app", "--llm", "--format", "json"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    [finding] = json.loads(done.stdout)["findings"]
    annotation = finding["annotations"]["llm"]
    assert annotation["status"] == "triaged" and annotation["verdict"] == "confirmed"
    assert "+    except ValueError:" in annotation["fix"]["diff"]
    [request] = api.message_requests()
    assert "def parse(raw):" in user_text(request.json)
