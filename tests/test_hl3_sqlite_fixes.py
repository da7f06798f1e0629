"""HL301 fixes proven on a real sqlite3 database.

Each case is a module with a vulnerable query function. hardlint fixes it; both the original and
the fixed module are imported from disk and run: ordinary input gives the same rows, and an
injection input that dumps the whole table through the original returns nothing once fixed.
"""

from __future__ import annotations

import importlib.util
import sqlite3
import textwrap
from pathlib import Path

import pytest
from cli_support import run_cli

from hardlint.config import Config
from hardlint.engine import check_source
from hardlint.fixes import fix_source

CONFIG = Config(select=("HL301",))
QUOTE_INJECTION = "' OR '1'='1"
NUMBER_INJECTION = "1 OR 1=1"

ROWS = [
    (1, "alice", "alice@example.com", 1),
    (2, "bob", "bob@example.org", 1),
    (3, "carol", "carol@example.com", 0),
    (4, "o'brien", "ob@example.com", 1),
]


def _case(name: str, body: str, ordinary: tuple, injection: tuple, fixed_call: str):
    return pytest.param(textwrap.dedent(body).lstrip(), ordinary, injection, fixed_call, id=name)


CASES = [
    _case("fstring-quoted", """
        import sqlite3

        def query(conn, name):
            return conn.execute(f"SELECT * FROM users WHERE name = '{name}'").fetchall()
        """, ("alice",), (QUOTE_INJECTION,),
        'conn.execute("SELECT * FROM users WHERE name = ?", (name,))'),
    _case("fstring-number", """
        import sqlite3

        def query(conn, user_id):
            cur = conn.cursor()
            cur.execute(f"SELECT * FROM users WHERE id = {user_id}")
            return cur.fetchall()
        """, (2,), (NUMBER_INJECTION,),
        'cur.execute("SELECT * FROM users WHERE id = ?", (user_id,))'),
    _case("percent-tuple", """
        import sqlite3

        def query(conn, name, active):
            sql_result = conn.execute("SELECT * FROM users WHERE name = '%s' AND active = %s" % (name, active))
            return sql_result.fetchall()
        """, ("bob", 1), (QUOTE_INJECTION, 1),
        'conn.execute("SELECT * FROM users WHERE name = ? AND active = ?", (name, active))'),
    _case("percent-single", """
        import sqlite3

        def query(conn, email):
            return conn.execute("SELECT * FROM users WHERE email = '%s'" % email).fetchall()
        """, ("carol@example.com",), (QUOTE_INJECTION,),
        'conn.execute("SELECT * FROM users WHERE email = ?", (email,))'),
    _case("format-positional", """
        import sqlite3

        def query(conn, name, user_id):
            return conn.execute("SELECT * FROM users WHERE name = '{}' OR id = {}".format(name, user_id)).fetchall()
        """, ("alice", 3), (QUOTE_INJECTION, NUMBER_INJECTION),
        'conn.execute("SELECT * FROM users WHERE name = ? OR id = ?", (name, user_id))'),
    _case("format-named", """
        import sqlite3

        def query(conn, who):
            return conn.execute("SELECT * FROM users WHERE name = '{n}' AND active = {a}".format(n=who, a=1)).fetchall()
        """, ("bob",), (QUOTE_INJECTION,),
        'conn.execute("SELECT * FROM users WHERE name = ? AND active = 1", (who,))'),
    _case("concatenation", """
        import sqlite3

        def query(conn, name):
            return conn.execute("SELECT * FROM users WHERE name = '" + name + "' ORDER BY id").fetchall()
        """, ("alice",), (QUOTE_INJECTION,),
        'conn.execute("SELECT * FROM users WHERE name = ? ORDER BY id", (name,))'),
    _case("merge-existing-params", """
        import sqlite3

        def query(conn, name, active):
            return conn.execute(
                f"SELECT * FROM users WHERE active = ? AND name = '{name}' AND id > ?", (active, 0)
            ).fetchall()
        """, ("alice", 1), (QUOTE_INJECTION, 1),
        '"SELECT * FROM users WHERE active = ? AND name = ? AND id > ?", (active, name, 0)'),
    _case("constant-table-kept", """
        import sqlite3

        TABLE = "users"

        def query(conn, name):
            return conn.execute(f"SELECT * FROM {TABLE} WHERE name = '{name}'").fetchall()
        """, ("bob",), (QUOTE_INJECTION,),
        'conn.execute(f"SELECT * FROM {TABLE} WHERE name = ?", (name,))'),
    _case("literal-percent-and-like", """
        import sqlite3

        def query(conn, name):
            return conn.execute(
                f"SELECT * FROM users WHERE email LIKE '%example.com' AND name = '{name}'"
            ).fetchall()
        """, ("alice",), (QUOTE_INJECTION,),
        "\"SELECT * FROM users WHERE email LIKE '%example.com' AND name = ?\", (name,)"),
    _case("multiline", '''
        import sqlite3

        def query(conn, name, limit):
            return conn.execute(f"""
                SELECT *
                FROM users
                WHERE name = '{name}'
                LIMIT {limit}
            """).fetchall()
        ''', ("carol", 5), (QUOTE_INJECTION, 5),
        "(name, limit)"),
    _case("comparison-and-limit", """
        import sqlite3

        def query(conn, min_id, limit):
            return conn.execute(f"SELECT * FROM users WHERE id >= {min_id} ORDER BY id LIMIT {limit}").fetchall()
        """, (2, 2), (NUMBER_INJECTION, 10),
        'conn.execute("SELECT * FROM users WHERE id >= ? ORDER BY id LIMIT ?", (min_id, limit))'),
]


@pytest.fixture
def db():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, email TEXT, active INTEGER)")
    conn.executemany("INSERT INTO users VALUES (?, ?, ?, ?)", ROWS)
    yield conn
    conn.close()


def _load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fix(source: str) -> str:
    fixed, applied = fix_source(source, lambda text: check_source(text, "app/queries.py", CONFIG).findings)
    assert applied >= 1, "hardlint applied no fix"
    return fixed


@pytest.mark.parametrize("source,ordinary,injection,fixed_call", CASES)
def test_fix_keeps_results_and_stops_injection(tmp_path, db, source, ordinary, injection, fixed_call):
    before = check_source(source, "app/queries.py", CONFIG).findings
    assert [f.code for f in before] == ["HL301"] and before[0].fix is not None
    fixed = _fix(source)
    assert fixed_call in fixed, fixed
    assert not check_source(fixed, "app/queries.py", CONFIG).findings, "fixed code is still flagged"
    assert _fix_is_idempotent(fixed)

    (tmp_path / "original_q.py").write_text(source)
    (tmp_path / "fixed_q.py").write_text(fixed)
    original = _load(tmp_path / "original_q.py")
    repaired = _load(tmp_path / "fixed_q.py")

    expected = original.query(db, *ordinary)
    assert expected, "the ordinary input should find rows"
    assert repaired.query(db, *ordinary) == expected

    assert len(original.query(db, *injection)) >= len(ROWS) - 1, "the original is not injectable as assumed"
    assert repaired.query(db, *injection) == []


def _fix_is_idempotent(fixed: str) -> bool:
    again, applied = fix_source(fixed, lambda text: check_source(text, "app/queries.py", CONFIG).findings)
    return again == fixed and applied == 0


def test_fixed_insert_stores_hostile_text_verbatim(tmp_path, db):
    source = textwrap.dedent("""
        import sqlite3

        def add(conn, name, email):
            conn.execute(f"INSERT INTO users (name, email, active) VALUES ('{name}', '{email}', 1)")
    """).lstrip()
    fixed = _fix(source)
    assert 'VALUES (?, ?, 1)", (name, email))' in fixed
    (tmp_path / "fixed_insert.py").write_text(fixed)
    module = _load(tmp_path / "fixed_insert.py")
    hostile = "x'); DROP TABLE users; --"
    module.add(db, hostile, "e@example.com")
    stored = db.execute("SELECT name FROM users WHERE email = 'e@example.com'").fetchall()
    assert stored == [(hostile,)]
    assert db.execute("SELECT COUNT(*) FROM users").fetchone()[0] == len(ROWS) + 1


def test_apostrophe_in_ordinary_input_now_works(tmp_path, db):
    """The formatted query breaks on `o'brien`; the parameterized one finds the row."""
    source = textwrap.dedent("""
        import sqlite3

        def query(conn, name):
            return conn.execute(f"SELECT id FROM users WHERE name = '{name}'").fetchall()
    """).lstrip()
    (tmp_path / "apos_orig.py").write_text(source)
    (tmp_path / "apos_fixed.py").write_text(_fix(source))
    with pytest.raises(sqlite3.OperationalError):
        _load(tmp_path / "apos_orig.py").query(db, "o'brien")
    assert _load(tmp_path / "apos_fixed.py").query(db, "o'brien") == [(4,)]


NAMES_NOT_VALUES = [
    "def q(conn, table):\n    conn.execute(f\"SELECT * FROM {table}\")\n",
    "def q(conn, col, v):\n    conn.execute(f\"SELECT * FROM users WHERE {col} = ?\", (v,))\n",
]


@pytest.mark.parametrize("body", NAMES_NOT_VALUES)
def test_pasted_names_are_hl303_not_hl301(body):
    """A pasted table or column name is not a value: HL301 is quiet, opt-in HL303 says "identifier"."""
    source = "import sqlite3\n\n" + body
    assert check_source(source, "app/queries.py", CONFIG).findings == []
    assert check_source(source, "app/queries.py", Config(select=("HL3",))).findings == []  # opt-in
    found = check_source(source, "app/queries.py", Config(select=("HL303",))).findings
    assert [f.code for f in found] == ["HL303"] and found[0].fix is None
    assert "identifier" in found[0].message


NOT_FIXED = [
    ("like-pattern", "def q(conn, t):\n    conn.execute(f\"SELECT * FROM users WHERE name LIKE '%{t}%'\")\n", "LIKE"),
    ("built-earlier", "def q(conn, n):\n    s = f\"SELECT * FROM users WHERE name = '{n}'\"\n    conn.execute(s)\n",
     "across statements"),
    ("spec", "def q(conn, n):\n    conn.execute(f\"SELECT * FROM users WHERE name = '{n!r}'\")\n", "conversion"),
    ("script", "def q(conn, n):\n    conn.executescript(f\"DELETE FROM users WHERE name = '{n}'\")\n", "no query parameters"),
]


@pytest.mark.parametrize("name,body,reason", NOT_FIXED, ids=[n[0] for n in NOT_FIXED])
def test_unsafe_shapes_are_reported_but_not_rewritten(name, body, reason):
    source = "import sqlite3\n\n" + body
    findings = check_source(source, "app/queries.py", CONFIG).findings
    assert len(findings) == 1 and findings[0].fix is None
    assert "not fixed automatically" in findings[0].message and reason in findings[0].message
    fixed, applied = fix_source(source, lambda text: check_source(text, "app/queries.py", CONFIG).findings)
    assert applied == 0 and fixed == source


def test_cli_fix_rewrites_the_file_and_it_runs(tmp_path, db):
    target = tmp_path / "app" / "repo.py"
    target.parent.mkdir()
    target.write_text(CASES[0].values[0])
    result = run_cli("check", "--select", "HL301", "--fix", str(target), cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    text = target.read_text()
    assert 'conn.execute("SELECT * FROM users WHERE name = ?", (name,))' in text
    module = _load(target)
    assert module.query(db, QUOTE_INJECTION) == []
    assert module.query(db, "alice") == [ROWS[0]]


def test_cli_diff_shows_the_parameterized_call_without_writing(tmp_path):
    target = tmp_path / "app" / "repo.py"
    target.parent.mkdir()
    source = CASES[2].values[0]
    target.write_text(source)
    result = run_cli("check", "--select", "HL301", "--diff", str(target), cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    added = [line for line in result.stdout.splitlines() if line.startswith("+") and "execute" in line]
    assert added and '"SELECT * FROM users WHERE name = ? AND active = ?", (name, active)' in added[0]
    assert target.read_text() == source
