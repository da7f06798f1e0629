"""Secrets never leave the machine: literals and comments are described, not sent, unless harmless.

Structure first, deny by default: `tokenize` finds every string literal (bytes, triple-quoted, implicit
concatenation, f-string literal parts) and every comment in the text sent, and each one becomes a
description like `<<SECRET#3 str len=12 classes=upper,lower,digit,punct prefix=AKIA>>` unless an
allow-rule proves it harmless: SQL/Cypher text (kept, with its own quoted literals described), short
prose without a secret-like word, identifiers and dotted module paths, URLs without userinfo, format
strings. A fragment tokenize rejects gets a regex pass over quoted runs, `#` comments and secret-like
words instead. The older detectors (URL passwords, secret-sounding names, vendor prefixes, long random
runs) then run over what is left.

The numbering follows the order of appearance, so the same code always redacts to the same text
(the result cache depends on that). The `Redactor` keeps the mapping locally so a suggested fix
that quotes a placeholder can be turned back into the original text on this machine only.
"""

from __future__ import annotations

import io
import math
import re
import tokenize
from collections import Counter
from dataclasses import dataclass, field

_SECRET_NAME = r"[A-Za-z_]*(?:pass(?:word|wd|phrase)?|pwd|secret|token|api_?key|apikey|access_?key|private_?key|" \
    r"client_?secret|credential|auth_?key|signing_?key|salt|dsn)[A-Za-z0-9_]*"
# `name = "literal"`, `name: str = "literal"`, `name="literal"` (keyword), `"name": "literal"`, `name == "x"`.
_NAMED_LITERAL = re.compile(
    r"(?i)(?P<name>['\"]?\b" + _SECRET_NAME + r"\b['\"]?)"
    r"(?P<between>\s*(?::\s*[A-Za-z_][\w.\[\], |]*)?\s*(?:==|!=|=|:)\s*[rRbBuU]{0,2})"
    r"(?P<quote>['\"])(?P<value>(?:\\.|(?!(?P=quote)).){1,500}?)(?P=quote)"
)
_URL_PASSWORD = re.compile(r"(?P<head>\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s:/@'\"]*:)(?P<value>[^\s@/'\"]+)(?=@)")
_VENDOR = re.compile(
    r"-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----"
    r"|\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{8,}"
    r"|\bsk-(?:ant-)?[A-Za-z0-9_-]{16,}"
    r"|\b(?:AKIA|ASIA)[A-Z0-9]{16}\b"
    r"|\bgh[pousr]_[A-Za-z0-9]{20,}"
    r"|\bxox[abposr]-[A-Za-z0-9-]{10,}"
    r"|\bAIza[0-9A-Za-z_-]{30,}"
    r"|\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"
)
_KNOWN_PREFIXES = ("-----BEGIN", "sk_live_", "sk_test_", "rk_live_", "rk_test_", "pk_live_", "pk_test_",
                   "sk-ant-", "sk-", "AKIA", "ASIA", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "xoxb-", "xoxp-",
                   "xoxa-", "xoxo-", "xoxs-", "xoxr-", "AIza", "eyJ")
_CANDIDATE = re.compile(r"[A-Za-z0-9+/=_\-.~]{20,}")
_PLACEHOLDER = re.compile(r"<<SECRET#(\d+)[^>]*>>")
MIN_ENTROPY_BITS = 3.5


def shannon_entropy(text: str) -> float:
    """Bits per character of `text`."""
    if not text:
        return 0.0
    counts = Counter(text)
    total = len(text)
    return -sum(n / total * math.log2(n / total) for n in counts.values())


def looks_random(token: str) -> bool:
    """A long run that mixes letters and digits with high entropy (keys, digests), not an identifier."""
    stripped = token.strip("=.-_")
    if len(stripped) < 20 or "://" in token:
        return False
    has_digit = any(c.isdigit() for c in stripped)
    has_alpha = any(c.isalpha() for c in stripped)
    if not (has_digit and has_alpha):
        return False
    if re.fullmatch(r"[0-9a-fA-F]{32,}", stripped):
        return True
    if sum(stripped.count(c) for c in "_.-/") > len(stripped) // 5:
        return False  # dotted.module.paths and snake_case_words
    return shannon_entropy(stripped) >= MIN_ENTROPY_BITS


def shape(value: str) -> str:
    """Character classes present: `A` upper, `a` lower, `0` digit, `+` other."""
    classes = [("A", str.isupper), ("a", str.islower), ("0", str.isdigit)]
    found = "".join(mark for mark, test in classes if any(test(c) for c in value))
    if any(not c.isalnum() for c in value):
        found += "+"
    return found or "empty"


def _known_prefix(value: str) -> str:
    for prefix in _KNOWN_PREFIXES:
        if value.startswith(prefix):
            return prefix
    return ""


@dataclass
class Redactor:
    """Replaces secrets consistently across all the texts of one finding; remembers originals locally."""

    secrets: dict[str, str] = field(default_factory=dict)  # original -> placeholder
    kinds: Counter = field(default_factory=Counter)
    known: set[str] = field(default_factory=set)  # values flagged anywhere in the file

    def learn(self, source: str) -> None:
        """Remember every value the name, URL and vendor detectors flag anywhere in `source`."""
        for match in _NAMED_LITERAL.finditer(source):
            if not _is_harmless(match.group("value")):
                self.known.add(match.group("value"))
        self.known.update(m.group("value") for m in _URL_PASSWORD.finditer(source))
        self.known.update(m.group() for m in _VENDOR.finditer(source))

    def placeholder(self, value: str, kind: str) -> str:
        """The description of a value found by the name, URL, vendor or entropy detectors."""
        return self.describe(value, kind)

    def describe(self, value: str, kind: str) -> str:
        """A numbered shape description of `value` (kind, length, character classes, vendor prefix)."""
        existing = self.secrets.get(value)
        if existing is not None:
            return existing
        hint = next((p for p in _VENDOR_HINTS if value.startswith(p)), "")
        described = f" prefix={hint}" if hint else ""
        token = f"<<SECRET#{len(self.secrets) + 1} {kind} len={len(value)} classes={classes(value)}{described}>>"
        self.secrets[value] = token
        self.kinds[kind] += 1
        return token

    def structural(self, text: str) -> str:
        """Only the structural pass (string literals and comments)."""
        return structural(self, text)

    def redact(self, text: str) -> str:
        """`text` with every literal and comment described unless harmless, then every detected secret."""
        text = structural(self, text)
        for value in sorted(self.known, key=lambda v: (-len(v), v)):
            if len(value) >= 4 and value in text:
                text = text.replace(value, self.describe(value, "flagged value"))
        text = _VENDOR.sub(lambda m: self.placeholder(m.group(), "key"), text)
        text = _URL_PASSWORD.sub(lambda m: m.group("head") + self._keep(m.group("value"), "url password"), text)
        text = _NAMED_LITERAL.sub(self._named, text)
        return _CANDIDATE.sub(lambda m: self._keep(m.group(), "random-looking value")
                              if looks_random(m.group()) else m.group(), text)

    def _keep(self, value: str, kind: str) -> str:
        if _PLACEHOLDER.fullmatch(value) or value.startswith("<<SECRET#"):
            return value
        return self.placeholder(value, kind)

    def _named(self, match: re.Match[str]) -> str:
        value = match.group("value")
        if "<<SECRET#" in value or _is_harmless(value):
            return match.group()
        quote = match.group("quote")
        return f"{match.group('name')}{match.group('between')}{quote}{self.placeholder(value, 'literal')}{quote}"

    def restore(self, text: str) -> str:
        """Put the original values back (used locally on suggested fixes; never sent anywhere)."""
        by_placeholder = {v: k for k, v in self.secrets.items()}
        return _PLACEHOLDER.sub(lambda m: by_placeholder.get(m.group(), m.group()), text)

    def contains_placeholder(self, text: str) -> bool:
        return _PLACEHOLDER.search(text) is not None


def _is_harmless(value: str) -> bool:
    """Values next to a secret-sounding name that are clearly not secrets: empty, env-var names,
    format placeholders and obvious dummies."""
    if not value.strip() or len(value) <= 2:
        return True
    if re.fullmatch(r"[A-Z][A-Z0-9_]*", value):  # an environment variable name: os.environ["API_KEY"]
        return True
    return bool(re.fullmatch(r"\{[^{}]*\}|%\(?\w*\)?s|\$\{?\w+\}?", value))


def redact(text: str) -> str:
    """Redact one text on its own (a fresh numbering)."""
    return Redactor().redact(text)


# --- Structural redaction: every string literal and comment is described unless proven harmless. ---

_STRING_PREFIX = re.compile(r"(?i)^([rbuf]{0,2})('''|\"\"\"|'|\")")
_SQL_START = re.compile(r"(?is)^\s*(?:select|insert|update|delete|with|create|alter|drop|match|merge|call|"
                        r"replace|optional\s+match|unwind|return)\b")
_SQL_QUOTED = re.compile(r"'(?:''|\\.|[^'])*'|\"(?:\"\"|\\.|[^\"])*\"")
_FORMAT_ONLY = re.compile(r"(?:\{\d*(?:![rsa])?(?::[<>^=+\- 0-9.,%a-z]{0,12})?\}|%\(?[a-z_]*\)?[-+ #0-9.]*[sdifrxg]"
                          r"|[\s,:;|/()\[\]\-.=])*")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
# Calls whose first argument is a key, not a value: `environ.get("DB_URL")`, `form.get("password")`.
_KEY_LOOKUPS = frozenset({"get", "getenv", "pop", "setdefault", "getlist", "hasattr", "getattr"})
_SKIPPED = frozenset({tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT})
_URL_OK = re.compile(r"[a-z][a-z0-9+.-]*://[A-Za-z0-9.-]+(?::\d{1,5})?(?:/[A-Za-z0-9._~%-]*)*/?")
_SECRET_WORDS = re.compile(r"(?i)\b(?:pass(?:word|wd|phrase)?|pwd|pw|secret|token|key|credentials?|auth|cookie|"
                           r"bearer|basic)\b\s*(?:is|was|:|=|->)")
_FALLBACK = re.compile(r"(?P<comment>#.*)"
                       r"|(?P<prefix>[rRbBuUfF]{0,2})(?P<quote>'''|\"\"\"|'|\")(?P<body>.*?)(?P=quote)"
                       r"|(?P<open>[rRbBuUfF]{0,2}(?:'''|\"\"\"|'|\"))(?P<rest>.*)")
_RISKY_WORD = re.compile(r"<<SECRET#\d+[^>]*>>|[^\s'\"<>]{8,}")
_VENDOR_HINTS = ("sk_live_", "sk_test_", "rk_live_", "pk_live_", "sk-ant-", "sk-", "AKIA", "ASIA", "ghp_", "gho_",
                 "ghu_", "ghs_", "ghr_", "github_pat_", "xoxb-", "xoxp-", "xoxa-", "xox", "AIza", "eyJ", "glpat-")


def secret_like(word: str) -> bool:
    """A space-free run of 8+ characters mixing letters with digits or punctuation (not `_`/`.`)."""
    word = word.strip(".,;:!?()\"'")
    if len(word) < 8 or not any(c.isalpha() for c in word):
        return False
    return any(c.isdigit() or (not c.isalnum() and c not in "_.-") for c in word)


def _odd_word(word: str) -> bool:
    """A prose word that reads like a key: camel-humped letters, long capitals or a long digit run."""
    word = word.strip(".,;:!?()\"'")
    return bool(re.search(r"[a-z][A-Z]", word) or re.fullmatch(r"[A-Z]{8,}", word) or re.search(r"\d{6,}", word))


def classes(value: str) -> str:
    """Character classes of `value`, e.g. `upper,lower,digit,punct`."""
    found = [name for name, test in (("upper", str.isupper), ("lower", str.islower), ("digit", str.isdigit),
                                     ("space", str.isspace)) if any(test(c) for c in value)]
    if any(not c.isalnum() and not c.isspace() for c in value):
        found.append("punct")
    return ",".join(found) or "empty"


def proven_name(value: str, names: frozenset[str] = frozenset(), as_key: bool = False) -> bool:
    """An identifier or dotted path that is proven not to be a value: the literal sits where a key goes
    (dict key, subscript, `get("...")`), it or every part of it is an identifier of the code itself, or it is
    a module path of three or more lower-case parts. A letters-only word elsewhere may be a password (`"hunter"`, `"ADMIN_PASS"`): it is not proven."""
    if not _IDENTIFIER.fullmatch(value):
        return False
    if as_key or value in names:
        return True
    parts = value.split(".")
    if len(parts) >= 3 and value.islower():
        return True  # a module path: app.services.users
    return len(parts) > 1 and all(part in names for part in parts)


def harmless(value: str, names: frozenset[str] = frozenset(), as_key: bool = False) -> bool:
    """Allow-rules: format strings, proven identifiers and module paths, URLs without userinfo, short prose."""
    if len(value) <= 2 and not value.strip("{}$%"):
        return True
    if _FORMAT_ONLY.fullmatch(value) and any(c in value for c in "{%"):
        return True
    if value == "" or proven_name(value, names, as_key):
        return True
    if _URL_OK.fullmatch(value):
        return not any(secret_like(part) for part in value.split("//", 1)[1].split("/")[1:])
    words = value.split()
    if len(words) >= 2 and "\n" not in value.strip() and "=" not in value and "@" not in value:
        return not _SECRET_WORDS.search(value) and not any(secret_like(w) or _odd_word(w) for w in words)
    return False


def _quoted_sql(redactor: Redactor, text: str) -> str:
    """SQL or Cypher text kept, its own quoted literals and secret-like words described."""
    def literal(match: re.Match[str]) -> str:
        quote = match.group()[0]
        return quote + redactor.describe(match.group()[1:-1], "sql literal") + quote
    text = _SQL_QUOTED.sub(literal, text)
    return _RISKY_WORD.sub(lambda m: redactor.describe(m.group(), "token")
                           if secret_like(m.group()) and not m.group().startswith("<<SECRET#") else m.group(), text)


def _fstring_parts(body: str) -> list[tuple[bool, str]]:
    """Split an f-string body into (is_field, text) parts; `{{`/`}}` stay literal."""
    parts: list[tuple[bool, str]] = []
    literal, i = "", 0
    while i < len(body):
        two = body[i:i + 2]
        if two in ("{{", "}}"):
            literal += two
            i += 2
            continue
        if body[i] == "{":
            depth, j = 1, i + 1
            while j < len(body) and depth:
                depth += {"{": 1, "}": -1}.get(body[j], 0)
                j += 1
            parts.append((False, literal))
            parts.append((True, body[i:j]))
            literal, i = "", j
            continue
        literal += body[i]
        i += 1
    parts.append((False, literal))
    return [p for p in parts if p[1]]


def _string_token(redactor: Redactor, token: str, names: frozenset[str] = frozenset(), as_key: bool = False) -> str:
    """One string literal token, its body kept only when an allow-rule proves it harmless."""
    match = _STRING_PREFIX.match(token)
    if not match or not token.endswith(match.group(2)) or len(token) < len(match.group()) + len(match.group(2)):
        return redactor.describe(token, "str")
    prefix, quote = match.groups()
    body = token[len(match.group()):len(token) - len(quote)]
    kind = "bytes" if "b" in prefix.lower() else "str"
    if "f" in prefix.lower():
        return prefix + quote + _fstring_body(redactor, body) + quote
    return prefix + quote + _body(redactor, body, kind, names, as_key) + quote


def _body(redactor: Redactor, body: str, kind: str, names: frozenset[str], as_key: bool) -> str:
    if _SQL_START.match(body):
        return _quoted_sql(redactor, body)
    if harmless(body, names, as_key):
        return body
    return redactor.describe(body, kind) + "\n" * body.count("\n")


def _fstring_body(redactor: Redactor, body: str) -> str:
    parts = _fstring_parts(body)
    template = "".join("{}" if field else text for field, text in parts)
    sql = bool(_SQL_START.match(template))
    if not sql and harmless(template):
        return "".join(redactor.structural(text) if field else text for field, text in parts)
    out = []
    for field, text in parts:
        if field:
            out.append(redactor.structural(text))
        elif sql:
            out.append(_quoted_sql(redactor, text))
        else:
            out.append(redactor.describe(text, "fstr part") + "\n" * text.count("\n"))
    return "".join(out)


def _comment(redactor: Redactor, token: str, names: frozenset[str] = frozenset()) -> str:
    text = token[1:].strip()
    if not text or harmless(text, names) or re.fullmatch(r"(?:noqa|type|pragma|pylint|nosec)\b[\w:, =-]*", text):
        return token
    return "# " + redactor.describe(text, "comment")


def _fallback(redactor: Redactor, text: str) -> str:
    """Regex redaction for fragments tokenize rejects: quoted runs, `#` comments, secret-like words."""
    def one(match: re.Match[str]) -> str:
        if match.group("comment") is not None:
            return _comment(redactor, match.group("comment"))
        if match.group("quote") is not None:
            return _string_token(redactor, match.group())
        return match.group("open") + redactor.describe(match.group("rest"), "str")
    lines = [_FALLBACK.sub(one, line) for line in text.split("\n")]
    return "\n".join(_RISKY_WORD.sub(lambda m: redactor.describe(m.group(), "token")
                                     if secret_like(m.group()) and not m.group().startswith("<<SECRET#") else m.group(),
                                     line) for line in lines)


def _offsets(text: str) -> list[int]:
    starts, total = [0], 0
    for line in text.splitlines(keepends=True):
        total += len(line)
        starts.append(total)
    return starts


def structural(redactor: Redactor, text: str) -> str:
    """Every string literal and comment in `text` described unless harmless; regex fallback on failure."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return _fallback(redactor, text)
    names = frozenset(tok.string for tok in tokens if tok.type == tokenize.NAME)
    key_positions = _key_positions([tok for tok in tokens if tok.type not in _SKIPPED])
    starts = _offsets(text)
    out, pos = [], 0
    for tok in tokens:
        if tok.type not in (tokenize.STRING, tokenize.COMMENT, tokenize.ERRORTOKEN):
            continue
        if tok.type == tokenize.ERRORTOKEN and tok.string.strip() not in ("'", '"'):
            continue
        if tok.type == tokenize.ERRORTOKEN:
            return _fallback(redactor, text)
        begin = starts[tok.start[0] - 1] + tok.start[1]
        end = starts[tok.end[0] - 1] + tok.end[1]
        out.append(text[pos:begin])
        out.append(_comment(redactor, tok.string, names) if tok.type == tokenize.COMMENT
                   else _string_token(redactor, tok.string, names, tok.start in key_positions))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _key_positions(code: list[tokenize.TokenInfo]) -> set[tuple[int, int]]:
    """Start positions of string tokens that stand alone where a key goes: a dict key (`{"k": v}`), a
    subscript (`environ["K"]`) or the first argument of a lookup call (`form.get("k")`)."""
    found = set()
    for i in range(1, len(code) - 1):
        tok, before, after = code[i], code[i - 1].string, code[i + 1].string
        if tok.type != tokenize.STRING:
            continue
        earlier = code[i - 2] if i >= 2 else None
        if after == ":" and before in ("{", ","):
            found.add(tok.start)
        elif before == "[" and after == "]" and earlier is not None and (
                earlier.type == tokenize.NAME or earlier.string in (")", "]")):
            found.add(tok.start)
        elif before == "(" and after in (",", ")") and earlier is not None and earlier.string in _KEY_LOOKUPS:
            found.add(tok.start)
    return found
