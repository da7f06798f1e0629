"""Issue 14: the README's CI recipe and the GitHub Actions one in docs/ci.md, run end to end on a pull
request that commits a poisoned result cache (and hides its file from `.gitignore` and from `git diff`):
the gate fails as it must."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import shlex
import subprocess
from pathlib import Path

import pytest

from cli_support import REPO, run_cli

GIT_ID = ["-c", "user.email=tests@example.invalid", "-c", "user.name=tests", "-c", "commit.gpgsign=false"]
VULNERABLE = "import subprocess\n\n\ndef run(cmd: str) -> None:\n    subprocess.call(cmd, shell=True)\n"


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *GIT_ID, *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def recipe(document: str) -> list[list[str]]:
    """The `hardlint check` steps of the first YAML block of `document` that has any, for a pull request
    into main (the README's short recipe, or the GitHub Actions one in docs/ci.md)."""
    text = (REPO / document).read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```yaml\n(.*?)```", text, re.DOTALL) if "run: hardlint check" in b]
    assert blocks, f"{document} has no CI recipe with a `hardlint check` step"
    steps = [line.split("run:", 1)[1].strip() for line in blocks[0].splitlines() if "run: hardlint check" in line]
    return [shlex.split(step.replace("${{ github.base_ref }}", "main")) for step in steps]


def _poison_cache(work: Path, attacker_key: Path) -> None:
    """What an attacker can compute: every entry for the PR's files, emptied and signed with their own key."""
    run_cli("check", ".", "--exit-zero", cwd=work, env={"HARDLINT_KEY_FILE": str(attacker_key)})
    entries = list((work / ".hardlint_cache").glob("*/*.json"))
    assert entries
    for entry in entries:
        body = entry.read_bytes().split(b"\n", 1)[1]
        payload = json.loads(body)
        payload["result"]["findings"] = []
        forged = json.dumps(payload).encode()
        entry.write_bytes(hmac.new(attacker_key.read_bytes(), forged, hashlib.sha256).hexdigest().encode()
                          + b"\n" + forged)


@pytest.mark.parametrize("document", ["README.md", "docs/ci.md"])
def test_ci_recipe_fails_a_pull_request_with_a_poisoned_cache(tmp_path, document):
    upstream = tmp_path / "upstream"
    upstream.mkdir()
    git("init", "-q", "-b", "main", cwd=upstream)
    (upstream / "app.py").write_text("x = 1\n", encoding="utf-8")
    git("add", "-A", cwd=upstream)
    git("commit", "-qm", "base", cwd=upstream)

    # The attacker's pull request: a vulnerable file, hidden every way the tree allows.
    work = tmp_path / "attacker"
    git("clone", "-q", str(upstream), str(work), cwd=tmp_path)
    git("checkout", "-qb", "feature", cwd=work)
    (work / "views.py").write_text(VULNERABLE, encoding="utf-8")
    (work / ".gitignore").write_text("views.py\n", encoding="utf-8")
    (work / ".gitattributes").write_text("*.py -diff\n", encoding="utf-8")
    _poison_cache(work, tmp_path / "attacker-key")
    git("add", "-f", ".", cwd=work)
    git("commit", "-qm", "feature", cwd=work)
    git("push", "-q", "origin", "feature", cwd=work)

    # The CI runner: a fresh checkout of the pull request, its own key.
    ci = tmp_path / "ci"
    git("clone", "-q", str(upstream), str(ci), cwd=tmp_path)
    git("checkout", "-q", "feature", cwd=ci)
    assert (ci / ".hardlint_cache").is_dir()
    results = []
    for step in recipe(document):
        assert step[:2] == ["hardlint", "check"], step
        results.append(run_cli(*step[1:], cwd=ci, env={"HARDLINT_KEY_FILE": str(tmp_path / "ci-key")}))
        if "--format" in step and step[step.index("--format") + 1] == "sarif":  # the upload step
            assert results[-1].returncode == 0, results[-1].stdout + results[-1].stderr
            uploaded = json.loads((ci / step[step.index("--output") + 1]).read_text(encoding="utf-8"))
            assert {r["ruleId"] for r in uploaded["runs"][0]["results"]} >= {"B602"}
    gate = results[-1]
    assert gate.returncode == 1, gate.stdout + gate.stderr
    assert "::error" in gate.stdout and "file=views.py,line=5" in gate.stdout, gate.stdout
