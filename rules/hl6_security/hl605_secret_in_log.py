"""HL605 secret-in-log: a password, token, API key or other secret is written to a log or printed.

## What it does
Flags `print(...)` and logging calls (`logging.*`, `logger.*`, `app.logger.*`, loguru, structlog)
whose interpolated values, %-arguments, `.format()` arguments, keyword fields or `extra={...}`
entries are named like a secret: password, passwd, secret, token, API key, access/private key,
credentials, the Authorization header, `SECRET_KEY`. Only the values are examined, never the message
text, so `log.info("password changed for %s", user.email)` is fine. Names that describe a secret
instead of holding it (`token_type`, `password_length`, `token_expires_at`, `total_tokens`) and
values passed through `len()`, `mask()`, `redact()`, `hash()` or sliced (`token[-4:]`) are not
flagged.

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
from hardlint.rule import Rule
from hardlint.rules.hl6_security._names import is_secret_name, secret_names

LOG_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "fatal",
                         "log", "msg", "success", "trace"})
LOGGER_NAME = re.compile(r"(^|_)(log|logger|logging|LOG|LOGGER|Log|Logger)$")
IGNORED_KEYWORDS = frozenset({"exc_info", "stack_info", "stacklevel", "file", "sep", "end", "flush"})


def _constant(expr: cst.BaseExpression) -> bool:
    return isinstance(expr, (cst.SimpleString, cst.Integer, cst.Float)) or (
        isinstance(expr, cst.Name) and expr.value in ("None", "True", "False"))


class SecretInLog(Rule):
    code = "HL605"
    name = "secret-in-log"
    severity = "high"
    message = "Secret value written to a log or stdout"
    # A print or logging call (a `log`/`logger` receiver, or the logging modules) and a secret name as
    # `_names.SECRET` spells them.
    triggers = (r"(?i)print|logging|loguru|structlog|"
                r"log(?:ger)?[\s\\]*\.[\s\\]*(?:debug|info|warn(?:ing)?|error|exception|critical|fatal|log|msg|success|trace)",
                r"(?i)p(?:ass(?:word|wd|phrase)|wd)|secret|token|api_?key|access_?key|private_?key|credential|authorization|"
                r"auth_header|session_?key|cookie")
    production_only = True

    FLAG = [
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
    ]
    CLEAN = [
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
    ]

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if isinstance(func, cst.Name):
            if func.value != "print":
                return
        elif isinstance(func, cst.Attribute):
            if func.attr.value not in LOG_METHODS:
                return
            receiver = dotted_name(func.value)
            qualname = self.ctx.qualname(func.value) or ""
            last = (receiver or "").rsplit(".", 1)[-1]
            if not (LOGGER_NAME.search(last) or qualname.startswith(("logging", "loguru", "structlog"))):
                return
        else:
            return
        for arg in node.args:
            keyword = arg.keyword.value if arg.keyword is not None else None
            if keyword in IGNORED_KEYWORDS:
                continue
            if keyword not in (None, "extra") and is_secret_name(keyword) and not _constant(arg.value):
                self.report(node, f"Secret `{keyword}` written to a log or stdout; log an id or a masked value")
                return
            found = secret_names(arg.value)
            if found:
                self.report(node, f"Secret `{found[0]}` written to a log or stdout; log an id or a masked value")
                return
