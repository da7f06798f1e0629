"""HL402 swallowed-exception: `except Exception` whose handler drops the error without a trace.

## What it does
Flags `except Exception` / `except BaseException` handlers (also inside a tuple, with or without
`as e`, and `except*`) whose body only passes, continues, breaks, returns a default or assigns a
default: `pass`, `continue`, `return None`, `return []`, `result = {}`, or a generic response built
from literals (`return jsonify(error="failed"), 500`), without ever looking at the exception.

A handler is not flagged when it re-raises (`raise`, `raise X from e`), uses the exception object
(`errors.append(e)`, `return error_response(e)` — an error response built from it is HL403's
business), or calls anything else: logging (`logger.exception(...)`, `logging.warning(...)`),
error reporting (`sentry_sdk.capture_exception()`, `traceback.print_exc()`, `warnings.warn(...)`),
cleanup (`db.rollback()`) or a fallback (`return load_from_cache()`). Specific exception types are
not flagged, and neither are two deliberate idioms: the optional import (`try: import ujson` /
`except Exception: ujson = None`) and best-effort cleanup, a `try` that only closes or releases
something (`try: stream.close()` / `except Exception: pass`). A handler whose `except` line already
carries another linter's broad-except suppression (`# noqa: BLE001`, `# pylint: disable=broad-except`,
`# nosec`) is a reviewed decision and is not reported again.

## Why it matters
A broad handler that keeps quiet turns every failure — a typo, a lost database connection, a bug in
a dependency — into a silent wrong result. Nobody is paged, nothing reaches the logs or the error
tracker, and the first sign of the problem is corrupted data or a user report days later.

## Example
```python
def load_profile(user_id):
    try:
        return repository.profile(user_id)
    except Exception:
        return None
```

## Use instead
```python
def load_profile(user_id):
    try:
        return repository.profile(user_id)
    except ProfileNotFound:
        return None
    except Exception:
        logger.exception("loading profile %s failed", user_id)
        raise
```
Catch the exceptions you expect and can handle; where a boundary must catch everything, log with
the traceback (`logger.exception`) and re-raise or answer with an error.

## Fix safety
No fix: whether to log, narrow the type or re-raise depends on what the caller expects.

## References
- CWE-390: Detection of Error Condition Without Action
- CWE-396: Declaration of Catch for Generic Exception
- bandit B110 (try_except_pass), B112 (try_except_continue); ruff BLE001, S110, S112
"""

from __future__ import annotations

import re

import libcst as cst

from hardlint.rule import Rule, load_data

_DATA = load_data(__file__, "hl402_handling.toml")
BROAD = frozenset(_DATA["broad"])
VALUE_BUILDERS = frozenset(_DATA["value_builders"])
CLEANUP_CALLS = frozenset(_DATA["cleanup_calls"])
CLEANUP_FRAGMENTS = tuple(_DATA["cleanup_fragments"])
ACKNOWLEDGED = tuple(re.compile(p) for p in _DATA["acknowledged"])
_LITERALS = (cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString, cst.Ellipsis)


def broad_type(node: cst.BaseExpression | None, qualname: str | None) -> str | None:
    """`Exception`/`BaseException` when the handler's type is (or contains) one of them."""
    if node is None:
        return None
    if isinstance(node, cst.Tuple):
        for element in node.elements:
            found = broad_type(element.value, None)
            if found:
                return found
        return None
    dotted = qualname
    if dotted is None:
        dotted = node.value if isinstance(node, cst.Name) else None
    return dotted.rsplit(".", 1)[-1] if dotted in BROAD else None


def _is_default(expr: cst.BaseExpression | None, bound: str | None) -> bool:
    """A value made only of literals, names and value builders, never the exception itself."""
    if expr is None:
        return True
    if isinstance(expr, cst.Name):
        return expr.value != bound
    if isinstance(expr, _LITERALS):
        return True
    if isinstance(expr, cst.Attribute):
        return _is_default(expr.value, bound)
    if isinstance(expr, cst.ConcatenatedString):
        return _is_default(expr.left, bound) and _is_default(expr.right, bound)
    if isinstance(expr, cst.FormattedString):
        return all(_is_default(p.expression, bound) for p in expr.parts if isinstance(p, cst.FormattedStringExpression))
    if isinstance(expr, cst.UnaryOperation):
        return _is_default(expr.expression, bound)
    if isinstance(expr, (cst.List, cst.Tuple, cst.Set)):
        return all(_is_default(e.value, bound) for e in expr.elements)
    if isinstance(expr, cst.Dict):
        return all(
            isinstance(e, cst.DictElement) and _is_default(e.key, bound) and _is_default(e.value, bound)
            for e in expr.elements
        )
    if isinstance(expr, cst.Call):
        func = expr.func
        name = func.value if isinstance(func, cst.Name) else func.attr.value if isinstance(func, cst.Attribute) else None
        return name in VALUE_BUILDERS and all(_is_default(a.value, bound) for a in expr.args)
    return False


def _is_trivial(statement: cst.BaseSmallStatement, bound: str | None) -> bool:
    if isinstance(statement, (cst.Pass, cst.Continue, cst.Break)):
        return True
    if isinstance(statement, cst.Expr):
        return isinstance(statement.value, (cst.Ellipsis, cst.SimpleString, cst.ConcatenatedString))
    if isinstance(statement, cst.Return):
        return _is_default(statement.value, bound)
    if isinstance(statement, cst.Assign):
        return all(isinstance(t.target, (cst.Name, cst.Attribute)) and _is_default(t.target, bound)
                   for t in statement.targets) and _is_default(statement.value, bound)
    if isinstance(statement, cst.AnnAssign):
        return isinstance(statement.target, (cst.Name, cst.Attribute)) and _is_default(statement.value, bound)
    return False


def swallows(body: cst.BaseSuite, bound: str | None) -> bool:
    """True when every statement of the handler body is a trivial pass/continue/default."""
    statements = body.body
    if isinstance(body, cst.SimpleStatementSuite):
        return all(_is_trivial(s, bound) for s in statements)
    for line in statements:
        if not isinstance(line, cst.SimpleStatementLine):
            return False
        if not all(_is_trivial(s, bound) for s in line.body):
            return False
    return True


def _is_cleanup(statement: cst.BaseSmallStatement) -> bool:
    """`x.close()`, `await stream.aclose()`, `shutil.rmtree(path)`."""
    if not isinstance(statement, cst.Expr):
        return False
    value = statement.value
    if isinstance(value, cst.Await):
        value = value.expression
    if not isinstance(value, cst.Call):
        return False
    func = value.func
    name = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else None
    return name is not None and (name in CLEANUP_CALLS or any(f in name for f in CLEANUP_FRAGMENTS))


def acknowledged(handler: cst.ExceptHandler | cst.ExceptStarHandler) -> bool:
    """The `except` line carries another linter's broad-except suppression."""
    body = handler.body
    comment = body.header.comment if isinstance(body, cst.IndentedBlock) else None
    return comment is not None and any(p.search(comment.value) for p in ACKNOWLEDGED)


def _deliberate(try_node: cst.CSTNode | None) -> bool:
    """The optional-import idiom and best-effort cleanup, where ignoring any failure is the intent."""
    if not isinstance(try_node, (cst.Try, cst.TryStar)):
        return False
    lines = try_node.body.body if isinstance(try_node.body, cst.IndentedBlock) else [try_node.body]
    smalls: list[cst.BaseSmallStatement] = []
    for line in lines:
        if not isinstance(line, (cst.SimpleStatementLine, cst.SimpleStatementSuite)):
            return False
        smalls.extend(line.body)
    if not smalls:
        return False
    return all(isinstance(s, (cst.Import, cst.ImportFrom)) for s in smalls) or all(_is_cleanup(s) for s in smalls)


class SwallowedException(Rule):
    code = "HL402"
    name = "swallowed-exception"
    severity = "high"
    message = "`except Exception` swallows the error; log it with the traceback, re-raise, or catch a specific type"
    # `except ...Exception...:` (the types end at the first colon) opening a body whose first
    # statement can be trivial (pass/continue/break/`...`/a string/return/a plain or annotated assignment),
    # on the same line or after blank and comment lines; or Exception imported under an alias.
    triggers = (r"except[^:]*Exception[^:]*:[ \t\f\r\\]*(?:(?:#[^\n]*)?\n(?:[ \t\f\r\\]*(?:#[^\n]*)?\n)*"
                r"[ \t\f\\]*)?(?:pass\b|continue\b|break\b|\.\.\.|return\b|[rRuUbBfF]{0,2}[\"']"
                r"|[\w(][\w()]*(?:[ \t]*\.[ \t]*[\w()]+)*[ \t]*(?::|=(?!=)))|builtins")
    production_only = True

    FLAG = [
        """
        try:
            work()
        except Exception:
            pass
        """,
        """
        def load_profile(user_id):
            try:
                return repository.profile(user_id)
            except Exception as exc:
                return None
        """,
        """
        for item in items:
            try:
                process(item)
            except (ValueError, Exception):
                continue
        """,
        """
        try:
            settings = load_settings()
        except BaseException:
            settings = {}
            ready = False
        """,
        """
        @app.route("/report")
        def report():
            try:
                return jsonify(build_report())
            except Exception:
                return jsonify({"error": "internal error"}), 500
        """,
        """
        def is_valid(text):
            try:
                parse(text)
                return True
            except Exception: return False
        """,
        """
        try:
            await gather_jobs()
        except* Exception:
            ...
        """,
        """
        while True:
            try:
                job = queue.get()
            except Exception:
                \"\"\"Nothing to do.\"\"\"
                break
        """,
        """
        try:
            run()
        except (
            Exception
        ):  # best effort

            result: dict = {}
        """,
    ]
    CLEAN = [
        """
        try:
            work()
        except Exception:
            logger.exception("work failed")
        """,
        """
        try:
            work()
        except Exception:
            raise
        """,
        """
        try:
            work()
        except Exception as exc:
            raise ServiceError("work failed") from exc
        """,
        """
        try:
            work()
        except Exception as exc:
            errors.append(exc)
        """,
        """
        try:
            work()
        except Exception as exc:
            return {"error": str(exc)}, 500  # HL403's business
        """,
        """
        try:
            work()
        except Exception:
            sentry_sdk.capture_exception()
            return None
        """,
        """
        try:
            work()
        except Exception:
            traceback.print_exc()
        """,
        """
        try:
            work()
        except Exception:
            warnings.warn("work failed, using defaults")
            result = None
        """,
        """
        try:
            result = primary()
        except Exception:
            result = fallback()
        """,
        """
        try:
            work()
        except Exception:
            db.session.rollback()
            return None
        """,
        """
        try:
            value = int(text)
        except ValueError:
            value = 0
        """,
        """
        try:
            import ujson as json
        except Exception:
            json = None
        """,
        """
        try:
            self.stream.close()
        except Exception:
            pass
        """,
        """
        async def stop(self):
            try:
                await self._proc.aclose()
            except Exception:
                pass
        """,
        """
        try:
            pool.force_close_all()
        except Exception:
            pass
        """,
        """
        try:
            transport = conn.transport_cls
        except Exception:  # pylint: disable=broad-except
            transport = ""
        """,
        """
        try:
            tree = parse(candidate)
        except Exception:  # noqa: BLE001 - any parser failure rejects the fix
            tree = None
        """,
        """
        try:
            with open(path) as handle:
                data = handle.read()
        except OSError:
            data = ""
        """,
        """
        try:
            work()
        except Exception:
            if strict:
                raise
            return None
        """,
        """
        try:
            work()
        except Exception:
            failures += 1
        """,
    ]

    def _check(self, node: cst.ExceptHandler | cst.ExceptStarHandler) -> None:
        kind = broad_type(node.type, self.ctx.qualname(node.type) if not isinstance(node.type, cst.Tuple) else None)
        if kind is None:
            return
        if _deliberate(self.ctx.parent()) or acknowledged(node):
            return
        bound = node.name.name.value if node.name is not None and isinstance(node.name.name, cst.Name) else None
        if swallows(node.body, bound):
            self.report(node, f"`except {kind}` swallows the error: nothing is logged or re-raised; log it with "
                              "the traceback, re-raise, or catch the specific exception")

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        self._check(node)

    def visit_ExceptStarHandler(self, node: cst.ExceptStarHandler) -> None:
        self._check(node)
