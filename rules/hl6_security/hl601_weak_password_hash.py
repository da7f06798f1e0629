"""HL601 weak-password-hash: a password is hashed with a fast digest or too few PBKDF2 iterations.

## What it does
Flags fast hash functions (MD5, SHA-1, SHA-2, SHA-3, BLAKE2, salted or not) applied to a value whose
name says it is a password, `hashlib.pbkdf2_hmac` / `PBKDF2HMAC` / werkzeug `pbkdf2:` methods with fewer
iterations than OWASP's 2023 minimum (600,000 for SHA-256, 210,000 for SHA-512, 1,300,000 for
SHA-1), werkzeug `generate_password_hash(method="sha256")`, Django `make_password(hasher="md5")`
and passlib's single-digest schemes (`hex_sha256`, `md5_crypt`, `ldap_salted_sha1`...).
Hashing a file, a cache key or a token is not a finding: the rule looks at what is hashed. Nor is
the SHA-1 prefix sent to a breached-password service (Have I Been Pwned's range API): that digest
is looked up, never stored.

## Why it matters
A GPU computes billions of SHA-256 digests per second, so when the user table leaks, a salted fast
hash gives up most real passwords within hours. Password hashes must be deliberately slow and
memory-hard so that each guess costs the attacker real time.

## Example
```python
def set_password(user, password):
    salt = os.urandom(16).hex()
    user.password_hash = salt + hashlib.sha256((salt + password).encode()).hexdigest()
```

## Use instead
```python
from argon2 import PasswordHasher

hasher = PasswordHasher()

def set_password(user, password):
    user.password_hash = hasher.hash(password)
```
`bcrypt.hashpw(password, bcrypt.gensalt())`, `hashlib.scrypt(...)`, werkzeug's default
`generate_password_hash(password)` and Django's default hashers are also fine.

## Fix safety
No automatic fix: changing the hash scheme needs a migration (rehash on next login).

## References
- OWASP Password Storage Cheat Sheet: https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html
- CWE-916: Use of Password Hash With Insufficient Computational Effort
"""

from __future__ import annotations

import re

import libcst as cst

from hardlint.rule import Rule, load_data
from hardlint.rules.hl6_security._names import password_names
from hardlint.literals import string_value
from hardlint.rules.hl7_api._routes import keyword, positional

DATA = load_data(__file__, "hl601_hashing.toml")
FAST_HASHES = frozenset(DATA["fast_hashes"])
WEAK_PASSLIB = tuple(DATA["weak_passlib"])
WEAK_DJANGO = frozenset(DATA["weak_django_hashers"])
MIN_ITERATIONS = dict(DATA["pbkdf2_min_iterations"])
BREACH_LOOKUP = re.compile(r"pwned|hibp", re.IGNORECASE)


def _int_value(expr: cst.BaseExpression | None) -> int | None:
    if isinstance(expr, cst.Integer):
        try:
            return int(expr.value.replace("_", ""), 0)
        except ValueError:
            return None
    return None


def _iterations(text: str) -> int | None:
    """The iteration count of a werkzeug method as werkzeug's `int()` reads it, or None."""
    try:
        return int(text)
    except ValueError:  # not a number (`²`), or more digits than `int()` accepts
        return None


def _minimum(digest: str | None) -> int:
    key = (digest or "").lower().replace("-", "")
    return MIN_ITERATIONS.get(key, MIN_ITERATIONS["default"])


class WeakPasswordHash(Rule):
    code = "HL601"
    name = "weak-password-hash"
    severity = "high"
    message = "Password hashed with a fast digest; use argon2, bcrypt or scrypt"
    triggers = r"hashlib|pbkdf2|PBKDF2|passlib|generate_password_hash|make_password|Crypto"
    production_only = True

    FLAG = [
        """
        import hashlib

        def register(username, password):
            digest = hashlib.sha256(password.encode()).hexdigest()
            save(username, digest)
        """,
        """
        from hashlib import md5

        def check(user, form):
            return user.pw_hash == md5((user.salt + form["password"]).encode()).hexdigest()
        """,
        """
        import hashlib

        def hash_password(raw_password, salt):
            h = hashlib.sha512()
            h.update(salt)
            h.update(raw_password.encode("utf-8"))
            return h.hexdigest()
        """,
        """
        import hashlib

        def derive(password, salt):
            return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 100_000)
        """,
        """
        from werkzeug.security import generate_password_hash

        def set_password(user, password):
            user.password_hash = generate_password_hash(password, method="pbkdf2:sha256:1000")
        """,
        """
        import hashlib

        def set_password(user, password):
            user.password_hash = hashlib.sha1(password.encode()).hexdigest()
            user.breached = is_listed(user.password_hash)
        """,
        """
        from passlib.hash import md5_crypt

        def store(password):
            return md5_crypt.hash(password)
        """,
        """
        from django.contrib.auth.hashers import make_password

        def store(password):
            return make_password(password, hasher="unsalted_md5")
        """,
    ]
    CLEAN = [
        """
        import hashlib

        def file_checksum(path):
            with open(path, "rb") as handle:
                return hashlib.sha256(handle.read()).hexdigest()
        """,
        """
        import hashlib

        def cache_key(user_id, query):
            return hashlib.md5(f"{user_id}:{query}".encode()).hexdigest()
        """,
        """
        import hashlib

        def store_reset_token(token):
            return hashlib.sha256(token.encode()).hexdigest()
        """,
        """
        import hashlib

        def derive(password, salt):
            return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600_000)
        """,
        """
        import bcrypt

        def hash_password(password):
            return bcrypt.hashpw(password.encode(), bcrypt.gensalt())
        """,
        """
        from werkzeug.security import generate_password_hash

        def set_password(user, password):
            user.password_hash = generate_password_hash(password)
        """,
        """
        def sha256(password):
            return password
        digest = sha256(password)
        """,
        """
        import hashlib

        def fingerprint(password_hash):
            return hashlib.sha1(password_hash.encode()).hexdigest()[:8]
        """,
        """
        import hashlib

        def check_password_pwned(password):
            sha = hashlib.sha1(password.encode()).hexdigest().upper()
            hashes = requests.get(f"https://api.pwnedpasswords.com/range/{sha[:5]}").text
            return sha[5:] in hashes
        """,
    ]

    def begin(self) -> None:
        self.hash_objects: set[str] = set()

    def visit_Assign(self, node: cst.Assign) -> None:
        value = node.value
        if isinstance(value, cst.Call) and self.ctx.qualname(value.func) in FAST_HASHES:
            for target in node.targets:
                if isinstance(target.target, cst.Name):
                    self.hash_objects.add(target.target.value)

    def visit_Call(self, node: cst.Call) -> None:
        qualname = self.ctx.qualname(node.func)
        if qualname in FAST_HASHES:
            args = node.args[1:] if qualname == "hashlib.new" else node.args
            if any(password_names(a.value) for a in args) and not self._breach_lookup():
                self.report(node)
            return
        if (isinstance(node.func, cst.Attribute) and node.func.attr.value == "update"
                and isinstance(node.func.value, cst.Name) and node.func.value.value in self.hash_objects):
            if any(password_names(a.value) for a in node.args) and not self._breach_lookup():
                self.report(node)
            return
        if qualname is None:
            return
        if qualname == "hashlib.pbkdf2_hmac":
            self._pbkdf2(node, positional(node, 0), positional(node, 3) or keyword(node, "iterations"))
        elif qualname.endswith("PBKDF2HMAC"):
            algorithm = keyword(node, "algorithm")
            digest = None
            if algorithm is not None and isinstance(algorithm.value, cst.Call):
                func = algorithm.value.func
                digest = func.attr.value if isinstance(func, cst.Attribute) else None
            self._check_iterations(node, digest, keyword(node, "iterations"))
        elif qualname.endswith("Protocol.KDF.PBKDF2"):
            count = keyword(node, "count") or positional(node, 3)
            if count is None:
                self.report(node, "PBKDF2 with the default 1000 iterations; use argon2, bcrypt or scrypt")
            else:
                self._check_iterations(node, "sha1", count)
        elif qualname.startswith(WEAK_PASSLIB):
            self.report(node, f"`{qualname.rsplit('.', 2)[-2]}` is a fast single-digest scheme; use "
                              "passlib's argon2 or bcrypt")
        elif qualname.endswith("generate_password_hash"):
            self._werkzeug(node)
        elif qualname.endswith("hashers.make_password"):
            hasher = keyword(node, "hasher") or positional(node, 2)
            if hasher is not None and string_value(hasher.value) in WEAK_DJANGO:
                self.report(node, f"Django hasher {string_value(hasher.value)!r} is a fast digest; "
                                  "keep the default PBKDF2/argon2 hashers")

    def _breach_lookup(self) -> bool:
        """Inside a function that checks the password against a breach corpus (Have I Been Pwned)."""
        function = self.ctx.enclosing(cst.FunctionDef)
        return function is not None and bool(BREACH_LOOKUP.search(cst.Module([]).code_for_node(function)))

    def _pbkdf2(self, node: cst.Call, digest: cst.Arg | None, iterations: cst.Arg | None) -> None:
        self._check_iterations(node, string_value(digest.value) if digest else None, iterations)

    def _check_iterations(self, node: cst.Call, digest: str | None, iterations: cst.Arg | None) -> None:
        count = _int_value(iterations.value) if iterations is not None else None
        minimum = _minimum(digest)
        if count is not None and count < minimum:
            self.report(node, f"PBKDF2 with {count:,} iterations; OWASP asks for at least {minimum:,} "
                              f"for {digest or 'this digest'} (or use argon2/bcrypt/scrypt)")

    def _werkzeug(self, node: cst.Call) -> None:
        method_arg = keyword(node, "method") or positional(node, 1)
        method = string_value(method_arg.value) if method_arg is not None else None
        if method is None:
            return
        parts = method.split(":")
        if parts[0] in ("scrypt", "argon2", "bcrypt"):
            return
        if parts[0] != "pbkdf2":
            self.report(node, f"werkzeug method {method!r} is a single fast digest; use the default "
                              "(scrypt) or pbkdf2 with enough iterations")
            return
        digest = parts[1] if len(parts) > 1 else "sha256"
        iterations = _iterations(parts[2]) if len(parts) > 2 else None
        if iterations is not None and iterations < _minimum(digest):
            self.report(node, f"PBKDF2 with {iterations:,} iterations; OWASP asks for at least "
                              f"{_minimum(digest):,} for {digest}")
