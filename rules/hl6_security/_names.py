"""What a value is called: the identifiers and string keys an expression reads, and whether they
name a password or another secret. Shared by the HL6 rules."""

from __future__ import annotations

import re
from typing import Iterator

import libcst as cst

from hardlint.literals import string_value
from hardlint.walker import children

PASSWORD = re.compile(r"pass(?:word|wd|phrase)?$|^pw$|^pwd$|password|passwd|passphrase", re.IGNORECASE)
SECRET = re.compile(
    r"pass(?:word|wd|phrase)|^pwd$|secret|token|api_?key|apikey|access_?key|private_?key|credential|"
    r"^authorization$|^auth_header$|session_?key|^cookie$",
    re.IGNORECASE,
)
# Names that describe a secret rather than hold one: lengths, flags, ids, expiry, hashes, LLM token counts
# (`tokens_before`, `completion_tokens_details`), amounts and durations (`api_key_spend`,
# `TOKEN_REFRESH_BUFFER_SECONDS`), a key's alias, a token's issuer or audience, an auth object (`api_key_auth`)...
NOT_A_VALUE = re.compile(
    r"hash|digest|reset|count|(^|_)len(_|$)|length|size|type|expir|ttl|name|_id$|^id$|url|(^|_)uri|path|file|hint|policy|"
    r"changed|_at$|valid|required|enabled|exists|^is_|^has_|(^|_)num|(^|_)(max|min)(_|$)|field|label|prompt|strength|"
    r"confirm|salt|usage|limit|kind|format|version|scope|header_name|endpoint|sent|expires|set$|(^|_)tokens(_|$)|"
    r"tokeniz|total|strategy|manager|store$|storage|provider|service|backend|class$|factory|alias|issuer|audience|"
    r"(^|_)(spend|cost|budget|price|amount|balance|quota)(_|$)|seconds|minutes|hours|(^|_)(interval|timeout|delay)(_|$)|"
    r"_auth$",
    re.IGNORECASE,
)
# Calls whose result no longer carries the secret's value.
MASKING_CALL = re.compile(r"len|bool|mask|redact|hash|digest|obfuscat|censor|sanitize|scrub|type|id$|isinstance"
                          r"|fingerprint|bcrypt|argon|check_password|verify|abbreviat|truncat", re.IGNORECASE)
# A literal that stands in for a hidden value, once the punctuation around it is stripped: a call given
# one masks (`url.replace(password, "***")`, `re.sub(":[^@]*@", ":***@", dsn)`).
MASK_LITERAL = re.compile(r"\*{3,}|\u2022{3,}|redacted|masked|hidden", re.IGNORECASE)


def is_password_name(name: str) -> bool:
    return bool(PASSWORD.search(name)) and not NOT_A_VALUE.search(name) and "token" not in name.lower()


def is_secret_name(name: str) -> bool:
    return bool(SECRET.search(name)) and not NOT_A_VALUE.search(name)


def value_names(expr: cst.CSTNode) -> Iterator[str]:
    """Names whose *value* flows into `expr`: variables, the last attribute of a chain, literal keys of
    subscripts and `.get("key")` calls. Arguments of masking calls (`len(token)`) and slices
    (`token[-4:]`) are skipped, as are literal strings themselves, comparisons and `not` (their value is
    a bool: `token is not None`), the condition of `a if condition else b`, and the key of a dict entry
    whose value is masked (`{**data, "token": hash_token(token)}`)."""
    stack: list[cst.CSTNode] = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Name):
            yield node.value
        elif isinstance(node, cst.Attribute):
            yield node.attr.value
            if node.attr.value in ("data", "value", "raw", "plain", "text"):
                stack.append(node.value)
            continue
        elif masked(node) or isinstance(node, cst.Comparison) or (
                isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Not)):
            continue
        elif isinstance(node, cst.IfExp):
            stack.extend((node.body, node.orelse))
            continue
        elif isinstance(node, cst.Subscript):
            for element in node.slice:
                if isinstance(element.slice, cst.Index):
                    key = string_value(element.slice.value)
                    if key is not None:
                        yield key
                        continue
                    stack.append(element.slice.value)
            continue
        elif isinstance(node, cst.Call):
            func = node.func
            short = callee(node)
            if short in ("get", "getenv", "pop") and node.args:
                key = string_value(node.args[0].value)
                if key is not None:
                    yield key
                    continue
            if short in ("encode", "decode", "strip", "lower", "upper", "format", "join", "str", "repr",
                         "dumps", "get_json", "getlist"):
                if isinstance(func, cst.Attribute):
                    stack.append(func.value)
                stack.extend(a.value for a in node.args)
            else:
                stack.extend(a.value for a in node.args)
            continue
        elif isinstance(node, cst.Dict):
            for element in node.elements:
                if isinstance(element, cst.DictElement):
                    key = string_value(element.key)
                    if key is not None and not isinstance(element.value, (cst.SimpleString, cst.Integer)) and not (
                            masked(element.value)):
                        yield key
                    stack.append(element.value)
                else:
                    stack.append(element.value)
            continue
        elif isinstance(node, (cst.SimpleString, cst.Lambda, cst.FunctionDef)):
            continue
        stack.extend(children(node))


def masked(expr: cst.BaseExpression) -> bool:
    """`expr` is a masking call (`hash_token(token)`, `mask(key)`), a call given a mask literal, or a slice
    (`token[-4:]`): whatever it is given, its value hides the secret."""
    if isinstance(expr, cst.Subscript):
        return any(isinstance(e.slice, cst.Slice) for e in expr.slice)
    return isinstance(expr, cst.Call) and (bool(MASKING_CALL.search(callee(expr))) or _masks(expr))


def callee(call: cst.Call) -> str:
    """The last name of the called function: `hash_token` for `self.hash_token(...)`."""
    func = call.func
    return func.attr.value if isinstance(func, cst.Attribute) else (func.value if isinstance(func, cst.Name) else "")


def _masks(call: cst.Call) -> bool:
    """The call is given a mask literal (`"***"`, `"<redacted>"`): its result hides the value."""
    for arg in call.args:
        value = string_value(arg.value) if isinstance(arg.value, cst.SimpleString) else None
        if value is not None and MASK_LITERAL.fullmatch(value.strip(" :@/<>[]()-_.")):
            return True
    return False


def secret_names(expr: cst.CSTNode) -> list[str]:
    return [n for n in value_names(expr) if is_secret_name(n)]


def password_names(expr: cst.CSTNode) -> list[str]:
    return [n for n in value_names(expr) if is_password_name(n)]
