"""HL502 credentials-in-url: a connection URL or DSN literal with a password in it.

## What it does
Flags string literals (and the literal parts of f-strings) that contain a URL with a password in
its user-info part: `postgresql://app:hunter2@db/app`, `mysql+pymysql://u:p@h/db`,
`redis://:secret@cache:6379/0`, `bolt://neo4j:letmein@graph:7687`, `amqp://guest:guest@mq//`,
`mongodb+srv://admin:pw@cluster0.example.net`, `https://user:token@git.example.com/repo.git`.

Not flagged: URLs without a password (`postgresql://app@db/app`, `postgresql://app:@db/app`), template
placeholders (`{password}`, `${DB_PASSWORD}`, `%(password)s`, `<password>`, `***`), the generic
`user:password@` / `username:pass@` of documentation, and strings that are documentation
themselves: docstrings, bare string statements, `help=` / `description=` / `example=` texts and log or
warning messages; nor documentation or sample data (`"connection_examples": [...]`,
`sqlalchemy_uri_placeholder = ...`, `OpenApiExample(...)`) and modules of test data or examples
(`create_test_data.py`, `settings_example.py`).

## Why it matters
A DSN with a password is a hard-coded secret that is easy to miss: it reads like configuration,
gets copied into logs, error messages and tracebacks whole, and grants direct access to the
database or broker it points at.

## Example
```python
engine = create_engine("postgresql://app:hunter2@db.internal:5432/app")
```

## Use instead
```python
engine = create_engine(os.environ["DATABASE_URL"])
```
Keep the whole URL in the environment (or build it from `DB_USER`/`DB_PASSWORD` variables with
`sqlalchemy.engine.URL.create`, which also escapes special characters), and rotate the password
that was committed.

## Fix safety
No fix: the replacement depends on how the application is configured.

## References
- CWE-798: Use of Hard-coded Credentials
- RFC 3986 section 3.2.1 (user information in URIs is deprecated): https://www.rfc-editor.org/rfc/rfc3986#section-3.2.1
"""

from __future__ import annotations

import re

import libcst as cst

from hardlint.rule import Example, Rule
from hardlint.rules.hl5_config._secrets import (
    in_example_context,
    is_fixture_module,
    is_placeholder,
    string_value,
)

# scheme://user:password@ — the password part must be non-empty and hold no URL delimiter.
_CREDENTIALS = re.compile(r"\b([A-Za-z][A-Za-z0-9+.\-]*)://([^\s:/@?#'\"]*):([^\s/@?#'\"]+)@")
_GENERIC_USERS = frozenset({"user", "username", "usr", "login", "name", "admin_user", "db_user", "uid"})
_GENERIC_PASSWORDS = frozenset({"password", "pass", "passwd", "pwd", "pw", "secret"})
_DOC_KEYWORDS = frozenset({"help", "description", "example", "examples", "doc", "docs", "summary", "title",
                           "epilog", "usage", "metavar"})
_MARKER = "\x00"  # stands for an f-string's replacement field
# Calls whose positional text is a message for people: logging methods and `warnings.warn`.
_MESSAGE_CALLS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "log"})


class CredentialsInUrl(Rule):
    code = "HL502"
    name = "credentials-in-url"
    severity = "critical"
    message = "Password inside a connection URL; keep the URL (or its password) in the environment"
    # `scheme://user:password@` needs an `@` after the `://` with no `/` between (the user and the
    # password hold none; concatenated pieces and f-string fields in between are let through).
    triggers = r"://[^/@]*@"
    production_only = True

    FLAG = [  # noqa: HL502 - deliberately bad example code, the tests of this rule
        'DATABASE_URL = "postgresql://app:hunter2@db.internal:5432/app"',
        'engine = create_engine("mysql+pymysql://root:toor@localhost/shop")',
        'cache = redis.from_url("redis://:s3cret@cache:6379/0")',
        'driver = GraphDatabase.driver("bolt://neo4j:letmein@graph:7687")',
        'BROKER_URL = "amqp://guest:guest@rabbitmq:5672//"',
        'client = MongoClient("mongodb+srv://admin:Pa55@cluster0.ab1cd.mongodb.net/app")',
        'url = f"postgresql://postgres:postgres@{host}:5432/{name}"',
        'REPO = "https://deploy:ghp_abc123def456@github.com/acme/app.git"',
        'URI = ("postgresql://reporting:"\n       "r3p0rt@warehouse/analytics")',
        'engine = create_engine("postgresql://app:hunter2@db/app", echo=False)',
        'logger.warning(make_url("postgresql://app:hunter2@db/app"))',
    ]
    CLEAN = [  # noqa: HL502 - example code, the tests of this rule
        'DATABASE_URL = os.environ["DATABASE_URL"]',
        'DATABASE_URL = "postgresql://app@db.internal/app"',
        'DATABASE_URL = "postgresql://app:@localhost/app"',
        'url = f"postgresql://{user}:{password}@{host}/{db}"',
        'url = "postgresql://app:${DB_PASSWORD}@db/app"',
        'url = "postgresql://%(user)s:%(password)s@%(host)s/app"',
        'url = "postgresql://user:password@localhost/dbname"',
        'url = "redis://:<password>@localhost:6379"',
        'url = "mongodb://admin:****@cluster/app"',
        '''
        def connect(url):
            """Connect, e.g. connect("postgresql://scott:tiger@localhost/test")."""
            return create_engine(url)
        ''',
        'parser.add_argument("--dsn", help="like postgresql://app:secret99@db/app")',
        'EMAIL = "mailto:someone@example.com"',
        'DOCS = "https://docs.example.com/page@v2"',
        'url = "http://example.com:8080/path@2x.png"',
        Example('DATABASE_URL = "postgresql://app:hunter2@db/app"', path="tests/conftest.py"),
        Example('DATABASE_URL = "postgresql://app:hunter2@db/app"', path="app/lib/create_test_data.py"),
        'SPEC = {"connection_examples": [{"connection_string": "clickhousedb://demo:demo@play.example.com"}]}',
        'sqlalchemy_uri_placeholder = "postgresql://app:hunter2@host:port/dbname"',
        'logger.warning("URIs of the form \'models://scope:prefix@databricks/name\' are deprecated")',
    ]

    def _check(self, node: cst.BaseExpression, text: str) -> None:
        for match in _CREDENTIALS.finditer(text):
            user, password = match.group(2), match.group(3)
            if _MARKER in password or is_placeholder(password) or is_placeholder(user + ":" + password):
                continue
            if user.lower() in _GENERIC_USERS and password.lower() in _GENERIC_PASSWORDS:
                continue
            scheme = match.group(1)
            self.report(node, f"Password inside a `{scheme}://` URL; keep the URL (or its password) in the "
                              "environment and rotate this one")
            return

    def _is_documentation(self) -> bool:
        """The string being visited is a docstring, a bare string statement, a help text, a log or
        warning message, or sits in documentation or sample data (`"connection_examples": [...]`,
        `sqlalchemy_uri_placeholder = ...`), or the module holds test data or examples."""
        if self.fixture_module or in_example_context(self.ctx.ancestors):
            return True
        ancestors = self.ctx.ancestors
        for index in range(len(ancestors) - 2, -1, -1):
            node = ancestors[index]
            if isinstance(node, (cst.ConcatenatedString, cst.FormattedString)):
                continue
            if isinstance(node, cst.Expr):
                return True
            if isinstance(node, cst.Arg):
                if node.keyword is not None:
                    return node.keyword.value in _DOC_KEYWORDS
                call = ancestors[index - 1] if index > 0 else None
                return isinstance(call, cst.Call) and _callee(call) in _MESSAGE_CALLS
            return False
        return False

    def begin(self) -> None:
        self.fixture_module = is_fixture_module(self.ctx.rel_path)

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        if "@" not in node.value or isinstance(self.ctx.parent(), cst.ConcatenatedString):
            return
        text = string_value(node)
        if text is not None and not self._is_documentation():
            self._check(node, text)

    def visit_ConcatenatedString(self, node: cst.ConcatenatedString) -> None:
        if isinstance(self.ctx.parent(), cst.ConcatenatedString) or self._is_documentation():
            return
        parts: list[str] = []
        for piece in _pieces(node):
            if isinstance(piece, cst.SimpleString):
                parts.append(string_value(piece) or _MARKER)
            else:
                parts.append(_formatted_text(piece))
        self._check(node, "".join(parts))

    def visit_FormattedString(self, node: cst.FormattedString) -> None:
        if isinstance(self.ctx.parent(), cst.ConcatenatedString) or self._is_documentation():
            return
        self._check(node, _formatted_text(node))


def _pieces(node: cst.BaseExpression) -> list[cst.BaseExpression]:
    if isinstance(node, cst.ConcatenatedString):
        return _pieces(node.left) + _pieces(node.right)
    return [node]


def _formatted_text(node: cst.BaseExpression) -> str:
    """An f-string's literal text with each replacement field turned into a marker."""
    if not isinstance(node, cst.FormattedString):
        return _MARKER
    return "".join(part.value if isinstance(part, cst.FormattedStringText) else _MARKER for part in node.parts)


def _callee(call: cst.Call) -> str | None:
    func = call.func
    if isinstance(func, cst.Name):
        return func.value
    return func.attr.value if isinstance(func, cst.Attribute) else None
