"""The result cache: hits skip the rules, any change misses, bad entries and bad directories are harmless."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import hardlint.cache as cache_module
import hardlint.workers as workers
from hardlint.config import Config
from hardlint.discovery import iter_python_files
from hardlint.runner import run_files

BARE_EXCEPT = "def f{n}():\n    try:\n        return {n}\n    except:\n        pass\n"
CLEAN = "def g{n}(x):\n    return x + {n}\n"


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Six files, three with a bare except; the working directory is the project."""
    for n in range(3):
        (tmp_path / f"bad{n}.py").write_text(BARE_EXCEPT.format(n=n))
        (tmp_path / f"good{n}.py").write_text(CLEAN.format(n=n))
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture()
def checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths the engine actually checked (rules ran), recorded by wrapping check_data."""
    calls: list[str] = []
    real = workers.check_data

    def counting(data, path, config, **kwargs):
        calls.append(path)
        return real(data, path, config, **kwargs)

    monkeypatch.setattr(workers, "check_data", counting)
    return calls


def _config(root: Path, **changes) -> Config:
    return Config(root=root, bandit=False, cache_dir=str(root / "cache"), **changes)


def _run(root: Path, config: Config) -> list[dict]:
    files = list(iter_python_files(["."], config))
    return [r.to_dict() for r in run_files(files, config, jobs=1)]


def _codes(results: list[dict]) -> dict[str, list[str]]:
    return {r["path"]: [f["code"] for f in r["findings"]] for r in results}


def test_unchanged_files_are_answered_from_the_cache_without_running_rules(project, checked):
    config = _config(project)
    first = _run(project, config)
    assert len(checked) == 6
    assert sum(len(codes) for codes in _codes(first).values()) >= 3
    checked.clear()
    second = _run(project, config)
    assert checked == []
    assert second == first
    assert list((project / "cache").glob("*/*.json"))
    assert (project / "cache" / "CACHEDIR.TAG").is_file()


def test_a_changed_file_is_checked_again_and_only_that_file(project, checked):
    config = _config(project)
    _run(project, config)
    checked.clear()
    (project / "bad0.py").write_text(CLEAN.format(n=0))
    results = _run(project, config)
    assert checked == ["bad0.py"]
    assert _codes(results)["bad0.py"] == []
    assert "HL401" in _codes(results)["bad1.py"]


def test_a_configuration_change_misses(project, checked):
    _run(project, _config(project))
    checked.clear()
    results = _run(project, _config(project, ignore=("HL401",)))
    assert len(checked) == 6
    assert all("HL401" not in codes for codes in _codes(results).values())


def test_a_change_to_hardlint_or_its_rules_misses(project, checked, monkeypatch):
    config = _config(project)
    _run(project, config)
    checked.clear()
    monkeypatch.setattr(cache_module, "code_digest", lambda: "a rule module was edited")
    _run(project, config)
    assert len(checked) == 6


def test_rule_modules_and_data_files_are_part_of_the_code_digest(tmp_path, monkeypatch):
    import hardlint.rules as rules_package

    family = tmp_path / "hl9_family"
    family.mkdir()
    (family / "hl901_rule.py").write_text("triggers = 'x'\n")
    (family / "data.toml").write_text("names = ['a']\n")
    monkeypatch.setattr(rules_package, "__path__", [str(tmp_path)])
    digests = []
    for edit in (None, ("hl901_rule.py", "triggers = 'y'\n"), ("data.toml", "names = ['b']\n")):
        if edit is not None:
            (family / edit[0]).write_text(edit[1])
        cache_module.code_digest.cache_clear()
        digests.append(cache_module.code_digest())
    cache_module.code_digest.cache_clear()
    assert len(set(digests)) == 3


@pytest.mark.parametrize("damage", ["truncate", "garbage", "wrong-shape", "empty"])
def test_a_corrupt_entry_is_a_miss_and_is_repaired(project, checked, damage):
    config = _config(project)
    expected = _run(project, config)
    entries = sorted((project / "cache").glob("*/*.json"))
    assert len(entries) == 6
    for entry in entries:
        text = entry.read_bytes()
        entry.write_bytes({"truncate": text[: len(text) // 2], "garbage": b"\x00\xff not json",
                           "wrong-shape": b'{"key": 1, "result": []}', "empty": b""}[damage])
    checked.clear()
    assert _run(project, config) == expected
    assert len(checked) == 6
    checked.clear()
    assert _run(project, config) == expected
    assert checked == []


def test_an_unusable_cache_directory_means_no_caching_and_no_error(project, checked):
    blocker = project / "not-a-directory"
    blocker.write_text("a file where the cache directory should be")
    config = Config(root=project, bandit=False, cache_dir=str(blocker / "cache"))
    first = _run(project, config)
    second = _run(project, config)
    assert first == second
    assert len(checked) == 12
    assert all(not r["errors"] for r in first)


def test_cache_off_writes_nothing(project, checked):
    config = _config(project, cache=False)
    _run(project, config)
    _run(project, config)
    assert len(checked) == 12
    assert not (project / "cache").exists()


def test_two_concurrent_runs_share_the_cache_dir_and_both_are_right(tmp_path):
    for n in range(20):
        (tmp_path / f"bad{n}.py").write_text(BARE_EXCEPT.format(n=n) * 5)
        (tmp_path / f"good{n}.py").write_text(CLEAN.format(n=n) * 5)
    command = [sys.executable, "-m", "hardlint", "check", ".", "--format", "json", "--no-bandit", "--exit-zero"]
    reference = subprocess.run([*command, "--no-cache"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    expected = json.loads(reference.stdout)["findings"]
    assert len(expected) == 20 * 5

    runs = [subprocess.Popen([*command, "--cache-dir", "shared-cache"], cwd=tmp_path, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=120) for run in runs]
    for run, (out, err) in zip(runs, outputs):
        assert run.returncode == 0, err
        assert json.loads(out)["findings"] == expected
    warm = subprocess.run([*command, "--cache-dir", "shared-cache"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=120)
    assert json.loads(warm.stdout)["findings"] == expected
    leftovers = list((tmp_path / "shared-cache").glob("*/.tmp-*"))
    assert leftovers == []
    assert len(list((tmp_path / "shared-cache").glob("*/*.json"))) == 40 + 1, "one entry per file, one for the project"


def test_project_findings_are_cached_for_an_unchanged_tree_only(tmp_path, monkeypatch):
    from hardlint import runner

    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "__init__.py").write_text("")
    (tmp_path / "shop" / "models.py").write_text("from shop.services import price\n")
    (tmp_path / "shop" / "services.py").write_text("from shop.models import Order\n")
    config = Config(root=tmp_path, bandit=False)
    first = [f.code for f in runner.check_paths([str(tmp_path)], config).findings]
    assert first == ["HL801"]

    def must_not_run(*args, **kwargs):
        raise AssertionError("the project phase ran again on an unchanged tree")

    monkeypatch.setattr(runner, "_combine_facts", must_not_run)
    assert [f.code for f in runner.check_paths([str(tmp_path)], config).findings] == ["HL801"]
    monkeypatch.undo()
    (tmp_path / "shop" / "models.py").write_text("from shop.services import price  # noqa: HL801\n")
    assert runner.check_paths([str(tmp_path)], config).findings == [], "a changed file recomputes the phase"
