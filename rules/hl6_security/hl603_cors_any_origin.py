"""HL603 cors-any-origin-credentials: CORS lets every origin make credentialed requests.

## What it does
Flags CORS set up to accept any origin while allowing credentials (cookies, Authorization): flask-cors
`CORS(app, supports_credentials=True)` or `@cross_origin(supports_credentials=True)` with no origins or
`"*"`, Starlette/FastAPI `CORSMiddleware` with `allow_credentials=True` and `allow_origins=["*"]` or an
`allow_origin_regex` that matches any host, and django-cors-headers settings that set
`CORS_ALLOW_ALL_ORIGINS` / `CORS_ORIGIN_ALLOW_ALL` (or a match-anything origin regex) together with
`CORS_ALLOW_CREDENTIALS = True`. Any origin *without* credentials, or credentials with a list of
origins, is not flagged.

## Why it matters
Browsers refuse `Access-Control-Allow-Origin: *` with credentials, so these libraries reflect the
caller's `Origin` instead. Then any web page a logged-in user visits can call the API with the user's
cookies and read the answer: account data, CSRF tokens, API keys.

## Example
```python
app.add_middleware(
    CORSMiddleware, allow_origins=["*"], allow_credentials=True, allow_methods=["*"],
)
```

## Use instead
```python
app.add_middleware(
    CORSMiddleware,
    allow_origins=settings.FRONTEND_ORIGINS,  # e.g. ["https://app.example.com"]
    allow_credentials=True,
    allow_methods=["GET", "POST"],
)
```

## Fix safety
No automatic fix: only you know which front-end origins are yours.

## References
- MDN, CORS "Requests with credentials": https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS#requests_with_credentials
- Starlette CORSMiddleware: https://www.starlette.io/middleware/#corsmiddleware
- CWE-942: Permissive Cross-domain Policy with Untrusted Domains
"""

from __future__ import annotations

import re

import libcst as cst

from hardlint.rule import Rule
from hardlint.literals import string_value
from hardlint.rules.hl7_api._routes import keyword, positional, string_list

FLASK_CORS = frozenset({"flask_cors.CORS", "flask_cors.cross_origin", "flask_cors.extension.CORS",
                        "flask_cors.decorator.cross_origin"})
CORS_MIDDLEWARE = frozenset({"starlette.middleware.cors.CORSMiddleware",
                             "fastapi.middleware.cors.CORSMiddleware"})
DJANGO_ALL = ("CORS_ALLOW_ALL_ORIGINS", "CORS_ORIGIN_ALLOW_ALL")
DJANGO_REGEXES = ("CORS_ALLOWED_ORIGIN_REGEXES", "CORS_ORIGIN_REGEX_WHITELIST")
PROBE_ORIGINS = ("https://attacker.example", "http://evil.test")


def _is_true(expr: cst.BaseExpression | None) -> bool:
    return isinstance(expr, cst.Name) and expr.value == "True"


def _regex_matches_anything(pattern: str | None) -> bool:
    if pattern is None:
        return False
    try:
        compiled = re.compile(pattern)
    except re.error:
        return False
    return all(compiled.fullmatch(origin) for origin in PROBE_ORIGINS)


def _any_origin(expr: cst.BaseExpression | None) -> bool:
    listed = string_list(expr) if expr is not None else None
    return listed is not None and any(item.strip() == "*" or _regex_matches_anything(item)
                                      for item in listed)


class CorsAnyOriginCredentials(Rule):
    code = "HL603"
    name = "cors-any-origin-credentials"
    severity = "high"
    message = "CORS allows any origin with credentials; list the front-end origins you trust"
    triggers = r"CORS|cross_origin"
    production_only = True

    FLAG = [
        """
        from flask import Flask
        from flask_cors import CORS

        app = Flask(__name__)
        CORS(app, supports_credentials=True)
        """,
        """
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)
        """,
        """
        from starlette.middleware import Middleware
        from starlette.middleware.cors import CORSMiddleware

        middleware = [Middleware(CORSMiddleware, allow_origin_regex=".*", allow_credentials=True)]
        """,
        """
        CORS_ALLOW_ALL_ORIGINS = True
        CORS_ALLOW_CREDENTIALS = True
        """,
        """
        from flask_cors import cross_origin

        @app.route("/me")
        @cross_origin(origins="*", supports_credentials=True)
        def me():
            return current_user()
        """,
        """
        from flask_cors import CORS

        CORS(app, resources={r"/api/*": {"origins": "*", "supports_credentials": True}})
        """,
        """
        from flask_cors import CORS

        CORS(app, resources={r"/api/*": {"methods": ["GET", "POST"]}}, supports_credentials=True)
        """,
    ]
    CLEAN = [
        """
        from flask_cors import CORS

        CORS(app, origins=["https://app.example.com"], supports_credentials=True)
        """,
        """
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET"])
        """,
        """
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=settings.ORIGINS, allow_credentials=True)
        """,
        """
        CORS_ALLOW_ALL_ORIGINS = True
        CORS_ALLOW_CREDENTIALS = False
        """,
        """
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origin_regex=r"https://.*\\.example\\.com",
                           allow_credentials=True)
        """,
        """
        from flask_cors import CORS

        CORS(app)
        """,
        """
        from flask_cors import CORS

        CORS(app, resources={r"/*": {"origins": allowed_origins}}, supports_credentials=True)
        """,
    ]

    def begin(self) -> None:
        self.django_all: list[cst.CSTNode] = []
        self.django_credentials = False

    def visit_Call(self, node: cst.Call) -> None:
        qualname = self.ctx.qualname(node.func)
        if qualname in FLASK_CORS:
            self._flask_cors(node)
            return
        middleware = positional(node, 0)
        if qualname in CORS_MIDDLEWARE or (
                middleware is not None and self.ctx.qualname(middleware.value) in CORS_MIDDLEWARE):
            credentials = keyword(node, "allow_credentials")
            origins = keyword(node, "allow_origins")
            regex = keyword(node, "allow_origin_regex")
            if _is_true(credentials.value if credentials else None) and (
                    _any_origin(origins.value if origins else None)
                    or _regex_matches_anything(string_value(regex.value) if regex else None)):
                self.report(node)

    def _flask_cors(self, node: cst.Call) -> None:
        credentials = keyword(node, "supports_credentials")
        origins = keyword(node, "origins")
        resources = keyword(node, "resources")
        if resources is None or not isinstance(resources.value, cst.Dict):
            # Without per-resource options the top-level origins apply (flask-cors defaults to "*").
            if _is_true(credentials.value if credentials else None) and (
                    origins is None or _any_origin(origins.value)):
                self.report(node)
            return
        for element in resources.value.elements:
            if not isinstance(element, cst.DictElement) or not isinstance(element.value, cst.Dict):
                continue
            options = {string_value(e.key): e.value for e in element.value.elements
                       if isinstance(e, cst.DictElement)}
            credential_on = _is_true(options.get("supports_credentials")) or _is_true(
                credentials.value if credentials else None)
            resource_origins = options.get("origins", origins.value if origins else None)
            if credential_on and (resource_origins is None or _any_origin(resource_origins)):
                self.report(node)
                return

    def visit_Assign(self, node: cst.Assign) -> None:
        if self.ctx.enclosing(cst.FunctionDef) is not None:
            return
        for target in node.targets:
            if not isinstance(target.target, cst.Name):
                continue
            name = target.target.value
            if name in DJANGO_ALL and _is_true(node.value):
                self.django_all.append(node)
            elif name in DJANGO_REGEXES and _any_origin(node.value):
                self.django_all.append(node)
            elif name == "CORS_ALLOW_CREDENTIALS" and _is_true(node.value):
                self.django_credentials = True

    def end(self) -> None:
        if self.django_credentials:
            for node in self.django_all:
                self.report(node)
