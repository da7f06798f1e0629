"""Follows how a query string is put together inside one function, for HL301 and HL302.

`Tracker.value_of(expr, scope)` describes the string an expression evaluates to as a sequence of
static text and interpolated *holes*. A hole is unsafe when its value may come from outside the
program (a parameter, a request field, anything unknown); literals, module-level constants,
numbers and values passed through `int()`/`float()` are safe. Names are followed through the
assignments, `+=`, branches and list appends that precede the sink in the same function, and
calls to small helper functions of the same module are followed into their `return`s.
"""

from __future__ import annotations

import ast
import re
import string
from dataclasses import dataclass, field, replace
from typing import Iterator, Mapping, Sequence, Union

import libcst as cst

from hardlint.imports import dotted_name
from hardlint.literals import string_value

MAX_DEPTH = 40  # expression levels and name hops together; keeps recursion far below Python's limit
MAX_HELPER_STATEMENTS = 40
STEP_BUDGET = 20_000  # evaluation steps per sink: pathological code degrades to "unknown", not to minutes
# Functions whose result is their first argument's text, decoded or converted.
_PASS_THROUGH_CALL = re.compile(r"(?:^|\.)(?:str|repr|unquote(?:_plus)?|unescape|b64decode|urlsafe_b64decode|"
                                r"escape_string|normalize|dedent)$")
_REQUEST_ROOT = re.compile(r"^(?:request|req|flask_request|environ|argv)$")
_UPPER_CONSTANT = re.compile(r"^_*[A-Z][A-Z0-9_]*$")
_NUMERIC_SPEC = re.compile(r"[bcdoxXneEfFgG%]$")
_PERCENT_SPEC = re.compile(r"%(?:\((?P<key>[^)]*)\))?(?P<flags>[#0\- +]*)(?P<width>\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?"
                           r"(?P<conv>[diouxXeEfFgGcrsa%])")
_SAFE_CALLS = frozenset({"int", "float", "len", "bool", "abs", "round", "uuid4", "uuid1"})
# Helpers that quote what they return as an SQL identifier or literal: `identifier()`, `quote_ident`,
# `quote_table`, `dialect.identifier_preparer.quote`, `connection.ops.quote_name`, `literal_string`,
# psycopg `sql.Identifier`/`sql.Literal`, SQLAlchemy `column()`/`table()` (rendered quoted).
_QUOTING_CALL = re.compile(r"^(?:_?quote\w*|\w*_quote\w*|(?:quote_|escape_)?identifier|literal_string|quote_literal"
                           r"|escape_\w+|Identifier|Literal|column|table)$")
# Names a model or the database catalog gives to its tables and columns: not values from users.
_METADATA_ATTRS = frozenset({"db_table", "__tablename__", "db_column", "tablename", "__table__", "_meta"})
_METADATA_OWNER = re.compile(r"(?:^|_)(?:table|tbl|column|col|field|index|constraint|fk|pk)s?$", re.IGNORECASE)
_NUMERIC_ANNOTATIONS = frozenset({"int", "float", "bool", "Decimal", "UUID", "datetime", "date", "timedelta"})
_ARITHMETIC = (cst.Subtract, cst.Multiply, cst.Divide, cst.FloorDivide, cst.Add, cst.Power)
_PASS_THROUGH_METHODS = frozenset({"strip", "lstrip", "rstrip", "lower", "upper", "title", "casefold"})
_DEDENT = frozenset({"textwrap.dedent", "inspect.cleandoc"})


@dataclass(frozen=True)
class Hole:
    """An expression interpolated into a string. `text` is its known text for safe holes."""

    expr: cst.BaseExpression
    safe: bool
    text: str | None = None
    plain: bool = True  # interpolated as str(value), no conversion or format spec
    resolved: bool = True  # False for a `{field}` or `%s` whose argument is not known (`**params`)


Piece = Union[str, Hole]


@dataclass(frozen=True)
class Value:
    """What an expression evaluates to, as far as query building is concerned.

    kind: "str" (a string of known pieces), "list" (a list whose items are `items`), "safe" (a
    non-string value that cannot carry SQL, such as a number) or "unknown".
    `exact` is False once the pieces are a guess over several paths; `local` is False once they
    came through a name or a helper rather than the expression itself; `origin` is where the
    first unsafe hole was interpolated, `how` the way it was.
    """

    kind: str
    pieces: tuple[Piece, ...] = ()
    items: tuple[Value, ...] = ()
    exact: bool = True
    local: bool = True
    origin: cst.CSTNode | None = None
    how: str = ""

    @property
    def unsafe_holes(self) -> list[Hole]:
        return [p for p in self.pieces if isinstance(p, Hole) and not p.safe]

    @property
    def tainted(self) -> bool:
        return self.kind == "str" and bool(self.unsafe_holes)

    @property
    def constant(self) -> bool:
        return self.kind == "str" and not self.unsafe_holes

    def text(self, hole: str = " ? ") -> str:
        """The static text, unsafe holes shown as `hole`."""
        return "".join(p if isinstance(p, str) else (p.text if p.text is not None else hole) for p in self.pieces)


UNKNOWN = Value("unknown")
SAFE = Value("safe")


def const(text: str) -> Value:
    return Value("str", (text,) if text else ())


@dataclass
class Binding:
    """One assignment-like statement that gives a name a value."""

    order: int
    path: tuple[int, ...]
    kind: str  # "assign", "aug", "append", "extend", "for", "unpack" (a tuple target), "unknown"
    expr: cst.BaseExpression | None
    node: cst.CSTNode


@dataclass
class Scope:
    """A function (or the module): its parameters and the bindings of every local name."""

    node: cst.CSTNode
    params: frozenset[str]
    numeric_params: frozenset[str] = frozenset()
    bindings: dict[str, list[Binding]] = field(default_factory=dict)
    order_of: dict[int, int] = field(default_factory=dict)
    size: int = 0


def _targets(target: cst.BaseExpression) -> Iterator[cst.Name]:
    if isinstance(target, cst.Name):
        yield target
    elif isinstance(target, (cst.Tuple, cst.List)):
        for element in target.elements:
            yield from _targets(element.value)
    elif isinstance(target, cst.StarredElement):
        yield from _targets(target.value)


def _params(node: cst.CSTNode) -> frozenset[str]:
    if not isinstance(node, cst.FunctionDef):
        return frozenset()
    p = node.params
    names = [x.name.value for x in (*p.posonly_params, *p.params, *p.kwonly_params)]
    for star in (p.star_arg, p.star_kwarg):
        if isinstance(star, cst.Param):
            names.append(star.name.value)
    return frozenset(names)


def _numeric_params(node: cst.CSTNode) -> frozenset[str]:
    """Parameters annotated with a type that cannot carry SQL text (`limit: int`, `key: UUID`)."""
    if not isinstance(node, cst.FunctionDef):
        return frozenset()
    p = node.params
    found = set()
    for param in (*p.posonly_params, *p.params, *p.kwonly_params):
        annotation = param.annotation.annotation if param.annotation is not None else None
        name = dotted_name(annotation) if annotation is not None else None
        if name is not None and name.split(".")[-1] in _NUMERIC_ANNOTATIONS:
            found.add(param.name.value)
    return frozenset(found)


def build_scope(node: cst.CSTNode) -> Scope:
    """Index the bindings of a function body (or module) in source order, not entering nested
    defs and classes. Each binding keeps the path of blocks it sits in."""
    scope = Scope(node, _params(node), _numeric_params(node))
    body = node.body if isinstance(node, cst.FunctionDef) else node
    first_path = (id(body),) if isinstance(body, cst.BaseSuite) else ()
    stack: list[tuple[Iterator[cst.CSTNode], tuple[int, ...]]] = [(iter(_statements(body)), first_path)]
    counter = 0
    while stack:
        statements, path = stack[-1]
        statement = next(statements, None)
        if statement is None:
            stack.pop()
            continue
        counter += 1
        scope.size += 1
        scope.order_of[id(statement)] = counter
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                _index_small(scope, small, counter, path, statement)
        elif isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            scope.bindings.setdefault(statement.name.value, []).append(
                Binding(counter, path, "unknown", None, statement))
        elif isinstance(statement, cst.BaseCompoundStatement):
            _index_compound(scope, statement, counter, path)
            for block, _ in reversed(_sub_blocks(statement, path)):
                stack.append((iter(_statements(block)), (*path, id(block))))
    return scope


def _statements(block: cst.CSTNode) -> Sequence[cst.CSTNode]:
    body = getattr(block, "body", ())
    return body if isinstance(body, (list, tuple)) else ()


def _sub_blocks(statement: cst.BaseCompoundStatement, path: tuple[int, ...]) -> list[tuple[cst.CSTNode, tuple[int, ...]]]:
    blocks: list[cst.CSTNode] = []
    node: cst.CSTNode | None = statement
    while node is not None:
        body = getattr(node, "body", None)
        if isinstance(body, cst.BaseSuite):
            blocks.append(body)
        blocks.extend(h.body for h in getattr(node, "handlers", ()))
        final = getattr(node, "finalbody", None)
        if final is not None:
            blocks.append(final.body)
        orelse = getattr(node, "orelse", None)
        if isinstance(orelse, cst.If):
            node = orelse
            continue
        if orelse is not None and isinstance(getattr(orelse, "body", None), cst.BaseSuite):
            blocks.append(orelse.body)
        node = None
    return [(b, path) for b in blocks]


def _index_compound(scope: Scope, statement: cst.BaseCompoundStatement, order: int, path: tuple[int, ...]) -> None:
    if isinstance(statement, cst.With):
        for item in statement.items:
            if item.asname is not None:
                for name in _targets(item.asname.name):
                    scope.bindings.setdefault(name.value, []).append(
                        Binding(order, path, "assign", item.item, statement))
    elif isinstance(statement, cst.For):
        single = isinstance(statement.target, cst.Name)
        for name in _targets(statement.target):
            scope.bindings.setdefault(name.value, []).append(
                Binding(order, path, "for" if single else "unknown", statement.iter if single else None, statement))


def _index_small(scope: Scope, small: cst.CSTNode, order: int, path: tuple[int, ...], line: cst.CSTNode) -> None:
    add = scope.bindings.setdefault
    if isinstance(small, cst.Assign):
        for target in small.targets:
            names = list(_targets(target.target))
            single = isinstance(target.target, cst.Name)
            for name in names:
                add(name.value, []).append(
                    Binding(order, path, "assign" if single else "unpack", small.value, small))
    elif isinstance(small, cst.AnnAssign) and small.value is not None and isinstance(small.target, cst.Name):
        add(small.target.value, []).append(Binding(order, path, "assign", small.value, small))
    elif isinstance(small, cst.AugAssign) and isinstance(small.target, cst.Name):
        kind = "aug" if isinstance(small.operator, cst.AddAssign) else "unknown"
        add(small.target.value, []).append(Binding(order, path, kind, small.value, small))
    elif isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
        call = small.value
        func = call.func
        if (isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name)
                and func.attr.value in ("append", "extend", "insert") and call.args):
            kind = "extend" if func.attr.value == "extend" else "append"
            add(func.value.value, []).append(Binding(order, path, kind, call.args[-1].value, small))


def _is_prefix(short: tuple[int, ...], long: tuple[int, ...]) -> bool:
    return long[: len(short)] == short


class Tracker:
    """Evaluates query-building expressions for one file; scopes are indexed once and cached."""

    def __init__(self, module: cst.Module) -> None:
        self.module = module
        self._scopes: dict[int, Scope] = {}
        self._helpers: dict[str, cst.FunctionDef] | None = None
        self._active_helpers: set[str] = set()
        self.current_class: cst.ClassDef | None = None
        self._memo: dict[tuple, Value | None] = {}
        self._imported: frozenset[str] | None = None
        self.steps_left = STEP_BUDGET
        # HL304: request data stays request data through calls (`json.loads(request.data)["x"]`,
        # `"ping {}".format(host)`), and `self.path`/`self.get_argument()` of a request handler class
        # are request data. Off for HL301/HL302, whose positions and fixes need the text itself.
        self.through_calls = False
        # HL304 sets it False: `argv` and `input()` are a command line's own operator, not a remote caller.
        self.operator_input = True
        # HL304: parameters that are request data, by function node id (a route's `<name>` path parameters).
        self.request_params: dict[int, frozenset[str]] = {}
        # HL304: attributes of `self` that are request data in the current class (`self.kwargs` of a
        # Django class-based view). Read only on the `through_calls` path, so HL301/HL302 never see it.
        self.self_inputs: frozenset[str] = frozenset()
        # HL304: a request-looking name the function binds itself (`req = Requirement(s)`, `for req in
        # reqs`) or declares with another type (`req: Requirement`) is judged by that, not by its name.
        self.judge_bound_roots = False
        # HL304: `_origin` results of the current evaluation, by (expression, scope, depth). Its options
        # stay fixed between two `reset_budget()` calls; without the memo, names bound from calls on
        # names bound from calls fan out exponentially.
        self._origins: dict[tuple[int, int, int], str | None] = {}

    def reset_budget(self) -> None:
        """Give the next sink's evaluation a fresh step budget (and, for HL304, a fresh origin memo)."""
        self.steps_left = STEP_BUDGET
        self._origins.clear()

    # -- scopes ----------------------------------------------------------------------------
    def scope(self, node: cst.CSTNode) -> Scope:
        found = self._scopes.get(id(node))
        if found is None:
            found = self._scopes[id(node)] = build_scope(node)
        return found

    @property
    def helpers(self) -> dict[str, cst.FunctionDef]:
        if self._helpers is None:
            self._helpers = {s.name.value: s for s in self.module.body if isinstance(s, cst.FunctionDef)}
        return self._helpers

    # -- names -----------------------------------------------------------------------------
    def name_value(self, name: str, scope: Scope, at: tuple[int, tuple[int, ...]] | None,
                   env: Mapping[str, Value], depth: int) -> Value | None:
        """The value `name` has at position `at` (statement order, block path) in `scope`."""
        if name in env:
            return env[name]
        bindings = scope.bindings.get(name)
        if not bindings:
            return None
        order, path = at if at is not None else (1 << 30, ())
        key = (id(scope.node), name, order, path)
        if not env and key in self._memo:
            return self._memo[key]
        value = self._name_value(name, bindings, scope, order, path, env, depth)
        if not env and depth <= MAX_DEPTH // 2:
            self._memo[key] = value
        return value

    def _name_value(self, name: str, bindings: list[Binding], scope: Scope, order: int, path: tuple[int, ...],
                    env: Mapping[str, Value], depth: int) -> Value | None:
        current: Value | None = None
        for binding in bindings:
            if binding.order >= order:
                break
            step_at = (binding.order, binding.path)
            if binding.kind == "assign":
                new = self.value_of(binding.expr, scope, step_at, env, depth + 1)
            elif binding.kind == "aug":
                rhs = self.value_of(binding.expr, scope, step_at, env, depth + 1)
                new = concat(current or UNKNOWN, rhs, None, binding.expr, binding.node, "`+=`")
            elif binding.kind == "for":
                new = iterated(self.value_of(binding.expr, scope, step_at, env, depth + 1))
            elif binding.kind in ("append", "extend"):
                item = self.value_of(binding.expr, scope, step_at, env, depth + 1)
                if binding.kind == "extend":
                    item = join_items(item)
                base = current if current is not None and current.kind == "list" else Value("list", exact=False)
                current = replace(base, items=(*base.items, item), exact=False, local=False)
                continue
            elif binding.kind == "unpack" and _compiled_sql(binding.expr):
                new = SAFE  # `sql, params = qs.query.sql_with_params()`: SQL the ORM wrote, values apart
            else:
                new = UNKNOWN
            if current is None or _is_prefix(binding.path, path):
                current = new
            else:
                current = union(current, new)
        return current

    def _lookup(self, node: cst.Name, scope: Scope, at, env, depth: int) -> Value:
        name = node.value
        if name in ("True", "False", "None"):
            return SAFE
        found = self.name_value(name, scope, at, env, depth)
        if found is not None:
            return replace(found, local=False) if found.kind == "str" else found
        if name in scope.numeric_params:
            return SAFE
        if name in scope.params:
            return UNKNOWN
        if scope.node is not self.module:
            module_value = self.name_value(name, self.scope(self.module), None, {}, depth)
            if module_value is not None and module_value.kind != "unknown":
                return replace(module_value, local=False) if module_value.kind == "str" else module_value
        if _UPPER_CONSTANT.match(name):
            return SAFE
        return UNKNOWN

    # -- provenance --------------------------------------------------------------------------
    @property
    def imported(self) -> frozenset[str]:
        """Names the module's top-level imports bind."""
        if self._imported is None:
            names = set()
            for statement in self.module.body:
                for small in getattr(statement, "body", ()) if isinstance(statement, cst.SimpleStatementLine) else ():
                    if isinstance(small, (cst.Import, cst.ImportFrom)) and not isinstance(small.names, cst.ImportStar):
                        for alias in small.names:
                            bound = alias.asname.name if alias.asname is not None else alias.name
                            name = dotted_name(bound)
                            if name:
                                names.add(name.split(".")[0])
            self._imported = frozenset(names)
        return self._imported

    def from_input(self, hole: Hole, scope: Scope, depth: int = 0) -> str | None:
        """Where the hole's value comes from, if straight from outside: "request" (request data,
        `input()`) or "parameter" (a parameter of the function, a name defined nowhere in the file).
        Values computed by other calls, read from `self`, imported, or taken apart from other data
        (`for a, b in rows`) are not proven input: None."""
        return self._origin(hole.expr, scope, depth) if hole.resolved else None

    def origin(self, expr: cst.BaseExpression, scope: Scope) -> str | None:
        """Where the value of `expr` comes from: "request", "parameter" or None (see `from_input`)."""
        return self._origin(expr, scope, 0)

    def _origin(self, expr: cst.BaseExpression, scope: Scope, depth: int) -> str | None:
        if not self.through_calls:
            return self._origin_of(expr, scope, depth)
        key = (id(expr), id(scope.node), depth)
        if key not in self._origins:
            self._origins[key] = self._origin_of(expr, scope, depth)
        return self._origins[key]

    def _origin_of(self, expr: cst.BaseExpression, scope: Scope, depth: int) -> str | None:
        if self.through_calls and depth <= 8:
            found = self._through_call(expr, scope, depth)
            if found is not None:
                return found
        node = _root(expr)
        if isinstance(node, cst.Call):
            func = node.func
            console = isinstance(func, cst.Name) and func.value in ("input", "raw_input")
            return "request" if console and self.operator_input else None
        if isinstance(node, (cst.FormattedString, cst.BinaryOperation, cst.ConcatenatedString)):
            return _strongest(self._origin(n, scope, depth + 1) for n in _names_in(node))
        if isinstance(node, (cst.IfExp, cst.BooleanOperation, cst.Dict, cst.List, cst.Tuple)):
            return _strongest(self._origin(n, scope, depth + 1) for n in _parts(node))
        if not isinstance(node, cst.Name) or depth > 4:
            return None
        name = node.value
        if _REQUEST_ROOT.match(name) and (self.operator_input or name != "argv") and not (
                self.judge_bound_roots and _bound_otherwise(name, scope)):
            return "request"
        if name in ("self", "cls") or name in self.imported:
            return None  # an attribute of the object, a module or function imported here
        if name in scope.params:
            return "request" if name in self.request_params.get(id(scope.node), ()) else "parameter"
        for candidate in (scope, self.scope(self.module)):
            bindings = candidate.bindings.get(name)
            if bindings:
                return _strongest(self._origin(b.expr, candidate, depth + 1) for b in bindings
                                  if b.kind in ("assign", "aug", "for", "append", "extend") and b.expr is not None)
        return "parameter"  # defined nowhere here: a global of another module, a name of the caller's

    def _through_call(self, expr: cst.BaseExpression, scope: Scope, depth: int) -> str | None:
        """Request data read by a handler method (`self.path`, `self.get_argument("q")`), or carried
        through a call that does not quote or convert it (`json.loads(raw)`, `"{}".format(raw)`)."""
        node = expr
        while True:
            if _handler_input(node, self.current_class) or _self_input(node, self.self_inputs):
                return "request"
            if isinstance(node, (cst.Attribute, cst.Subscript)):
                node = node.value
            elif isinstance(node, cst.Await):
                node = node.expression
            else:
                break
        if isinstance(node, (cst.DictComp, cst.ListComp, cst.SetComp, cst.GeneratorExp)):
            return self._origin(node.for_in.iter, scope, depth + 1)  # `{k: v for k, v in form.items()}`
        if not isinstance(node, cst.Call) or _sanitizing(node.func):
            return None
        # Keyword arguments select rather than carry (`Report.objects.get(owner=request.user)` is a row
        # of the database), except where they fill a template or build a mapping.
        func = node.func
        called = func.attr.value if isinstance(func, cst.Attribute) else (dotted_name(func) or "")
        keeps_keywords = called in _FILLING_CALLS
        parts = [a.value for a in node.args if a.keyword is None or keeps_keywords]
        if isinstance(node.func, cst.Attribute):
            parts.append(node.func.value)
        return _strongest(self._origin(p, scope, depth + 1) for p in parts)

    # -- expressions -------------------------------------------------------------------------
    def value_of(self, expr: cst.BaseExpression | None, scope: Scope, at=None,
                 env: Mapping[str, Value] | None = None, depth: int = 0) -> Value:
        """Evaluate `expr` as seen at `at` in `scope`; never raises on odd code."""
        self.steps_left -= 1
        if expr is None or depth > MAX_DEPTH or self.steps_left < 0:
            return UNKNOWN
        env = env or {}
        if isinstance(expr, cst.SimpleString):
            value = string_value(expr)
            return const(value) if value is not None else UNKNOWN
        if isinstance(expr, cst.ConcatenatedString):
            left = self.value_of(expr.left, scope, at, env, depth + 1)
            right = self.value_of(expr.right, scope, at, env, depth + 1)
            return concat(left, right, expr.left, expr.right, expr, "an f-string")
        if isinstance(expr, cst.FormattedString):
            return self._fstring(expr, scope, at, env, depth)
        if isinstance(expr, (cst.Integer, cst.Float, cst.Imaginary)):
            return SAFE
        if isinstance(expr, cst.Name):
            return self._lookup(expr, scope, at, env, depth)
        if isinstance(expr, cst.Attribute):
            return SAFE if _UPPER_CONSTANT.match(expr.attr.value) or _metadata(expr) else UNKNOWN
        if isinstance(expr, cst.UnaryOperation):
            inner = self.value_of(expr.expression, scope, at, env, depth + 1)
            return SAFE if inner.kind == "safe" else UNKNOWN
        if isinstance(expr, cst.BinaryOperation):
            return self._binary(expr, scope, at, env, depth)
        if isinstance(expr, cst.IfExp):
            return union(self.value_of(expr.body, scope, at, env, depth + 1),
                         self.value_of(expr.orelse, scope, at, env, depth + 1))
        if isinstance(expr, (cst.List, cst.Tuple, cst.Set)):
            items = tuple(self.value_of(e.value, scope, at, env, depth + 1) for e in expr.elements)
            return Value("list", items=items)
        if isinstance(expr, (cst.GeneratorExp, cst.ListComp, cst.SetComp)):
            targets = dict(env)
            for_in: cst.CompFor | None = expr.for_in
            while for_in is not None:
                source = self.value_of(for_in.iter, scope, at, targets, depth + 1)
                for name in _targets(for_in.target):
                    targets[name.value] = iterated(source) if isinstance(for_in.target, cst.Name) else UNKNOWN
                for_in = for_in.inner_for_in
            item = self.value_of(expr.elt, scope, at, targets, depth + 1)
            return Value("list", items=(item,), exact=False)
        if isinstance(expr, cst.Await):
            return self.value_of(expr.expression, scope, at, env, depth + 1)
        if isinstance(expr, cst.Call):
            return self._call(expr, scope, at, env, depth)
        return UNKNOWN

    def _fstring(self, expr: cst.FormattedString, scope: Scope, at, env, depth: int) -> Value:
        pieces: list[Piece] = []
        exact = True
        local = True
        origin = None
        for part in expr.parts:
            if isinstance(part, cst.FormattedStringText):
                text = _unescape_fstring_text(expr, part.value)
                if text is None:
                    exact = False
                    text = part.value
                pieces.append(text)
                continue
            if not isinstance(part, cst.FormattedStringExpression):
                continue
            spec = "".join(p.value for p in part.format_spec or () if isinstance(p, cst.FormattedStringText))
            plain = part.conversion is None and not part.format_spec and part.equal is None
            inner = self.value_of(part.expression, scope, at, env, depth + 1)
            if part.format_spec and _NUMERIC_SPEC.search(spec) and part.conversion is None:
                inner = SAFE
            before = len(pieces)
            interpolate(pieces, part.expression, inner, plain)
            if inner.kind == "str" and any(isinstance(p, Hole) and not p.safe for p in pieces[before:]):
                exact, local = exact and inner.exact, local and inner.local
                origin = origin or inner.origin
        if origin is None and any(isinstance(p, Hole) and not p.safe for p in pieces):
            origin = expr
        return Value("str", tuple(pieces), exact=exact, local=local, origin=origin, how="an f-string")

    def _binary(self, expr: cst.BinaryOperation, scope: Scope, at, env, depth: int) -> Value:
        op = expr.operator
        if isinstance(op, _ARITHMETIC) and _arithmetic_with_number(expr):
            return SAFE  # `rows_max + 1`: a number, since a string plus a number raises
        left = self.value_of(expr.left, scope, at, env, depth + 1)
        if isinstance(op, cst.Add):
            right = self.value_of(expr.right, scope, at, env, depth + 1)
            if left.kind == "list" and right.kind == "list":
                return Value("list", items=left.items + right.items, exact=False)
            return concat(left, right, expr.left, expr.right, expr, "string concatenation")
        if isinstance(op, cst.Modulo) and left.kind == "str":
            return self._percent(expr, left, scope, at, env, depth)
        if isinstance(op, cst.Multiply):
            right = self.value_of(expr.right, scope, at, env, depth + 1)
            for side in (left, right):
                if side.kind in ("str", "list"):
                    return replace(side, exact=False)
            return SAFE if left.kind == right.kind == "safe" else UNKNOWN
        right = self.value_of(expr.right, scope, at, env, depth + 1)
        return SAFE if left.kind == right.kind == "safe" else UNKNOWN

    def _percent(self, expr: cst.BinaryOperation, template: Value, scope: Scope, at, env, depth: int) -> Value:
        if not template.constant:
            return replace(template, exact=False)
        text = template.text()
        right = expr.right
        positional: list[cst.BaseExpression] = []
        named: dict[str, cst.BaseExpression] = {}
        if isinstance(right, cst.Tuple):
            positional = [e.value for e in right.elements if not isinstance(e, cst.StarredElement)]
            exact = len(positional) == len(right.elements)
        elif isinstance(right, cst.Dict):
            named = {k.evaluated_value: e.value for e in right.elements if isinstance(e, cst.DictElement)
                     and isinstance(k := e.key, cst.SimpleString) and isinstance(k.evaluated_value, str)}
            exact = len(named) == len(right.elements)
        else:
            positional = [right]
            exact = True
        pieces: list[Piece] = []
        position = 0
        index = 0
        for match in _PERCENT_SPEC.finditer(text):
            pieces.append(text[position:match.start()])
            position = match.end()
            conv = match.group("conv")
            if conv == "%":
                pieces.append("%")
                continue
            key = match.group("key")
            if key is not None:
                arg = named.get(key)
            else:
                arg = positional[index] if index < len(positional) else None
                index += 1
            if arg is None:
                pieces.append(Hole(right, False, plain=False, resolved=False))
                exact = False
                continue
            inner = self.value_of(arg, scope, at, env, depth + 1)
            if conv in "diouxXeEfFgG":
                inner = SAFE
            plain = conv == "s" and not match.group("flags") and not match.group("width")
            interpolate(pieces, arg, inner, plain)
        pieces.append(text[position:])
        if index != len(positional) and not named:
            exact = False
        pieces = [p for p in pieces if p != ""]
        value = Value("str", tuple(pieces), exact=exact and template.exact, local=template.local,
                      how="`%` formatting")
        return replace(value, origin=expr) if value.unsafe_holes else value

    def _call(self, call: cst.Call, scope: Scope, at, env, depth: int) -> Value:
        func = call.func
        args = call.args
        first = args[0].value if args else None
        if isinstance(func, cst.Name) and func.value in _SAFE_CALLS:
            return SAFE
        dotted = dotted_name(func)
        if _quoting(func) or _escaping_quotes(call):
            return SAFE
        if dotted is not None and dotted.split(".")[-1] == "repeat" and first is not None:
            item = self.value_of(first, scope, at, env, depth + 1)  # `itertools.repeat("%s", n)`
            return Value("list", items=(item,), exact=False) if item.constant else UNKNOWN
        if isinstance(func, cst.Name) and func.value == "str" and len(args) == 1:
            inner = self.value_of(first, scope, at, env, depth + 1)
            return inner if inner.kind in ("str", "safe") else UNKNOWN
        if dotted is not None and (dotted in _DEDENT or dotted.split(".")[-1] in ("dedent", "cleandoc")) and len(args) == 1:
            inner = self.value_of(first, scope, at, env, depth + 1)
            return replace(inner, exact=False, local=False) if inner.kind == "str" else inner
        if isinstance(func, cst.Attribute):
            method = func.attr.value
            if method == "join" and len(args) == 1:
                sep = self.value_of(func.value, scope, at, env, depth + 1)
                if sep.kind == "str":
                    items = self.value_of(first, scope, at, env, depth + 1)
                    return join(sep, items, first, call)
            if method == "format":
                template = self.value_of(func.value, scope, at, env, depth + 1)
                if template.kind == "str":
                    return self._format(call, template, scope, at, env, depth)
            if method == "replace" and len(args) >= 2:
                return self._replace(call, scope, at, env, depth)
            if method in _PASS_THROUGH_METHODS:
                inner = self.value_of(func.value, scope, at, env, depth + 1)
                if inner.kind == "str":
                    return replace(inner, exact=False, local=False)
        if isinstance(func, cst.Name):
            return self._helper(self.helpers.get(func.value), func.value, call, scope, at, env, depth)
        if (isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name)
                and func.value.value in ("self", "cls") and self.current_class is not None):
            method = _method(self.current_class, func.attr.value)
            return self._helper(method, f"{func.value.value}.{func.attr.value}", call, scope, at, env, depth)
        return UNKNOWN

    def _replace(self, call: cst.Call, scope: Scope, at, env, depth: int) -> Value:
        """`"... id = '[VALUE]'".replace("[VALUE]", value)`: a template filled by replacement."""
        inner = self.value_of(call.func.value, scope, at, env, depth + 1)
        if inner.kind != "str":
            return UNKNOWN
        old = self.value_of(call.args[0].value, scope, at, env, depth + 1)
        new_expr = call.args[1].value
        new = self.value_of(new_expr, scope, at, env, depth + 1)
        if new.kind == "safe" or new.constant or not (old.constant and inner.constant):
            return replace(inner, exact=False, local=False)
        text, marker = inner.text(), old.text()
        if not marker or marker not in text:
            return replace(inner, exact=False, local=False)
        pieces: list[Piece] = []
        for index, part in enumerate(text.split(marker)):
            if index:
                interpolate(pieces, new_expr, new, True)
            if part:
                pieces.append(part)
        return Value("str", tuple(pieces), exact=False, local=inner.local, origin=call, how="`.replace()`")

    def _format(self, call: cst.Call, template: Value, scope: Scope, at, env, depth: int) -> Value:
        if not template.constant:
            return replace(template, exact=False)
        positional = [a.value for a in call.args if a.keyword is None and not a.star]
        named = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
        exact = not any(a.star for a in call.args) and template.exact
        pieces: list[Piece] = []
        auto = 0
        try:
            parsed = list(string.Formatter().parse(template.text()))
        except ValueError:
            return Value("str", (Hole(call, False, plain=False, resolved=False),), exact=False, origin=call,
                         how="`.format()`")
        for literal, field_name, spec, conversion in parsed:
            if literal:
                pieces.append(literal)
            if field_name is None:
                continue
            head = re.split(r"[.\[]", field_name, maxsplit=1)[0]
            if head == "":
                arg = positional[auto] if auto < len(positional) else None
                auto += 1
            elif head.isascii() and head.isdigit():  # `str.format` reads only ASCII digits as an index
                index = int(head) if len(head) < 10 else len(positional)  # no 5,000-digit int()
                arg = positional[index] if index < len(positional) else None
            else:
                arg = named.get(head)
            if arg is None:
                pieces.append(Hole(call, False, plain=False, resolved=False))
                exact = False
                continue
            plain = head == field_name and not spec and not conversion
            inner = UNKNOWN if head != field_name else self.value_of(arg, scope, at, env, depth + 1)
            if spec and _NUMERIC_SPEC.search(spec) and not conversion:
                inner = SAFE
            interpolate(pieces, arg, inner, plain)
        value = Value("str", tuple(pieces), exact=exact, local=template.local, how="`.format()`")
        return replace(value, origin=call) if value.unsafe_holes else value

    def _helper(self, helper: cst.FunctionDef | None, name: str, call: cst.Call, scope: Scope, at, env,
                depth: int) -> Value:
        if helper is None or name in self._active_helpers:
            return UNKNOWN
        inner_scope = self.scope(helper)
        if inner_scope.size > MAX_HELPER_STATEMENTS:
            return UNKNOWN
        bound = _bind(helper, call, lambda e: self.value_of(e, scope, at, env, depth + 1), "." in name)
        self._active_helpers.add(name)
        try:
            results = [self.value_of(r.value, inner_scope, (inner_scope.order_of.get(id(line), 1 << 30), path),
                                     bound, depth + 1)
                       for r, line, path in _returns(helper)]
        finally:
            self._active_helpers.discard(name)
        if not results:
            return UNKNOWN
        value = results[0]
        for other in results[1:]:
            value = union(value, other)
        if value.kind == "str":
            value = replace(value, local=False, how=f"{value.how or 'string building'} in `{name}()`")
        return value


def _parts(node: cst.BaseExpression) -> list[cst.BaseExpression]:
    """The values a conditional, `or`/`and`, dict or sequence may evaluate to or hold."""
    if isinstance(node, cst.IfExp):
        return [node.body, node.orelse]
    if isinstance(node, cst.BooleanOperation):
        return [node.left, node.right]
    if isinstance(node, cst.Dict):
        return [e.value for e in node.elements]
    return [e.value for e in node.elements]  # List, Tuple


def _strongest(origins: Iterator[str | None]) -> str | None:
    found = set(origins)
    return "request" if "request" in found else ("parameter" if "parameter" in found else None)


def _root(expr: cst.BaseExpression) -> cst.BaseExpression:
    """`request` in `request.args.get("q").strip()`, `x` in `str(x)` or `unquote(x)`, `rows` in `rows[0]`."""
    while True:
        if isinstance(expr, (cst.Attribute, cst.Subscript)):
            expr = expr.value
        elif isinstance(expr, cst.Await):
            expr = expr.expression
        elif isinstance(expr, cst.Call) and expr.args and _PASS_THROUGH_CALL.search(dotted_name(expr.func) or ""):
            expr = expr.args[0].value
        elif isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute):
            expr = expr.func.value
        else:
            return expr


_HANDLER_INPUT = frozenset({"path", "headers", "rfile", "request", "get_argument", "get_arguments",
                            "get_body_argument", "get_query_argument", "get_cookie"})
_SANITIZING = re.compile(r"(?:^|\.)(?:\w*quote|secure_filename|literal_eval|safe_load|isdigit|isalnum)$")


def _handler_input(node: cst.BaseExpression, cls: cst.ClassDef | None) -> bool:
    """`self.path` or `self.get_argument(...)` inside a `...RequestHandler` subclass (http.server, tornado)."""
    target = node.func if isinstance(node, cst.Call) else node
    if not (isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name)
            and target.value.value == "self" and target.attr.value in _HANDLER_INPUT and cls is not None):
        return False
    return any((dotted_name(base.value) or "").endswith("RequestHandler") for base in cls.bases)


_FILLING_CALLS = frozenset({"format", "format_map", "dict", "substitute", "safe_substitute", "Template"})
_REQUEST_TYPE = re.compile(r"Request|Connection|WebSocket|^(?:Any|object)$")


def _bound_otherwise(name: str, scope: Scope) -> bool:
    """The function binds `name` itself, or declares it as a parameter of a type that is not a request."""
    if scope.bindings.get(name):
        return True
    function = scope.node
    if not isinstance(function, cst.FunctionDef) or name not in scope.params:
        return False
    p = function.params
    for param in (*p.posonly_params, *p.params, *p.kwonly_params):
        if param.name.value == name and param.annotation is not None:
            annotation = dotted_name(param.annotation.annotation) or ""
            return bool(annotation) and not _REQUEST_TYPE.search(annotation.rsplit(".", 1)[-1])
    return False


def _self_input(node: cst.BaseExpression, attributes: frozenset[str]) -> bool:
    """`self.kwargs` when `kwargs` is one of the request-data attributes of the current class."""
    return (isinstance(node, cst.Attribute) and node.attr.value in attributes
            and isinstance(node.value, cst.Name) and node.value.value == "self")


def _sanitizing(func: cst.BaseExpression) -> bool:
    """`shlex.quote(x)`, `int(x)`, `secure_filename(x)`: the result cannot carry the input as code."""
    name = dotted_name(func) or ""
    return name.split(".")[-1] in _SAFE_CALLS or bool(_SANITIZING.search(name))


def _names_in(expr: cst.CSTNode) -> Iterator[cst.BaseExpression]:
    """The operands of a string built inline: f-string fields, `+` operands (no recursion: chains are long)."""
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.FormattedString):
            yield from (p.expression for p in node.parts if isinstance(p, cst.FormattedStringExpression))
        elif isinstance(node, (cst.BinaryOperation, cst.ConcatenatedString)):
            stack.extend((node.right, node.left))
        elif not isinstance(node, cst.SimpleString):
            yield node


def _compiled_sql(expr: cst.BaseExpression | None) -> bool:
    """`qs.query.sql_with_params()`, `compiler.as_sql()`: SQL text the ORM generated, its values kept apart."""
    return (isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute)
            and expr.func.attr.value in ("sql_with_params", "as_sql"))


def _arithmetic_with_number(expr: cst.BinaryOperation) -> bool:
    """`x + 1`, `2 * n`: one side a number literal, the other no string literal."""
    sides = (expr.left, expr.right)
    strings = (cst.SimpleString, cst.FormattedString, cst.ConcatenatedString, cst.List, cst.Tuple)
    return any(isinstance(s, (cst.Integer, cst.Float)) for s in sides) and not any(isinstance(s, strings) for s in sides)


def _quoting(func: cst.BaseExpression) -> bool:
    """`identifier(x)`, `dialect.identifier_preparer.quote(x)`, `sql.Identifier(x)`, `uuid.uuid4()`..."""
    name = dotted_name(func)
    if name is None:
        return False
    last = name.split(".")[-1]
    if last in ("column", "table"):
        return name.split(".")[0] in ("sa", "sqlalchemy", "sql", "expression")
    return bool(_QUOTING_CALL.match(last)) or last in _SAFE_CALLS


def _escaping_quotes(call: cst.Call) -> bool:
    """`s.replace("'", "''")` or `s.replace('"', '""')`: the quote doubling of an SQL literal or identifier."""
    func = call.func
    if not (isinstance(func, cst.Attribute) and func.attr.value == "replace" and len(call.args) >= 2):
        return False
    old, new = (a.value for a in call.args[:2])
    if not (isinstance(old, cst.SimpleString) and isinstance(new, cst.SimpleString)):
        return False
    quote = old.evaluated_value
    return quote in ("'", '"', "`") and new.evaluated_value == quote * 2


def _metadata(expr: cst.Attribute) -> bool:
    """A table or column name read from model metadata: `Model._meta.db_table`, `field.column`,
    `column.key`, `table.name`, `Model.__tablename__`, or an enum member `Status.ACTIVE.value`."""
    node: cst.BaseExpression = expr
    while isinstance(node, cst.Attribute):
        if node.attr.value in _METADATA_ATTRS:
            return True
        node = node.value
    owner = expr.value
    owner_name = owner.attr.value if isinstance(owner, cst.Attribute) else getattr(owner, "value", "")
    if expr.attr.value in ("name", "key", "column", "fullname") and isinstance(owner_name, str):
        if _METADATA_OWNER.search(owner_name):
            return True
    if expr.attr.value in ("value", "name") and isinstance(owner, cst.Attribute) and isinstance(owner.value, cst.Name):
        return owner.value.value[:1].isupper() and not _UPPER_CONSTANT.match(owner.value.value)  # Enum.MEMBER.value
    return False


def _method(cls: cst.ClassDef, name: str) -> cst.FunctionDef | None:
    """The method `name` defined directly in a class body."""
    for statement in getattr(cls.body, "body", ()):
        if isinstance(statement, cst.FunctionDef) and statement.name.value == name:
            return statement
    return None


def _bind(helper: cst.FunctionDef, call: cst.Call, evaluate, bound_method: bool = False) -> dict[str, Value]:
    """Values of the helper's parameters at this call; anything not passed plainly is unknown."""
    p = helper.params
    params = [*p.posonly_params, *p.params]
    if bound_method and params:
        params = params[1:]
    bound: dict[str, Value] = {}
    for param in (*params, *p.kwonly_params):
        bound[param.name.value] = evaluate(param.default) if param.default is not None else UNKNOWN
    if any(a.star for a in call.args):
        return {name: UNKNOWN for name in bound}
    positional = [a for a in call.args if a.keyword is None]
    for param, arg in zip(params, positional):
        bound[param.name.value] = evaluate(arg.value)
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value in bound:
            bound[arg.keyword.value] = evaluate(arg.value)
    return bound


def _returns(helper: cst.FunctionDef) -> Iterator[tuple[cst.Return, cst.CSTNode, tuple[int, ...]]]:
    """Every `return <value>` of a function with its statement line and block path."""
    stack: list[tuple[cst.CSTNode, tuple[int, ...]]] = [(helper.body, ())]
    while stack:
        block, path = stack.pop()
        path = (*path, id(block))
        for statement in getattr(block, "body", ()):
            if isinstance(statement, cst.SimpleStatementLine):
                for small in statement.body:
                    if isinstance(small, cst.Return) and small.value is not None:
                        yield small, statement, path
            elif isinstance(statement, cst.BaseCompoundStatement) and not isinstance(
                    statement, (cst.FunctionDef, cst.ClassDef)):
                stack.extend(_sub_blocks(statement, path))



def _unescape_fstring_text(fstring: cst.FormattedString, raw: str) -> str | None:
    """The runtime text of one literal part of an f-string, or None if it cannot be evaluated."""
    prefix = fstring.prefix.lower().replace("f", "")
    quote = fstring.start[len(fstring.prefix):]
    try:
        value = ast.literal_eval(f"{prefix}{quote}{raw}{quote}")
    except (SyntaxError, ValueError):
        return None
    return value.replace("{{", "{").replace("}}", "}") if isinstance(value, str) else None


def interpolate(pieces: list[Piece], expr: cst.BaseExpression, value: Value, plain: bool) -> None:
    """Append what interpolating `expr` (evaluating to `value`) contributes to a string."""
    if value.kind == "safe":
        pieces.append(Hole(expr, True, "0", plain))
    elif value.kind == "str" and not value.unsafe_holes:
        pieces.append(Hole(expr, True, value.text(), plain))
    elif value.kind == "str" and plain:
        pieces.extend(value.pieces)
    else:
        pieces.append(Hole(expr, False, None, plain))


def concat(left: Value, right: Value, left_expr, right_expr, node: cst.CSTNode | None, how: str) -> Value:
    """`left + right` when at least one side is a string."""
    if left.kind != "str" and right.kind != "str":
        return SAFE if left.kind == right.kind == "safe" else UNKNOWN
    pieces: list[Piece] = []
    exact = True
    local = True
    origin = None
    for value, expr in ((left, left_expr), (right, right_expr)):
        if value.kind == "str":
            pieces.extend(value.pieces)
            exact, local = exact and value.exact, local and value.local
            origin = origin or (value.origin if value.unsafe_holes else None)
        elif expr is not None:
            interpolate(pieces, expr, value, True)
        else:
            pieces.append(Hole(node, False, None, False))
            exact = False
    merged = Value("str", tuple(pieces), exact=exact, local=local)
    if merged.unsafe_holes:
        inherited = left.how if left.unsafe_holes and left.origin is origin else right.how
        if origin is None:
            origin, inherited = node, how
        merged = replace(merged, origin=origin, how=inherited or how)
    return merged


def union(first: Value, second: Value) -> Value:
    """A value that is `first` on one path and `second` on another: taint wins."""
    for value in (first, second):
        if value.tainted:
            return replace(value, exact=False, local=False)
    if first.kind == "list" and second.kind == "list":
        return Value("list", items=first.items + second.items, exact=False)
    for value in (first, second):
        if value.kind == "str":
            other = second if value is first else first
            return replace(value, exact=False, local=False) if other.kind in ("str", "safe") else UNKNOWN
    return SAFE if first.kind == second.kind == "safe" else UNKNOWN


def iterated(value: Value) -> Value:
    """The value of a loop variable over `value`: its items when they are known, else unknown."""
    if value.kind == "list" and value.items:
        item = join_items(value)
        return replace(item, local=False) if item.kind == "str" else item
    return UNKNOWN


def join_items(value: Value) -> Value:
    """The item values an `extend(...)` argument contributes, folded into one value."""
    if value.kind != "list":
        return value
    folded: Value | None = None
    for item in value.items:
        folded = item if folded is None else union(folded, item)
    return folded or const("")


def join(sep: Value, items: Value, items_expr: cst.BaseExpression | None, call: cst.Call) -> Value:
    """`sep.join(items)`: safe when every item is, otherwise carries the items' unsafe holes."""
    if items.kind == "str":
        return Value("str", sep.pieces + items.pieces, exact=False, local=False,
                     origin=items.origin, how=items.how)
    if items.kind != "list":
        hole = Hole(items_expr or call, False, None, False)
        return Value("str", (hole,), exact=False, local=False, origin=call, how="`join()`")
    pieces: list[Piece] = []
    origin = None
    how = ""
    for index, item in enumerate(items.items):
        if index:
            pieces.extend(sep.pieces)
        if item.kind == "str":
            pieces.extend(item.pieces)
            if item.unsafe_holes and origin is None:
                origin, how = item.origin, item.how
        elif item.kind == "safe":
            pieces.append(Hole(call, True, "0", False))
        else:
            pieces.append(Hole(items_expr or call, False, None, False))
            origin, how = origin or call, how or "`join()`"
    return Value("str", tuple(pieces), exact=False, local=False, origin=origin, how=how or "`join()`")


def hole_names(module: cst.Module, holes: Sequence[Hole], limit: int = 3) -> str:
    """`a`, `b` — the source of the first few unsafe holes, for messages."""
    seen: list[str] = []
    for hole in holes:
        code = module.code_for_node(hole.expr).strip()
        if len(code) > 40:
            code = code[:37] + "..."
        if code not in seen:
            seen.append(code)
    shown = ", ".join(f"`{c}`" for c in seen[:limit])
    return shown + (f" and {len(seen) - limit} more" if len(seen) > limit else "")
