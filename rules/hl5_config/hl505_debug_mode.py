"""HL505 debug-mode: debug mode switched on, or every network interface bound, by a literal in the code.

## What it does
Flags, in production code:
- `debug=True` given to a server or framework: `app.run(debug=True)`, `socketio.run(app, debug=True)`,
  `run_simple(..., use_debugger=True)`, `FastAPI(debug=True)`, `Starlette(debug=True)`;
- a `DEBUG` setting set to a literal true value: `DEBUG = True` at module level (Django/Flask
  settings), `app.debug = True`, `app.config["DEBUG"] = True`, `app.config.update(DEBUG=True)`,
  `os.environ["FLASK_DEBUG"] = "1"`; inside a class only when the class is not a development
  configuration (`class DevelopmentConfig: DEBUG = True` is how Flask selects dev settings);
- `web.Application(debug=True)` (aiohttp), `uvicorn.Config(debug=True)`, Werkzeug's
  `DebuggedApplication(app, evalex=True)`, Django's `settings.DEBUG = True` and template
  `"OPTIONS": {"debug": True}`;
- aiohttp-debugtoolbar set up unconditionally: `aiohttp_debugtoolbar.setup(app)` (or `from
  aiohttp_debugtoolbar import setup`): it serves tracebacks with a Python console in every frame
  (`intercept_exc="debug"`, its default), the app's settings and request data, to any client its host
  check lets through (the loopback address, which is every client behind a local reverse proxy; every
  client with `check_host=False`). Set up under a development guard (`if settings.DEBUG:`,
  `if app["config"]["debug"]:`) or with `enabled=` taken from configuration it is not flagged: the guard
  is its switch, as `debug=settings.DEBUG` is `run()`'s. Flask-DebugToolbar and django-debug-toolbar
  are not flagged: they are active only while the app's own `DEBUG` is on (which this rule reports
  where it is hard-coded) and serve no console;
- binding all interfaces with a literal: `app.run(host="0.0.0.0")`, `uvicorn.run(app, host="0.0.0.0")`,
  `app.run("0.0.0.0")`, `sock.bind(("0.0.0.0", port))`, `sock.bind(("", port))`,
  `debugpy.listen(("0.0.0.0", 5678))`, `HTTPServer(("", 8000), Handler)`,
  `asyncio.start_server(cb, "0.0.0.0", 80)`, `web.TCPSite(runner, "0.0.0.0", 80)`, `HOST = "0.0.0.0"`.
  A "0.0.0.0" anywhere else (a comparison, a message, a route `0.0.0.0/0`) is not a bind: bandit's B104,
  which flags every such string, stays off while this rule runs.

A dev-only entry point (`if __name__ == "__main__": app.run(debug=True)`) is still flagged: it ships
with the code, and `python app.py` is exactly how it ends up running in a container. Not flagged:
`DEBUG = os.getenv(...) == "1"`, `debug=settings.DEBUG`, `DEBUG = False`, `uvicorn.run(reload=True)`
(a dev convenience that exposes nothing), comparisons with `"0.0.0.0"`, parameter defaults,
`gunicorn*.py` files (a gunicorn config file is where the bind address belongs), a bind to port 0 or
inside a free-port probe (`def find_free_port(): s.bind(("", 0))`), and modules of test
settings, examples or templates (`testutils/settings.py`, `settings_example.py`,
`project_template/.../settings/dev.py`) or defaults a deployment overrides (`from superset_config import *`).

## Why it matters
Flask's debug mode serves the Werkzeug debugger, which runs arbitrary Python for whoever can reach
the page; Django's and Starlette's show settings, source and tracebacks to every visitor. Binding
`0.0.0.0` exposes the development server on every network the machine is attached to. Both are
deployment decisions that belong in the environment, not in the code.

## Example
```python
if __name__ == "__main__":
    app.run(host="0.0.0.0", debug=True)
```

## Use instead
```python
if __name__ == "__main__":
    app.run(host=os.getenv("HOST", "127.0.0.1"), debug=os.getenv("FLASK_DEBUG") == "1")
```
In production, run a WSGI/ASGI server (gunicorn, uvicorn) with the bind address in its own
configuration, and `flask --app app run --debug` during development.

## Fix safety
No fix: turning debug mode off or changing the bind address changes how the app is run.

## References
- Flask, "Debug Mode": https://flask.palletsprojects.com/en/latest/debugging/
- Django deployment checklist, DEBUG: https://docs.djangoproject.com/en/stable/howto/deployment/checklist/#debug
- CWE-489: Active Debug Code; CWE-1327: Binding to an Unrestricted IP Address
- bandit B201 (flask_debug_true), B104 (hardcoded_bind_all_interfaces)
"""

from __future__ import annotations

import os
import re

import libcst as cst

from hardlint.rule import Example, Rule
from hardlint.rules.hl5_config._secrets import QuietInSampleModules, string_value, target_name, words
from hardlint.walker import iter_nodes

_RUNNERS = frozenset({"run", "run_simple", "run_app", "serve", "run_server", "runserver", "start_server",
                      "create_server", "make_server"})
_DEBUG_FRAMEWORKS = frozenset({"fastapi.FastAPI", "starlette.applications.Starlette", "quart.Quart",
                               "sanic.Sanic", "litestar.Litestar", "aiohttp.web.Application",
                               "aiohttp.web_app.Application", "uvicorn.Config"})
# Werkzeug's debugger middleware: with `evalex=True` it serves a Python console to every client.
_DEBUGGER_MIDDLEWARE = frozenset({"werkzeug.debug.DebuggedApplication", "werkzeug.DebuggedApplication"})
# Calls taking the listening address as an (address, port) tuple first: `sock.bind(("", 80))`,
# `debugpy.listen(("0.0.0.0", 5678))`, `HTTPServer(("", 8000), Handler)`.
_ADDRESS_TUPLE_CALLS = frozenset({"bind", "listen"})
# Calls taking the host as their second positional argument: `asyncio.start_server(cb, "0.0.0.0", 80)`.
_HOST_SECOND = frozenset({"start_server", "create_server", "TCPSite"})
# Functions that bind a socket only to find a free port: `find_free_port`, `_find_available_port`.
_PORT_PROBE_WORDS = frozenset({"port", "ports", "free", "available", "unused"})
_BIND_ALL = re.compile(r"^(0\.0\.0\.0|::|\[::\]|\*)(:\d{1,5})?$")
_BIND_NAMES = frozenset({"host", "bind", "listen", "addr", "address", "hostname", "interface"})
_TRUE_STRINGS = frozenset({"1", "true", "yes", "on"})
# aiohttp-debugtoolbar's setup: it serves an interactive traceback console to the clients it lets in.
_TOOLBAR_SETUP = frozenset({"aiohttp_debugtoolbar.setup", "aiohttp_debugtoolbar.main.setup"})
# Words of a test that switches development tooling on: `if settings.DEBUG:`, `if config.env == "dev":`.
_DEV_WORDS = frozenset({"debug", "dev", "develop", "development", "devel"})
_DEV_CLASS = re.compile(r"dev|local|test|debug", re.IGNORECASE)


def _is_true(node: cst.BaseExpression | None, strings: bool = False) -> bool:
    if isinstance(node, cst.Name):
        return node.value == "True"
    if strings:
        value = string_value(node)
        return value is not None and value.strip().lower() in _TRUE_STRINGS
    return False


def _is_bind_all(node: cst.BaseExpression | None, empty: bool = False) -> bool:
    """An all-interfaces address literal; `empty`: `""` counts too (socket addresses)."""
    value = string_value(node)
    if value is None:
        return False
    return (empty and value == "") or (_BIND_ALL.match(value.strip()) is not None and value.strip() != "*")


def _reads_dev_setting(test: cst.BaseExpression) -> bool:
    """`settings.DEBUG`, `app["config"]["debug"]`, `os.getenv("ENV") == "development"`: a test that
    holds only when a debug or development setting is on; `if not settings.DEBUG:` and `!=` guard
    production, `DEBUG and not TESTING` still needs DEBUG, `DEBUG or x` does not."""
    if isinstance(test, cst.BooleanOperation):
        found = [_reads_dev_setting(operand) for operand in _operands(test)]
        return any(found) if isinstance(test.operator, cst.And) else all(found)
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        return False
    if isinstance(test, cst.Comparison) and any(
            isinstance(c.operator, (cst.NotEqual, cst.IsNot, cst.NotIn)) for c in test.comparisons):
        return False
    for node in iter_nodes(test):
        text = node.value if isinstance(node, cst.Name) else string_value(node) if isinstance(
            node, cst.SimpleString) else None
        if text is not None and not _DEV_WORDS.isdisjoint(words(text)):
            return True
    return False


def _operands(test: cst.BooleanOperation) -> list[cst.BaseExpression]:
    """`a and b and c` -> [c, b, a]: a chain of one operator, read without recursion (chains nest left)."""
    kind = type(test.operator)
    operands: list[cst.BaseExpression] = []
    node: cst.BaseExpression = test
    while isinstance(node, cst.BooleanOperation) and type(node.operator) is kind:
        operands.append(node.right)
        node = node.left
    operands.append(node)
    return operands


def _last_name(func: cst.BaseExpression) -> str | None:
    if isinstance(func, cst.Name):
        return func.value
    if isinstance(func, cst.Attribute):
        return func.attr.value
    return None


class DebugMode(QuietInSampleModules, Rule):
    code = "HL505"
    name = "debug-mode"
    severity = "high"
    message = "Debug mode or an all-interfaces bind hard-coded; take it from the environment"
    # In the lowercased text: `debug` then, on the same line, `True` or a true string (a keyword, a
    # setting, an annotated or chained target); Werkzeug's `evalex`; aiohttp's debug toolbar; a string literal that is an
    # all-interfaces address; an empty string before a comma (an address tuple). Linear time: the run
    # after `debug` stops at the next `debug`, and nothing else repeats; comments, continuations and
    # lines broken inside brackets are left to the normalised view the triggers also search.
    triggers = (r"(?i)debug(?:(?!debug)[^\n])*(?:true|[\"']\s*(?:1|yes|on)\s*[\"'])|evalex|aiohttp_debugtoolbar|"
                r"0\.0\.0\.0(?<=[\s\"']0\.0\.0\.0)(?::\d+)?\s*[\"']|::(?<=[\s\"'\[]::)\]?(?::\d+)?\s*[\"']|[\"']{2}[\s)]*,")
    production_only = True
    defaults_are_quiet = True  # `from superset_config import *` modules: documented defaults

    FLAG = [
        """
        from flask import Flask
        app = Flask(__name__)
        if __name__ == "__main__":
            app.run(debug=True)
        """,
        'app.run(host="0.0.0.0", port=5000)',
        'app.run("0.0.0.0", 8080)',
        """
        import uvicorn
        uvicorn.run("main:app", host="0.0.0.0", port=8000)
        """,
        'DEBUG = True',
        'app.debug = True',
        'app.config["DEBUG"] = True',
        'app.config.update(DEBUG=True, TESTING=False)',
        'os.environ["FLASK_DEBUG"] = "1"',
        """
        from fastapi import FastAPI
        app = FastAPI(debug=True)
        """,
        """
        from werkzeug.serving import run_simple
        run_simple("localhost", 5000, app, use_debugger=True)
        """,
        'sock.bind(("0.0.0.0", 9000))',
        'HOST = "0.0.0.0"',
        """
        class ProductionConfig(Config):
            DEBUG = True
        """,
        'socketio.run(app, debug=True)',
        """
        from aiohttp import web
        app = web.Application(debug=True)
        """,
        """
        from werkzeug.debug import DebuggedApplication
        app.wsgi_app = DebuggedApplication(app.wsgi_app, evalex=True)
        """,
        """
        from django.conf import settings
        settings.DEBUG = True
        """,
        'TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "OPTIONS": {"debug": True}}]',
        'debugpy.listen(("0.0.0.0", 5678))',
        'sock.bind(("", 8080))',
        'httpd = HTTPServer(("", 8000), SimpleHTTPRequestHandler)',
        'server = await asyncio.start_server(handle, "0.0.0.0", 8888)',
        'site = web.TCPSite(runner, "0.0.0.0", 8080)',
        # aiohttp-debugtoolbar set up whatever the configuration: a traceback console for its clients.
        """
        import aiohttp_debugtoolbar
        aiohttp_debugtoolbar.setup(app, intercept_redirects=False)
        """,
        """
        from aiohttp_debugtoolbar import setup
        def create_app():
            app = web.Application()
            setup(app, check_host=False)
            return app
        """,
        """
        import aiohttp_debugtoolbar as toolbar
        if not settings.DEBUG:
            toolbar.setup(app)
        if os.getenv("ENV") != "development":
            toolbar.setup(app, enabled=True)
        """,
        """
        import aiohttp_debugtoolbar
        if __name__ == "__main__":
            aiohttp_debugtoolbar.setup(app)
        """,
    ]
    CLEAN = [
        """
        import asyncio, os
        from aiohttp import web
        from fastapi import FastAPI
        api = FastAPI(debug=settings.DEBUG)
        aio = web.Application(debug=os.getenv("AIOHTTP_DEBUG") == "1")
        asyncio.get_event_loop().set_debug(True)  # slow-callback logging: nothing is served to clients
        """,
        'DEBUG = os.getenv("DEBUG") == "1"',
        'DEBUG = False',
        'app.run(debug=settings.DEBUG, host=settings.HOST)',
        'app.run(host="127.0.0.1", port=5000)',
        'app.run()',
        """
        import uvicorn
        uvicorn.run("main:app", host=os.getenv("HOST", "127.0.0.1"), reload=True)
        """,
        """
        class DevelopmentConfig(Config):
            DEBUG = True
        """,
        """
        def serve(app, host="0.0.0.0", debug=False):
            app.run(host=host, debug=debug)
        """,
        'if host == "0.0.0.0":\n    host = "localhost"',
        'logger.debug("starting on %s", "0.0.0.0")',
        'self.debug = True',
        'log_debug = True',
        'parser.add_argument("--debug", action="store_true", default=True)',
        Example('bind = "0.0.0.0:8000"', path="deploy/gunicorn.conf.py"),
        Example('app.run(debug=True)', path="tests/test_app.py"),
        'DISPLAY_HOST = "0.0.0.0 means all interfaces"',
        'ipv6 = "::1"',
        'verbose = {"debug": True}',
        """
        from werkzeug.debug import DebuggedApplication
        app.wsgi_app = DebuggedApplication(app.wsgi_app, evalex=False)
        """,
        'debugpy.listen(5678)',
        'sock.bind(("127.0.0.1", 8080))',
        'sock.connect(("", 8080))',
        """
        import socket
        def find_free_port():
            with socket.socket() as s:
                s.bind(("", 0))
                return s.getsockname()[1]
        """,
        """
        def _find_available_port(start, end):
            for port in range(start, end):
                with socket.socket() as s:
                    s.bind(("", port))
                    return port
        """,
        'ROUTE = "0.0.0.0/0"',
        Example('DEBUG = True', path="pretix/testutils/settings.py"),
        Example('DEBUG = True', path="project_template/project_name/settings/dev.py"),
        Example('DEBUG = True', path="weblate/settings_example.py"),
        # The toolbar switched by a development setting (a guard, or `enabled=` from configuration);
        # Flask's and Django's toolbars follow the app's own DEBUG (reported where it is hard-coded).
        """
        import aiohttp_debugtoolbar
        def create_app(config):
            app = web.Application()
            if config["debug"] and not config["testing"]:
                aiohttp_debugtoolbar.setup(app)
            elif os.getenv("ENV") == "development":
                aiohttp_debugtoolbar.setup(app, check_host=False)
            aiohttp_debugtoolbar.setup(app, enabled=settings.DEBUG_TOOLBAR)
            return app
        """,
        """
        from flask_debugtoolbar import DebugToolbarExtension
        toolbar = DebugToolbarExtension(app)
        """,
        'MIDDLEWARE = ["debug_toolbar.middleware.DebugToolbarMiddleware"]',
        'setup(app)  # another package\'s setup',
        """
        import aiohttp_debugtoolbar
        toolbar_settings = aiohttp_debugtoolbar.main.default_settings
        """,
    ]

    def _in_dev_class(self) -> bool:
        for node in reversed(self.ctx.ancestors):
            if isinstance(node, (cst.FunctionDef, cst.Lambda)):
                return False
            if isinstance(node, cst.ClassDef):
                return bool(_DEV_CLASS.search(node.name.value))
        return False

    def _probes_a_port(self, port: cst.BaseExpression) -> bool:
        """`s.bind(("", 0))`, or a bind inside `find_free_port()`: a socket bound to learn whether a port
        is free, closed again without serving anything."""
        if isinstance(port, cst.Integer) and port.value == "0":
            return True
        for node in reversed(self.ctx.ancestors):
            if isinstance(node, cst.FunctionDef):
                return not _PORT_PROBE_WORDS.isdisjoint(words(node.name.value))
        return False

    def _at_function_level(self) -> bool:
        return any(isinstance(n, (cst.FunctionDef, cst.Lambda)) for n in self.ctx.ancestors)

    def begin(self) -> None:
        super().begin()
        self.config_file = os.path.basename(self.ctx.path).startswith("gunicorn")

    # -- calls ---------------------------------------------------------------------------------
    def visit_Call(self, node: cst.Call) -> None:
        callee = _last_name(node.func)
        qualname = self.ctx.qualname(node.func) or ""
        is_runner = callee in _RUNNERS
        for index, arg in enumerate(node.args):
            keyword = arg.keyword.value if arg.keyword is not None else None
            if keyword in ("debug", "use_debugger") and _is_true(arg.value):
                if is_runner or qualname in _DEBUG_FRAMEWORKS:
                    self.report(arg, f"`{keyword}=True` hard-coded in `{callee}(...)`: the debugger/tracebacks are "
                                     "served to clients; take it from the environment")
            elif keyword == "DEBUG" and _is_true(arg.value, strings=True):
                self.report(arg, "`DEBUG=True` hard-coded in the configuration; take it from the environment")
            elif keyword in ("host", "bind") and _is_bind_all(arg.value) and not self.config_file:
                self.report(arg.value, f"Binds every network interface (`{string_value(arg.value)}`) hard-coded; "
                                       "take the bind address from the environment")
            elif keyword is None and index == 0 and callee in ("run", "run_simple") and _is_bind_all(arg.value):
                self.report(arg.value, "Binds every network interface hard-coded; take the bind address from the "
                                       "environment")
            elif keyword is None and index == 1 and callee in _HOST_SECOND and _is_bind_all(arg.value):
                self.report(arg.value, f"`{callee}(...)` listens on every network interface by a literal; take the "
                                       "bind address from the environment")
            elif keyword == "evalex" and _is_true(arg.value) and qualname in _DEBUGGER_MIDDLEWARE:
                self.report(arg, "Werkzeug's debugger console (`evalex=True`) wrapped around the app: it runs "
                                 "Python for every client; keep it to local development")
        self._check_address_tuple(node, callee)
        if qualname in _TOOLBAR_SETUP:
            self._check_toolbar(node)

    def _check_toolbar(self, call: cst.Call) -> None:
        """`aiohttp_debugtoolbar.setup(app)` outside a development guard, not switched by `enabled=`."""
        enabled = next((a.value for a in call.args if a.keyword is not None and a.keyword.value == "enabled"), None)
        if (enabled is not None and not _is_true(enabled)) or self._under_dev_guard():
            return
        self.report(call, "aiohttp-debugtoolbar set up unconditionally: it serves a Python console in its "
                          "tracebacks, the settings and request data; set it up only when a development "
                          "setting says so")

    def _under_dev_guard(self) -> bool:
        """Inside the body of an `if` that reads a debug or development setting (`if settings.DEBUG:`)."""
        ancestors = self.ctx.ancestors
        for index, node in enumerate(ancestors[:-1]):
            if isinstance(node, cst.If) and ancestors[index + 1] is node.body and _reads_dev_setting(node.test):
                return True
        return False

    def _check_address_tuple(self, call: cst.Call, callee: str | None) -> None:
        """`sock.bind(("", port))`, `debugpy.listen(("0.0.0.0", 5678))`, `TCPServer(("", 80), Handler)`."""
        if not call.args or call.args[0].keyword is not None or not isinstance(call.args[0].value, cst.Tuple):
            return
        if callee in _ADDRESS_TUPLE_CALLS:
            if len(call.args) != 1:
                return
        elif not (callee or "").endswith("Server"):
            return
        elements = call.args[0].value.elements
        if len(elements) != 2 or self._probes_a_port(elements[1].value):
            return
        if _is_bind_all(elements[0].value, empty=True):
            self.report(elements[0].value, f"`{callee}(...)` listens on every network interface by a literal; "
                                           "take the bind address from the environment")

    # -- assignments -----------------------------------------------------------------------------
    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._check_assignment(target.target, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self._check_assignment(node.target, node.value)

    def _check_assignment(self, target: cst.BaseExpression, value: cst.BaseExpression) -> None:
        name = target_name(target)
        if not name:
            return
        name_words = words(name)
        if name_words and name_words[-1] == "debug" and self._is_debug_setting(target, name):
            if _is_true(value, strings=isinstance(target, cst.Subscript)) and not self._in_dev_class():
                self.report(value, f"`{name}` switched on by a literal; take it from the environment")
        elif (name_words and name_words[-1] in _BIND_NAMES and _is_bind_all(value) and not self.config_file
              and not self._at_function_level()):
            self.report(value, f"`{name}` binds every network interface by a literal; take the bind address "
                               "from the environment")

    def _is_debug_setting(self, target: cst.BaseExpression, name: str) -> bool:
        """`DEBUG`/`FLASK_DEBUG` names, `app.debug`, `config["DEBUG"]`, `settings.DEBUG` — not `self.debug`
        or `log_debug`."""
        if isinstance(target, cst.Attribute):
            receiver = (self.ctx.dotted(target.value) or "").rsplit(".", 1)[-1].lower()
            return (name == "debug" and "app" in receiver) or (name == "DEBUG" and receiver == "settings")
        return name.isupper()

    # -- Django template options -------------------------------------------------------------------
    def visit_DictElement(self, node: cst.DictElement) -> None:
        """`TEMPLATES = [{..., "OPTIONS": {"debug": True}}]`: Django's template debug pages."""
        if not _is_true(node.value) or string_value(node.key) != "debug":
            return
        owner = self.ctx.ancestors[-3] if len(self.ctx.ancestors) >= 3 else None
        if isinstance(owner, cst.DictElement) and string_value(owner.key) == "OPTIONS":
            self.report(node.value, "Django template debug switched on by a literal; take it from the "
                                    "environment")
