"""LibCST's parse, without validating again every node its own parser has just built.

Every LibCST node runs `_validate()` from `__post_init__` as it is constructed, which protects
trees built by hand. The parser's nodes are valid by construction (LibCST's source says as much:
"PERF: ... avoid validating the tree when parsing a file"), and validating them costs about a
sixth of the parse. Validation is switched off only for the duration of `parse_module`; nodes
that rules build (fix replacements) are validated as usual.
"""

from __future__ import annotations

import threading
from typing import Any

import libcst as cst

try:
    from libcst._nodes.base import CSTNode as _Node
except ImportError:  # pragma: no cover - a LibCST without this layout parses the ordinary way
    _Node = None  # type: ignore[assignment,misc]

_VALIDATING = getattr(_Node, "__post_init__", None)


def _skip_validation(self: Any) -> None:
    """Stands in for CSTNode.__post_init__ while the parser builds nodes: validates nothing."""
    return None


def parse_module(source: str) -> cst.Module:
    """`libcst.parse_module(source)`, about 15% faster."""
    if _VALIDATING is None or threading.active_count() > 1:
        return cst.parse_module(source)  # another thread could be building nodes of its own
    _Node.__post_init__ = _skip_validation  # type: ignore[method-assign]
    try:
        return cst.parse_module(source)
    finally:
        _Node.__post_init__ = _VALIDATING  # type: ignore[method-assign]
