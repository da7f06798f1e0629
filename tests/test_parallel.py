"""The process pool: same findings as one process, in the same order, and one bad file costs only itself."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from hardlint.config import Config
from hardlint.discovery import iter_python_files
from hardlint.runner import run_files

BARE_EXCEPT = "def f{n}():\n    try:\n        return {n}\n    except:\n        pass\n"


def _tree(root: Path, count: int = 24) -> None:
    """A tree of varied files: findings, clean code, a syntax error, bad encoding, an empty file."""
    (root / "pkg" / "sub").mkdir(parents=True)
    (root / "tests").mkdir()
    for n in range(count):
        folder = root / ("pkg" if n % 2 else "pkg/sub")
        body = BARE_EXCEPT.format(n=n) * (1 + n % 5) if n % 3 else f"VALUE_{n} = {n}\n"
        (folder / f"mod{n:02d}.py").write_text(body)
    (root / "tests" / "test_x.py").write_text(BARE_EXCEPT.format(n=99))
    (root / "pkg" / "broken.py").write_text("def broken(:\n    pass\n")
    (root / "pkg" / "latin.py").write_bytes(b"x = '\xe9'\n")
    (root / "pkg" / "empty.py").write_text("")


def _results(root: Path, jobs: int) -> list[dict]:
    config = Config(root=root, bandit=False, cache=False)
    files = list(iter_python_files([str(root)], config))
    return [r.to_dict() for r in run_files(files, config, jobs=jobs)]


def test_jobs_1_and_jobs_2_give_identical_results_in_the_same_order(tmp_path):
    _tree(tmp_path)
    serial = _results(tmp_path, jobs=1)
    parallel = _results(tmp_path, jobs=2)
    assert parallel == serial
    assert len(serial) == 28
    assert sum(len(r["findings"]) for r in serial) >= 16
    assert {e["kind"] for r in serial for e in r["errors"]} == {"parse", "decode"}


def test_cli_output_is_identical_with_jobs_1_and_2(tmp_path):
    _tree(tmp_path)
    outputs = []
    for jobs in ("1", "2"):
        run = subprocess.run([sys.executable, "-m", "hardlint", "check", ".", "--format", "json", "--no-bandit",
                              "--no-cache", "--jobs", jobs], cwd=tmp_path, capture_output=True, text=True,
                             timeout=120)
        assert run.returncode == 1, run.stderr
        outputs.append(run.stdout)
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[0])["findings"]


# Runs in a subprocess: the engine is patched so that some files crash or hang their worker.
_SABOTEUR = textwrap.dedent(
    """
    import json, os, signal, sys, time
    from pathlib import Path
    import hardlint.workers as workers
    from hardlint.config import Config
    from hardlint.discovery import iter_python_files
    from hardlint.runner import run_files

    real = workers.check_data

    def sabotaged(data, path, config, **kwargs):
        if b"CRASH_HERE" in data:
            os.kill(os.getpid(), signal.SIGSEGV)
        if b"SPIN_HERE" in data:
            while True:
                pass
        if b"STUCK_HERE" in data:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})  # like native code: no alarm
            time.sleep(120)
        return real(data, path, config, **kwargs)

    workers.check_data = sabotaged
    workers.KILL_GRACE = 1.0
    root = Path(sys.argv[1])
    config = Config(root=root, bandit=False, cache=False)
    files = list(iter_python_files([str(root)], config))
    results = run_files(files, config, jobs=2, time_limit=float(sys.argv[2]))
    print(json.dumps([r.to_dict() for r in results]))
    """
)


@pytest.mark.parametrize(
    "marker, kind, words",
    [("CRASH_HERE", "internal", "crashed (signal 11)"), ("SPIN_HERE", "timeout", "longer than 1 s"),
     ("STUCK_HERE", "timeout", "longer than 1 s")],
)
def test_a_crashing_or_hanging_file_costs_only_that_file(tmp_path, marker, kind, words):
    _tree(tmp_path / "project")
    culprit = tmp_path / "project" / "pkg" / "mod07.py"
    culprit.write_text(culprit.read_text() + f"# {marker}\n")
    expected = {r["path"]: r for r in json.loads(json.dumps(_results(tmp_path / "project", jobs=1)))}
    script = tmp_path / "saboteur.py"
    script.write_text(_SABOTEUR)
    run = subprocess.run([sys.executable, str(script), str(tmp_path / "project"), "1"], capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    results = json.loads(run.stdout)
    assert len(results) == len(expected)
    for result in results:
        if result["path"].endswith("pkg/mod07.py"):
            assert result["findings"] == []
            assert [e["kind"] for e in result["errors"]] == [kind]
            assert words in result["errors"][0]["message"]
        else:
            assert result == expected[result["path"]]


def test_one_file_starts_no_pool_and_imports_nothing_heavy(tmp_path):
    (tmp_path / "one.py").write_text(BARE_EXCEPT.format(n=1))
    run = subprocess.run([sys.executable, "-X", "importtime", "-m", "hardlint", "check", "one.py", "--no-bandit",
                          "--no-cache"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert "HL401" in run.stdout
    imported = {line.split("|")[-1].strip() for line in run.stderr.splitlines() if line.startswith("import time:")}
    assert "libcst" in imported
    for heavy in ("bandit", "anthropic", "multiprocessing", "concurrent.futures.process"):
        assert heavy not in imported, heavy
