"""Reading web-framework route registrations: `@app.route`, `@router.get`, `add_url_rule`, `add_api_route`.

Shared by the HL7 route rules and by the HL6 rules that need to know whether a function is a
request handler and which HTTP methods it accepts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import libcst as cst

from hardlint.imports import dotted_name
from hardlint.literals import string_value

# Decorator attribute -> the HTTP methods it registers (None: read `methods=`, default GET).
VERB_DECORATORS = {
    "get": ("GET",), "post": ("POST",), "put": ("PUT",), "patch": ("PATCH",), "delete": ("DELETE",),
    "head": ("HEAD",), "options": ("OPTIONS",), "trace": ("TRACE",), "websocket": ("WEBSOCKET",),
    "websocket_route": ("WEBSOCKET",),
}
METHOD_DECORATORS = ("route", "api_route")
REGISTER_CALLS = ("add_url_rule", "add_api_route", "add_api_websocket_route")
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
HTTP_VERB_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options"})
VIEW_BASES = re.compile(r"(^|\.)(View|MethodView|APIView|GenericAPIView|ViewSet|ModelViewSet|"
                        r"HTTPEndpoint|Resource)$")


def keyword(call: cst.Call, name: str) -> cst.Arg | None:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg
    return None


def positional(call: cst.Call, index: int) -> cst.Arg | None:
    plain = [a for a in call.args if a.keyword is None and not a.star]
    return plain[index] if index < len(plain) else None


def string_list(expr: cst.BaseExpression | None) -> list[str] | None:
    """["GET", "POST"] from a list/tuple/set of string literals; None when anything is not literal."""
    if isinstance(expr, (cst.List, cst.Tuple, cst.Set)):
        values = [string_value(e.value) for e in expr.elements]
        return None if any(v is None for v in values) else [v for v in values if v is not None]
    single = string_value(expr)
    return None if single is None else [single]


@dataclass(frozen=True)
class Route:
    """One route registration: the receiver it was made on, the path and the methods."""

    receiver: cst.BaseExpression
    path: str | None
    methods: tuple[str, ...] | None
    call: cst.Call


def _methods_from(call: cst.Call) -> tuple[str, ...] | None:
    arg = keyword(call, "methods")
    if arg is None:
        return ("GET",)
    listed = string_list(arg.value)
    return None if listed is None else tuple(sorted({m.upper() for m in listed}))


def route_of_decorator(decorator: cst.Decorator) -> Route | None:
    """The route a decorator like `@app.route("/x", methods=[...])` or `@router.post("/x")` registers."""
    call = decorator.decorator
    if not isinstance(call, cst.Call) or not isinstance(call.func, cst.Attribute):
        return None
    attr = call.func.attr.value
    if attr not in VERB_DECORATORS and attr not in METHOD_DECORATORS:
        return None
    path_arg = positional(call, 0) or keyword(call, "path") or keyword(call, "rule")
    if path_arg is None:
        return None
    path = string_value(path_arg.value)
    if path is None and not isinstance(path_arg.value, (cst.Name, cst.Attribute, cst.FormattedString,
                                                        cst.BinaryOperation)):
        return None
    if path is not None and path and not path.startswith("/"):
        return None
    methods = VERB_DECORATORS.get(attr) or _methods_from(call)
    return Route(call.func.value, path, methods, call)


def route_of_call(call: cst.Call) -> Route | None:
    """The route an `app.add_url_rule("/x", ...)` / `app.add_api_route("/x", fn)` call registers."""
    if not isinstance(call.func, cst.Attribute) or call.func.attr.value not in REGISTER_CALLS:
        return None
    path_arg = positional(call, 0) or keyword(call, "rule") or keyword(call, "path")
    if path_arg is None:
        return None
    path = string_value(path_arg.value)
    if call.func.attr.value == "add_api_websocket_route":
        methods: tuple[str, ...] | None = ("WEBSOCKET",)
    else:
        methods = _methods_from(call)
    return Route(call.func.value, path, methods, call)


def handler_routes(func: cst.FunctionDef) -> list[Route]:
    return [r for r in (route_of_decorator(d) for d in func.decorators) if r is not None]


def is_request_handler(func: cst.FunctionDef, enclosing_class: cst.ClassDef | None, django: bool) -> bool:
    """Is `func` a view: route-decorated, an HTTP-verb method of a view class, or a Django view?"""
    if handler_routes(func):
        return True
    if enclosing_class is not None and func.name.value in HTTP_VERB_METHODS:
        for base in enclosing_class.bases:
            name = dotted_name(base.value)
            if name and VIEW_BASES.search(name):
                return True
    if django and enclosing_class is None:
        params = func.params.params
        if params and params[0].name.value == "request":
            return True
    return False


def accepted_methods(func: cst.FunctionDef, enclosing_class: cst.ClassDef | None) -> set[str] | None:
    """The HTTP methods a handler accepts; None when unknown (treated as 'any')."""
    routes = handler_routes(func)
    if routes:
        found: set[str] = set()
        for route in routes:
            if route.methods is None:
                return None
            found.update(route.methods)
        return found
    if enclosing_class is not None and func.name.value in HTTP_VERB_METHODS:
        return {func.name.value.upper()}
    for decorator in func.decorators:
        target = decorator.decorator
        call_name = dotted_name(target.func) if isinstance(target, cst.Call) else dotted_name(target)
        short = (call_name or "").rsplit(".", 1)[-1]
        if short in ("require_GET", "require_safe"):
            return {"GET", "HEAD"}
        if short == "require_POST":
            return {"POST"}
        if short == "require_http_methods" and isinstance(target, cst.Call) and target.args:
            listed = string_list(target.args[0].value)
            return None if listed is None else {m.upper() for m in listed}
    return None


def normalise_path(path: str) -> str:
    """Route shape for comparison: parameter names dropped, converters kept (`<int:id>` -> `<int>`)."""
    path = re.sub(r"<(?:(\w+)(?:\([^)]*\))?:)?\w+>", lambda m: f"<{m.group(1) or 'string'}>", path)
    return re.sub(r"\{\w+(?::(\w+))?\}", lambda m: "{" + (m.group(1) or "") + "}", path)
