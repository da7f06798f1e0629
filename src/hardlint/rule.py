"""The base class every rule derives from, and the examples rules carry as their tests.

A rule is one class in one module under `rules/`. The module docstring is its documentation,
`FLAG` and `CLEAN` hold the examples it must and must not flag, and `visit_<Node>` /
`leave_<Node>` methods receive LibCST nodes during the engine's single traversal.
"""

from __future__ import annotations

import sys
import textwrap
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Mapping, Sequence

from hardlint.finding import Applicability, Fact, Finding, Severity

if TYPE_CHECKING:
    import libcst as cst

    from hardlint.context import FileContext


@dataclass(frozen=True)
class Example:
    """A snippet of code with the path it pretends to live at; `fixed` is the expected `--fix` result."""

    code: str
    path: str = "app/service.py"
    fixed: str | None = None

    @property
    def source(self) -> str:
        return textwrap.dedent(self.code).lstrip("\n")

    @property
    def fixed_source(self) -> str | None:
        return None if self.fixed is None else textwrap.dedent(self.fixed).lstrip("\n")


def _as_example(item: Example | str) -> Example:
    return item if isinstance(item, Example) else Example(item)


@dataclass
class Report:
    """What a rule reported during a file's pass, before positions are resolved."""

    code: str
    message: str
    node: cst.CSTNode | None
    statement: cst.CSTNode | None
    position: tuple[int, int, int, int] | None = None
    replacement: cst.CSTNode | None = None
    fix_message: str = ""
    related: Sequence[tuple[cst.CSTNode, str]] = ()
    applicability: Applicability = "safe"


class Rule:
    """Base class for hardlint rules.

    Class attributes describe the rule; an instance lives for one file and reports through
    `self.report(...)`. `triggers` is a regular expression, or a tuple of them that must all match
    (see `hardlint.triggers`): when the file's text does not match, the rule does not run on it,
    which lets the engine skip parsing files no rule could flag. A rule with `needs_tree = False`
    works from `begin()` on the text or `ctx.syntax_tree` and never makes LibCST parse the file.
    """

    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    severity: ClassVar[Severity] = "medium"
    message: ClassVar[str] = ""
    triggers: ClassVar[str | tuple[str, ...] | None] = None
    production_only: ClassVar[bool] = True
    needs_tree: ClassVar[bool] = True
    # Off by default: run only when the full code is selected (`select = ["HL409"]`).
    opt_in: ClassVar[bool] = False
    FLAG: ClassVar[Sequence[Example | str]] = ()
    CLEAN: ClassVar[Sequence[Example | str]] = ()

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx
        self.reports: list[Report] = []
        self.facts: list[tuple[str, cst.CSTNode | tuple[int, int], dict[str, Any]]] = []

    # -- hooks -----------------------------------------------------------------------------
    def begin(self) -> None:
        """Hook, run once per file before the traversal (text-level rules override it); no-op by default."""

    def end(self) -> None:
        """Hook, run once per file after the traversal; no-op by default."""

    # -- reporting ---------------------------------------------------------------------------
    def report(
        self,
        node: cst.CSTNode,
        message: str | None = None,
        *,
        replacement: cst.CSTNode | None = None,
        fix_message: str = "",
        related: Sequence[tuple[cst.CSTNode, str]] = (),
        applicability: Applicability = "safe",
    ) -> None:
        """Report `node`; `replacement` is the node that fixes it: a `safe` fix keeps the code's behaviour,
        an `unsafe` one may change it (applied only with `--unsafe-fixes`), a `display` one is only shown."""
        self.reports.append(
            Report(
                self.code,
                message or self.message,
                node,
                self.ctx.current_statement(),
                replacement=replacement,
                fix_message=fix_message,
                related=related,
                applicability=applicability,
            )
        )

    def report_at(
        self, line: int, column: int, end_line: int, end_column: int, message: str | None = None
    ) -> None:
        """Report a span given as 1-based positions, for rules that work on text."""
        self.reports.append(
            Report(self.code, message or self.message, None, None, (line, column, end_line, end_column))
        )

    def record(self, kind: str, node: cst.CSTNode, **data: Any) -> None:
        """Record a fact about this file for the project phase (see `check_project`)."""
        self.facts.append((kind, node, data))

    def record_at(self, kind: str, line: int, column: int, **data: Any) -> None:
        """Record a fact at a 1-based line and column, for rules that do not walk the LibCST tree."""
        self.facts.append((kind, (line, column), data))

    # -- project phase -------------------------------------------------------------------
    @classmethod
    def check_project(cls, facts: Sequence[Fact]) -> list[Finding]:
        """Combine the facts every file recorded into findings; most rules record none."""
        return []

    # -- catalog -------------------------------------------------------------------------------
    @classmethod
    def flag_examples(cls) -> list[Example]:
        return [_as_example(e) for e in cls.FLAG]

    @classmethod
    def clean_examples(cls) -> list[Example]:
        return [_as_example(e) for e in cls.CLEAN]

    @classmethod
    def documentation(cls) -> str:
        """The rule's documentation: the docstring of the module that defines it."""
        return textwrap.dedent(sys.modules[cls.__module__].__doc__ or "").strip()

    @classmethod
    def summary(cls) -> str:
        """The first line of the documentation."""
        doc = cls.documentation()
        first = doc.splitlines()[0].strip() if doc else cls.message
        prefix = f"{cls.code} {cls.name}:"
        text = first[len(prefix):].strip() if first.startswith(prefix) else first
        return text[:1].upper() + text[1:]


@lru_cache(maxsize=None)
def _read_data(path: str) -> Mapping[str, Any]:
    from hardlint.tomlcompat import tomllib

    with open(path, "rb") as handle:
        return tomllib.load(handle)


def load_data(module_file: str, name: str) -> Mapping[str, Any]:
    """Load a TOML data table that sits beside a rule module (`load_data(__file__, "sinks.toml")`)."""
    return _read_data(str(Path(module_file).with_name(name)))
