"""Line and column ranges for the few nodes a file's rules reported, without PositionProvider.

LibCST's PositionProvider first walks the whole tree with a batched visitor and then generates
the code of the whole module, building a CodeRange for every node: on real code that costs more
than the parse. The ranges it produces come from counting characters during code generation, and
code generation reproduces the source exactly, so a character offset into the generated code is
an offset into the source. This module runs code generation with a state that only adds up token
lengths, records offsets for the wanted nodes (plus the child nodes whose positions LibCST hoists
into them), stops as soon as the last wanted node is finished, and turns offsets into lines and
columns with one table of line starts. The ranges are identical to PositionProvider's wherever
code generation does reproduce the source. Where it does not (LibCST drops the whitespace between
an `except` clause's type and its colon: `except ValueError \\` newline `:`), PositionProvider
drifts for the rest of the file; here each token is matched against the source and the count
skips the whitespace that was dropped, so positions stay those of the file as written.
"""

from __future__ import annotations

import bisect
import re
from typing import Any, Iterable

import libcst as cst
from libcst._nodes.internal import CodegenState

# PositionProvider's own definition of a line break.
_NEWLINE = re.compile(r"\r\n?|\n")
# Whitespace code generation may leave out: blanks and backslash continuations.
_DROPPABLE = re.compile(r"(?:[ \t\f]|\\(?:\r\n?|\n))+")


class _Finished(Exception):
    """Raised inside code generation once every wanted node has its range."""


class _NoRecord:
    """The context manager handed out for nodes nobody asked about: does nothing."""

    __slots__ = ()

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool:
        return False


_NO_RECORD = _NoRecord()


class _SyntacticRecord:
    """Records a wanted node's syntactic range, hoisting start/end from child nodes as LibCST does."""

    __slots__ = ("state", "node", "start_node", "end_node", "start")

    def __init__(self, state: _OffsetState, node: cst.CSTNode, start_node: Any, end_node: Any) -> None:
        self.state, self.node, self.start_node, self.end_node = state, node, start_node, end_node

    def __enter__(self) -> None:
        self.start = self.state.offset

    def __exit__(self, exc_type: object, *rest: object) -> bool:
        if exc_type is None:
            computed = self.state.computed
            start = computed[id(self.start_node)][0] if self.start_node is not None else self.start
            end = computed[id(self.end_node)][1] if self.end_node is not None else self.state.offset
            computed[id(self.node)] = (start, end)
        return False


class _OffsetState(CodegenState):
    """A code generation state that counts characters instead of collecting text."""

    def __init__(self, module: cst.Module, wanted: set[int], source: str | None = None) -> None:
        super().__init__(default_indent=module.default_indent, default_newline=module.default_newline)
        self.source = source
        self.offset = 0
        # Module code generation adds a newline when no token came before; tokens are not kept
        # here, so stand in one placeholder exactly when the module has something to generate.
        self.tokens = [""] if (module.header or module.body or module.footer) else []
        self.wanted = set(wanted)
        self.pending = set(wanted)
        self.starts: dict[int, int] = {}
        self.computed: dict[int, tuple[int, int]] = {}

    def add_indent_tokens(self) -> None:
        for token in self.indent_tokens:
            self.add_token(token)

    def add_token(self, value: str) -> None:
        if self.source is not None and not self.source.startswith(value, self.offset):
            self._skip_dropped_whitespace(value)
        self.offset += len(value)

    def _skip_dropped_whitespace(self, value: str) -> None:
        """Move past whitespace of the source that code generation left out, if `value` follows it."""
        dropped = _DROPPABLE.match(self.source, self.offset)
        if dropped is not None and self.source.startswith(value, dropped.end()):
            self.offset = dropped.end()

    def pop_trailing_newline(self) -> None:  # noqa: HL102 - keeping the newline is the point
        """LibCST drops the module's last newline from the text but not from the positions."""

    def before_codegen(self, node: cst.CSTNode) -> None:
        key = id(node)
        if key in self.wanted:
            self.starts[key] = self.offset

    def after_codegen(self, node: cst.CSTNode) -> None:
        key = id(node)
        if key in self.wanted:
            if key not in self.computed:
                self.computed[key] = (self.starts[key], self.offset)
            if key in self.pending:
                self.pending.discard(key)
                if not self.pending:
                    raise _Finished()

    def record_syntactic_position(self, node: cst.CSTNode, *, start_node: Any = None,
                                  end_node: Any = None) -> Any:
        if id(node) not in self.wanted:
            return _NO_RECORD
        for child in (start_node, end_node):
            if child is not None:
                self.wanted.add(id(child))
        return _SyntacticRecord(self, node, start_node, end_node)


def node_offsets(module: cst.Module, nodes: Iterable[cst.CSTNode],
                 source: str | None = None) -> dict[int, tuple[int, int]]:
    """Character offsets (start, end) of `nodes`, keyed by id(node), as PositionProvider counts them;
    given the `source` the module was parsed from, offsets into it even where code generation
    leaves some of its whitespace out."""
    wanted = {id(node) for node in nodes}
    if not wanted:
        return {}
    state = _OffsetState(module, wanted, source)
    try:
        module._codegen(state)
    except _Finished:
        pass
    return {key: state.computed[key] for key in wanted if key in state.computed}


class Locator:
    """1-based line and column ranges for reported nodes, computed only when something was reported."""

    def __init__(self, source: str, module: cst.Module | None, nodes: Iterable[cst.CSTNode]) -> None:
        self.source = source
        self.module = module
        self.offsets = node_offsets(module, nodes, source) if module is not None else {}
        self._line_starts: list[int] | None = None
        self._edit_line_starts: list[int] | None = None
        self._lines: list[str] | None = None

    def has(self, node: cst.CSTNode | None) -> bool:
        return node is not None and id(node) in self.offsets

    def range(self, node: cst.CSTNode) -> tuple[int, int, int, int]:
        start, end = self.offsets[id(node)]
        line, column = self._position(start)
        end_line, end_column = self._position(end)
        return line, column, end_line, end_column

    def start(self, node: cst.CSTNode) -> tuple[int, int]:
        return self._position(self.offsets[id(node)][0])

    def line_of(self, node: cst.CSTNode | None) -> int | None:
        if node is None or id(node) not in self.offsets:
            return None
        return self._position(self.offsets[id(node)][0])[0]

    def line_text(self, line: int) -> str:
        if self._lines is None:
            self._lines = self.source.splitlines()  # once per file, not once per finding
        return self._lines[line - 1] if 0 < line <= len(self._lines) else ""

    def _position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of an offset, with PositionProvider's line breaks (\\r, \\n, \\r\\n)."""
        if self._line_starts is None:
            text = self.source
            if self.module is not None and not self.module.has_trailing_newline:
                text += self.module.default_newline  # see _OffsetState.pop_trailing_newline
            self._line_starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]
        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def offset_to_position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset into the source, counting only \\n as a
        line break (the convention of fix edits)."""
        if self._edit_line_starts is None:
            self._edit_line_starts = [0] + [m.end() for m in re.finditer("\n", self.source)]
        line = bisect.bisect_right(self._edit_line_starts, offset)
        return line, offset - self._edit_line_starts[line - 1] + 1


__all__ = ["Locator", "node_offsets"]
