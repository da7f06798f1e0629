"""What a broad `except` handler does with the error: the shapes HL402 and HL404 look for.

A handler *swallows* the error when its body only passes, continues, breaks, returns or assigns values
built from literals, never looking at the exception and calling nothing that could log or report it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Sequence

import libcst as cst

from hardlint.rule import load_data

from hardlint.imports import dotted_name
from hardlint.walker import children, iter_nodes

if TYPE_CHECKING:
    from hardlint.context import FileContext

from ._handlers import Handler, acknowledged, bound_name, callee_name, explained, is_reason, statements

_DATA = load_data(__file__, "hl402_handling.toml")
BROAD = frozenset(_DATA["broad"])
VALUE_BUILDERS = frozenset(_DATA["value_builders"])
CLEANUP_CALLS = frozenset(_DATA["cleanup_calls"])
CLEANUP_FRAGMENTS = tuple(_DATA["cleanup_fragments"])
ACKNOWLEDGED = tuple(re.compile(p) for p in _DATA["acknowledged"])
RESPONSE_BUILDERS = frozenset(_DATA["response_builders"])
NEVER_RAISE = frozenset(_DATA["never_raise"])
LOGGING_METHODS = frozenset(_DATA["logging_methods"])
QUIET_NAME = re.compile(_DATA["quiet_name"])
FAILURE_WORDS = re.compile(_DATA["failure_words"])
WRITE_VERBS = frozenset(_DATA["write_verbs"])
OBSERVABILITY_WORDS = frozenset(_DATA["observability_words"])
UNFINISHED = re.compile(r"#\s*(?:todo|fixme|xxx)\b", re.IGNORECASE)

# The rules' trigger: `except ...Exception...:` (the types end at the first colon) opening a body whose first
# statement can be trivial (pass/continue/break/`...`/a string/return/a plain or annotated assignment),
# on the same line or after blank and comment lines; or Exception imported under an alias; or
# `contextlib.suppress(...)`.
TRIGGER = (r"except[^:]*Exception[^:]*:[ \t\f\r\\]*(?:(?:#[^\n]*)?\n(?:[ \t\f\r\\]*(?:#[^\n]*)?\n)*"
           r"[ \t\f\\]*)?(?:pass\b|continue\b|break\b|\.\.\.|return\b|[rRuUbBfF]{0,2}[\"']"
           r"|[\w(][\w()]*(?:[ \t]*\.[ \t]*[\w()]+)*[ \t]*(?::|=(?!=)))|builtins|suppress[ \t]*\(")
_LITERALS = (cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString, cst.Ellipsis)


def broad_type(node: cst.BaseExpression | None, qualname: str | None) -> str | None:
    """`Exception`/`BaseException` when the handler's type is (or contains) one of them."""
    if node is None:
        return None
    if isinstance(node, cst.Tuple):
        for element in node.elements:
            found = broad_type(element.value, None)
            if found:
                return found
        return None
    dotted = qualname
    if dotted is None:
        dotted = node.value if isinstance(node, cst.Name) else None
    return dotted.rsplit(".", 1)[-1] if dotted in BROAD else None


def _is_default(expr: cst.BaseExpression | None, bound: str | None) -> bool:
    """A value made only of literals, names and value builders, never the exception itself."""
    if expr is None:
        return True
    if isinstance(expr, cst.Name):
        return expr.value != bound
    if isinstance(expr, _LITERALS):
        return True
    if isinstance(expr, cst.Attribute):
        return _is_default(expr.value, bound)
    if isinstance(expr, cst.ConcatenatedString):
        return _is_default(expr.left, bound) and _is_default(expr.right, bound)
    if isinstance(expr, cst.FormattedString):
        return all(_is_default(p.expression, bound) for p in expr.parts if isinstance(p, cst.FormattedStringExpression))
    if isinstance(expr, cst.UnaryOperation):
        return _is_default(expr.expression, bound)
    if isinstance(expr, (cst.List, cst.Tuple, cst.Set)):
        return all(_is_default(e.value, bound) for e in expr.elements)
    if isinstance(expr, cst.Dict):
        return all(
            isinstance(e, cst.DictElement) and _is_default(e.key, bound) and _is_default(e.value, bound)
            for e in expr.elements
        )
    if isinstance(expr, cst.Call):
        return callee_name(expr) in VALUE_BUILDERS and all(_is_default(a.value, bound) for a in expr.args)
    return False


def _is_trivial(statement: cst.BaseSmallStatement, bound: str | None) -> bool:
    if isinstance(statement, (cst.Pass, cst.Continue, cst.Break)):
        return True
    if isinstance(statement, cst.Expr):
        return isinstance(statement.value, (cst.Ellipsis, cst.SimpleString, cst.ConcatenatedString))
    if isinstance(statement, cst.Return):
        return _is_default(statement.value, bound)
    if isinstance(statement, cst.Assign):
        return all(isinstance(t.target, (cst.Name, cst.Attribute)) and _is_default(t.target, bound)
                   for t in statement.targets) and _is_default(statement.value, bound)
    if isinstance(statement, cst.AnnAssign):
        return isinstance(statement.target, (cst.Name, cst.Attribute)) and _is_default(statement.value, bound)
    return False


def swallows(body: cst.BaseSuite, bound: str | None) -> bool:
    """True when every statement of the handler body is a trivial pass/continue/default."""
    statements = body.body
    if isinstance(body, cst.SimpleStatementSuite):
        return all(_is_trivial(s, bound) for s in statements)
    for line in statements:
        if not isinstance(line, cst.SimpleStatementLine):
            return False
        if not all(_is_trivial(s, bound) for s in line.body):
            return False
    return True


def _is_cleanup(statement: cst.BaseSmallStatement) -> bool:
    """`x.close()`, `await stream.aclose()`, `shutil.rmtree(path)`."""
    if not isinstance(statement, cst.Expr):
        return False
    value = statement.value
    if isinstance(value, cst.Await):
        value = value.expression
    if not isinstance(value, cst.Call):
        return False
    name = callee_name(value)
    return bool(name) and (name in CLEANUP_CALLS or any(f in name for f in CLEANUP_FRAGMENTS))


@lru_cache(maxsize=64)
def cancelled_names(function: cst.FunctionDef | None) -> frozenset[str]:
    """`task`, `self._task`: what the function cancels (`task.cancel()`), so awaiting it after is a reap.
    Cached by node identity: one walk per function, however many handlers it has."""
    if function is None:
        return frozenset()
    return frozenset(name for node in iter_nodes(function.body)
                     if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute)
                     and node.func.attr.value == "cancel" and not node.args
                     and (name := dotted_name(node.func.value)) is not None)


def _awaited_name(statement: cst.CSTNode) -> str | None:
    """`task` for `await task`, `self._task` for `await self._task`."""
    if isinstance(statement, cst.Expr) and isinstance(statement.value, cst.Await):
        return dotted_name(statement.value.expression)
    return None


def only_cleanup(smalls: Sequence[cst.CSTNode], function: cst.FunctionDef | None) -> bool:
    """Every statement closes or releases something, or reaps (`await task`) a task the function
    cancelled, where collecting its CancelledError is the cleanup."""
    rest = [s for s in smalls if not _is_cleanup(s)]
    if not smalls or not rest:
        return bool(smalls)
    awaited = [_awaited_name(s) for s in rest]
    return None not in awaited and set(awaited) <= cancelled_names(function)


def _try_statements(try_node: cst.Try | cst.TryStar) -> list[cst.BaseSmallStatement] | None:
    """The small statements of a `try` body made only of simple lines; None when it holds a block."""
    lines = try_node.body.body if isinstance(try_node.body, cst.IndentedBlock) else [try_node.body]
    smalls: list[cst.BaseSmallStatement] = []
    for line in lines:
        if not isinstance(line, (cst.SimpleStatementLine, cst.SimpleStatementSuite)):
            return None
        smalls.extend(line.body)
    return smalls


def _first_statement(try_node: cst.Try | cst.TryStar) -> cst.CSTNode | None:
    body = try_node.body
    first = body.body[0] if body.body else None
    if isinstance(first, cst.SimpleStatementLine) and first.body:
        return first.body[0]
    return first


def deliberate(try_node: cst.CSTNode | None, function: cst.FunctionDef | None = None) -> bool:
    """The optional-import idiom (the guarded code starts with an import) and best-effort cleanup (it only
    closes or releases something, or reaps a task the function cancelled), where ignoring any failure is
    the intent."""
    if not isinstance(try_node, (cst.Try, cst.TryStar)):
        return False
    if isinstance(_first_statement(try_node), (cst.Import, cst.ImportFrom)):
        return True
    return only_cleanup(_try_statements(try_node) or (), function)


def is_silent(body: cst.BaseSuite) -> bool:
    """The handler only passes, continues, breaks or holds `...`/a string: the error leaves no trace at all."""
    return all(isinstance(s, (cst.Pass, cst.Continue, cst.Break))
               or (isinstance(s, cst.Expr) and isinstance(s.value, (cst.Ellipsis, cst.SimpleString,
                                                                     cst.ConcatenatedString)))
               for s in statements(body))


def _is_response(expr: cst.BaseExpression | None) -> bool:
    """`jsonify(...)`, `JSONResponse(...)`, or a `(body, status)` tuple: an answer to an HTTP client."""
    if isinstance(expr, cst.Tuple) and len(expr.elements) >= 2:
        status = expr.elements[1].value
        return isinstance(status, cst.Integer) or "status" in (dotted_name(status) or "").lower()
    if isinstance(expr, cst.Call):
        return callee_name(expr) in RESPONSE_BUILDERS
    return False


def answers_generically(body: cst.BaseSuite) -> bool:
    """The handler answers the HTTP client with a generic error response (and logs nothing)."""
    return any(isinstance(s, cst.Return) and _is_response(s.value) for s in statements(body))


def _position(block: cst.CSTNode, node: cst.CSTNode) -> tuple[list[cst.CSTNode], int] | None:
    """The statements of `block` and where `node` sits among them."""
    if not isinstance(block, (cst.IndentedBlock, cst.Module)):
        return None
    siblings = list(block.body)
    for index, sibling in enumerate(siblings):
        if sibling is node:
            return siblings, index
    return None


def _next_statement(ancestors: Sequence[cst.CSTNode], index: int) -> cst.CSTNode | None:
    """The statement run after `ancestors[index]` completes, climbing out of enclosing blocks (not functions)."""
    while index >= 1:
        node = ancestors[index]
        if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            return None
        found = _position(ancestors[index - 1], node)
        if found is not None:
            siblings, position = found
            if position + 1 < len(siblings):
                return siblings[position + 1]
        index -= 1
    return None


def _try_index(ancestors: Sequence[cst.CSTNode]) -> int:
    """Where the `try` of the handler being visited (`ancestors[-1]`) sits in `ancestors`."""
    return len(ancestors) - 2


def falls_through_to_return(ancestors: Sequence[cst.CSTNode]) -> bool:
    """What runs after the `try` is a `return` of a value: the handler falls back to the function's default
    result (`try: return json.loads(text)` / `except Exception: pass` / `return text`)."""
    following = _next_statement(ancestors, _try_index(ancestors))
    return (isinstance(following, cst.SimpleStatementLine) and bool(following.body)
            and isinstance(following.body[0], cst.Return) and following.body[0].value is not None)


def _assigned_names(node: cst.CSTNode) -> set[str]:
    """Names bound by plain assignments among the statements of `node` (not inside nested functions)."""
    names: set[str] = set()
    for child in children(node):
        if isinstance(child, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            continue
        if isinstance(child, cst.Assign):
            names.update(t.target.value for t in child.targets if isinstance(t.target, cst.Name))
        elif isinstance(child, (cst.AnnAssign, cst.AugAssign)) and isinstance(child.target, cst.Name):
            names.add(child.target.value)
        names |= _assigned_names(child)
    return names


def keeps_preset_default(ancestors: Sequence[cst.CSTNode]) -> bool:
    """The `try` assigns a name that was given a default before it (`result = None` / `try: result = f()`):
    the silent handler keeps that default, which is the fallback."""
    index = _try_index(ancestors)
    assigned = _assigned_names(ancestors[index].body) if index >= 0 else set()
    while assigned and index >= 1 and not isinstance(ancestors[index], (cst.FunctionDef, cst.ClassDef)):
        found = _position(ancestors[index - 1], ancestors[index])
        if found is not None:
            siblings, position = found
            if any(assigned & _assigned_names(sibling) for sibling in siblings[:position]):
                return True
        index -= 1
    return False


def tries_alternatives(ancestors: Sequence[cst.CSTNode]) -> bool:
    """The `try` sits in a loop and leaves it on success (`return`/`break`/`continue` in its body): each
    iteration tries one candidate and a failure only means "try the next one"."""
    try_node = ancestors[_try_index(ancestors)]
    in_loop = any(isinstance(node, (cst.For, cst.While)) for node in ancestors[:-2]
                  if not isinstance(node, cst.FunctionDef))
    return in_loop and any(isinstance(s, (cst.Return, cst.Break, cst.Continue)) for s in statements(try_node.body))


def _has_call(node: cst.CSTNode) -> bool:
    if isinstance(node, cst.Call):
        return True
    return any(_has_call(child) for child in children(node))


def probes_only(try_node: cst.CSTNode) -> bool:
    """The guarded code calls nothing (`x = obj._config.size`, `table[key] = item`): it can only fail on a
    missing attribute, key or type, which the handler treats as absent — a lookup, not an operation."""
    return isinstance(try_node, (cst.Try, cst.TryStar)) and not _has_call(try_node.body)


def announced(try_node: cst.CSTNode) -> bool:
    """A comment just above the `try` speaks of failure (`# best effort: never break saving the model`)."""
    return isinstance(try_node, (cst.Try, cst.TryStar)) and any(
        is_reason(line.comment) and FAILURE_WORDS.search(line.comment.value) for line in try_node.leading_lines)


def inside_other_handler(ancestors: Sequence[cst.CSTNode]) -> bool:
    """The handler sits in another handler: a fallback while an outer error is already being handled."""
    return any(isinstance(node, (cst.ExceptHandler, cst.ExceptStarHandler)) for node in ancestors[:-1])


def best_effort_function(function: cst.FunctionDef | None) -> bool:
    """Code that must never raise: finalizers, `__repr__`, functions whose name promises it (`_safe_dumps`,
    `kill_quietly`), and the methods of logging filters, handlers and formatters (`filter(self, record)`)."""
    if function is None:
        return False
    name = function.name.value
    if name in NEVER_RAISE or QUIET_NAME.search(name):
        return True
    return name in LOGGING_METHODS and any(param.name.value == "record" for param in function.params.params)


def swallowed(ctx: FileContext, handler: Handler) -> str | None:
    """`Exception`/`BaseException` when `handler` is broad and swallows the error (outside the idioms)."""
    kind = broad_type(handler.type, ctx.qualname(handler.type) if not isinstance(handler.type, cst.Tuple) else None)
    if kind is None or acknowledged(handler, ACKNOWLEDGED) or deliberate(
            ctx.parent(), ctx.enclosing(cst.FunctionDef)):
        return None
    return kind if swallows(handler.body, bound_name(handler)) else None


def _names_read(node: cst.CSTNode) -> set[str]:
    """Names read anywhere in `node` (not the targets of plain assignments, not inside nested functions)."""
    if isinstance(node, cst.Name):
        return {node.value}
    if isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
        return set()
    if isinstance(node, cst.Assign):
        targets = set().union(*(_names_read(t.target) for t in node.targets if not isinstance(t.target, cst.Name)))
        return targets | _names_read(node.value)
    found: set[str] = set()
    for child in children(node):
        found |= _names_read(child)
    return found


def leaves_unbound(ancestors: Sequence[cst.CSTNode]) -> bool:
    """The `try` is the only place that binds a name the code after it reads: when it fails silently the
    name is unbound, and the swallowed error comes back as a NameError somewhere else."""
    index = _try_index(ancestors)
    try_node = ancestors[index]
    found = _position(ancestors[index - 1], try_node) if index >= 1 else None
    if found is None or not isinstance(try_node, (cst.Try, cst.TryStar)):
        return False
    siblings, position = found
    bound_here = _assigned_names(try_node.body)
    handler = ancestors[-1]
    if not all(isinstance(s, (cst.Pass, cst.Expr)) for s in statements(handler.body)):
        return False  # `continue`/`break`: the code after the `try` does not run
    if try_node.orelse is not None:
        return False  # `else:` runs only on success; what follows may rely on it
    bound_here -= {name for handler in try_node.handlers for name in _assigned_names(handler.body)}
    if not bound_here or keeps_preset_default(ancestors):
        return False
    pending = set(bound_here)
    for sibling in siblings[position + 1:]:
        rebound = pending & _assigned_names(sibling)
        if (pending - rebound) & _names_read(sibling):
            return True
        pending -= rebound  # bound again before any read (conservatively, when one statement does both)
        if not pending:
            return False
    return False


def _words(name: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])", name)]


def _calls(node: cst.CSTNode) -> list[str]:
    """The names of the functions and methods called in `node`."""
    found: list[str] = []
    if isinstance(node, cst.Call):
        found.append(callee_name(node))
    for child in children(node):
        if not isinstance(child, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            found.extend(_calls(child))
    return found


def loses_work(try_node: cst.CSTNode) -> bool:
    """The guarded code writes, sends, saves or deletes something (`remote.push(account)`, `mailer.send(...)`):
    a failure nobody hears about is lost work. Logging, telemetry and hints are not work."""
    if not isinstance(try_node, (cst.Try, cst.TryStar)):
        return False
    for name in _calls(try_node.body):
        words = set(_words(name))
        if words & WRITE_VERBS and not words & OBSERVABILITY_WORDS:
            return True
    return False


def marked_unfinished(handler: Handler) -> bool:
    """The owners left a `# TODO`/`# FIXME` on the silence: they know it is a problem."""
    body = handler.body
    if not isinstance(body, cst.IndentedBlock):
        return False
    comments = [body.header.comment, *(line.comment for s in body.body for line in s.leading_lines)]
    comments += [s.trailing_whitespace.comment for s in body.body if isinstance(s, cst.SimpleStatementLine)]
    return any(c is not None and UNFINISHED.search(c.value) for c in comments)


def returns_on_success(try_node: cst.CSTNode) -> bool:
    """The guarded code returns the result (`try: return client.repl_id()` / `except Exception: pass`): a
    failure goes on to the next way of getting it."""
    return isinstance(try_node, (cst.Try, cst.TryStar)) and _returns(try_node.body)


def _returns(node: cst.CSTNode) -> bool:
    if isinstance(node, cst.Return):
        return node.value is not None
    if isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
        return False
    return any(_returns(child) for child in children(node))


def inside_guarded_block(ancestors: Sequence[cst.CSTNode]) -> bool:
    """The `try` sits in the body of an outer `try` whose handlers log or handle errors: the author set an
    error policy for the whole block and silenced this part on purpose."""
    for index in range(_try_index(ancestors) - 1, 0, -1):
        node = ancestors[index]
        if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            return False
        if isinstance(node, (cst.Try, cst.TryStar)) and ancestors[index + 1] is node.body:
            return any(not is_silent(h.body) for h in node.handlers)
    return False


def _reviewed(ctx: FileContext, handler: Handler) -> bool:
    """A comment, the surrounding error handling or the function's purpose says the silence is intended."""
    ancestors = ctx.ancestors
    return (explained(handler) or announced(ctx.parent()) or inside_other_handler(ancestors)
            or inside_guarded_block(ancestors) or best_effort_function(ctx.enclosing(cst.FunctionDef)))


def _fallback(ctx: FileContext, handler: Handler) -> bool:
    """Something says the silence is the code's contract or a reviewed decision."""
    ancestors = ctx.ancestors
    try_node = ctx.parent()
    return (_reviewed(ctx, handler) or probes_only(try_node) or returns_on_success(try_node)
            or falls_through_to_return(ancestors) or keeps_preset_default(ancestors)
            or tries_alternatives(ancestors))


def catches_exit_signals(ctx: FileContext, handler: Handler) -> bool:
    """The handler names `BaseException` (alone or in a tuple): it also catches KeyboardInterrupt, SystemExit,
    GeneratorExit and task cancellation, which no silence may keep from stopping the program."""
    types = handler.type.elements if isinstance(handler.type, cst.Tuple) else ()
    nodes = [element.value for element in types] or [handler.type]
    return any(node is not None and broad_type(node, ctx.qualname(node)) == "BaseException" for node in nodes)


def leaves_no_trace(ctx: FileContext, handler: Handler) -> bool:
    """A swallowing handler that HL402 reports: a silence that leaves a name unbound for the code after it, or
    that the owners marked TODO; or, when nothing says it is a fallback, a silence that loses work, that
    also swallows the exit and cancellation signals (`except BaseException: pass`), or a generic answer to
    an HTTP client. Each handler is judged on its own, whatever the other handlers of its `try` do."""
    if answers_generically(handler.body):
        return not _reviewed(ctx, handler)
    if not is_silent(handler.body):
        return False
    if leaves_unbound(ctx.ancestors) or marked_unfinished(handler):
        return True
    return ((loses_work(ctx.parent()) or catches_exit_signals(ctx, handler))
            and not _fallback(ctx, handler))


def _leading_comment(node: cst.With) -> bool:
    return any(is_reason(line.comment) for line in node.leading_lines)


def suppressed(ctx: FileContext, node: cst.With) -> cst.Call | None:
    """`with contextlib.suppress(Exception):` swallowing every error of its body, outside the idioms and
    without a comment saying why (above the `with` or in its body)."""
    for item in node.items:
        call = item.item
        if not (isinstance(call, cst.Call) and ctx.qualname(call.func) == "contextlib.suppress"):
            continue
        if not any(broad_type(arg.value, ctx.qualname(arg.value)) for arg in call.args):
            continue
        body = node.body
        comments = isinstance(body, cst.IndentedBlock) and (
            is_reason(body.header.comment) or any(is_reason(line.comment) for s in body.body for line in s.leading_lines))
        smalls = list(statements(body))
        first = smalls[0] if smalls else None
        if comments or _leading_comment(node) or isinstance(first, (cst.Import, cst.ImportFrom)):
            return None
        if only_cleanup(smalls, ctx.enclosing(cst.FunctionDef)):
            return None
        if best_effort_function(ctx.enclosing(cst.FunctionDef)) or inside_other_handler(ctx.ancestors):
            return None
        return call
    return None
