"""HL608 commit-without-rollback: a broad `except` around `commit()` neither rolls back nor re-raises.

## What it does
Flags an `except` clause of a `try` whose body calls `.commit()` when the clause catches broadly
(bare `except`, `Exception`, `BaseException`, or a database error class such as `SQLAlchemyError`,
`DatabaseError`, `IntegrityError`, `OperationalError`) and its body neither calls `.rollback()` nor
re-raises (`raise`, `abort(...)`) nor ends the process (`sys.exit`, `exit`). A `finally:` that calls
`.rollback()` or `.close()`, or a `.close()` right after the `try` (closing a SQLAlchemy session or a
DB-API connection rolls the open transaction back), also makes it safe, as does a commit inside a
`with` block that rolls back by itself (`with session_scope():`, `with session.begin():`,
`with transaction.atomic():`). Commits of things that are not databases (a search index, a git
repository, Kafka offsets) and bare `commit()` functions are not looked at.

## Why it matters
After a failed statement the transaction is left aborted: PostgreSQL answers every later query on the
connection with "current transaction is aborted", and a SQLAlchemy session raises
`PendingRollbackError` until someone rolls back. Swallowing the error poisons the connection for the
next request that borrows it from the pool, and half-written work may be committed later by
unrelated code.

## Example
```python
try:
    db.session.add(order)
    db.session.commit()
except Exception:
    logger.exception("could not save order")
    return {"error": "could not save"}, 500
```

## Use instead
```python
try:
    db.session.add(order)
    db.session.commit()
except SQLAlchemyError:
    db.session.rollback()
    logger.exception("could not save order")
    return {"error": "could not save"}, 500
```
Or let a context manager do it: `with Session.begin():` / `with conn:` commit on success and roll back
on error.

## Fix safety
No automatic fix: the session or connection to roll back has to be chosen by you.

## References
- SQLAlchemy, "Session basics: framing out a begin / commit / rollback block": https://docs.sqlalchemy.org/en/20/orm/session_basics.html
- PEP 249, `.rollback()`: https://peps.python.org/pep-0249/#rollback
"""

from __future__ import annotations

import re

import libcst as cst

from hardlint.imports import dotted_name
from hardlint.rule import Rule
from hardlint.walker import children

BROAD = frozenset({"Exception", "BaseException", "SQLAlchemyError", "DBAPIError", "DatabaseError",
                   "IntegrityError", "OperationalError", "InterfaceError", "ProgrammingError",
                   "DataError", "InternalError", "Error", "PyMongoError", "Neo4jError"})
RESETS = frozenset({"rollback", "close", "abort", "exit", "_exit", "quit"})
NOT_A_DATABASE = re.compile(r"solr|index|search|repo|git|kafka|consumer|producer|offset", re.IGNORECASE)
ROLLS_BACK = re.compile(r"scope|begin|atomic|transaction", re.IGNORECASE)


def _walk_block(node: cst.CSTNode):
    """Nodes under `node`, not entering nested functions, classes or lambdas."""
    stack = list(children(node))
    while stack:
        current = stack.pop()
        yield current
        if isinstance(current, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            continue
        stack.extend(children(current))


def _calls(node: cst.CSTNode, names: frozenset[str]) -> bool:
    for inner in _walk_block(node):
        if isinstance(inner, cst.Call):
            func = inner.func
            name = func.attr.value if isinstance(func, cst.Attribute) else (
                func.value if isinstance(func, cst.Name) else "")
            if name in names:
                return True
    return False


def _database_commits(body: cst.CSTNode) -> list[cst.Call]:
    """`x.commit()` calls in `body` on something that may be a database session or connection, and
    not inside a `with` block of `body` (that block's context manager sees the error first)."""
    found = []
    stack = list(children(body))
    while stack:
        current = stack.pop()
        if isinstance(current, (cst.FunctionDef, cst.ClassDef, cst.Lambda, cst.With)):
            continue
        if (isinstance(current, cst.Call) and isinstance(current.func, cst.Attribute)
                and current.func.attr.value == "commit"
                and not NOT_A_DATABASE.search(dotted_name(current.func.value) or "")):
            found.append(current)
        stack.extend(children(current))
    return found


def _raises(handler: cst.ExceptHandler) -> bool:
    return any(isinstance(inner, cst.Raise) for inner in _walk_block(handler.body))


def _is_broad(handler: cst.ExceptHandler) -> bool:
    kind = handler.type
    if kind is None:
        return True
    kinds = [e.value for e in kind.elements] if isinstance(kind, cst.Tuple) else [kind]
    for item in kinds:
        name = (dotted_name(item) or "").rsplit(".", 1)[-1]
        if name in BROAD:
            return True
    return False


class CommitWithoutRollback(Rule):
    code = "HL608"
    name = "commit-without-rollback"
    severity = "high"
    message = "Broad `except` around `commit()` swallows the error without rolling back"
    triggers = r"commit[\s\\]*\("  # a backslash may continue the line before the parenthesis
    production_only = True

    FLAG = [
        """
        def save(order):
            try:
                db.session.add(order)
                db.session.commit()
            except Exception:
                log.exception("save failed")
                return False
            return True
        """,
        """
        def record(conn, event):
            try:
                conn.execute("INSERT INTO events VALUES (?)", (event,))
                conn.commit()
            except:
                pass
        """,
        """
        from sqlalchemy.exc import IntegrityError

        def register(session, user):
            try:
                session.add(user)
                session.commit()
            except IntegrityError:
                return {"error": "exists"}, 409
        """,
        """
        def move(cur, conn):
            try:
                cur.execute(DEBIT)
                cur.execute(CREDIT)
                conn.commit()
            except (ValueError, Exception) as exc:
                notify(exc)
        """,
        """
        def migrate(session, rows):
            for row in rows:
                try:
                    session.add(convert(row))
                    session.commit()
                except Exception as exc:
                    print(f"skipped {row}: {exc}")
            session.close()
        """,
        """
        def save(order):
            try:
                with open("audit.log", "a") as audit:
                    audit.write(order.id)
                db.session.add(order)
                db.session.commit()
            except Exception:
                log.exception("save failed")
        """,
    ]
    CLEAN = [
        """
        def save(order):
            try:
                db.session.add(order)
                db.session.commit()
            except Exception:
                db.session.rollback()
                raise
        """,
        """
        def save(order):
            try:
                db.session.add(order)
                db.session.commit()
            except Exception as exc:
                raise SaveError(order.id) from exc
        """,
        """
        def save(session, order):
            try:
                session.add(order)
                session.commit()
            except ValueError:
                return None
        """,
        """
        def save(engine, order):
            conn = engine.connect()
            try:
                conn.execute(INSERT, order)
                conn.commit()
            except Exception:
                log.exception("failed")
            finally:
                conn.close()
        """,
        """
        def save(order):
            try:
                validate(order)
            except Exception:
                return None
            db.session.add(order)
            db.session.commit()
        """,
        """
        def save(order):
            try:
                db.session.add(order)
                db.session.commit()
            except Exception:
                abort(500)
        """,
        """
        from ckan.lib.search import commit

        def rebuild(ids):
            try:
                index_all(ids)
                commit()
            except Exception as e:
                error_shout(e)
        """,
        """
        def reindex(solr, docs):
            try:
                solr.add(docs)
                solr.commit()
            except Exception:
                log.exception("solr failed")
        """,
        """
        def upgrade(session):
            try:
                for row in session.query(Slice):
                    row.params = migrate(row.params)
                    session.commit()
            except OperationalError:
                pass

            session.close()
        """,
        """
        import sys

        def main(session):
            try:
                session.add(Admin())
                session.commit()
            except Exception as exc:
                print(exc)
                sys.exit(1)
        """,
        """
        def main(session):
            try:
                session.commit()
            except Exception:
                raise SystemExit("could not save")
        """,
        """
        def save(order):
            try:
                with session_scope() as session:
                    session.add(order)
                    session.commit()
            except Exception:
                log.exception("save failed")
        """,
        """
        def save(order):
            with session.begin():
                try:
                    session.add(order)
                    session.commit()
                except IntegrityError:
                    log.warning("duplicate")
        """,
    ]

    def visit_Try(self, node: cst.Try) -> None:
        commits = _database_commits(node.body)
        if not commits or self._in_rollback_scope():
            return
        if node.finalbody is not None and _calls(node.finalbody, frozenset({"rollback", "close"})):
            return
        following = self._next_statement(node)
        if following is not None and _calls(following, frozenset({"rollback", "close"})):
            return
        for handler in node.handlers:
            if _is_broad(handler) and not _raises(handler) and not _calls(handler.body, RESETS):
                self.report(handler, related=[(commits[-1], "the commit this handler should undo")])

    def _in_rollback_scope(self) -> bool:
        """Inside `with session_scope():` / `with session.begin():` / `with transaction.atomic():`."""
        for ancestor in reversed(self.ctx.ancestors[:-1]):
            if isinstance(ancestor, (cst.FunctionDef, cst.ClassDef)):
                return False
            if isinstance(ancestor, cst.With) and any(
                    isinstance(item.item, cst.Call) and ROLLS_BACK.search(dotted_name(item.item.func) or "")
                    for item in ancestor.items):
                return True
        return False

    def _next_statement(self, node: cst.Try) -> cst.CSTNode | None:
        parent = self.ctx.parent()
        body = getattr(parent, "body", None)
        statements = body if isinstance(body, (list, tuple)) else getattr(body, "body", ())
        for index, statement in enumerate(statements):
            if statement is node:
                return statements[index + 1] if index + 1 < len(statements) else None
        return None
