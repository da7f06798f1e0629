"""HL304 untrusted-execution: request data reaches code execution, a shell or an unsafe deserializer.

## What it does
Follows a value from the request (`request.args`/`form`/`json`/`data`/`files`/`GET`/`POST`/`body`,
aiohttp `await request.post()`, a route's path parameters (`@app.route("/run/<cmd>")`,
`@router.get("/items/{name}")`, not `<int:id>` or `id: int`), `self.path` and `self.get_argument()`
in an http.server or tornado `...RequestHandler`) through the assignments of the function and the
calls that pass it on (`base64.b64decode(data)`, `json.loads(raw)["expr"]`, `"ping {}".format(host)`)
to a call that runs it: `eval`/`exec`/`compile`, `__import__`/`importlib.import_module`, pickle,
cPickle, dill, marshal, shelve, jsonpickle, joblib, `torch.load` and `pandas.read_pickle` loaders,
`yaml.load` without a safe loader, `yaml.unsafe_load`/`full_load`, `os.system`/`os.popen`/`subprocess.getoutput`/
`asyncio.create_subprocess_shell`, `subprocess.*` with `shell=True` (or with a string or `argv[0]`
from the request as the program), `os.exec*`/`os.spawn*`. The sinks are listed in
`hl304_untrusted.toml`.

## Why it matters
Each of these turns data into behaviour. `eval(request.args["expr"])` runs any Python the caller
sends; `pickle.loads` of a cookie calls whatever `__reduce__` the attacker pickled (`os.system`
included); `yaml.load` builds arbitrary Python objects; `os.system("nslookup " + domain)` runs
`; rm -rf /` as well. It is remote code execution on the server, with the server's credentials.

## Example
```python
@app.route("/restore", methods=["POST"])
def restore():
    state = pickle.loads(base64.b64decode(request.form["state"]))
    return jsonify(state)
```

## Use instead
```python
@app.route("/restore", methods=["POST"])
def restore():
    state = json.loads(request.form["state"])
    return jsonify(state)
```
Not reported: constants, a command line's `sys.argv` and `input()` (its operator's own), values the
program itself computes or reads from its own configuration files, `yaml.safe_load` and
`yaml.load(..., Loader=yaml.SafeLoader)`, `ast.literal_eval`, `subprocess` with a list argv (a fixed
program first) and no shell, values passed through `shlex.quote`, `int()` or `secure_filename`, and
a value checked against an allow-list just before
(`if cmd in ALLOWED:` around the call, or `if cmd not in ALLOWED: return`/`raise` before it). Values
that arrive as function parameters are not traced across modules: bandit's B307/B602/B605 (on by
default) still report `eval` and shell commands built from any variable.

## Fix safety
No automatic fix: the safe replacement (a data format, an allow-list, an argv) is a design choice.

## References
- OWASP Deserialization Cheat Sheet: https://cheatsheetseries.owasp.org/cheatsheets/Deserialization_Cheat_Sheet.html
- OWASP OS Command Injection Defense Cheat Sheet: https://cheatsheetseries.owasp.org/cheatsheets/OS_Command_Injection_Defense_Cheat_Sheet.html
- Python `pickle` documentation, the warning at the top: https://docs.python.org/3/library/pickle.html
- bandit B102, B301, B302, B307, B506, B602, B603, B605, B606, B607, B614 (this rule covers their findings on request data)
- CWE-94 Code Injection, CWE-78 OS Command Injection, CWE-502 Deserialization of Untrusted Data
"""

from __future__ import annotations

import re
from typing import Mapping

import libcst as cst

from hardlint.imports import dotted_name
from hardlint.rule import Example, Rule, load_data

from .taint import Scope, Tracker

KINDS: Mapping[str, Mapping] = load_data(__file__, "hl304_untrusted.toml")["kinds"]
SINKS: dict[str, str] = {name: kind for kind, table in KINDS.items() for name in table["functions"]}
BUILTINS = frozenset({"eval", "exec", "compile", "__import__", "execfile"})
SAFE_LOADERS = frozenset(KINDS["yaml"]["safe_loaders"])
# `@app.route("/run/<cmd>")`, `@router.get("/items/{name}")`: path parameters are request data.
ROUTE_METHODS = frozenset({"route", "get", "post", "put", "patch", "delete", "api_route", "websocket"})
PATH_PARAMETER = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>|\{(\w+)(?::[^{}]*)?\}")
NUMERIC_CONVERTERS = frozenset({"int", "float", "uuid"})


def _keyword(call: cst.Call, name: str) -> cst.BaseExpression | None:
    return next((a.value for a in call.args if a.keyword is not None and a.keyword.value == name), None)


def _argument(call: cst.Call, table: Mapping) -> cst.BaseExpression | None:
    """The argument of the call that is run or loaded: by position, else by keyword."""
    positional = [a for a in call.args if a.keyword is None]
    index = table["arg"]
    if index < len(positional) and not positional[index].star:
        return positional[index].value
    return next((v for k in table["keywords"] if (v := _keyword(call, k)) is not None), None)


def _safe_yaml(call: cst.Call) -> bool:
    """`yaml.load(s, Loader=yaml.SafeLoader)` or `yaml.load(s, SafeLoader)`."""
    positional = [a.value for a in call.args if a.keyword is None]
    loader = _keyword(call, "Loader") or (positional[1] if len(positional) > 1 else None)
    name = dotted_name(loader) if loader is not None else None
    return name is not None and name.split(".")[-1] in SAFE_LOADERS


def _shell(call: cst.Call) -> bool:
    value = _keyword(call, "shell")
    return isinstance(value, cst.Name) and value.value == "True"


def _first_item(expr: cst.BaseExpression) -> cst.BaseExpression | None:
    elements = getattr(expr, "elements", ())
    return elements[0].value if elements and not isinstance(elements[0], cst.StarredElement) else None


def _program(arg: cst.BaseExpression, scope: Scope) -> cst.BaseExpression | None:
    """What a subprocess runs as its program: argv[0] of a list (also one assigned to a name), else the string."""
    if isinstance(arg, (cst.List, cst.Tuple)):
        return _first_item(arg)
    if isinstance(arg, cst.Name):
        for binding in scope.bindings.get(arg.value, ()):
            if binding.kind == "assign" and isinstance(binding.expr, (cst.List, cst.Tuple)):
                return _first_item(binding.expr)
    return arg


def route_parameters(function: cst.FunctionDef) -> frozenset[str]:
    """The path parameters a route decorator declares (`<name>`, `<path:name>`, `{name}`), less numeric ones."""
    names = set()
    for decorator in function.decorators:
        call = decorator.decorator
        if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) and call.args
                and call.func.attr.value in ROUTE_METHODS
                and isinstance(call.args[0].value, (cst.SimpleString, cst.ConcatenatedString))):
            continue
        path = call.args[0].value.evaluated_value  # `"/run/<" "cmd>"` too
        for match in PATH_PARAMETER.finditer(path if isinstance(path, str) else ""):
            if match.group(1) not in NUMERIC_CONVERTERS:
                names.add(match.group(2) or match.group(3))
    return frozenset(names)


def _checked_name(test: cst.BaseExpression, name: str, operators: tuple[type, ...]) -> bool:
    """`name in ALLOWED` (or `not in` for a guard): the test compares the value with a set the code chose."""
    if not (isinstance(test, cst.Comparison) and isinstance(test.left, cst.Name) and test.left.value == name):
        return False
    return len(test.comparisons) == 1 and isinstance(test.comparisons[0].operator, operators)


def _leaves(block: cst.BaseSuite) -> bool:
    """The block ends in `return`, `raise` or an `abort(...)` call."""
    body = getattr(block, "body", ())
    last = body[-1] if body else None
    smalls = getattr(last, "body", ()) if isinstance(last, cst.SimpleStatementLine) else ()
    for small in smalls:
        if isinstance(small, (cst.Return, cst.Raise)):
            return True
        if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
            return (dotted_name(small.value.func) or "").split(".")[-1] == "abort"
    return False


class UntrustedExecution(Rule):
    code = "HL304"
    name = "untrusted-execution"
    severity = "critical"
    message = "Request data reaches code execution, a shell or an unsafe deserializer"
    triggers = (r"\b(?:eval|exec|compile|__import__|import_module|pickle|Pickle|dill|marshal|shelve|jsonpickle"
                r"|joblib|read_pickle|yaml|system|popen|getoutput|getstatusoutput|subprocess|spawn\w*|startfile"
                r"|execv\w*|execl\w*)\b")

    FLAG = [
        """
        import pickle, base64
        from flask import request

        def restore():
            data = request.form.get("state", "")
            return pickle.loads(base64.b64decode(data))
        """,
        """
        import os
        from flask import request

        def lookup():
            os.system("nslookup " + request.args["domain"])
        """,
        """
        import subprocess
        from django.http import HttpResponse

        def ping(request):
            host = request.POST.get("host")
            cmd = "ping -c 1 {}".format(host)
            return HttpResponse(subprocess.check_output(cmd, shell=True))
        """,
        """
        import yaml
        from flask import request

        def upload():
            return yaml.load(request.files["config"].read(), Loader=yaml.Loader)
        """,
        """
        import json
        from flask import request

        def calc():
            payload = json.loads(request.data)
            return str(eval(payload["expression"]))
        """,
        """
        from http.server import BaseHTTPRequestHandler
        from urllib.parse import parse_qs, urlparse

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                params = parse_qs(urlparse(self.path).query)
                exec(params["code"][0])
        """,
        """
        import os
        from flask import Flask

        app = Flask(__name__)

        @app.route("/tainted/<something>")
        def tainted(something):
            os.system(something)
        """,
        """
        import importlib
        from flask import request

        def plugin():
            return importlib.import_module(request.args["name"])
        """,
        """
        import subprocess
        from flask import request

        def run_tool():
            subprocess.run([request.json["tool"], "--version"])
        """,
    ]
    CLEAN = [
        # Constants, configuration files and the safe loaders.
        """
        import os, yaml, pickle
        from flask import request

        def status():
            os.system("uptime")
            with open("/etc/app/config.yaml") as f:
                config = yaml.safe_load(f)
            rows = yaml.load(request.data, Loader=yaml.SafeLoader)
            with open("cache.pkl", "rb") as f:
                cache = pickle.load(f)
            return config, rows, cache
        """,
        # A list argv and no shell: the request value is one argument, not a command.
        """
        import subprocess, shlex
        from flask import request

        def ping():
            host = request.args["host"]
            subprocess.run(["ping", "-c", "1", host], check=True)
            argv = ["nslookup", host]
            subprocess.run(argv)
            subprocess.run("nslookup " + shlex.quote(host), shell=True)
        """,
        # Values checked against an allow-list first; `ast.literal_eval`.
        """
        import ast, os
        from flask import request, abort

        TOOLS = {"uptime", "df"}

        def tool():
            name = request.args["tool"]
            if name not in TOOLS:
                abort(400)
            os.system(name)

        def parse():
            return ast.literal_eval(request.args["value"])

        def other():
            cmd = request.args["cmd"]
            if cmd in TOOLS:
                os.system(cmd)
        """,
        # A command line re-executed, a console prompt: its operator's own input, not a remote caller's.
        """
        import subprocess, sys

        def relaunch():
            argv = list(sys.argv)
            argv += ["--reloader", "none"]
            subprocess.Popen(argv)

        def repl():
            return eval(input(">>> "))
        """,
        # A parameter is not traced across modules (bandit's B307 reports it); `re.compile`, methods.
        """
        import re

        def evaluate(expression, cursor, request):
            cursor.execute("SELECT 1")
            pattern = re.compile(request.args["pattern"])
            return eval(expression), pattern
        """,
        # Numeric path parameters, and a function's own parameters elsewhere.
        """
        import os
        from fastapi import APIRouter

        router = APIRouter()

        @router.get("/jobs/{job_id}/{slot}")
        def job(job_id: int, slot, command):
            os.system(f"kill {job_id}")
            os.system(command)

        @router.get("/legacy/<int:pid>")
        def legacy(pid):
            os.system("kill %d" % pid)
        """,
        # An `eval` the module defines itself is not the builtin.
        """
        from flask import request

        def eval(text):
            return text.upper()

        def view():
            return eval(request.args["q"])
        """,
        Example(
            """
            import pickle
            from flask import request

            def test_restore(client):
                assert pickle.loads(request.data)
            """,
            path="tests/test_restore.py",
        ),
    ]

    def begin(self) -> None:
        self._tracker: Tracker | None = None
        self._shadowed: frozenset[str] | None = None

    @property
    def tracker(self) -> Tracker:
        if self._tracker is None:
            self._tracker = Tracker(self.ctx.module or cst.Module(body=[]))
            self._tracker.through_calls = True
            self._tracker.operator_input = False
        return self._tracker

    def visit_Call(self, node: cst.Call) -> None:
        target = self._sink(node)
        if target is None:
            return
        label, kind = target
        table = KINDS[kind]
        arg = _argument(node, table)
        if arg is None or (kind == "yaml" and label == "yaml.load" and _safe_yaml(node)):
            return
        scope_node = self.ctx.enclosing(cst.FunctionDef) or self.ctx.module
        if scope_node is None:
            return
        scope = self.tracker.scope(scope_node)
        if isinstance(scope_node, cst.FunctionDef) and id(scope_node) not in self.tracker.request_params:
            self.tracker.request_params[id(scope_node)] = route_parameters(scope_node) - scope.numeric_params
        if kind == "process" and not _shell(node) or kind == "process" and isinstance(arg, (cst.List, cst.Tuple)):
            arg = _program(arg, scope)
        if arg is None:
            return
        self.tracker.current_class = self.ctx.enclosing(cst.ClassDef)
        self.tracker.reset_budget()
        if self.tracker.origin(arg, scope) != "request" or self._allow_listed(arg, scope_node):
            return
        try:
            source = self.tracker.module.code_for_node(arg).strip()
        except RecursionError:  # a pathologically deep expression: name it by its start only
            source = "..."
        source = source if len(source) <= 40 else source[:37] + "..."
        what = KINDS["shell"]["what"] if kind == "process" and _shell(node) else table["what"]
        self.report(node, f"Request data (`{source}`) reaches `{label}`, {what}: {table['advice']}")

    def _sink(self, call: cst.Call) -> tuple[str, str] | None:
        """(qualified name, kind) of a sink call, or None."""
        func = call.func
        if isinstance(func, cst.Name) and func.value in BUILTINS and func.value not in self.shadowed:
            return func.value, SINKS[func.value]
        qualified = self.ctx.qualname(func)
        if qualified is None or qualified not in SINKS:
            return None
        return qualified, SINKS[qualified]

    @property
    def shadowed(self) -> frozenset[str]:
        """Builtin names the file imports or defines at module level: not the builtins."""
        if self._shadowed is None:
            module_scope = self.tracker.scope(self.ctx.module) if self.ctx.module is not None else None
            defined = set(module_scope.bindings) if module_scope is not None else set()
            self._shadowed = frozenset((defined | set(self.ctx.imports.aliases)) & BUILTINS)
        return self._shadowed

    def _allow_listed(self, arg: cst.BaseExpression, scope_node: cst.CSTNode) -> bool:
        """`if name in ALLOWED:` around the call, or `if name not in ALLOWED: return` before it."""
        if not isinstance(arg, cst.Name):
            return False
        name = arg.value
        ancestors = self.ctx.ancestors
        for index, node in enumerate(ancestors[:-1]):
            if isinstance(node, cst.If) and ancestors[index + 1] is node.body and _checked_name(node.test, name, (cst.In,)):
                return True
        body = getattr(getattr(scope_node, "body", None), "body", ())
        for earlier in body:
            if any(earlier is n for n in ancestors):
                break
            if isinstance(earlier, cst.If) and _checked_name(earlier.test, name, (cst.NotIn,)) and _leaves(earlier.body):
                return True
        return False
