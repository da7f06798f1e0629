"""HL303 sql-possible-injection: a name, clause or value of unproven origin pasted into SQL (opt-in).

## What it does
The part of HL301 that is not near-certain: a query reaches a database call with a runtime string
pasted where SQL expects a name (`FROM {table}`, `"{column}"`, `{schema}.{table}`), a clause
(`WHERE {condition}`, `ORDER BY {order}`), an argument of an SQL function or a whole statement
(`EXPLAIN {statement}`), or a value that is not traced to input (computed by another call, read
from `self`, from a loop over other data, from `**params` of a `.format()`). Queries that paste a
value straight from a parameter or the request are HL301's. Off unless `HL303` is selected by its
full code: such names and values usually come from the program itself (model metadata, an
allow-list, the database catalog), which a reader sees and this rule cannot.

## Why it matters
Placeholders cannot stand for names, so a name taken from a request and pasted into a query is
injection all the same: `users; DROP TABLE users --` as a table name, `(SELECT password ...)` as a
sort column. The usual defences are an allow-list of the names the feature offers, or quoting
the name with the driver's identifier quoting.

## Example
```python
def export(cursor, table):
    cursor.execute(f"SELECT * FROM {table}")
```

## Use instead
```python
from psycopg2 import sql

EXPORTABLE = {"orders", "invoices"}

def export(cursor, table):
    if table not in EXPORTABLE:
        raise ValueError(table)
    cursor.execute(sql.SQL("SELECT * FROM {}").format(sql.Identifier(table)))
```
Names quoted by an identifier helper (`identifier()`, `quote_ident`, `quote_table`,
`dialect.identifier_preparer.quote`, `connection.ops.quote_name`, `sql.Identifier`) and names read
from model metadata (`Model._meta.db_table`, `__tablename__`, `column.key`, `table.name`) are not
reported, nor are files under `migrations/` or `alembic/`.

## Fix safety
No automatic fix: a name cannot become a parameter.

## References
- OWASP SQL Injection Prevention Cheat Sheet, "Defense Option 3: Allow-list Input Validation": https://cheatsheetseries.owasp.org/cheatsheets/SQL_Injection_Prevention_Cheat_Sheet.html
- psycopg `sql.Identifier`: https://www.psycopg.org/docs/sql.html
- CWE-89: Improper Neutralization of Special Elements used in an SQL Command
"""

from hardlint.rule import Example

from .hl301_sql_injection import SqlInjection
from .taint import Value, hole_names


class SqlPossibleInjection(SqlInjection):
    code = "HL303"
    name = "sql-possible-injection"
    severity = "medium"
    opt_in = True
    # The same literal as HL301's (the catalog reads it from this module's text).
    triggers = (r"\.[\s\\]*(?:execute(?:many|script|_sql)?|mogrify|fetch(?:row|val)?|exec_driver_sql|raw"
                r"|read_sql(?:_query)?|extra|run|cursor)[\s\\]*\(|sqlalchemy|sqlmodel|RawSQL|read_sql"
                r"|query[\s\S]{0,200}\.[\s\\]*(?:filter|order_by|group_by|having|distinct)[\s\\]*\(")
    message = ("A name, clause or unproven value is pasted into SQL; check names against an allow-list, "
               "pass values as parameters")
    positions = frozenset({"identifier", "clause", "unproven"})
    offers_fix = False

    FLAG = [
        """
        def export(cursor, table):
            cursor.execute(f"SELECT * FROM {table}")
        """,
        """
        import textwrap

        def recent(cursor, table):
            query = textwrap.dedent(f'''
                SELECT *
                FROM {table}
                ORDER BY created_at DESC
            ''')
            cursor.execute(query)
        """,
        """
        def columns_query(columns):
            return "SELECT " + ", ".join(columns) + " FROM users"

        def export(cursor, columns):
            cursor.execute(columns_query(columns))
        """,
        """
        def sorted_users(cursor, order):
            cursor.execute("SELECT * FROM users ORDER BY %s" % order)
        """,
        """
        def cost(cursor, statement):
            cursor.execute(f"EXPLAIN {statement}")
        """,
        """
        def insert_defaults(conn, defaults):
            values = ", ".join([decorate(defaults.get(c)) for c in COLUMNS])
            conn.execute(f"INSERT INTO experiments VALUES ({values})")
        """,
    ]
    CLEAN = [
        # A value in the same query: HL301 reports it, not this rule.
        """
        def find(cursor, table, name):
            cursor.execute(f"SELECT * FROM {table} WHERE name = '{name}'")
        """,
        """
        from psycopg2 import sql

        def export(cursor, table):
            cursor.execute(sql.SQL("SELECT * FROM {}").format(sql.Identifier(table)))
        """,
        """
        def identifier(name):
            return '"' + name.replace('"', '""') + '"'

        def drop(cursor, model, resource_id, dialect, table):
            cursor.execute(f"DROP TABLE {identifier(resource_id)}")
            cursor.execute("DELETE FROM %s" % model._meta.db_table)
            cursor.execute(f"UPDATE {dialect.identifier_preparer.quote(table)} SET a = 1")
        """,
        # SQL the Django ORM generated, its values passed apart to RawSQL.
        """
        from django.db.models.expressions import RawSQL

        def with_exits(qs, base):
            sql, params = base.values("id").query.sql_with_params()
            return qs.filter(pk__in=RawSQL(f"SELECT id FROM ({sql}) s WHERE s.n > 0", params))
        """,
        Example(
            """
            def upgrade(cursor, table):
                cursor.execute(f"ALTER TABLE {table} ADD COLUMN uuid text")
            """,
            path="app/migrations/0042_uuid.py",
        ),
    ]

    def wanted(self, positions: set[str]) -> bool:
        return bool(positions) and "value" not in positions

    def _message(self, sink, query, value: Value, reason: str) -> str:
        names = hole_names(self.tracker.module, value.unsafe_holes)
        return (f"SQL identifier, clause or value of unproven origin built from {names} reaches `{sink.label}`: "
                f"pass values as query parameters; placeholders cannot stand for names, so check those "
                f"against an allow-list or quote them as identifiers")
