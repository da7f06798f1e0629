"""HL606 plaintext-password: a password is compared with, queried by or stored as plain text.

## What it does
Flags `==` / `!=` between a stored password field (`user.password`, `row["password"]`,
`User.password`, `settings.ADMIN_PASSWORD`) and a password value; ORM and driver look-ups by password
(`filter_by(password=...)`, `objects.get(password=...)`, `find_one({"password": ...})`, SQL text with
`WHERE password = ?`); and storing a raw password into a model: `user.password = password`,
`User(password=form.password.data)` followed by a save/add/commit, `User.objects.create(password=...)`.
Not flagged: comparing two inputs (`password == confirm_password`), assignments through a
`@password.setter` defined in the same file, `self.password = ...` on configuration or client
objects, hashed values and `create_user(...)`.

## Why it matters
If passwords can be compared or looked up as plain text, they are stored as plain text (or as an
unsalted deterministic digest), so one database leak exposes every user's password, and through
password reuse their other accounts. `==` on secrets also leaks timing.

## Example
```python
user = User.query.filter_by(email=email).first()
if user and user.password == request.form["password"]:
    login_user(user)
```

## Use instead
```python
user = User.query.filter_by(email=email).first()
if user and check_password_hash(user.password_hash, request.form["password"]):
    login_user(user)
```
Store `generate_password_hash(password)` (or argon2/bcrypt) and verify with the matching check
function, which also compares in constant time.

## Fix safety
No automatic fix: the stored data has to be migrated to hashes first.

## References
- OWASP Password Storage Cheat Sheet: https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html
- CWE-256: Plaintext Storage of a Password; CWE-521
"""

from __future__ import annotations

import re

import libcst as cst

from hardlint.rule import Rule
from hardlint.rules.hl6_security._names import is_password_name, password_names
from hardlint.rules.hl7_api._routes import string_value
from hardlint.walker import iter_nodes

REQUEST_LIKE = re.compile(r"^(request|req|form|data|payload|body|args|json|params|credentials|creds|login|"
                          r"schema|input|values|user_in|item|cmd|command|ns|event|message|msg|kwargs|self)$|"
                          r"form$|_in$|request$|payload$|data$", re.IGNORECASE)
NOT_A_MODEL = re.compile(r"^(self|cls)$|config|setting|option|conf$|cfg|conn|client|dsn|url|env|opts|args|"
                         r"params|kwargs|parser|namespace|form|schema|request", re.IGNORECASE)
SCHEMA_CLASS = re.compile(r"(Schema|Form|Request|Create|Update|In|Input|Payload|DTO|Dto|Params|Credentials|"
                          r"Config|Settings|Login|Body|Command|Event|Message|Args)$")
QUERY_METHODS = frozenset({"filter_by", "filter", "get", "exclude", "find_one", "find", "get_or_none",
                           "get_or_create", "find_one_and_update", "count_documents", "select"})
PERSIST_METHODS = frozenset({"add", "add_all", "save", "commit", "insert_one", "insert", "flush", "merge"})
SQL_BY_PASSWORD = re.compile(r"(?is)^[rbuf]*['\"]{1,3}\s*(select|update|delete)\b.*\bwhere\b.*\bpass(?:word|wd)?\s*=\s*(\?|%s|%\(\w+\)s|"
                             r":\w+|\$\d+|'\{)")
SETTER = re.compile(r"@\w*pass(?:word|wd)?\w*\.setter")

MSG_COMPARE = "Password compared as plain text; store a hash and verify it with check_password_hash/argon2"
MSG_QUERY = "Record looked up by its plain-text password; store a hash and verify it after the look-up"
MSG_STORE = "Raw password stored on a model; store a hash (generate_password_hash/argon2/bcrypt)"


def _root_name(expr: cst.BaseExpression) -> str | None:
    while isinstance(expr, (cst.Attribute, cst.Subscript, cst.Call)):
        expr = expr.func if isinstance(expr, cst.Call) else expr.value
    return expr.value if isinstance(expr, cst.Name) else None


def _stored_password(expr: cst.BaseExpression) -> bool:
    """`user.password`, `row["password"]`: a password field read from a record, not from the request."""
    if isinstance(expr, cst.Attribute):
        field = expr.attr.value
    elif isinstance(expr, cst.Subscript) and len(expr.slice) == 1 and isinstance(expr.slice[0].slice, cst.Index):
        field = string_value(expr.slice[0].slice.value)
    else:
        return False
    if field is None or not is_password_name(field):
        return False
    root = _root_name(expr) or ""
    return not REQUEST_LIKE.search(root)


def _constant(expr: cst.BaseExpression) -> bool:
    return isinstance(expr, (cst.SimpleString, cst.Integer)) or (
        isinstance(expr, cst.Name) and expr.value in ("None", "True", "False"))


class PlaintextPassword(Rule):
    code = "HL606"
    name = "plaintext-password"
    severity = "critical"
    message = MSG_COMPARE
    # A password name as `_names.PASSWORD` spells them: `password`/`passwd`/`passphrase`/`pwd` anywhere;
    # a name ending in `pass` (`db_pass`, `"pass"`, `.Pass`, `pass=`) or exactly `pw`, but not the
    # `pass` statement.
    triggers = (r"(?i)p(?:ass(?:word|wd|phrase|(?![a-z0-9_])(?:(?<=[a-z0-9_'\"]pass)|(?=(?:\s|\\|#.*\n)*=)))|"
                r"w(?:d|(?![a-z0-9_])(?:(?<=['\"]pw)|(?=(?:\s|\\|#.*\n)*=))))|\.(?:[ \t\f\v\r]|\\\n)*p(?:ass|w)(?![a-z0-9_])|"
                r"\.[ \t\f\v\r]*(?:#.*)?\n\s*p(?:ass|w)(?![a-z0-9_])(?![ \t\f\v\r]*(?:#|;|\n|$))")
    production_only = True

    FLAG = [
        """
        def login(request):
            user = User.query.filter_by(email=request.form["email"]).first()
            if user and user.password == request.form["password"]:
                return start_session(user)
        """,
        """
        def login(db, email, password):
            return db.query(User).filter_by(email=email, password=password).first()
        """,
        """
        def login(cursor, email, password):
            cursor.execute("SELECT id FROM users WHERE email = ? AND password = ?", (email, password))
            return cursor.fetchone()
        """,
        """
        def register(db, form):
            user = User(email=form.email.data, password=form.password.data)
            db.session.add(user)
            db.session.commit()
        """,
        """
        def change_password(user, new_password):
            user.password = new_password
            user.save()
        """,
        """
        def signup(data):
            return User.objects.create(username=data["username"], password=data["password"])
        """,
        """
        def admin_ok(settings, supplied_password):
            return supplied_password == settings.ADMIN_PASSWORD
        """,
        """
        def login(db, email, user_pass):
            return db.query(User).filter_by(email=email, user_pass=user_pass).first()
        """,
    ]
    CLEAN = [
        """
        def register(form):
            if form.password.data != form.confirm_password.data:
                raise ValueError("passwords differ")
        """,
        """
        from werkzeug.security import check_password_hash, generate_password_hash

        def login(user, password):
            return check_password_hash(user.password_hash, password)

        def register(user, password):
            user.password_hash = generate_password_hash(password)
        """,
        """
        class User(Model):
            @property
            def password(self):
                raise AttributeError("write-only")

            @password.setter
            def password(self, plaintext):
                self.password_hash = generate_password_hash(plaintext)

        def register(form):
            user = User(email=form.email.data, password=form.password.data)
            db.session.add(user)
        """,
        """
        class RedisSettings:
            def __init__(self, password):
                self.password = password
        """,
        """
        def signup(data):
            return User.objects.create_user(data["username"], password=data["password"])
        """,
        """
        def validate(user):
            if user.password == "":
                raise ValueError("empty password")
            if user.password is None:
                return False
        """,
        """
        def build(password):
            return LoginRequest(username="x", password=password)
        """,
    ]

    def begin(self) -> None:
        self.has_setter = bool(SETTER.search(self.ctx.source))

    def visit_Comparison(self, node: cst.Comparison) -> None:
        left = node.left
        for target in node.comparisons:
            right = target.comparator
            if isinstance(target.operator, (cst.Equal, cst.NotEqual)) and not _constant(left) and not _constant(right):
                if (_stored_password(left) and password_names(right)) or (
                        _stored_password(right) and password_names(left)):
                    self.report(node, MSG_COMPARE)
                    return
            left = right

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        name = func.attr.value if isinstance(func, cst.Attribute) else (
            func.value if isinstance(func, cst.Name) else "")
        if name in QUERY_METHODS:
            if self._password_keyword(node) or any(
                    isinstance(a.value, cst.Dict) and self._dict_password(a.value) for a in node.args):
                self.report(node, MSG_QUERY)
            return
        if name in ("create", "update") and isinstance(func, cst.Attribute) and self._on_manager(func.value):
            if self._password_keyword(node) and not self.has_setter:
                self.report(node, MSG_STORE)
            return
        if (name[:1].isupper() and not SCHEMA_CLASS.search(name) and not self.has_setter
                and self._password_keyword(node) and self._persists()):
            self.report(node, MSG_STORE)

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        value = node.value
        if len(value) < 400 and SQL_BY_PASSWORD.search(value):
            self.report(node, MSG_QUERY)

    def visit_Assign(self, node: cst.Assign) -> None:
        if self.has_setter or _constant(node.value) or not password_names(node.value):
            return
        for target in node.targets:
            item = target.target
            if not isinstance(item, cst.Attribute) or not is_password_name(item.attr.value):
                continue
            root = _root_name(item) or ""
            if NOT_A_MODEL.search(root) or self._from_environment(node.value):
                continue
            if self._persists():
                self.report(node, MSG_STORE)
                return

    @staticmethod
    def _on_manager(expr: cst.BaseExpression) -> bool:
        for inner in iter_nodes(expr):
            if isinstance(inner, cst.Attribute) and inner.attr.value == "objects":
                return True
        return False

    @staticmethod
    def _password_keyword(call: cst.Call) -> bool:
        return any(a.keyword is not None and is_password_name(a.keyword.value) and not _constant(a.value)
                   and (password_names(a.value) or isinstance(a.value, (cst.Name, cst.Subscript, cst.Attribute)))
                   for a in call.args)

    @staticmethod
    def _dict_password(value: cst.Dict) -> bool:
        return any(isinstance(e, cst.DictElement) and is_password_name(string_value(e.key) or "")
                   and not _constant(e.value) for e in value.elements)

    @staticmethod
    def _from_environment(expr: cst.BaseExpression) -> bool:
        for inner in iter_nodes(expr):
            if isinstance(inner, cst.Name) and inner.value in ("environ", "getenv", "settings", "config"):
                return True
        return False

    def _persists(self) -> bool:
        """Does the enclosing function save something (session.add, .save(), commit)?"""
        function = self.ctx.enclosing(cst.FunctionDef)
        if function is None:
            return False
        for inner in iter_nodes(function.body):
            if isinstance(inner, cst.Call) and isinstance(inner.func, cst.Attribute) and (
                    inner.func.attr.value in PERSIST_METHODS):
                return True
        return False
