"""HL604 csrf-disabled: CSRF protection is switched off for the app or for state-changing views.

## What it does
Flags `WTF_CSRF_ENABLED = False` (as a setting, a config-class attribute, `app.config[...] = False` or
`app.config.update(WTF_CSRF_ENABLED=False)`), Flask-WTF `@csrf.exempt` / `csrf.exempt(blueprint)`, and
Django `@csrf_exempt` / `method_decorator(csrf_exempt)` on views that accept POST, PUT, PATCH or
DELETE. Not flagged: testing configuration (classes or branches named for tests), exemptions on
GET-only views, webhook views that check a signature instead (the function is named `*webhook*` or
compares a signature), views authenticated by a header rather than a cookie (they read
`Authorization` or an API-key header), single sign-on callbacks posted by the identity provider
(SAML, OAuth, OpenID, social auth: their `state`/`RelayState` does the CSRF job), report beacons
that only read, log and answer (CSP reports, analytics pings), and `csrf.exempt(name)` applied to a
name computed at run time (an operator's exempt list, the view of the current request).

Across the project, it also flags Flask views that handle a form POST (a route accepting POST, PUT,
PATCH or DELETE that reads `request.form`, `request.values` or `request.files`) when the project
logs users in with cookies (`flask.session`, Flask-Login) and nothing in it mentions CSRF protection
(`CSRFProtect`, Flask-WTF forms, SeaSurf, a hand-written `csrf_token` check; switching it off or
exempting views is not protection). The project is the
directory above the file's outermost package (or the file's own directory outside packages).

## Why it matters
With cookie-based sessions, any site the user visits can submit a form or `fetch` to your API with
the user's cookies attached. The CSRF token is what tells your view the request came from your own
pages; without it an attacker can change the user's e-mail, password or payment details.

## Example
```python
@app.route("/account/email", methods=["POST"])
@csrf.exempt
def change_email():
    current_user.email = request.form["email"]
```

## Use instead
```python
@app.route("/account/email", methods=["POST"])
def change_email():          # CSRFProtect checks the token from the form or X-CSRFToken header
    current_user.email = request.form["email"]
```
For machine-to-machine endpoints, authenticate with a token in a header (not a cookie) or verify a
webhook signature, and keep CSRF on for everything the browser calls.

## Fix safety
No automatic fix: removing an exemption breaks clients that do not send a token yet.

## References
- OWASP CSRF Prevention Cheat Sheet: https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html
- Flask-WTF CSRF protection: https://flask-wtf.readthedocs.io/en/latest/csrf/
- Django, "How to use Django's CSRF protection": https://docs.djangoproject.com/en/stable/howto/csrf/
- CWE-352: Cross-Site Request Forgery
"""

from __future__ import annotations

import re

import libcst as cst

from typing import Sequence

from hardlint.finding import Fact, Finding
from hardlint.imports import dotted_name
from hardlint.rule import Rule
from hardlint.literals import string_value
from hardlint.rules.hl7_api._routes import UNSAFE_METHODS, accepted_methods, handler_routes, keyword
from hardlint.rules.hl8_structure._modules import project_of
from hardlint.walker import iter_nodes

SETTING = "WTF_CSRF_ENABLED"
DJANGO_EXEMPT = frozenset({"django.views.decorators.csrf.csrf_exempt"})
CSRF_PROTECT = frozenset({"flask_wtf.csrf.CSRFProtect", "flask_wtf.CSRFProtect", "flask_wtf.csrf.CsrfProtect"})
TESTING = re.compile(r"test", re.IGNORECASE)
SIGNED = re.compile(r"webhook|signature|compare_digest|construct_event|verify_", re.IGNORECASE)
SSO_CALLBACK = re.compile(r"saml|sso|oauth|oidc|openid|social|callback", re.IGNORECASE)
HEADER_AUTH = re.compile(r"authorization|x-api-key|api[-_]key|bearer", re.IGNORECASE)
# Calls a report beacon makes: logging, parsing the body, building the answer.
READ_ONLY_CALLS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "loads",
                             "dumps", "decode", "encode", "get", "urlparse", "urlsplit", "format", "str", "int",
                             "float", "bool", "len", "reverse", "strip", "lower", "upper", "split",
                             "isinstance", "getattr", "HttpResponse", "HttpResponseBadRequest", "JsonResponse",
                             "HttpResponseNotAllowed", "jsonify", "make_response", "Response"})
WRITES = re.compile(r"create|update|delete|save|set|add|remove|insert|commit", re.IGNORECASE)

# Project phase: what a file says about CSRF protection and cookie logins.
PROTECTION = re.compile(r"csrf_?protect|seasurf|flask_wtf|FlaskForm|csrf_token|(check|validate|verify|generate)_csrf",
                        re.IGNORECASE)
COOKIE_LOGIN = re.compile(r"\bflask_login\b|\bflask\.session\b|from\s+flask\s+import\s+(?:\([^)]*|[^\n]*)\bsession\b")
FORM_DATA = frozenset({"form", "values", "files"})
FORM_FACT, PROTECTED_FACT, COOKIE_FACT = "HL604.form", "HL604.protected", "HL604.cookie_login"

MSG_SETTING = "CSRF protection switched off (WTF_CSRF_ENABLED = False)"
MSG_EXEMPT = "CSRF check exempted on a view that changes state; keep the token check"


def _is_false(expr: cst.BaseExpression | None) -> bool:
    return isinstance(expr, cst.Name) and expr.value == "False"


class CsrfDisabled(Rule):
    code = "HL604"
    name = "csrf-disabled"
    severity = "high"
    message = MSG_SETTING
    triggers = r"(?i)csrf|seasurf|flask"
    production_only = True

    FLAG = [
        """
        WTF_CSRF_ENABLED = False
        SECRET_KEY = os.environ["SECRET_KEY"]
        """,
        """
        app = Flask(__name__)
        app.config["WTF_CSRF_ENABLED"] = False
        """,
        """
        class ProductionConfig:
            DEBUG = False
            WTF_CSRF_ENABLED = False
        """,
        """
        from flask_wtf.csrf import CSRFProtect

        csrf = CSRFProtect(app)

        @app.route("/transfer", methods=["POST"])
        @csrf.exempt
        def transfer():
            move_money(request.form)
        """,
        """
        from django.views.decorators.csrf import csrf_exempt

        @csrf_exempt
        def update_profile(request):
            request.user.email = request.POST["email"]
            request.user.save()
        """,
        """
        app.config.update(WTF_CSRF_ENABLED=False, SESSION_COOKIE_SECURE=True)
        """,
        """
        from django.views.decorators.csrf import csrf_exempt

        @csrf_exempt
        def collect_metrics(request):
            Metric.objects.create(user=request.user, payload=request.body)
            return HttpResponse(status=204)
        """,
        """
        from django.views.decorators.csrf import csrf_exempt

        @csrf_exempt
        def set_theme(request):
            request.session["theme"] = request.POST.get("theme")
            logger.info("theme changed")
            return HttpResponse()
        """,
        """
        from flask_wtf.csrf import CSRFProtect

        csrf = CSRFProtect()
        csrf.exempt(api_blueprint)
        """,
    ]
    CLEAN = [
        """
        class TestingConfig:
            TESTING = True
            WTF_CSRF_ENABLED = False
        """,
        """
        if app.testing:
            app.config["WTF_CSRF_ENABLED"] = False
        """,
        """
        from flask_wtf.csrf import CSRFProtect

        csrf = CSRFProtect(app)

        @app.route("/status")
        @csrf.exempt
        def status():
            return {"ok": True}
        """,
        """
        from django.views.decorators.csrf import csrf_exempt

        @csrf_exempt
        def stripe_webhook(request):
            event = stripe.Webhook.construct_event(request.body, request.headers["Stripe-Signature"], SECRET)
            handle(event)
        """,
        """
        from django.views.decorators.csrf import csrf_exempt
        from django.views.decorators.http import require_GET

        @csrf_exempt
        @require_GET
        def health(request):
            return JsonResponse({"ok": True})
        """,
        """
        import json, logging
        from django.views.decorators.csrf import csrf_exempt

        logger = logging.getLogger(__name__)

        @csrf_exempt
        def csp_report(request):
            try:
                body = json.loads(request.body.decode())
                logger.warning("CSP violation at {r[document-uri]}".format(r=body["csp-report"]))
            except (ValueError, KeyError):
                return HttpResponseBadRequest()
            return HttpResponse()
        """,
        """
        from django.views.decorators.csrf import csrf_exempt

        @csrf_exempt
        @require_http_methods(["POST"])
        def bad_origin_report(request):
            if request.POST.get("origin") != settings.SITE_URL:
                logger.warning(f"unexpected origin from {get_client_ip(request)}")
            resp = HttpResponse()
            resp["Access-Control-Allow-Origin"] = "*"
            return resp
        """,
        """
        from django.views.decorators.csrf import csrf_exempt

        @csrf_exempt
        def social_complete(request, backend):
            return complete(request, backend)
        """,
        """
        from django.views.decorators.csrf import csrf_exempt

        @csrf_exempt
        def git_export(request, path):
            auth = request.headers.get("authorization", "")
            if not authenticate(request, auth):
                return response_authenticate()
            return run_git_http_backend(request, path)
        """,
        """
        from flask_wtf.csrf import CSRFProtect

        csrf = CSRFProtect()

        def configure(app):
            csrf.init_app(app)
            for view in app.config["WTF_CSRF_EXEMPT_LIST"]:
                csrf.exempt(view)
        """,
        """
        WTF_CSRF_ENABLED = True
        WTF_CSRF_TIME_LIMIT = None
        """,
    ]

    def begin(self) -> None:
        self.protectors: set[str] = {"csrf", "csrf_protect"}
        self.project = project_of(self.ctx.path)
        if PROTECTION.search(self.ctx.source):
            self.record_at(PROTECTED_FACT, 1, 1, project=self.project)
        if COOKIE_LOGIN.search(self.ctx.source):
            self.record_at(COOKIE_FACT, 1, 1, project=self.project)

    def _in_testing_context(self) -> bool:
        for node in self.ctx.ancestors:
            if isinstance(node, cst.ClassDef) and TESTING.search(node.name.value):
                return True
            if isinstance(node, cst.FunctionDef) and TESTING.search(node.name.value):
                return True
            if isinstance(node, cst.If) and TESTING.search(cst.Module([]).code_for_node(node.test)):
                return True
        return False

    def visit_Assign(self, node: cst.Assign) -> None:
        value = node.value
        if isinstance(value, cst.Call) and self.ctx.qualname(value.func) in CSRF_PROTECT:
            for target in node.targets:
                if isinstance(target.target, cst.Name):
                    self.protectors.add(target.target.value)
            return
        if not _is_false(value):
            return
        for target in node.targets:
            item = target.target
            hit = isinstance(item, cst.Name) and item.value == SETTING
            if isinstance(item, cst.Subscript) and len(item.slice) == 1:
                index = item.slice[0].slice
                hit = isinstance(index, cst.Index) and string_value(index.value) == SETTING
            if hit and not self._in_testing_context():
                self.report(node)

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if not isinstance(func, cst.Attribute):
            return
        attr = func.attr.value
        if attr in ("update", "from_mapping"):
            setting = keyword(node, SETTING)
            off = setting is not None and _is_false(setting.value)
            for arg in node.args:
                if isinstance(arg.value, cst.Dict):
                    off = off or any(isinstance(e, cst.DictElement) and string_value(e.key) == SETTING
                                     and _is_false(e.value) for e in arg.value.elements)
            if off and not self._in_testing_context():
                self.report(node)
        elif attr == "exempt" and dotted_name(func.value) in self.protectors:
            parent = self.ctx.parent()
            if isinstance(parent, cst.Decorator) or self._computed_at_run_time(node):
                return  # a decorator is judged with the decorated function
            self.report(node, "CSRF check exempted for a whole blueprint or view; keep the token check")

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._record_form_view(node)
        exempt = None
        for decorator in node.decorators:
            target = decorator.decorator
            if isinstance(target, cst.Attribute) and target.attr.value == "exempt" and dotted_name(
                    target.value) in self.protectors:
                exempt = decorator
            elif self.ctx.qualname(target) in DJANGO_EXEMPT:
                exempt = decorator
        if exempt is None or SIGNED.search(node.name.value) or SSO_CALLBACK.search(node.name.value):
            return
        if self._checks_signature(node) or _header_authenticated(node) or _read_only(node):
            return
        methods = accepted_methods(node, self.ctx.enclosing(cst.ClassDef))
        if methods is None or methods & UNSAFE_METHODS:
            self.report(exempt, MSG_EXEMPT)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        for decorator in node.decorators:
            target = decorator.decorator
            if not isinstance(target, cst.Call) or not target.args:
                continue
            if (dotted_name(target.func) or "").endswith("method_decorator") and self.ctx.qualname(
                    target.args[0].value) in DJANGO_EXEMPT:
                defined = {s.name.value for s in node.body.body if isinstance(s, cst.FunctionDef)}
                if defined & {"post", "put", "patch", "delete", "dispatch"} or not defined:
                    self.report(decorator, MSG_EXEMPT)

    def _record_form_view(self, node: cst.FunctionDef) -> None:
        """A Flask route that takes POST (PUT, PATCH, DELETE) and reads form data."""
        routes = handler_routes(node)
        if not routes or not any(route.methods is None or set(route.methods) & UNSAFE_METHODS for route in routes):
            return
        for inner in iter_nodes(node.body):
            if (isinstance(inner, cst.Attribute) and inner.attr.value in FORM_DATA
                    and self.ctx.qualname(inner.value) == "flask.request"):
                self.record(FORM_FACT, node.name, project=self.project, view=node.name.value)
                return

    @classmethod
    def check_project(cls, facts: Sequence[Fact]) -> list[Finding]:
        """Form views of projects that log users in with cookies and mention no CSRF protection."""
        protected = {f.data["project"] for f in facts if f.kind == PROTECTED_FACT}
        cookie_login = {f.data["project"] for f in facts if f.kind == COOKIE_FACT}
        return [
            Finding(code=cls.code, path=fact.path, line=fact.line, column=fact.column, end_line=fact.line,
                    end_column=fact.column + len(fact.data["view"]), severity=cls.severity, name=cls.name,
                    message=f"Form POST view `{fact.data['view']}` in a project with cookie logins and no CSRF "
                            "protection anywhere; add `CSRFProtect(app)` (Flask-WTF)")
            for fact in sorted(facts, key=lambda f: (f.path, f.line))
            if fact.kind == FORM_FACT and fact.data["project"] in cookie_login
            and fact.data["project"] not in protected
        ]

    def _computed_at_run_time(self, node: cst.Call) -> bool:
        """`csrf.exempt(name)` where `name` is a parameter, loop variable or local of the function."""
        target = node.args[0].value if node.args else None
        function = self.ctx.enclosing(cst.FunctionDef)
        if not isinstance(target, cst.Name) or function is None:
            return False
        if any(param.name.value == target.value for param in function.params.params):
            return True
        for inner in iter_nodes(function.body):
            if isinstance(inner, (cst.For, cst.AssignTarget)):
                bound = inner.target
                if any(isinstance(n, cst.Name) and n.value == target.value for n in iter_nodes(bound)):
                    return True
        return False

    @staticmethod
    def _checks_signature(node: cst.FunctionDef) -> bool:
        for inner in iter_nodes(node.body):
            if isinstance(inner, cst.Name) and SIGNED.search(inner.value):
                return True
            if isinstance(inner, cst.SimpleString) and SIGNED.search(inner.value):
                return True
        return False


def _header_authenticated(node: cst.FunctionDef) -> bool:
    """The view reads the `Authorization` header or an API key: a cookie does not authenticate it."""
    for inner in iter_nodes(node.body):
        if isinstance(inner, cst.SimpleString) and HEADER_AUTH.search(inner.value):
            return True
        if isinstance(inner, cst.Attribute) and inner.attr.value == "authorization":
            return True
    return False


def _callee(call: cst.Call) -> str:
    func = call.func
    return func.attr.value if isinstance(func, cst.Attribute) else (func.value if isinstance(func, cst.Name) else "")


def _response_locals(node: cst.FunctionDef) -> set[str]:
    """Local names bound to a response the view builds (`resp = HttpResponse()`)."""
    names = set()
    for inner in iter_nodes(node.body):
        if not (isinstance(inner, cst.Assign) and isinstance(inner.value, cst.Call)):
            continue
        callee = _callee(inner.value)
        if "Response" in callee or callee in ("jsonify", "make_response"):
            names.update(t.target.value for t in inner.targets if isinstance(t.target, cst.Name))
    return names


def _read_only(node: cst.FunctionDef) -> bool:
    """Every call in the view only logs, parses or answers (a CSP report, an analytics beacon), and it
    stores nothing into an attribute or item (`request.session["k"] = ...`) but its own response."""
    responses = _response_locals(node)
    for inner in iter_nodes(node.body):
        if isinstance(inner, (cst.AssignTarget, cst.AugAssign)) and isinstance(
                inner.target, (cst.Subscript, cst.Attribute)):
            root = inner.target.value
            if not (isinstance(root, cst.Name) and root.value in responses):
                return False
        if isinstance(inner, cst.Call):
            name = _callee(inner)
            reads = name in READ_ONLY_CALLS or (name.startswith("get_") and not WRITES.search(name))
            if not reads:
                return False
    return True
