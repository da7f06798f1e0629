"""HL801 import-cycle: the project's own modules import each other in a circle.

## What it does
Records every import that runs when a module is loaded (module level, class bodies, `try`/`if`
blocks, but not the `if __name__ == "__main__":` block) and, once all files are checked, finds the groups of project modules that reach each other
through such imports. Each cycle is reported once, at the import in its alphabetically first module
that starts the cycle, with the whole cycle in the message (`shop.models -> shop.services ->
shop.models`). Imports under `if TYPE_CHECKING:` and imports inside functions (deferred until
called, the usual way to break a cycle) do not count, nor do imports of third-party modules. A
module that takes names from itself (`from app.service import helper` in `app/service.py`, before
`helper` is defined) is reported during the file's own check; one that binds its own module object
(`from litellm import utils` in `litellm/utils.py`), star-imports itself, or re-imports names it
has already defined cannot fail and is not.

Only imports that take names from a half-initialised module can fail, so only they close a cycle
(`from shop.models import Order`). These do not:
- module objects: `import a.b`, `import a.b as c`, `from pkg import submodule` - Python binds them
  even while the module is still loading, and their attributes are read when called;
- late imports, after the module has defined a class, a function or an object built by a call: the
  registration pattern, such as Flask's documented package layout (`app = Flask(__name__)` then
  `from app import views` at the bottom of `__init__`), signals or serializers that register on a
  registry defined above them. A cycle through a module-object import whose attributes are used at
  import time (`class X(c.Base)`) is missed on purpose.

Nor is a cycle between a package's `__init__` and its own submodules: importing any submodule runs
the package first, so the order never depends on the entry point (it works or fails every time).

Module names in the message are spelled as the project's own absolute imports spell them, else
derived from the files' paths: packages (directories with `__init__.py`), `src/` layouts,
namespace packages (also namespace directories inside a package, as in wheels) and flat scripts
are all resolved. As in Python 3, an absolute import starts from the directory above the outermost
package, never from the importing file's own directory (`import openai` in
`litellm/llms/openai/openai.py` is the SDK), except in a flat script's directory; relative imports
are resolved from the importing file's location. Only the files checked in the same run take part, so run it on the whole
project (pre-commit runs that pass only the changed files see only the cycles among them).

## Why it matters
In a cycle, whichever module is imported first sees the other half-initialised: `from a import x`
fails with "cannot import name ... (most likely due to a circular import)" or, worse, works or fails
depending on which entry point imported first. Cycles also mean two modules can only be understood,
tested and changed together.

## Example
```python
# shop/models.py
from shop.services import price_of

# shop/services.py
from shop.models import Order
```

## Use instead
```python
# shop/services.py
from __future__ import annotations
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shop.models import Order
```
Or move what both need into a third module that imports neither.

## Fix safety
No automatic fix: breaking a cycle is a design decision.

## References
- Python docs, "How can I have modules that mutually import each other?": https://docs.python.org/3/faq/programming.html#how-can-i-have-modules-that-mutually-import-each-other
- pylint R0401 cyclic-import: https://pylint.readthedocs.io/en/stable/user_guide/messages/refactor/cyclic-import.html
"""

from __future__ import annotations

import ast
import posixpath
from collections import deque
from typing import Any, Iterator, Sequence, Union

import libcst as cst

from hardlint.finding import Fact, Finding
from hardlint.literals import string_value
from hardlint.imports import dotted_name
from hardlint.rule import Example, Rule
from hardlint.rules.hl8_structure._modules import ModuleIndex, module_exists, dotted, normalise

FACT = "HL801.import"
Import = Union[ast.Import, ast.ImportFrom]
CstImport = Union[cst.Import, cst.ImportFrom]


def _dotted(expr: ast.expr) -> str | None:
    if isinstance(expr, ast.Name):
        return expr.id
    if isinstance(expr, ast.Attribute):
        base = _dotted(expr.value)
        return None if base is None else f"{base}.{expr.attr}"
    return None


def _is_type_checking(test: ast.expr) -> bool | None:
    """True for `TYPE_CHECKING`, False for `not TYPE_CHECKING`, None for anything else."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = _is_type_checking(test.operand)
        return None if inner is None else not inner
    name = _dotted(test)
    if name is not None and name.rsplit(".", 1)[-1] == "TYPE_CHECKING":
        return True
    return None


def _is_main_guard(test: ast.expr) -> bool:
    """`if __name__ == "__main__":` runs only when the file is executed as a script."""
    if not isinstance(test, ast.Compare) or len(test.ops) != 1 or not isinstance(test.ops[0], ast.Eq):
        return False
    sides = (test.left, test.comparators[0])
    values = {s.id if isinstance(s, ast.Name) else s.value if isinstance(s, ast.Constant) else None
              for s in sides}
    return values == {"__name__", "__main__"}


def _loaded_branches(node: ast.If) -> list[list[ast.stmt]]:
    """The branches of an `if` that run at import time."""
    if _is_main_guard(node.test):
        return [node.orelse]
    checking = _is_type_checking(node.test)
    if checking is None:
        return [node.body, node.orelse]
    return [node.orelse] if checking else [node.body]


def import_time_imports(tree: ast.Module | list[ast.stmt]) -> Iterator[Import]:
    """The imports that run when the module (or these top-level statements) is loaded, in no
    particular order: everything outside functions, `if TYPE_CHECKING:` blocks and the `__main__` guard."""
    pending: list[list[ast.stmt]] = [tree.body if isinstance(tree, ast.Module) else tree]
    while pending:
        for statement in pending.pop():
            if isinstance(statement, (ast.Import, ast.ImportFrom)):
                yield statement
            elif isinstance(statement, ast.If):
                pending.extend(_loaded_branches(statement))
            elif isinstance(statement, ast.Match):
                pending.extend(case.body for case in statement.cases)
            elif not isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for field in ("body", "orelse", "finalbody"):
                    block = getattr(statement, field, None)
                    if isinstance(block, list):
                        pending.append(block)
                for handler in getattr(statement, "handlers", ()):
                    pending.append(handler.body)


# The same walk over a LibCST tree, for files another rule made LibCST parse: locating the few
# import nodes costs a third of what parsing the file again with CPython would.

def _cst_is_type_checking(test: cst.BaseExpression) -> bool | None:
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        inner = _cst_is_type_checking(test.expression)
        return None if inner is None else not inner
    name = dotted_name(test)
    return True if name is not None and name.rsplit(".", 1)[-1] == "TYPE_CHECKING" else None


def _cst_value(expr: cst.BaseExpression) -> object:
    if isinstance(expr, cst.Name):
        return expr.value
    return string_value(expr)


def _cst_is_main_guard(test: cst.BaseExpression) -> bool:
    if not isinstance(test, cst.Comparison) or len(test.comparisons) != 1:
        return False
    target = test.comparisons[0]
    return isinstance(target.operator, cst.Equal) and {
        _cst_value(test.left), _cst_value(target.comparator)} == {"__name__", "__main__"}


def _cst_block(suite: object) -> list:
    """The statements of a suite, an `else:`/`finally:`/handler, or an `elif` (as one statement)."""
    if isinstance(suite, cst.If):
        return [suite]
    body = getattr(suite, "body", None)
    if isinstance(body, cst.BaseSuite):
        body = body.body
    return list(body) if isinstance(body, (list, tuple)) else []


def _cst_loaded_branches(node: cst.If) -> list[list]:
    if _cst_is_main_guard(node.test):
        return [_cst_block(node.orelse)]
    checking = _cst_is_type_checking(node.test)
    if checking is None:
        return [_cst_block(node.body), _cst_block(node.orelse)]
    return [_cst_block(node.orelse)] if checking else [_cst_block(node.body)]


def cst_import_time_imports(module: cst.Module | list) -> Iterator[CstImport]:
    """`import_time_imports` on a LibCST tree."""
    pending: list[list] = [list(module.body if isinstance(module, cst.Module) else module)]
    while pending:
        for statement in pending.pop():
            if isinstance(statement, (cst.Import, cst.ImportFrom)):
                yield statement
            elif isinstance(statement, (cst.SimpleStatementLine, cst.SimpleStatementSuite)):
                pending.append(list(statement.body))
            elif isinstance(statement, cst.If):
                pending.extend(_cst_loaded_branches(statement))
            elif isinstance(statement, cst.Match):
                pending.extend(_cst_block(case) for case in statement.cases)
            elif not isinstance(statement, cst.FunctionDef):
                for field in ("body", "orelse", "finalbody"):
                    pending.append(_cst_block(getattr(statement, field, None)))
                pending.extend(_cst_block(handler) for handler in getattr(statement, "handlers", ()))


def _cst_import_data(node: CstImport) -> dict[str, Any]:
    if isinstance(node, cst.Import):
        return {"level": 0, "modules": [dotted_name(alias.name) or "" for alias in node.names]}
    names = ["*"] if isinstance(node.names, cst.ImportStar) else [dotted_name(a.name) or "" for a in node.names]
    return {"level": len(node.relative), "module": dotted_name(node.module) or "", "names": names}


def _import_data(node: Import) -> dict[str, Any]:
    if isinstance(node, ast.Import):
        return {"level": 0, "modules": [alias.name for alias in node.names]}
    return {"level": node.level, "module": node.module or "", "names": [alias.name for alias in node.names]}


# Calls whose result is a helper, not the object a module's late imports register on.
_HELPER_CALLS = frozenset({"getLogger", "get_logger", "TypeVar", "NewType", "getenv", "ParamSpec"})


def _call_name(func: object) -> str:
    name = dotted_name(func) if isinstance(func, cst.BaseExpression) else _dotted(func) if isinstance(
        func, ast.expr) else None
    return (name or "").rsplit(".", 1)[-1]


def _defines(statement: object) -> bool:
    """A top-level statement after which imports are late: a class or function definition, or an
    object built by a call (`app = Flask(__name__)`, `_signals = Namespace()`)."""
    if isinstance(statement, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef, cst.ClassDef, cst.FunctionDef)):
        return True
    if isinstance(statement, (ast.Assign, ast.AnnAssign)):
        value = statement.value
        return isinstance(value, ast.Call) and _call_name(value.func) not in _HELPER_CALLS
    if isinstance(statement, cst.SimpleStatementLine):
        return any(isinstance(small, (cst.Assign, cst.AnnAssign)) and isinstance(small.value, cst.Call)
                   and _call_name(small.value.func) not in _HELPER_CALLS for small in statement.body)
    return False


def imports_with_lateness(statements: Sequence[Any], walk: Any) -> Iterator[tuple[Any, bool]]:
    """(import, late) for every import-time import of a module's top-level `statements`: late when a
    definition comes before it (the registration pattern: `app = Flask(...)` ... `from app import views`)."""
    late = False
    for statement in statements:
        for node in walk([statement]):
            yield node, late
        late = late or _defines(statement)


def bound_targets(index: ModuleIndex, path: str, data: dict[str, Any]) -> list[str]:
    """The project files from which an import takes names at load time (`from shop.models import
    Order`): not a module object (`import a.b as c`, `from pkg import submodule`), which Python binds
    even while that module is half-initialised, and nothing for a late import."""
    if data.get("late") or "modules" in data:
        return []
    level = int(data.get("level", 0))
    module = str(data.get("module", ""))
    base = index.resolve(path, module, level) if (module or level) else None
    if base is None:
        return []
    package = posixpath.dirname(base) if base.endswith("__init__.py") else None

    def is_submodule(name: str) -> bool:
        return name != "*" and (index.resolve(path, f"{module}.{name}" if module else name, level) is not None
                                or (package is not None and module_exists(package, name)))

    return [base] if any(not is_submodule(n) for n in data.get("names", [])) else []


class ImportCycle(Rule):
    code = "HL801"
    name = "import-cycle"
    severity = "medium"
    message = "Import cycle between the project's modules"
    triggers = r"\bimport\b"
    production_only = True
    needs_tree = False  # CPython's ast serves unless another rule made LibCST parse the file

    FLAG = [
        Example(
            """
            from app.service import helper

            def helper():
                return 1
            """,
            path="app/service.py",
        ),
        Example(
            """
            from openai import OpenAI

            client = OpenAI()
            """,
            path="scripts/openai.py",  # a script beside no package: its own directory is sys.path[0]
        ),
        Example(
            """
            try:
                from .service import cached
            except ImportError:
                cached = None
            """,
            path="app/service.py",
        ),
    ]
    CLEAN = [
        Example(
            """
            from . import service

            VALUE = 1
            """,
            path="app/service.py",
        ),
        Example(
            """
            import app.service as me
            """,
            path="app/service.py",
        ),
        Example(
            """
            import threading

            from litellm import utils as litellm_utils
            """,
            path="litellm/utils.py",
        ),
        Example(
            """
            from . import *
            """,
            path="app/__init__.py",
        ),
        Example(
            """
            def helper():
                return 1

            from app.service import helper
            """,
            path="app/service.py",
        ),
        Example(
            """
            from typing import TYPE_CHECKING

            if TYPE_CHECKING:
                from app.service import Service
            """,
            path="app/service.py",
        ),
        Example(
            """
            def lazy():
                from app.service import helper
                return helper
            """,
            path="app/service.py",
        ),
        Example(
            """
            from app import services
            from . import service_utils
            from .service_impl import thing
            """,
            path="app/service.py",
        ),
        Example(
            """
            import service
            import typing
            if not typing.TYPE_CHECKING:
                pass
            else:
                from app.service import X
            """,
            path="app/service.py",
        ),
        Example(
            """
            def main():
                return 0

            if __name__ == "__main__":
                from app.service import main
                main()
            """,
            path="app/service.py",
        ),
    ]

    def begin(self) -> None:
        """Record each import-time import, from the LibCST tree when another rule made one (and
        CPython's is not wanted anyway), else from CPython's; report a module importing itself."""
        self._index = ModuleIndex([self.ctx.path])
        self._own = normalise(self.ctx.path)
        if self.ctx.module is not None and not self.ctx.syntax_tree_wanted:
            for node, late in imports_with_lateness(self.ctx.module.body, cst_import_time_imports):
                data = _cst_import_data(node)
                if data.get("module") == "__future__":
                    continue
                self.record(FACT, node, late=late, **data)
                if self._imports_itself(data, late):
                    self.report(node, self._self_import_message())
            return
        tree = self.ctx.syntax_tree
        if tree is None:
            return
        for node, late in imports_with_lateness(tree.body, import_time_imports):
            if isinstance(node, ast.ImportFrom) and node.module == "__future__":
                continue
            data = _import_data(node)
            column = self.ctx.column_of(node.lineno, node.col_offset)
            self.record_at(FACT, node.lineno, column, late=late, **data)
            if self._imports_itself(data, late):
                end_line = node.end_lineno or node.lineno
                end_column = self.ctx.column_of(end_line, node.end_col_offset or node.col_offset)
                self.report_at(node.lineno, column, end_line, end_column, self._self_import_message())

    def _imports_itself(self, data: dict[str, Any], late: bool) -> bool:
        """Does the import take names from this very module? Binding its own module object (`import
        pkg.mod as me`, `from pkg import mod`) or star-importing itself cannot fail, and an import after
        the module's definitions only rebinds them."""
        if data.get("names") == ["*"]:
            return False
        return self._own in bound_targets(self._index, self._own, {**data, "late": late})

    def _self_import_message(self) -> str:
        return f"Module `{dotted(self._own)}` imports itself"

    @classmethod
    def check_project(cls, facts: Sequence[Fact]) -> list[Finding]:
        imports = [f for f in facts if f.kind == FACT]
        if not imports:
            return []
        index = ModuleIndex(f.path for f in imports)
        edges: dict[str, dict[str, Fact]] = {}
        shown: dict[str, str] = {}
        names: dict[str, str] = {}  # a file's module name as the project's absolute imports spell it
        for fact in sorted(imports, key=lambda f: (f.path, f.line, f.column)):
            source = normalise(fact.path)
            shown.setdefault(source, fact.path)
            _learn_names(index, source, dict(fact.data), names)
            for target in bound_targets(index, source, dict(fact.data)):
                if target != source:
                    edges.setdefault(source, {}).setdefault(target, fact)
        findings = []
        for component in _strongly_connected(edges):
            if len(component) < 2 or _inside_own_package(component):
                continue
            start = min(component)
            cycle = _shortest_cycle(edges, start, set(component))
            fact = edges[start][cycle[1]]
            described = " -> ".join(names.get(p) or dotted(p) for p in cycle)
            extra = ""
            if len(component) > len(cycle) - 1:
                others = sorted(names.get(p) or dotted(p) for p in component if p not in cycle)
                extra = f" (also tangled with: {', '.join(others)})"
            findings.append(Finding(
                code=cls.code, path=shown.get(start, start), line=fact.line, column=fact.column,
                end_line=fact.line, end_column=fact.column, severity=cls.severity, name=cls.name,
                message=f"Import cycle: {described}{extra}; move the shared code or defer one import",
            ))
        return findings


def _inside_own_package(component: Sequence[str]) -> bool:
    """Is the cycle made of a package's `__init__` and its own submodules? Any import of a submodule
    runs the package first, so the order is the same from every entry point: the cycle either always
    works or fails on the first import, never depending on who imported first."""
    for member in component:
        if posixpath.basename(member).startswith("__init__."):
            package = posixpath.dirname(member) + "/"
            if all(m == member or m.startswith(package) for m in component):
                return True
    return False


def _learn_names(index: ModuleIndex, path: str, data: dict[str, Any], names: dict[str, str]) -> None:
    """Remember the dotted names absolute imports give the project's files (the shortest wins)."""
    if int(data.get("level", 0)):
        return
    spelled = list(data.get("modules", []))
    module = str(data.get("module", ""))
    if module:
        spelled.append(module)
        spelled.extend(f"{module}.{n}" for n in data.get("names", []) if n != "*")
    for name in spelled:
        target = index.resolve(path, name)
        if target is not None and len(name) < len(names.get(target, name + ".")):
            names[target] = name


def _strongly_connected(edges: dict[str, dict[str, Fact]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative, over nodes in sorted order (deterministic output)."""
    index_of: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    result: list[list[str]] = []
    counter = 0
    for root in sorted(edges):
        if root in index_of:
            continue
        work: list[tuple[str, list[str]]] = [(root, sorted(edges.get(root, {})))]
        index_of[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, pending = work[-1]
            if pending:
                child = pending.pop(0)
                if child not in index_of:
                    index_of[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, sorted(edges.get(child, {}))))
                elif child in on_stack:
                    low[node] = min(low[node], index_of[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index_of[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                result.append(sorted(component))
    return result


def _shortest_cycle(edges: dict[str, dict[str, Fact]], start: str, members: set[str]) -> list[str]:
    """start -> ... -> start, by breadth-first search inside the component."""
    previous: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for child in sorted(edges.get(node, {})):
            if child not in members:
                continue
            if child == start:
                path = [node]
                while path[-1] != start:
                    path.append(previous[path[-1]])
                return [start, *reversed(path[:-1]), start] if node != start else [start, start]
            if child not in previous:
                previous[child] = node
                queue.append(child)
    return [start, start]
