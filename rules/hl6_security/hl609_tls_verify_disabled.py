"""HL609 tls-verify-disabled: TLS certificate or host name verification is switched off.

## What it does
Flags `verify=False` on any requests or httpx call form (`requests.get`, `requests.request`, a
`Session`'s or `Client`'s methods, `requests.Session().get(...)`, `httpx.Client(verify=False)`,
boto3/botocore clients), `session.verify = False`, `verify_certs=False` / `verify_ssl=False` /
`ssl_verify=False` keywords (also through a module or local constant, `VERIFY_SSL = False`, and inside a
`**options` dict literal), aiohttp's `ssl=False`, `cert_reqs` / `ssl_cert_reqs` set to `CERT_NONE`,
`"CERT_NONE"`, `"NONE"` or `CERT_OPTIONAL` (urllib3 pools, `ssl.wrap_socket`, redis), a context's
`check_hostname = False` or `verify_mode = ssl.CERT_NONE`, and `ssl._create_unverified_context`. A
server-side context (`PROTOCOL_TLS_SERVER`, `Purpose.CLIENT_AUTH`, `server_side=True`) that does not
ask clients for certificates is normal and not flagged, nor is a `verify` value read from
configuration. Neither is an operator's explicit opt-out: verification switched off only on the branch
of a test that reads a setting saying so (`if PREFECT_API_TLS_INSECURE_SKIP_VERIFY:`, `if not
verify_ssl:`, `if ssl_config is False:`, the `else` of `if self.verify:`, the code after `if
ssl_context is not False: return ssl_context`), or a module-level insecure transport read only on such
branches. A branch on anything else (`if url.startswith("https://internal"):`, `if settings.DEBUG:`)
is still flagged.

## Why it matters
Without certificate verification TLS still encrypts, but to whoever answers: anyone on the path (a
coffee-shop Wi-Fi, a compromised router, a cloud neighbour doing ARP spoofing) can present any
certificate, read the traffic and change it, including the credentials and tokens the client sends.

## Example
```python
session = requests.Session()
session.verify = False
resp = session.post(f"{BILLING_URL}/charge", json=payload, timeout=10)
```

## Use instead
```python
session = requests.Session()
session.verify = "/etc/ssl/certs/internal-ca.pem"   # trust the internal CA instead of nothing
resp = session.post(f"{BILLING_URL}/charge", json=payload, timeout=10)
```

## Fix safety
No automatic fix: the right CA bundle for a self-signed or internal service has to be provided.

## References
- requests, "SSL Cert Verification": https://requests.readthedocs.io/en/latest/user/advanced/#ssl-cert-verification
- Python `ssl` module, "Security considerations": https://docs.python.org/3/library/ssl.html#security-considerations
- bandit B501 request_with_no_cert_validation and B323 unverified_context (this rule supersedes them)
- CWE-295: Improper Certificate Validation
"""

from __future__ import annotations

import re

import libcst as cst

from hardlint.imports import dotted_name
from hardlint.rule import Rule
from hardlint.literals import string_value
from hardlint.rules.hl6_security._local_literals import LocalLiterals
from hardlint.rules.hl6_security._tls_opt_in import local_binding, opted_in, used_only_on_opt_out
from hardlint.rules.hl7_api._routes import keyword, positional

HTTP_LIBRARIES = ("requests", "httpx", "boto3", "botocore", "aiohttp", "urllib3", "aiobotocore")
HTTP_CALLS = frozenset({"get", "options", "head", "post", "put", "patch", "delete", "request", "send", "stream",
                        "Session", "Client", "AsyncClient", "client", "resource", "urlopen", "ws_connect"})
HTTP_CALLER = re.compile(r"session|client|http|request|fetch|download|api", re.IGNORECASE)
TLS_KEYWORDS = ("verify_certs", "verify_ssl", "ssl_verify", "tls_verify")
CERT_REQS = ("cert_reqs", "ssl_cert_reqs")
UNVERIFIED = re.compile(r"^(ssl\.)?(CERT_NONE|CERT_OPTIONAL)$|^(CERT_)?(NONE|OPTIONAL)$", re.IGNORECASE)
SERVER_SIDE = re.compile(r"PROTOCOL_TLS_SERVER|CLIENT_AUTH|server_side\s*=\s*True")
UNVERIFIED_CONTEXT = "ssl._create_unverified_context"

MSG_VERIFY = "TLS certificate verification switched off (`verify=False`); trust a CA bundle instead"
MSG_CERT_REQS = "TLS peer certificate not required (`{}`); anyone on the path can impersonate the server"
MSG_HOSTNAME = "TLS host name check switched off; any valid certificate for any host is accepted"
MSG_CONTEXT = "`ssl._create_unverified_context` accepts any certificate; use `ssl.create_default_context()`"


def _callee(call: cst.Call) -> str:
    func = call.func
    return func.attr.value if isinstance(func, cst.Attribute) else (func.value if isinstance(func, cst.Name) else "")


def _unverified_mode(expr: cst.BaseExpression | None) -> str | None:
    """The spelling of CERT_NONE / CERT_OPTIONAL in `expr` (`ssl.CERT_NONE`, `"CERT_NONE"`, `"none"`).
    A bare `None` is not one: urllib3 and current redis-py read it as their verifying default."""
    if expr is None or (isinstance(expr, cst.Name) and expr.value == "None"):
        return None
    text = string_value(expr) or dotted_name(expr)
    return text if text is not None and UNVERIFIED.search(text) else None


class TlsVerifyDisabled(Rule):
    code = "HL609"
    name = "tls-verify-disabled"
    severity = "high"
    message = MSG_VERIFY
    triggers = (r"verify|cert_reqs|CERT_NONE|CERT_OPTIONAL|check_hostname|_create_unverified_context"
                r"|ssl\s*=[\s(]*False")
    production_only = True

    FLAG = [
        # An "opt-out" the code itself fixes is no operator's setting: a literal behind the test.
        """
        import requests

        INSECURE = True

        def fetch(url, shared):
            verify_ssl = False
            if INSECURE:
                requests.get(url, verify=False)
            if not verify_ssl:
                requests.get(url, verify=False)
            verify = True
            if verify:
                return shared
            return requests.get(url, verify=False)
        """,
        """
        import requests

        def charge(payload):
            return requests.post("https://billing.internal/charge", json=payload, verify=False, timeout=10)
        """,
        """
        import requests

        session = requests.Session()
        session.verify = False
        """,
        """
        import httpx

        client = httpx.Client(base_url=API_URL, verify=False)
        """,
        """
        import requests

        def fetch(session, url):
            return session.get(url, timeout=5, verify=False)
        """,
        """
        import ssl, urllib3

        pool = urllib3.PoolManager(cert_reqs=ssl.CERT_NONE)
        """,
        """
        import urllib3

        pool = urllib3.PoolManager(cert_reqs="CERT_NONE")
        """,
        """
        import ssl

        def connect(sock):
            return ssl.wrap_socket(sock, cert_reqs=ssl.CERT_OPTIONAL)
        """,
        """
        import ssl

        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        """,
        """
        import ssl, urllib.request

        def download(url):
            return urllib.request.urlopen(url, context=ssl._create_unverified_context())
        """,
        """
        import ssl

        ssl._create_default_https_context = ssl._create_unverified_context
        """,
        """
        import aiohttp

        async def fetch(session: aiohttp.ClientSession, url):
            async with session.get(url, ssl=False) as resp:
                return await resp.text()
        """,
        """
        import redis

        cache = redis.Redis(host=HOST, ssl=True, ssl_cert_reqs="none")
        """,
        """
        import ssl

        def server_context():
            return ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)

        client_context = ssl.create_default_context()
        client_context.check_hostname = False
        """,
        """
        from elasticsearch import Elasticsearch

        es = Elasticsearch(ES_HOSTS, verify_certs=False)
        """,
        """
        import requests

        VERIFY_SSL = False

        def fetch(url):
            return requests.get(url, verify=VERIFY_SSL, timeout=5)
        """,
        """
        import requests

        def fetch(url):
            options = {"timeout": 10, "verify": False}
            return requests.get(url, **options)
        """,
        """
        import httpx

        def client():
            verify = False
            return httpx.Client(verify=verify, **{"timeout": 5})
        """,
        """
        import ssl, urllib3

        def pool():
            mode = ssl.CERT_NONE
            return urllib3.PoolManager(cert_reqs=mode)
        """,
        """
        import requests

        def fetch(url):
            if url.startswith("https://internal"):
                return requests.get(url, verify=False, timeout=5)
            return requests.get(url, timeout=5)
        """,
        """
        import ssl

        def context(settings):
            ctx = ssl.create_default_context()
            if settings.DEBUG:
                ctx.check_hostname = False
            return ctx
        """,
        """
        import requests

        def fetch(url, verify_ssl):
            if verify_ssl:
                return requests.get(url, verify=False, timeout=5)
            return requests.get(url, timeout=5)
        """,
        """
        import ssl

        def realtime_ssl(url):
            shared = get_shared_ssl_context()
            if url.startswith("ws://"):
                return None
            unverified = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            unverified.check_hostname = False
            return unverified
        """,
        """
        import ssl

        class Mailer:
            def ssl_context(self):
                if self.ssl_certfile or self.ssl_keyfile:
                    return load_client_context(self.ssl_certfile, self.ssl_keyfile)
                else:
                    ssl_context = ssl.create_default_context()
                    ssl_context.check_hostname = False
                    return ssl_context
        """,
        """
        from httpx import AsyncHTTPTransport

        _insecure_transport = AsyncHTTPTransport(verify=False)

        class Webhook:
            def transport(self):
                return _http_transport if self.verify else _insecure_transport

            def other(self):
                return _insecure_transport
        """,
    ]
    CLEAN = [        """
        import requests

        def fetch(url, options):
            defaults = {"timeout": 10, "verify": True}
            requests.get(url, **defaults)
            return requests.get(url, **options)
        """,
        """
        import requests

        VERIFY_SSL = False

        def fetch(url, VERIFY_SSL=True):
            return requests.get(url, verify=VERIFY_SSL, timeout=5)

        def fetch_configured(url, settings):
            verify = settings.VERIFY
            return requests.get(url, verify=verify, timeout=5)
        """,
        """
        import requests

        def fetch(url, flag):
            verify = False
            verify, timeout = flag, 5
            return requests.get(url, verify=verify, timeout=timeout)

        def fetch_insecure(url, insecure):
            verify = True
            if insecure:
                verify = False
            return requests.get(url, verify=verify, timeout=5)

        class Client:
            verify = False

            def get(self, url):
                return requests.get(url, verify=verify)
        """,
        """
        import requests

        def charge(payload):
            return requests.post("https://billing.internal/charge", json=payload, timeout=10)
        """,
        """
        import requests

        def fetch(url, settings):
            return requests.get(url, verify=settings.CA_BUNDLE, timeout=5)
        """,
        """
        import requests

        session = requests.Session()
        session.verify = "/etc/ssl/internal-ca.pem"
        """,
        """
        import ssl

        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain("server.pem")
        context.verify_mode = ssl.CERT_NONE
        """,
        """
        import ssl, urllib3

        pool = urllib3.PoolManager(cert_reqs=ssl.CERT_REQUIRED, ca_certs=CA_FILE)
        other = urllib3.PoolManager(cert_reqs=None)
        cache = redis.Redis(host=HOST, ssl=True, ssl_cert_reqs=None)
        """,
        """
        import requests

        VERIFY_SSL = True

        def fetch(url, verify_ssl=False):
            return requests.get(url, verify=VERIFY_SSL, timeout=5)
        """,
        """
        import jwt

        def peek(token):
            return jwt.decode(token, verify=False)
        """,
        """
        def rebuild(index, verify=False):
            index.rebuild(verify=False)
        """,
        """
        import ssl

        def server_context():
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.verify_mode = ssl.CERT_NONE
            return context

        client_context = ssl.create_default_context()

        def serve(sock):
            return ssl.wrap_socket(sock, server_side=True, certfile=CERT, cert_reqs=ssl.CERT_NONE)
        """,
        """
        import ssl

        def create_ssl_context_for_websocket(uri):
            if PREFECT_API_TLS_INSECURE_SKIP_VERIFY:
                ctx = ssl.create_default_context()
                ctx.check_hostname = False
                ctx.verify_mode = ssl.CERT_NONE
                return ctx
            if get_current_settings().api.tls_insecure_skip_verify:
                return ssl._create_unverified_context()
            return ssl.create_default_context()
        """,
        """
        import ssl

        def build_ws_ssl(ssl_verify, url):
            ssl_config = get_ssl_configuration(ssl_verify)
            if ssl_config is False:
                ssl_config = ssl.create_default_context()
                ssl_config.check_hostname = False
            ssl_context = get_shared_context()
            if url.startswith("wss://") and ssl_context == False:
                ssl_context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
                ssl_context.verify_mode = ssl.CERT_NONE
            return ssl_config, ssl_context
        """,
        """
        import ssl, requests

        def realtime_ssl(url):
            shared = get_shared_realtime_ssl_context()
            if shared is not False:
                return shared
            unverified = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            unverified.check_hostname = False
            return unverified

        def fetch(url, verify_ssl=True):
            if not verify_ssl:
                return requests.get(url, verify=False, timeout=5)
            return requests.get(url, timeout=5)
        """,
        """
        from httpx import AsyncHTTPTransport

        _insecure_transport = AsyncHTTPTransport(verify=False)

        class Webhook:
            verify: bool = True

            def transport(self):
                return _http_transport if self.verify else _insecure_transport
        """,
    ]

    def begin(self) -> None:
        self._top_level: str | None = None
        self.literals = LocalLiterals()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.literals.enter(node)

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.literals.leave()

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self.literals.bind(node, self.ctx.ancestors)

    def visit_Call(self, node: cst.Call) -> None:
        qualname = self.ctx.qualname(node.func) or ""
        if qualname == UNVERIFIED_CONTEXT:
            self._flag(node, MSG_CONTEXT)
            return
        for name in CERT_REQS:
            mode = _unverified_mode(self._arg(node, name, qualname))
            if mode is not None and not self._server_side(node):
                self._flag(node, MSG_CERT_REQS.format(mode))
                return
        for name in TLS_KEYWORDS:
            if self.literals.is_false(self.literals.argument(node, name)):
                self._flag(node, MSG_VERIFY.replace("verify=False", f"{name}=False"))
                return
        if not self._http_call(node, qualname):
            return
        if self.literals.is_false(self.literals.argument(node, "verify")):
            self._flag(node)
        elif self.literals.is_false(self.literals.argument(node, "ssl")):
            self._flag(node, MSG_VERIFY.replace("verify=False", "ssl=False"))

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if dotted_name(node) == UNVERIFIED_CONTEXT and not isinstance(self.ctx.parent(), cst.Call):
            self._flag(node, MSG_CONTEXT)  # installed as the default: `ssl._create_default_https_context = ...`

    def visit_Assign(self, node: cst.Assign) -> None:
        self.literals.bind(node, self.ctx.ancestors)
        for target in node.targets:
            item = target.target
            if not isinstance(item, cst.Attribute):
                continue
            attribute = item.attr.value
            if attribute == "verify" and self.literals.is_false(node.value):
                self._flag(node)
            elif (attribute == "check_hostname" and self.literals.is_false(node.value)
                  and not self._server_side(node)):
                self._flag(node, MSG_HOSTNAME)
            elif attribute == "verify_mode" and not self._server_side(node):
                mode = _unverified_mode(self.literals.resolve(node.value))
                if mode is not None:
                    self._flag(node, MSG_CERT_REQS.format(mode))

    def _arg(self, node: cst.Call, name: str, qualname: str) -> cst.BaseExpression | None:
        """The value of `name` (also through a local constant or a `**options` dict)."""
        value = self.literals.argument(node, name)
        if value is None and name == "cert_reqs" and qualname == "ssl.wrap_socket":
            arg = positional(node, 4)
            value = arg.value if arg is not None else None
        return self.literals.resolve(value)

    def _http_call(self, node: cst.Call, qualname: str) -> bool:
        """A call of an HTTP client library, or a request method of a session or client object."""
        if "jwt" in qualname or "jose" in qualname:
            return False
        if qualname.split(".", 1)[0] in HTTP_LIBRARIES:
            return True
        func = node.func
        if isinstance(func, cst.Attribute):
            return func.attr.value in HTTP_CALLS
        return isinstance(func, cst.Name) and bool(HTTP_CALLER.search(func.value))

    def _server_side(self, node: cst.CSTNode) -> bool:
        """The context or socket belongs to a server: not asking clients for certificates is normal."""
        if isinstance(node, cst.Call):
            server = keyword(node, "server_side")
            if server is not None and isinstance(server.value, cst.Name) and server.value.value == "True":
                return True
        function = self.ctx.enclosing(cst.FunctionDef)
        if function is not None:
            return bool(SERVER_SIDE.search(cst.Module([]).code_for_node(function)))
        return bool(SERVER_SIDE.search(self._module_level_code()))

    def _module_level_code(self) -> str:
        """The module's own statements, without the functions and classes it defines."""
        if self._top_level is None:
            module = self.ctx.module
            self._top_level = "" if module is None else "".join(
                module.code_for_node(statement) for statement in module.body
                if not isinstance(statement, (cst.FunctionDef, cst.ClassDef)))
        return self._top_level

    def _flag(self, node: cst.CSTNode, message: str | None = None) -> None:
        """Report `node` unless only an operator's explicit opt-out reaches it."""
        if opted_in(self.ctx.ancestors, local_binding(self.ctx.enclosing(cst.FunctionDef))):
            return
        if self._opt_out_transport():
            return
        self.report(node, message)

    def _opt_out_transport(self) -> bool:
        """A module-level `insecure = Transport(verify=False)` read only where the setting says so."""
        statement = self.ctx.current_statement()
        module = self.ctx.module
        if module is None or not isinstance(statement, cst.SimpleStatementLine):
            return False
        if not any(top is statement for top in module.body):
            return False
        assign = statement.body[0] if len(statement.body) == 1 else None
        if not isinstance(assign, cst.Assign) or len(assign.targets) != 1:
            return False
        target = assign.targets[0].target
        return isinstance(target, cst.Name) and used_only_on_opt_out(module, target)
