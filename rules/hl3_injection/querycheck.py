"""The shared engine of HL301 and HL302: find sinks, follow the query back, report and fix."""

from __future__ import annotations

import re
from typing import ClassVar

import libcst as cst

from hardlint.imports import dotted_name
from hardlint.rule import Rule
from hardlint.walker import iter_nodes

from .paramfix import Refused, hole_positions, parameterize
from .sinks import (
    DRIVERS, Sink, driver_for_module, find_sink, imported_drivers, looks_like, style_of,
)
from .taint import Binding, Scope, Tracker, Value, hole_names

_ASYNCPG_METHODS = frozenset({"execute", "fetch", "fetchrow", "fetchval", "executemany", "cursor"})
_ASYNCPG_ONLY = frozenset({"fetch", "fetchrow", "fetchval", "cursor"})
MAX_TRACE = 6
SUPPRESSED_ELSEWHERE = re.compile(r"#.*?(?:noqa\s*:[^#\n]*\bS608\b|nosec\b(?!\s*:?\s*B(?!608)\d))", re.IGNORECASE)


# An attribute in a query chain that says whose query it is: `session.query(User)` and Flask-SQLAlchemy's
# `User.query` are SQLAlchemy (whose `filter("a = 1")` takes SQL text), `User.objects` is Django (whose
# `filter`/`order_by` take lookups and field names, never SQL).
_CHAIN_ATTRIBUTES = {"query": "sqlalchemy", "objects": "django"}
_QUERY_NAMES = frozenset({"query", "q", "stmt", "qs_sa"})


def _chain_root(receiver: cst.BaseExpression | None) -> cst.BaseExpression | None:
    """`query` in `query.filter(...).order_by`: the object a chain of calls and attributes starts from."""
    node = receiver
    while isinstance(node, (cst.Attribute, cst.Call)):
        node = node.value if isinstance(node, cst.Attribute) else node.func
    return node


def in_migration(path: str) -> bool:
    """Django `migrations/` and Alembic `alembic/`, `migration(s)/versions/` scripts."""
    parts = path.replace("\\", "/").split("/")[:-1]
    return any(part in ("migrations", "migration", "alembic") for part in parts)


class QueryInjection(Rule):
    """Base for HL301/HL302; subclasses set `language` ("sql" or "cypher") and `noun`."""

    language: ClassVar[str] = "sql"
    noun: ClassVar[str] = "SQL"
    # Report a query whose unsafe holes sit in these positions (see `paramfix.position`); None: any.
    positions: ClassVar[frozenset[str] | None] = None
    # Schema migrations run once, by the operator, on values the migration itself defines.
    skip_migrations: ClassVar[bool] = False
    offers_fix: ClassVar[bool] = True

    def begin(self) -> None:
        self._tracker: Tracker | None = None
        self._skip = self.skip_migrations and in_migration(self.ctx.rel_path)

    @property
    def tracker(self) -> Tracker:
        if self._tracker is None:
            self._tracker = Tracker(self.ctx.module or cst.Module(body=[]))
        return self._tracker

    def visit_Call(self, node: cst.Call) -> None:
        if self._skip:
            return
        sink = find_sink(node, self.ctx.imports, dotted_name)
        if sink is None or sink.language not in (self.language, "either") or not self._plausible(sink):
            return
        scope_node = self.ctx.enclosing(cst.FunctionDef) or self.ctx.module
        if scope_node is None:
            return
        scope = self.tracker.scope(scope_node)
        at = self._position(scope_node, scope)
        self.tracker.current_class = self.ctx.enclosing(cst.ClassDef)
        for query in sink.queries:
            self.tracker.reset_budget()
            value = self.tracker.value_of(query, scope, at)
            if not value.tainted:
                continue
            positions = hole_positions(value.pieces, self.language, lambda hole: self.tracker.from_input(hole, scope),
                                       fragment=sink.fragment)
            if self.wanted(positions) and not self._suppressed_elsewhere():
                self._judge(sink, query, value, scope, at)

    def _plausible(self, sink: Sink) -> bool:
        """Method names shared with other APIs count only where their query API is in use."""
        imports = self.ctx.imports
        if sink.method == "extra":
            return imports.imports_any("django")
        if sink.method == "cursor":
            return imports.imports_any("asyncpg")
        if sink.fragment:
            return self._sqlalchemy_fragment(sink.receiver)
        return True

    def _sqlalchemy_fragment(self, receiver: cst.BaseExpression | None) -> bool:
        """A string given to `filter`/`order_by`/... is SQL only on a SQLAlchemy query. The receiver decides
        (`session.query(User)`, `select(User)`, `User.query` / `User.objects`), whatever else the module
        imports; an unknown receiver is SQLAlchemy's only in a module that imports it and not Django."""
        scope_node = self.ctx.enclosing(cst.FunctionDef) or self.ctx.module
        if scope_node is not None:
            scope = self.tracker.scope(scope_node)
            api = self._query_api(receiver, scope, self._position(scope_node, scope))
            if api is not None:
                return api == "sqlalchemy"
        imports = self.ctx.imports
        root = _chain_root(receiver)
        return not imports.imports_any("django") and (
            imports.imports_any(*DRIVERS["sqlalchemy"]["modules"])
            or (isinstance(root, cst.Name) and root.value in _QUERY_NAMES))

    def _query_api(self, expr: cst.BaseExpression | None, scope: Scope, at) -> str | None:
        """`sqlalchemy` or `django` when a query chain shows whose it is: an ORM call in it (`select(User)`),
        `.query` or `.objects`; a name is followed to what was last assigned to it (`q = session.query(User)`)."""
        node, hops = expr, 0
        while hops <= MAX_TRACE:
            if isinstance(node, cst.Attribute):
                if node.attr.value in _CHAIN_ATTRIBUTES:
                    return _CHAIN_ATTRIBUTES[node.attr.value]
                node = node.value
            elif isinstance(node, cst.Call):
                driver = driver_for_module(self.ctx.qualname(node.func))
                if driver in _CHAIN_ATTRIBUTES.values():
                    return driver
                node = node.func
            elif isinstance(node, cst.Name):
                found = self._last_binding(node, scope, at)
                if found is None or found[0].kind != "assign":
                    return None
                binding, scope = found
                node, at, hops = binding.expr, (binding.order, binding.path), hops + 1
            else:
                return None
        return None

    def _suppressed_elsewhere(self) -> bool:
        """The statement carries the team's suppression of the same check in bandit or ruff
        (`# nosec B608`, `# nosec`, `# noqa: S608`): a reviewed query, not to be re-reported."""
        statement = self.ctx.current_statement()
        if not isinstance(statement, cst.SimpleStatementLine) or self.language != "sql":
            return False
        try:
            text = self.tracker.module.code_for_node(statement)
        except RecursionError:  # a pathologically deep statement: printing it is out of reach
            return False
        return SUPPRESSED_ELSEWHERE.search(text) is not None

    def wanted(self, positions: set[str]) -> bool:
        """Whether a query whose unsafe holes sit in `positions` is this rule's to report."""
        return self.positions is None or bool(positions & self.positions)

    # -- deciding ----------------------------------------------------------------------------
    def _judge(self, sink: Sink, query: cst.BaseExpression, value: Value, scope: Scope, at) -> None:
        traced = self._trace(sink.receiver, scope, at, 0) if sink.receiver is not None else None
        if traced is not None and DRIVERS[traced]["language"] != self.language:
            return
        text = value.text()
        if not (sink.known or traced or sink.fragment) and not looks_like(self.language, text):
            return
        if sink.language == "either" and not traced and self.language == "sql" and looks_like("cypher", text):
            return  # `session.run("MATCH (p) WHERE p.name = ...")`: Cypher also reads as SQL, not the reverse
        driver = traced or self._driver_hint(sink)
        candidates = [driver] if driver else imported_drivers(self.ctx.imports, self.language)
        styles = {style_of(c) for c in candidates}
        style = styles.pop() if len(styles) == 1 else ""
        if self.language == "cypher":
            style = "cypher"  # every Neo4j client takes `$name` parameters
        replacement, reason = None, ""
        if self.offers_fix:
            replacement, reason = self._fix(sink, value, candidates[0] if len(candidates) == 1 else None, style)
        self.report(sink.call, self._message(sink, query, value, reason), replacement=replacement,
                    fix_message=f"Pass the interpolated values as {self.noun} query parameters",
                    related=self._related(query, value))

    def _driver_hint(self, sink: Sink) -> str | None:
        """A driver implied by the API itself: `text()` is SQLAlchemy, `objects.raw` Django..."""
        if sink.known:
            return driver_for_module(self.ctx.qualname(sink.call.func))
        if sink.method in _ASYNCPG_ONLY and self.ctx.imports.imports_any("asyncpg"):
            return "asyncpg"
        receiver = dotted_name(sink.receiver) if sink.receiver is not None else None
        if sink.method == "raw" and receiver is not None and receiver.split(".")[-1] == "objects":
            return "django"
        return None

    def _fix(self, sink: Sink, value: Value, driver: str | None, style: str) -> tuple[cst.Call | None, str]:
        if sink.query_arg is None:
            return None, "Django `extra()` fragments cannot be rewritten automatically; use `filter()` or `raw()` with params"
        params = sink.params
        if sink.method == "executescript":
            return None, "executescript() takes no query parameters; run the statement with execute() and placeholders"
        if sink.method == "executemany" and driver != "asyncpg":
            return None, "executemany() takes one parameter row per execution; move the value into the rows"
        if driver == "asyncpg" and sink.method in _ASYNCPG_METHODS:
            params = "varargs" if sink.method != "executemany" else ""
        elif params == "varargs":
            return None, "the driver is not known here, so the placeholder style is unknown"
        if driver == "sqlalchemy" and params != "bindparams":
            return None, "wrap the query in `text()` with `:name` bind parameters"
        try:
            return parameterize(sink.call, sink.query_arg, value, self.language, style, params, self.tracker.module,
                                text_call=params == "bindparams"), ""
        except Refused as refused:
            return None, str(refused)

    def _message(self, sink: Sink, query: cst.BaseExpression, value: Value, reason: str) -> str:
        names = hole_names(self.tracker.module, value.unsafe_holes)
        how = value.how or "string building"
        where = ""
        if isinstance(query, cst.Name):
            where = f" (via `{query.value}`)"
        text = (f"{self.noun} built with {how} from {names}{where} reaches `{sink.label}`: pass the values as "
                f"query parameters")
        if reason:
            text += f"; not fixed automatically: {reason}"
        return text

    def _related(self, query: cst.BaseExpression, value: Value) -> list[tuple[cst.CSTNode, str]]:
        origin = value.origin
        if origin is None or origin is query:
            return []
        if any(node is origin for node in iter_nodes(query)):
            return []
        return [(origin, "query built here")]

    # -- positions and drivers -----------------------------------------------------------------
    def _position(self, scope_node: cst.CSTNode, scope: Scope) -> tuple[int, tuple[int, ...]]:
        statement = self.ctx.current_statement()
        order = scope.order_of.get(id(statement), 1 << 30) if statement is not None else 1 << 30
        ancestors = self.ctx.ancestors
        start = next((i for i, n in enumerate(ancestors) if n is scope_node), 0)
        path = tuple(id(n) for n in ancestors[start + 1:] if isinstance(n, cst.BaseSuite))
        return order, path

    def _trace(self, expr: cst.BaseExpression | None, scope: Scope, at, depth: int) -> str | None:
        """The driver a receiver object comes from: `cur` <- `conn.cursor()` <- `sqlite3.connect()`."""
        if expr is None or depth > MAX_TRACE:
            return None
        if isinstance(expr, cst.Await):
            return self._trace(expr.expression, scope, at, depth + 1)
        if isinstance(expr, cst.Call):
            qualified = self.ctx.qualname(expr.func)
            if qualified is not None:
                return driver_for_module(qualified)
            if isinstance(expr.func, cst.Attribute):
                return self._trace(expr.func.value, scope, at, depth + 1)
            return None
        if isinstance(expr, cst.Name):
            found = self._last_binding(expr, scope, at)
            if found is not None:
                last, where = found
                return self._trace(last.expr, where, (last.order, last.path), depth + 1) if last.kind == "assign" else None
            return None if expr.value in scope.params else driver_for_module(self.ctx.qualname(expr))
        if isinstance(expr, cst.Attribute):
            return driver_for_module(self.ctx.qualname(expr))
        return None

    def _last_binding(self, name: cst.Name, scope: Scope, at) -> tuple[Binding, Scope] | None:
        """The last binding of `name` before `at` in its function, else in the module, with the scope it is in;
        None for a parameter or a name bound nowhere (an import, a builtin)."""
        bindings = [b for b in scope.bindings.get(name.value, ()) if b.order < at[0]]
        if bindings:
            return bindings[-1], scope
        if name.value in scope.params:
            return None
        module_scope = self.tracker.scope(self.ctx.module) if self.ctx.module is not None else None
        if module_scope is not None and module_scope is not scope and name.value in module_scope.bindings:
            return self._last_binding(name, module_scope, (1 << 30, ()))
        return None
