"""HL605 secret-in-log: a password, token, API key or other secret is written to a log or printed.

## What it does
Flags `print(...)`, `pprint(...)` and logging calls (`logging.*`, `logger.*`, `app.logger.*`, loguru,
structlog, and any object assigned from `logging.getLogger(...)` / `structlog.get_logger()` whatever
its name) whose interpolated values, %-arguments, `.format()` arguments, keyword fields or
`extra={...}` entries are named like a secret: password, passwd, secret, token, JWT, API key,
access/private key, credentials, the Authorization header, `SECRET_KEY`, or a connection URL that
carries credentials (`DATABASE_URL`, `SQLALCHEMY_DATABASE_URI`, `broker_url`, a DSN); or are a string
the function builds from one (`dsn = f"postgresql://{user}:{password}@{host}/app"`, then
`log.info("%s", dsn)`). Logging a request's whole `headers` (they carry `Authorization` and `Cookie`)
and `set_trace_callback(print)` on a sqlite3 connection (every statement with its bound values goes
to stdout or the log) are flagged too.

Only the values are examined, never the message text, so `log.info("password changed for %s",
user.email)` is fine. Not flagged either: names that describe a secret instead of holding it
(`token_type`, `password_length`, `token_expires_at`, `total_tokens`, `tokens_before`, `token_alg`,
`next_page_token`, `api_key_spend`, `key_alias`, `token_issuer`, `team_id_jwt_field`, `is_jwt`,
`reservation_token`, `UPDATE_USER_PASSWORD` route names, upper-case header-name constants such as
`API_KEY_HEADER`); booleans about a secret (`token is not None`, `not api_key`, the condition of
`a if token else b`); values passed through `len()`, `type()`, `mask()`, `redact()`, `hash()`,
`abbreviate_api_key()`, a call given a mask (`url.replace(password, "***")`,
`re.sub(..., ":***@", dsn)`) or sliced (`token[-4:]`), also as a dict entry
(`{**data, "token": hash_token(token)}`) or in a local reassigned to its masked copy before it is
logged (`key = key[:8] + "***"`); URLs without credentials
(`"postgresql://db:5432/app"`, `f"postgresql://{host}/{name}"`); `print` in an interactive command
(one that calls `input()` or `getpass`: the operator sees their own value on their terminal);
`.info(...)` on an object not known to be a logger and not in a logging call's shape
(`messages.info(request, ...)`, a widget's `panel.info(...)`); and objects that are plainly not the
secret string (a token *model* instance the function also saves, deletes or reads attributes of: its
repr shows ids).

## Why it matters
Logs are copied to files, aggregators, support tickets and third-party services, and are read by
far more people than the database. A password or bearer token in a log line is a credential leak
with a long shelf life, and usually nobody notices until the log store itself leaks.

## Example
```python
logger.info("login attempt user=%s password=%s", username, password)
print(f"issued token {access_token}")
```

## Use instead
```python
logger.info("login attempt user=%s", username)
logger.debug("issued token ending %s", access_token[-4:])
```

## Fix safety
No automatic fix: deciding what to log instead needs a human.

## References
- OWASP Logging Cheat Sheet, "Data to exclude": https://cheatsheetseries.owasp.org/cheatsheets/Logging_Cheat_Sheet.html
- CWE-532: Insertion of Sensitive Information into Log File
"""

from __future__ import annotations

import re

import libcst as cst

from hardlint.imports import dotted_name
from hardlint.literals import string_value
from hardlint.rule import Rule
from hardlint.rules.hl6_security._names import NOT_A_VALUE, callee, is_secret_name, value_names
from hardlint.walker import children, iter_nodes

LOG_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "fatal",
                         "log", "msg", "success", "trace"})
LOGGER_NAME = re.compile(r"(^|_)(log|logger|logging|LOG|LOGGER|Log|Logger)$")
LOGGER_FACTORIES = frozenset({"logging.getLogger", "logging.LoggerAdapter", "structlog.get_logger",
                              "structlog.getLogger", "structlog.wrap_logger", "structlog.stdlib.get_logger"})
# Annotations that make a name a logger: `logger: logging.Logger`, `log: "structlog.BoundLogger"`.
LOGGER_TYPE = re.compile(r"(?:^|[\s.\[|,])(?:Logger|LoggerAdapter|BoundLogger|FilteringBoundLogger|BoundLoggerLazyProxy)"
                         r"(?:$|[\s\]|,])")
# A %-style log message with a value: `x.info("checked %s", value)` (the logging call's shape).
PERCENT_FORMAT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[srdifgxXeEc]")
PRINTERS = frozenset({"print", "pprint"})
INTERACTIVE = re.compile(r"\bgetpass\b|\binput\(")
IGNORED_KEYWORDS = frozenset({"exc_info", "stack_info", "stacklevel", "file", "sep", "end", "flush"})
# Values that are secrets although `_names.SECRET` does not spell them so: a JWT or bearer value, named by
# the word last (`encoded_jwt`, `user_jwt_str`), not a thing about one (`jwt_claims`, `team_id_jwt_field`).
JWT = re.compile(r"(jwt|bearer)(_?(str|string|value|encoded))?$", re.IGNORECASE)
# An upper-case constant naming a header (`API_KEY_HEADER`, `FORWARD_USER_INFO_HEADER_JWT`): a header name.
HEADER_CONSTANT = re.compile(r"(^|_)HEADERS?(_|$)")
CONNECTION_URL = re.compile(
    r"(database|(^|_)db|sqlalchemy|broker|redis|mongo(db)?|amqp|postgres(ql)?|mysql|celery|result_backend)_?"
    r"(url|uri|dsn)(_decrypted)?$|(^|_)dsn$|conn(ection)?_?str(ing)?$", re.IGNORECASE)
# Names that hold no secret although they contain a secret word: algorithm names, pagination
# cursors, constants naming an action on a secret (`UPDATE_USER_PASSWORD` is a route), tokens that
# coordinate work instead of granting access (`reservation_token`, `idempotency_token`, `lease_token`).
DESCRIBES_A_SECRET = re.compile(
    r"(^|_)alg(_|$)|algorithm|page|cursor|continuation|^(update|change|create|delete|get|set|check|validate)_|"
    r"(reservation|lease|lock|idempotency|cancel(lation)?|fencing)_?token",
    re.IGNORECASE)
REQUEST = re.compile(r"(^|\.)(request|req)$")
# `str` methods: calling one says the value is still the secret string, not an object around it.
STR_METHODS = frozenset(dir(str))
STORE_CALLS = frozenset({"add", "delete", "merge", "refresh", "expunge", "save", "populate_obj"})


def _logger_annotation(annotation: cst.BaseExpression) -> bool:
    """`logging.Logger`, `"Logger"`, `Logger | None`, `Optional[structlog.BoundLogger]`."""
    if isinstance(annotation, cst.BinaryOperation) and isinstance(annotation.operator, cst.BitOr):
        return _logger_annotation(annotation.left) or _logger_annotation(annotation.right)
    if isinstance(annotation, cst.Subscript) and (dotted_name(annotation.value) or "").endswith("Optional"):
        index = annotation.slice[0].slice if len(annotation.slice) == 1 else None
        return isinstance(index, cst.Index) and _logger_annotation(index.value)
    name = string_value(annotation) or dotted_name(annotation) or ""
    return bool(LOGGER_TYPE.search(name))


def _logging_shaped(call: cst.Call) -> bool:
    """`x.info("checked %s", value)`: a %-style message first, then the values it formats."""
    plain = [a for a in call.args if a.keyword is None and not a.star]
    message = string_value(plain[0].value) if len(plain) > 1 else None
    return message is not None and PERCENT_FORMAT.search(message) is not None


def _constant(expr: cst.BaseExpression) -> bool:
    return isinstance(expr, (cst.SimpleString, cst.Integer, cst.Float)) or (
        isinstance(expr, cst.Name) and expr.value in ("None", "True", "False"))


def is_logged_secret(name: str) -> bool:
    if DESCRIBES_A_SECRET.search(name) or (name.isupper() and HEADER_CONSTANT.search(name)):
        return False
    return is_secret_name(name) or bool(JWT.search(name) and not NOT_A_VALUE.search(name)) or bool(
        CONNECTION_URL.search(name))


def object_names(function: cst.CSTNode) -> set[str]:
    """Last names of the values `function` treats as objects, not strings: it reads attributes or calls
    methods `str` has not, builds them from a class (`token = PersonalToken(...)`) or stores them
    (`db.session.delete(token)`)."""
    found: set[str] = set()
    for inner in iter_nodes(function):
        if isinstance(inner, cst.Attribute) and inner.attr.value not in STR_METHODS:
            base = dotted_name(inner.value)
            if base:
                found.add(base.rsplit(".", 1)[-1])
        elif isinstance(inner, cst.Assign) and isinstance(inner.value, cst.Call) and callee(inner.value)[:1].isupper():
            found.update(name.rsplit(".", 1)[-1] for t in inner.targets if (name := dotted_name(t.target)))
        elif isinstance(inner, cst.Call) and callee(inner) in STORE_CALLS:
            found.update(name.rsplit(".", 1)[-1] for a in inner.args if (name := dotted_name(a.value)))
    return found


_STRING_LITERALS = (cst.SimpleString, cst.FormattedString, cst.ConcatenatedString)


def _builds_string(expr: cst.BaseExpression) -> bool:
    """An f-string, a %-format or `+` that starts from a literal, or `"...".format(...)`/`"".join(...)`:
    text built from values (`f"postgresql://{user}:{password}@{host}/app"`), not an object."""
    if isinstance(expr, (cst.FormattedString, cst.ConcatenatedString)):
        return True
    if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) and expr.func.attr.value in ("format", "join"):
        return isinstance(expr.func.value, _STRING_LITERALS)
    leftmost = expr
    while isinstance(leftmost, cst.BinaryOperation) and isinstance(leftmost.operator, (cst.Modulo, cst.Add)):
        leftmost = leftmost.left
    return leftmost is not expr and isinstance(leftmost, _STRING_LITERALS)


def _simple_assignment(node: cst.CSTNode) -> tuple[str, cst.BaseExpression] | None:
    """(name, value) for `name = value` and `name: T = value`."""
    if isinstance(node, cst.Assign) and len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name):
        return node.targets[0].target.value, node.value
    if isinstance(node, cst.AnnAssign) and isinstance(node.target, cst.Name) and node.value is not None:
        return node.target.value, node.value
    return None


def _masked_copy(value: cst.BaseExpression) -> bool:
    """`value` reads a secret only through a mask: `api_key[:8] + "*" * 15`, `hash_token(token)` (a
    function named like a secret, `make_token(user)`, reads none)."""
    functions = {id(n.func) for n in iter_nodes(value) if isinstance(n, cst.Call)}
    return any(isinstance(n, cst.Name) and id(n) not in functions and is_logged_secret(n.value)
               for n in iter_nodes(value)) and not any(is_logged_secret(name) for name in value_names(value))


def masked_before(function: cst.CSTNode, call: cst.Call) -> set[str]:
    """Names `function` last sets, before `call` in source order, to a masked copy of a secret:
    `_api_key = _api_key[:8] + "*" * 15` and then `log.debug("key %s", _api_key)`."""
    found: set[str] = set()
    for inner in iter_nodes(function):
        if inner is call:
            break
        assigned = _simple_assignment(inner)
        if assigned is not None:
            (found.add if _masked_copy(assigned[1]) else found.discard)(assigned[0])
    return found


def built_secrets(function: cst.CSTNode) -> dict[str, str]:
    """{local name: the secret it was built from} for the strings `function` builds from a secret:
    `dsn = f"postgresql://{user}:{password}@{host}/app"` -> {"dsn": "password"}."""
    found: dict[str, str] = {}
    for inner in iter_nodes(function):
        assigned = _simple_assignment(inner)
        if assigned is None:
            continue
        target, value = assigned
        if _builds_string(value):
            secret = next((name for name in value_names(value) if is_logged_secret(name)), None)
            if secret is not None:
                found.setdefault(target, secret)
    return found


def _whole_headers(expr: cst.BaseExpression) -> bool:
    """`expr` passes a request's `headers` (or Django's `META`) itself, not one header read from it."""
    stack: list[cst.CSTNode] = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Attribute):
            if node.attr.value in ("headers", "META") and REQUEST.search(dotted_name(node.value) or ""):
                return True
            continue  # `request.headers.get(...)`: one header, judged by its name
        if isinstance(node, cst.Subscript):
            stack.extend(e.slice for e in node.slice)
            continue
        if isinstance(node, cst.Call):
            if not isinstance(node.func, cst.Attribute):
                stack.append(node.func)
            stack.extend(a.value for a in node.args)
            continue
        stack.extend(children(node))
    return False


class SecretInLog(Rule):
    code = "HL605"
    name = "secret-in-log"
    severity = "high"
    message = "Secret value written to a log or stdout"
    # A print or logging call (a `log`/`logger` receiver, or the logging modules) and a secret name as
    # `_names.SECRET` and this module spell them.
    triggers = (r"(?i)print|logging|loguru|structlog|"
                r"log(?:ger)?[\s\\]*\.[\s\\]*(?:debug|info|warn(?:ing)?|error|exception|critical|fatal|log|msg|success|trace)|"
                r"\.\s*(?:debug|info|warn(?:ing)?|error|exception|critical|fatal)\s*\(\s*\(*\s*[rbu]*[\"'][^\"'\n]*%",
                r"(?i)p(?:ass(?:word|wd|phrase)|wd)|secret|token|api_?key|access_?key|private_?key|credential|authorization|"
                r"auth_header|session_?key|cookie|jwt|bearer|ur[il]|dsn|conn|headers|meta|set_trace_callback")
    production_only = True
    FLAG = [
        # Logger objects by provenance, whatever their names: a %-style message with values (the shape of
        # a logging call), a parameter annotated as a logger, an attribute or annotated name assigned one.
        """
        def handle(audit_trail, password):
            audit_trail.info("checked %s", password)
        """,
        """
        import logging

        def handle(trail: logging.Logger, credentials):
            trail.warning(f"rejected {credentials}")
        """,
        """
        import structlog

        class Accounts:
            def __init__(self):
                self.audit: structlog.BoundLogger = structlog.get_logger()

            def login(self, user, password):
                self.audit.info("login", user=user, password=password)
        """,
        """
        import logging
        log = logging.getLogger(__name__)

        def login(username, password):
            log.info("login attempt user=%s password=%s", username, password)
        """,
        """
        def issue(user):
            access_token = make_token(user)
            print(f"issued token {access_token} for {user.id}")
        """,
        """
        from flask import current_app, request

        def proxy():
            current_app.logger.debug("forwarding with %s", request.headers["Authorization"])
        """,
        """
        import logging

        def connect(settings):
            logging.warning("connecting with key {}".format(settings.STRIPE_API_KEY))
        """,
        """
        import structlog
        logger = structlog.get_logger()

        def register(payload):
            logger.info("user.registered", email=payload.email, password=payload.password)
        """,
        """
        def debug_request(logger, data):
            logger.error("bad credentials", extra={"client_secret": data["client_secret"]})
        """,
        """
        import logging

        audit = logging.getLogger("audit")

        def login(username, password):
            audit.info("login %s with %s", username, password)
        """,
        """
        import logging

        class Client:
            def __init__(self):
                self._events = logging.getLogger(__name__).getChild("client")

            def connect(self, api_key):
                self._events.debug("connecting with %s", api_key)
        """,
        """
        import getpass, logging

        def create_admin(logger, token):
            password = getpass.getpass("Password: ")
            logger.info("admin created with token %s", token)
        """,
        """
        def call_api(log, session, encoded_jwt):
            log.debug("calling with %s", encoded_jwt)
        """,
        """
        from flask import request

        def trace(logger):
            logger.debug("incoming headers: %s", dict(request.headers))
        """,
        """
        def start(logger, settings):
            logger.info("connecting to %s", settings.SQLALCHEMY_DATABASE_URI)
        """,
        """
        import pprint

        def dump(token):
            pprint.pprint({"token": token})
        """,
        """
        import sqlite3

        def open_db(path):
            conn = sqlite3.connect(path)
            conn.set_trace_callback(print)
            return conn
        """,
        """
        def store(logger, token):
            token = token.strip()
            logger.info("storing token %s", token)
        """,
        # Connection URLs that carry a password: by their conventional names, or built in the function.
        """
        import logging
        DATABASE_URL = os.environ["DATABASE_URL"]

        def start():
            print(f"connecting to {DATABASE_URL}")
        """,
        """
        import logging
        log = logging.getLogger(__name__)

        def connect(user, password, host):
            dsn = f"postgresql://{user}:{password}@{host}/app"
            log.info("connecting to %s", dsn)
        """,
        """
        def connect(logger, settings, host):
            uri = "redis://:%s@%s:6379/0" % (settings.REDIS_PASSWORD, host)
            logger.debug("redis at " + uri)
        """,
        # The value itself, not a bool about it: `x if test else y` and `x or y` log `x`.
        """
        def check(logger, token):
            logger.debug("token=%s", token if token is not None else "none")
        """,
        """
        def check(logger, api_key):
            logger.debug("key %s", api_key or "unset")
        """,
        # A dict entry keeps the secret unless its value is masked; a mask undone or applied too late.
        """
        def create(logger, key_data, token):
            logger.debug("creating key %s", {**key_data, "token": token.strip()})
        """,
        """
        def init_client(logger, api_key):
            _api_key = api_key[:8] + "*" * 15
            _api_key = api_key
            logger.debug("client key %s", _api_key)
        """,
        """
        def init_client(logger, api_key):
            logger.debug("client key %s", api_key)
            api_key = api_key[:8] + "*" * 15
        """,
        # A JWT named by the word last, a header *value* in lower case, a token that grants access.
        """
        def forward(logger, signed_jwt):
            logger.debug("forwarding %s", signed_jwt)
        """,
        """
        def forward(logger, auth_header):
            logger.debug("forwarding with %s", auth_header)
        """,
        """
        def exchange(logger, oauth_request_token):
            logger.debug("exchanging %s", oauth_request_token)
        """,
    ]
    CLEAN = [
        # Not logging-shaped (no %-message with values) on an object not known to be a logger.
        """
        def handle(trail: Tracker, password):
            trail.info(f"checked {password}")
            trail.error(password)
        """,
        """
        import logging

        def first(trail: logging.Logger, user):
            trail.info("checked %s", user.email)

        def second(trail, password):
            trail.info(password)
        """,
        """
        import logging
        log = logging.getLogger(__name__)

        def change_password(user, password):
            log.info("password changed for %s", user.email)
        """,
        """
        def issue(logger, access_token, token_type, expires_at):
            logger.info("issued %s token ending %s, expires %s", token_type, access_token[-4:], expires_at)
        """,
        """
        def audit(logger, password):
            logger.debug("password length %d", len(password))
        """,
        """
        def usage(logger, response):
            logger.info("used %d tokens (%d prompt)", response.usage.total_tokens, response.usage.prompt_tokens)
        """,
        """
        def show(tokens):
            print("Reset your password at https://example.com/reset")
        """,
        """
        def save(cache, token):
            cache.set("token", token)
        """,
        """
        def mask_log(logger, api_key):
            logger.info("using key %s", mask(api_key))
        """,
        """
        import getpass

        def create_admin(token):
            password = getpass.getpass("Password: ")
            if token and len(token) < 5:
                print(f"Token {token} is too short and was not applied")
        """,
        """
        def check(logger, header, algorithm):
            token_alg = header.get("alg")
            logger.debug("token uses %s, expected %s", token_alg, algorithm)
        """,
        """
        def show(result):
            print(f"More results (token: {result['next_page_token']})")
        """,
        """
        def warn(logger, username):
            logger.warning(f"{username} still uses the default password; change it via {UPDATE_USER_PASSWORD}")
        """,
        """
        def revoke_token(logger, token):
            db.session.delete(token)
            logger.info("Token %s was revoked", token)
        """,
        """
        def revoke(self, logger):
            self.token.revoke()
            logger.info("Revoked token %r", self.token)
        """,
        """
        from flask import request

        def trace(logger):
            logger.debug("request id %s", request.headers.get("X-Request-Id"))
        """,
        """
        def start(logger, engine):
            logger.info("connected to %s", engine.url)
        """,
        """
        import subprocess

        def dump(settings):
            env = {"PGPASSWORD": settings.DB_PASSWORD}
            subprocess.run(["pg_dump", settings.DB_NAME], env=env, check=True)
        """,
        """
        def report(stats):
            tracker = Tracker()
            tracker.info("sent %s", stats.password_resets)
        """,
        # `.info(...)` on parameters that are no logger, in no logging shape: a message to the user, a widget.
        """
        from django.contrib import messages

        def regenerate(request, token):
            messages.info(request, f"Your new API token is {token}; it is shown only once")

        def render(panel, password):
            panel.info("Password", password)
        """,
        # Connection URLs without credentials, or with the password masked; a trace callback switched off.
        """
        import logging, re, sqlite3
        log = logging.getLogger(__name__)

        def connect(settings, user, password, host, port, name):
            log.info("connecting to %s", "postgresql://db:5432/app")
            url = f"postgresql://{host}:{port}/{name}"
            log.info("connecting to %s", url)
            shown = f"postgresql://{user}:***@{host}/{name}"
            log.info("connecting to %s", shown)
            log.info("connecting to %s", settings.SQLALCHEMY_DATABASE_URI.replace(settings.DB_PASSWORD, "***"))
            log.info("connecting to %s", re.sub(r":[^@/]*@", ":***@", settings.DATABASE_URL))
            log.info("connecting to %s", make_url(settings.DATABASE_URL).render_as_string(hide_password=True))
            conn = sqlite3.connect(name)
            conn.set_trace_callback(None)
        """,
        # Booleans and derived values about a secret: comparisons, `not`, `bool()`, `type()`, a condition.
        """
        def connect(logger, client_id, client_secret, token, api_key):
            logger.debug("client_id=%s, client_secret=[set=%s]", client_id, client_secret is not None)
            logger.debug("token given: %s, matches: %s", bool(token), token == "expected")
            logger.debug("missing key: %s", not api_key)
            logger.warning("key is not a string: got {}".format(type(api_key) if api_key is not None else "None"))
        """,
        # Masks: a masking call in a dict entry or on its own, stars for each character, a slice; a local
        # reassigned to its own masked copy before it is logged.
        """
        def create(logger, key_data, token, api_key, received_token):
            logger.debug("creating key %s", {**key_data, "token": hash_token(token=token)})
            logger.debug("using key %s", abbreviate_api_key(api_key))
            logger.debug(f"received {'*' * len(received_token) if received_token else 'None'}")
            logger.debug("init (token=%s)", token[:4] + "***" if token and len(token) > 4 else "***")

        def init_client(logger, model, api_key):
            _api_key = api_key
            if _api_key is not None:
                _api_key = _api_key[:8] + "*" * 15
            logger.debug("client for %s, key %s", model, _api_key)
        """,
        # Names with a secret word that hold something else: LLM token counts, spend, aliases, durations,
        # claim-field names, issuers, flags, an auth object, header-name constants, coordination tokens.
        """
        def report(logger, usage, applied, metadata, settings, claims, is_jwt, user_api_key_auth, payload):
            logger.debug("%s -> %s tokens, %s needed", applied.tokens_before, applied.tokens_after, usage.tokens_needed)
            logger.debug("details %s", usage.completion_tokens_details)
            logger.debug("spend %s alias %s", metadata["user_api_key_spend"], metadata.get("user_api_key_alias"))
            logger.info("refresh %ss early", settings.TOKEN_REFRESH_BUFFER_SECONDS)
            logger.debug("team claim %s, issuer %s", claims.team_ids_jwt_field, claims.token_issuer)
            logger.debug("is_jwt %s; auth %s", is_jwt, user_api_key_auth)
            logger.exception("failed to mint %s", FORWARD_USER_INFO_HEADER_JWT)
            logger.warning("misplaced keys %s", ", ".join(misplaced_jwt_keys))
            logger.debug("duplicate reservation %s", payload.reservation_token)
        """,
        """
        import logging
        log = logging.getLogger(__name__)

        def reset(user, token_model):
            token_model = PasswordResetToken(user=user)
            link = f"/reset/{token_model.id}"
            log.info("reset link %s created", link)
        """,
    ]

    def begin(self) -> None:
        self.loggers: set[str] = set()
        self.built: dict[int, dict[str, str]] = {}  # id of a function -> its strings built from secrets
        self.logger_params: list[set[str]] = []  # per enclosing function: its parameters annotated as loggers

    def visit_Assign(self, node: cst.Assign) -> None:
        if isinstance(node.value, cst.Call) and self._makes_logger(node.value):
            self.loggers.update(name for t in node.targets if (name := dotted_name(t.target)))

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        """`self.audit: logging.Logger = ...`, `log: Logger = logging.getLogger(...)`."""
        name = dotted_name(node.target)
        if name and (_logger_annotation(node.annotation.annotation) or (
                isinstance(node.value, cst.Call) and self._makes_logger(node.value))):
            self.loggers.add(name)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        """`def handle(audit: logging.Logger, ...)`: the parameter is a logger whatever its name."""
        params = node.params
        self.logger_params.append({p.name.value for p in (*params.posonly_params, *params.params, *params.kwonly_params)
                                   if p.annotation is not None and _logger_annotation(p.annotation.annotation)})

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.logger_params.pop()

    def _makes_logger(self, call: cst.Call) -> bool:
        if self.ctx.qualname(call.func) in LOGGER_FACTORIES:
            return True
        func = call.func
        return isinstance(func, cst.Attribute) and func.attr.value in ("getChild", "bind") and self._is_logger(
            func.value)

    def _is_logger(self, receiver: cst.BaseExpression) -> bool:
        if isinstance(receiver, cst.Call):
            return self._makes_logger(receiver)
        dotted = dotted_name(receiver) or ""
        qualname = self.ctx.qualname(receiver) or ""
        return (dotted in self.loggers or any(dotted in params for params in self.logger_params)
                or bool(LOGGER_NAME.search(dotted.rsplit(".", 1)[-1]))
                or qualname.startswith(("logging", "loguru", "structlog")))

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if isinstance(func, cst.Name):
            if func.value not in PRINTERS or self._interactive():
                return
        elif isinstance(func, cst.Attribute):
            if func.attr.value == "set_trace_callback":
                self._trace_callback(node)
                return
            if self.ctx.qualname(func) != "pprint.pprint" and (func.attr.value not in LOG_METHODS or not (
                    self._is_logger(func.value) or _logging_shaped(node))):
                return
        else:
            return
        for arg in node.args:
            keyword = arg.keyword.value if arg.keyword is not None else None
            if keyword in IGNORED_KEYWORDS:
                continue
            if keyword not in (None, "extra") and is_logged_secret(keyword) and not _constant(arg.value):
                self.report(node, f"Secret `{keyword}` written to a log or stdout; log an id or a masked value")
                return
            if _whole_headers(arg.value):
                self.report(node, "Request headers written to a log or stdout; they carry `Authorization` and "
                                  "`Cookie`")
                return
            names = list(value_names(arg.value))
            found = [name for name in names if is_logged_secret(name)]
            if found:
                skipped = self._objects() | self._masked(node)
                found = [name for name in found if name not in skipped]
            if found:
                self.report(node, f"Secret `{found[0]}` written to a log or stdout; log an id or a masked value")
                return
            built = self._built(names)
            if built is not None:
                self.report(node, f"`{built[0]}` is built from the secret `{built[1]}` and written to a log or stdout; "
                                  "log an id or a masked value")
                return

    def _built(self, names: list[str]) -> tuple[str, str] | None:
        """(local name, secret) when one of `names` is a string the enclosing function built from a secret."""
        function = self.ctx.enclosing(cst.FunctionDef)
        if function is None or not names:
            return None
        key = id(function)
        if key not in self.built:
            self.built[key] = built_secrets(function)
        objects = self._objects()
        return next(((n, self.built[key][n]) for n in names if n in self.built[key]
                     and self.built[key][n] not in objects), None)

    def _interactive(self) -> bool:
        """The module talks to a person at a terminal (`input()`, `getpass`): its prints are no log."""
        return bool(INTERACTIVE.search(self.ctx.source))

    def _masked(self, call: cst.Call) -> set[str]:
        function = self.ctx.enclosing(cst.FunctionDef)
        return masked_before(function, call) if function is not None else set()

    def _objects(self) -> set[str]:
        function = self.ctx.enclosing(cst.FunctionDef)
        return object_names(function) if function is not None else set()

    def _trace_callback(self, node: cst.Call) -> None:
        callback = node.args[0].value if node.args else None
        if isinstance(callback, cst.Name) and callback.value == "print":
            self.report(node, "`set_trace_callback(print)` writes every SQL statement, with its values, to stdout")
        elif isinstance(callback, cst.Attribute) and callback.attr.value in LOG_METHODS and self._is_logger(
                callback.value):
            self.report(node, "SQL trace sent to the log: every statement is logged with its values")
