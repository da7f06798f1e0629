"""A cheap per-file map from local names to the qualified names they were imported as.

LibCST's `QualifiedNameProvider` needs scope analysis of every node, which costs many times the
parse. Rules mostly need to know what `c(...)` or `db.session.execute` really refers to, and an
alias table built from the file's import statements answers that for a fraction of the cost.
"""

from __future__ import annotations

from typing import Iterator

import libcst as cst


def dotted_name(expr: cst.BaseExpression | None) -> str | None:
    """`a.b.c` for a Name/Attribute chain, None for anything else (calls, subscripts...)."""
    parts: list[str] = []
    # `type() is`, not isinstance: LibCST's node classes are ABCs, slow to isinstance-check.
    while type(expr) is cst.Attribute:
        parts.append(expr.attr.value)  # type: ignore[union-attr]
        expr = expr.value  # type: ignore[union-attr]
    if type(expr) is not cst.Name:
        return None
    parts.append(expr.value)  # type: ignore[union-attr]
    return ".".join(reversed(parts))


def _module_name(node: cst.BaseExpression | None) -> str:
    return dotted_name(node) or "" if node is not None else ""


def _walk_statements(body: object) -> Iterator[cst.CSTNode]:
    """Every statement in a module, descending into compound statements but not expressions."""
    stack = [body]
    while stack:
        block = stack.pop()
        statements = getattr(block, "body", ())
        if isinstance(statements, cst.BaseSuite):
            statements = statements.body
        for statement in statements if isinstance(statements, (list, tuple)) else ():
            yield statement
            if isinstance(statement, cst.BaseCompoundStatement):
                stack.append(statement)
                for attr in ("orelse", "finalbody"):
                    extra = getattr(statement, attr, None)
                    if extra is not None:
                        stack.append(extra)
                stack.extend(getattr(statement, "handlers", ()))


class ImportMap:
    """Local name -> qualified name, from every import statement in a module."""

    def __init__(self, module: cst.Module | None = None) -> None:
        self.aliases: dict[str, str] = {}
        self.modules: set[str] = set()
        if module is not None:
            for statement in _walk_statements(module):
                if isinstance(statement, cst.SimpleStatementLine):
                    for small in statement.body:
                        self.add(small)

    def add(self, node: cst.CSTNode) -> None:
        """Record the names an `import` or `from ... import` statement binds."""
        if isinstance(node, cst.Import):
            for alias in node.names:
                full = _module_name(alias.name)
                self.modules.add(full)
                if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                    self.aliases[alias.asname.name.value] = full
                else:
                    head = full.split(".")[0]
                    self.aliases[head] = head
        elif isinstance(node, cst.ImportFrom):
            base = "." * len(node.relative) + _module_name(node.module)
            self.modules.add(base)
            if isinstance(node.names, cst.ImportStar):
                return
            for alias in node.names:
                name = _module_name(alias.name)
                local = name
                if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                    local = alias.asname.name.value
                sep = "" if base.endswith(".") else "."
                self.aliases[local] = f"{base}{sep}{name}"

    def resolve(self, dotted: str | None) -> str | None:
        """Qualify a dotted name through the import table; None when its head was not imported."""
        if not dotted:
            return None
        head, _, rest = dotted.partition(".")
        target = self.aliases.get(head)
        if target is None:
            return None
        return f"{target}.{rest}" if rest else target

    def qualname(self, expr: cst.BaseExpression | None) -> str | None:
        """The qualified name an expression refers to, e.g. `c` -> `sqlite3.connect`."""
        return self.resolve(dotted_name(expr))

    def imports_any(self, *prefixes: str) -> bool:
        """True when the file imports any module equal to or below one of `prefixes`."""
        return any(m == p or m.startswith(p + ".") for m in self.modules for p in prefixes) or any(
            q == p or q.startswith(p + ".") for q in self.aliases.values() for p in prefixes
        )
