"""HL402-HL403 and HL501-HL505 on a realistic Flask + SQLite + Neo4j app: every planted problem is
found on its own line, the twin written the right way is clean, and test files stay quiet."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from hardlint.config import Config
from hardlint.engine import check_source

CODES = ("HL402", "HL403", "HL501", "HL502", "HL503", "HL504", "HL505")
CONFIG = Config(select=CODES)

# Each planted line ends with `# expect: CODE`; the test reads expectations from the source itself.
PLANTED = textwrap.dedent(
    '''
    import os
    import sqlite3
    import traceback

    import jwt
    from flask import Flask, abort, jsonify, request
    from neo4j import GraphDatabase

    DEBUG = True  # expect: HL505
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-secret")  # expect: HL504
    NEO4J_PASSWORD = "letmein"  # expect: HL501
    ANALYTICS_DSN = "postgresql://analytics:s3cret@warehouse.internal/events"  # expect: HL502 HL503
    GRAPH_URI = "bolt://graph.internal:7687"  # expect: HL503

    app = Flask(__name__)
    driver = GraphDatabase.driver(GRAPH_URI, auth=("neo4j", "neo4j-pass"))  # expect: HL501


    def db():
        return sqlite3.connect(os.environ.get("SQLITE_PATH", "app.db"))


    @app.get("/users/<int:user_id>")
    def get_user(user_id):
        try:
            row = db().execute("SELECT name FROM users WHERE id = ?", (user_id,)).fetchone()
        except Exception as exc:
            return jsonify(error=str(exc)), 500  # expect: HL403
        return jsonify(name=row[0])


    @app.post("/graph/sync")
    def sync_graph():
        try:
            with driver.session() as session:
                session.run("MATCH (n) RETURN count(n)")
        except Exception:
            abort(500, traceback.format_exc())  # expect: HL403
        return jsonify(ok=True)


    def token_for(user_id):
        return jwt.encode({"sub": user_id}, "hs-signing-key", algorithm="HS256")  # expect: HL501


    def refresh_counts(counters):
        for counter in counters:
            try:
                counter.save()
            except Exception:  # expect: HL402
                continue


    if __name__ == "__main__":
        app.run(host="0.0.0.0", debug=True)  # expect: HL505 HL505
    '''
).lstrip()

TWIN = textwrap.dedent(
    '''
    import logging
    import os
    import sqlite3

    import jwt
    from flask import Flask, abort, jsonify, request
    from neo4j import GraphDatabase
    from neo4j.exceptions import Neo4jError

    logger = logging.getLogger(__name__)

    DEBUG = os.getenv("FLASK_DEBUG") == "1"
    SECRET_KEY = os.environ["SECRET_KEY"]
    NEO4J_PASSWORD = os.environ["NEO4J_PASSWORD"]
    ANALYTICS_DSN = os.environ["ANALYTICS_DSN"]
    GRAPH_URI = os.getenv("GRAPH_URI", "bolt://localhost:7687")
    TOKEN_TYPE = "bearer"
    PASSWORD_FIELD = "password"
    API_KEY_HEADER = "X-API-Key"
    TOKEN_URL = "/token"

    app = Flask(__name__)
    driver = GraphDatabase.driver(GRAPH_URI, auth=(os.environ["NEO4J_USER"], NEO4J_PASSWORD))


    def db():
        return sqlite3.connect(os.environ.get("SQLITE_PATH", "app.db"))


    @app.get("/users/<int:user_id>")
    def get_user(user_id):
        try:
            row = db().execute("SELECT name FROM users WHERE id = ?", (user_id,)).fetchone()
        except sqlite3.Error:
            logger.exception("loading user %s failed", user_id)
            return jsonify(error="internal error"), 500
        return jsonify(name=row[0])


    @app.post("/graph/sync")
    def sync_graph():
        try:
            with driver.session() as session:
                session.run("MATCH (n) RETURN count(n)")
        except Neo4jError:
            logger.exception("graph sync failed")
            abort(500, "graph sync failed")
        return jsonify(ok=True)


    @app.post("/orders")
    def create_order():
        try:
            quantity = int(request.json["quantity"])
        except ValueError as exc:
            return jsonify(error=str(exc)), 400
        return jsonify(quantity=quantity), 201


    def token_for(user_id):
        return jwt.encode({"sub": user_id}, SECRET_KEY, algorithm="HS256")


    if __name__ == "__main__":
        app.run(host=os.getenv("HOST", "127.0.0.1"), debug=DEBUG)
    '''
).lstrip()


def _expected(source: str) -> list[tuple[int, str]]:
    found = []
    for number, line in enumerate(source.splitlines(), 1):
        if "# expect:" in line:
            found.extend((number, code) for code in line.split("# expect:")[1].split())
    return sorted(found)


def test_every_planted_problem_is_found_on_its_line():
    result = check_source(PLANTED, "app/main.py", CONFIG)
    assert not result.errors
    assert sorted((f.line, f.code) for f in result.findings) == _expected(PLANTED)


def test_the_twin_written_the_right_way_is_clean():
    result = check_source(TWIN, "app/main.py", CONFIG)
    assert not result.errors
    assert [(f.line, f.code, f.message) for f in result.findings] == []


def test_test_files_are_quiet():
    result = check_source(PLANTED, "tests/test_main.py", CONFIG)
    assert [f.code for f in result.findings] == []


@pytest.mark.parametrize(
    "source",
    [
        "except Exception:\n",
        "x = os.getenv(\n",
        "DEBUG = True if",
        "app.run(host='0.0.0.0', debug=True, **{",
    ],
)
def test_broken_input_is_a_file_error_not_a_crash(source):
    result = check_source(source, "app/broken.py", CONFIG)
    assert result.findings == []
    assert [e.kind for e in result.errors] == ["parse"]


def test_odd_but_valid_code_does_not_break_the_rules():
    source = textwrap.dedent(
        '''
        import os, jwt
        TOKEN = rb"r4w-bytes-t0ken"
        os.getenv(*names)
        os.getenv(**options)
        jwt.encode(*args)
        app.run(*argv, **kwargs)
        x = {**base, "password": f"{a}{b}"}
        lambda: app.run(debug=True)
        try:
            store.save()
        except (Exception):
            pass
        def f(*, secret_key=("ab" "cd")): ...
        '''
    )
    result = check_source(source, "app/odd.py", CONFIG)
    assert not result.errors, result.errors
    codes = sorted(f.code for f in result.findings)
    assert codes == ["HL402", "HL501", "HL501", "HL505"], codes


def test_cli_reports_planted_file_as_json(tmp_path: Path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "main.py").write_text(PLANTED, encoding="utf-8")
    (tmp_path / "app" / "twin.py").write_text(TWIN, encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "hardlint", "check", "--select", ",".join(CODES), "--format", "json", "app"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )
    assert completed.returncode == 1, completed.stderr
    report = json.loads(completed.stdout)
    paths = {Path(f["path"]).name for f in report["findings"]}
    assert paths == {"main.py"}
    assert len(report["findings"]) == len(_expected(PLANTED))
