"""HL301 sql-injection: a SQL query built from runtime values by string formatting reaches a database call.

## What it does
Follows a query string inside a function to the call that executes it and reports the call
when a value that is not a constant was pasted into the text: f-strings, `%`, `.format()`,
`+`, `+=`, `str.join`, `.replace()` of a marker, `textwrap.dedent`, conditional branches and small helper functions of
the same module that return the query. Sinks: DB-API `execute`/`executemany`/`executescript`
(sqlite3, aiosqlite, psycopg2, psycopg 3, aiopg, pymysql, MySQLdb, mysql-connector), asyncpg
`execute`/`fetch`/`fetchrow`/`fetchval`/`cursor`, pg8000 `run`, SQLAlchemy `text()`/`exec_driver_sql`/
`execute` and the strings its (pre-2.0) `filter`/`order_by`/`group_by`/`having`/`distinct` read as SQL,
Django `raw`/`extra`/`RawSQL`/`connection.cursor().execute`, pandas `read_sql`/`read_sql_query`,
peewee `execute_sql`/`raw`. The finding sits on the executing call; a secondary location points
at the line where the query was built when that is elsewhere.

## Why it matters
A value pasted into SQL text becomes SQL. A name like `' OR '1'='1` turns a lookup into a dump
of the table, and `'; DROP TABLE users; --` does worse. Parameters are sent to the database
apart from the statement, so no input can change what the statement does; they also let the
database reuse the query plan.

## Example
```python
def find_user(conn, name):
    query = f"SELECT id, email FROM users WHERE name = '{name}'"
    return conn.execute(query).fetchall()
```

## Use instead
```python
def find_user(conn, name):
    return conn.execute("SELECT id, email FROM users WHERE name = ?", (name,)).fetchall()
```
Only values are reported: a hole inside a `'...'` literal or after `=`, `<>`, `LIKE`, `IN (`,
`VALUES (`, `LIMIT` or an arithmetic operator. Names (`FROM {table}`, `"{column}"`), clauses and
whole statements are HL303's, which is opt-in, unless they come from request data (`ORDER BY
{request.args["sort"]}`): pasted anywhere, request data is reported here. Values quoted by an identifier or literal helper
(`identifier()`, `quote_ident`, `quote_table`, `dialect.identifier_preparer.quote`, `sql.Identifier`,
`literal_string`, `s.replace("'", "''")`), names read from model metadata (`Model._meta.db_table`,
`__tablename__`, `column.key`, `table.name`), enum members, parameters annotated `int`/`UUID`/...,
arithmetic with numbers and files under `migrations/` or `alembic/` are not reported. The value
must come straight from input: a parameter of the function, request data, `input()`, a name the
file does not define; values computed by other calls, read from `self` or unpacked from other
data are HL303's too. A statement the team marked `# nosec B608` or `# noqa: S608` (the same check
in bandit and ruff) is not reported again.

Use the driver's placeholders (`?` sqlite3, `%s` psycopg/pymysql/MySQLdb/Django, `$1` asyncpg,
`:name` with SQLAlchemy `text()`), `psycopg.sql.Identifier` for dynamic identifiers, and an
allow-list for table or column names chosen at run time. Interpolating module-level constants,
literals and `int()`/`float()` results is not reported.

## Fix safety
`--fix` rewrites the call when the query is formatted right in the call, the driver (and so its
placeholder style) is known from the file's imports or the connection's origin, and every
interpolated value stands in a value position: wrapped exactly in quotes (`'{name}'`, the quotes
are removed) or after `=`, `<>`, `<`, `>`, `LIKE`, `LIMIT`/`OFFSET` or inside `VALUES (...)`.
The values are passed as parameters in placeholder order, merged with an existing literal tuple,
list or dict. A literal `%` in a `%s`-style query is doubled. Nothing is rewritten when a
value is an identifier, part of a larger literal (a `LIKE '%{term}%'` pattern), formatted with a
conversion or spec, built across several statements or in a helper, or when the driver is
ambiguous; the message says which. The value is passed to the driver as the object it is,
where the formatted query used its `str()`: for strings (request data) the result is the same.

## References
- OWASP SQL Injection Prevention Cheat Sheet: https://cheatsheetseries.owasp.org/cheatsheets/SQL_Injection_Prevention_Cheat_Sheet.html
- PEP 249, `paramstyle`: https://peps.python.org/pep-0249/#paramstyle
- CWE-89: Improper Neutralization of Special Elements used in an SQL Command
"""

from hardlint.rule import Example

from .querycheck import QueryInjection


class SqlInjection(QueryInjection):
    code = "HL301"
    name = "sql-injection"
    severity = "critical"
    message = "SQL built from runtime values reaches a database call; pass the values as query parameters"
    # A SQL sink method called on some receiver (`cur.execute(`, also across lines), or the import
    # of a sink function (`sqlalchemy.text`, `RawSQL`, `pandas.read_sql`), whatever its local alias.
    # pg8000 `run`, asyncpg `cursor`, and SQLAlchemy's `filter`/`order_by`/... on a `query` chain.
    triggers = (r"\.[\s\\]*(?:execute(?:many|script|_sql)?|mogrify|fetch(?:row|val)?|exec_driver_sql|raw"
                r"|read_sql(?:_query)?|extra|run|cursor)[\s\\]*\(|sqlalchemy|sqlmodel|RawSQL|read_sql"
                r"|query[\s\S]{0,200}\.[\s\\]*(?:filter|order_by|group_by|having|distinct)[\s\\]*\(")
    production_only = True
    language = "sql"
    noun = "SQL"
    positions = frozenset({"value"})
    skip_migrations = True

    FLAG = [
        Example(
            """
            import sqlite3

            def find_user(conn, name):
                return conn.execute(f"SELECT * FROM users WHERE name = '{name}'").fetchall()
            """,
            fixed="""
            import sqlite3

            def find_user(conn, name):
                return conn.execute("SELECT * FROM users WHERE name = ?", (name,)).fetchall()
            """,
        ),
        Example(
            """
            import sqlite3

            def find(conn, user_id, status):
                cur = conn.cursor()
                cur.execute("SELECT * FROM orders WHERE user_id = %s AND status = '%s'" % (user_id, status))
                return cur.fetchall()
            """,
            fixed="""
            import sqlite3

            def find(conn, user_id, status):
                cur = conn.cursor()
                cur.execute("SELECT * FROM orders WHERE user_id = ? AND status = ?", (user_id, status))
                return cur.fetchall()
            """,
        ),
        Example(
            """
            import sqlite3

            def page(conn, kind, limit):
                conn.execute("SELECT * FROM items WHERE kind = '{}' LIMIT {}".format(kind, limit))
                return conn.execute("SELECT * FROM items WHERE kind = '" + kind + "' AND visible = ?", (1,))
            """,
            fixed="""
            import sqlite3

            def page(conn, kind, limit):
                conn.execute("SELECT * FROM items WHERE kind = ? LIMIT ?", (kind, limit))
                return conn.execute("SELECT * FROM items WHERE kind = ? AND visible = ?", (kind, 1))
            """,
        ),
        Example(
            """
            import psycopg2

            def search(name):
                conn = psycopg2.connect("")
                with conn.cursor() as cur:
                    cur.execute(f"SELECT * FROM users WHERE name = '{name}' AND code LIKE 'A%'")
                    return cur.fetchall()
            """,
            fixed="""
            import psycopg2

            def search(name):
                conn = psycopg2.connect("")
                with conn.cursor() as cur:
                    cur.execute("SELECT * FROM users WHERE name = %s AND code LIKE 'A%%'", (name,))
                    return cur.fetchall()
            """,
        ),
        Example(
            """
            import asyncpg

            async def orders(pool, user_id, status):
                async with pool.acquire() as conn:
                    return await conn.fetch(f"SELECT * FROM orders WHERE status = $1 AND user_id = {user_id}", status)
            """,
            fixed="""
            import asyncpg

            async def orders(pool, user_id, status):
                async with pool.acquire() as conn:
                    return await conn.fetch("SELECT * FROM orders WHERE status = $1 AND user_id = $2", status, user_id)
            """,
        ),
        Example(
            """
            from sqlalchemy import text

            TABLE = "users"

            def load(session, user_id):
                return session.execute(text(f"SELECT * FROM {TABLE} WHERE id = {user_id}"))
            """,
            fixed="""
            from sqlalchemy import text

            TABLE = "users"

            def load(session, user_id):
                return session.execute(text(f"SELECT * FROM {TABLE} WHERE id = :user_id").bindparams(user_id=user_id))
            """,
        ),
        Example(
            """
            from django.db import connection

            def usernames(prefix):
                with connection.cursor() as cursor:
                    cursor.execute("SELECT username FROM auth_user WHERE username LIKE '%s%%'" % prefix)
                    return cursor.fetchall()
            """
        ),
        Example(
            """
            def report(cursor, user_id, since):
                query = "SELECT * FROM events WHERE 1 = 1"
                if user_id:
                    query += f" AND user_id = {user_id}"
                if since:
                    query += " AND created_at > '" + since + "'"
                cursor.execute(query)
            """
        ),
        Example(
            """
            import textwrap

            def recent(cursor, status):
                query = textwrap.dedent(f'''
                    SELECT *
                    FROM orders
                    WHERE status = '{status}'
                ''')
                cursor.execute(query)
            """
        ),
        Example(
            """
            def where_name(name):
                return "SELECT * FROM users WHERE name = '" + name + "'"

            def export(cursor, name):
                cursor.execute(where_name(name))
            """
        ),
        Example(
            """
            def ids(cursor, user_ids):
                cursor.execute("SELECT * FROM users WHERE id IN (%s)" % ", ".join(user_ids))
            """
        ),
        Example(
            """
            from django.db.models.expressions import RawSQL

            def with_score(qs, weight):
                return qs.annotate(score=RawSQL(f"SELECT weight * {weight} FROM scores", []))
            """
        ),
        Example(
            """
            from django.db import models

            def by_name(name):
                return Person.objects.extra(where=[f"name = '{name}'"])
            """
        ),
        Example(
            """
            import pandas as pd

            def frame(conn, region):
                return pd.read_sql_query(f"SELECT * FROM sales WHERE region = '{region}'", conn)
            """
        ),
        Example(
            """
            def lookup(cur, identifier):
                cur.execute("SELECT * FROM foo WHERE id = '[VALUE]'".replace("[VALUE]", identifier))
            """
        ),
        Example(
            """
            import pg8000.native

            def find(dsn_password, name):
                conn = pg8000.native.Connection("app", password=dsn_password)
                return conn.run(f"SELECT * FROM users WHERE name = '{name}'")
            """
        ),
        Example(
            """
            import asyncpg

            async def stream(conn, name):
                async with conn.transaction():
                    async for row in conn.cursor(f"SELECT * FROM users WHERE name = '{name}'"):
                        yield row
            """,
            fixed="""
            import asyncpg

            async def stream(conn, name):
                async with conn.transaction():
                    async for row in conn.cursor("SELECT * FROM users WHERE name = $1", name):
                        yield row
            """,
        ),
        Example(
            """
            def search(session, var, direction):
                session.query(Item).filter("name = '{}'".format(var))
                return Item.query.order_by("created " + direction)
            """
        ),
        # The receiver says whose query it is, whatever else the module imports: SQLAlchemy's takes SQL text.
        Example(
            """
            from django.db import models
            from sqlalchemy import select

            def search(session, name, kind):
                q = session.query(Item)
                q = q.filter("kind = '%s'" % kind)
                session.execute(select(Item).where(Item.id > 0).filter(f"name = '{name}'"))
                return session.query(Item).join(Tag).filter(Tag.id > 0).order_by(Item.id).filter("name = '%s'" % name)
            """
        ),
        Example(
            """
            import sqlalchemy

            engine = sqlalchemy.create_engine("postgresql://")

            def find(name, user_id):
                engine.execute("SELECT * FROM users WHERE name = '%s'" % name)
                return engine.execute(f"SELECT * FROM users WHERE id = {user_id}")
            """
        ),
        Example(
            """
            from flask import request

            def listing(cursor):
                order = request.args.get("sort", "name")
                cursor.execute(f"SELECT * FROM items ORDER BY {order}")
            """
        ),
        Example(
            """
            from flask import request

            def search(cursor):
                term = request.args.get("q", "").strip()
                cursor.execute(f"SELECT * FROM items WHERE name LIKE '%{term}%'")
            """
        ),
        Example(
            """
            def purge(cursor, days):
                cursor.execute(f"DELETE FROM sessions WHERE id = 1")
                cursor.execute(f"DELETE FROM sessions WHERE age > {days}")  # nosec B101
            """
        ),
        Example(
            """
            def purge(db, days):
                db.execute_sql("DELETE FROM sessions WHERE age > " + days)
            """
        ),
    ]
    CLEAN = [
        """
        import sqlite3

        def find_user(conn, name):
            return conn.execute("SELECT * FROM users WHERE name = ?", (name,)).fetchall()
        """,
        """
        USERS = "users"

        def count(cursor, limit):
            cursor.execute(f"SELECT COUNT(*) FROM {USERS} WHERE id < {int(limit)}")
            cursor.execute("SELECT * FROM %s LIMIT %d" % (USERS, limit))
            cursor.execute(f"SELECT * FROM {USERS} WHERE ratio > {float(limit)} AND kind = {'a'!r}")
        """,
        """
        from psycopg2 import sql

        def by_column(cur, column, value):
            cur.execute(sql.SQL("SELECT * FROM users WHERE {} = %s").format(sql.Identifier(column)), (value,))
        """,
        """
        def by_ids(conn, ids, name):
            placeholders = ", ".join("?" for _ in ids)
            marks = ",".join(["?"] * len(ids))
            conn.execute(f"SELECT * FROM users WHERE id IN ({placeholders})", ids)
            conn.execute(f"SELECT * FROM users WHERE id IN ({marks})", ids)
        """,
        """
        def search(conn, name, city):
            clauses, params = [], []
            if name:
                clauses.append("name = ?")
                params.append(name)
            if city:
                clauses.append("city = ?")
                params.append(city)
            sql = "SELECT * FROM users WHERE " + " AND ".join(clauses)
            return conn.execute(sql, params).fetchall()
        """,
        """
        import logging

        log = logging.getLogger(__name__)

        def describe(name):
            query = f"SELECT * FROM users WHERE name = '{name}'"
            log.info("would run %s", query)
            log.debug(f"SELECT * FROM users WHERE name = '{name}'")
            return query
        """,
        '''
        def lookup(conn, name):
            """Runs SELECT * FROM users WHERE name = '{name}' with a bound parameter."""
            return conn.execute("SELECT * FROM users WHERE name = :name", {"name": name})
        ''',
        """
        import asyncio
        import subprocess

        def tasks(pool, task, app, host):
            subprocess.run(f"pg_dump --table {task} --file out.sql", shell=False)
            asyncio.run(main(task))
            pool.execute(task)
            executor.execute(f"job-{task}")
            app.run(host=host)
        """,
        """
        def rebuild(cursor, user_id):
            query = f"SELECT * FROM users WHERE id = {user_id}"
            query = "SELECT * FROM users WHERE id = ?"
            cursor.execute(query, (user_id,))
        """,
        """
        def run_query(cursor, query, params):
            cursor.execute(query, params)
        """,
        Example(
            """
            def test_lookup(conn, name):
                conn.execute(f"SELECT * FROM users WHERE name = '{name}'")
            """,
            path="tests/test_users.py",
        ),
        # Identifiers, clauses and whole statements are HL303's (opt-in): no value position here.
        """
        import textwrap

        def recent(cursor, table, statement, lock_id):
            cursor.execute(textwrap.dedent(f'''
                SELECT * FROM {table} ORDER BY created_at DESC
            '''))
            cursor.execute(f'SELECT * FROM "{table}" WHERE id = 1')
            cursor.execute(f"EXPLAIN {statement}")
            cursor.execute(f"SELECT pg_try_advisory_lock({lock_id})")
        """,
        # Quoting proven: identifier and literal helpers, quote doubling, metadata of models.
        """
        import sqlalchemy as sa

        def identifier(s):
            return '"' + s.replace('"', '""') + '"'

        def literal_string(s):
            return "'" + s.replace("'", "''") + "'"

        def info(conn, resource_id, dialect, table):
            conn.execute(sa.text(f"SELECT * FROM {identifier(resource_id)} WHERE a = 1"))
            conn.execute(sa.text(f"SELECT * FROM t WHERE name = {literal_string(resource_id)}"))
            conn.execute(sa.text(f"UPDATE {dialect.identifier_preparer.quote(table)} SET a = 1"))
            conn.execute(sa.text(f"SELECT 1 FROM t WHERE b = {sa.column(resource_id)}"))
        """,
        """
        from django.db import connection

        def estimate(model, column, field):
            with connection.cursor() as cursor:
                cursor.execute("SELECT reltuples FROM pg_class WHERE relname = '%s'" % model._meta.db_table)
                cursor.execute(f"SELECT 1 FROM t WHERE {column.class_.__tablename__}.{column.key} = :v", {"v": 1})
                cursor.execute(f"SELECT 1 FROM t WHERE x = '{Status.ACTIVE.value}' AND f = {field.column}")
        """,
        # Numbers: annotated parameters, arithmetic with a number.
        """
        from uuid import UUID

        def page(cursor, limit: int, key: UUID, rows_max):
            cursor.execute(f"SELECT * FROM t WHERE k = '{key}' LIMIT {limit}")
            cursor.execute("SELECT * FROM ({0}) AS q LIMIT {1}".format("SELECT 1", rows_max + 1))
        """,
        # Values not traced to input (taken from other data, computed by a call): HL303's.
        """
        def load(conn, rows, experiment):
            for key, value in rows:
                conn.execute(f"UPDATE settings SET value = '{value}' WHERE key = '{key}'")
            conn.execute(f"SELECT * FROM t WHERE owner = '{owner_of(experiment)}'")
            conn.execute("INSERT INTO t VALUES ({})".format(", ".join(decorate(c) for c in DEFAULTS)))
        """,
        # The team already reviewed the query under bandit's B608 or ruff's S608.
        """
        def cancel(cursor, cancel_query_id):
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "  # noqa: S608
                f"WHERE pid='{cancel_query_id}'"
            )
            cursor.execute(f"SELECT * FROM t WHERE pid = '{cancel_query_id}'")  # nosec B608
        """,
        # Django's `order_by`/`filter` take field names and lookups, not SQL; Cypher sent with `run`.
        """
        from django.db import models

        def listing(qs, field, name, session):
            session.run(f"MATCH (p:Person) WHERE p.name = '{name}' RETURN p")
            return qs.order_by(f"-{field}").filter(name=name).distinct(field)
        """,
        # ...also in a module that imports SQLAlchemy too: the receiver is a Django manager or queryset.
        """
        from django.db.models import Q
        from sqlalchemy.orm import Session

        def listing(qs, field, name, term):
            people = Person.objects.filter(Q(name=name) | Q(title=term)).order_by(f"-{field}")
            recent = people.filter(name=name).distinct(field)
            return qs.filter(Q(name=name)).order_by(f"-{field}"), recent
        """,
        # pg8000's native `run` binds `:name` parameters from keyword arguments.
        """
        import pg8000.native

        def find(conn, user_id):
            return conn.run("SELECT * FROM users WHERE id = :id", id=user_id)
        """,
        # Migrations run the operator's own constants once.
        Example(
            """
            from alembic import op

            def downgrade(mapping):
                for value, name in mapping.items():
                    op.execute(f"UPDATE settings SET value = '{name}' WHERE value = '{value}'")
            """,
            path="app/migrations/versions/0042_names.py",
        ),
    ]
