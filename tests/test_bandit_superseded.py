"""bandit's B105-B107 are superseded by HL501 line by line, not for the whole run (issues 13 and 17).

The file below is modelled on bandit's own `examples/hardcoded-passwords.py` (PyCQA/bandit): every
bandit finding on a line HL501 reports, or whose literal HL501 read and cleared, is dropped and
counted; a secret only bandit sees (HL501 does not read Enum members) stays reported.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from hardlint.config import Config
from hardlint.finding import Finding
from hardlint.integrations import bandit_adapter
from hardlint.reporters import json_report, text
from hardlint.runner import check_paths, run_files

MODELLED_ON_BANDIT = textwrap.dedent("""\
    import enum


    def some_function(user, password="Adm1n-pass"):
        return user


    def check_root(password):
        if password == "r00t-t0ps3cret":
            return True
        if password == "":
            return False
        return None


    do_login(password="blerg-42")
    EMAIL_PASSWORD = "s3cret-mail"
    TOKEN_TYPE = "bearer"
    PASSWORD_FIELD = "password"


    class Defaults(enum.Enum):
        ADMIN_PASSWORD = "Adm1n!2024x"
    """)


def _project(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "accounts.py").write_text(MODELLED_ON_BANDIT, encoding="utf-8")
    return tmp_path


def _superseded_facts(tmp_path: Path, config: Config) -> list:
    results = run_files([str(tmp_path / "app" / "accounts.py")], config, 1)
    return [fact for result in results for fact in result.facts if fact.kind == bandit_adapter.SUPERSEDED_FACT]


def test_bandit_checks_run_where_hl501_is_silent(tmp_path, monkeypatch):
    _project(tmp_path, monkeypatch)
    report = check_paths(["."], Config(root=tmp_path))
    by_code = {(f.code, f.line) for f in report.findings}
    # HL501 reports the real secrets; bandit's duplicates on those lines are gone.
    assert {("HL501", 4), ("HL501", 9), ("HL501", 16), ("HL501", 17)} <= by_code
    assert not {line for code, line in by_code if code in ("B105", "B106", "B107") and line != 23}
    # The enum member HL501 never reads: bandit's finding stands.
    assert ("B105", 23) in by_code
    assert ("HL501", 23) not in by_code


def test_each_dropped_finding_is_recorded_with_its_reason(tmp_path, monkeypatch):
    _project(tmp_path, monkeypatch)
    facts = {(f.data["code"], f.line): f.data["reason"] for f in _superseded_facts(tmp_path, Config(root=tmp_path))}
    assert facts[("B107", 4)] == "HL501 reports this line"
    assert facts[("B105", 9)] == "HL501 reports this line"
    assert facts[("B106", 16)] == "HL501 reports this line"
    assert facts[("B105", 17)] == "HL501 reports this line"
    assert facts[("B105", 11)].startswith("HL501 judged the literal not a secret: empty")
    assert facts[("B105", 18)] == "HL501 judged the literal not a secret: `TOKEN_TYPE` does not name a secret"
    assert facts[("B105", 19)] == "HL501 judged the literal not a secret: `PASSWORD_FIELD` does not name a secret"
    assert ("B105", 23) not in facts
    assert len(facts) == 7


def test_the_summary_counts_superseded_bandit_findings(tmp_path, monkeypatch):
    _project(tmp_path, monkeypatch)
    report = check_paths(["."], Config(root=tmp_path))
    assert report.superseded == 7
    assert "7 bandit findings superseded by hardlint rules." in text.summary(report)
    assert json.loads(json_report.render(report, Config(root=tmp_path)))["summary"]["bandit_superseded"] == 7


def test_naming_the_bandit_code_keeps_all_its_findings(tmp_path, monkeypatch):
    _project(tmp_path, monkeypatch)
    report = check_paths(["."], Config(root=tmp_path, select=("HL", "B105")))
    assert sorted(f.line for f in report.findings if f.code == "B105") == [9, 11, 17, 18, 19, 23]
    assert report.superseded == 0


def test_without_hl501_every_bandit_finding_stays(tmp_path, monkeypatch):
    _project(tmp_path, monkeypatch)
    report = check_paths(["."], Config(root=tmp_path, select=("B",)))
    lines = sorted((f.code, f.line) for f in report.findings)
    assert lines == [("B105", 9), ("B105", 11), ("B105", 17), ("B105", 18), ("B105", 19), ("B105", 23),
                     ("B106", 16), ("B107", 4)]
    assert report.superseded == 0


def test_a_noqa_for_hl501_covers_its_bandit_twin(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "app.py").write_text('DB_PASSWORD = "hunter2-x"  # noqa: HL501 - local demo\n', encoding="utf-8")
    report = check_paths(["."], Config(root=tmp_path))
    assert report.findings == []
    assert report.superseded == 1


def _finding(code: str, line: int, end_line: int | None = None) -> Finding:
    return Finding(code=code, path="a.py", line=line, column=1, end_line=end_line or line, end_column=2,
                   severity="low", message="m", source="bandit" if code.startswith("B") else "hardlint")


def test_b107_is_covered_only_by_the_function_signature():
    """bandit's B107 spans the whole function; an HL501 finding in its body is not about the default."""
    b107 = _finding("B107", 1, end_line=10)
    in_body = _finding("HL501", 5)
    kept, dropped = bandit_adapter.split_superseded([b107], [in_body], {}, [], {1: 2})
    assert kept == [b107] and dropped == []
    on_default = _finding("HL501", 2)
    kept, dropped = bandit_adapter.split_superseded([b107], [on_default], {}, [], {1: 2})
    assert kept == [] and dropped[0].data == {"code": "B107", "by": "HL501", "reason": "HL501 reports this line"}


def test_judgements_are_not_kept_in_results(tmp_path, monkeypatch):
    """The `HL501.judged` records serve the bandit pass only: they never reach the cache or the project phase."""
    _project(tmp_path, monkeypatch)
    for config in (Config(root=tmp_path), Config(root=tmp_path, bandit=False)):
        results = run_files([str(tmp_path / "app" / "accounts.py")], config, 1)
        assert not [fact for result in results for fact in result.facts if fact.kind.endswith(".judged")]


def test_request_without_timeout_stays_on_and_a_check_judged_noise_is_off(tmp_path, monkeypatch):
    """B113 judged 16 of 24 real on the corpus: on. B506 judged 0 of 1 real: off, back by its full code."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "fetch.py").write_text('import requests\nimport yaml\n\n\ndef get(url, text):\n'
                                       '    return requests.get(url), yaml.load(text)\n', encoding="utf-8")
    default = {(f.code, f.line) for f in check_paths(["."], Config(root=tmp_path)).findings}
    assert ("B113", 6) in default and not [c for c, _ in default if c == "B506"]
    explicit = check_paths(["."], Config(root=tmp_path, select=("HL", "B", "B506")))
    assert ("B506", 6) in {(f.code, f.line) for f in explicit.findings}


def test_pickle_round_trips_in_tests_are_not_reported(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    source = "import pickle\n\n\ndef roundtrip(obj):\n    return pickle.loads(pickle.dumps(obj))\n"
    for name in ("tests/test_models.py", "app/cache.py"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(source, encoding="utf-8")
    config = Config(root=tmp_path, select=("HL", "B", "B301", "B403"))
    found = {(f.path, f.code) for f in check_paths(["."], config).findings if f.code.startswith("B")}
    assert found == {("app/cache.py", "B301"), ("app/cache.py", "B403")}


def test_a_line_suppressed_under_ruffs_name_for_the_check_is_suppressed(tmp_path, monkeypatch):
    """ruff's flake8-bandit codes are bandit's numbers with an S: `# noqa: S310` was judged there."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "fetch.py").write_text(
        "from urllib import request\n\n\n"
        "def a(url):\n    return request.urlopen(url)  # noqa: S310 - scheme checked by the caller\n\n\n"
        "def b(url):\n    return request.urlopen(url)\n", encoding="utf-8")
    report = check_paths(["."], Config(root=tmp_path, select=("HL", "B", "B310")))
    assert [(f.code, f.line) for f in report.findings if f.code == "B310"] == [("B310", 9)]
    assert bandit_adapter.ruff_code("B310") == "S310"


def test_where_hl501_did_not_run_its_value_test_judges_the_literal_bandit_quotes(tmp_path, monkeypatch):
    """HL501's trigger skips files with no secret-holding name; bandit still reads `..._TOKEN_KEY` names."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "semconv.py").write_text(
        'INPUT_TOKEN_KEY = "gen_ai.usage.input_tokens"\n'
        'OUTPUT_TOKEN_KEY = "output_tokens"\n'
        'CACHE_TOKEN_KEY = "False"\n'
        'SIGNING_TOKEN_KEY = "a8f5f167f44f4964e6c998dee827110c"\n', encoding="utf-8")
    report = check_paths(["."], Config(root=tmp_path))
    assert [(f.code, f.line) for f in report.findings] == [("B105", 4)]
    assert report.superseded == 3
    facts = _superseded_facts_of(tmp_path / "semconv.py", Config(root=tmp_path))
    assert {f.data["reason"] for f in facts} == {"HL501 judged the value not a secret"}


def _superseded_facts_of(path: Path, config: Config) -> list:
    results = run_files([str(path)], config, 1)
    return [fact for result in results for fact in result.facts if fact.kind == bandit_adapter.SUPERSEDED_FACT]


TLS = textwrap.dedent("""\
    import ssl

    import requests


    def fetch(url, session):
        plain = requests.get(url, verify=False, timeout=5)
        options = {"verify": False}
        hidden = session.get(url, timeout=5, **options)
        return plain, hidden, ssl._create_unverified_context()
    """)


def test_tls_checks_b501_and_b323_are_superseded_by_hl609_only_where_it_reports(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "client.py").write_text(TLS, encoding="utf-8")
    report = check_paths(["."], Config(root=tmp_path))
    by_code = {(f.code, f.line) for f in report.findings}
    assert {("HL609", 7), ("HL609", 10)} <= by_code
    assert not {line for code, line in by_code if code in ("B501", "B323")}
    assert report.superseded >= 2
    kept = check_paths(["."], Config(root=tmp_path, select=("HL", "B501", "B323")))
    assert {("B501", 7), ("B323", 10)} <= {(f.code, f.line) for f in kept.findings}


PATCH = textwrap.dedent("""\
    from requests.adapters import HTTPAdapter


    def monkeypatch_requests_timeout():
        old_send = HTTPAdapter.send

        def send(self, request, timeout=None, **kwargs):
            return old_send(self, request, timeout=30 if timeout is None else timeout, **kwargs)

        HTTPAdapter.send = send
    """)


def test_b113_is_answered_by_a_default_timeout_the_project_sets(tmp_path, monkeypatch):
    """Modelled on pretix (helpers/monkeypatching.py): every request gets a 30 s timeout at start-up,
    so no single call needs one. A patch that sets no timeout answers nothing."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "views.py").write_text('import requests\n\n\ndef rates(url):\n    return requests.get(url)\n',
                                               encoding="utf-8")
    assert [f.line for f in check_paths(["."], Config(root=tmp_path)).findings if f.code == "B113"] == [5]
    (tmp_path / "app" / "patches.py").write_text(PATCH.replace("timeout", "retries"), encoding="utf-8")
    assert [f.line for f in check_paths(["."], Config(root=tmp_path)).findings if f.code == "B113"] == [5]
    (tmp_path / "app" / "patches.py").write_text(PATCH, encoding="utf-8")
    for cache in (False, True, True):  # cold, then answered from the cache
        report = check_paths(["."], Config(root=tmp_path, cache=cache))
        assert not [f for f in report.findings if f.code == "B113"] and report.superseded == 1


def test_a_default_timeout_answers_b113_only_in_its_own_application(tmp_path, monkeypatch):
    """Two applications checked in one run: the one that patches requests is answered, the other is not."""
    monkeypatch.chdir(tmp_path)
    for app in ("shop", "billing"):
        (tmp_path / app / app).mkdir(parents=True)
        (tmp_path / app / app / "__init__.py").write_text("", encoding="utf-8")
        (tmp_path / app / app / "views.py").write_text(
            'import requests\n\n\ndef rates(url):\n    return requests.get(url)\n', encoding="utf-8")
    (tmp_path / "shop" / "shop" / "patches.py").write_text(PATCH, encoding="utf-8")
    report = check_paths(["."], Config(root=tmp_path))
    assert [f.path for f in report.findings if f.code == "B113"] == ["billing/billing/views.py"]
    assert report.superseded == 1


def test_a_placeholder_looking_literal_used_as_a_signing_key_keeps_bandits_finding(tmp_path, monkeypatch):
    """`secret = "secret"` reads like a placeholder (its value is its name) and HL501 clears it, unless
    it then signs tokens: HL501 reports the use, and bandit's B105 on the literal stands (issue 17)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tokens.py").write_text(
        "import jwt\n\n\n"
        "def issue(payload):\n"
        '    secret = "secret"\n'
        '    return jwt.encode(payload, secret, algorithm="HS256")\n\n\n'
        "def label(payload, key):\n"
        '    secret = "secret"\n'
        "    return jwt.encode({secret: payload}, key)\n", encoding="utf-8")
    report = check_paths(["."], Config(root=tmp_path))
    assert sorted((f.code, f.line) for f in report.findings) == [("B105", 5), ("HL501", 6)]
    assert report.superseded == 1  # the look-alike on line 10
    results = run_files([str(tmp_path / "tokens.py")], Config(root=tmp_path), 1)
    assert not [fact for result in results for fact in result.facts if fact.kind.endswith(".kept")]
