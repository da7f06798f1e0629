# source: https://github.com/tlocke/pg8000#readme (native API: Connection.run)
# source: https://magicstack.github.io/asyncpg/current/api/index.html (Connection.fetch, cursor)
# source: https://github.com/PyCQA/bandit/blob/main/examples/sql_statements.py
# source: https://github.com/semgrep/semgrep-rules/blob/develop/python/lang/security/audit/formatted-sql-query.py
# codes: HL301,B608
# Query building shapes and drivers beyond the DB-API cursor: pg8000's run, asyncpg's fetch and
# cursor, queries built with `+` across lines, `.replace()` templates, helpers of the module.
import asyncpg
import pg8000.native


def pg8000_run(password, name):
    conn = pg8000.native.Connection("app", password=password)
    return conn.run(f"SELECT * FROM users WHERE name = '{name}'")  # expect: HL301|B608


def pg8000_run_params(password, name):
    conn = pg8000.native.Connection("app", password=password)
    return conn.run("SELECT * FROM users WHERE name = :name", name=name)


async def asyncpg_fetch(pool, user_id):
    async with pool.acquire() as conn:
        return await conn.fetch("SELECT * FROM orders WHERE user_id = " + user_id)  # expect: HL301|B608


async def asyncpg_fetchrow(conn, email):
    return await conn.fetchrow("SELECT id FROM users WHERE email = '%s'" % email)  # expect: HL301|B608


async def asyncpg_cursor(conn, name):
    async with conn.transaction():
        async for row in conn.cursor(f"SELECT * FROM users WHERE name = '{name}'"):  # expect: HL301|B608
            print(row)


async def asyncpg_params(conn, name):
    return await conn.fetch("SELECT * FROM users WHERE name = $1", name)


def plus_across_lines(cursor, status, since):
    query = "SELECT * FROM orders"
    query = query + " WHERE status = '"
    query = query + status + "'"
    if since:
        query += " AND created > '" + since + "'"
    cursor.execute(query)  # expect: HL301|B608


def replace_template(cursor, name):
    template = "SELECT * FROM users WHERE name = '{NAME}'"
    cursor.execute(template.replace("{NAME}", name))  # expect: HL301|B608


def where_clause(name):
    return "SELECT * FROM users WHERE name = '" + name + "'"


def through_helper(cursor, name):
    cursor.execute(where_clause(name))  # expect: HL301|B608


def replace_constant(cursor):
    template = "SELECT * FROM users WHERE kind = '{KIND}'"
    cursor.execute(template.replace("{KIND}", "admin"))


def logged_not_run(logger, name):
    logger.info("SELECT * FROM users WHERE name = '%s'" % name)
    return f"SELECT * FROM users WHERE name = '{name}'"
