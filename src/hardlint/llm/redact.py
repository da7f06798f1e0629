"""Secrets never leave the machine: credential-looking text is replaced by a description first.

Three detectors run over every piece of text before it is put into a request:

- passwords inside URLs (`scheme://user:password@host`): only the password part is replaced;
- string literals bound to a secret-sounding name (`password = "..."`, `"api_key": "..."`,
  `token=...`), and tokens with a well-known vendor prefix (`sk-...`, `AKIA...`, `ghp_...`,
  JWTs, PEM private keys);
- long high-entropy runs (random-looking keys, hex digests) wherever they appear.

Each distinct secret becomes a placeholder like `<<SECRET#1 40 chars, prefix "AKIA", shape A0>>`.
The numbering follows the order of appearance, so the same code always redacts to the same text
(the result cache depends on that). The `Redactor` keeps the mapping locally so a suggested fix
that quotes a placeholder can be turned back into the original text on this machine only.
"""

from __future__ import annotations

import math
import re
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

    def placeholder(self, value: str, kind: str) -> str:
        existing = self.secrets.get(value)
        if existing is not None:
            return existing
        number = len(self.secrets) + 1
        prefix = _known_prefix(value)
        described = f", prefix {prefix}" if prefix else ""
        token = f"<<SECRET#{number} {kind}, {len(value)} chars{described}, shape {shape(value)}>>"
        self.secrets[value] = token
        self.kinds[kind] += 1
        return token

    def redact(self, text: str) -> str:
        """`text` with every detected secret replaced by its placeholder."""
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
