"""Finds the rules: every `hlNNN_*` module in the `hardlint.rules` package tree.

`rule_index()` lists them from file names alone and reads each one's `triggers` from its text, so
a run that checks one file imports only the rules whose triggers match it. `load_rules()` imports
them all (the catalog, docs, SARIF and the process pool need every class).
"""

from __future__ import annotations

import ast
import importlib
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    from hardlint.config import Config
    from hardlint.rule import Rule

RULE_MODULE = re.compile(r"^hl\d{3}_\w+$")
RULE_CODE = re.compile(r"^HL\d{3}$")
# `    triggers = ...` in a rule class body; the value runs to where it parses as a literal.
# Searched in the undecoded bytes: decoding every rule module's long docstring is most of the cost.
_TRIGGERS_LINE = re.compile(rb"^    triggers(?:[ \t]*:[^=\n]*)?[ \t]*=(.*)$", re.M)
_MAX_TRIGGER_LINES = 20  # HL503 linear-time trigger: 16 lines
# `    opt_in = True` in a rule class body: the rule runs only when its full code is selected.
_OPT_IN_LINE = re.compile(rb"^    opt_in(?:[ \t]*:[^=\n]*)?[ \t]*=[ \t]*True\b", re.M)


class CatalogError(Exception):
    """The rule catalog itself is broken (duplicate codes, a rule without a code)."""


class _Unknown:
    """A rule whose triggers cannot be read without importing it."""

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = _Unknown()
StaticTriggers = Union[str, tuple, None, _Unknown]


@dataclass(frozen=True)
class RuleEntry:
    """A rule known from its module's file: code, module name and (if readable) its triggers."""

    code: str
    module: str
    triggers: StaticTriggers
    opt_in: bool = False

    def load(self) -> type[Rule]:
        return _rule_class(importlib.import_module(self.module), self.code)


@lru_cache(maxsize=1)
def rule_index() -> dict[str, RuleEntry]:
    """Every rule by code, in code order, without importing any rule module."""
    import hardlint.rules as package

    found: dict[str, RuleEntry] = {}
    for root in package.__path__:
        for family in sorted(os.listdir(root)):
            directory = os.path.join(root, family)
            if not os.path.isfile(os.path.join(directory, "__init__.py")):
                continue
            for filename in sorted(os.listdir(directory)):
                stem, dot, suffix = filename.partition(".")
                if suffix != "py" or not RULE_MODULE.match(stem):
                    continue
                code = "HL" + stem[2:5]
                if code in found:
                    raise CatalogError(f"{code} is defined twice")
                module = f"{package.__name__}.{family}.{stem}"
                path = os.path.join(directory, filename)
                found[code] = RuleEntry(code, module, read_triggers(path), read_opt_in(path))
    return dict(sorted(found.items()))


def read_opt_in(path: str) -> bool:
    """Whether a rule module declares `opt_in = True` (off unless its full code is selected)."""
    try:
        with open(path, "rb") as handle:
            return _OPT_IN_LINE.search(handle.read()) is not None
    except OSError:
        return False


def rule_enabled(code: str, config: Config) -> bool:
    """Is hardlint rule `code` run? An opt-in rule needs its full code in `select`, as bandit's
    off-by-default checks do; a prefix such as `HL4` does not bring it in."""
    entry = rule_index().get(code)
    if entry is not None and entry.opt_in and code not in config.select:
        return False
    return config.enabled(code)


def read_triggers(path: str) -> StaticTriggers:
    """The literal value of `triggers` in a rule module's text, or UNKNOWN when it is not a literal."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return UNKNOWN
    matches = list(_TRIGGERS_LINE.finditer(data))
    if len(matches) != 1:
        return UNKNOWN if matches else None
    first = matches[0]
    rest = data[first.end() + 1:].split(b"\n", _MAX_TRIGGER_LINES)[:_MAX_TRIGGER_LINES]
    try:
        lines = [line.decode() for line in (first.group(1), *rest)]
    except UnicodeDecodeError:
        return UNKNOWN
    for count in range(1, len(lines) + 1):
        try:
            value = ast.literal_eval("\n".join(lines[:count]).strip())
        except SyntaxError:
            continue  # not complete yet: the value goes on on the next line
        except ValueError:
            return UNKNOWN  # a complete expression that is not a literal (`TRIGGER`)
        if value is None or isinstance(value, str) or (
                isinstance(value, tuple) and all(isinstance(v, str) for v in value)):
            return value
        return UNKNOWN
    return UNKNOWN


def _rule_class(module: object, code: str) -> type[Rule]:
    from hardlint.rule import Rule

    classes = [value for value in vars(module).values()
               if isinstance(value, type) and issubclass(value, Rule) and value.__module__ == module.__name__]
    if len(classes) != 1 or classes[0].code != code or not RULE_CODE.match(classes[0].code):
        raise CatalogError(f"{module.__name__} must define exactly one rule class, with code {code}")
    return classes[0]


@lru_cache(maxsize=1)
def load_rules() -> dict[str, type[Rule]]:
    """Import every rule module once and return the rules by code, in code order."""
    return {code: entry.load() for code, entry in rule_index().items()}


def rule_codes() -> list[str]:
    """Every rule code, without importing the rules."""
    return list(rule_index())


def family_of(code: str) -> str:
    """The family prefix of a rule code, `HL3` for `HL301`."""
    return code[:3]
