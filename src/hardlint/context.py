"""What a rule can ask about the file it is checking."""

from __future__ import annotations

import ast
from functools import cached_property
from typing import TypeVar

import libcst as cst

from hardlint.imports import ImportMap, dotted_name

N = TypeVar("N", bound=cst.CSTNode)


class FileContext:
    """One file being checked: its text, its tree, its imports and the traversal's ancestry."""

    def __init__(self, path: str, source: str, module: cst.Module | None, is_test: bool,
                 rel_path: str | None = None, syntax_tree: ast.Module | None = None,
                 syntax_tree_wanted: bool = False) -> None:
        self.path = path
        # The path relative to the project root: what directory-based decisions should look at.
        self.rel_path = rel_path if rel_path is not None else path
        self.source = source
        self.module = module
        self.is_test = is_test
        self.ancestors: list[cst.CSTNode] = []
        # The caller will walk CPython's tree of this file anyway (bandit does): a rule that can
        # read either tree should read that one, which then costs nothing extra.
        self.syntax_tree_wanted = syntax_tree_wanted
        if syntax_tree is not None:
            self.__dict__["syntax_tree"] = syntax_tree

    @cached_property
    def syntax_tree(self) -> ast.Module | None:
        """CPython's `ast` of the file (None if CPython cannot parse it): for rules that need only
        a file's outline, such as its imports, and would not otherwise make LibCST parse it."""
        from hardlint.source import SourceError, parse_python

        try:
            return parse_python(self.source, self.path)
        except SourceError:
            return None

    def built_syntax_tree(self) -> ast.Module | None:
        """`syntax_tree` if something has asked for it already, without building it now."""
        return self.__dict__.get("syntax_tree")

    def column_of(self, line: int, byte_offset: int) -> int:
        """The 1-based character column of an `ast` position (ast counts UTF-8 bytes)."""
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        if text.isascii():
            return byte_offset + 1
        return len(text.encode("utf-8")[:byte_offset].decode("utf-8", "replace")) + 1

    @cached_property
    def imports(self) -> ImportMap:
        return ImportMap(self.module)

    @cached_property
    def lines(self) -> list[str]:
        return self.source.splitlines()

    @cached_property
    def comments(self) -> list[tuple[int, int, str]]:
        """(line, column, text) of every comment, 1-based lines and 0-based columns."""
        from hardlint.source import comments

        return comments(self.source)

    def qualname(self, expr: cst.BaseExpression | None) -> str | None:
        """The qualified name `expr` refers to through this file's imports, if any."""
        return self.imports.qualname(expr)

    def dotted(self, expr: cst.BaseExpression | None) -> str | None:
        return dotted_name(expr)

    def parent(self) -> cst.CSTNode | None:
        """The parent of the node currently being visited."""
        return self.ancestors[-2] if len(self.ancestors) >= 2 else None

    def enclosing(self, kind: type[N]) -> N | None:
        """The innermost ancestor of the current node of type `kind`."""
        for node in reversed(self.ancestors):
            if isinstance(node, kind):
                return node
        return None

    def current_statement(self) -> cst.CSTNode | None:
        """The innermost statement around the current node, for statement-level suppression."""
        for node in reversed(self.ancestors):
            if isinstance(node, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
                return node
        return None
