"""HL602 jwt-not-verified: a JWT is decoded without checking its signature, or `none` is allowed.

## What it does
Flags PyJWT and python-jose `jwt.decode` calls with `options={"verify_signature": False}` (written in
the call, in a dict literal assigned to a local name first or in a `**kwargs` dict; the `False` may be
a local constant) or the old `verify=False`, decode calls without `algorithms=` or whose algorithms allow `none` or are read from
the token's own header, `jwt.get_unverified_claims(...)` used as the result, authlib
`JsonWebToken(["none"])`, and tokens encoded with algorithm `none` (or PyJWT's `algorithm=None`).
An OIDC `id_token` read from the JSON answer to a POST the same function made (the code exchange at
the token endpoint, over TLS) is not flagged: OpenID Connect Core 3.1.3.7 lets TLS server validation
stand in for the signature check there; one from the browser (`request.POST["id_token"]`) is.
Peeking at an unverified token to pick a key is fine when the same function then decodes it with
verification on, and so is an unsigned assertion built for another service's API (a function named
`*assert*`, like PayPal's `PayPal-Auth-Assertion` header): that service, not yours, decides what it
accepts.

## Why it matters
An unverified JWT is just base64 that anyone can write: change `"sub"` or `"role": "admin"` and the
API believes it. Accepting `none`, or the algorithm the token names itself, lets an attacker strip
the signature or switch an RS256 token to HS256 signed with the public key.

## Example
```python
def current_user(token):
    claims = jwt.decode(token, options={"verify_signature": False})
    return User.get(claims["sub"])
```

## Use instead
```python
def current_user(token):
    claims = jwt.decode(token, settings.JWT_PUBLIC_KEY, algorithms=["RS256"], audience="api")
    return User.get(claims["sub"])
```

## Fix safety
No automatic fix: the right key and algorithm list depend on how the tokens are issued.

## References
- RFC 8725, JSON Web Token Best Current Practices: https://www.rfc-editor.org/rfc/rfc8725
- PyJWT usage, "Reading the claimset without validation": https://pyjwt.readthedocs.io/en/stable/usage.html
- CWE-347: Improper Verification of Cryptographic Signature
"""

from __future__ import annotations

import libcst as cst

from hardlint.rule import Rule
from hardlint.literals import string_value
from hardlint.rules.hl6_security._local_literals import LocalLiterals
from hardlint.rules.hl7_api._routes import keyword, positional, string_list
from hardlint.walker import iter_nodes

DECODE = frozenset({"jwt.decode", "jwt.api_jwt.decode", "jose.jwt.decode", "jwt.PyJWT.decode",
                    "authlib.jose.jwt.decode"})
ENCODE = frozenset({"jwt.encode", "jwt.api_jwt.encode", "jose.jwt.encode"})
UNVERIFIED_CLAIMS = frozenset({"jose.jwt.get_unverified_claims", "jose.jws.get_unverified_claims"})
UNVERIFIED_HEADER = ("get_unverified_header", "get_unverified_headers")
AUTHLIB_JWT = frozenset({"authlib.jose.JsonWebToken", "authlib.jose.rfc7519.JsonWebToken"})
AUTHLIB_ENCODE = frozenset({"authlib.jose.jwt.encode"})

_CODE = cst.Module([])
MAX_TRACE = 40  # names and attributes followed back from a decoded token
MSG_OFF = "JWT decoded without verifying its signature; anyone can forge these claims"
MSG_NO_ALGS = "`jwt.decode` without `algorithms=`; pin the algorithms you issue (e.g. [\"RS256\"])"
MSG_NONE = "`none` accepted as a JWT algorithm: unsigned tokens pass verification"
MSG_HEADER = "JWT algorithm taken from the token's own header; pin the algorithms you issue"
MSG_ENCODE = "JWT encoded with algorithm `none`: the token carries no signature"
MSG_CLAIMS = "`get_unverified_claims` trusts a token whose signature was never checked"


def _options_off(call: cst.Call, literals: LocalLiterals) -> bool:
    """`options` turns signature checks off, written in the call, in a dict literal assigned to a local
    name (`opts = {"verify_signature": False}`) or a `**kwargs` dict before it; the `False` may itself be
    a local constant. An opaque options variable is not resolved."""
    options = literals.argument(call, "options")
    return options is not None and literals.is_false(literals.entry(options, "verify_signature"))


def _mentions_none(expr: cst.BaseExpression) -> bool:
    listed = string_list(expr)
    return listed is not None and any(item.lower() == "none" for item in listed)


def _assignments(function: cst.FunctionDef) -> dict[str, list[cst.BaseExpression]]:
    """What each plain name or attribute (`self._id_token`) is assigned in `function`, by its code."""
    found: dict[str, list[cst.BaseExpression]] = {}
    for node in iter_nodes(function):
        if isinstance(node, (cst.Assign, cst.AnnAssign)) and node.value is not None:
            targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
            for target in targets:
                if isinstance(target, (cst.Name, cst.Attribute)):
                    found.setdefault(_CODE.code_for_node(target), []).append(node.value)
    return found


def _reads_id_token(node: cst.CSTNode) -> bool:
    """`x.get("id_token")` or `x["id_token"]`."""
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "get":
        return bool(node.args) and string_value(node.args[0].value) == "id_token"
    if isinstance(node, cst.Subscript) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
        return string_value(node.slice[0].slice.value) == "id_token"
    return False


def _called(node: cst.CSTNode, method: str) -> bool:
    return (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute)
            and node.func.attr.value == method)


def _from_token_endpoint(token: cst.BaseExpression, function: cst.FunctionDef | None) -> bool:
    """The decoded token is the `id_token` of the JSON answer to a POST this function made (the OIDC
    code exchange at the token endpoint), followed through a few local assignments. OIDC Core 3.1.3.7
    lets TLS server validation stand in for the signature check on a token received that way."""
    if function is None:
        return False
    assigned = _assignments(function)
    pending, seen = [token], set()
    marks = {"id_token": False, "json": False, "post": False}
    while pending and len(seen) < MAX_TRACE:
        expr = pending.pop()
        for node in iter_nodes(expr):
            marks["id_token"] |= _reads_id_token(node)
            marks["json"] |= _called(node, "json")
            marks["post"] |= _called(node, "post")
            if isinstance(node, (cst.Name, cst.Attribute)):
                code = _CODE.code_for_node(node)
                if code not in seen:
                    seen.add(code)
                    pending.extend(assigned.get(code, ()))
    return all(marks.values())


class JwtNotVerified(Rule):
    code = "HL602"
    name = "jwt-not-verified"
    severity = "critical"
    message = MSG_OFF
    triggers = r"jwt|jose|JsonWebToken"
    production_only = True

    FLAG = [
        """
        import jwt, requests

        def callback(request):
            id_token = request.POST.get("id_token")
            claims = jwt.decode(id_token, options={"verify_signature": False})
            requests.post(AUDIT_URL, json=claims)
            return claims

        def roles(code):
            response = requests.post(TOKEN_URL, data={"code": code})
            return jwt.decode(response.json()["access_token"], options={"verify_signature": False})["roles"]
        """,
        """
        import jwt

        def current_user(token):
            claims = jwt.decode(token, options={"verify_signature": False})
            return claims["sub"]
        """,
        """
        import jwt

        def current_user(token, key):
            return jwt.decode(token, key, algorithms=["HS256", "none"])
        """,
        """
        import jwt

        def current_user(token, key):
            header = jwt.get_unverified_header(token)
            return jwt.decode(token, key, algorithms=[header["alg"]])
        """,
        """
        from jose import jwt

        def user_from(token):
            return jwt.get_unverified_claims(token)["sub"]
        """,
        """
        import jwt

        def current_user(token, key):
            opts = {"verify_signature": False}
            return jwt.decode(token, key, algorithms=["HS256"], options=opts)
        """,
        """
        import jwt as pyjwt

        def legacy(token, key):
            return pyjwt.decode(token, key, verify=False)
        """,
        """
        import jwt

        def issue(payload):
            return jwt.encode(payload, None, algorithm="none")
        """,
        """
        from authlib.jose import JsonWebToken

        jwt = JsonWebToken(["RS256", "none"])
        """,
        """
        import jwt

        def current_user(token, key):
            return jwt.decode(token, key)
        """,
        """
        import jwt

        def current_user(token, key):
            a_false_boolean = False
            opts = {"verify_signature": a_false_boolean}
            return jwt.decode(token, key, algorithms=["HS256"], options=opts)
        """,
        """
        import jwt

        def current_user(token, key):
            kwargs = {"algorithms": ["HS256"], "options": {"verify_signature": False}}
            return jwt.decode(token, key, **kwargs)
        """,
        """
        import jwt

        ACCEPTED = ["HS256", "none"]

        def current_user(token, key):
            return jwt.decode(token, key, algorithms=ACCEPTED)
        """,
    ]
    CLEAN = [
        """
        import httpx, jwt

        async def callback(code):
            async with httpx.AsyncClient() as client:
                response = await client.post(TOKEN_URL, data={"code": code, "grant_type": "authorization_code"})
            tokens = response.json()
            claims = jwt.decode(tokens["id_token"], options={"verify_signature": False})
            return claims["sub"]

        class Sso:
            async def exchange(self, client, code):
                token_response = await client.post(self.token_endpoint, content=code)
                content = token_response.json()
                self._id_token = content.get("id_token")
                return jwt.decode(self._id_token, options={"verify_signature": False})
        """,
        """
        import jwt

        def current_user(token, key):
            return jwt.decode(token, key, algorithms=["RS256"], audience="api")
        """,
        """
        import jwt

        def current_user(token, key, strict):
            opts = {"verify_signature": strict}
            return jwt.decode(token, key, algorithms=["HS256"], options=opts)
        """,
        """
        import jwt

        def current_user(token, key, settings):
            verify = False
            verify = settings.JWT_VERIFY
            return jwt.decode(token, key, algorithms=["HS256"], options={"verify_signature": verify})
        """,
        """
        import jwt

        def current_user(token, key, extra):
            kwargs = {"algorithms": ["HS256"], "options": {"verify_signature": True}}
            return jwt.decode(token, key, **kwargs, **extra)
        """,
        """
        import jwt

        def current_user(token, keys):
            unverified = jwt.decode(token, options={"verify_signature": False})
            key = keys[unverified["iss"]]
            return jwt.decode(token, key, algorithms=["RS256"])
        """,
        """
        from jose import jwt

        def user_from(token, key):
            return jwt.decode(token, key, algorithms=["HS256"], options={"verify_aud": False})
        """,
        """
        import jwt

        def issue(payload, key):
            return jwt.encode(payload, key, algorithm="HS256")
        """,
        """
        import jwt

        class PayPalEnvironment:
            def authorization_assertion(self):
                return jwt.encode({"iss": self.client_id, "payer_id": self.merchant_id}, key=None,
                                  algorithm="none")
        """,
        """
        import jwt

        def current_user(token, key):
            return jwt.decode(token, key, algorithms=["HS256"], options={"verify_signature": True})
        """,
        """
        import jwt

        def current_user(token, key, options):
            return jwt.decode(token, key, algorithms=["HS256"], options=options)
        """,
        """
        import jwt

        def current_user(token, key):
            opts = {"verify_signature": True}
            return jwt.decode(token, key, algorithms=["HS256"], options=opts)
        """,
        """
        import json, base64

        def decode(token):
            return json.loads(base64.urlsafe_b64decode(token + "=="))
        options = {"verify_signature": False}
        """,
        """
        import jwt

        def current_user(token, key, settings):
            return jwt.decode(token, key, algorithms=settings.JWT_ALGORITHMS)
        """,
    ]

    def begin(self) -> None:
        # Per function: [pending unverified reports, saw a verified decode]
        self.frames: list[tuple[list[tuple[cst.CSTNode, str]], list[bool]]] = [([], [False])]
        self.literals = LocalLiterals()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.frames.append(([], [False]))
        self.literals.enter(node)

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._flush(self.frames.pop())
        self.literals.leave()

    def visit_Assign(self, node: cst.Assign) -> None:
        self.literals.bind(node, self.ctx.ancestors)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self.literals.bind(node, self.ctx.ancestors)

    def end(self) -> None:
        while self.frames:
            self._flush(self.frames.pop())

    def _flush(self, frame: tuple[list[tuple[cst.CSTNode, str]], list[bool]]) -> None:
        pending, verified = frame
        if not verified[0]:
            for node, message in pending:
                self.report(node, message)

    def visit_Call(self, node: cst.Call) -> None:
        qualname = self.ctx.qualname(node.func)
        if qualname is None:
            return
        if qualname in DECODE:
            self._decode(node, qualname)
        elif qualname in UNVERIFIED_CLAIMS:
            self.frames[-1][0].append((node, MSG_CLAIMS))
        elif qualname in ENCODE and not self._outbound_assertion():
            algorithm = keyword(node, "algorithm")
            if algorithm is not None and (string_value(algorithm.value) or "").lower() == "none":
                self.report(node, MSG_ENCODE)
            elif algorithm is not None and qualname.startswith("jwt") and algorithm.value.deep_equals(
                    cst.Name("None")):
                self.report(node, MSG_ENCODE)
        elif qualname in AUTHLIB_JWT:
            algorithms = positional(node, 0) or keyword(node, "algorithms")
            if algorithms is not None and _mentions_none(algorithms.value):
                self.report(node, MSG_NONE)
        elif qualname in AUTHLIB_ENCODE:
            header = positional(node, 0) or keyword(node, "header")
            if header is not None and isinstance(header.value, cst.Dict):
                for element in header.value.elements:
                    if (isinstance(element, cst.DictElement) and string_value(element.key) == "alg"
                            and (string_value(element.value) or "").lower() == "none"):
                        self.report(node, MSG_ENCODE)

    def _outbound_assertion(self) -> bool:
        function = self.ctx.enclosing(cst.FunctionDef)
        return function is not None and "assert" in function.name.value.lower()

    def _decode(self, node: cst.Call, qualname: str) -> None:
        if qualname.startswith("authlib"):
            self.frames[-1][1][0] = True
            return
        if _options_off(node, self.literals) or self.literals.is_false(self.literals.argument(node, "verify")):
            token = self.literals.argument(node, "jwt") or self.literals.argument(node, "token")
            first = positional(node, 0)
            token = first.value if first is not None else token
            if token is None or not _from_token_endpoint(token, self.ctx.enclosing(cst.FunctionDef)):
                self.frames[-1][0].append((node, MSG_OFF))
            return
        self.frames[-1][1][0] = True
        algorithms = self.literals.argument(node, "algorithms")
        if algorithms is None:
            if not any(arg.star == "**" for arg in node.args) and positional(node, 2) is None:
                self.report(node, MSG_NO_ALGS)
            return
        algorithms = self.literals.resolve(algorithms) or algorithms
        if _mentions_none(algorithms):
            self.report(node, MSG_NONE)
            return
        for inner in iter_nodes(algorithms):
            if isinstance(inner, cst.Call):
                name = inner.func.attr.value if isinstance(inner.func, cst.Attribute) else (
                    inner.func.value if isinstance(inner.func, cst.Name) else "")
                if name in UNVERIFIED_HEADER:
                    self.report(node, MSG_HEADER)
                    return
            if (isinstance(inner, cst.Subscript) and isinstance(inner.value, cst.Name)
                    and "header" in inner.value.value.lower()):
                self.report(node, MSG_HEADER)
                return
