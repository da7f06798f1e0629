"""HL608 commit-without-rollback: a broad `except` around `commit()` neither rolls back nor re-raises.

## What it does
Flags an `except` clause of a `try` whose body calls `.commit()` when the clause catches broadly
(bare `except`, `Exception`, `BaseException`, or a database error class such as `SQLAlchemyError`,
`DatabaseError`, `IntegrityError`, `OperationalError`) and its body neither calls `.rollback()` nor
re-raises (`raise`, `abort(...)`). A `finally:` that calls `.rollback()` or `.close()` (closing a
SQLAlchemy session or a DB-API connection rolls the open transaction back) also makes it safe.

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

import libcst as cst

from hardlint.imports import dotted_name
from hardlint.rule import Rule
from hardlint.walker import children

BROAD = frozenset({"Exception", "BaseException", "SQLAlchemyError", "DBAPIError", "DatabaseError",
                   "IntegrityError", "OperationalError", "InterfaceError", "ProgrammingError",
                   "DataError", "InternalError", "Error", "PyMongoError", "Neo4jError"})
RESETS = frozenset({"rollback", "close", "abort"})


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


def _commits(body: cst.CSTNode) -> bool:
    return _calls(body, frozenset({"commit"}))


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
    ]

    def visit_Try(self, node: cst.Try) -> None:
        if not _commits(node.body):
            return
        if node.finalbody is not None and _calls(node.finalbody, frozenset({"rollback", "close"})):
            return
        commit = next((inner for inner in _walk_block(node.body) if isinstance(inner, cst.Call)
                       and isinstance(inner.func, cst.Attribute) and inner.func.attr.value == "commit"), None)
        for handler in node.handlers:
            if _is_broad(handler) and not _raises(handler) and not _calls(handler.body, RESETS):
                related = [(commit, "the commit this handler should undo")] if commit is not None else []
                self.report(handler, related=related)
