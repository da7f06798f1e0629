"""Shared by the HL5 rules: reading string literals, splitting names into words, deciding whether a
name holds a secret and whether a literal looks like one, and recognising settings/enum classes."""

from __future__ import annotations

import re
from typing import Sequence

import libcst as cst

from hardlint.context import FileContext
from hardlint.imports import dotted_name
from hardlint.rule import load_data

_DATA = load_data(__file__, "secret_names.toml")
SECRET_WORDS = frozenset(_DATA["secret_words"])
KEY_QUALIFIERS = frozenset(_DATA["key_qualifiers"])
DESCRIBING_PREFIXES = frozenset(_DATA["describing_prefixes"])
VOCABULARY = frozenset(v.lower() for v in _DATA["vocabulary"])
WEAK_SECRET_WORDS = frozenset(_DATA["weak_secret_words"])
COMPARED_WORDS = frozenset(_DATA["compared_words"])
PLACEHOLDERS = tuple(re.compile(p) for p in _DATA["placeholder_patterns"])

_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
_ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")
_IDENTIFIER = re.compile(r"^(_[a-z]+|[a-z]+[_\-.:][a-z]+)([_\-.:][a-z]+)*$")
_HEADER_NAME = re.compile(r"^X-[A-Za-z0-9-]+$", re.IGNORECASE)
_FILE_NAME = re.compile(r"^[\w.\-/\\]+\.(pem|key|crt|cer|der|p12|pfx|jks|json|txt|ya?ml|env|cfg|ini|pub|asc|gpg)$",
                        re.IGNORECASE)
_SETTINGS_BASES = frozenset({"BaseSettings"})
_ENUM_BASE = re.compile(r"Enum$|Flag$|Choices$")


def words(name: str) -> list[str]:
    """`DB_PASSWORD` -> ["db", "password"], `apiKey` -> ["api", "key"], `X-API-Key` -> ["x", "api", "key"]."""
    return [w.lower() for w in _WORD.findall(name)]


def normalized(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def is_secret_name(name: str) -> bool:
    """True when `name` is something that holds a secret: it ends in a secret word."""
    parts = words(name.rsplit(".", 1)[-1])  # a dotted key names its last component
    if not parts or parts[0] in DESCRIBING_PREFIXES:
        return False
    last = parts[-1]
    if last in SECRET_WORDS:
        return True
    return last == "key" and len(parts) >= 2 and parts[-2] in KEY_QUALIFIERS


def is_compared_secret_name(name: str) -> bool:
    """Names worth checking in `name == "literal"` comparisons: passwords and secrets, not tokens."""
    parts = words(name)
    return is_secret_name(name) and bool(parts) and (parts[-1] in COMPARED_WORDS or parts[-2:] == ["api", "key"])


def string_value(node: cst.CSTNode | None) -> str | None:
    """The text of a plain string literal (or implicit concatenation of them); None otherwise."""
    if isinstance(node, cst.SimpleString):
        try:
            value = node.evaluated_value
        except (ValueError, SyntaxError, UnicodeError):
            return None  # an odd prefix or escape: not a literal we can read
        if isinstance(value, bytes):
            return value.decode("latin-1")
        return value if isinstance(value, str) else None
    if isinstance(node, cst.ConcatenatedString):
        left, right = string_value(node.left), string_value(node.right)
        return None if left is None or right is None else left + right
    return None


def is_placeholder(value: str) -> bool:
    return any(p.search(value) for p in PLACEHOLDERS)


def looks_like_secret_value(value: str, name: str | None = None) -> bool:
    """Could this literal, found under the secret name `name`, be a real secret?

    Rejects what bandit and ruff report by mistake: empty strings, prose, format templates and
    placeholders, URLs and paths, file names, environment-variable and header names, the words of
    the trade (`bearer`, `HS256`) and values that merely repeat the name (`PASSWORD = "password"`).
    """
    text = value.strip()
    if len(text) < 3 or not any(c.isalnum() for c in text):
        return False
    if any(c.isspace() for c in text) or is_placeholder(text):
        return False
    if "://" in text or text.startswith(("/", "./", "../", "~")) or _FILE_NAME.match(text):
        return False
    if text.lower() in VOCABULARY or _HEADER_NAME.match(text):
        return False
    if _ENV_NAME.match(text) and "_" in text and is_secret_name(text):
        return False
    if _IDENTIFIER.match(text) and not WEAK_SECRET_WORDS.intersection(words(text)):
        return False
    if name is not None:
        if normalized(text) == normalized(name):
            return False
        value_words = words(text)
        if len(value_words) >= 2 and set(value_words) <= set(words(name)):
            return False
    return True


def looks_like_positional_secret(value: str) -> bool:
    """A literal in a position that is always a secret (`auth=(user, "...")`, a JWT key)."""
    text = value.strip()
    return bool(text) and not is_placeholder(text) and not (_ENV_NAME.match(text) and "_" in text)


def target_name(node: cst.BaseExpression) -> str | None:
    """The name an assignment target or dict key stands for: `X`, `obj.X`, `obj["X"]`, `"X"`."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return node.attr.value
    if isinstance(node, cst.Subscript) and len(node.slice) == 1:
        index = node.slice[0].slice
        if isinstance(index, cst.Index):
            return string_value(index.value)
        return None
    return string_value(node)


def base_names(node: cst.ClassDef) -> list[str]:
    """The last component of each base class: `pydantic_settings.BaseSettings` -> `BaseSettings`."""
    names = []
    for arg in node.bases:
        dotted = dotted_name(arg.value)
        if dotted:
            names.append(dotted.rsplit(".", 1)[-1])
    return names


def is_settings_class(node: cst.ClassDef) -> bool:
    """A pydantic `BaseSettings` subclass: its field defaults are environment defaults (HL504)."""
    return any(b in _SETTINGS_BASES for b in base_names(node))


def is_enum_class(node: cst.ClassDef) -> bool:
    """Enum/Choices classes map names to names; their members are never secrets or endpoints."""
    return any(_ENUM_BASE.search(b) for b in base_names(node))


def in_enum_or_settings_class(ancestors: Sequence[cst.CSTNode]) -> bool:
    """Directly inside an Enum (names for names) or a BaseSettings class (defaults are HL504's)."""
    for node in reversed(ancestors):
        kind = type(node)  # not isinstance: LibCST's node classes are ABCs, and this runs per node
        if kind is cst.FunctionDef or kind is cst.Lambda:
            return False
        if kind is cst.ClassDef:
            return is_enum_class(node) or is_settings_class(node)  # type: ignore[arg-type]
    return False


class NamedValueChecks:
    """Mixin for rules that judge a value by the name it is bound to: `NAME = value` and
    `NAME: type = value` outside Enum and BaseSettings classes; the rule defines `_check_named`."""

    ctx: FileContext

    def _check_named(self, name: str | None, value_node: cst.BaseExpression | None) -> None:
        raise NotImplementedError("rules using NamedValueChecks define _check_named")

    def visit_Assign(self, node: cst.Assign) -> None:
        if in_enum_or_settings_class(self.ctx.ancestors):
            return
        for target in node.targets:
            self._check_named(target_name(target.target), node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None and not in_enum_or_settings_class(self.ctx.ancestors):
            self._check_named(target_name(node.target), node.value)


def keyword_value(call: cst.Call, names: Sequence[str], position: int | None = None) -> cst.BaseExpression | None:
    """The argument passed as one of keyword `names`, or at positional index `position`."""
    positional = 0
    for arg in call.args:
        if arg.star == "*":
            position = None  # positions after *args are unknown
            continue
        if arg.star:
            continue
        if arg.keyword is None:
            if position is not None and positional == position:
                return arg.value
            positional += 1
        elif arg.keyword.value in names:
            return arg.value
    return None
