"""HL301/HL302 across drivers and query-building shapes: what is flagged, what is not, what is fixed."""

from __future__ import annotations

import textwrap

import pytest

from hardlint.config import Config
from hardlint.engine import check_source
from hardlint.fixes import fix_source

CONFIG = Config(select=("HL301", "HL302", "HL303"))


def _findings(source: str, path: str = "app/db.py"):
    result = check_source(textwrap.dedent(source).lstrip(), path, CONFIG)
    assert not result.errors, result.errors
    return result.findings


def _fixed(source: str) -> str:
    text = textwrap.dedent(source).lstrip()
    fixed, _ = fix_source(text, lambda s: check_source(s, "app/db.py", CONFIG).findings)
    return fixed


# (id, code, vulnerable source, expected text after --fix or None when no fix is offered, clean twin)
DRIVERS = [
    ("sqlite3", "HL301", """
        import sqlite3
        def f(name):
            conn = sqlite3.connect("app.db")
            return conn.execute(f"SELECT * FROM users WHERE name = '{name}'").fetchall()
        """, 'conn.execute("SELECT * FROM users WHERE name = ?", (name,))', """
        import sqlite3
        def f(name):
            conn = sqlite3.connect("app.db")
            return conn.execute("SELECT * FROM users WHERE name = ?", (name,)).fetchall()
        """),
    ("aiosqlite", "HL301", """
        import aiosqlite
        async def f(path, name):
            async with aiosqlite.connect(path) as db:
                await db.execute(f"DELETE FROM users WHERE name = '{name}'")
        """, 'await db.execute("DELETE FROM users WHERE name = ?", (name,))', """
        import aiosqlite
        async def f(path, name):
            async with aiosqlite.connect(path) as db:
                await db.execute("DELETE FROM users WHERE name = ?", (name,))
        """),
    ("psycopg2", "HL301", """
        import psycopg2
        def f(dsn, user_id):
            conn = psycopg2.connect(dsn)
            cur = conn.cursor()
            cur.execute("UPDATE users SET active = false WHERE id = %s" % user_id)
        """, 'cur.execute("UPDATE users SET active = false WHERE id = %s", (user_id,))', """
        import psycopg2
        def f(dsn, user_id):
            conn = psycopg2.connect(dsn)
            cur = conn.cursor()
            cur.execute("UPDATE users SET active = false WHERE id = %s", (user_id,))
        """),
    ("psycopg3-sync", "HL301", """
        import psycopg
        def f(dsn, email):
            with psycopg.connect(dsn) as conn:
                return conn.execute(f"SELECT id FROM users WHERE email = '{email}'").fetchone()
        """, 'conn.execute("SELECT id FROM users WHERE email = %s", (email,))', """
        import psycopg
        def f(dsn, email):
            with psycopg.connect(dsn) as conn:
                return conn.execute("SELECT id FROM users WHERE email = %s", (email,)).fetchone()
        """),
    ("psycopg3-async", "HL301", """
        import psycopg
        async def f(dsn, email):
            async with await psycopg.AsyncConnection.connect(dsn) as conn:
                async with conn.cursor() as cur:
                    await cur.execute(f"SELECT id FROM users WHERE email = '{email}'")
        """, 'await cur.execute("SELECT id FROM users WHERE email = %s", (email,))', """
        import psycopg
        async def f(dsn, email):
            async with await psycopg.AsyncConnection.connect(dsn) as conn:
                async with conn.cursor() as cur:
                    await cur.execute("SELECT id FROM users WHERE email = %s", (email,))
        """),
    ("asyncpg-execute", "HL301", """
        import asyncpg
        async def f(dsn, user_id):
            conn = await asyncpg.connect(dsn)
            await conn.execute(f"DELETE FROM sessions WHERE user_id = {user_id}")
        """, 'await conn.execute("DELETE FROM sessions WHERE user_id = $1", user_id)', """
        import asyncpg
        async def f(dsn, user_id):
            conn = await asyncpg.connect(dsn)
            await conn.execute("DELETE FROM sessions WHERE user_id = $1", user_id)
        """),
    ("asyncpg-fetchrow", "HL301", """
        import asyncpg
        async def f(pool, kind, user_id):
            async with pool.acquire() as conn:
                return await conn.fetchrow(f"SELECT * FROM t WHERE kind = $1 AND owner = '{user_id}'", kind)
        """, 'conn.fetchrow("SELECT * FROM t WHERE kind = $1 AND owner = $2", kind, user_id)', """
        import asyncpg
        async def f(pool, kind, user_id):
            async with pool.acquire() as conn:
                return await conn.fetchrow("SELECT * FROM t WHERE kind = $1 AND owner = $2", kind, user_id)
        """),
    ("asyncpg-fetchval", "HL301", """
        import asyncpg
        async def f(conn, name):
            return await conn.fetchval("SELECT count(*) FROM users WHERE name = '" + name + "'")
        """, 'conn.fetchval("SELECT count(*) FROM users WHERE name = $1", name)', """
        import asyncpg
        async def f(conn, name):
            return await conn.fetchval("SELECT count(*) FROM users WHERE name = $1", name)
        """),
    ("aiopg", "HL301", """
        import aiopg
        async def f(dsn, name):
            async with aiopg.create_pool(dsn) as pool:
                async with pool.acquire() as conn:
                    async with conn.cursor() as cur:
                        await cur.execute(f"SELECT * FROM users WHERE name = '{name}'")
        """, 'await cur.execute("SELECT * FROM users WHERE name = %s", (name,))', """
        import aiopg
        async def f(dsn, name):
            async with aiopg.create_pool(dsn) as pool:
                async with pool.acquire() as conn:
                    async with conn.cursor() as cur:
                        await cur.execute("SELECT * FROM users WHERE name = %s", (name,))
        """),
    ("pymysql", "HL301", """
        import pymysql
        def f(name):
            conn = pymysql.connect(host="db")
            with conn.cursor() as cursor:
                cursor.execute("SELECT * FROM users WHERE name = '{}'".format(name))
        """, 'cursor.execute("SELECT * FROM users WHERE name = %s", (name,))', """
        import pymysql
        def f(name):
            conn = pymysql.connect(host="db")
            with conn.cursor() as cursor:
                cursor.execute("SELECT * FROM users WHERE name = %s", (name,))
        """),
    ("MySQLdb", "HL301", """
        import MySQLdb
        def f(name):
            db = MySQLdb.connect(host="db")
            c = db.cursor()
            c.execute(f"SELECT * FROM users WHERE name = '{name}' AND pct LIKE '5%'")
        """, """c.execute("SELECT * FROM users WHERE name = %s AND pct LIKE '5%%'", (name,))""", """
        import MySQLdb
        def f(name):
            db = MySQLdb.connect(host="db")
            c = db.cursor()
            c.execute("SELECT * FROM users WHERE name = %s AND pct LIKE '5%%'", (name,))
        """),
    ("mysql-connector", "HL301", """
        import mysql.connector
        def f(name):
            cnx = mysql.connector.connect(user="app")
            cur = cnx.cursor()
            cur.execute(f"SELECT * FROM users WHERE name = '{name}'")
        """, 'cur.execute("SELECT * FROM users WHERE name = %s", (name,))', """
        import mysql.connector
        def f(name):
            cnx = mysql.connector.connect(user="app")
            cur = cnx.cursor()
            cur.execute("SELECT * FROM users WHERE name = %s", (name,))
        """),
    ("flask-sqlite-g", "HL301", """
        import sqlite3
        from flask import g, request
        def delete_user():
            g.db.execute("DELETE FROM users WHERE name = '" + request.args["name"] + "'")
        """, 'g.db.execute("DELETE FROM users WHERE name = ?", (request.args["name"],))', """
        import sqlite3
        from flask import g, request
        def delete_user():
            g.db.execute("DELETE FROM users WHERE name = ?", (request.args["name"],))
        """),
    ("sqlalchemy-text", "HL301", """
        from sqlalchemy import text
        def f(session, user):
            return session.execute(text(f"SELECT * FROM users WHERE name = '{user.name}'")).all()
        """, """session.execute(text("SELECT * FROM users WHERE name = :user_name").bindparams(user_name=user.name))""",
        """
        from sqlalchemy import text
        def f(session, user):
            return session.execute(text("SELECT * FROM users WHERE name = :name"), {"name": user.name}).all()
        """),
    ("sqlalchemy-exec-driver-sql", "HL301", """
        import sqlalchemy
        def f(engine, name):
            with engine.connect() as conn:
                conn.exec_driver_sql(f"SELECT * FROM users WHERE name = '{name}'")
        """, None, """
        import sqlalchemy
        def f(engine, name):
            with engine.connect() as conn:
                conn.exec_driver_sql("SELECT * FROM users WHERE name = %(name)s", {"name": name})
        """),
    ("sqlalchemy-connection-execute-str", "HL301", """
        from sqlalchemy import create_engine
        engine = create_engine("sqlite://")
        def f(name):
            with engine.connect() as conn:
                conn.execute("SELECT * FROM users WHERE name = '%s'" % name)
        """, None, """
        from sqlalchemy import create_engine, text
        engine = create_engine("sqlite://")
        def f(name):
            with engine.connect() as conn:
                conn.execute(text("SELECT * FROM users WHERE name = :name"), {"name": name})
        """),
    ("django-cursor", "HL301", """
        from django.db import connection
        def f(name):
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT * FROM auth_user WHERE username = '{name}'")
        """, 'cursor.execute("SELECT * FROM auth_user WHERE username = %s", (name,))', """
        from django.db import connection
        def f(name):
            with connection.cursor() as cursor:
                cursor.execute("SELECT * FROM auth_user WHERE username = %s", [name])
        """),
    ("django-raw", "HL301", """
        from django.db import models
        def f(name):
            return Person.objects.raw(f"SELECT * FROM app_person WHERE last_name = '{name}'")
        """, 'Person.objects.raw("SELECT * FROM app_person WHERE last_name = %s", (name,))', """
        from django.db import models
        def f(name):
            return Person.objects.raw("SELECT * FROM app_person WHERE last_name = %s", [name])
        """),
    ("django-rawsql", "HL301", """
        from django.db.models.expressions import RawSQL
        def f(qs, tag):
            return qs.annotate(n=RawSQL(f"SELECT count(*) FROM tags WHERE tag = '{tag}'", ()))
        """, 'RawSQL("SELECT count(*) FROM tags WHERE tag = %s", (tag,))', """
        from django.db.models.expressions import RawSQL
        def f(qs, tag):
            return qs.annotate(n=RawSQL("SELECT count(*) FROM tags WHERE tag = %s", (tag,)))
        """),
    ("django-extra", "HL301", """
        from django.db import models
        def f(qs, day):
            return qs.extra(where=[f"created::date = '{day}'"])
        """, None, """
        from django.db import models
        def f(qs, day):
            return qs.extra(where=["created::date = %s"], params=[day])
        """),
    ("pandas-read-sql", "HL301", """
        import pandas as pd
        def f(conn, region):
            return pd.read_sql(f"SELECT * FROM sales WHERE region = '{region}'", conn)
        """, None, """
        import pandas as pd
        def f(conn, region):
            return pd.read_sql("SELECT * FROM sales WHERE region = ?", conn, params=(region,))
        """),
    ("pandas-read-sql-query", "HL301", """
        from pandas import read_sql_query
        def f(conn, region):
            return read_sql_query("SELECT * FROM sales WHERE region = '%s'" % region, conn)
        """, None, """
        from pandas import read_sql_query
        def f(conn, region):
            return read_sql_query("SELECT * FROM sales WHERE region = ?", conn, params=(region,))
        """),
    ("peewee-execute-sql", "HL301", """
        from peewee import SqliteDatabase
        db = SqliteDatabase("app.db")
        def f(name):
            return db.execute_sql(f"SELECT * FROM user WHERE name = '{name}'")
        """, None, """
        from peewee import SqliteDatabase
        db = SqliteDatabase("app.db")
        def f(name):
            return db.execute_sql("SELECT * FROM user WHERE name = ?", (name,))
        """),
    ("peewee-raw", "HL301", """
        import peewee
        def f(name):
            return User.raw("SELECT * FROM user WHERE name = '%s'" % name)
        """, None, """
        import peewee
        def f(name):
            return User.raw("SELECT * FROM user WHERE name = ?", name)
        """),
    ("neo4j-session-run", "HL302", """
        from neo4j import GraphDatabase
        def f(driver, name):
            with driver.session() as session:
                return session.run(f"MATCH (p:Person {{name: '{name}'}}) RETURN p").data()
        """, 'session.run("MATCH (p:Person {name: $name}) RETURN p", {"name": name})', """
        from neo4j import GraphDatabase
        def f(driver, name):
            with driver.session() as session:
                return session.run("MATCH (p:Person {name: $name}) RETURN p", name=name).data()
        """),
    ("neo4j-transaction-run", "HL302", """
        from neo4j import GraphDatabase
        def add_friend(tx, a, b):
            tx.run("MATCH (a:Person {name: '%s'}), (b:Person {name: '%s'}) MERGE (a)-[:KNOWS]->(b)" % (a, b))
        """, """tx.run("MATCH (a:Person {name: $a}), (b:Person {name: $b}) MERGE (a)-[:KNOWS]->(b)", {"a": a, "b": b})""",
        """
        from neo4j import GraphDatabase
        def add_friend(tx, a, b):
            tx.run("MATCH (a:Person {name: $a}), (b:Person {name: $b}) MERGE (a)-[:KNOWS]->(b)", a=a, b=b)
        """),
    ("neo4j-execute-query", "HL302", """
        from neo4j import GraphDatabase
        def f(driver, limit):
            return driver.execute_query(f"MATCH (m:Movie) RETURN m LIMIT {limit}")
        """, 'driver.execute_query("MATCH (m:Movie) RETURN m LIMIT $limit", {"limit": limit})', """
        from neo4j import GraphDatabase
        def f(driver, limit):
            return driver.execute_query("MATCH (m:Movie) RETURN m LIMIT $limit", limit=limit)
        """),
    ("py2neo-graph-run", "HL302", """
        from py2neo import Graph
        def f(uri, title):
            graph = Graph(uri)
            return graph.run("MATCH (m:Movie) WHERE m.title = '" + title + "' RETURN m").data()
        """, 'graph.run("MATCH (m:Movie) WHERE m.title = $title RETURN m", {"title": title})', """
        from py2neo import Graph
        def f(uri, title):
            graph = Graph(uri)
            return graph.run("MATCH (m:Movie) WHERE m.title = $title RETURN m", title=title).data()
        """),
    ("neomodel-cypher-query", "HL302", """
        from neomodel import db
        def f(uid):
            return db.cypher_query(f"MATCH (u:User) WHERE u.uid = '{uid}' RETURN u", {"x": 1})
        """, 'db.cypher_query("MATCH (u:User) WHERE u.uid = $uid RETURN u", {"x": 1, "uid": uid})', """
        from neomodel import db
        def f(uid):
            return db.cypher_query("MATCH (u:User) WHERE u.uid = $uid RETURN u", {"uid": uid})
        """),
]


@pytest.mark.parametrize("code,vulnerable,fixed,clean", [d[1:] for d in DRIVERS], ids=[d[0] for d in DRIVERS])
def test_driver_flagged_fixed_and_clean_twin(code, vulnerable, fixed, clean):
    found = _findings(vulnerable)
    assert [f.code for f in found] == [code], found
    if fixed is None:
        assert found[0].fix is None and "not fixed automatically" in found[0].message
    else:
        assert found[0].fix is not None, found[0].message
        result = _fixed(vulnerable)
        assert fixed in result, result
        assert not _findings(result), "the fixed code is still flagged"
    assert not _findings(clean), "the parameterized twin is flagged"


# Flow shapes: (id, flagged source, clean counterpart). Drivers are deliberately unknown here:
# detection must come from the method name plus the SQL/Cypher text.
SHAPES = [
    ("assignment", """
        def f(cur, name):
            q = f"SELECT * FROM users WHERE name = '{name}'"
            cur.execute(q)
        """, """
        def f(cur, name):
            q = "SELECT * FROM users WHERE name = %s"
            cur.execute(q, (name,))
        """),
    ("reassignment", """
        def f(cur, name):
            q = "SELECT * FROM users"
            q = q + " WHERE name = '" + name + "'"
            cur.execute(q)
        """, """
        def f(cur, name):
            q = f"SELECT * FROM users WHERE name = '{name}'"
            q = "SELECT * FROM users WHERE name = %s"
            cur.execute(q, (name,))
        """),
    ("augmented", """
        def f(cur, name, city):
            q = "SELECT * FROM users WHERE 1 = 1"
            if name:
                q += " AND name = '%s'" % name
            cur.execute(q)
        """, """
        def f(cur, name, city):
            q = "SELECT * FROM users WHERE 1 = 1"
            params = []
            if name:
                q += " AND name = %s"
                params.append(name)
            cur.execute(q, params)
        """),
    ("branches", """
        def f(cur, uid, admin):
            if admin:
                q = "SELECT * FROM users"
            else:
                q = "SELECT * FROM users WHERE id = {}".format(uid)
            cur.execute(q)
        """, """
        def f(cur, uid, admin):
            if admin:
                q = "SELECT * FROM users"
            else:
                q = "SELECT * FROM users WHERE public = 1"
            cur.execute(q)
        """),
    ("conditional-expression", """
        def f(cur, uid, mine):
            cur.execute(f"SELECT * FROM t WHERE owner = {uid}" if mine else "SELECT * FROM t")
        """, """
        def f(cur, uid, mine):
            cur.execute("SELECT * FROM t WHERE owner = %s" if mine else "SELECT * FROM t WHERE 0 = %s", (uid,))
        """),
    ("join-list", """
        def f(cur, name, city):
            conditions = []
            if name:
                conditions.append(f"name = '{name}'")
            if city:
                conditions.append("city = 'Paris'")
            cur.execute("SELECT * FROM users WHERE " + " AND ".join(conditions))
        """, """
        def f(cur, name, city):
            conditions = ["active = 1"]
            if name:
                conditions.append("name = %s")
            cur.execute("SELECT * FROM users WHERE " + " AND ".join(conditions), (name,))
        """),
    ("join-placeholders", """
        def f(cur, ids):
            cur.execute("SELECT * FROM users WHERE id IN (" + ", ".join(str(i) for i in ids) + ")")
        """, """
        def f(cur, ids):
            marks = ", ".join(["%s"] * len(ids))
            cur.execute(f"SELECT * FROM users WHERE id IN ({marks})", ids)
        """),
    ("dedent", """
        import textwrap
        def f(cur, uid):
            q = textwrap.dedent(f'''
                SELECT *
                FROM users
                WHERE id = {uid}
            ''')
            cur.execute(q)
        """, """
        import textwrap
        def f(cur, uid):
            q = textwrap.dedent('''
                SELECT *
                FROM users
                WHERE id = %s
            ''')
            cur.execute(q, (uid,))
        """),
    ("helper-function", """
        def build(table, uid):
            return f"SELECT * FROM {table} WHERE id = {uid}"

        def f(cur, uid):
            cur.execute(build("users", uid))
        """, """
        def build(table):
            return f"SELECT * FROM {table} WHERE id = %s"

        def f(cur, uid):
            cur.execute(build("users"), (uid,))
        """),
    ("helper-two-steps", """
        def where(name):
            clause = "name = '" + name + "'"
            return clause

        def f(cur, name):
            sql = "SELECT * FROM users WHERE " + where(name)
            cur.execute(sql)
        """, """
        def where():
            return "name = %s"

        def f(cur, name):
            sql = "SELECT * FROM users WHERE " + where()
            cur.execute(sql, (name,))
        """),
    ("method-helper", """
        class Users:
            def _by_name(self, name):
                return "SELECT * FROM users WHERE name = '" + name + "'"

            def find(self, name):
                return self.conn.execute(self._by_name(name)).fetchall()
        """, """
        class Users:
            def _by_name(self, name="x"):
                return "SELECT * FROM users WHERE name = ?"

            def find(self, name):
                return self.conn.execute(self._by_name(name), (name,)).fetchall()
        """),
    ("loop-variable", """
        def purge(cur, tables):
            for table in tables:
                cur.execute(f"DELETE FROM {table} WHERE created < date('now')")
        """, """
        TABLES = ("sessions", "tokens")

        def purge(cur):
            for table in TABLES:
                cur.execute(f"DELETE FROM {table} WHERE created < date('now')")
        """),
    ("comprehension-variable", """
        def update(cur, columns, values, user_id):
            sets = ", ".join(f"{c} = ?" for c in columns)
            cur.execute(f"UPDATE users SET {sets} WHERE id = ?", (*values, user_id))
        """, """
        COLUMNS = ["name", "email"]

        def update(cur, values, user_id):
            sets = ", ".join(f"{c} = ?" for c in COLUMNS)
            cur.execute(f"UPDATE users SET {sets} WHERE id = ?", (*values, user_id))
        """),
    ("module-constant-vs-variable", """
        table = get_table()

        def f(cur):
            cur.execute(f"SELECT * FROM {table}")
        """, """
        TABLE = "users"
        COLUMNS = "id, name"

        def f(cur):
            cur.execute(f"SELECT {COLUMNS} FROM {TABLE}")
        """),
    ("cypher-assignment", """
        def f(session, name):
            query = "MATCH (p:Person) WHERE p.name = '%s' RETURN p" % name
            return session.run(query)
        """, """
        def f(session, name):
            query = "MATCH (p:Person) WHERE p.name = $name RETURN p"
            return session.run(query, name=name)
        """),
    ("cypher-augmented", """
        def f(tx, name, limit):
            q = "MATCH (p:Person) "
            q += f"WHERE p.name = '{name}' "
            q += "RETURN p"
            tx.run(q)
        """, """
        def f(tx, name, limit):
            q = "MATCH (p:Person) "
            q += "WHERE p.name = $name "
            q += f"RETURN p LIMIT {int(limit)}"
            tx.run(q, name=name)
        """),
]


@pytest.mark.parametrize("flagged,clean", [s[1:] for s in SHAPES], ids=[s[0] for s in SHAPES])
def test_flow_shape(flagged, clean):
    found = _findings(flagged)
    assert len(found) == 1, found
    assert not _findings(clean)


def test_finding_points_back_to_where_the_query_was_built():
    found = _findings("""
        def f(cur, name):
            base = "SELECT * FROM users"
            query = base + f" WHERE name = '{name}'"
            cur.execute(query)
    """)
    assert len(found) == 1
    finding = found[0]
    assert finding.line == 4 and "`name`" in finding.message and "via `query`" in finding.message
    assert [(r.line, r.message) for r in finding.related] == [(3, "query built here")]
    assert "assembled across statements" in finding.message


def test_helper_origin_is_the_helper():
    found = _findings("""
        def by_name(name):
            return "SELECT * FROM users WHERE name = '%s'" % name

        def f(cur, name):
            cur.execute(by_name(name))
    """)
    assert len(found) == 1 and found[0].line == 5
    assert found[0].related[0].line == 2 and "by_name()" in found[0].message


NEVER_FLAGGED = [
    ("subprocess-run", "import subprocess\ndef f(n):\n    subprocess.run(f\"psql -c 'SELECT * FROM t WHERE a = {n}'\")\n"),
    ("subprocess-alias", "from subprocess import run\ndef f(n):\n    run(f\"MATCH (n) WHERE n.x = {n} RETURN n\")\n"),
    ("asyncio-run", "import asyncio\ndef f(n):\n    asyncio.run(main(f\"SELECT * FROM t WHERE a = {n}\"))\n"),
    ("app-run", "def f(app, host):\n    app.run(host=host, port=8000)\n    app.run(f\"{host}\")\n"),
    ("pool-execute", "def f(pool, task, n):\n    pool.execute(task)\n    pool.execute(f\"task-{n}\")\n"),
    ("logging", "import logging\ndef f(n):\n    logging.info(f\"SELECT * FROM t WHERE a = {n}\")\n"),
    ("never-executed", "def f(n):\n    sql = f\"SELECT * FROM t WHERE a = {n}\"\n    return sql\n"),
    ("docstring", "def f(cur, n):\n    \"\"\"SELECT * FROM t WHERE a = '{n}'.\"\"\"\n    cur.execute(\"SELECT * FROM t WHERE a = ?\", (n,))\n"),
    ("psycopg-sql-compose", "from psycopg import sql\ndef f(cur, col, v):\n"
     "    q = sql.SQL(\"SELECT {} FROM t WHERE id = %s\").format(sql.Identifier(col))\n    cur.execute(q, (v,))\n"),
    ("int-float", "def f(cur, n, r):\n    cur.execute(f\"SELECT * FROM t WHERE a = {int(n)} AND b > {float(r)}\")\n"),
    ("percent-d", "def f(cur, n):\n    cur.execute(\"SELECT * FROM t LIMIT %d OFFSET %d\" % (n, n * 2))\n"),
    ("format-spec-d", "def f(cur, n):\n    cur.execute(f\"SELECT * FROM t LIMIT {n:d}\")\n"),
    ("upper-attribute", "def f(cur):\n    cur.execute(f\"SELECT * FROM {settings.USERS_TABLE}\")\n"),
    ("query-parameter-passthrough", "def f(cur, query, params):\n    cur.execute(query, params)\n"),
    ("not-sql-text", "def f(cur, n):\n    cur.execute(f\"reindex {n}\")\n"),
    ("test-file", None),
]


@pytest.mark.parametrize("name,source", NEVER_FLAGGED, ids=[n[0] for n in NEVER_FLAGGED])
def test_never_flagged(name, source):
    if source is None:
        found = _findings("def test_q(cur, n):\n    cur.execute(f\"SELECT * FROM t WHERE a = '{n}'\")\n",
                          path="tests/test_queries.py")
    else:
        found = _findings(source)
    assert not found, found


def test_odd_code_does_not_crash():
    source = """
        def f(cur, *a, **k):
            q = f"SELECT * FROM t WHERE a = {a[0]!r:>{k['w']}}"
            cur.execute(q, *a)
            cur.execute(*a)
            cur.execute(sql=f"SELECT * FROM t WHERE x = {k}")
            cur.execute("SELECT {0.x} FROM t".format(k))
            cur.execute("SELECT %(a)s FROM t" % k)
            cur.execute("SELECT %s %s FROM t" % k)
            cur.execute("SELECT {} {} FROM t WHERE a = {".format(k))
            for q in k:
                cur.execute(q + " WHERE a = 1")
            x = y = f"SELECT * FROM t WHERE a = {k}"
            (p, r) = f"SELECT * FROM t WHERE a = {k}", 1
            cur.execute(x)
            cur.execute(p)
            lambda: cur.execute(f"SELECT * FROM t WHERE a = {k}")
        def recurse(n):
            return recurse(n) + f"SELECT * FROM t WHERE a = {n}"
        def g(cur, n):
            cur.execute(recurse(n))
    """
    result = check_source(textwrap.dedent(source).lstrip(), "app/odd.py", CONFIG)
    assert not result.errors, result.errors
    assert len(result.findings) >= 5


def test_pathological_query_building_stays_fast():
    """Exponential helper chains, doubling names and long concatenations end quickly, without errors."""
    import time

    helpers = "\n".join(f"def h{i}(x):\n    return h{i - 1}(x) + h{i - 1}(x)\n" for i in range(1, 40))
    helpers += "\ndef h0(x):\n    return f\"SELECT * FROM t WHERE a = {x}\"\n"
    helpers += "\ndef deep(cur, x):\n    cur.execute(h39(x))\n\ndef shallow(cur, x):\n    cur.execute(h2(x))\n"
    names = "def f(cur, x):\n    a0 = x\n" + "".join(
        f"    a{i} = a{i - 1} + \" AND \" + a{i - 1}\n" for i in range(1, 60)) + "    cur.execute(\"SELECT * FROM t WHERE \" + a59)\n"
    chain = "def g(cur, x):\n    cur.execute(\"SELECT * FROM t WHERE a = \" + " + " + ".join(["x", "'y'"] * 400) + ")\n"
    started = time.perf_counter()
    for source in (helpers, names, chain):
        result = check_source(source, "app/slow.py", CONFIG)
        assert not result.errors, result.errors
    assert time.perf_counter() - started < 20
    assert [f.line for f in check_source(helpers, "app/slow.py", CONFIG).findings][-1:] == [helpers.count("\n")]
    assert len(check_source(names, "app/slow.py", CONFIG).findings) == 1


def test_values_redefined_from_constants_in_branches_are_constants():
    found = _findings("""
        def run_sql(self, sql, params, raw=True, output=False, latest=False):
            toget = "source_raw" if raw else "source"
            sqlfrom = "history"
            if output:
                sqlfrom = "history LEFT JOIN output_history USING (session, line)"
                toget = "history.%s, output_history.output" % toget
            if latest:
                toget += ", MAX(session * 128 * 1024 + line)"
            query = "SELECT session, line, %s FROM %s " % (toget, sqlfrom) + sql
            return self.db.execute(query, params)
    """)
    assert len(found) == 1 and "`sql`" in found[0].message and "toget" not in found[0].message
