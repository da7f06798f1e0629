"""Reading `except` handlers: the comment on the `except` line, what the body says, whether it re-raises.

Shared by the HL4 rules.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator, Sequence, Union

import libcst as cst

Handler = Union[cst.ExceptHandler, cst.ExceptStarHandler]

# Comments that explain nothing: linter directives, test expectations (`# expect: HL402`), and notes
# that the handling is still to be done.
_NOT_A_REASON = re.compile(r"#\s*(?:noqa|nosec|pragma|type:|pylint:|fmt:|hardlint:|expect:|(?:todo|fixme|xxx|hack)\b)",
                           re.IGNORECASE)


def header_comment(handler: Handler) -> str | None:
    """The comment on the `except ...:` line, if any."""
    body = handler.body
    comment = body.header.comment if isinstance(body, cst.IndentedBlock) else None
    return comment.value if comment is not None else None


def acknowledged(handler: Handler, patterns: Iterable[re.Pattern[str]]) -> bool:
    """The `except` line carries another linter's suppression for the same problem."""
    comment = header_comment(handler)
    return comment is not None and any(p.search(comment) for p in patterns)


def is_reason(comment: cst.Comment | None) -> bool:
    """A comment that says something, not a directive or a TODO."""
    return comment is not None and not _NOT_A_REASON.match(comment.value)


def explained(handler: Handler) -> bool:
    """The handler carries a comment saying why (not a linter directive, not a TODO): on the `except`
    line or on a line of its own body."""
    body = handler.body
    if not isinstance(body, cst.IndentedBlock):
        return False
    comments = [body.header.comment, *(line.comment for line in body.footer)]
    for statement in body.body:
        comments.extend(line.comment for line in statement.leading_lines)
        if isinstance(statement, cst.SimpleStatementLine):
            comments.append(statement.trailing_whitespace.comment)
    return any(is_reason(c) for c in comments)


def callee_name(call: cst.Call) -> str:
    """`send` for `send(...)` and `mailer.send(...)`; empty for anything else called."""
    func = call.func
    if isinstance(func, cst.Name):
        return func.value
    return func.attr.value if isinstance(func, cst.Attribute) else ""


def statements(body: cst.BaseSuite) -> Iterator[cst.CSTNode]:
    """The top-level statements of a suite, small statements of a line each on their own."""
    if isinstance(body, cst.SimpleStatementSuite):
        yield from body.body
        return
    for line in body.body:
        if isinstance(line, cst.SimpleStatementLine):
            yield from line.body
        else:
            yield line


def reraises(body: cst.BaseSuite) -> bool:
    """The handler ends by re-raising the caught exception with a bare `raise` (cleanup and re-raise)."""
    return any(isinstance(s, cst.Raise) and s.exc is None for s in statements(body))


def raises(body: cst.BaseSuite) -> bool:
    """A `raise` of any kind among the handler's top-level statements."""
    return any(isinstance(s, cst.Raise) for s in statements(body))


def bound_name(handler: Handler) -> str | None:
    """`e` in `except Exception as e`."""
    name = handler.name
    return name.name.value if name is not None and isinstance(name.name, cst.Name) else None


def earlier_handlers(try_node: cst.CSTNode | None, handler: Handler) -> Sequence[Handler]:
    """The handlers of the same `try` that come before `handler`."""
    if not isinstance(try_node, (cst.Try, cst.TryStar)):
        return ()
    found = []
    for other in try_node.handlers:
        if other is handler:
            return found
        found.append(other)
    return found
