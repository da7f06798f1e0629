"""HL403 error-details-in-response: an exception's message or traceback is sent to the client.

## What it does
Flags exception details that end up in an HTTP response: `str(e)`, `repr(e)`, `f"...{e}"`,
`"%s" % e`, `e.args`, SQLAlchemy's `e.orig` / `e.statement`, `traceback.format_exc()` and friends,
directly or through a local variable (`error = str(e)`), when they are passed to
- a response or abort call (resolved through imports): Flask `jsonify`/`make_response`/`Response`/`abort(500, str(e))`
  / `abort(..., description=...)`, FastAPI/Starlette `HTTPException(detail=...)`, `JSONResponse(content=...)`,
  Django `JsonResponse`/`HttpResponse`, DRF `Response`, aiohttp `web.Response(text=...)` /
  `web.json_response`, sanic responses;
- a template context (`render_template("error.html", error=e)`, Django `render(request, ..., {"trace": ...})`);
- a method that writes to the client, when the file imports its framework: `self.wfile.write(...)` and
  `self.send_error(...)` of an `http.server` handler, tornado's `self.write`/`self.finish`/`self.render`,
  `templates.TemplateResponse(...)`;
- a response tuple `return {"error": str(e)}, 500`;
- the return value of a view (`@app.route`, `@router.get`, `@api_view`...).

The details come from a handler `except ... as e`, from a traceback call, or from the exception
parameter of an error handler registered for internal errors (`@app.errorhandler(Exception)`,
`@app.exception_handler(500)`).

Only exceptions whose message is internal count: `except Exception`/`BaseException`, programming and
OS errors (`TypeError`, `RuntimeError`, `OSError`...) and errors of database drivers, ORMs and HTTP
clients (`sqlalchemy.exc.*`, `psycopg2.*`, `neo4j.exceptions.*`, `requests.*`...). Tracebacks count
wherever they come from.

Not flagged: a response with a client-error status (400, 409, 413, 415, 422,
`status.HTTP_400_BAD_REQUEST`): the parser's or validator's message then describes the client's own
payload (a traceback still counts); a status taken from the caught exception
(`HTTPException(status_code=e.status, detail=e.message)`) and the errors of an upstream HTTP service
(`aiohttp.ClientResponseError`, `requests.HTTPError`, `httpx.HTTPStatusError`): a gateway relaying
that service's answer; views only administrators reach (a class base or decorator named
`...Admin...`, `staff_member_required`, `superuser...`, a FastAPI dependency `user=Depends(get_admin_user)`,
or a guard at the top of the function, or leading its `try`, that turns everyone else away:
`if user.role != Roles.ADMIN: raise HTTPException(403)`, `if not is_superuser: abort(403)`,
`_require_proxy_admin(user)`, or a call to a function of the file that raises on such a test; a guard that
only checks the login, or a role that is not an administrator's, does not count); logging the details, details shown only in debug mode
(`traceback.format_exc() if settings.DEBUG else "Internal Server Error"`, or after
`if not settings.DEBUG: raise`; HL505 watches DEBUG), the exception object handed to a helper that is
not named for making text (`return handle_exception(exc, "generic text")`), a generic message, the exception's type name or status code
(`type(e).__name__`, `e.status_code`, `status_code=_upstream_status_code(e)`), a client-error status
handed to a view's response helper (`return _jsonrpc_error(id, -32602, e.message, 400)`), and the messages of `ValueError`, `KeyError`, validation errors
(pydantic, marshmallow, Django) and the application's own exception classes: those are usually written
for the user (`raise ValueError("quantity must be positive")`), and flagging them would bury the
real leaks under deliberate validation responses.

## Why it matters
Exception messages from a database driver or a failing library describe the inside of the system:
SQL statements and table names, file paths, host names, library versions, sometimes the values
that were being processed. Sent to the client they help an attacker map the system and tune an
injection, and they are useless to a legitimate user.

## Example
```python
@app.post("/orders")
def create_order():
    try:
        order = orders.create(request.json)
    except Exception as exc:
        return jsonify({"error": str(exc)}), 500
    return jsonify(order), 201
```

## Use instead
```python
@app.post("/orders")
def create_order():
    try:
        order = orders.create(request.json)
    except Exception:
        logger.exception("creating order failed")
        return jsonify({"error": "internal error"}), 500
    return jsonify(order), 201
```
Log the details with the traceback on the server, and give the client a generic message (plus a
request id to quote, if you have one).

## Fix safety
No fix: the wording of the generic message and where the details are logged are yours to choose.

## References
- CWE-209: Generation of Error Message Containing Sensitive Information
- OWASP Error Handling Cheat Sheet: https://cheatsheetseries.owasp.org/cheatsheets/Error_Handling_Cheat_Sheet.html
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

import libcst as cst

from hardlint.imports import dotted_name
from hardlint.rule import Rule, load_data
from hardlint.walker import children

from ._handlers import statements

_DATA = load_data(__file__, "hl403_responses.toml")
RESPONSE_CALLS = frozenset(_DATA["response_calls"])
INTERNAL_TYPES = frozenset(_DATA["internal_types"])
INTERNAL_PREFIXES = tuple(_DATA["internal_prefixes"])
DETAIL_ATTRIBUTES = frozenset(_DATA["detail_attributes"])
TRACEBACK_CALLS = frozenset(_DATA["traceback_calls"])
HARMLESS_CALLS = frozenset(_DATA["harmless_calls"])
ROUTE_DECORATORS = frozenset(_DATA["route_decorators"])
METHOD_SINKS: dict[str, list[str]] = dict(_DATA["method_sinks"])
RELAYED_TYPES = frozenset(_DATA["relayed_types"])
CLIENT_ERROR_CODES = frozenset(_DATA["client_error_codes"])
CLIENT_ERROR_NAMES = tuple(_DATA["client_error_names"])
STATUS_KEYWORDS = frozenset(_DATA["status_keywords"])
ADMIN_MARKER = re.compile(_DATA["admin_marker"])
NOT_ADMIN = re.compile(_DATA["not_admin"])
ADMIN_GUARD_CALL = re.compile(_DATA["admin_guard_call"])
DEPENDENCY = re.compile(r"\b(?:" + "|".join(_DATA["dependency_calls"]) + r")\(\s*([\w.]+)")
RESPONSE_HELPER = re.compile(_DATA["response_helper"])
STATUS_CALLS = re.compile(_DATA["status_calls"])
ERROR_HANDLER_DECORATORS = frozenset(_DATA["error_handler_decorators"])
TEXT_MAKER = re.compile(_DATA["text_maker"])


# The trigger needs a source of details AND a sink in the file.
# Source: a handler binding the exception (`except ... as e`), a traceback call by its function name, or
# an error handler's decorator.
_SOURCE = (r"except\b[^:]*\bas\b|" + "|".join(sorted({call.rsplit(".", 1)[-1] for call in TRACEBACK_CALLS}
                                                  | ERROR_HANDLER_DECORATORS)))
# Sinks, searched in the lowercased text: the import of a response call's module (`import flask`,
# `import os, flask`, `from flask...`: needed for the qualified name to resolve), a route
# decorator (a view's return value), or a tuple element after a comma that `_is_status` accepts
# (an integer 100-599, or a dotted name containing http/status).
_FRAMEWORKS = "|".join(sorted({call.split(".", 1)[0].lower() for call in RESPONSE_CALLS}
                              | {module.split(".", 1)[0].lower() for modules in METHOD_SINKS.values()
                                 for module in modules}))
_IMPORT = (rf"import[ \t]+(?:[\w.]+(?:[ \t]+as[ \t]+\w+)?[ \t]*,[ \t]*)*(?:{_FRAMEWORKS})"
           rf"|from[ \t]+(?:{_FRAMEWORKS})")
# Anchored at the start of the line, as decorators are: searching from every `@` of a long line
# made the scan quadratic (a line of 20,000 `@` took 38 s).
_ROUTE = r"(?m:^)[ \t\f]*@[^\n]*(?:" + "|".join(sorted(name.lower() for name in ROUTE_DECORATORS)) + ")"
_STATUS = r",[ \t\n\r\f(\\]*(?:#[^\n]*(?:\n|$)[ \t\n\r\f(\\]*)*(?:[1-5](?:_?[0-9]){2}\b|[\w.\[\]()'\" \t]*(?:http|status))"
TRIGGER = (_SOURCE, "(?i)" + _IMPORT + "|" + _ROUTE + "|" + _STATUS)


@dataclass
class _Handler:
    bound: str | None
    internal: bool


def _last_name(expr: cst.BaseExpression) -> str | None:
    if isinstance(expr, cst.Call):
        expr = expr.func
    if isinstance(expr, cst.Name):
        return expr.value
    if isinstance(expr, cst.Attribute):
        return expr.attr.value
    return None


def _is_status(expr: cst.BaseExpression) -> bool:
    if isinstance(expr, cst.Integer):
        try:
            return 100 <= int(expr.value) <= 599
        except ValueError:
            return False
    dotted = ""
    node = expr
    while isinstance(node, cst.Attribute):
        dotted = node.attr.value + "." + dotted
        node = node.value
    if isinstance(node, cst.Name):
        dotted = node.value + "." + dotted
    return "HTTP" in dotted.upper() or "STATUS" in dotted.upper()


def _is_client_error(expr: cst.BaseExpression) -> bool:
    """400, 409, 413, 415, 422 or a status name saying so: the client's own request is wrong."""
    if isinstance(expr, cst.Integer):
        return expr.evaluated_value in CLIENT_ERROR_CODES
    dotted = (dotted_name(expr) or "").upper()
    return any(name in dotted for name in CLIENT_ERROR_NAMES) or any(f"_{code}_" in dotted for code in
                                                                      CLIENT_ERROR_CODES)


def _statuses(call: cst.Call) -> list[cst.BaseExpression]:
    """The status a response call is given: a `status=`-like keyword, or a positional number or HTTP name."""
    found = []
    for arg in call.args:
        if arg.keyword is not None:
            if arg.keyword.value in STATUS_KEYWORDS:
                found.append(arg.value)
        elif isinstance(arg.value, cst.Integer) or (isinstance(arg.value, cst.Attribute) and _is_status(arg.value)):
            found.append(arg.value)
    return found


def _statuses_of_helper(call: cst.Call) -> list[cst.BaseExpression]:
    """The status handed to a helper named for building a response: a status keyword or its last argument."""
    if not RESPONSE_HELPER.search(_last_name(call) or "") or not call.args:
        return []
    found = [arg.value for arg in call.args if arg.keyword is not None and arg.keyword.value in STATUS_KEYWORDS]
    last = call.args[-1]
    return found + [last.value] if last.keyword is None and isinstance(last.value, cst.Integer) else found


def _computes_status(arg: cst.Arg) -> bool:
    """`status_code=_upstream_status_code(e)`: a status keyword given a call named for a status."""
    return (arg.keyword is not None and arg.keyword.value in STATUS_KEYWORDS and isinstance(arg.value, cst.Call)
            and bool(STATUS_CALLS.search(_last_name(arg.value) or "")))


def _code(node: cst.CSTNode) -> str:
    return cst.Module([]).code_for_node(node)


def _names_admin(node: cst.CSTNode) -> bool:
    code = _code(node)
    return bool(ADMIN_MARKER.search(code)) and not NOT_ADMIN.search(code)


def _denies_non_admin(test: cst.BaseExpression) -> bool:
    """The test holds for every caller who is not an administrator: `not is_admin(user)`,
    `user.role != Role.ADMIN`, `role not in ADMIN_ROLES`; of an `or` one part must say so, of an `and` all."""
    if isinstance(test, cst.BooleanOperation):
        left, right = _denies_non_admin(test.left), _denies_non_admin(test.right)
        return (left or right) if isinstance(test.operator, cst.Or) else (left and right)
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        return _names_admin(test.expression)
    if isinstance(test, cst.Comparison):
        return (all(isinstance(c.operator, (cst.NotEqual, cst.IsNot, cst.NotIn)) for c in test.comparisons)
                and _names_admin(test))
    return False


def _exits(body: cst.BaseSuite, returning: bool) -> bool:
    """The suite leaves the function: `raise`, `abort(...)`, or (when `returning`) `return`."""
    kinds = (cst.Raise, cst.Return) if returning else (cst.Raise,)
    return any(isinstance(s, kinds)
               or (isinstance(s, cst.Expr) and isinstance(s.value, cst.Call) and _last_name(s.value) == "abort")
               for s in statements(body))


def _requires_admin(statement: cst.BaseSmallStatement, helpers: set[str]) -> bool:
    """`_require_proxy_admin(user)` / `await ensure_admin(request)`: a call named for requiring an administrator,
    or to a function of the file that raises for everyone else."""
    value = statement.value if isinstance(statement, cst.Expr) else None
    if isinstance(value, cst.Await):
        value = value.expression
    callee = _last_name(value) if isinstance(value, cst.Call) else None
    return callee is not None and (callee in helpers or bool(ADMIN_GUARD_CALL.search(callee)))


def _is_guard(line: cst.BaseStatement, helpers: set[str], returning: bool) -> bool:
    if isinstance(line, cst.If):
        return _denies_non_admin(line.test) and _exits(line.body, returning)
    return isinstance(line, cst.SimpleStatementLine) and any(_requires_admin(s, helpers) for s in line.body)


def _admin_guards(body: cst.BaseSuite, helpers: set[str], returning: bool = True) -> list[cst.BaseStatement]:
    """The statements of a function body that turn away every caller but administrators: at its top level, or
    leading a top-level `try` (after its imports: nothing before the guard can fail into the handler)."""
    if not isinstance(body, cst.IndentedBlock):
        return []
    found = []
    for line in body.body:
        if _is_guard(line, helpers, returning):
            found.append(line)
        elif isinstance(line, cst.Try) and isinstance(line.body, cst.IndentedBlock):
            for inner in line.body.body:
                if _is_guard(inner, helpers, returning):
                    found.append(inner)
                elif not (isinstance(inner, cst.SimpleStatementLine)
                          and all(isinstance(s, (cst.Import, cst.ImportFrom)) for s in inner.body)):
                    break
    return found


def _admin_dependency(params: cst.Parameters) -> bool:
    """A parameter that FastAPI fills from a dependency named for administrators: `user=Depends(get_admin_user)`,
    `Annotated[User, Security(require_admin)]`."""
    for param in (*params.posonly_params, *params.params, *params.kwonly_params):
        for part in (param.default, param.annotation.annotation if param.annotation else None):
            if part is not None and any(ADMIN_MARKER.search(m.group(1)) for m in DEPENDENCY.finditer(_code(part))):
                return True
    return False


class ErrorDetailsInResponse(Rule):
    code = "HL403"
    name = "error-details-in-response"
    severity = "medium"
    message = "Internal error details sent to the client; log them and return a generic message"
    triggers = TRIGGER
    production_only = True

    FLAG = [
        """
        from flask import jsonify
        @app.post("/orders")
        def create_order():
            try:
                return jsonify(orders.create(request.json)), 201
            except Exception as exc:
                return jsonify({"error": str(exc)}), 500
        """,
        """
        def handler():
            try:
                run()
            except Exception as e:
                return {"error": str(e)}, 500
        """,
        """
        from flask import abort
        try:
            run()
        except Exception as e:
            abort(500, str(e))
        """,
        """
        from flask import abort
        try:
            run()
        except RuntimeError as e:
            abort(500, description=f"failed: {e}")
        """,
        """
        from fastapi import HTTPException
        async def read(item_id: int):
            try:
                return await repo.get(item_id)
            except Exception as exc:
                raise HTTPException(status_code=500, detail=str(exc))
        """,
        """
        from fastapi.responses import JSONResponse
        try:
            run()
        except Exception as exc:
            response = JSONResponse(status_code=500, content={"detail": repr(exc)})
        """,
        """
        import traceback
        from django.http import JsonResponse
        def view(request):
            try:
                return JsonResponse(service.run())
            except Exception:
                return JsonResponse({"trace": traceback.format_exc()}, status=500)
        """,
        """
        from sqlalchemy.exc import SQLAlchemyError
        from flask import jsonify
        try:
            db.session.commit()
        except SQLAlchemyError as err:
            message = "database error: %s" % err
            return jsonify(error=message), 500
        """,
        """
        from flask import jsonify
        try:
            run()
        except Exception as e:
            return jsonify(error="failed", details=e.args), 500
        """,
        """
        @router.get("/health")
        def health():
            try:
                ping()
            except Exception as exc:
                return {"status": "down", "reason": f"{exc}"}
            return {"status": "up"}
        """,
        """
        from flask import jsonify
        def view():
            error = None
            try:
                run()
            except Exception as e:
                error = str(e)
            if error:
                return jsonify(error=error), 500
        """,
            """
        import traceback
        from http.server import BaseHTTPRequestHandler
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                try:
                    body = render_page(self.path)
                except Exception:
                    self.send_response(500)
                    self.end_headers()
                    self.wfile.write(traceback.format_exc().encode())
        """,
        """
        import traceback
        from http.server import BaseHTTPRequestHandler
        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                try:
                    store(self.rfile.read())
                except Exception:
                    details = traceback.format_exc()
                    self.send_response(500)
                    self.end_headers()
                    self.wfile.write(details.encode("utf-8"))

            def do_PUT(self):
                try:
                    store(self.rfile.read())
                except OSError as exc:
                    self.wfile.write(bytes(str(exc), "utf-8"))
        """,
        """
        from aiohttp import web
        async def create(request):
            try:
                order = await orders.create(await request.json())
            except Exception as e:
                return web.Response(text=str(e), status=500)
            return web.json_response(order)
        """,
        """
        from aiohttp import web
        async def report(request):
            try:
                return web.json_response(await build())
            except Exception as exc:
                return web.json_response({"error": repr(exc)}, status=500)
        """,
        """
        from flask import render_template
        @app.route("/checkout")
        def checkout():
            try:
                charge(session["cart"])
            except Exception as e:
                return render_template("error.html", error=e)
            return render_template("done.html")
        """,
        """
        import traceback
        from django.shortcuts import render
        def sync(request):
            try:
                run_sync()
            except Exception:
                return render(request, "sync.html", {"trace": traceback.format_exc()})
        """,
        """
        import tornado.web
        class Items(tornado.web.RequestHandler):
            def get(self):
                try:
                    self.write(load_items())
                except Exception as e:
                    self.set_status(500)
                    self.write({"error": str(e)})
        """,
        """
        import traceback
        from fastapi import HTTPException
        async def upload(request):
            try:
                data = await request.json()
            except Exception:
                raise HTTPException(status_code=400, detail=traceback.format_exc())
        """,
            """
        from flask import render_template
        @app.errorhandler(Exception)
        def handle_error(error):
            return render_template("error.html", error=error), 500
        """,
        """
        from fastapi.responses import JSONResponse
        @app.exception_handler(Exception)
        async def unhandled(request, exc):
            return JSONResponse(status_code=500, content={"detail": f"internal error: {exc}"})
        """,
        """
        from fastapi import HTTPException
        @router.post("/settings")
        async def update_settings(user=Depends(user_api_key_auth)):
            if user is None:
                raise HTTPException(status_code=401, detail="not authenticated")
            if user.user_role != "viewer":
                raise HTTPException(status_code=403, detail="read-only keys only")
            try:
                await store.save()
            except Exception as e:
                raise HTTPException(status_code=500, detail=str(e))
        """,
        """
        from fastapi import HTTPException
        @router.post("/settings")
        async def update_settings(user=Depends(user_api_key_auth)):
            if not user_has_admin_view(user) and user.user_id != settings.owner_id:
                raise HTTPException(status_code=403, detail="not allowed")
            try:
                await store.save()
            except Exception as e:
                raise HTTPException(status_code=500, detail=str(e))
        """,
        """
        from fastapi import HTTPException
        @router.post("/settings")
        async def update_settings(user=Depends(user_api_key_auth)):
            try:
                await store.save()
            except Exception as e:
                raise HTTPException(status_code=500, detail=str(e))
            if user.user_role != Roles.PROXY_ADMIN:
                raise HTTPException(status_code=403, detail="admins only")
            log_admin_action(user)
        """,
        """
        from fastapi import HTTPException
        async def update_settings(user):
            if mode == "strict":
                if user.role != Roles.ADMIN:
                    raise HTTPException(status_code=403, detail="admins only")
            if is_non_admin(user):
                raise HTTPException(status_code=403, detail="admins only")
            try:
                await store.save()
            except Exception as e:
                raise HTTPException(status_code=500, detail=str(e))
        """,
        """
        @router.post("/models/unload")
        async def unload(admin_email: str = Body(...), user=Depends(get_verified_user)):
            try:
                await models.unload()
            except Exception as e:
                return {"error": str(e)}
        """,
        """
        from flask import jsonify
        try:
            run()
        except Exception as e:
            return jsonify(status=str(e)), 500
        """,
        """
        from fastapi import HTTPException
        def _load_defaults(user):
            if user.user_role != Roles.PROXY_ADMIN:
                return None
            return settings.defaults
        @router.post("/agents")
        async def create_agent(user=Depends(user_api_key_auth)):
            _load_defaults(user)
            try:
                agent = await agents.find(user.agent_id)
                if user.user_role != Roles.PROXY_ADMIN:
                    raise HTTPException(status_code=403, detail="admins only")
            except Exception as e:
                raise HTTPException(status_code=500, detail=str(e))
        """,
        """
        @router.post("/a2a")
        async def invoke(body: dict):
            try:
                return await agent.invoke(body)
            except Exception as e:
                return _jsonrpc_error(body.get("id"), -32603, f"Internal error: {e}", 500)
        """,
    ]

    CLEAN = [
        """
        import logging
        from http.server import BaseHTTPRequestHandler
        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                try:
                    store(self.rfile.read())
                except Exception as exc:
                    logging.exception("store failed")
                    kind = exc.__class__.__name__
                    message = "internal error"
                    self.wfile.write(message.encode("utf-8"))
                    self.wfile.write(bytes(kind, "utf-8"))
        """,
        """
        @api.exception_handler(Exception)
        def unhandled(request, exc):
            if not settings.DEBUG:
                raise exc
            return problem_response(status=500, detail=str(exc))
        """,
        """
        @errors.app_errorhandler(Exception)
        def handle_database_error(exc):
            return handle_exception(exc, "There was a database error while processing your request.")
        """,
        """
        from flask import render_template
        @app.errorhandler(404)
        def not_found(error):
            return render_template("404.html", error=error), 404
        """,
        """
        from flask import jsonify
        from werkzeug.exceptions import HTTPException
        @app.errorhandler(HTTPException)
        def http_error(error):
            return jsonify(error=error.description), error.code
        """,
        """
        from flask import jsonify
        try:
            run()
        except Exception:
            logger.exception("run failed")
            return jsonify(error="internal error"), 500
        """,
        """
        from flask import jsonify
        try:
            run()
        except Exception as e:
            logger.error("run failed: %s", e)
            return jsonify(error="internal error"), 500
        """,
        """
        from flask import jsonify
        try:
            order = parse_order(payload)
        except ValueError as e:
            return jsonify(error=str(e)), 400
        """,
        """
        from pydantic import ValidationError
        from flask import jsonify
        try:
            data = Order.model_validate(payload)
        except ValidationError as e:
            return jsonify(errors=e.errors()), 422
        """,
        """
        from flask import jsonify
        try:
            name = payload["name"]
        except KeyError as e:
            return jsonify(error=f"missing field {e}"), 400
        """,
        """
        from flask import jsonify
        try:
            run()
        except Exception as e:
            return jsonify(error=type(e).__name__), 500
        """,
        """
        from fastapi import HTTPException
        try:
            run()
        except Exception as e:
            raise HTTPException(status_code=getattr(e, "status_code", 500), detail="upstream failed")
        """,
        """
        def describe(exc):
            return str(exc)
        """,
        """
        try:
            run()
        except Exception as e:
            message = str(e)
            logger.warning(message)
            result = {"ok": False}
        """,
        """
        try:
            run()
        except Exception as e:
            errors.append(str(e))
        """,
        """
        from flask import jsonify
        try:
            run()
        except Exception as e:
            error = str(e)
            logger.error(error)
            error = "internal error"
            return jsonify(error=error), 500
        """,
        """
        import traceback
        from django.http import HttpResponseServerError
        try:
            run()
        except Exception:
            response = HttpResponseServerError(
                traceback.format_exc() if settings.DEBUG else "Internal Server Error"
            )
        """,
        """
        from flask import jsonify
        try:
            run()
        except OrderRejected as e:
            return jsonify(error=str(e)), 409
        """,
        """
        from fastapi import HTTPException
        async def read_body(request):
            try:
                return await request.json()
            except Exception as e:
                raise HTTPException(status_code=400, detail=f"Invalid JSON payload: {e!s}")
        """,
        """
        from rest_framework import status
        from rest_framework.response import Response
        def post(self, request):
            try:
                payload = ChatRequest(**request.data)
            except Exception as e:
                return Response({"detail": str(e)}, status=status.HTTP_400_BAD_REQUEST)
        """,
        """
        from flask import jsonify
        try:
            order = parse(request.json)
        except TypeError as e:
            return jsonify(error=str(e)), 422
        """,
        """
        import aiohttp
        from fastapi import HTTPException
        async def relay(response):
            try:
                response.raise_for_status()
            except aiohttp.ClientResponseError as e:
                raise HTTPException(status_code=e.status, detail=e.message)
        """,
        """
        from fastapi import HTTPException
        try:
            upstream.call()
        except Exception as e:
            raise HTTPException(status_code=e.status_code, detail=str(e))
        """,
        """
        from django.http import JsonResponse
        class LogDetailView(AdministratorPermissionRequiredMixin, View):
            def get(self, request):
                try:
                    text = repr(entry.content_object)
                except Exception as e:
                    text = "Error: " + str(e)
                return JsonResponse({"object_repr": text})
        """,
        """
        from django.contrib.admin.views.decorators import staff_member_required
        from django.http import JsonResponse
        @staff_member_required
        def diagnostics(request):
            try:
                probe()
            except Exception as e:
                return JsonResponse({"error": str(e)}, status=500)
        """,
        """
        from fastapi import HTTPException
        @router.put("/vantage/settings")
        async def update_settings(user=Depends(user_api_key_auth)):
            if user.user_role != LitellmUserRoles.PROXY_ADMIN:
                raise HTTPException(status_code=403, detail="admins only")
            try:
                await store.save()
            except Exception as e:
                raise HTTPException(status_code=500, detail={"error": f"Failed to update settings: {e}"})
        """,
        """
        from fastapi import HTTPException
        @router.post("/reload")
        async def reload(user=Depends(user_api_key_auth)):
            if not user_api_key_has_admin_view(user) or user.blocked:
                raise HTTPException(status_code=403, detail="admins only")
            try:
                await config.reload()
            except Exception as e:
                raise HTTPException(status_code=500, detail=str(e))
        """,
        """
        from fastapi import HTTPException
        @router.post("/prompts")
        async def create_prompt(user=Depends(user_api_key_auth)):
            if user.user_role != Roles.PROXY_ADMIN and user.user_role != Roles.PROXY_ADMIN.value:
                raise HTTPException(status_code=403, detail="admins only")
            try:
                await prompts.create()
            except Exception as e:
                raise HTTPException(status_code=500, detail=str(e))
        """,
        """
        from flask import abort, jsonify
        @app.post("/maintenance")
        def maintenance():
            if not current_user.is_superuser:
                abort(403)
            try:
                run_maintenance()
            except Exception as e:
                return jsonify(error=str(e)), 500
        """,
        """
        from fastapi import HTTPException
        @router.post("/claude-code/plugins")
        async def register_plugin(user=Depends(user_api_key_auth)):
            _require_proxy_admin(user)
            try:
                await plugins.register()
            except Exception as e:
                raise HTTPException(status_code=500, detail={"error": f"Registration failed: {e}"})
        """,
        """
        @app.post("/api/models/unload")
        async def unload_model(request: Request, user=Depends(get_admin_user)):
            try:
                await models.unload()
            except Exception as e:
                return {"error": str(e)}
        """,
        """
        from fastapi import HTTPException
        @router.post("/verify")
        async def verify(user: Annotated[User, Security(require_admin, scopes=["config"])]):
            try:
                await connection.verify()
            except Exception as e:
                raise HTTPException(status_code=500, detail=str(e))
        """,
        """
        from fastapi import HTTPException
        def _check_agent_management_permission(user):
            if user.user_role != Roles.PROXY_ADMIN:
                raise HTTPException(status_code=403, detail="admins only")
        @router.post("/agents")
        async def create_agent(user=Depends(user_api_key_auth)):
            _check_agent_management_permission(user)
            try:
                await agents.create()
            except Exception as e:
                raise HTTPException(status_code=500, detail=str(e))
        """,
        """
        from fastapi import HTTPException
        @router.post("/agents/{agent_id}/make_public")
        async def make_public(agent_id: str, user=Depends(user_api_key_auth)):
            try:
                from app.registry import registry
                if user.user_role != Roles.PROXY_ADMIN:
                    raise HTTPException(status_code=403, detail="admins only")
                await registry.publish(agent_id)
            except Exception as e:
                raise HTTPException(status_code=500, detail=str(e))
        """,
        """
        from fastapi import HTTPException
        try:
            await rag.ingest()
        except Exception as e:
            raise HTTPException(status_code=_upstream_status_code(e), detail="ingestion failed")
        """,
        """
        @router.post("/a2a")
        async def invoke(body: dict):
            try:
                return await agent.invoke(body)
            except Exception as e:
                return _jsonrpc_error(body.get("id"), -32602, e.message, 400)
        """,
        """
        from fastapi import status
        from fastapi.responses import JSONResponse
        @router.post("/queries/completions")
        async def generate_queries(form_data: dict):
            try:
                return await generate_chat_completion(form_data)
            except Exception as e:
                return JSONResponse(status_code=status.HTTP_400_BAD_REQUEST, content={"detail": str(e)})
        """,
        """
        class Writer:
            def flush(self):
                try:
                    self.write(self.buffer)
                except Exception as e:
                    self.write(str(e))
        """,
    ]

    def begin(self) -> None:
        self.handlers: list[_Handler] = []
        self.views: list[bool] = [False]
        self.admin: list[bool] = [False]
        self.derived: list[set[str]] = [set()]
        self.reported: set[int] = set()
        self.quiet: set[int] = set()
        self.debug_only: list[bool] = [False]
        self.guards: set[int] = set()
        self.guard_helpers: set[str] = set()

    # -- scopes ----------------------------------------------------------------------------------
    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.admin.append(self.admin[-1] or any(ADMIN_MARKER.search(dotted_name(b.value) or "") for b in node.bases))

    def leave_ClassDef(self, node: cst.ClassDef) -> None:
        self.admin.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        is_view = any(_last_name(d.decorator) in ROUTE_DECORATORS for d in node.decorators)
        self.views.append(is_view)
        self.admin.append(self.admin[-1] or any(ADMIN_MARKER.search(_code(d.decorator)) for d in node.decorators)
                          or _admin_dependency(node.params))
        self.guards.update(id(guard) for guard in _admin_guards(node.body, self.guard_helpers))
        if _admin_guards(node.body, self.guard_helpers, returning=False):
            self.guard_helpers.add(node.name.value)
        self.derived.append(self._handled_exception(node))
        self.debug_only.append(False)

    def _handled_exception(self, node: cst.FunctionDef) -> set[str]:
        """The exception parameter of an error handler registered for internal errors:
        `@app.errorhandler(Exception)` / `@app.exception_handler(500)` `def handle(error)`."""
        params = node.params.params
        for decorator in node.decorators:
            call = decorator.decorator
            if not (isinstance(call, cst.Call) and _last_name(call.func) in ERROR_HANDLER_DECORATORS
                    and call.args and params):
                continue
            registered = call.args[0].value
            if (isinstance(registered, cst.Integer) and registered.evaluated_value >= 500) or (
                    not isinstance(registered, cst.Integer) and self._is_internal(registered)):
                return {params[-1].name.value}
        return set()

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.views.pop()
        self.admin.pop()
        self.derived.pop()
        self.debug_only.pop()

    def _pass_guard(self, node: cst.CSTNode) -> None:
        """What the function sends after an administrator guard, it sends to administrators only."""
        if id(node) in self.guards:
            self.admin[-1] = True

    def leave_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        self._pass_guard(node)

    def leave_If(self, node: cst.If) -> None:
        """`if not settings.DEBUG: raise exc` — what the function sends after it, it sends in debug mode only."""
        self._pass_guard(node)
        test = node.test
        if (isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not)
                and "debug" in (dotted_name(test.expression) or "").lower()
                and any(isinstance(s, (cst.Raise, cst.Return)) for s in statements(node.body))):
            self.debug_only[-1] = True

    def _is_internal(self, expr: cst.BaseExpression | None) -> bool:
        if expr is None:
            return True
        if isinstance(expr, cst.Tuple):
            return any(self._is_internal(e.value) for e in expr.elements)
        name = self.ctx.qualname(expr) or self.ctx.dotted(expr) or ""
        if name in RELAYED_TYPES:
            return False
        return name in INTERNAL_TYPES or name.startswith(INTERNAL_PREFIXES)

    def _enter_handler(self, node: cst.ExceptHandler | cst.ExceptStarHandler) -> None:
        bound = node.name.name.value if node.name is not None and isinstance(node.name.name, cst.Name) else None
        self.handlers.append(_Handler(bound, self._is_internal(node.type)))

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        self._enter_handler(node)

    def leave_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        self.handlers.pop()

    def visit_ExceptStarHandler(self, node: cst.ExceptStarHandler) -> None:
        self._enter_handler(node)

    def leave_ExceptStarHandler(self, node: cst.ExceptStarHandler) -> None:
        self.handlers.pop()

    # -- taint -----------------------------------------------------------------------------------
    def _tainted_names(self) -> set[str]:
        names = {h.bound for h in self.handlers if h.internal and h.bound}
        return names | self.derived[-1]

    def _find(self, node: cst.CSTNode, names: set[str]) -> cst.CSTNode | None:
        """The first sub-expression of `node` that carries exception details, if any."""
        if isinstance(node, cst.Name):
            return node if node.value in names else None
        if isinstance(node, cst.Attribute):
            if isinstance(node.value, cst.Name) and node.value.value in names:
                return node if node.attr.value in DETAIL_ATTRIBUTES else None
            return self._find(node.value, names)
        if isinstance(node, cst.Call):
            if self.ctx.qualname(node.func) in TRACEBACK_CALLS:
                return node
            callee = _last_name(node.func)
            if callee in HARMLESS_CALLS:
                return None
            if callee == "getattr" and len(node.args) >= 2:
                attribute = node.args[1].value
                if isinstance(attribute, cst.SimpleString) and attribute.raw_value not in DETAIL_ATTRIBUTES:
                    return self._find(node.args[2].value, names) if len(node.args) > 2 else None
            if TEXT_MAKER.search(callee or "") and isinstance(node.func, cst.Attribute):
                # `tb.encode()`: the text a local holds goes on through its own text methods.
                receiver = self._find(node.func.value, names)
                if receiver is not None:
                    return receiver
            if not TEXT_MAKER.search(callee or ""):
                # A helper handed the exception object (`handle_exception(exc, "generic text")`) may log it
                # or report it; only what it is given as text, or a helper named for making text, counts.
                return self._find_in_args(node, names)
        if isinstance(node, cst.Arg):
            return self._find(node.value, names)
        if isinstance(node, cst.IfExp) and "debug" in (self.ctx.dotted(node.test) or "").lower():
            return self._find(node.orelse, names)  # `details if settings.DEBUG else "generic"`
        if isinstance(node, (cst.Lambda, cst.FunctionDef)):
            return None
        for child in children(node):
            found = self._find(child, names)
            if found is not None:
                return found
        return None

    def _find_in_args(self, call: cst.Call, names: set[str]) -> cst.CSTNode | None:
        for arg in call.args:
            if isinstance(arg.value, cst.Name):
                continue
            found = self._find(arg.value, names)
            if found is not None:
                return found
        return self._find(call.func, names) if not isinstance(call.func, cst.Name) else None

    def _report_taint(self, expr: cst.CSTNode, where: str) -> None:
        if id(expr) in self.quiet or self.admin[-1] or self.debug_only[-1]:
            return
        names = self._tainted_names()
        found = self._find(expr, names)
        if found is None or id(found) in self.reported:
            return
        self.reported.add(id(found))
        self.report(found, f"Internal error details reach the client through {where}; log them and return a "
                           "generic message")

    def visit_Assign(self, node: cst.Assign) -> None:
        names = self._tainted_names()
        tainted = bool(names or self.handlers) and self._find(node.value, names) is not None
        for target in node.targets:
            if isinstance(target.target, cst.Name):
                if tainted:
                    self.derived[-1].add(target.target.value)
                else:
                    self.derived[-1].discard(target.target.value)

    # -- sinks -----------------------------------------------------------------------------------
    def _answers_the_request(self, statuses: list[cst.BaseExpression]) -> bool:
        """A client-error status (the message describes the client's own payload) or a status taken from the
        caught exception (a gateway relaying an upstream service's answer)."""
        bound = {h.bound for h in self.handlers if h.bound}
        return any(_is_client_error(status) or (isinstance(status, cst.Attribute)
                                                 and (dotted_name(status) or "").split(".")[0] in bound)
                   for status in statuses)

    def _hush(self, values: list[cst.BaseExpression]) -> None:
        """Leave these response parts alone, unless they carry a traceback (never the client's business)."""
        for value in values:
            if not isinstance(self._find(value, set()), cst.Call):
                self.quiet.add(id(value))

    def _sink(self, node: cst.Call) -> str | None:
        qualname = self.ctx.qualname(node.func)
        if qualname in RESPONSE_CALLS:
            return qualname.rsplit(".", 1)[-1]
        dotted = dotted_name(node.func) or ""
        for suffix, modules in METHOD_SINKS.items():
            if (dotted == suffix or dotted.endswith("." + suffix)) and self.ctx.imports.imports_any(*modules):
                return dotted
        return None

    def visit_Call(self, node: cst.Call) -> None:
        if id(node) in self.quiet:
            return
        sink = self._sink(node)
        if sink is None:
            return
        if self._answers_the_request(_statuses(node)):
            self._hush([arg.value for arg in node.args])
        for arg in node.args:
            if not _computes_status(arg):
                self._report_taint(arg.value, f"`{sink.rsplit('.', 1)[-1]}(...)`")

    def visit_Return(self, node: cst.Return) -> None:
        value = node.value
        if value is None:
            return
        if isinstance(value, cst.Tuple) and len(value.elements) >= 2 and _is_status(value.elements[1].value):
            if self._answers_the_request([value.elements[1].value]):
                self._hush([value.elements[0].value])
            self._report_taint(value.elements[0].value, "a response tuple")
        elif self.views[-1]:
            if isinstance(value, cst.Call) and self._answers_the_request(_statuses_of_helper(value)):
                self._hush([value])
            self._report_taint(value, "the view's return value")
