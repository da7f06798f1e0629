"""Literal values bound to plain local names (`opts = {"verify": False}`, `flag = False`), per function,
so a rule can see through one or two local assignments and a `**options` splat. Anything else bound
to a name (a parameter, a call result, an opaque variable) stays unknown. Shared by the HL6 rules."""

from __future__ import annotations

import libcst as cst

from hardlint.literals import string_value
from hardlint.rules.hl7_api._routes import keyword
from hardlint.walker import iter_nodes

LITERALS = (cst.Dict, cst.List, cst.Tuple, cst.Name, cst.SimpleString, cst.ConcatenatedString, cst.Integer, cst.Attribute)
MAX_HOPS = 4


def _in_class_body(ancestors: list[cst.CSTNode]) -> bool:
    """The current node sits in a class body (not in a method): its names are attributes, not locals."""
    for node in reversed(ancestors):
        if isinstance(node, (cst.FunctionDef, cst.Lambda)):
            return False
        if isinstance(node, cst.ClassDef):
            return True
    return False


def _literal(value: cst.BaseExpression | None) -> bool:
    if isinstance(value, cst.Call):
        return isinstance(value.func, cst.Name) and value.func.value == "dict"
    return isinstance(value, LITERALS)


class LocalLiterals:
    """A stack of scopes (module first, then one per enclosing function) of name -> literal value;
    None marks a name bound locally to something unknown (a parameter, a call result, more than one
    assignment), which hides a module constant of the same name."""

    def __init__(self) -> None:
        self.scopes: list[dict[str, cst.BaseExpression | None]] = [{}]

    def enter(self, function: cst.FunctionDef) -> None:
        params = function.params
        every = [*params.posonly_params, *params.params, *params.kwonly_params]
        every += [p for p in (params.star_arg, params.star_kwarg) if isinstance(p, cst.Param)]
        self.scopes.append({param.name.value: None for param in every})

    def leave(self) -> None:
        if len(self.scopes) > 1:
            self.scopes.pop()

    def bind(self, node: cst.Assign | cst.AnnAssign, ancestors: list[cst.CSTNode]) -> None:
        """Record `name = <literal>`; any other value bound to the name makes it unknown again. Names
        assigned in a class body are attributes, not locals, and are left alone."""
        if _in_class_body(ancestors):
            return
        value = node.value
        targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
        for target in targets:
            if isinstance(target, cst.Name):
                # Bound a second time (`if insecure: verify = False`), the value depends on the path taken.
                scope = self.scopes[-1]
                scope[target.value] = value if _literal(value) and target.value not in scope else None
            elif isinstance(target, (cst.Tuple, cst.List)):
                for name in iter_nodes(target):  # `verify, timeout = flag, 5`: unknown from here on
                    if isinstance(name, cst.Name):
                        self.scopes[-1][name.value] = None

    def resolve(self, expr: cst.BaseExpression | None) -> cst.BaseExpression | None:
        """`expr`, or the literal a plain name holds (through a few local hops); the name itself when
        its value is unknown. `True`, `False` and `None` are their own values."""
        for _ in range(MAX_HOPS):
            if not isinstance(expr, cst.Name) or expr.value in ("True", "False", "None"):
                return expr
            bound = self._lookup(expr.value)
            if bound is None:
                return expr
            expr = bound
        return expr

    def _lookup(self, name: str) -> cst.BaseExpression | None:
        local = self.scopes[-1]
        return local[name] if name in local else self.scopes[0].get(name)

    def is_false(self, expr: cst.BaseExpression | None) -> bool:
        resolved = self.resolve(expr)
        return isinstance(resolved, cst.Name) and resolved.value == "False"

    def argument(self, call: cst.Call, name: str) -> cst.BaseExpression | None:
        """The value passed as keyword `name`: written in the call or inside a `**options` splat of a
        dict literal (held by a local name or written in place)."""
        arg = keyword(call, name)
        if arg is not None:
            return arg.value
        for item in call.args:
            if item.star == "**":
                value = self.entry(item.value, name)
                if value is not None:
                    return value
        return None

    def entry(self, expr: cst.BaseExpression | None, key: str) -> cst.BaseExpression | None:
        """The value under literal `key` of the dict `expr` is or holds (`{...}` or `dict(key=...)`)."""
        mapping = self.resolve(expr)
        if isinstance(mapping, cst.Dict):
            for element in mapping.elements:
                if isinstance(element, cst.DictElement) and string_value(element.key) == key:
                    return element.value
        if isinstance(mapping, cst.Call) and isinstance(mapping.func, cst.Name) and mapping.func.value == "dict":
            arg = keyword(mapping, key)
            return arg.value if arg is not None else None
        return None
