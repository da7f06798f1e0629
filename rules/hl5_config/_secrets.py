"""Shared by the HL5 rules: reading string literals, splitting names into words, deciding whether a
name holds a secret and whether a literal looks like one, and recognising settings/enum classes."""

from __future__ import annotations

import re
from typing import Sequence

import libcst as cst

from hardlint.context import FileContext
from hardlint import literals
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
SECRET_SUFFIXES = frozenset(_DATA["secret_suffixes"])
PASSPHRASE_NAMES = frozenset(_DATA["passphrase_names"])
PROSE_WORDS = frozenset(_DATA["prose_words"])

_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
_ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")
_IDENTIFIER = re.compile(r"^(_[a-z]+|[a-z]+[_\-.:][a-z]+)([_\-.:][a-z]+)*$")
_HEADER_NAME = re.compile(r"^X-[A-Za-z0-9-]+$", re.IGNORECASE)
# `ckan.tests.factories:APIToken`, `api_token.jwt.encode.secret`: an import path or a dotted option name.
_DOTTED_PATH = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+(:[A-Za-z_]\w*)?$|^[A-Za-z_]\w*:[A-Z]\w*$")
# A value with spaces is prose ("Invalid password", "Enter your password: ") unless it is short and
# has a digit or a symbol in it ("s3cret pass 42", "hunter2 !").
_PROSE_END = re.compile(r"[.:!?]\s*$")
_PATTERN_SYNTAX = re.compile(r"\(\?|\[[^\]]*-[^\]]*\]|\\[bdswBDSW]|\.\*|\[\^|\{\d+(,\d*)?\}")
# `correct horse battery staple`, `correct-horse-battery-staple`: three to eight lower-case words.
_PASSPHRASE = re.compile(r"^[a-z]+(?:[ -][a-z]+){2,7}$")
_PROSE_WORD = re.compile(r"^[A-Za-z][a-z]*(?:[A-Z]+[a-z]*)*\d?$")
_FILE_NAME = re.compile(r"^[\w.\-/\\]+\.(pem|key|crt|cer|der|p12|pfx|jks|json|txt|ya?ml|env|cfg|ini|pub|asc|gpg)$",
                        re.IGNORECASE)
_SETTINGS_BASES = frozenset({"BaseSettings"})
_API_CREDENTIAL_WORDS = frozenset({"apikey", "token", "accesstoken", "authtoken"})
_WORDS_ONLY = re.compile(r"^[A-Za-z]+(?:[-_][A-Za-z]+)*$")
_URN = re.compile(r"^urn:[a-z0-9][a-z0-9-]*:", re.IGNORECASE)  # urn:ietf:params:oauth:token-type:saml2
EXAMPLE_WORDS = frozenset(_DATA["example_words"])
FIXTURE_MODULE_WORDS = frozenset(_DATA["fixture_module_words"])
_OVERRIDDEN_DEFAULTS = re.compile(r"from\s+\w*(?:_config|local_settings|settings_local)\w*\s+import\s+\*")
# A module whose docstring calls it the defaults: `"""Default MCP service configuration"""`.
_DEFAULTS_DOCSTRING = re.compile(r"^(?:\s|#[^\n]*\n)*[rRuU]?(?:\"\"\"|\'\'\')\s*Defaults?\b[^\n]*?(?:config|settings)",
                                 re.IGNORECASE)
# Calls that build API documentation: `APISpec(servers=[...])`, `extend_schema(...)`, `openapi(...)`.
_DOC_CALL_WORDS = frozenset({"spec", "openapi", "swagger", "schema"})
_ENUM_BASE = re.compile(r"Enum$|Flag$|Choices$")


def words(name: str) -> list[str]:
    """`DB_PASSWORD` -> ["db", "password"], `apiKey` -> ["api", "key"], `X-API-Key` -> ["x", "api", "key"]."""
    return [w.lower() for w in _WORD.findall(name)]


def normalized(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _name_words(name: str) -> list[str]:
    """The words of `name` that say what it holds: its last dotted component, read past trailing
    qualifiers and numbers (`SECRET_KEY_HMAC` -> secret, key); none when a describing prefix says
    it names a message, a field or an action (`INVALID_TOKEN`, `generate_private_key`)."""
    parts = words(name.rsplit(".", 1)[-1])  # a dotted key names its last component
    if not parts or parts[0] in DESCRIBING_PREFIXES:
        return []
    while len(parts) > 1 and (parts[-1] in SECRET_SUFFIXES or parts[-1].isdigit()):
        parts = parts[:-1]
    return parts


def is_secret_name(name: str) -> bool:
    """True when `name` is something that holds a secret: it ends in a secret word, read past
    qualifiers and numbers (`SECRET_KEY_HMAC`, `secret_key_2`), or it starts with `secret` and
    ends with `key` (`SECRET_COOKIE_KEY`)."""
    parts = _name_words(name)
    if not parts:
        return False
    last = parts[-1]
    if last in SECRET_WORDS:
        return True
    if last == "key" and parts[0] == "secret":
        return True
    return last == "key" and len(parts) >= 2 and parts[-2] in KEY_QUALIFIERS


def is_passphrase(text: str, name: str) -> bool:
    """`API_PASSWORD = "correct horse battery staple"`: three to eight lower-case words, none of them
    a word of prose (`the`, `enter`, `must`, `password`...), under a name whose value is a password
    a person chose (`*_password`, `passphrase`, `secret`, `SECRET_KEY`), not a token or an API key."""
    parts = _name_words(name)
    if not parts or not (parts[-1] in PASSPHRASE_NAMES or (parts[-1] == "key" and parts[0] == "secret")):
        return False
    return _PASSPHRASE.match(text) is not None and PROSE_WORDS.isdisjoint(re.split(r"[ -]", text))


def is_compared_secret_name(name: str) -> bool:
    """Names worth checking in `name == "literal"` comparisons: passwords and secrets, not tokens."""
    parts = words(name)
    return is_secret_name(name) and bool(parts) and (parts[-1] in COMPARED_WORDS or parts[-2:] == ["api", "key"])


def string_value(node: cst.CSTNode | None) -> str | None:
    """The value of a string literal, bytes literals (keys) read as latin-1 text; None otherwise."""
    return literals.string_value(node, allow_bytes=True)


def is_placeholder(value: str) -> bool:
    return any(p.search(value) for p in PLACEHOLDERS)


def names_api_credential(name: str) -> bool:
    """A key or token that another service checks (`api_key`, `DEFAULT_API_KEY`, `access_token`), not
    key material this code signs or encrypts with (`SECRET_KEY`, `password`)."""
    parts = _name_words(name)
    return bool(parts) and (parts[-1] in _API_CREDENTIAL_WORDS or parts[-2:] == ["api", "key"])


def is_dummy_credential(value: str, name: str) -> bool:
    """`api_key="my-fake-api-key"`: an API key that calls itself a fake, dummy or sample is what an SDK
    is given when no real one is needed; a signing key or password (`SECRET_KEY = "dummy-secret"`) is
    still the key material in use and stays reported."""
    return (names_api_credential(name) and _WORDS_ONLY.match(value) is not None
            and not EXAMPLE_WORDS.isdisjoint(words(value)))


def looks_like_secret_value(value: str, name: str | None = None) -> bool:
    """Could this literal, found under the secret name `name`, be a real secret?

    Rejects what bandit and ruff report by mistake: empty strings, prose, format templates and
    placeholders, URLs and paths, file names, environment-variable and header names, the words of
    the trade (`bearer`, `HS256`) and values that merely repeat the name (`PASSWORD = "password"`).
    """
    text = value.strip()
    if len(text) < 3 or not any(c.isalnum() for c in text):
        return False
    if is_placeholder(text):
        return False
    if name is not None and is_passphrase(text, name):
        return True
    if " " in text and _is_prose(text):
        return False
    if "://" in text or text.startswith(("/", "./", "../", "~")) or _FILE_NAME.match(text) or _URN.match(text):
        return False
    if text.lower() in VOCABULARY or _HEADER_NAME.match(text) or _is_dotted_path(text):
        return False
    if _ENV_NAME.match(text) and "_" in text and is_secret_name(text):
        return False
    if _IDENTIFIER.match(text) and not WEAK_SECRET_WORDS.intersection(words(text)):
        return False
    if name is not None:
        if is_dummy_credential(text, name):
            return False
        if normalized(text) == normalized(name) or text.lower() in words(name):
            return False
        value_words = words(text)
        if len(value_words) >= 2 and set(value_words) <= set(words(name)):
            return False
    return True


def looks_generated(value: str) -> bool:
    """A value no one would write as a word, name or sentence: 12+ characters without spaces, with
    three of lower case, upper case, digits and symbols (`d6s$f9g!j8mg7hw?n&2`, `Tr0ub4dor&3x`)."""
    text = value.strip()
    if len(text) < 12 or " " in text or "://" in text or text.startswith(("/", "./", "%", "{", "<")) or _URN.match(text):
        return False
    if _PATTERN_SYNTAX.search(text):  # a regular expression or a glob, not a value
        return False
    classes = (any(c.islower() for c in text), any(c.isupper() for c in text), any(c.isdigit() for c in text),
               any(not c.isalnum() and c not in "_-." for c in text))
    return sum(classes) >= 3 and not is_placeholder(text)


def _is_prose(text: str) -> bool:
    """Words separated by spaces (`OAuth2 Client Secret`, `Database password (default: root)`), a
    sentence, or more than four pieces; `s3cret pass 42` and `hunter2 !` are not prose."""
    pieces = text.split()
    if len(pieces) > 4 or _PROSE_END.search(text):
        return True
    return all(_PROSE_WORD.match(piece.strip("()[],;:\"'")) for piece in pieces)


def _is_dotted_path(text: str) -> bool:
    """An import path or option name: at least two dots, or a `module:Name` reference, and letters
    only between them (`a.b.c`, `pkg.mod:Class`); a random value rarely has that shape."""
    return _DOTTED_PATH.match(text) is not None and (text.count(".") >= 2 or ":" in text)


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


def is_fixture_module(rel_path: str) -> bool:
    """A module of test data, examples or build-only settings, judged by its path's words:
    `lib/create_test_data.py`, `testutils/settings.py`, `settings_example.py`, `_build_settings.py`,
    `project_template/.../settings/dev.py`."""
    parts = rel_path.replace("\\", "/").split("/")
    stem = parts[-1].rsplit(".", 1)[0]
    folders = [w for part in parts[:-1] for w in words(part)]
    stem_words = words(stem)
    if FIXTURE_MODULE_WORDS.intersection(folders) or FIXTURE_MODULE_WORDS.intersection(stem_words):
        return True
    if "build" in stem_words and "settings" in stem_words:  # settings for a build step, not for serving
        return True
    return "template" in folders and "settings" in (folders + stem_words)


def is_overridden_defaults(source: str) -> bool:
    """A defaults module that a deployment's own settings override (`from superset_config import *`,
    `from local_settings import *`): its values are documented defaults, not the live configuration."""
    if _DEFAULTS_DOCSTRING.match(source):
        return True
    return "import" in source and _OVERRIDDEN_DEFAULTS.search(source) is not None


def _names_example(name: str | None) -> bool:
    return name is not None and not EXAMPLE_WORDS.isdisjoint(words(name))


def in_example_context(ancestors: Sequence[cst.CSTNode]) -> bool:
    """Inside documentation data or sample data: an `examples=`/`json_schema_extra=` argument, an
    `"example"`/`"connection_examples"` dict entry, an `OpenApiExample(...)` call, a
    `sqlalchemy_uri_placeholder = ...` assignment, or a function or class named for samples,
    previews or placeholders (`def _event_sample`, `def base_placeholders`)."""
    for node in ancestors:
        kind = type(node)
        if kind is cst.Arg:
            keyword = node.keyword  # type: ignore[attr-defined]
            if keyword is not None and (_names_example(keyword.value) or keyword.value == "json_schema_extra"):
                return True
        elif kind is cst.DictElement:
            if _names_example(string_value(node.key)):  # type: ignore[attr-defined]
                return True
        elif kind is cst.Call:
            func = node.func  # type: ignore[attr-defined]
            name = target_name(func) if isinstance(func, (cst.Name, cst.Attribute)) else None
            if _names_example(name) or (name is not None and not _DOC_CALL_WORDS.isdisjoint(words(name))):
                return True
        elif kind is cst.Assign:
            if any(_names_example(target_name(t.target)) for t in node.targets):  # type: ignore[attr-defined]
                return True
        elif kind is cst.AnnAssign:
            if _names_example(target_name(node.target)):  # type: ignore[attr-defined]
                return True
        elif kind is cst.FunctionDef or kind is cst.ClassDef:
            if _names_example(node.name.value):  # type: ignore[attr-defined]
                return True
    return False


class QuietInSampleModules:
    """Mixin for configuration rules: nothing is reported in modules of test data, examples or
    build-only settings (`is_fixture_module`), in defaults modules a deployment overrides
    (`is_overridden_defaults`, when `defaults_are_quiet`), or inside documentation and sample data
    (`in_example_context`). The rule's own `begin` must call `super().begin()`."""

    ctx: FileContext
    defaults_are_quiet = False

    def begin(self) -> None:
        self.sample_module = is_fixture_module(self.ctx.rel_path) or (
            self.defaults_are_quiet and is_overridden_defaults(self.ctx.source))

    def report(self, node: cst.CSTNode, message: str | None = None, **kwargs: object) -> None:
        if self.sample_module or in_example_context(self.ctx.ancestors):
            return
        super().report(node, message, **kwargs)  # type: ignore[misc]
