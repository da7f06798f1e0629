"""HL304 untrusted-execution: request data reaches code execution, a shell or an unsafe deserializer.

## What it does
Follows a value from the request (`request.args`/`form`/`json`/`data`/`files`/`GET`/`POST`/`body`,
aiohttp `await request.post()`, a route's path parameters (`@app.route("/run/<cmd>")`,
`@router.get("/items/{name}")`, not `<int:id>` or `id: int`), the query, body, form and file
parameters of a FastAPI route (`def run(cmd: str)`, `Query(...)`, `Body(...)`, `await file.read()` of
an `UploadFile`, any `Request`-typed parameter; not `Depends(...)`, numbers, enums or `Literal`),
a Django view's URL parameters (`def view(request, name)`) and a class-based view's `self.kwargs`
and `self.request`, `self.path` and `self.get_argument()` in an http.server or tornado
`...RequestHandler`) through the assignments of the function and the calls that pass it on
(`base64.b64decode(data)`, `json.loads(raw)["expr"]`, `"ping {}".format(host)`) to a call that runs
it. A file an upload was saved to (`upload.save(path)`) is request data for whatever opens that
path later in the function (`pickle.load(open(path, "rb"))`). When a view hands request data to a
function of the same module whose parameter reaches such a call (`run_it(request.args["c"])` with
`def run_it(cmd): os.system(cmd)`, also through further helpers), the finding is at the view's call,
where the value enters, and names the helper's call beside it: one finding per entry point, and the
helper stays quiet for its other, trusted callers. The calls that run it are
`eval`/`exec`/`compile`, `__import__`/`importlib.import_module`, pickle,
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
(`if cmd in ALLOWED:` around the call, or `if cmd not in ALLOWED: return`/`raise` before it), and a
file the program wrote itself (`pickle.load(open(settings.CACHE_FILE, "rb"))`). Values that arrive as
function parameters are not traced across modules: bandit's B307/B602/B605 (on by default) still
report `eval` and shell commands built from any variable.

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
from typing import Iterator, Mapping, Sequence

import libcst as cst

from hardlint.imports import dotted_name
from hardlint.rule import Example, Rule, load_data
from hardlint.walker import children

from .taint import Scope, Tracker
from .untrusted_sources import (VIEW_SELF_INPUTS, django_parameters, fastapi_parameters, is_view_class, opened_path,
                                path_key, save_calls)

KINDS: Mapping[str, Mapping] = load_data(__file__, "hl304_untrusted.toml")["kinds"]
SINKS: dict[str, str] = {name: kind for kind, table in KINDS.items() for name in table["functions"]}
BUILTINS = frozenset({"eval", "exec", "compile", "__import__", "execfile"})
SAFE_LOADERS = frozenset(KINDS["yaml"]["safe_loaders"])
# `@app.route("/run/<cmd>")`, `@router.get("/items/{name}")`: path parameters are request data.
ROUTE_METHODS = frozenset({"route", "get", "post", "put", "patch", "delete", "api_route", "websocket"})
PATH_PARAMETER = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>|\{(\w+)(?::[^{}]*)?\}")
NUMERIC_CONVERTERS = frozenset({"int", "float", "uuid"})
MAX_SUMMARY_STATEMENTS = 120  # larger functions of the module are not summarised (their parameters stay unknown)
SAVE_CALL = re.compile(r"\bsave\b")  # files without the word have no saved upload to follow
MAX_SUMMARY_DEPTH = 8  # helpers calling helpers: followed this many calls deep
Sink = tuple[cst.Call, str, str]  # the sink call, its qualified name and its kind


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
        # FastAPI: query, body, form and file parameters, and a `Request` under any name.
        """
        import pickle, subprocess
        from typing import Annotated, Optional
        from fastapi import APIRouter, Body, File, Query, Request, UploadFile

        router = APIRouter()

        @router.get("/ping")
        def ping(host: str = Query(...)):
            return subprocess.check_output(f"ping -c 1 {host}", shell=True)

        @router.post("/restore")
        async def restore(state: UploadFile = File(...)):
            return pickle.loads(await state.read())

        @router.post("/calc")
        def calc(expression: Annotated[Optional[str], Body()] = None):
            return eval(expression)

        @router.get("/run")
        def run(r: Request):
            return eval(r.query_params["expr"])
        """,
        # `req` as aiohttp names the request, typed or not.
        """
        from aiohttp import web

        async def plugin(req: web.Request):
            return web.json_response(__import__(req.query["module"]).__version__)

        async def calc(req):
            return web.json_response(eval(req.query["expr"]))
        """,
        # Django: a view's URL parameter, a class-based view's `self.kwargs` and `self.request`.
        """
        import base64, os, pickle
        from django.http import HttpResponse
        from django.views import View

        def lookup(request, domain):
            return HttpResponse(os.popen("nslookup " + domain).read())

        def dig(request, domain):
            return HttpResponse(os.popen("dig {name}".format(name=domain)).read())

        class Restore(View):
            def post(self, request, *args, **kwargs):
                state = pickle.loads(base64.b64decode(self.kwargs["state"]))
                return HttpResponse(eval(self.request.POST["expr"]))
        """,
        # A helper of the module that runs its parameter, called with request data (also through
        # another helper); reported at the call, the helper's sink named beside it.
        """
        import os, subprocess
        from flask import request

        def run_it(cmd):
            os.system(cmd)

        def _shell(command):
            return subprocess.run(command, shell=True)

        def deploy(target):
            _shell("deploy " + target)

        def view():
            run_it(request.args["c"])
            deploy(target=request.form["target"])
        """,
        # An upload saved to disk and read back with an unsafe loader.
        """
        import os, pickle, yaml
        from flask import request
        from werkzeug.utils import secure_filename

        UPLOADS = "/srv/uploads"

        def restore():
            f = request.files["state"]
            path = os.path.join(UPLOADS, secure_filename(f.filename))
            f.save(path)
            with open(path, "rb") as fh:
                return pickle.load(fh)

        def config():
            upload = request.files["config"]
            target = os.path.join(UPLOADS, secure_filename(upload.filename))
            upload.save(target)
            return yaml.load(open(target), Loader=yaml.Loader)
        """,
        # Django's storage API: saved from `request.FILES`, opened again by name.
        """
        import pickle
        from django.core.files.storage import default_storage
        from django.http import JsonResponse

        def import_model(request):
            name = default_storage.save("imports/model.pkl", request.FILES["model"])
            with default_storage.open(name, "rb") as fh:
                return JsonResponse({"model": str(pickle.load(fh))})
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
        # Numeric path parameters, and a function's own parameters outside a route.
        """
        import os
        from flask import Flask

        app = Flask(__name__)

        @app.get("/legacy/<int:pid>")
        def legacy(pid):
            os.system("kill %d" % pid)

        def job(slot, command):
            os.system(command)
        """,
        # FastAPI: injected dependencies, framework objects, numbers, enums and `Literal` choices are not
        # client text; a function that is not a route keeps its parameters unknown.
        """
        import os
        from enum import Enum
        from typing import Annotated, Literal
        from fastapi import APIRouter, BackgroundTasks, Depends
        from app.deps import CurrentUser, Settings, get_settings

        router = APIRouter()

        class Tool(str, Enum):
            uptime = "uptime"
            df = "df"

        def get_command() -> str:
            return "uptime"

        @router.get("/jobs/{job_id}")
        def job(job_id: int, tool: Tool, mode: Literal["fast", "slow"], tasks: BackgroundTasks,
                command: str = Depends(get_command), other: Annotated[str, Depends(get_command)] = ""):
            os.system(f"kill {job_id}")
            os.system(tool.value)
            os.system(mode)
            os.system(command)
            os.system(other)
            tasks.add_task(os.system, "sync")

        def not_a_route(command: str):
            os.system(command)

        SettingsDep = Annotated[Settings, Depends(get_settings)]

        @router.post("/sync")
        def sync(settings: SettingsDep, user: CurrentUser):
            os.system(settings.sync_command)
            os.system(f"notify {user.email}")
        """,
        # Django: a view's typed URL parameter, helpers that take the request along (called here, or
        # private), a view class's own attributes, a module without Django.
        """
        import os, pickle
        from django.views import View

        def kill(request, pid: int):
            os.system(f"kill {pid}")

        def export(request, queryset):
            os.system("export " + queryset.query_name)

        def _archive(request, folder):
            os.system("tar czf out.tgz " + folder)

        def archive_view(request):
            export(request, Report.objects.all())
            return HttpResponse("ok")

        class Report(View):
            command = "uptime"

            def get(self, request):
                os.system(self.command)
                return pickle.loads(CachedReport.objects.get(key=request.GET["key"]).blob)
        """,
        """
        import os

        def handle(request, name):
            os.system(name)
        """,
        # A helper that checks its parameter, runs it as one argv item, or is only given constants;
        # recursion ends.
        """
        import os, subprocess
        from flask import request

        ALLOWED = {"uptime", "df"}

        def run_checked(cmd):
            if cmd not in ALLOWED:
                return
            os.system(cmd)

        def ping(host):
            subprocess.run(["ping", "-c", "1", host])

        def run_it(cmd):
            os.system(cmd)

        def loop(value):
            return loop(value)

        def view():
            run_checked(request.args["c"])
            ping(request.args["host"])
            run_it("uptime")
            loop(request.args["v"])
        """,
        # `req` that is a requirement, not a request: bound in the function or typed otherwise.
        """
        from packaging.requirements import Requirement

        def _installed(package):
            return __import__(package).__version__

        def pinned(req_str):
            req = Requirement(req_str)
            return _installed(req.name)

        def check(reqs):
            for req in reqs:
                _installed(req)

        def check_one(req: Requirement):
            return _installed(req.name)
        """,
        # A file the program wrote itself, and an uploaded one read with a safe loader.
        """
        import os, pickle, yaml
        from flask import request
        from werkzeug.utils import secure_filename
        from app import settings

        def cached():
            with open(settings.CACHE_FILE, "rb") as fh:
                return pickle.load(fh)

        def upload():
            f = request.files["config"]
            path = os.path.join(settings.UPLOADS, secure_filename(f.filename))
            f.save(path)
            with open(path) as fh:
                config = yaml.safe_load(fh)
            with open(settings.DEFAULTS) as fh:
                config.update(yaml.load(fh, Loader=yaml.Loader))
            report = build_report(config)
            report.save(settings.REPORT)
            return pickle.load(open(settings.REPORT, "rb"))
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
        self._django: bool | None = None
        self._saves: bool | None = None
        self._summaries: dict[str, dict[str, Sink]] = {}
        self._summarising: set[str] = set()
        self._saved: dict[int, frozenset[str | None]] = {}

    @property
    def tracker(self) -> Tracker:
        if self._tracker is None:
            self._tracker = Tracker(self.ctx.module or cst.Module(body=[]))
            self._tracker.through_calls = True
            self._tracker.operator_input = False
            self._tracker.judge_bound_roots = True
        return self._tracker

    @property
    def saves(self) -> bool:
        """The file calls some `.save(...)`: only then can an upload have been saved and read back."""
        if self._saves is None:
            self._saves = SAVE_CALL.search(self.ctx.source) is not None
        return self._saves

    @property
    def django(self) -> bool:
        if self._django is None:
            self._django = self.ctx.imports.imports_any("django", "rest_framework")
        return self._django

    def visit_Call(self, node: cst.Call) -> None:
        function = self.ctx.enclosing(cst.FunctionDef) or self.ctx.module
        if function is None:
            return
        cls = self.ctx.enclosing(cst.ClassDef)
        target = self._sink(node)
        if target is None:
            self._check_helper_call(node, function, cls)
            return
        label, kind = target
        scope = self._prepare(function, cls)
        arg = self._sink_argument(node, target, scope)
        if arg is None or not self._from_request(arg, function, scope, self.ctx.ancestors):
            return
        table = KINDS[kind]
        what = f"Request data (`{self._source(arg)}`)"
        if self.tracker.origin(arg, scope) != "request":
            what = f"A file an upload was saved to (`{self._source(arg)}`)"
        self.report(node, f"{what} reaches `{label}`, {_what(node, kind)}: {table['advice']}")

    def _check_helper_call(self, call: cst.Call, function: cst.CSTNode, cls: cst.ClassDef | None) -> None:
        """`run_it(request.args["cmd"])` where `run_it` is a function of this module that runs its parameter."""
        name = call.func.value if isinstance(call.func, cst.Name) else None
        helper = self.tracker.helpers.get(name) if name is not None else None
        if helper is None or helper is function:
            return
        scope = self._prepare(function, cls)
        ancestors = self.ctx.ancestors
        given = [(p, a) for p, a in bound_arguments(helper, call) if self._from_request(a, function, scope, ancestors)]
        summary = self._summary(name) if given else {}  # summarised only when request data is passed
        for param, arg in given:
            if param in summary:
                sink, label, kind = summary[param]
                self.report(call, f"Request data (`{self._source(arg)}`) reaches `{label}` through `{name}()` "
                                  f"(its parameter `{param}`), {_what(sink, kind)}: {KINDS[kind]['advice']}",
                            related=[(sink, f"`{label}` runs the value of `{name}()`'s parameter `{param}` here")])
                return

    def _prepare(self, function: cst.CSTNode, cls: cst.ClassDef | None) -> Scope:
        """The function's scope, with its request parameters and class context set on the tracker."""
        tracker = self.tracker
        scope = tracker.scope(function)
        if isinstance(function, cst.FunctionDef) and id(function) not in tracker.request_params:
            tracker.request_params[id(function)] = self._request_parameters(function, cls) - scope.numeric_params
        tracker.current_class = cls
        tracker.self_inputs = VIEW_SELF_INPUTS if is_view_class(cls, self.django) else frozenset()
        tracker.reset_budget()
        return scope

    def _request_parameters(self, function: cst.FunctionDef, cls: cst.ClassDef | None) -> frozenset[str]:
        """Route path parameters, FastAPI query/body parameters and Django URL parameters."""
        own_class = cls if cls is not None and any(s is function for s in getattr(cls.body, "body", ())) else None
        return (route_parameters(function) | fastapi_parameters(function, self.ctx.imports, self.tracker.module)
                | django_parameters(function, own_class, self.django, self.ctx.source))

    def _sink_argument(self, call: cst.Call, target: tuple[str, str], scope: Scope) -> cst.BaseExpression | None:
        """The argument of a sink call that must not come from the request (argv[0] for a subprocess)."""
        label, kind = target
        arg = _argument(call, KINDS[kind])
        if arg is None or (kind == "yaml" and label == "yaml.load" and _safe_yaml(call)):
            return None
        if kind == "process" and (not _shell(call) or isinstance(arg, (cst.List, cst.Tuple))):
            return _program(arg, scope)
        return arg

    def _from_request(self, arg: cst.BaseExpression, function: cst.CSTNode, scope: Scope,
                      ancestors: Sequence[cst.CSTNode]) -> bool:
        """The value comes from the request (or is a file an upload was saved to) and is not allow-listed."""
        if self.tracker.origin(arg, scope) != "request" and not self._reads_upload(arg, function, scope, ancestors):
            return False
        return not _allow_listed(arg, function, ancestors)

    def _reads_upload(self, arg: cst.BaseExpression, function: cst.CSTNode, scope: Scope,
                      ancestors: Sequence[cst.CSTNode]) -> bool:
        """`pickle.load(open(path, "rb"))` after `upload.save(path)` in the same function."""
        if not isinstance(function, cst.FunctionDef) or not self.saves:
            return False
        order = next((scope.order_of[id(n)] for n in reversed(ancestors) if id(n) in scope.order_of), 1 << 30)
        path = opened_path(arg, scope.bindings, order)
        if path is None:
            return False
        saved = self._saved.get(id(function))
        if saved is None:
            saved = self._saved[id(function)] = frozenset(path_key(c.args[0].value) for c in save_calls(function)
                                                          if self._saves_upload(c, scope)) - {None}
        return bool(saved) and path_key(path) in saved

    def _saves_upload(self, call: cst.Call, scope: Scope) -> bool:
        """`upload.save(path)` or `storage.save(path, upload)` with the upload from the request."""
        if call.args[0].keyword is not None:
            return False
        content = [a.value for a in call.args[1:2] if a.keyword is None]
        return any(self.tracker.origin(e, scope) == "request" for e in (call.func.value, *content))

    # -- helper summaries ----------------------------------------------------------------------
    def _summary(self, name: str) -> dict[str, Sink]:
        """The parameters of the module-level function `name` that reach a sink in it (directly or
        through another function of the module), each with that sink; computed once per function."""
        found = self._summaries.get(name)
        if found is not None:
            return found
        function = self.tracker.helpers.get(name)
        if function is None or name in self._summarising or len(self._summarising) >= MAX_SUMMARY_DEPTH:
            return {}  # a cycle (the function's own summary is being computed), or a chain too long to follow
        self._summarising.add(name)
        try:
            found = self._summarise(function)
        finally:
            self._summarising.discard(name)
        self._summaries[name] = found
        return found

    def _summarise(self, function: cst.FunctionDef) -> dict[str, Sink]:
        scope = self.tracker.scope(function)
        if not scope.params or scope.size > MAX_SUMMARY_STATEMENTS:
            return {}
        known = self.tracker.request_params
        own = known.get(id(function))
        found: dict[str, Sink] = {}
        try:
            for call, ancestors in calls_with_ancestors(function):
                for arg, sink in self._reached(call, scope):
                    if self._from_params(arg, frozenset(), function, scope, ancestors):
                        continue  # request data of the function's own: reported at the sink itself
                    for param in scope.params - found.keys():
                        if self._from_params(arg, frozenset({param}), function, scope, ancestors):
                            found[param] = sink
        finally:
            if own is None:
                known.pop(id(function), None)
            else:
                known[id(function)] = own
        return found

    def _from_params(self, arg: cst.BaseExpression, params: frozenset[str], function: cst.FunctionDef, scope: Scope,
                     ancestors: Sequence[cst.CSTNode]) -> bool:
        """Whether `arg` reaches the sink from request data when exactly `params` are request data."""
        self.tracker.request_params[id(function)] = params
        self._prepare(function, None)
        return self._from_request(arg, function, scope, ancestors)

    def _reached(self, call: cst.Call, scope: Scope) -> list[tuple[cst.BaseExpression, Sink]]:
        """The arguments of `call` that reach a sink, each with that sink."""
        target = self._sink(call)
        if target is not None:
            arg = self._sink_argument(call, target, scope)
            return [] if arg is None else [(arg, (call, *target))]
        name = call.func.value if isinstance(call.func, cst.Name) else None
        helper = self.tracker.helpers.get(name) if name is not None else None
        if helper is None:
            return []
        inner = self._summary(name)
        return [(arg, inner[param]) for param, arg in bound_arguments(helper, call) if param in inner]

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

    def _source(self, expr: cst.BaseExpression, limit: int = 40) -> str:
        """The source of an expression for a message, shortened to `limit` characters."""
        try:
            source = self.tracker.module.code_for_node(expr).strip()
        except RecursionError:  # a pathologically deep expression: name it by its start only
            source = "..."
        return source if len(source) <= limit else source[:limit - 3] + "..."


def _what(call: cst.Call, kind: str) -> str:
    """How the message names the sink: a subprocess with `shell=True` is a shell."""
    return KINDS["shell"]["what"] if kind == "process" and _shell(call) else KINDS[kind]["what"]


def _allow_listed(arg: cst.BaseExpression, function: cst.CSTNode, ancestors: Sequence[cst.CSTNode]) -> bool:
    """`if name in ALLOWED:` around the call, or `if name not in ALLOWED: return` before it."""
    if not isinstance(arg, cst.Name):
        return False
    name = arg.value
    for index, node in enumerate(ancestors[:-1]):
        if isinstance(node, cst.If) and ancestors[index + 1] is node.body and _checked_name(node.test, name, (cst.In,)):
            return True
    body = getattr(getattr(function, "body", None), "body", ())
    for earlier in body:
        if any(earlier is n for n in ancestors):
            break
        if isinstance(earlier, cst.If) and _checked_name(earlier.test, name, (cst.NotIn,)) and _leaves(earlier.body):
            return True
    return False


def bound_arguments(function: cst.FunctionDef, call: cst.Call) -> list[tuple[str, cst.BaseExpression]]:
    """(parameter, argument) pairs of a plain call; none when it unpacks `*args`/`**kwargs`."""
    if any(a.star for a in call.args):
        return []
    p = function.params
    names = [param.name.value for param in (*p.posonly_params, *p.params)]
    keywords = {param.name.value for param in (*p.params, *p.kwonly_params)}
    positional = [a.value for a in call.args if a.keyword is None]
    pairs = list(zip(names, positional))
    pairs += [(a.keyword.value, a.value) for a in call.args if a.keyword is not None and a.keyword.value in keywords]
    return pairs


def calls_with_ancestors(function: cst.FunctionDef) -> Iterator[tuple[cst.Call, tuple[cst.CSTNode, ...]]]:
    """Every call in the function's own body (not in nested functions, classes or lambdas), with the
    nodes from the function down to it."""
    stack: list[tuple[cst.CSTNode, tuple[cst.CSTNode, ...]]] = [(function.body, (function,))]
    while stack:
        node, above = stack.pop()
        if isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            continue
        chain = (*above, node)
        if isinstance(node, cst.Call):
            yield node, chain
        stack.extend((child, chain) for child in reversed(children(node)))
