"""Finds the rules: every `hlNNN_*` module in the `hardlint.rules` package tree."""

from __future__ import annotations

import importlib
import pkgutil
import re
from functools import lru_cache

from hardlint.rule import Rule

RULE_MODULE = re.compile(r"^hl\d{3}_\w+$")
RULE_CODE = re.compile(r"^HL\d{3}$")


class CatalogError(Exception):
    """The rule catalog itself is broken (duplicate codes, a rule without a code)."""


@lru_cache(maxsize=1)
def load_rules() -> dict[str, type[Rule]]:
    """Import every rule module once and return the rules by code, in code order."""
    import hardlint.rules as package

    found: dict[str, type[Rule]] = {}
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        if not RULE_MODULE.match(info.name.rsplit(".", 1)[-1]):
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Rule) and value.__module__ == module.__name__:
                if not RULE_CODE.match(value.code):
                    raise CatalogError(f"{module.__name__}.{value.__name__} has no valid code")
                if value.code in found:
                    raise CatalogError(f"{value.code} is defined twice")
                found[value.code] = value
    return dict(sorted(found.items()))


def family_of(code: str) -> str:
    """The family prefix of a rule code, `HL3` for `HL301`."""
    return code[:3]
