# source: https://github.com/PyCQA/bandit/blob/main/examples/sensitive_logging.py
# source: https://github.com/semgrep/semgrep-rules/blob/develop/python/lang/security/audit/logging/logger-credential-leak.py
# source: https://cheatsheetseries.owasp.org/cheatsheets/Logging_Cheat_Sheet.html
# source: https://docs.python.org/3/library/sqlite3.html#sqlite3.Connection.set_trace_callback
# source: https://docs.sqlalchemy.org/en/20/core/engines.html#sqlalchemy.engine.URL.render_as_string
# source: https://docs.djangoproject.com/en/stable/ref/contrib/messages/ (messages.info shows text to the user)
# codes: HL605
"""A service's logging, modelled on the sources' cases: secrets under any logger object, JWTs,
Authorization headers, connection URLs with passwords, SQL traces; and what is fine to log."""

import logging
import pprint
import sqlite3

import structlog
from flask import request

logger = logging.getLogger("some_app")
audit = logging.getLogger("audit")
events = structlog.get_logger()


def login(username, password):
    logging.debug("Password: %s", password)  # expect: HL605
    audit.info("login %s with %s", username, password)  # expect: HL605
    logger.info("User logged in: %s", username)


def call_api(api_key, api_secret):
    try:
        send(api_key)
    except Exception:
        logger.error("api call using api key %s failed", api_key)  # expect: HL605
        logger.exception("api call failed.  Check your API key!")
    logging.info("Secret is %s", api_secret)  # expect: HL605


class Client:
    def __init__(self):
        self._log = logging.getLogger(__name__).getChild("client")
        self.trace = logging.getLogger("trace")

    def connect(self, private_key, access_key):
        self.trace.debug("Key: %s", private_key)  # expect: HL605
        self._log.info("Access: %s" % access_key)  # expect: HL605


def issue(user, encoded_jwt):
    print(f"Token: {encoded_jwt}")  # expect: HL605
    events.info("token.issued", user=user.id, jwt=encoded_jwt)  # expect: HL605


def proxy():
    logger.debug("forwarding with %s", request.headers["Authorization"])  # expect: HL605
    logger.debug("incoming headers: %s", dict(request.headers))  # expect: HL605
    logger.debug("request id %s", request.headers.get("X-Request-Id"))


def start(settings, database_url):
    logging.debug("DB URL: %s", database_url)  # expect: HL605
    logger.info("connecting to %s", settings.SQLALCHEMY_DATABASE_URI)  # expect: HL605
    logger.info("broker at %s", settings.CELERY_BROKER_URL)  # expect: HL605


def connect(user, db_password, host, settings):
    dsn = f"postgresql://{user}:{db_password}@{host}/shop"
    logger.info("connecting to %s", dsn)  # expect: HL605
    logger.info("connecting to %s", "postgresql://db:5432/shop")
    shown = f"postgresql://{user}:***@{host}/shop"
    logger.info("connecting to %s", shown)
    logger.info("connecting to %s", settings.DATABASE_URL.replace(db_password, "***"))
    conn = sqlite3.connect(settings.SQLITE_PATH)
    conn.set_trace_callback(None)


def dump(token, db_password):
    pprint.pprint({"token": token})  # expect: HL605
    print(f"Connecting with {db_password}")  # expect: HL605


def open_db(path):
    conn = sqlite3.connect(path)
    conn.set_trace_callback(print)  # expect: HL605
    return conn


def quiet(response, user, token, token_type, header, next_page_token):
    logging.debug("Count: %s", response.usage.total_tokens)
    print(f"Name: {user.name}")
    logger.info("issued %s token ending %s", token_type, token[-4:])
    logger.debug("token uses %s", header.get("alg"))
    print(f"More results (cursor: {next_page_token})")
    logger.info("password changed for %s", user.email)


def handle(audit_trail, password):
    audit_trail.info("checked %s", password)  # expect: HL605


def regenerate(messages, request, token):
    messages.info(request, f"Your new API token is {token}; it is shown only once")


def revoke_token(db, token):
    db.session.delete(token)
    logger.info("Token %s was revoked", token)
