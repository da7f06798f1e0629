"""An operator's opt-out of TLS verification: code that disables verification only on a branch whose
test reads a setting that says so (`if PREFECT_API_TLS_INSECURE_SKIP_VERIFY:`, `if not verify_ssl:`,
`if ssl_config is False:`, the `else` of `if self.verify:`, the code after `if shared_ssl is not False:
return shared_ssl`), or a module-level insecure transport used only on such branches. Used by HL609."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import libcst as cst

from hardlint.walker import children, iter_nodes

OPT_OUT = re.compile(r"insecure|skip_?verif|no_?verify|unverified|disable_?(ssl|tls|verif|cert)", re.IGNORECASE)
VERIFY_SETTING = re.compile(r"verif|ssl|tls|cert", re.IGNORECASE)

# name -> the expression a function-local name is bound to, to read `ssl_config = get_ssl_configuration()`
Binding = Callable[[str], "cst.BaseExpression | None"]


def _identifiers(expr: cst.CSTNode) -> list[str]:
    """Names and attribute names in `expr` (`settings.api.tls_insecure_skip_verify` -> all three)."""
    found: list[str] = []
    for node in iter_nodes(expr):
        if isinstance(node, cst.Name):
            found.append(node.value)
        elif isinstance(node, cst.Attribute):
            found.append(node.attr.value)
    return found


def _is_setting(expr: cst.BaseExpression, binding: Binding) -> bool:
    """`expr` names a TLS verification setting, directly or through one local assignment."""
    names = _identifiers(expr)
    if any(VERIFY_SETTING.search(name) or OPT_OUT.search(name) for name in names):
        return True
    bound = binding(expr.value) if isinstance(expr, cst.Name) else None
    return bound is not None and any(VERIFY_SETTING.search(name) for name in _identifiers(bound))


def _bool_literal(expr: cst.BaseExpression) -> bool | None:
    if isinstance(expr, cst.Name) and expr.value in ("True", "False"):
        return expr.value == "True"
    return None


def _compared(test: cst.Comparison, binding: Binding) -> bool | None:
    """For `X is False` / `X == True` / `X is not False` on a setting X: whether a true test means
    verification is on (True) or off (False); None for any other comparison."""
    if len(test.comparisons) != 1:
        return None
    target = test.comparisons[0]
    literal = _bool_literal(target.comparator)
    if literal is None or not _is_setting(test.left, binding):
        return None
    if isinstance(target.operator, (cst.Is, cst.Equal)):
        return literal
    if isinstance(target.operator, (cst.IsNot, cst.NotEqual)):
        return not literal
    return None


def says_insecure(test: cst.BaseExpression, binding: Binding) -> bool:
    """A true `test` means the configuration asked for no verification."""
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        return says_secure(test.expression, binding)
    if isinstance(test, cst.BooleanOperation):
        sides = (says_insecure(test.left, binding), says_insecure(test.right, binding))
        return any(sides) if isinstance(test.operator, cst.And) else all(sides)
    if isinstance(test, cst.Comparison):
        return _compared(test, binding) is False
    return any(OPT_OUT.search(name) for name in _identifiers(test))


def says_secure(test: cst.BaseExpression, binding: Binding) -> bool:
    """A true `test` means the configuration asked for verification (`if self.verify:`)."""
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        return says_insecure(test.expression, binding)
    if isinstance(test, cst.BooleanOperation):
        sides = (says_secure(test.left, binding), says_secure(test.right, binding))
        return any(sides) if isinstance(test.operator, cst.And) else all(sides)
    if isinstance(test, cst.Comparison):
        return _compared(test, binding) is True
    if not isinstance(test, (cst.Name, cst.Attribute)) or any(OPT_OUT.search(n) for n in _identifiers(test)):
        return False
    # `verify`, `verify_ssl`: a flag for verification itself (`ssl_certfile`, `use_ssl` are not)
    return "verif" in (test.attr.value if isinstance(test, cst.Attribute) else test.value).lower()


def _branch_opts_out(branch: cst.CSTNode, child: cst.CSTNode, binding: Binding) -> bool:
    """`child` is the part of the `if` (or conditional expression) `branch` taken on an opt-out."""
    if isinstance(branch, (cst.If, cst.IfExp)):
        if child is branch.body:
            return says_insecure(branch.test, binding)
        if child is branch.orelse:
            return says_secure(branch.test, binding)
    return False


def _exits(statement: cst.CSTNode) -> bool:
    """`if <test>: ... return|raise` with no else: the rest of the block runs only when the test failed."""
    if not isinstance(statement, cst.If) or statement.orelse is not None:
        return False
    last = statement.body.body[-1] if statement.body.body else None
    return isinstance(last, cst.SimpleStatementLine) and any(
        isinstance(small, (cst.Return, cst.Raise)) for small in last.body)


def _guarded(block: cst.CSTNode, child: cst.CSTNode, binding: Binding, constants: frozenset[str]) -> bool:
    """An earlier `if <verification on>: return` in `block` leaves `child` to the opt-out path."""
    body = getattr(block, "body", None)
    if not isinstance(body, Sequence) or isinstance(body, str):
        return False
    for statement in body:
        if statement is child:
            return False
        if _exits(statement) and says_secure(statement.test, binding) and not _fixed_in_code(
                statement, constants, binding):
            return True
    return False


_LITERAL = (cst.Integer, cst.Float, cst.SimpleString, cst.ConcatenatedString)


def _literal(expr: cst.BaseExpression | None) -> bool:
    """`True`, `0`, `"yes"`, `not False`: a value the code fixes, not one an operator sets."""
    while isinstance(expr, cst.UnaryOperation):
        expr = expr.expression
    return isinstance(expr, _LITERAL) or (isinstance(expr, cst.Name) and expr.value in ("True", "False", "None"))


def _module_literals(module: cst.CSTNode) -> frozenset[str]:
    """Module-level names assigned a literal (`INSECURE = True`)."""
    names = set()
    for statement in getattr(module, "body", ()):
        for small in statement.body if isinstance(statement, cst.SimpleStatementLine) else ():
            if isinstance(small, cst.Assign) and _literal(small.value):
                names.update(t.target.value for t in small.targets if isinstance(t.target, cst.Name))
            elif isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name) and _literal(small.value):
                names.add(small.target.value)
    return frozenset(names)


def _fixed_in_code(branch: cst.CSTNode, constants: frozenset[str], binding: Binding) -> bool:
    """The test of `branch` reads a name the checked code binds to a literal: the code, not an operator,
    turned verification off, so it is no opt-in (`INSECURE = True` / `if INSECURE: verify=False`)."""
    test = getattr(branch, "test", None)
    return test is not None and any(
        isinstance(node, cst.Name) and (node.value in constants or _literal(binding(node.value)))
        for node in iter_nodes(test))


def opted_in(ancestors: Sequence[cst.CSTNode], binding: Binding) -> bool:
    """The innermost function around the last of `ancestors` reaches it only on a configured opt-out."""
    constants = _module_literals(ancestors[0]) if ancestors else frozenset()
    for index in range(len(ancestors) - 1, 0, -1):
        parent, child = ancestors[index - 1], ancestors[index]
        if _branch_opts_out(parent, child, binding) and not _fixed_in_code(parent, constants, binding):
            return True
        if _guarded(parent, child, binding, constants):
            return True
        if isinstance(parent, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            return False
    return False


def used_only_on_opt_out(module: cst.Module, target: cst.Name) -> bool:
    """Every read of the module-level `target` sits on an opt-out branch (`x if self.verify else target`)."""
    stack: list[tuple[cst.CSTNode, bool]] = [(module, False)]
    reads = 0
    while stack:
        node, opted = stack.pop()
        if isinstance(node, cst.Name) and node.value == target.value and node is not target:
            if not opted:
                return False
            reads += 1
        for child in children(node):
            stack.append((child, opted or _branch_opts_out(node, child, _unbound)))
    return reads > 0


def _unbound(name: str) -> cst.BaseExpression | None:
    return None


def local_binding(function: cst.FunctionDef | None) -> Binding:
    """The value a name is bound to by a single plain assignment in `function`, if any."""
    values: dict[str, cst.BaseExpression | None] = {}
    for node in iter_nodes(function) if function is not None else ():
        if isinstance(node, (cst.Assign, cst.AnnAssign)) and node.value is not None:
            targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
            for target in targets:
                if isinstance(target, cst.Name):
                    values[target.value] = None if target.value in values else node.value
    return values.get
