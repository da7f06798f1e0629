# source: https://github.com/semgrep/semgrep-rules/blob/develop/python/jwt/security/unverified-jwt-decode.py
# source: https://github.com/semgrep/semgrep-rules/blob/develop/python/jwt/security/jwt-none-alg.py
# source: https://github.com/we45/Vulnerable-Flask-App/blob/master/app/app.py
# source: https://pyjwt.readthedocs.io/en/stable/usage.html
# codes: HL602
"""Token checks of an API, in the shapes the sources show: PyJWT 2 `options`, PyJWT 1 `verify=False`,
`none` among the accepted algorithms, and the look-alikes that verify."""

import jwt
from jose import jwt as jose_jwt

SECRET = "loaded-from-the-environment"


def user_from_header(token):
    claims = jwt.decode(token, SECRET, algorithms=["HS256"], options={"verify_signature": False})  # expect: HL602
    return claims["sub"]


def user_from_cookie(token):
    opts = {"verify_signature": False}
    return jwt.decode(token, SECRET, algorithms=["HS256"], options=opts)["sub"]  # expect: HL602


def user_from_flag(token):
    a_false_boolean = False
    opts2 = {"verify_signature": a_false_boolean}
    return jwt.decode(token, SECRET, algorithms=["HS256"], options=opts2)["sub"]  # expect: HL602


def user_from_kwargs(token):
    kwargs = {"algorithms": ["HS256"], "options": {"verify_signature": False}}
    return jwt.decode(token, SECRET, **kwargs)["sub"]  # expect: HL602


def user_from_caller_flag(token, strict):
    opts = {"verify_signature": strict}
    return jwt.decode(token, SECRET, algorithms=["HS256"], options=opts)["sub"]


def user_from_caller_kwargs(token, kwargs):
    return jwt.decode(token, SECRET, algorithms=["HS256"], **kwargs)["sub"]


def legacy_user(token):
    return jwt.decode(token, SECRET, verify=False)["user"]  # expect: HL602


def accept_unsigned(token):
    return jwt.decode(token, None, algorithms=["none"])  # expect: HL602


def accept_many(token):
    return jwt.decode(token, SECRET, algorithms=["HS256", "HS512", "none"])  # expect: HL602


def issue_unsigned(payload):
    return jwt.encode(payload, None, algorithm="none")  # expect: HL602


def jose_claims(token):
    return jose_jwt.get_unverified_claims(token)["sub"]  # expect: HL602


def jose_no_signature(token):
    return jose_jwt.decode(token, SECRET, algorithms=["HS256"], options={"verify_signature": False})  # expect: HL602


def verified(token):
    return jwt.decode(token, SECRET, algorithms=["HS256"], options={"verify_signature": True})


def verified_with_local_options(token):
    opts = {"verify_signature": True, "require": ["exp"]}
    return jwt.decode(token, SECRET, algorithms=["HS256"], options=opts)


def verified_with_caller_options(token, options):
    return jwt.decode(token, SECRET, algorithms=["HS256"], options=options)


def key_from_issuer(token, keys):
    unverified = jwt.decode(token, options={"verify_signature": False})
    return jwt.decode(token, keys[unverified["iss"]], algorithms=["RS256"])


def issue(payload):
    return jwt.encode(payload, SECRET, algorithm="HS256")
