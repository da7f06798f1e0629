"""One iterative traversal of a LibCST tree that calls every active rule's visit/leave methods.

LibCST's own visitor rebuilds every node as it goes and calls a method for every node type on
every visitor; on real code that costs more than the parse. This walker reads child fields
directly, skips whitespace and punctuation, and calls only the methods rules define.
"""

from __future__ import annotations

import dataclasses
from typing import Callable, Iterable

import libcst as cst

# Fields that hold only whitespace, comments or punctuation: no rule ever needs to enter them.
_SKIPPED_FIELDS = frozenset(
    {
        "lpar", "rpar", "leading_lines", "lines_after_decorators", "header", "footer",
        "trailing_whitespace", "comma", "semicolon", "equal", "colon", "dot", "indent",
        "newline", "operator", "star", "whitespace_after_at", "asynchronous",
    }
)
# Field types that are plain text or flags (`Name.value: str`), never a node.
_TEXT_TYPES = (str, bool, "str", "bool")
_child_fields_cache: dict[type, tuple[str, ...]] = {}

Callback = Callable[[cst.CSTNode], object]


def _child_fields(kind: type) -> tuple[str, ...]:
    names = _child_fields_cache.get(kind)
    if names is None:
        names = tuple(
            f.name
            for f in dataclasses.fields(kind)
            if f.name not in _SKIPPED_FIELDS and not f.name.startswith("whitespace")
            and f.type not in _TEXT_TYPES  # `Name.value`: a quarter of all field reads, never a node
        )
        _child_fields_cache[kind] = names
    return names


_is_node_cache: dict[type, bool] = {}


def _is_node_type(kind: type) -> bool:
    """issubclass(kind, CSTNode), cached: CSTNode is an ABC and isinstance on it is slow."""
    known = _is_node_cache.get(kind)
    if known is None:
        known = _is_node_cache[kind] = issubclass(kind, cst.CSTNode)
    return known


def children(node: cst.CSTNode) -> list[cst.CSTNode]:
    """The child nodes of `node` that carry code, in source order."""
    found: list[cst.CSTNode] = []
    is_node = _is_node_cache.get
    for name in _child_fields(type(node)):
        value = getattr(node, name)
        kind = type(value)
        if kind is tuple or kind is list:
            for item in value:
                item_is_node = is_node(type(item))
                if item_is_node is None:
                    item_is_node = _is_node_type(type(item))
                if item_is_node:
                    found.append(item)
        else:
            value_is_node = is_node(kind)
            if value_is_node is None:
                value_is_node = _is_node_type(kind)
            if value_is_node:
                found.append(value)
    return found


_callback_names_cache: dict[type, tuple[str, ...]] = {}


def _callback_names(kind: type) -> tuple[str, ...]:
    """The visit_*/leave_* method names of a rule class (dir() is slow; asked once per file per rule)."""
    names = _callback_names_cache.get(kind)
    if names is None:
        names = _callback_names_cache[kind] = tuple(
            attr for attr in dir(kind) if attr.startswith(("visit_", "leave_")))
    return names


class Dispatch:
    """For each node type, the visit and leave callbacks of the active rules."""

    def __init__(self) -> None:
        self.visit: dict[str, list[tuple[object, Callback]]] = {}
        self.leave: dict[str, list[tuple[object, Callback]]] = {}

    def add(self, owner: object) -> None:
        for attr in _callback_names(type(owner)):
            table = self.visit if attr.startswith("visit_") else self.leave
            table.setdefault(attr[6:], []).append((owner, getattr(owner, attr)))

    def remove(self, owner: object) -> None:
        for table in (self.visit, self.leave):
            for name, callbacks in table.items():
                table[name] = [(o, c) for o, c in callbacks if o is not owner]

    def __bool__(self) -> bool:
        return bool(self.visit or self.leave)


def walk(
    root: cst.CSTNode,
    dispatch: Dispatch,
    ancestors: list[cst.CSTNode],
    on_error: Callable[[object, cst.CSTNode, BaseException], None],
) -> None:
    """Visit every code-carrying node under `root` depth-first, calling rules' callbacks.

    `ancestors` is kept up to date so that during a callback `ancestors[-1]` is the node itself.
    A callback that raises is reported through `on_error` with the node; the walk and the rule go on.
    Only node types that some rule leaves get a second stack entry; every other node's place in
    `ancestors` is simply cut back when the walk moves on to a sibling or an uncle.
    """
    visit, leave = dispatch.visit, dispatch.leave
    base = len(ancestors)
    stack: list[tuple[cst.CSTNode, int, bool]] = [(root, base, False)]
    pop, push = stack.pop, stack.append
    fields_of, is_node = _child_fields_cache.get, _is_node_cache.get
    while stack:
        node, depth, leaving = pop()
        kind = type(node)
        if leaving:
            del ancestors[depth + 1:]
            for owner, callback in leave.get(kind.__name__, ()):
                try:
                    callback(node)
                except Exception as exc:  # noqa: BLE001 - isolating a rule's bug is the point
                    on_error(owner, node, exc)
            continue
        del ancestors[depth:]
        ancestors.append(node)
        name = kind.__name__
        callbacks = visit.get(name)
        if callbacks:
            for owner, callback in callbacks:
                try:
                    callback(node)
                except Exception as exc:  # noqa: BLE001
                    on_error(owner, node, exc)
        if name in leave:
            push((node, depth, True))
        fields = fields_of(kind)
        if fields is None:
            fields = _child_fields(kind)
        below = depth + 1
        # `children()` inlined (a call and a list per node cost a fifth of the walk); pushed last
        # field first, each field's items last first, so they are popped in source order.
        for field in reversed(fields):
            value = getattr(node, field)
            value_kind = type(value)
            if value_kind is tuple or value_kind is list:
                for item in reversed(value):
                    item_is_node = is_node(type(item))
                    if item_is_node is None:
                        item_is_node = _is_node_type(type(item))
                    if item_is_node:
                        push((item, below, False))
            else:
                value_is_node = is_node(value_kind)
                if value_is_node is None:
                    value_is_node = _is_node_type(value_kind)
                if value_is_node:
                    push((value, below, False))
    del ancestors[base:]


def iter_nodes(root: cst.CSTNode) -> Iterable[cst.CSTNode]:
    """Every code-carrying node under `root` (inclusive), depth-first, without callbacks."""
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(children(node)))
