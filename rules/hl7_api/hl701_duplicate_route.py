"""HL701 duplicate-route: the same HTTP method and path are registered twice.

## What it does
Collects every route registration (Flask `@app.route` / `@bp.route` with `methods=` defaulting to
GET, `@app.get`/`.post`/... shortcuts, `add_url_rule`; FastAPI `@app.get`, `@router.post`,
`api_route`, `add_api_route`) and reports a second registration of the same method and path.
Within one file the two must be made on the same app, blueprint or router. Across the project the
full path is computed where prefixes are literal: `APIRouter(prefix=...)`, `Blueprint(url_prefix=...)`,
`include_router(..., prefix=...)` and `register_blueprint(..., url_prefix=...)` (which replaces the
blueprint's own prefix, as in Flask). Path parameters are compared by shape: `/items/{id}` and
`/items/{item_id}` are the same route; `<int:id>` and `<name>` are not. Routes in the two branches of
one `if`/`else` are not duplicates. A router that is never mounted by a checked file is compared
only with itself.

The registration reported is the one the framework never reaches: Flask and FastAPI keep the first
registration in the order they run, which is source order within a file and, across files, the
order of the `include_router`/`register_blueprint` calls that bring each router to the app (file
order only where nothing else tells). The first registration is given as a related location.

## Why it matters
The framework keeps the first registration and silently never calls the second (Flask only complains
when the endpoint names also clash), so an endpoint that looks implemented, reviewed and tested is
dead code in production, or the wrong handler answers with different auth or validation.

## Example
```python
@router.get("/users/{user_id}")
def get_user(user_id: int): ...

@router.get("/users/{uid}")
def get_user_v2(uid: int): ...   # never called
```

## Use instead
```python
@router.get("/users/{user_id}")
def get_user(user_id: int): ...

@router.get("/v2/users/{user_id}")
def get_user_v2(user_id: int): ...
```

## Fix safety
No automatic fix: which of the two handlers should win is for you to decide.

## References
- Flask, "URL Route Registrations": https://flask.palletsprojects.com/en/stable/api/#url-route-registrations
- FastAPI, "Order matters": https://fastapi.tiangolo.com/tutorial/path-params/#order-matters
"""

from __future__ import annotations

from typing import Any, Sequence

import libcst as cst

from hardlint.finding import Fact, Finding, Location
from hardlint.imports import dotted_name
from hardlint.rule import Rule, load_data
from hardlint.literals import string_value
from hardlint.rules.hl7_api._routes import (Route, handler_routes, keyword, normalise_path, positional,
                                            route_of_call)
from hardlint.rules.hl8_structure._modules import ModuleIndex, normalise

DATA = load_data(__file__, "hl701_frameworks.toml")
APPS = frozenset(DATA["apps"])
ROUTERS = frozenset(DATA["routers"])
ROUTE, OWNER, MOUNT = "HL701.route", "HL701.owner", "HL701.mount"


def _exclusive(a: Sequence[Sequence[Any]], b: Sequence[Sequence[Any]]) -> bool:
    """True when two routes sit in different branches of the same `if`."""
    branches = {key: branch for key, branch in a}
    return any(key in branches and branches[key] != branch for key, branch in b)


def _span(module: cst.Module | None, node: cst.CSTNode) -> list[int]:
    """[lines below the first, end column offset] of a node's text: the end of its range, found
    from its start in the project phase (facts carry only a start)."""
    text = module.code_for_node(node) if module is not None else ""
    lines = text.split("\n")
    return [len(lines) - 1, len(lines[-1])]


def _end(fact: Fact) -> tuple[int, int]:
    """(end line, end column) of a recorded route registration."""
    below, width = fact.data.get("span") or (0, 0)
    return fact.line + below, (fact.column if not below else 1) + width


def _join(prefix: str, path: str) -> str:
    if not prefix:
        return path
    if not path:
        return prefix
    return prefix.rstrip("/") + "/" + path.lstrip("/")


class DuplicateRoute(Rule):
    code = "HL701"
    name = "duplicate-route"
    severity = "high"
    message = "Route registered twice; the second handler is never reached"
    # A route decorator (`@<receiver>.get(` on its logical line, or a decorator line left inside an
    # open bracket, whose receiver may go on), a route/mount call, or an app/router constructor:
    # called, or imported under another name (a mention in a docstring is neither). Decorators are
    # matched from the start of their line: from every `@` of a long line the scan was quadratic.
    triggers = (r"(?m:^)[ \t\f]*@(?:[^\n]|\\\n)*?\.[ \t\\]*(?:get|post|put|patch|delete|head|options|trace|"
                r"websocket(?:_route)?|route|api_route)[ \t\\]*[(\n]|(?m:^)[ \t\f]*@[^\n]*[(\[{][^()\[\]{}\n]*\n|"
                r"add_url_rule|add_api_route|add_api_websocket_route|register_blueprint|include_router|"
                r"(?:Flask|Blueprint|FastAPI|APIRouter|Quart|Starlette)(?:(?:[\s\\]|#[^\n]*)*\(|[ \t\\]+as\b)")
    production_only = True

    FLAG = [
        """
        from flask import Flask

        app = Flask(__name__)

        @app.route("/users")
        def list_users():
            return []

        @app.route("/users", methods=["GET"])
        def all_users():
            return []
        """,
        """
        from fastapi import APIRouter

        router = APIRouter(prefix="/items")

        @router.get("/{item_id}")
        def read(item_id: int): ...

        @router.get("/{id}")
        def read_again(id: int): ...
        """,
        """
        from flask import Blueprint

        bp = Blueprint("orders", __name__, url_prefix="/orders")

        @bp.post("/")
        def create(): ...

        @bp.route("/", methods=["PUT", "POST"])
        def upsert(): ...
        """,
        """
        from fastapi import FastAPI

        app = FastAPI()

        @app.api_route("/health", methods=["GET", "HEAD"])
        def health(): ...

        app.add_api_route("/health", health_check)
        """,
        """
        from flask import Flask

        def create_app():
            app = Flask(__name__)

            @app.get("/ping")
            def ping(): ...

            @app.get("/ping")
            def ping2(): ...
            return app
        """,
    ]
    CLEAN = [
        """
        from flask import Flask

        app = Flask(__name__)

        @app.route("/users", methods=["GET"])
        def list_users(): ...

        @app.route("/users", methods=["POST"])
        def create_user(): ...
        """,
        """
        from fastapi import APIRouter

        users = APIRouter(prefix="/users")
        items = APIRouter(prefix="/items")

        @users.get("/")
        def list_users(): ...

        @items.get("/")
        def list_items(): ...
        """,
        """
        from flask import Flask

        app = Flask(__name__)

        @app.route("/items/<int:item_id>")
        def by_id(item_id): ...

        @app.route("/items/<name>")
        def by_name(name): ...
        """,
        """
        from flask import Flask

        app = Flask(__name__)

        if FEATURE_NEW_SEARCH:
            @app.get("/search")
            def search(): ...
        else:
            @app.get("/search")
            def legacy_search(): ...
        """,
        """
        from fastapi import FastAPI

        app = FastAPI()

        @app.get("/items")
        def items(): ...

        @app.get("/items/")
        def items_slash(): ...

        cache.get("/items")
        """,
    ]

    def begin(self) -> None:
        self.scopes: list[str] = []
        self.owners: dict[str, str] = {}   # scoped name -> kind
        self.seen: dict[tuple[str, str, str], list[tuple[cst.CSTNode, Any, str]]] = {}

    # -- scopes and owners -------------------------------------------------------------------
    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        for route in handler_routes(node):
            self._route(route, node.name.value)
        self.scopes.append(node.name.value)

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.scopes.pop()

    def _scoped(self, name: str) -> str:
        return ".".join([*self.scopes, name])

    def _ref(self, expr: cst.BaseExpression) -> dict[str, str] | None:
        """Where the object a receiver expression names was defined: here, imported, or unknown."""
        name = dotted_name(expr)
        if name is None:
            return None
        head = name.split(".")[0]
        for depth in range(len(self.scopes), -1, -1):
            scoped = ".".join([*self.scopes[:depth], name])
            if scoped in self.owners:
                return {"local": scoped}
        qualified = self.ctx.imports.resolve(name)
        if qualified is not None and head in self.ctx.imports.aliases:
            return {"import": qualified}
        return {"unknown": ".".join([*self.scopes, name])}

    def visit_Assign(self, node: cst.Assign) -> None:
        value = node.value
        if not isinstance(value, cst.Call) or len(node.targets) != 1:
            return
        target = node.targets[0].target
        if not isinstance(target, cst.Name):
            return
        qualname = self.ctx.qualname(value.func)
        if qualname in APPS:
            kind, prefix = "app", ""
        elif qualname in ROUTERS:
            kind = "router"
            arg = keyword(value, "prefix") or keyword(value, "url_prefix")
            prefix = "" if arg is None else string_value(arg.value)
        else:
            return
        scoped = self._scoped(target.value)
        self.owners[scoped] = kind
        concat = qualname.startswith("fastapi") or qualname.startswith("starlette")
        self.record(OWNER, node, name=scoped, role=kind, prefix=prefix, concat=concat)

    # -- registrations -----------------------------------------------------------------------
    def visit_Call(self, node: cst.Call) -> None:
        route = route_of_call(node)
        if route is not None:
            view = keyword(node, "view_func") or keyword(node, "endpoint") or positional(node, 1)
            if keyword(node, "methods") is None and view is not None and isinstance(view.value, cst.Call):
                return  # a class-based view: its methods come from the class
            self._route(route, dotted_name(view.value) if view else "")
            return
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value in ("register_blueprint", "include_router"):
            child = positional(node, 0)
            parent = self._ref(func.value)
            child_ref = self._ref(child.value) if child is not None else None
            if parent is None or child_ref is None:
                return
            arg = keyword(node, "url_prefix") or keyword(node, "prefix")
            prefix = None if arg is None else string_value(arg.value)
            self.record(MOUNT, node, parent=parent, child=child_ref, prefix=prefix,
                        given=arg is not None, replace=func.attr.value == "register_blueprint")

    def _branches(self) -> list[list[Any]]:
        found = []
        ancestors = self.ctx.ancestors
        for position, node in enumerate(ancestors[:-1]):
            if isinstance(node, cst.If):
                found.append([id(node), "body" if ancestors[position + 1] is node.body else "else"])
        return found

    def _route(self, route: Route, handler: str) -> None:
        if route.path is None or route.methods is None:
            return
        owner = self._ref(route.receiver)
        if owner is None:
            return
        shape = normalise_path(route.path)
        branches = self._branches()
        span = _span(self.ctx.module, route.call)
        owner_key = next(iter(owner.items()))
        for method in route.methods:
            key = (f"{owner_key[0]}:{owner_key[1]}", method, shape)
            earlier = [e for e in self.seen.get(key, []) if not _exclusive(e[1], branches)]
            if earlier:
                self.report(route.call, f"{method} {route.path} is already registered by "
                                        f"`{earlier[0][2]}` in this file; this handler is never reached",
                            related=[(earlier[0][0], "first registration")])
            self.seen.setdefault(key, []).append((route.call, branches, handler))
            self.record(ROUTE, route.call, owner=owner, method=method, path=route.path, shape=shape,
                        handler=handler, branches=[[str(k), b] for k, b in branches], span=span)

    # -- project phase -----------------------------------------------------------------------
    @classmethod
    def check_project(cls, facts: Sequence[Fact]) -> list[Finding]:
        mine = [f for f in facts if f.kind in (ROUTE, OWNER, MOUNT)]
        routes = [f for f in mine if f.kind == ROUTE]
        if len({f.path for f in routes}) < 2:
            return []
        index = ModuleIndex(f.path for f in mine)
        owners = {(normalise(f.path), f.data["name"]): f.data for f in mine if f.kind == OWNER}

        def key_of(path: str, ref: dict[str, str]) -> tuple[str, str]:
            if "local" in ref:
                return (normalise(path), ref["local"])
            if "import" in ref:
                qualified = ref["import"]
                level = len(qualified) - len(qualified.lstrip("."))
                module, _, var = qualified[level:].rpartition(".")
                target = index.resolve(path, module, level) if (module or level) else None
                if target is not None and (target, var) in owners:
                    return (target, var)
                return ("?import", qualified if not level else f"{normalise(path)}:{qualified}")
            return ("?unknown", f"{normalise(path)}:{ref['unknown']}")

        mounts: dict[tuple[str, str], list[tuple[tuple[str, str], str | None, bool, bool]]] = {}
        for fact in mine:
            if fact.kind == MOUNT:
                child = key_of(fact.path, fact.data["child"])
                parent = key_of(fact.path, fact.data["parent"])
                mounts.setdefault(child, []).append(
                    (parent, fact.data["prefix"], fact.data["given"], fact.data["replace"],
                     (fact.path, fact.line, fact.column)))
        prefixes = _Prefixes(owners, mounts)
        # Each registration with the order the framework sees it in: the chain of mount calls that
        # brings its router to the app (in the order they run), then its own place.
        groups: dict[tuple[Any, ...], dict[tuple[str, int, int], tuple[tuple, Fact]]] = {}
        for fact in routes:
            owner = key_of(fact.path, fact.data["owner"])
            place = (fact.path, fact.line, fact.column)
            known = prefixes.of(owner)
            addresses = ({(("abs", root, _join(p, fact.data["shape"])), chain) for root, p, chain in known}
                         if known else {(("rel", owner, fact.data["shape"]), ())})
            for address, chain in addresses:
                group = groups.setdefault((fact.data["method"], address), {})
                order = (*chain, place)
                if place not in group or order < group[place][0]:
                    group[place] = (order, fact)
        findings: dict[tuple[str, int, int], Finding] = {}
        for (method, address), group in sorted(groups.items(), key=lambda item: repr(item[0])):
            members = [fact for _, fact in sorted(group.values(), key=lambda item: item[0])]
            for position, fact in enumerate(members[1:], start=1):
                earlier = [e for e in members[:position] if not (
                    e.path == fact.path and (e.data["owner"] == fact.data["owner"]
                                             or _exclusive(e.data["branches"], fact.data["branches"])))]
                if not earlier or any(e.path == fact.path and e.data["owner"] == fact.data["owner"]
                                      for e in members[:position]):
                    continue
                first = earlier[0]
                shown = address[2] if address[0] == "abs" else fact.data["path"]
                end_line, end_column = _end(fact)
                findings.setdefault((fact.path, fact.line, fact.column), Finding(
                    code=cls.code, path=fact.path, line=fact.line, column=fact.column, end_line=end_line,
                    end_column=end_column, severity=cls.severity, name=cls.name,
                    message=(f"{method} {shown} is already registered by `{first.data['handler']}` at "
                             f"{first.path}:{first.line}; this handler is never reached"),
                    related=(Location(first.path, first.line, first.column,
                                      f"first registration: `{first.data['handler']}`", *_end(first)),),
                ))
        return list(findings.values())


class _Prefixes:
    """(app, full URL prefix, mount chain) for each way a blueprint or router is served; None when
    not literal. The chain holds the places of the mount calls from the app down, which order the
    registrations of different routers."""

    def __init__(self, owners: dict, mounts: dict) -> None:
        self.owners = owners
        self.mounts = mounts
        self.cache: dict[tuple[str, str], set[tuple[Any, str, tuple]] | None] = {}

    def of(self, key: tuple[str, str], seen: frozenset = frozenset()) -> set[tuple[Any, str, tuple]] | None:
        if key in self.cache:
            return self.cache[key]
        owner = self.owners.get(key)
        result: set[tuple[Any, str, tuple]] | None
        if owner is None or key in seen:
            result = None
        elif owner["role"] == "app":
            result = {(key, "", ())}
        else:
            result = set()
            own = owner["prefix"]
            for parent, prefix, given, replace, place in self.mounts.get(key, []):
                above = self.of(parent, seen | {key})
                if above is None or (given and prefix is None):
                    continue
                if replace:
                    local = prefix if given and prefix is not None else own
                else:
                    local = None if own is None else (prefix or "") + own
                if local is None:
                    continue
                result.update((root, _join(p, local), (*chain, tuple(place))) for root, p, chain in above)
            result = result or None
        self.cache[key] = result
        return result
