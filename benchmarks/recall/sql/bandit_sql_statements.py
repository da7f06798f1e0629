# source: https://github.com/PyCQA/bandit/blob/main/examples/sql_statements.py
# source: https://github.com/PyCQA/bandit/blob/main/bandit/plugins/injection_sql.py
# codes: HL301,B608
# Cases modelled on bandit's B608 examples, run through a DB-API cursor inside functions.
import sqlite3


def by_id_percent(cur, identifier):
    cur.execute("SELECT * FROM foo WHERE id = '%s'" % identifier)  # expect: HL301|B608


def insert_percent(cur, value):
    cur.execute("INSERT INTO foo VALUES ('a', 'b', '%s')" % value)  # expect: HL301|B608


def delete_percent(cur, identifier):
    cur.execute("DELETE FROM foo WHERE id = '%s'" % identifier)  # expect: HL301|B608


def update_percent(cur, identifier):
    cur.execute("UPDATE foo SET value = 'b' WHERE id = '%s'" % identifier)  # expect: HL301|B608


def cte_percent(cur, identifier):
    cur.execute("WITH cte AS (SELECT x FROM foo) SELECT x FROM cte WHERE x = '%s'" % identifier)  # expect: HL301|B608


def by_id_concat(cur, identifier):
    cur.execute("SELECT * FROM foo WHERE id = '" + identifier + "'")  # expect: HL301|B608


def by_id_format(cur, identifier):
    cur.execute("SELECT * FROM foo WHERE id = '{}'".format(identifier))  # expect: HL301|B608


def by_id_replace(cur, identifier):
    cur.execute("SELECT * FROM foo WHERE id = '[VALUE]'".replace("[VALUE]", identifier))  # expect: HL301|B608


def by_id_fstring(cur, identifier):
    cur.execute(f"SELECT * FROM foo WHERE id = '{identifier}'")  # expect: HL301|B608


def by_id_fstring_bare(cur, identifier):
    cur.execute(f"SELECT * FROM foo WHERE id = {identifier}")  # expect: HL301|B608


# Names pasted from parameters: bandit reports them; hardlint's HL301 leaves names to opt-in HL303
# unless they come from request data, so these count as hardlint misses by default.
def column_fstring(cur, column_name):
    cur.execute(f"SELECT {column_name} FROM foo WHERE id = 1")  # expect: HL301|B608


def insert_table_fstring(cur, table_name):
    cur.execute(f"INSERT INTO {table_name} VALUES (1)")  # expect: HL301|B608


def update_table_fstring(cur, table_name):
    cur.execute(f"UPDATE {table_name} SET id = 1")  # expect: HL301|B608


# Look-alikes that must stay quiet: parameters passed apart from the statement.
def good_parameters(cur, identifier, value):
    cur.execute("SELECT * FROM foo WHERE id = '%s'", identifier)
    cur.execute("INSERT INTO foo VALUES ('a', 'b', '%s')", value)
    cur.execute("DELETE FROM foo WHERE id = '%s'", identifier)
    cur.execute("UPDATE foo SET value = 'b' WHERE id = '%s'", identifier)


TABLE = "users"


def good_constant_table(cur, user_id, cutoff_date):
    cur.execute(f"SELECT * FROM {TABLE} WHERE id = :id", {"id": user_id})
    cur.execute(f"DELETE FROM {TABLE} WHERE user_id = ? AND created_date < ?", (user_id, cutoff_date))
    cur.execute(f"UPDATE {TABLE} SET status = $1 WHERE id = $2", ("active", user_id))


def good_prose(choices):
    choices.append(("server_list", "Select from active instances"))
    print("delete from the cache as the first argument")


def good_numbers(cur, limit):
    cur.execute("SELECT * FROM foo LIMIT %d" % int(limit))
    cur.execute(f"SELECT * FROM foo WHERE id < {int(limit)}")


def good_placeholders(cur, ids):
    marks = ", ".join("?" for _ in ids)
    cur.execute(f"SELECT * FROM foo WHERE id IN ({marks})", ids)
