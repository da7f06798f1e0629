"""bandit runs inside `hardlint check`, file by file in the workers: mapped, filtered, isolated."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from cli_support import run_cli

from hardlint.catalog import load_rules
from hardlint.cli import main
from hardlint.config import Config, load_config
from hardlint.integrations import bandit_adapter
from hardlint import runner
from hardlint.runner import check_paths

RISKY = textwrap.dedent("""\
    import marshal
    import subprocess


    def run(cmd, blob):
        subprocess.call(cmd, shell=True)
        subprocess.call(cmd, shell=True)  # nosec
        subprocess.call(cmd, shell=True)  # noqa: B602
        assert cmd
        return marshal.loads(blob)
    """)


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, {"app/jobs.py": RISKY, "tests/test_jobs.py": "def test_it():\n    assert 1 + 1 == 2\n"})
    return tmp_path


def _bandit(report, code=None):
    return [f for f in report.findings if f.source == "bandit" and (code is None or f.code == code)]


def test_bandit_findings_are_mapped_with_severity_and_confidence(project):
    report = check_paths(["."], Config(root=project))
    shell = _bandit(report, "B602")
    assert len(shell) == 1, "one unsuppressed shell=True call; `# nosec` and `# noqa: B602` lines stay quiet"
    finding = shell[0]
    assert (finding.path, finding.line, finding.column) == ("app/jobs.py", 6, 5)
    assert finding.severity == "high" and finding.confidence == "high"
    assert finding.name == "subprocess_popen_with_shell_equals_true"
    assert finding.annotations["more_info"].startswith("https://bandit.readthedocs.io/")
    assert [f.line for f in _bandit(report, "B302")] == [10]
    assert _bandit(report, "B302")[0].severity == "medium"
    assert _bandit(report, "B302")[0].name == "marshal"
    _write(project, {"app/store.py": "import pickle\n"})
    explicit = check_paths(["."], Config(root=project, select=("HL", "B", "B403")))
    assert _bandit(explicit, "B403")[0].name == "import_pickle", "blacklist entries get their own name"


def test_assert_is_reported_in_production_code_but_not_in_tests(project):
    asserts = _bandit(check_paths(["."], Config(root=project, select=("HL", "B", "B101"))), "B101")
    assert [(f.path, f.line) for f in asserts] == [("app/jobs.py", 9)]


NOISY = textwrap.dedent("""\
    import random
    import subprocess


    def run(cmd):
        assert cmd
        subprocess.call(["git", "status"])
        subprocess.call("git status", shell=True)
        subprocess.call(cmd, shell=True)
        return random.random()
    """)


def test_measured_noisy_checks_are_off_by_default_and_come_back_by_full_code(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, {"app/jobs.py": NOISY})
    default = {(f.code, f.line) for f in _bandit(check_paths(["."], Config(root=tmp_path)))}
    # Only the shell call on a variable command stays: the constant one is bandit's LOW B602.
    assert default == {("B602", 9)}
    chosen = ("HL", "B", "B101", "B311", "B404", "B602", "B603", "B607")
    explicit = {(f.code, f.line) for f in _bandit(check_paths(["."], Config(root=tmp_path, select=chosen)))}
    assert {("B101", 6), ("B404", 2), ("B603", 7), ("B607", 7), ("B602", 8), ("B602", 9), ("B311", 10)} <= explicit


def test_off_by_default_list_names_only_real_bandit_checks():
    known = set(bandit_adapter.all_test_ids())
    if not _bandit_at_least(1, 8, 6):
        known.add("B615")  # huggingface_unsafe_download: newer than the oldest bandit supported
    assert set(bandit_adapter.OFF_BY_DEFAULT) <= known
    assert bandit_adapter.CONSTANT_COMMAND_OFF <= known


def test_superseded_checks_stay_quiet_while_their_hardlint_rule_exists(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, {"app/settings.py": textwrap.dedent("""\
        password = "hunter2-real-value"


        def load(cursor, name):
            try:
                cursor.execute("SELECT * FROM users WHERE name = '%s'" % name)
            except Exception:
                pass
        """)})
    report = check_paths(["."], Config(root=tmp_path))
    codes = {f.code for f in _bandit(report)}
    catalog = load_rules()
    for bandit_code, rule in bandit_adapter.SUPERSEDED.items():
        if rule in catalog:
            assert bandit_code not in codes, f"{bandit_code} should be left to {rule}"
    assert "HL501" in catalog, "this test needs HL501 in the catalog"
    assert "B105" not in codes
    # Naming the bandit check by its full code brings it back.
    explicit = check_paths(["."], Config(root=tmp_path, select=("HL", "B105")))
    assert [f.line for f in _bandit(explicit, "B105")] == [1]


def test_select_and_ignore_apply_to_bandit_codes(project):
    only_b6 = check_paths(["."], Config(root=project, select=("B6",)))
    assert {f.code for f in only_b6.findings} == {"B602"}
    ignored = check_paths(["."], Config(root=project, ignore=("B3", "B4")))
    assert not [f for f in ignored.findings if f.code.startswith(("B3", "B4"))]
    assert _bandit(ignored, "B602")
    per_file = check_paths(["."], Config(root=project, per_file_ignores={"app/*": ("B602",)}))
    assert not _bandit(per_file, "B602") and _bandit(per_file, "B302")


def test_no_bandit_flag_and_config_key_turn_it_off(project, capsys):
    assert _bandit(check_paths(["."], Config(root=project)))
    assert not _bandit(check_paths(["."], Config(root=project, bandit=False)))
    assert main(["check", ".", "--no-bandit", "--format", "json"]) in (0, 1)
    assert not [f for f in json.loads(capsys.readouterr().out)["findings"] if f["source"] == "bandit"]
    (project / "pyproject.toml").write_text("[tool.hardlint]\nbandit = false\n", encoding="utf-8")
    assert load_config().bandit is False
    main(["check", ".", "--format", "json"])
    assert not [f for f in json.loads(capsys.readouterr().out)["findings"] if f["source"] == "bandit"]


def test_bandit_is_not_imported_when_switched_off(tmp_path):
    (tmp_path / "ok.py").write_text("x = 1\n", encoding="utf-8")
    probe = ("import sys; from hardlint.cli import main; code = main(['check', 'ok.py', '--no-bandit']); "
             "print('bandit' in sys.modules); raise SystemExit(code)")
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "False"
    assert run_cli("check", "ok.py", cwd=tmp_path).returncode == 0


@pytest.fixture(params=["in-process", "workers"])
def mode(request, monkeypatch):
    """Check files (and run bandit on them) in this process, and in a pool of worker processes."""
    if request.param == "workers":
        monkeypatch.setattr(runner, "PARALLEL_THRESHOLD", 1)
    return request.param


def test_both_execution_modes_give_the_same_findings(project, mode):
    report = check_paths(["."], Config(root=project), jobs=2)
    assert sorted((f.code, f.line) for f in _bandit(report)) == [("B302", 10), ("B602", 6)]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_a_bandit_crash_on_one_file_is_a_file_error_not_a_crash(project, monkeypatch, mode):
    from bandit.core import node_visitor

    original = node_visitor.BanditNodeVisitor.generic_visit

    def explode_on_boom(self, node):
        if "boom" in self.fname:
            raise RuntimeError("plugin exploded")
        return original(self, node)

    monkeypatch.setattr(node_visitor.BanditNodeVisitor, "generic_visit", explode_on_boom)
    _write(project, {"app/boom.py": "import subprocess\nsubprocess.call('x', shell=True)\n"})
    report = check_paths(["."], Config(root=project), jobs=2)
    errors = [e for e in report.errors if e.rule == "bandit"]
    assert [(e.path, e.kind) for e in errors] == [("app/boom.py", "rule")]
    assert _bandit(report, "B602")[0].path == "app/jobs.py", "other files are still checked"


def test_bandit_walking_hardlints_tree_finds_what_its_own_parse_finds():
    """The workers hand bandit the `ast` hardlint built; bandit's node checks, its file-level checks
    (trojansource) and `# nosec` must come out exactly as when bandit parses the file itself."""
    import ast

    source = RISKY + textwrap.dedent("""\
        import hashlib, yaml

        def more(data, secret):
            hashlib.md5(data)
            yaml.load(data)  # nosec B506
            access = "user\u202e \u2066// admin only\u2069 \u2066"
            return eval(secret)
        """)
    data = source.encode("utf-8")
    scanner = bandit_adapter.FileScanner(Config(select=("HL", "B", "B324")))
    own_parse = scanner.scan("app/jobs.py", data, False)
    given_tree = scanner.scan("app/jobs.py", data, False, ast.parse(source))
    codes = sorted((f.code, f.line) for f in own_parse.findings)
    expected = {"B602", "B302", "B324", "B307"}
    if _bandit_at_least(1, 9, 4):  # before 1.9.4 trojansource re-reads the file by name (app/jobs.py: none)
        expected.add("B613")
    assert expected <= {code for code, _ in codes}, codes
    assert "B506" not in {code for code, _ in codes}, "# nosec B506 is honoured"
    assert given_tree.findings == own_parse.findings and given_tree.errors == own_parse.errors == []


def test_code_too_deep_for_bandits_visitor_is_a_file_error_not_an_internal_one(project):
    """bandit's visitor recurses once per nesting level and gives up below hardlint's own limit
    (1,000 levels, which CPython's parser alone did not pass here): that file gets one clear error,
    and the run is not an internal failure."""
    _write(project, {"app/deep.py": "import os\nx = " + "+".join(["a"] * 990) + "\n"})
    report = check_paths(["."], Config(root=project), jobs=2)
    errors = [e for e in report.errors if e.path == "app/deep.py"]
    assert [(e.kind, e.is_internal) for e in errors] == [("parse", False)]
    assert "nested" in errors[0].message and "bandit" in errors[0].message
    assert _bandit(report, "B602"), "the other files still get bandit's findings"


def test_syntax_errors_are_reported_once_by_hardlint(project):
    _write(project, {"app/broken.py": "def f(:\n"})
    report = check_paths(["."], Config(root=project))
    assert [(e.path, e.kind) for e in report.errors] == [("app/broken.py", "parse")]


def test_bandit_findings_appear_in_every_output_format(project, capsys):
    from hardlint.reporters import formats

    for name in formats():
        main(["check", "app", "--format", name, "--select", "B602"])
        out = capsys.readouterr().out
        assert "B602" in out, name
        if name != "text":
            assert "confidence" in out and "high" in out, name


def test_a_fifo_named_like_python_does_not_hang_bandit(project):
    import os

    os.mkfifo(project / "app" / "pipe.py")
    report = bandit_adapter.run_here(["app/jobs.py", "app/pipe.py"], Config(root=project))
    assert {f.path for f in report.findings} == {"app/jobs.py"}


def test_bandit_findings_are_cached_with_the_file(project, monkeypatch):
    first = sorted((f.code, f.line) for f in _bandit(check_paths(["."], Config(root=project))))
    assert ("B602", 6) in first

    def must_not_run(self, path, data, is_test, tree=None):
        raise AssertionError(f"bandit ran again on unchanged {path}")

    monkeypatch.setattr(bandit_adapter.FileScanner, "scan", must_not_run)
    again = check_paths(["."], Config(root=project))
    assert sorted((f.code, f.line) for f in _bandit(again)) == first
    assert not [e for e in again.errors if e.rule == "bandit"]
    assert not _bandit(check_paths(["."], Config(root=project, bandit=False))), "bandit off is another cache key"


def _bandit_at_least(*version: int) -> bool:
    from importlib import metadata

    installed = tuple(int(part) for part in metadata.version("bandit").split(".")[:3] if part.isdigit())
    return installed >= version
