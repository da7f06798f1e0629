"""Where request data enters a function, for HL304: framework parameters and uploads saved to disk.

- FastAPI: every plain parameter of a route function (`q: str`, `Query(...)`, `Body(...)`, `Form(...)`,
  an `UploadFile`, a Pydantic body) is request data, and so is a `Request`-typed one under any name;
  `Depends(...)`/`Security(...)` parameters, `Response`/`BackgroundTasks`, numbers, booleans, enums of
  the module and `Literal[...]` are not.
- Django: the parameters after `request` of a view are URL parameters, and `self.kwargs`,
  `self.args` and `self.request` of a class-based view are request data.
- An upload saved to a path (`upload.save(path)`, `storage.save(path, upload)`) makes that path
  request data for whatever opens it later in the same function.
"""

from __future__ import annotations

import re
from typing import Iterator, Mapping

import libcst as cst

from hardlint.imports import ImportMap, dotted_name
from hardlint.walker import children
from hardlint.rules.hl7_api._routes import VIEW_BASES, handler_routes, is_request_handler

# Parameter types FastAPI injects as framework objects, not values from the client.
_FRAMEWORK_OBJECTS = frozenset({"Response", "BackgroundTasks", "SecurityScopes", "WebSocketState",
                                "JSONResponse", "HTMLResponse", "StreamingResponse"})
_INJECTED = frozenset({"Depends", "Security"})
_SAFE_TYPES = frozenset({"int", "float", "bool", "Decimal", "UUID", "UUID4", "datetime", "date", "time",
                         "timedelta", "PositiveInt", "NonNegativeInt", "conint", "confloat", "Literal",
                         "StrictInt", "StrictBool", "StrictFloat", "EmailStr", "HttpUrl", "AnyUrl"})
_WRAPPERS = frozenset({"Annotated", "Optional", "Union", "List", "list", "Sequence", "set", "Set"})
# `SessionDep`, `TokenDeps`, `CurrentUser`: FastAPI's naming for `Annotated[..., Depends(...)]` aliases that
# another module defines.
_DEPENDENCY_ALIAS = re.compile(r"^(?:\w+Deps?|Current[A-Z]\w*)$")
_ENUM_BASE = re.compile(r"(?:^|\.)(?:\w*Enum|IntFlag|Flag)$")
# `self.kwargs["slug"]`, `self.args[0]`, `self.request.GET`: a Django or DRF class-based view's input.
VIEW_SELF_INPUTS = frozenset({"kwargs", "args", "request"})
_VIEW_CLASS = re.compile(r"(?:View|ViewSet|ViewMixin)$")
_OPENERS = frozenset({"open", "io.open", "codecs.open", "builtins.open"})


def _params(function: cst.FunctionDef) -> list[cst.Param]:
    p = function.params
    return [*p.posonly_params, *p.params, *p.kwonly_params]


def _type_names(annotation: cst.BaseExpression, aliases: Mapping[str, cst.BaseExpression]) -> Iterator[str]:
    """The last parts of the names an annotation mentions: `Annotated[int, Query()]` -> Annotated, int, Query;
    a type alias of the module (`SessionDep = Annotated[Session, Depends(get_session)]`) by what it names."""
    stack: list[cst.CSTNode] = [annotation]
    expanded: set[str] = set()
    while stack:
        node = stack.pop()
        name = dotted_name(node) if isinstance(node, (cst.Name, cst.Attribute)) else None
        if name is not None:
            yield name.rsplit(".", 1)[-1]
            if name in aliases and name not in expanded:
                expanded.add(name)
                stack.append(aliases[name])
        elif isinstance(node, cst.Call):
            stack.append(node.func)
        elif isinstance(node, cst.Subscript):
            stack.append(node.value)
            stack.extend(e.slice.value for e in node.slice if isinstance(e.slice, cst.Index))
        elif isinstance(node, cst.BinaryOperation):  # `int | None`
            stack.extend((node.left, node.right))


def _module_types(module: cst.Module) -> tuple[frozenset[str], dict[str, cst.BaseExpression]]:
    """Enum classes of the module (FastAPI accepts only their values) and its type aliases
    (`Name = Annotated[...]`, `Name: TypeAlias = ...`)."""
    enums = set()
    aliases: dict[str, cst.BaseExpression] = {}
    for statement in module.body:
        if isinstance(statement, cst.ClassDef):
            if any(_ENUM_BASE.search(dotted_name(b.value) or "") for b in statement.bases):
                enums.add(statement.name.value)
            continue
        for small in getattr(statement, "body", ()) if isinstance(statement, cst.SimpleStatementLine) else ():
            targets = ([t.target for t in small.targets] if isinstance(small, cst.Assign)
                       else [small.target] if isinstance(small, cst.AnnAssign) and small.value is not None else [])
            for target in targets:
                if isinstance(target, cst.Name) and isinstance(small.value, cst.Subscript):
                    aliases[target.value] = small.value
    return frozenset(enums), aliases


def _fastapi_value(param: cst.Param, enums: frozenset[str], aliases: Mapping[str, cst.BaseExpression]) -> bool:
    """A parameter FastAPI fills with a value from the client (query, path, body, form, file, cookie)."""
    default = param.default
    if isinstance(default, cst.Call) and (dotted_name(default.func) or "").rsplit(".", 1)[-1] in _INJECTED:
        return False
    if param.annotation is None:
        return True
    names = set(_type_names(param.annotation.annotation, aliases))
    if names & (_INJECTED | _FRAMEWORK_OBJECTS) or any(_DEPENDENCY_ALIAS.search(n) for n in names):
        return False
    values = names - _WRAPPERS - {"None", "Query", "Path", "Body", "Form", "File", "Header", "Cookie"}
    return not values or bool(values - _SAFE_TYPES - enums)


def fastapi_parameters(function: cst.FunctionDef, imports: ImportMap, module: cst.Module) -> frozenset[str]:
    """The parameters of a FastAPI route function that hold request data (see the module docstring)."""
    if not handler_routes(function) or not imports.imports_any("fastapi"):
        return frozenset()
    enums, aliases = _module_types(module)
    return frozenset(p.name.value for p in _params(function) if p.name.value not in ("self", "cls")
                     and _fastapi_value(p, enums, aliases))


def django_parameters(function: cst.FunctionDef, cls: cst.ClassDef | None, django: bool, source: str) -> frozenset[str]:
    """A Django view's URL parameters: those after `request` (`def view(request, slug)`). A module-level
    function the module calls itself, or a private one, is a helper that takes the request along."""
    if not django or not is_request_handler(function, cls, django) or handler_routes(function):
        return frozenset()
    if cls is None and (function.name.value.startswith("_") or _called(function.name.value, source)):
        return frozenset()
    names = [p.name.value for p in _params(function)]
    after = names.index("request") + 1 if "request" in names[:2] else len(names)
    numeric = {p.name.value for p in _params(function) if p.annotation is not None
               and set(_type_names(p.annotation.annotation, {})) & _SAFE_TYPES}
    return frozenset(names[after:]) - numeric


def _called(name: str, source: str) -> bool:
    """`name(` appears in the source other than in its own `def name(`."""
    uses = re.findall(rf"(?<![\w.])(def\s+)?{re.escape(name)}\s*\(", source)
    return any(not prefix for prefix in uses)


def is_view_class(cls: cst.ClassDef | None, django: bool) -> bool:
    """A Django or DRF class-based view: its `self.kwargs`/`self.request` are request data."""
    if cls is None or not django:
        return False
    return any(VIEW_BASES.search(n) or _VIEW_CLASS.search(n) for n in (dotted_name(b.value) or "" for b in cls.bases))


def opened_path(expr: cst.BaseExpression, bindings: dict, order: int) -> cst.BaseExpression | None:
    """The path a file argument was opened from: `open(p, "rb")`, a name last bound to one before
    statement `order` (`with open(p) as fh`, `fh = open(p)`), or a plain path (`joblib.load(p)`)."""
    if isinstance(expr, cst.Name):
        earlier = [b for b in bindings.get(expr.value, ()) if b.order < order]
        if earlier and earlier[-1].kind == "assign" and _opener(earlier[-1].expr) is not None:
            return _opener(earlier[-1].expr)
        return expr
    return _opener(expr)


def _opener(expr: cst.BaseExpression | None) -> cst.BaseExpression | None:
    """`p` of `open(p, ...)`, `storage.open(p)` or `Path(p).open()` (as `Path(p)`)."""
    if not isinstance(expr, cst.Call):
        return None
    name = dotted_name(expr.func) or ""
    method = isinstance(expr.func, cst.Attribute) and expr.func.attr.value == "open"
    if (name in _OPENERS or method) and expr.args and not expr.args[0].star:
        return expr.args[0].value
    return expr.func.value if method else None


def path_key(expr: cst.BaseExpression, depth: int = 0) -> str | None:
    """A spelling of a path expression that ignores layout (parentheses, line continuations, spaces), so
    that `upload.save(path)` and `open( path )` name the same file; None for anything else or too deep."""
    if depth > 12:
        return None
    if isinstance(expr, cst.Name):
        return expr.value
    if isinstance(expr, (cst.SimpleString, cst.ConcatenatedString)):
        value = expr.evaluated_value
        return repr(value) if isinstance(value, (str, bytes)) else None
    if isinstance(expr, cst.Integer):
        return expr.value
    parts: list[str | None] = []
    if isinstance(expr, cst.Attribute):
        parts = [path_key(expr.value, depth + 1), ".", expr.attr.value]
    elif isinstance(expr, cst.Subscript):
        parts = [path_key(expr.value, depth + 1), "["]
        parts += [path_key(e.slice.value, depth + 1) if isinstance(e.slice, cst.Index) else None for e in expr.slice]
        parts.append("]")
    elif isinstance(expr, cst.Call):
        parts = [path_key(expr.func, depth + 1), "("]
        for arg in expr.args:
            parts += [arg.star, arg.keyword.value + "=" if arg.keyword is not None else "",
                      path_key(arg.value, depth + 1), ","]
        parts.append(")")
    elif isinstance(expr, cst.FormattedString):
        parts = ["f("]
        for part in expr.parts:
            if isinstance(part, cst.FormattedStringText):
                parts.append(repr(part.value))
            else:
                simple = isinstance(part, cst.FormattedStringExpression) and part.format_spec is None
                parts += ["{", path_key(part.expression, depth + 1) if simple else None, "}"]
        parts.append(")")
    elif isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, (cst.Add, cst.Divide, cst.Modulo)):
        operator = type(expr.operator).__name__
        parts = ["(", path_key(expr.left, depth + 1), operator, path_key(expr.right, depth + 1), ")"]
    return None if not parts or any(p is None for p in parts) else "".join(parts)  # type: ignore[arg-type]


def save_calls(function: cst.FunctionDef) -> Iterator[cst.Call]:
    """Every `x.save(path, ...)` call in the function's own body (not in nested functions or classes)."""
    stack: list[cst.CSTNode] = [function.body]
    while stack:
        node = stack.pop()
        if isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            continue
        if (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "save"
                and node.args and not node.args[0].star):
            yield node
        stack.extend(children(node))
