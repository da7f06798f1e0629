"""Everyday use as ruff and flake8 users expect it (issue 18), each through the real command."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from cli_support import run_cli

BARE = "try:\n    work()\nexcept:\n    pass\n"
MOCK = "from unittest import mock\n"
SHELL = "import os\n\n\ndef run(name):\n    os.system('ls ' + name)\n"


def _project(root: Path, table: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text(f"[project]\nname = 'x'\n\n[tool.hardlint]\n{table}\n")
    return root


# -- standard input ------------------------------------------------------------------------------

def test_stdin_is_checked_as_the_named_file(tmp_path):
    result = run_cli("check", "-", "--stdin-filename", "app/views.py", "--select", "HL401", cwd=tmp_path, input=BARE)
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("app/views.py:3:1: HL401 ")
    assert "in 1 file checked" in result.stdout
    plain = run_cli("check", "-", "--select", "HL401", cwd=tmp_path, input=BARE)
    assert plain.returncode == 1 and plain.stdout.startswith("-:3:1: HL401 ")


def test_stdin_filename_decides_test_paths_per_file_ignores_and_configuration(tmp_path):
    project = _project(tmp_path / "shop", 'per-file-ignores = { "legacy/*" = ["HL401"] }\nselect = ["HL2", "HL4"]')
    production = run_cli("check", "-", "--stdin-filename", "shop/app.py", cwd=tmp_path, input=MOCK + BARE)
    assert production.returncode == 1
    assert "shop/app.py:1:1: HL201" in production.stdout and "HL401" in production.stdout
    assert f"Configuration: {project.name}/pyproject.toml" in production.stdout
    in_tests = run_cli("check", "-", "--stdin-filename", "shop/tests/test_app.py", cwd=tmp_path, input=MOCK)
    assert in_tests.returncode == 0 and "HL201" not in in_tests.stdout
    ignored = run_cli("check", "-", "--stdin-filename", "shop/legacy/old.py", cwd=tmp_path, input=BARE)
    assert ignored.returncode == 0, ignored.stdout


def test_stdin_with_force_exclude_and_an_excluded_name_reports_nothing(tmp_path):
    _project(tmp_path, 'exclude = ["generated/"]')
    result = run_cli("check", "--force-exclude", "--stdin-filename", "generated/x.py", "-", cwd=tmp_path, input=BARE)
    assert result.returncode == 0 and result.stdout == ""
    checked = run_cli("check", "--stdin-filename", "generated/x.py", "-", "--select", "HL401", cwd=tmp_path,
                      input=BARE)
    assert checked.returncode == 1  # without --force-exclude a named file is checked, as in ruff


def test_stdin_fix_writes_the_fixed_code_to_stdout_and_findings_to_stderr(tmp_path):
    source = BARE + SHELL
    fixed = run_cli("check", "--fix", "--stdin-filename", "app.py", "-", cwd=tmp_path, input=source)
    assert fixed.stdout == source.replace("except:", "except Exception:")  # the code, for a formatter chain
    assert fixed.returncode == 1 and "app.py:9:5: B605" in fixed.stderr and "HL401" not in fixed.stderr
    diff = run_cli("check", "--diff", "-", cwd=tmp_path, input=source)
    assert diff.returncode == 1 and "-except:\n+except Exception:" in diff.stdout
    clean = run_cli("check", "--fix", "-", "--select", "HL401", cwd=tmp_path, input="x = 1\n")
    assert clean.returncode == 0 and clean.stdout == "x = 1\n"
    binary = run_cli("check", "--fix", "-", cwd=tmp_path, input="x = '\0'\n")
    assert binary.stdout == "x = '\0'\n", "input that cannot be decoded is echoed unchanged"
    (tmp_path / "a.py").write_text(BARE)
    mixed = run_cli("check", "-", "a.py", cwd=tmp_path, input=BARE)
    assert mixed.returncode == 2 and "standard input" in mixed.stderr


# -- nearest configuration -----------------------------------------------------------------------

def test_configuration_is_found_per_file_also_from_outside_the_project(tmp_path):
    project = _project(tmp_path / "work" / "shop", 'select = ["HL4"]\nexclude = ["generated/"]')
    (project / "app.py").write_text(BARE + SHELL)
    (project / "generated").mkdir()
    (project / "generated" / "gen.py").write_text(BARE)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run_cli("check", str(project), "--no-bandit", cwd=elsewhere)
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if ": HL" in line]
    assert len(lines) == 1 and lines[0].endswith("[*]") and "app.py:3:1: HL401" in lines[0]
    assert "Skipped 1 path (1 excluded)" in result.stdout
    assert f"Configuration: {project / 'pyproject.toml'}." in result.stdout


def test_a_subfolder_configuration_applies_to_its_files(tmp_path):
    root = _project(tmp_path, 'select = ["HL4"]')
    (root / "app.py").write_text(BARE)
    service = root / "services" / "billing"
    service.mkdir(parents=True)
    (service / ".hardlint.toml").write_text('select = ["HL"]\nignore = ["HL401"]\n')
    (service / "pay.py").write_text(BARE + MOCK)
    result = run_cli("check", ".", "--no-bandit", cwd=root)
    assert result.returncode == 1
    assert "app.py:3:1: HL401" in result.stdout
    assert "services/billing/pay.py:3:1: HL401" not in result.stdout  # ignored by the nearer file
    assert "services/billing/pay.py:5:1: HL201" in result.stdout  # selected only by the nearer file
    assert "Configuration: pyproject.toml, services/billing/.hardlint.toml." in result.stdout


def test_flake8_plugin_reads_each_files_nearest_configuration(tmp_path):
    import subprocess
    import sys

    root = _project(tmp_path, 'select = ["HL4"]')
    (root / "app.py").write_text(BARE)
    (root / "sub").mkdir()
    (root / "sub" / ".hardlint.toml").write_text('ignore = ["HL401"]\n')
    (root / "sub" / "x.py").write_text(BARE)
    done = subprocess.run([sys.executable, "-m", "flake8", "--select", "HL", "."], cwd=root, capture_output=True,
                          text=True, timeout=300)
    assert "./app.py:3:1: HL401" in done.stdout, done.stdout + done.stderr
    assert "sub/x.py" not in done.stdout


def test_explicit_config_applies_to_every_file(tmp_path):
    root = _project(tmp_path, 'select = ["HL4"]')
    (root / "sub").mkdir()
    (root / "sub" / ".hardlint.toml").write_text('select = ["HL2"]\n')
    (root / "sub" / "x.py").write_text(BARE)
    result = run_cli("check", ".", "--config", "pyproject.toml", "--no-bandit", cwd=root)
    assert result.returncode == 1 and "sub/x.py:3:1: HL401" in result.stdout


# -- bandit's checks and opt-in rules in the catalog -------------------------------------------------

def test_rules_lists_bandit_checks_with_their_default():
    result = run_cli("rules")
    assert result.returncode == 0
    bandit = result.stdout.split("bandit's checks", 1)[1]
    rows = {line.split()[0]: line for line in bandit.splitlines() if line[:1] == "B" and line[1:4].isdigit()}
    assert "B602" in rows and rows["B602"].split()[3] == "on"
    assert rows["B404"].split()[3] == "off" and rows["B608"].split()[3] == "off"
    assert "B608: off: HL301 reports this more precisely" in bandit
    listed = json.loads(run_cli("rules", "--format", "json").stdout)
    by_code = {entry["code"]: entry for entry in listed}
    assert by_code["B101"]["source"] == "bandit" and by_code["B101"]["default"].startswith("off")
    assert by_code["HL401"]["source"] == "hardlint" and by_code["HL401"]["default"] == "on"


def test_explain_prints_bandits_description_and_hardlints_default():
    result = run_cli("explain", "b602")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("B602 subprocess_popen_with_shell_equals_true (bandit's check; hardlint's default: on")
    assert "shell=True" in result.stdout
    off = run_cli("explain", "B404")
    assert "hardlint's default: off: noisy on real code" in off.stdout and "`--select B404`" in off.stdout
    assert run_cli("explain", "B999").returncode == 2


def test_opt_in_rules_are_marked_in_the_catalog_and_explain():
    from hardlint.docs import catalog_table, explain
    from hardlint.rule import Rule

    class Quiet(Rule):
        """Quiet.

        ## What it does
        Nothing.
        """

        code = "HL999"
        name = "quiet"
        severity = "low"
        message = "m"
        opt_in = True

    assert "| HL999 | quiet | low |  | opt-in |" in catalog_table({"HL999": Quiet}, markdown=True)
    assert "opt-in: runs only with `--select HL999`" in explain(Quiet).splitlines()[0]


# -- paths that do not exist, and errors at their position -----------------------------------------

def test_a_missing_path_is_reported_and_the_run_goes_on(tmp_path):
    (tmp_path / "app.py").write_text(BARE)
    result = run_cli("check", "nope.py", "app.py", "gone/", "--select", "HL401", cwd=tmp_path)
    assert result.returncode == 2  # a gate must not pass on a mistyped path
    assert "app.py:3:1: HL401" in result.stdout
    assert "nope.py:1:1: error: no such file or directory" in result.stdout
    assert "gone:1:1: error: no such file or directory" in result.stdout
    only_missing = run_cli("check", "nope.py", cwd=tmp_path)
    assert only_missing.returncode == 2 and "nope.py:1:1: error: no such file" in only_missing.stdout
    document = json.loads(run_cli("check", "nope.py", "app.py", "--format", "json", cwd=tmp_path).stdout)
    assert {"path": "nope.py", "kind": "missing", "message": "no such file or directory", "rule": None} in \
        document["errors"]


def test_syntax_errors_are_printed_at_their_position(tmp_path):
    (tmp_path / "bad.py").write_text("import os\nx = (1,\n")
    (tmp_path / "tabs.py").write_text("def f():\n\treturn 1\n        return 2\n")
    result = run_cli("check", ".", cwd=tmp_path)
    assert "bad.py:2:5: error: syntax error: '(' was never closed" in result.stdout
    assert any(line.startswith("tabs.py:3:") and ": error: " in line for line in result.stdout.splitlines())


# -- options -------------------------------------------------------------------------------------

def test_extend_select_adds_to_the_configuration(tmp_path):
    _project(tmp_path, 'select = ["HL2"]')
    (tmp_path / "app.py").write_text(MOCK + BARE)
    plain = run_cli("check", "app.py", "--no-bandit", cwd=tmp_path)
    assert "HL201" in plain.stdout and "HL401" not in plain.stdout
    extended = run_cli("check", "app.py", "--no-bandit", "--extend-select", "HL401", cwd=tmp_path)
    assert "HL201" in extended.stdout and "HL401" in extended.stdout


def test_exclude_and_extend_exclude_on_the_command_line(tmp_path):
    _project(tmp_path, 'exclude = ["legacy/"]\nselect = ["HL401"]')
    for folder in ("legacy", "vendor", "app"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "m.py").write_text(BARE)
    shown = lambda result: sorted(line.split(":")[0] for line in result.stdout.splitlines() if "HL401" in line)  # noqa: E731
    assert shown(run_cli("check", ".", cwd=tmp_path)) == ["app/m.py", "vendor/m.py"]
    assert shown(run_cli("check", ".", "--exclude", "vendor/", cwd=tmp_path)) == ["app/m.py", "legacy/m.py"]
    assert shown(run_cli("check", ".", "--extend-exclude", "vendor/,app/", cwd=tmp_path)) == []


def test_extend_exclude_and_extend_ignore_configuration_keys(tmp_path):
    _project(tmp_path, 'extend-exclude = ["vendor/"]\nextend-ignore = ["HL201"]')
    (tmp_path / "vendor").mkdir()
    (tmp_path / "vendor" / "v.py").write_text(BARE)
    (tmp_path / "app.py").write_text(MOCK + BARE)
    result = run_cli("check", ".", "--no-bandit", cwd=tmp_path)
    assert "app.py:4:1: HL401" in result.stdout and "HL201" not in result.stdout
    assert "vendor/v.py" not in result.stdout and "1 excluded" in result.stdout


def test_statistics_counts_per_code(tmp_path):
    (tmp_path / "a.py").write_text(BARE + BARE.replace("work", "rest"))
    (tmp_path / "b.py").write_text(MOCK + SHELL)
    result = run_cli("check", ".", "--statistics", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["2", "HL401", "[*]", "bare-except"]
    assert ["1", "HL201", "mocking-library"] in [line.split() for line in lines]
    assert not any(":3:1:" in line for line in lines)
    assert lines[-1].startswith("Found 4 findings")


def test_severity_filters_what_is_shown_and_what_fails(tmp_path):
    (tmp_path / "app.py").write_text("# TODO: finish\nx = 1\n")
    result = run_cli("check", "app.py", "--severity", "medium", cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert "HL101" not in result.stdout and "1 finding below medium not shown (--severity)." in result.stdout
    fail_on = run_cli("check", "app.py", "--fail-on", "medium", cwd=tmp_path)
    assert fail_on.returncode == 0 and "app.py:1:3: HL101" in fail_on.stdout  # --fail-on still shows it
    assert run_cli("check", "app.py", cwd=tmp_path).returncode == 1


def test_show_fixes_lists_available_and_applied_fixes(tmp_path):
    target = tmp_path / "app.py"
    target.write_text(BARE)
    shown = run_cli("check", "app.py", "--select", "HL401", "--show-fixes", cwd=tmp_path)
    assert "app.py:3:1: HL401 fix: Catch `Exception` instead of everything" in shown.stdout
    fixed = run_cli("check", "app.py", "--select", "HL401", "--fix", "--show-fixes", cwd=tmp_path)
    assert fixed.returncode == 0 and "  app.py: fixed 1 × HL401" in fixed.stdout


def test_jobs_is_validated(tmp_path):
    (tmp_path / "app.py").write_text(BARE)
    negative = run_cli("check", "app.py", "-j", "-1", cwd=tmp_path)
    assert negative.returncode == 2 and "must be 0 (one worker per core) or more" in negative.stderr
    assert run_cli("check", "app.py", "-j", "two", cwd=tmp_path).returncode == 2
    assert run_cli("check", "app.py", "-j", "0", "--select", "HL401", cwd=tmp_path).returncode == 1


# -- the cache: clean and pruning ----------------------------------------------------------------

def test_clean_removes_the_cache_hardlint_wrote_and_nothing_else(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (project / "app.py").write_text(BARE)
    assert run_cli("check", ".", cwd=project).returncode == 1
    assert (project / ".hardlint_cache" / "OWNER").is_file()
    committed = project / "vendor" / ".hardlint_cache"  # a copied or committed one: not provably ours
    committed.mkdir(parents=True)
    (committed / "notes.txt").write_text("keep me")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.txt").write_text("keep me too")
    (project / "linked").mkdir()
    (project / "linked" / ".hardlint_cache").symlink_to(outside)
    result = run_cli("clean", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "Removed .hardlint_cache" in result.stdout
    assert not (project / ".hardlint_cache").exists()
    assert (committed / "notes.txt").read_text() == "keep me"
    assert "vendor/.hardlint_cache: not written by hardlint on this machine" in result.stderr
    assert "linked/.hardlint_cache: is a link" in result.stderr
    assert (outside / "precious.txt").exists()
    assert "Removed" not in run_cli("clean", cwd=project).stdout
    assert run_cli("clean", cwd=outside).stdout.strip() == "No hardlint cache found."


def test_clean_keeps_files_it_cannot_prove_it_wrote_inside_its_own_cache(tmp_path):
    (tmp_path / "app.py").write_text(BARE)
    run_cli("check", ".", cwd=tmp_path)
    cache = tmp_path / ".hardlint_cache"
    forged = cache / "ab" / ("ab" + "0" * 38 + ".json")
    forged.parent.mkdir(exist_ok=True)
    forged.write_text("not-a-mac\n{}")
    result = run_cli("clean", cwd=tmp_path)
    assert forged.exists() and not any(cache.glob("[!a]?/*.json"))
    assert "kept the files hardlint cannot prove it wrote" in result.stdout


def test_old_entries_are_pruned_at_most_once_a_day(tmp_path):
    (tmp_path / "gone.py").write_text(BARE)
    (tmp_path / "kept.py").write_text(BARE.replace("work", "rest"))
    run_cli("check", ".", cwd=tmp_path)
    cache = tmp_path / ".hardlint_cache"
    entries = sorted(cache.glob("??/*.json"))
    assert len(entries) >= 2
    long_ago = time.time() - 40 * 86400
    for entry in entries:
        os.utime(entry, (long_ago, long_ago))
    (tmp_path / "gone.py").unlink()
    run_cli("check", ".", cwd=tmp_path)  # kept.py's entry is used (and touched); pruned today already
    assert all(entry.exists() for entry in entries)
    used = [entry for entry in entries if entry.stat().st_mtime > long_ago + 86400]
    assert len(used) == 1
    os.utime(cache / "last-pruned", (long_ago, long_ago))
    run_cli("check", ".", cwd=tmp_path)  # due: entries unused for 40 days go, the one in use stays
    assert [entry for entry in entries if entry.exists()] == used


def test_pruning_keeps_the_cache_under_its_size_cap(tmp_path):
    from hardlint.cache import prune

    shard = tmp_path / "ab"
    shard.mkdir()
    now = time.time()
    for index in range(5):
        entry = shard / f"ab{index:038d}.json"
        entry.write_bytes(b"x" * 1000)
        os.utime(entry, (now - 100 * (5 - index), now - 100 * (5 - index)))
    (shard / "unrelated.txt").write_bytes(b"x" * 5000)
    assert prune(tmp_path, now, max_bytes=2500) == 3
    assert sorted(p.name[-6:] for p in shard.glob("*.json")) == ["3.json", "4.json"]  # the newest stay
    assert (shard / "unrelated.txt").exists()
