# source: https://github.com/semgrep/semgrep-rules/blob/develop/python/sqlalchemy/security/sqlalchemy-execute-raw-query.py
# source: https://github.com/semgrep/semgrep-rules/blob/develop/python/sqlalchemy/security/sqlalchemy-filter-sql-injection.py
# source: https://github.com/semgrep/semgrep-rules/blob/develop/python/sqlalchemy/security/sqlalchemy-orderby-sql-injection.py
# source: https://github.com/semgrep/semgrep-rules/blob/develop/python/sqlalchemy/security/sqlalchemy-groupby-sql-injection.py
# source: https://github.com/semgrep/semgrep-rules/blob/develop/python/sqlalchemy/security/sqlalchemy-having-sql-injection.py
# source: https://github.com/semgrep/semgrep-rules/blob/develop/python/sqlalchemy/security/sqlalchemy-distinct-sql-injection.py
# codes: HL301,B608
# Cases modelled on semgrep's SQLAlchemy rule tests: raw strings given to the engine, a connection,
# and the (pre-2.0) query methods that read a string as SQL text.
from sqlalchemy import create_engine, desc, select, text


def engine_concat(name):
    engine = create_engine("postgresql://user@localhost/database")
    engine.execute("INSERT INTO person (name) VALUES ('" + name + "')")  # expect: HL301|B608


def engine_two_values(firstname, lastname):
    engine = create_engine("postgresql://user@localhost/database")
    engine.execute("INSERT INTO person (firstname, lastname) VALUES ('" + firstname + "','" + lastname + "')")  # expect: HL301|B608


def engine_percent(name):
    engine = create_engine("postgresql://user@localhost/database")
    engine.execute("INSERT INTO person (name) VALUES ('%s')" % (name))  # expect: HL301|B608


def engine_format(name):
    engine = create_engine("postgresql://user@localhost/database")
    engine.execute("INSERT INTO person (name) VALUES ('{}')".format(name))  # expect: HL301|B608


def engine_fstring(name):
    engine = create_engine("postgresql://user@localhost/database")
    engine.execute(f"INSERT INTO person (name) VALUES ('{name}')")  # expect: HL301|B608


def connection_variable(name):
    engine = create_engine("postgresql://user@localhost/database")
    with engine.connect() as connection:
        query: str = f"INSERT INTO person (name) VALUES ('{name}')"
        connection.execute(query)  # expect: HL301|B608


def connection_text(connection, name):
    return connection.execute(text(f"SELECT * FROM person WHERE name = '{name}'"))  # expect: HL301|B608


def filter_format(session, var):
    session.query(MyClass).filter("foo={}".format(var))  # expect: HL301|B608


def filter_on_query_property(cls, var):
    return cls.query.filter("name = '" + var + "'")  # expect: HL301|B608


def order_by_format(session, var):
    session.query(MyClass).order_by("foo={}".format(var))  # expect: HL301|B608


def order_by_chained(query, var, limit):
    return query.order_by("created {}".format(var)).limit(limit)  # expect: HL301|B608


def group_by_concat(session, column):
    return session.query(MyClass).group_by("region, " + column)  # expect: HL301|B608


def having_fstring(session, minimum):
    return session.query(MyClass).group_by(MyClass.kind).having(f"count(*) > {minimum}")  # expect: HL301|B608


def distinct_format(session, column):
    return session.query(MyClass).distinct("{}".format(column))  # expect: HL301|B608


# Look-alikes that must stay quiet.
def good_bound(connection, name):
    stmt = text("INSERT INTO person (name) VALUES (:name)")
    connection.execute(stmt, {"name": name})


def good_literal(engine):
    engine.execute("INSERT INTO person (name) VALUES ('Frodon Sacquet')")


def good_expressions(session, cls, hello, product_table, field_name, value_name):
    session.query(MyClass).filter(cls.id == hello)
    session.query(MyClass).order_by(desc(MyClass.started_at))
    session.query(MyClass).filter("oops{}".format(3))
    return select(product_table).where(product_table.columns[field_name] == value_name)
