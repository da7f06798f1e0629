"""HL606 plaintext-password: a password is compared with, queried by or stored as plain text.

## What it does
Flags `==` / `!=` between a stored password field (`user.password` of a record loaded here,
`row["password"]`, `self.password` in a model, `settings.ADMIN_PASSWORD`) and a password value; ORM
and driver look-ups by password (`filter_by(password=...)`, `objects.get(password=...)`,
`find_one({"password": ...})`, SQL text with `WHERE password = ?` or with the password pasted in);
and storing a raw password: `user.password = password` followed by a save,
`User(password=form.password.data)` or `User(username, password)` when that object is saved
(`session.add(user)`, `user.save()`), `User.objects.create(password=...)`, `insert_one({"password":
...})`, `INSERT INTO users (..., password) VALUES` / `UPDATE users SET password =` given the
password; and keeping one in an in-memory account store that outlives the call (a module's `users`/`USERS`,
`self._accounts`, `fake_users_db`): `users[name] = {"username": name, "password": password}`,
`USERS[name] = password`, `accounts.append({"name": n, "password": pw})`.
Not flagged: comparing two inputs (`password == confirm_password`) or with a constant
(`PASSWORD_MASK`); records handed to a method of an auth provider or backend (their type may hash
on its own); `__eq__` and
other dunder methods of value objects; models whose password hashes itself (a `@password.setter`,
a `PasswordProperty`/`property`/`synonym` or `set_password` in the same file); objects only added
to another object's collection; credentials this program sends elsewhere (connections, URLs,
SMTP/Redis/storage clients, `*Creds`, key managers); copies of a stored password
(`other.password`, `row.get("password")`, Django's `request.user.password` is a hash); `defaults=`
of `get_or_create` (stored, not matched); hashed values (`make_password`, `generate_password_hash`,
`bcrypt.hashpw`) and `create_user(...)`; payloads: a dict sent to an HTTP client (`requests.post(url,
data={"password": pw})`), handed to a template, kept in one record (`user["password"]`) or in a list the
function builds and passes on; stores filled from the environment or from stored rows (`row["password"]`),
and account records with connection keys (`host`, `server`: credentials sent elsewhere).

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

from hardlint.literals import fstring_text, string_value
from hardlint.rule import Rule
from hardlint.rules.hl6_security._names import is_password_name, password_names
from hardlint.walker import iter_nodes

REQUEST_LIKE = re.compile(r"^(request|req|form|data|payload|body|args|json|params|credentials|creds|login|"
                          r"schema|input|values|user_in|item|cmd|command|ns|event|message|msg|kwargs|self)$|"
                          r"form$|_in$|request$|payload$|data$", re.IGNORECASE)
NOT_A_MODEL = re.compile(r"^(self|cls)$|config|setting|option|conf$|cfg|conn|client|dsn|url|env|opts|args|"
                         r"params|kwargs|parser|namespace|form|schema|request", re.IGNORECASE)
SCHEMA_CLASS = re.compile(r"(Schema|Form|Request|Create|Update|In|Input|Payload|DTO|Dto|Params|Credentials|"
                          r"Config|Settings|Login|Body|Command|Event|Message|Args)$")
# Holders of a password this program sends elsewhere (a database, SMTP, Redis, an HTTP API, a key
# derivation): the password must stay retrievable, so storing it is not the user-password problem.
OUTGOING = re.compile(r"(?i)conn|url|uri|dsn|engine|client|smtp|mail|ldap|proxy|creds|credential|redis|broker|"
                      r"storage|remote|host|server|connector|backend|manager|kek|cipher|vault|keyring|session")
HASHING_CALL = re.compile(r"(?i)make_password|hashpw|encrypt|pbkdf2|scrypt|crypt$|hash")
PROVIDER_CLASS = re.compile(r"Provider|Backend|Authenticat|Service|Manager|Handler|Checker|Validator")
SETTINGS = re.compile(r"(?i)^(?:settings|config|conf|cfg|app)$")
CONSTANT = re.compile(r"^_*[A-Z][A-Z0-9_]*$")
# Classes whose password attribute hashes or verifies on its own: a setter, a descriptor, a synonym.
HASHING_ATTRIBUTE = re.compile(r"(?m)^\s+\w*pass(?:word|wd)\w*\s*=\s*\w*(?:PasswordProperty|property|synonym|"
                               r"hybrid_property|PasswordType|PasswordField)\(|^\s+def\s+_?set_password\(")
SESSION = re.compile(r"(?i)(?:^|_)(?:session|db|sess|uow|dbsession)$|session$")
QUERY_METHODS = frozenset({"filter_by", "filter", "get", "exclude", "find_one", "find", "get_or_none",
                           "get_or_create", "find_one_and_update", "count_documents", "select"})
PERSIST_METHODS = frozenset({"add", "add_all", "save", "commit", "insert_one", "insert", "flush", "merge"})
SQL_BY_PASSWORD = re.compile(r"(?is)^\s*(select|update|delete)\b.*\bwhere\b.*\bpass(?:word|wd)?\s*=\s*(\?|%s|%\(\w+\)s|"
                             r":\w+|\$\d+|'\{)")
# The text of a query (holes shown as `{}`) that compares a password column with a pasted value.
SQL_TEXT_BY_PASSWORD = re.compile(r"(?is)\b(?:select|update|delete)\b.*\bwhere\b.*\bpass(?:word|wd)?\s*=\s*'?\{\}")
# ... or that writes one: `INSERT INTO users (name, password) VALUES`, `UPDATE users SET password =`.
SQL_WRITES_PASSWORD = re.compile(r"(?is)^\s*(?:insert\s+into\s+[\w.\"`]+\s*\([^)]*\bpass(?:word|wd)?\b[^)]*\)\s*values|"
                                 r"update\s+[\w.\"`]+\s+set\b[^;]*?\bpass(?:word|wd)?\s*=)")
STORE_METHODS = frozenset({"insert_one", "insert_many", "insert", "replace_one", "hset", "hmset"})
SQL_EXECUTE = frozenset({"execute", "executemany", "exec_driver_sql", "execute_sql"})
SETTER = re.compile(r"@\w*pass(?:word|wd)?\w*\.setter")
# Containers that are the application's account store kept in memory (`users`, `USERS`, `self._accounts`,
# `fake_users_db`, `user_store`, `accounts_by_email`), not one record (`user["password"]`) or a payload.
USER_STORE = re.compile(r"(?i)^_*(?:\w+_)?(?:(?:users|accounts|members|customers|people|players|admins)"
                        r"|(?:user|account|member|customer)s?_?(?:db|store|table|map|dict|list|registry|by_\w+))"
                        r"(?:_(?:db|store|table|map|dict|list|registry|by_\w+))?$")
STORE_ADD_METHODS = frozenset({"append", "setdefault"})
# Keys of a record that holds credentials for reaching another service (`{"password": pw, "imap_host": h}`).
CONNECTION_KEY = re.compile(r"(?i)host|server|url|uri|dsn|port|smtp|imap|pop3|ldap|endpoint|proxy|broker")

MSG_COMPARE = "Password compared as plain text; store a hash and verify it with check_password_hash/argon2"
MSG_QUERY = "Record looked up by its plain-text password; store a hash and verify it after the look-up"
MSG_STORE = "Raw password stored on a model; store a hash (generate_password_hash/argon2/bcrypt)"
MSG_STORE_MEMORY = "Raw password kept in the account store `{}`; store a hash (generate_password_hash/argon2/bcrypt)"


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


def _param_names(function: cst.FunctionDef) -> set[str]:
    p = function.params
    return {x.name.value for x in (*p.posonly_params, *p.params, *p.kwonly_params)}


def _copied_password(expr: cst.BaseExpression) -> bool:
    """`other.password`, `row.get("password")`: a stored password copied from another record, already
    in the form the application stores (Django's `user.password` is a hash)."""
    if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) and expr.func.attr.value == "get":
        key = string_value(expr.args[0].value) if expr.args else None
        root = _root_name(expr.func.value) or ""
        return key is not None and is_password_name(key) and not REQUEST_LIKE.search(root)
    if isinstance(expr, cst.Attribute) and isinstance(expr.value, cst.Attribute):  # `request.user.password`
        return is_password_name(expr.attr.value) and not REQUEST_LIKE.search(expr.value.attr.value)
    return _stored_password(expr) and not isinstance(expr, cst.Subscript)


def _raw_password(expr: cst.BaseExpression) -> bool:
    """A password value as the user typed it: named so, not a constant, not hashed, not copied."""
    return (not _constant(expr) and bool(password_names(expr)) and not _copied_password(expr)
            and not _hashed(expr))


def _hashed(expr: cst.BaseExpression) -> bool:
    """`make_password(p)`, `bcrypt.hashpw(p, salt)`, `pwd_context.encrypt(p)`: a hash, not the password."""
    for inner in iter_nodes(expr):
        if isinstance(inner, cst.Call):
            func = inner.func
            name = func.attr.value if isinstance(func, cst.Attribute) else getattr(func, "value", "")
            if isinstance(name, str) and HASHING_CALL.search(name):
                return True
    return False


def _template(expr: cst.BaseExpression) -> str | None:
    """The literal text of a string built by `+`, an f-string, `%` or `.format()`, with `{}` for
    what is pasted in; None when it is not built from a literal."""
    value = string_value(expr)
    if value is not None:
        return value
    if isinstance(expr, cst.FormattedString):
        return "".join(fstring_text(expr, p) if isinstance(p, cst.FormattedStringText) else "{}" for p in expr.parts)
    if isinstance(expr, cst.ConcatenatedString):
        left, right = _template(expr.left), _template(expr.right)
        return left + right if left is not None and right is not None else None
    if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Add):
        left, right = _template(expr.left), _template(expr.right)
        if left is None and right is None:
            return None
        return (left if left is not None else "{}") + (right if right is not None else "{}")
    if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Modulo):
        left = _template(expr.left)
        return re.sub(r"%(?:\(\w+\))?s", "{}", left) if left is not None else None
    if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) and expr.func.attr.value == "format":
        left = _template(expr.func.value)
        return re.sub(r"\{[^{}]*\}", "{}", left) if left is not None else None
    return None


def _model_of_manager(expr: cst.BaseExpression) -> str:
    """`RedisImportStorage` in `RedisImportStorage.objects`."""
    while isinstance(expr, cst.Attribute):
        if expr.attr.value == "objects":
            inner = expr.value
            return inner.attr.value if isinstance(inner, cst.Attribute) else getattr(inner, "value", "")
        expr = expr.value
    return ""


def _saves(call: cst.Call, names: set[str] | None) -> bool:
    """`session.add(x)`, `db.session.merge(x)`, `x.save()`: with `names` given, only when x is one of them."""
    func = call.func
    if not isinstance(func, cst.Attribute) or func.attr.value not in PERSIST_METHODS or func.attr.value == "commit":
        return False
    receiver = func.value
    if names is not None and isinstance(receiver, cst.Name) and receiver.value in names:
        return func.attr.value in ("save", "insert", "put")
    short = receiver.attr.value if isinstance(receiver, cst.Attribute) else getattr(receiver, "value", "")
    if not isinstance(short, str) or not SESSION.search(short):
        return False
    if names is None:
        return True
    return any(isinstance(n, cst.Name) and n.value in names for a in call.args for n in iter_nodes(a.value))


def _constant(expr: cst.BaseExpression) -> bool:
    return isinstance(expr, cst.Integer) or string_value(expr) is not None or (
        isinstance(expr, cst.Name) and expr.value in ("None", "True", "False"))


def _from_environment(expr: cst.BaseExpression) -> bool:
    """`os.environ[...]`, `os.getenv(...)`, `settings.X`, `config[...]`: configuration, not a typed password."""
    return any(isinstance(inner, cst.Name) and inner.value in ("environ", "getenv", "settings", "config")
               for inner in iter_nodes(expr))


def _user_store(expr: cst.BaseExpression) -> str | None:
    """`users` for `users`, `self.users`, `app.state.users`: the name of a container holding the accounts."""
    name = expr.attr.value if isinstance(expr, cst.Attribute) else getattr(expr, "value", None)
    return name if isinstance(name, str) and USER_STORE.match(name) else None


def _record_value(expr: cst.BaseExpression) -> bool:
    """A password as a new account record holds it: typed by the user, not hashed, not a copy of a stored
    one (`row["password"]` loaded from the database), not read from the environment or settings."""
    return (_raw_password(expr) and not _stored_password(expr)
            and not _from_environment(expr))


def _account_record(expr: cst.BaseExpression) -> bool:
    """`{"username": name, "password": password}`, `dict(name=..., password=...)` or the bare `password`:
    what an in-memory account store keeps, with the password as typed. A record with connection keys
    (`host`, `server`, `url`) holds credentials this program sends elsewhere."""
    if isinstance(expr, cst.Dict):
        elements = [e for e in expr.elements if isinstance(e, cst.DictElement)]
        keys = [string_value(e.key) or "" for e in elements]
        return not any(CONNECTION_KEY.search(k) for k in keys) and any(
            is_password_name(k) and _record_value(e.value) for k, e in zip(keys, elements))
    if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Name) and expr.func.value == "dict":
        return any(a.keyword is not None and is_password_name(a.keyword.value) and _record_value(a.value)
                   for a in expr.args)
    return isinstance(expr, (cst.Name, cst.Attribute, cst.Subscript)) and _record_value(expr)


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
        r"""
        def login(cursor, email, password):
            cursor.execute("SELECT id FROM users WHERE" " email = ? AND password = ?", (email, password))
            cursor.execute("\x53ELECT id FROM users WHERE email = ? AND password = ?", (email, password))
        """,
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
        """
        def register(conn, username, password):
            conn.execute("INSERT INTO users (username, password) VALUES (?, ?)", (username, password))
            conn.commit()
        """,
        """
        def change(cursor, user_id, new_password):
            cursor.execute(f"UPDATE users SET password = '{new_password}' WHERE id = {user_id}")
        """,
        """
        def login(cursor, username, password):
            cursor.execute("SELECT * FROM users WHERE username = '" + username + "' AND password = '" + password + "'")
        """,
        """
        def login(cursor, username, password):
            cursor.execute(f"SELECT id FROM users WHERE username = '{username}' AND password = '{password}'")
        """,
        """
        def register(session, username, password):
            user = User(username, password)
            session.add(user)
        """,
        """
        def register(db, form):
            db.users.insert_one({"username": form["username"], "password": form["password"]})
        """,
        """
        users = {}

        def register(username, password):
            users[username] = {"username": username, "password": password}
        """,
        """
        USERS = {}

        class Registry:
            def add(self, form, accounts):
                USERS[form.username.data] = form.password.data
                self._users[form["name"]] = dict(name=form["name"], password=form["password"])
                accounts.append({"email": form["email"], "password": form["password"]})
        """,
        """
        class Account(Model):
            def check_password(self, password):
                return self.password == password
        """,
        """
        def login(user, password: str) -> bool:
            return user.password == password
        """,
    ]
    CLEAN = [
        # A client built with the password in a `with` header: a connection, not a stored account.
        """
        async def execute(base_url, code, token="", password=""):
            async with JupyterCodeExecuter(base_url, code, token, password) as executor:
                return await executor.run()
        """,
        """
        def login(cursor, email, digest):
            cursor.execute("SELECT id FROM users WHERE email = ?" " AND password_hash = ?", (email, digest))
        """,
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
        # Outgoing credentials: a password sent to a database, a store or an API stays retrievable.
        """
        PASSWORD_MASK = "XXXXXXXXXX"

        def set_uri(self, uri):
            conn = make_url(uri)
            if conn.password != PASSWORD_MASK:
                self.password = conn.password

        def connect(project, params, url, old_passphrase):
            RedisImportStorage.objects.create(project=project, password=params.get("password"))
            creds = HostCreds(host=url.hostname, password=url.password)
            manager = KEKManager(passphrase=old_passphrase)
        """,
        # The model hashes on its own: a setter, a password descriptor, a `set_password`.
        """
        class Identity(Model):
            password = PasswordProperty("password_hash")

        def add(session, form):
            identity = Identity(provider="local", password=form.password.data)
            session.add(identity)
        """,
        # A record handed to an auth provider: its own password type compares (a descriptor elsewhere).
        """
        class LocalAuthProvider(AuthProvider):
            def check_password(self, identity, password):
                return identity.password == password
        """,
        # Saved through another object's collection, or a copy of a stored (hashed) value.
        """
        def add_account(session, user, form, restriction, request):
            identity = Identity(provider="indico", password=form.password)
            user.identities.add(identity)
            session.add(user)
            copy = PageViewRestriction(page=user, password=restriction.password)
            copy.save()
            AuditLog.objects.create(user, request, password=request.user.password)
        """,
        # `defaults=` of get_or_create are stored values (here an unusable password), not a look-up.
        """
        from django.contrib.auth.hashers import make_password

        def bot(users, username):
            return users.objects.get_or_create(username=username, defaults={"password": make_password(None)})
        """,
        # Value objects comparing their own fields.
        """
        class Credentials:
            def __eq__(self, other):
                return self.user == other.user and self.password == other.password
        """,
        """
        from werkzeug.security import generate_password_hash

        def register(conn, username, password):
            conn.execute("INSERT INTO users (username, password) VALUES (?, ?)",
                         (username, generate_password_hash(password)))
        """,
        # In-memory account stores keeping a hash; the environment's or the database's values.
        """
        import os
        import bcrypt
        from django.contrib.auth.hashers import make_password
        from werkzeug.security import generate_password_hash

        users, USERS = {}, {}

        def register(username, password, accounts, pwd_context, rows):
            users[username] = {"username": username, "password": generate_password_hash(password)}
            USERS[username] = bcrypt.hashpw(password.encode(), bcrypt.gensalt())
            accounts.append({"name": username, "password": pwd_context.hash(password)})
            accounts.append({"name": username, "password": make_password(password)})
            USERS[os.environ["ADMIN_USER"]] = os.environ["ADMIN_PASSWORD"]
            for row in rows:
                users[row["username"]] = {"password": row["password"]}
        """,
        # Payloads: sent to an HTTP client, rendered, one record, a list built here and passed on.
        """
        import requests

        def sign_up(url, session, client, username, password, rows):
            requests.post(url, data={"username": username, "password": password})
            session.post(url, json={"username": username, "password": password})
            user = {}
            user["password"] = password
            users = []
            for row in rows:
                users.append({"email": row.email, "password": password})
            client.create_users(users)
            return render_template("signup.html", form={"username": username, "password": password})
        """,
        # Credentials this program uses to reach a mail server, kept retrievable.
        """
        class Mailboxes:
            def add(self, email, password, host):
                self.accounts[email] = {"password": password, "imap_host": host}
        """,
    ]

    def begin(self) -> None:
        self.has_setter = bool(SETTER.search(self.ctx.source) or HASHING_ATTRIBUTE.search(self.ctx.source))

    def visit_Comparison(self, node: cst.Comparison) -> None:
        left = node.left
        for target in node.comparisons:
            right = target.comparator
            if isinstance(target.operator, (cst.Equal, cst.NotEqual)) and not _constant(left) and not _constant(right):
                if self._plain_compare(left, right) or self._plain_compare(right, left):
                    self.report(node, MSG_COMPARE)
                    return
            left = right

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        name = func.attr.value if isinstance(func, cst.Attribute) else (
            func.value if isinstance(func, cst.Name) else "")
        if name in SQL_EXECUTE and node.args and self._sql_stores_password(node):
            self.report(node, MSG_STORE)
            return
        if name in STORE_METHODS and any(isinstance(a.value, cst.Dict) and self._dict_raw_password(a.value)
                                         for a in node.args):
            self.report(node, MSG_STORE)
            return
        if name in STORE_ADD_METHODS and isinstance(func, cst.Attribute):
            store = self._kept_store(func.value)
            if store is not None and any(_account_record(a.value) for a in node.args):
                self.report(node, MSG_STORE_MEMORY.format(store))
                return
        if name in QUERY_METHODS:
            if self._password_keyword(node) or any(
                    isinstance(a.value, cst.Dict) and self._dict_password(a.value) for a in node.args
                    if a.keyword is None or a.keyword.value != "defaults"):  # `defaults=` are stored, not matched
                self.report(node, MSG_QUERY)
            return
        if name in ("create", "update") and isinstance(func, cst.Attribute) and self._on_manager(func.value):
            if self._raw_password_keyword(node) and not self.has_setter and not OUTGOING.search(
                    _model_of_manager(func.value)):
                self.report(node, MSG_STORE)
            return
        if (name[:1].isupper() and not SCHEMA_CLASS.search(name) and not OUTGOING.search(name)
                and not self.has_setter and self._raw_password_keyword(node) and self._persists_constructed(node)):
            self.report(node, MSG_STORE)

    @staticmethod
    def _raw_password_keyword(call: cst.Call) -> bool:
        """`password=<a password value>`, or a password passed by position (`User(name, password)`),
        that is not a copy of a stored password or a constant."""
        return any((a.keyword is None or is_password_name(a.keyword.value)) and not a.star
                   and _raw_password(a.value) for a in call.args)

    @staticmethod
    def _dict_raw_password(value: cst.Dict) -> bool:
        return any(isinstance(e, cst.DictElement) and is_password_name(string_value(e.key) or "")
                   and _raw_password(e.value) for e in value.elements)

    @staticmethod
    def _sql_stores_password(call: cst.Call) -> bool:
        """`execute("INSERT INTO users (name, password) VALUES (?, ?)", (name, password))`, or the
        same statement with the password pasted into its text."""
        query = call.args[0].value
        text = _template(query)
        if text is None or not SQL_WRITES_PASSWORD.search(text):
            return False
        pasted = not isinstance(query, cst.SimpleString) and password_names(query)
        return bool(pasted) or any(_raw_password(a.value) or any(
            _raw_password(e.value) for e in getattr(a.value, "elements", ()) if not isinstance(e, cst.StarredElement))
            for a in call.args[1:2])

    def _persists_constructed(self, call: cst.Call) -> bool:
        """Is the object this call builds saved here: `session.add(user)`, `user.save()`,
        `db.session.add(User(...))`? Adding it to another object's collection is not enough."""
        function = self.ctx.enclosing(cst.FunctionDef)
        if function is None:
            return False
        for ancestor in reversed(self.ctx.ancestors):
            if isinstance(ancestor, cst.Call) and ancestor is not call and _saves(ancestor, None):
                return True
        statement = self.ctx.current_statement()
        smalls = statement.body if isinstance(statement, cst.SimpleStatementLine) else ()
        names = {t.target.value for small in smalls if isinstance(small, cst.Assign)
                 for t in small.targets if isinstance(t.target, cst.Name)}
        return bool(names) and any(isinstance(inner, cst.Call) and _saves(inner, names)
                                   for inner in iter_nodes(function.body))

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        self._check_query_literal(node)

    def visit_ConcatenatedString(self, node: cst.ConcatenatedString) -> None:
        self._check_query_literal(node)

    def visit_FormattedString(self, node: cst.FormattedString) -> None:
        self._check_query_literal(node)

    def _check_query_literal(self, node: cst.BaseString) -> None:
        """A whole literal (implicit concatenation is one), read by its value: a query with a
        placeholder for the password, or an f-string pasting one in."""
        if isinstance(self.ctx.parent(), cst.ConcatenatedString):
            return
        value = string_value(node, allow_bytes=True)
        if value is not None:
            if len(value) < 400 and SQL_BY_PASSWORD.search(value):
                self.report(node, MSG_QUERY)
            return
        text = _template(node)
        if text is not None and len(text) < 400 and SQL_TEXT_BY_PASSWORD.search(text) and password_names(node):
            self.report(node, MSG_QUERY)

    def visit_BinaryOperation(self, node: cst.BinaryOperation) -> None:
        """`"... WHERE password = '" + password + "'"`: the outermost `+` of a chain."""
        if not isinstance(node.operator, cst.Add) or any(
                isinstance(a, cst.BinaryOperation) and isinstance(a.operator, cst.Add) for a in [self.ctx.parent()]):
            return
        text = _template(node)
        if text is not None and len(text) < 400 and SQL_TEXT_BY_PASSWORD.search(text) and password_names(node):
            self.report(node, MSG_QUERY)

    def visit_Assign(self, node: cst.Assign) -> None:
        if self.has_setter or _constant(node.value) or not password_names(node.value):
            return
        store = next(filter(None, (self._store_entry(t.target) for t in node.targets)), None)
        if store is not None and _account_record(node.value):
            self.report(node, MSG_STORE_MEMORY.format(store))
            return
        for target in node.targets:
            item = target.target
            if not isinstance(item, cst.Attribute) or not is_password_name(item.attr.value):
                continue
            root = _root_name(item) or ""
            if NOT_A_MODEL.search(root) or _from_environment(node.value):
                continue
            if self._persists():
                self.report(node, MSG_STORE)
                return

    def _store_entry(self, target: cst.BaseExpression) -> str | None:
        """`users` for `users[name] = ...` or `self.users[name]["password"] = ...`: an entry of an account store."""
        if not isinstance(target, cst.Subscript):
            return None
        while isinstance(target, cst.Subscript):
            target = target.value
        return self._kept_store(target)

    def _kept_store(self, container: cst.BaseExpression) -> str | None:
        """The name of an account store that outlives the call: a module global, an attribute (`self.users`) or
        a parameter; a list or dict the function builds itself is a payload or a return value."""
        store = _user_store(container)
        function = self.ctx.enclosing(cst.FunctionDef)
        if store is None or not isinstance(container, cst.Name) or function is None:
            return store
        built_here = any(isinstance(inner, (cst.AssignTarget, cst.AnnAssign)) and isinstance(inner.target, cst.Name)
                         and inner.target.value == store for inner in iter_nodes(function.body))
        return None if built_here else store

    def _plain_compare(self, stored: cst.BaseExpression, other: cst.BaseExpression) -> bool:
        """`user.password == supplied`, where `user` was loaded here (or is settings or `self`), and
        `supplied` is a password value rather than a sentinel constant (`PASSWORD_MASK`)."""
        if not (_stored_password(stored) or self._own_field(stored)) or not password_names(other):
            return False
        if isinstance(other, cst.Name) and CONSTANT.match(other.value):
            return False
        root = _root_name(stored) or ""
        if OUTGOING.search(root) or (root == "self" and self.has_setter) or self._in_dunder():
            return False
        if root in ("self", "cls") or SETTINGS.search(root):
            return True
        return not self._record_of_provider(root)

    def _record_of_provider(self, root: str) -> bool:
        """A record handed to a method of an auth provider or backend (`check_password(self, identity,
        password)`): such frameworks compare through the record's own password type."""
        function = self.ctx.enclosing(cst.FunctionDef)
        cls = self.ctx.enclosing(cst.ClassDef)
        if function is None or cls is None or root not in _param_names(function):
            return False
        return PROVIDER_CLASS.search(cls.name.value) is not None

    def _own_field(self, expr: cst.BaseExpression) -> bool:
        """`self.password` in a model class (not a form, settings or client class)."""
        if not (isinstance(expr, cst.Attribute) and isinstance(expr.value, cst.Name) and expr.value.value == "self"
                and is_password_name(expr.attr.value)):
            return False
        cls = self.ctx.enclosing(cst.ClassDef)
        return cls is not None and not SCHEMA_CLASS.search(cls.name.value) and not OUTGOING.search(cls.name.value)

    def _in_dunder(self) -> bool:
        """Inside `__eq__`/`__hash__`/...: a value object comparing its own fields."""
        function = self.ctx.enclosing(cst.FunctionDef)
        return function is not None and function.name.value.startswith("__")

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
