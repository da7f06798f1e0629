"""HL501 hardcoded-secret: a password, token, API key or signing key written into the code as a literal.

## What it does
Flags string literals that are given to something that holds a secret: assignments
(`DB_PASSWORD = "hunter2"`, `app.secret_key = "..."`, `app.config["SECRET_KEY"] = "..."`), keyword
arguments (`connect(password="...")`), dict entries (`{"api_key": "..."}`), parameter defaults,
comparisons (`if token == "..."`), `auth=("user", "...")` pairs, `Authorization: Bearer ...` header
values, the key argument of JWT/itsdangerous/HMAC/Fernet calls (a literal, or a constant assigned one),
basic-auth helpers, the password of login/connect APIs given positionally (`smtp.login("u", "pw")`,
`pymysql.connect(host, "u", "pw")`), (user, password) rows of seed lists (`users = [("admin", "pw")]`),
vendor key shapes under any name (`AKIA...`, `ghp_...`, `sk_live_...`), and PEM private keys pasted
into a string.

A name holds a secret when its last word is one (`password`, `secret`, `token`, `api_key`,
`SECRET_KEY`, `credentials`...), read past qualifiers and numbers (`SECRET_KEY_HMAC`, `secret_key_2`),
or it runs from `secret` to `key` (`SECRET_COOKIE_KEY`): `TOKEN_TYPE`, `PASSWORD_FIELD`, `TOKEN_URL`,
`API_KEY_HEADER` and `password_reset_token_expiry` do not, unless their value looks generated
(`my_password_for_mail = "d6s$f9g!j8mg7hw"`). A compared `token` is reported only when the literal
looks generated (`token == "not"` is a lexer's). Values that are not secrets are not reported either: empty
strings, prose with spaces (`"Invalid password"`; but three to eight plain lower-case words under a
name whose value is a password a person chose, `*_password`, `passphrase`, `secret`, `SECRET_KEY`, are a
passphrase, `API_PASSWORD = "correct horse battery staple"`, unless a word of prose is among them:
`"enter the database password"`, `"at least eight characters"`), placeholders and format templates (`"<password>"`,
`"{token}"`, `"%(pw)s"`, `"changeme"` is HL103's), URLs (HL502) and paths, environment-variable and
header names (`"DB_PASSWORD"`, `"X-API-Key"`), words of the trade (`"bearer"`, `"HS256"`) and values
that repeat their name (`ACCESS_TOKEN = "access_token"`, `_RELATIONSHIP_TOKEN = "relationship"`),
import paths and dotted option names, URNs (`urn:ietf:params:oauth:token-type:saml2`), dummy values
SDKs insist on (`api_key="unused"`, an API key that calls itself fake, `"my-fake-api-key"`, or names
the package it is in, `"lemonade"` in `llms/lemonade/`), sort directions (`order={"token": "asc"}`),
sentinels (`api_key == "undefined"`, `"__ptu_flat_cost__"`, `"[REDACTED]"`), shell templates that
generate a key (`"sk-$(openssl rand -hex 32)"`) and a tokenizer's `eos_token`/`pad_token`. Enum members
and pydantic `BaseSettings` fields (HL504) are skipped, and so are modules of test data, examples and
build-only settings (`lib/create_test_data.py`, `settings_example.py`, `_build_settings.py`) and
documentation or sample data (`OpenApiExample(...)`, `json_schema_extra={"example": ...}`,
`def _event_sample(...)`).

## bandit's B105-B107
bandit's hard-coded password checks run beside this rule and are dropped line by line: where this
rule reports the line, or read the very literal bandit reports and judged it not a secret (the
`HL501.judged` record, with its reason), or is suppressed there. Where this rule never looked, bandit's
finding stands. The summary counts the dropped ones ("N bandit findings superseded by hardlint rules").

## Why it matters
A secret in the source is in every clone, fork, backup, CI log and container image of the
repository, forever: rotating it means a code change and a deploy, and anyone who ever read the
code can still use the old one until then. Secret scanners find these within minutes of a push to a
public repository.

## Example
```python
app.config["SECRET_KEY"] = "s3cr3t-dev-key"
driver = GraphDatabase.driver(uri, auth=("neo4j", "letmein"))
token = jwt.encode(payload, "my-jwt-key", algorithm="HS256")
```

## Use instead
```python
app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
driver = GraphDatabase.driver(uri, auth=(os.environ["NEO4J_USER"], os.environ["NEO4J_PASSWORD"]))
token = jwt.encode(payload, settings.jwt_secret, algorithm="HS256")
```
Read secrets from the environment or a secret manager, fail fast when they are missing, and rotate
the one that was committed.

## Fix safety
No fix: where the secret should come from is a deployment decision, and the committed value has to
be rotated anyway.

## References
- CWE-798: Use of Hard-coded Credentials
- OWASP Secrets Management Cheat Sheet: https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html
- bandit B105/B106/B107, ruff S105/S106/S107 (the noisier versions of this check)
"""

from __future__ import annotations

import re

import libcst as cst

from hardlint.rule import Example, Rule, load_data
from hardlint.rules.hl5_config._secrets import (
    in_example_context,
    is_compared_secret_name,
    is_fixture_module,
    is_overridden_defaults,
    NamedValueChecks,
    is_secret_name,
    keyword_value,
    looks_like_positional_secret,
    looks_generated,
    looks_like_secret_value,
    names_api_credential,
    normalized,
    string_value,
    target_name,
    words,
)

_DATA = load_data(__file__, "hl501_secret_arguments.toml")
SECRET_ARGUMENTS: dict[str, dict] = dict(_DATA["arguments"])
PAIR_KEYWORDS = frozenset(_DATA["pairs"]["keywords"])
_AUTH_HEADER_VALUE = re.compile(r"^(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{8,}$", re.IGNORECASE)
_PEM_PRIVATE_KEY = re.compile(r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----")
_LITERALS = (cst.SimpleString, cst.ConcatenatedString)  # what `string_value` can read
LOGIN_METHODS: dict[str, dict] = dict(_DATA["methods"])
# Names of lists that seed accounts: `users = [("admin", "s3cret"), ...]`.
_SEED_NAMES = frozenset({"users", "accounts", "logins", "credentials", "creds", "admins", "passwords"})
# A compared `token` is reported only when its literal looks generated: long, letters and digits.
_RANDOM_TOKEN = re.compile(r"^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_\-+/=.]{16,}$")
# The names bandit's B105-B107 suspect (bandit.plugins.general_hardcoded_password.RE_WORDS).
_BANDIT_CANDIDATE = re.compile(r"pas+wo?r?d|pass(phrase)?|pwd|token|secrete?", re.IGNORECASE)
# Key shapes vendors give their credentials, reported under any name (or none).
_VENDOR_KEY = re.compile(
    r"^(?:(?:AKIA|ASIA)[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{40,}|"
    r"(?:sk|rk)_live_[A-Za-z0-9]{16,}|xox[baprs]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_\-]{35}|glpat-[A-Za-z0-9_\-]{20}|"
    r"SG\.[A-Za-z0-9_\-]{16,}\.[A-Za-z0-9_\-]{16,}|sk-(?:proj-|ant-)?[A-Za-z0-9_\-]{32,})$")
_VENDOR_HINT = re.compile(r"AKIA|ASIA|gh[pousr]_|github_pat_|_live_|xox|AIza|glpat-|SG\.|sk-")
class HardcodedSecret(NamedValueChecks, Rule):
    code = "HL501"
    name = "hardcoded-secret"
    severity = "critical"
    message = "Hard-coded secret; read it from the environment or a secret manager and rotate this one"
    # In the lowercased text: a compared secret word (`password`, `secret`, `api_key`...) anywhere; a
    # secret word ending a name (`DB_PASS`, `token`, `"Authorization"`, `auth=`) or `key` after a
    # qualifier (`api_key`, `apiKey`, `"Stripe-Key"`), then `=`, `:` or `!=` with only spaces, brackets,
    # quotes, escapes and comments between; the module of a secret-argument call; a pasted PEM key.
    triggers = (r"(?i)(?:p(?:ass(?:w(?:ords?|d)|phrase)|wd?)(?![a-z0-9])|pass(?![a-z0-9])(?:[^a-z0-9#\\]|\\[a-z0-9]*|#.*\n)*(?:[=:"
                r"!]|#[^a-z0-9\n]*[\"'])|secret(?:key|s)?(?![a-z0-9])|api_*key(?![a-z0-9])|authorization(?![a-z0-9])|auth(?![a-z0-"
                r"9])(?:[^a-z0-9#\\]|\\[a-z0-9]*|#.*\n)*(?:[=:!]|#[^a-z0-9\n]*[\"'])|cred(?:entials?|s)?(?![a-z0-9])(?:[^a-z0-9#"
                r"\\]|\\[a-z0-9]*|#.*\n)*(?:[=:!]|#[^a-z0-9\n]*[\"'])|token(?![a-z0-9])(?:[^a-z0-9#\\]|\\[a-z0-9]*|#.*\n)*(?:[=:!]|#"
                r"[^a-z0-9\n]*[\"'])|key(?=(?![a-z0-9])(?:[^a-z0-9#\\]|\\[a-z0-9]*|#.*\n)*(?:[=:!]|#[^a-z0-9\n]*[\"']))(?:(?<=(?:a"
                r"es|api|app|aws|gcp|jwt)key)|(?<=(?:auth|cess|cone|cret|dmin|enai|ense|grid|groq|here|hmac|hook|ient|ilio|lack|lg"
                r"un|ning|ogle|opic|ount|pbox|pher|ripe|rnet|rypt|sign|ster|thub|tion|tral|vate|vice|ypto|zure)key)|(?<=(?:aes|api"
                r"|app|aws|gcp|jwt)[^a-z0-9.]key)|(?<=(?:auth|cess|cone|cret|dmin|enai|ense|grid|groq|here|hmac|hook|ient|ilio|lac"
                r"k|lgun|ning|ogle|opic|ount|pbox|pher|ripe|rnet|rypt|sign|ster|thub|tion|tral|vate|vice|ypto|zure)[^a-z0-9.]key)|"
                r"(?<=[^a-z0-9.\"'\s]{2}key)|(?<=[^a-z0-9.\"']{2}key)(?=(?:[^a-z0-9\n\"'\\]|\\[a-z0-9]*)*[\"']))|jwt|jose|authlib|"
                r"itsdangerous|cryptography|hmac|http(?:basic|digest|proxy)auth|httpx|aiohttp|neo4j|private key-----|\.\s*login\s*\(|"
                r"bind(?:_s)?\s*\(|pymysql|mysqldb|ftplib|paramiko|(?:akia|asia)[0-9a-z]{16}|gh[pousr]_|github_pat_|_live_|xox[bap"
                r"rs]-|aiza|glpat-|[\"']sg\.|[\"']sk-|(?:users|accounts|logins|credentials|creds|admins|passwords)\s*=\s*[\[(])")
    production_only = True

    FLAG = [  # noqa: HL501 - deliberately bad example code, the tests of this rule
        # A signing key that calls itself a dummy is still the key in use; an API key with a random part is real.
        'SECRET_KEY = "dummy-secret"',
        'client = Client(api_key="fake-9f8e7d6c5b4a")',
        # A word as an API key is one unless it names the package the code is in (see CLEAN).
        Example('_DEFAULT_API_KEY = "lemonade"', path="app/clients.py"),
        'PTU_API_KEY = "__9f8e7d6c5b4a3f2e__"',
        # Read as CPython reads it: implicit concatenation and escapes spell the same key.
        Example('STRIPE = "sk_live_4eC39HqL" "yjWDarjtT1zdp7dc"', path="app/billing.py"),
        Example(r'K = "\x41KIAIOSFODNN7ZQXWVUT"', path="app/aws.py"),
        # A value equal to its name reads like a placeholder; used as a signing key it is a secret.
        """
        import jwt
        def issue(payload):
            secret = "secret"
            return jwt.encode(payload, secret, algorithm="HS256")
        """,
        # A vendor-shaped key or a pasted private key is a live credential even in example or fixture code.
        Example('STRIPE_KEY = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"', path="examples/billing/settings.py"),
        Example('AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7ZQXWVUT"', path="ckan/lib/create_test_data.py"),
        'DB_PASSWORD = "hunter2"',
        'SECRET_KEY = "django-insecure-8f3k2l9x"',
        'SECRET_KEY = "k9$Pq2!vL7wXz4Rt"  # a $ inside a random value is not a template',
        'JWT_SECRET = "super-secret-key"',
        """
        from flask import Flask
        app = Flask(__name__)
        app.secret_key = "dev"
        app.config["SECRET_KEY"] = "s3cr3t-dev-key"
        """,
        'conn = psycopg2.connect(host=host, user="app", password="Pa55word!")',
        'settings = {"api_key": "sk-live-4eC39HqLyjWDarjtT1zdp7dc", "timeout": 30}',
        'headers = {"X-API-Key": "a8f5f167f44f4964e6c998dee827110c"}',
        'headers = {"Authorization": "Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc"}',
        """
        from neo4j import GraphDatabase
        driver = GraphDatabase.driver(uri, auth=("neo4j", "password"))
        """,
        'response = requests.get(url, auth=("admin", "s3cret"))',
        """
        import jwt
        token = jwt.encode(payload, "my-jwt-key", algorithm="HS256")
        """,
        """
        from itsdangerous import URLSafeTimedSerializer
        serializer = URLSafeTimedSerializer("another-secret")
        """,
        """
        def login(username, password="admin123"):
            return authenticate(username, password)
        """,
        """
        def check(password):
            return password == "f00dbabe1234"
        """,
        'app.config.update(SECRET_KEY="dev", DEBUG=False)',
        'os.environ["OPENAI_API_KEY"] = "sk-proj-abc123def456"',
        """
        class Config:
            MAIL_PASSWORD = "smtp-pass-2024"
        """,
        'PRIVATE_PEM = """-----BEGIN RSA PRIVATE KEY-----\\nMIIEow...\\n-----END RSA PRIVATE KEY-----"""',
        'client = OpenAI(api_key="sk-abc123def456ghi789")',
        'conn = connect(\n    host=host,\n    password  # the vault comes later\n    ="Pa55word!",\n)',
        'def check(password):\n    return "f00dbabe1234" == password',
        'headers = {"Stripe - Key": "a8f5f167f44f4964e6c998dee827110c"}',
        'SECRET_KEY_HMAC = "f1e2d3c4b5a6-hmac-material"',
        'SECRET_COOKIE_KEY = "c00kie-k3y-9f8e7d"',
        'secret_key_2 = "second-k3y-after-rotation"',
        'ADMIN_PASSWORD = "s3cret pass 42"',
        # A passphrase of plain words under a name whose value is a password a person chose.
        'API_PASSWORD = "correct horse battery staple"',
        'conn = connect(host=host, passphrase="correct-horse-battery-staple")',
        'def login(user, passwd="purple monkey dishwasher"):\n    return authenticate(user, passwd)',
        'SECRET_KEY = "tangerine otter velvet cactus"',
        'my_secret_password_for_mail = "d6s$f9g!j8mg7hw?n&2"',
        'if user.password == "Sup3rS3cret!":\n    pass',
        'if request.form["password"] == "letme1n-now":\n    pass',
        'def authorized(token):\n    return token == "a8f5f167f44f4964e6c998dee827110c"',
        's3 = boto3.client("s3", aws_access_key_id="AKIAQWERTYUIOPASDFGH")',
        """
        import jwt
        SIGNING = "this-is-the-signing-k3y"
        def issue(payload):
            return jwt.encode(payload, SIGNING, algorithm="HS256")
        """,
        """
        import pymysql
        conn = pymysql.connect("db.internal", "shop", "Sh0pPassw0rd", "shop")
        """,
        'server.login("reports", "R3ports-2024")',
        'users = [("admin", "SuperSecret"), ("elliot", "123123123")]',
    ]
    CLEAN = [  # noqa: HL502 - example code, the tests of this rule
        # Prisma sort directions, sentinels a UI sends, markers, placeholders and dummy API keys.
        'keys = prisma.db.verificationtoken.find_many(order={"token": "asc"})',
        'order = [{"spend": "desc"}, {"api_key": "desc"}]',
        """
        def normalize(api_key):
            if api_key is None or api_key == "undefined":
                api_key = "null"
            return api_key
        """,
        'PTU_SENTINEL_API_KEY = "__ptu_flat_cost__"',
        'anchor = VerificationToken(token="__team_scope_auth_check__", team_id=team_id)',
        'logging_obj.pre_call(input=messages, api_key="[REDACTED]")',
        'if api_key and api_key != "fake-api-key":\n    headers["Authorization"] = api_key',
        'endpoint(api_key="my-fake-api-key", api_base=api_base)',
        Example('_DEFAULT_API_KEY = "lemonade"', path="llms/lemonade/chat/transformation.py"),
        '_NEW_MASTER_KEY = "sk-$(openssl rand -hex 32)"',
        'FINISH_REASONS = {"eos_token": "stop", "eos": "stop", "pad_token": "length"}',
        'TABLE_BY_KWARG = {"token": "key", "tokens": "key", "user_id": "user"}',
        'SAML2_SUBJECT_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:saml2"',
        """
        AMPLITUDE_API_KEY = "YOUR_AMPLITUDE_API_KEY_HERE"
        if AMPLITUDE_API_KEY == "YOUR_AMPLITUDE_API_KEY_HERE":
            enabled = False
        """,
        'DOC = "live keys look like sk_live_" "..."',
        r'PATTERN = r"\x41KIAIOSFODNN7ZQXWVUT"',
        'SAMPLE = "AKIA" "IOSFODNN7EXAMPLE"',
        """
        import jwt
        def issue(payload, key):
            secret = "secret"
            return jwt.encode({secret: payload}, key)
        """,
        'TOKEN_TYPE = "bearer"',
        'PASSWORD_FIELD = "password"',
        'API_KEY_HEADER = "X-API-Key"',
        'TOKEN_URL = "/token"',
        'password_reset_token_expiry = "24h"',
        'DB_PASSWORD = ""',
        'SECRET_KEY = os.environ["SECRET_KEY"]',
        'SECRET_KEY = os.getenv("SECRET_KEY", "dev")  # HL504 reports the default',
        'DB_PASSWORD = "<password>"',
        'api_key = "{api_key}"',
        'dsn_password = "%(password)s"',
        'ERROR_INVALID_TOKEN = "Invalid or expired token"',
        'INVALID_TOKEN = "invalid_token"',
        'ACCESS_TOKEN = "access_token"',
        'CSRF_TOKEN = "csrftoken"',
        'api_key_env = "OPENAI_API_KEY"',
        'api_key = "OPENAI_API_KEY"',
        'oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token")',
        'grant = {"grant_type": "password", "token_type_hint": "refresh_token"}',
        'schema = {"password": {"type": "string", "minLength": 8}}',
        'example = {"password": "string"}',
        'PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]',
        'JWT_ALGORITHM = "HS256"',
        'private_key = "/etc/ssl/private/server.key"',
        'private_key = "certs/server.pem"',
        'cache_key = "user:42:profile"',
        'primary_key = "id"',
        'prompt = "Enter your password: "',
        'label = _("Password")',
        """
        import enum
        class TokenKind(enum.Enum):
            ACCESS = "access"
            REFRESH_TOKEN = "refresh"
        """,
        """
        from pydantic_settings import BaseSettings
        class Settings(BaseSettings):
            secret_key: str = "dev-secret"  # HL504 reports this
        """,
        'auth = ("admin", os.environ["ADMIN_PASSWORD"])',
        'response = requests.get(url, auth=(user, password))',
        'jwt.encode(payload, settings.SECRET_KEY, algorithm="HS256")',
        'token = jwt.encode(payload, key, algorithm="HS256")',
        'DATABASE_URL = "postgresql://app:pw@db/app"  # HL502 reports the URL',
        'session_token = request.cookies.get("session_token")',
        'message = f"Your token {token} expires soon"',
        """
        def check(token):
            return token == ""
        """,
        Example('DB_PASSWORD = "hunter2"', path="tests/test_db.py"),
        'headers = {"Authorization": f"Bearer {token}"}',
        'headers = {"Authorization": "Bearer"}',
        'password = PasswordField("Password", validators=[DataRequired()])',
        'FORM_PASSWORD = "pwd"',
        'INTERNAL_RESET_SESSION_TOKEN = "_password_reset_token"',
        'reset_url_token = "set-password"',
        'SESSION_KEY = "_auth_user_id"',
        'CSRF_SESSION_KEY = "_csrftoken"',
        'usage = {"max_tokens": "stop"}',
        'KEY_FUNCTIONS = {"generate_private_key": "DSA"}',
        'KEY_TYPES = {"cryptography.hazmat.primitives.asymmetric.rsa.generate_private_key": "RSA"}',
        'if token == "COLLATE":\n    pass',
        'if csrf_token == "NOTPROVIDED":\n    pass',
        Example('user = User(name="tester", password="tester")', path="ckan/lib/create_test_data.py"),
        Example('SECRET_KEY = "build-time-secret-key"', path="pretix/_build_settings.py"),
        '_factories = {"api-token": "ckan.tests.factories:APIToken"}',
        '_config_encode_secret = "api_token.jwt.encode.secret"',
        '_LEGACY_DEFAULT_ADMIN_PASSWORD = "password1234"',
        'client_kwargs["api_key"] = "unused"',
        'grant_type_password = "password"',
        '_RELATIONSHIP_TOKEN = "relationship"',
        'docs_key = "AKIAIOSFODNN7EXAMPLE"',
        'users = [("alice", "alice@example.org"), ("bob", "bob@example.org")]',
        'server.login(user, password)',
        'PASSWORD_MESSAGE = "Your password must contain 8 characters."',
        # Prose under password-ish names: messages, labels, placeholders, templates, translated text;
        # and phrases under a token or API-key name (services generate those, people do not).
        'PASSWORD_HELP = "Enter your password"',
        'password_error = "The password you entered is incorrect."',
        'field = PasswordField(label="Password", placeholder="correct horse battery staple")',
        'errors = {"password": "must match confirmation"}',
        'hints = {"password": "at least eight characters"}',
        'DB_PASSWORD = "enter the database password"',
        'password = "{} characters long"',
        'password = "%s tries left"',
        'password = _("correct horse battery staple")',
        'password_prompt = "correct horse battery staple"',
        'ACCESS_TOKEN = "correct horse battery staple"',
        'DB_PASSWORD = "change me later"',
        'INVALID_PASSWORD = "wrong password given"',
        # Parameter defaults that are no secret: none, empty, read from the environment, placeholders.
        """
        def connect(host, password=None, token: str = "", api_key=os.environ["API_KEY"],
                    secret=DEFAULT_SECRET, passwd="<password>", pwd="${DB_PASSWORD}"):
            pass
        """,
        'async def login(user: str, password: str = "", *, otp: str | None = None):\n    pass',
        'lambda password=None: check(password)',
        '"""Defaults; override them in superset_config.py (`from superset_config import *`)."""\nSMTP_PASSWORD = "superset"',
        'context_key_mapping = {"access_token": "password", "host": "hostname"}',
        'FIELDS = {"$.oauth2_client_info.secret": "OAuth2 Client Secret"}',
        'HELP = {"password": "Database password (default: root)"}',
        'HELP = {"password": "Password for MongoDB"}',
        '_SECRET_NAME = r"[A-Za-z_]*(?:pass(?:word|wd)?|secret|token)[A-Za-z0-9_]*"',
        """
        @extend_schema(responses={200: OpenApiResponse(examples=[OpenApiExample(
            name="response", value={"task_data_password": "secret-42"})])})
        def get(request):
            pass
        """,
        """
        class ListResponse(BaseModel):
            model_config = ConfigDict(json_schema_extra={"example": {"next_page_token": "eyJpbmRleCI6IDExfQ=="}})
        """,
        """
        def _event_sample(event):
            return {"code": "F8VVL", "secret": "6zzjnumtsx136ddy"}
        """,
        """
        import jwt
        KEY = "module-level-k3y"
        def issue(payload, KEY):
            return jwt.encode(payload, KEY)
        """,
    ]

    def begin(self) -> None:
        # bandit's B105-B107 run beside this rule when bandit walks the file too: each literal this rule
        # reads and clears is recorded, so bandit's finding on it is dropped as superseded.
        self.judging = self.ctx.syntax_tree_wanted
        self.fixture_module = is_fixture_module(self.ctx.rel_path) or is_overridden_defaults(self.ctx.source)
        self.constants: dict[str, cst.BaseExpression] = {}  # name -> the literal last assigned to it
        self.flagged: set[int] = set()
        parts = self.ctx.rel_path.replace("\\", "/").lower().split("/")
        self.module_names = frozenset([*parts[:-1], parts[-1].rsplit(".", 1)[0]])

    def _judge(self, node: cst.CSTNode, reason: str) -> None:
        """Record that the literal `node` was read and is not a reportable secret (for bandit)."""
        if self.judging:
            self.record("HL501.judged", node, reason=reason)

    def _judge_name(self, name: str, node: cst.CSTNode) -> None:
        """Record a literal cleared by its name, where bandit's name test would have flagged it."""
        if self.judging and _BANDIT_CANDIDATE.search(name):
            self._judge(node, f"`{name}` does not name a secret")

    def _flag(self, node: cst.CSTNode, message: str, anywhere: bool = False) -> None:
        """Report `node`, unless the module or the surrounding code is sample data or documentation.
        `anywhere`: a pasted private key or a vendor-shaped key is a live credential in any module."""
        if anywhere:
            self.flagged.add(id(node))
            self.report(node, message)
        elif self.fixture_module:
            self._judge(node, "test data, example, build-only or overridden defaults module")
        elif in_example_context(self.ctx.ancestors):
            self._judge(node, "documentation or sample data")
        else:
            self.flagged.add(id(node))
            self.report(node, message)

    def _check_named(self, name: str | None, value_node: cst.CSTNode | None) -> None:
        """Report `value_node` when it is a secret-looking literal given to the name `name`."""
        if name is None or not isinstance(value_node, _LITERALS):
            return
        # The name is judged before the literal is read: evaluating a literal compiles it.
        if normalized(name) in ("authorization", "proxyauthorization"):
            value = string_value(value_node)
            if value is not None and _AUTH_HEADER_VALUE.match(value.strip()):
                self._flag(value_node, f"Hard-coded credential in the `{name}` header; read the token from "
                                       "the environment or a secret manager")
            else:
                self._judge(value_node, "header value without a credential")
            return
        if not is_secret_name(name):
            value = string_value(value_node) if _BANDIT_CANDIDATE.search(name) else None
            if value is not None and looks_generated(value):  # `my_password_for_mail = "d6s$f9g!j8mg7hw"`
                self._flag(value_node, _given_to(name))
            else:
                self._judge_name(name, value_node)
            return
        value = string_value(value_node)
        if value is not None and looks_like_secret_value(value, name) and not self._module_named(value, name):
            self._flag(value_node, _given_to(name))
        else:
            self._judge(value_node, "empty, placeholder, prose, name or word of the trade")

    def _module_named(self, value: str, name: str) -> bool:
        """`_DEFAULT_API_KEY = "lemonade"` in `llms/lemonade/`: the name of the package or module the code
        is in, given as the API key a local server ignores (as `"ollama"` is), names it, not a key."""
        return names_api_credential(name) and value.strip().lower() in self.module_names

    def _check_positional(self, value_node: cst.CSTNode | None, what: str) -> None:
        value = string_value(value_node)
        if value_node is not None and value is not None and looks_like_positional_secret(value):
            self._flag(value_node, f"Hard-coded {what}; read it from the environment or a secret manager "
                                   "and rotate this one")

    # -- assignments -------------------------------------------------------------------------
    def visit_Assign(self, node: cst.Assign) -> None:
        super().visit_Assign(node)
        if len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name):
            name = node.targets[0].target.value
            if isinstance(node.value, _LITERALS):  # a constant, perhaps the key of a later call
                self.constants[name] = node.value
            else:  # rebound to something computed: no longer a known literal
                self.constants.pop(name, None)
            if isinstance(node.value, (cst.List, cst.Tuple)) and _SEED_NAMES.intersection(words(name)):
                self._check_seed_rows(node.value)

    def _check_seed_rows(self, rows: cst.List | cst.Tuple) -> None:
        """`users = [("admin", "s3cret"), ...]`: (user, password) rows seeding accounts."""
        for element in rows.elements:
            row = element.value
            if not isinstance(row, cst.Tuple) or len(row.elements) not in (2, 3):
                continue
            user, password = (string_value(e.value) for e in row.elements[:2])
            if user is None or password is None or "@" in password:
                continue
            if looks_like_secret_value(password) or password == user:
                self._flag(row.elements[1].value, "Hard-coded account password in seed data; create accounts "
                                                  "with passwords from the environment or a secret manager")

    def visit_Param(self, node: cst.Param) -> None:
        self.constants.pop(node.name.value, None)  # a parameter shadows a constant of the same name
        if node.default is not None:
            self._check_named(node.name.value, node.default)

    def visit_DictElement(self, node: cst.DictElement) -> None:
        if isinstance(node.value, _LITERALS):  # read the key only when the value could be reported
            self._check_named(string_value(node.key), node.value)

    def visit_Comparison(self, node: cst.Comparison) -> None:
        if len(node.comparisons) != 1:
            return
        target = node.comparisons[0]
        if not isinstance(target.operator, (cst.Equal, cst.NotEqual)):
            return
        left, right = node.left, target.comparator
        if string_value(left) is not None:
            left, right = right, left
        name = target_name(left) if isinstance(left, (cst.Name, cst.Attribute, cst.Subscript)) else None
        if name is None or not isinstance(right, _LITERALS):
            return
        if is_compared_secret_name(name):
            self._check_named(name, right)
        elif is_secret_name(name):  # `token == "..."`: a lexer token far more often, unless it looks random
            value = string_value(right)
            if value is not None and _RANDOM_TOKEN.match(value) and looks_like_secret_value(value, name):
                self._flag(right, f"`{name}` compared with a hard-coded secret; read it from the environment "
                                  "or a secret manager and rotate this one")
            else:
                self._judge(right, f"`{name}` compared with a word, not a random token")
        else:
            self._judge_name(name, right)

    # -- calls -----------------------------------------------------------------------------
    def visit_Call(self, node: cst.Call) -> None:
        qualname = self.ctx.qualname(node.func)
        spec = SECRET_ARGUMENTS.get(qualname or "")
        if spec is None and isinstance(node.func, cst.Attribute):
            spec = LOGIN_METHODS.get(node.func.attr.value)
            qualname = node.func.attr.value if spec is not None else qualname
        if spec is not None:
            argument = keyword_value(node, (spec["keyword"],), spec["position"])
            self._check_positional(argument, f"key or password passed to `{qualname}`")
            if isinstance(argument, cst.Name) and argument.value in self.constants:
                self._check_constant(argument, self.constants[argument.value], qualname or "")
        for arg in node.args:
            if arg.keyword is None:
                continue
            keyword = arg.keyword.value
            if keyword in PAIR_KEYWORDS and isinstance(arg.value, (cst.Tuple, cst.List)):
                elements = arg.value.elements
                if len(elements) == 2 and not isinstance(elements[1], cst.StarredElement):
                    self._check_positional(elements[1].value, f"password in `{keyword}=(user, password)`")
            elif spec is None or keyword != spec["keyword"]:
                self._check_named(keyword, arg.value)

    def _check_constant(self, use: cst.Name, literal: cst.BaseExpression, qualname: str) -> None:
        """`KEY = "..."` then `jwt.encode(payload, KEY)`: the constant is the key, whatever its name."""
        if id(literal) in self.flagged:
            return  # the assignment itself is reported
        value = string_value(literal)
        if value is not None and looks_like_positional_secret(value):
            self._flag(use, f"`{use.value}` is a hard-coded literal used as the key of `{qualname}`; read it "
                            "from the environment or a secret manager and rotate it")
            if self.judging:  # `secret = "secret"` reads like a placeholder; used as a key, it is a secret
                self.record("HL501.kept", literal)  # so bandit's finding on the literal stands

    # -- pasted keys and vendor key shapes ---------------------------------------------------------
    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        raw = node.value  # cheap first look: only a literal with an escape can hide a key from it
        if "\\" in raw or "PRIVATE KEY-----" in raw or _VENDOR_HINT.search(raw):
            self._check_pasted(node)

    def visit_ConcatenatedString(self, node: cst.ConcatenatedString) -> None:
        self._check_pasted(node)

    def _check_pasted(self, node: cst.SimpleString | cst.ConcatenatedString) -> None:
        """A whole literal (implicit concatenation is one), read by its value."""
        if isinstance(self.ctx.parent(), cst.ConcatenatedString):
            return
        value = string_value(node)
        if value is None:
            return
        if "PRIVATE KEY-----" in value and _PEM_PRIVATE_KEY.search(value):
            self._flag(node, "Private key pasted into the source; load it from a file or secret store that "
                             "is not committed, and replace this key", anywhere=True)
        elif _VENDOR_HINT.search(value):
            if _VENDOR_KEY.match(value.strip()) and "EXAMPLE" not in value.upper():
                self._flag(node, "Hard-coded cloud or service API key (its shape is the vendor's); read it from "
                                 "the environment or a secret manager and rotate this one", anywhere=True)


def _given_to(name: str) -> str:
    return f"Hard-coded secret given to `{name}`; read it from the environment or a secret manager and rotate this one"
