"""Rewrites a query built by interpolation into the parameterized call the driver expects.

`parameterize(...)` returns either the replacement call node or the reason no safe rewrite exists.
Only unsafe holes are turned into placeholders; safe interpolations (constants, numbers) stay as
f-string fields. A hole qualifies when it is a whole value: wrapped exactly in quotes
(`'{name}'`, the quotes are removed) or standing after a comparison, `LIKE`, `LIMIT`/`OFFSET`
or inside a `VALUES (...)` list. Identifiers, partial literals such as `LIKE '%{term}%'` and
anything else are refused with a reason.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass, field
from typing import Callable, Sequence

import libcst as cst

from .taint import Hole, Piece, Value

_SQL_VALUE_BEFORE = re.compile(r"(?:<>|!=|<=|>=|=|<|>|\bI?LIKE|\bLIMIT|\bOFFSET)\s*$", re.IGNORECASE)
_CYPHER_VALUE_BEFORE = re.compile(
    r"(?:<>|<=|>=|=|<|>|\bIN|\bLIMIT|\bSKIP|\bCONTAINS|\bSTARTS\s+WITH|\bENDS\s+WITH|[{,]\s*\w+\s*:)\s*$",
    re.IGNORECASE)
_VALUES_LIST = re.compile(r"\bVALUES\s*\((?:[^()'\"]|'[^']*')*[(,]\s*$", re.IGNORECASE)
_IDENTIFIER_BEFORE = re.compile(
    r"(?:\b(?:FROM|JOIN|INTO|UPDATE|TABLE|BY|SELECT|AS|ON|SET)|[.:\[(])\s*$", re.IGNORECASE)
_VALUE_AFTER = re.compile(r"^(?:\s|$|[),;\]}])")
_STYLES = {"qmark", "format", "numeric", "named_colon", "cypher"}


@dataclass
class _Plan:
    """The new query text, its safe fields, and the parameters in placeholder order."""

    parts: list[str | cst.BaseExpression] = field(default_factory=list)
    params: list[tuple[str, cst.BaseExpression]] = field(default_factory=list)


class _Marker(str):
    """A placeholder the fix wrote (as opposed to query text that happens to look like one)."""


class Refused(Exception):
    """No safe rewrite exists; the message says why."""


def _quote_chars(language: str) -> str:
    return "'\"" if language == "cypher" else "'"


def _inside_quotes(text: str, quotes: str, current: str | None = None) -> str | None:
    """The quote character open at the end of `text` (given the one open before it), if any."""
    for char in text:
        if current is None and char in quotes:
            current = char
        elif char == current:
            current = None
    return current


def _static_before(pieces: Sequence[Piece], index: int) -> str:
    """The query text before piece `index` (safe holes contribute their known text)."""
    return "".join(p if isinstance(p, str) else (p.text or "0") for p in pieces[:index])


_IN_LIST = re.compile(r"\b(?:IN|VALUES)\s*\((?:(?:[^()'\"]|'[^']*')*,)?\s*$", re.IGNORECASE)
_ARITHMETIC_BEFORE = re.compile(r"[-+*/]\s*$")
_FUNCTION_ARGUMENT = re.compile(r"[\w$]\s*\(\s*$")


def hole_positions(pieces: Sequence[Piece], language: str,
                   origin: Callable[[Hole], str | None] = lambda hole: "parameter",
                   fragment: bool = False) -> set[str]:
    """Where the unsafe holes of a query sit: "value" (a string literal or an operand of a
    comparison, `LIKE`, `LIMIT`, `IN (...)`, `VALUES (...)`, arithmetic), "identifier" (a quoted
    name, or after `FROM`/`JOIN`/`INTO`/`TABLE`..., or next to a `.`) or "clause" (anything else:
    a fragment, an argument of an SQL function, a whole statement); a value that `origin` does not
    trace to input is "unproven". Request data is near-certain injection in any position, and so is
    any input in a `fragment` (SQL text an ORM method reads as an expression): both count as a
    value. Stops at the first proven value.
    One pass over the pieces: the quote state is carried along, the regexes see a bounded tail."""
    quotes = "'\"" if language == "cypher" else "'\"`"
    found: set[str] = set()
    open_quote: str | None = None
    tail = ""
    for index, piece in enumerate(pieces):
        if isinstance(piece, Hole) and not piece.safe:
            following = pieces[index + 1] if index + 1 < len(pieces) else ""
            where = _position(tail, open_quote, following if isinstance(following, str) else "", language)
            source = origin(piece)
            if source == "request" or (fragment and source):
                where = "value"
            found.add("unproven" if where == "value" and not source else where)
            if "value" in found:
                break
        text = piece if isinstance(piece, str) else (piece.text or "0")
        open_quote = _inside_quotes(text, quotes, open_quote)
        tail = (tail + text)[-200:]
    return found


def _position(before: str, open_quote: str | None, after: str, language: str) -> str:
    if language == "cypher":
        return "value" if open_quote is not None or _CYPHER_VALUE_BEFORE.search(before) else "clause"
    if open_quote == "'":
        return "value"
    if open_quote is not None:
        return "identifier"
    if before.rstrip().endswith(".") or after.startswith("."):
        return "identifier"
    if (_SQL_VALUE_BEFORE.search(before) or _VALUES_LIST.search(before) or _IN_LIST.search(before)
            or _ARITHMETIC_BEFORE.search(before)):
        return "value"
    if _FUNCTION_ARGUMENT.search(before):
        return "clause"  # `pg_advisory_lock({key})`: an argument of an SQL function, of any type
    if _IDENTIFIER_BEFORE.search(before) or after.lstrip().startswith("="):
        return "identifier"
    return "clause"


def _classify(pieces: list[Piece], index: int, language: str) -> tuple[str, str]:
    """("quoted"|"bare", quote) for a hole in a value position, else raises Refused."""
    hole = pieces[index]
    if not isinstance(hole, Hole) or not hole.plain:
        raise Refused("a value is interpolated with a conversion or format spec")
    before = _static_before(pieces, index)
    after_piece = pieces[index + 1] if index + 1 < len(pieces) else ""
    after = after_piece if isinstance(after_piece, str) else "\0"
    open_quote = _inside_quotes(before, _quote_chars(language) + ('"' if language == "sql" else ""))
    if open_quote is not None:
        if open_quote == '"' and language == "sql":
            raise Refused("a value sits inside double quotes, which SQL reads as an identifier")
        if before.endswith(open_quote) and after.startswith(open_quote):
            return "quoted", open_quote
        if "%" in before[before.rfind(open_quote):] or after.startswith("%") or "%'" in after[:3]:
            raise Refused("a value is part of a LIKE pattern; build the pattern (with its %) in Python "
                          "and pass it as one parameter")
        raise Refused("a value is only part of a quoted literal; build the whole string in Python and pass it "
                      "as one parameter")
    if not _VALUE_AFTER.match(after):
        raise Refused("an interpolated value is glued to other query text")
    value_before = _CYPHER_VALUE_BEFORE if language == "cypher" else _SQL_VALUE_BEFORE
    if value_before.search(before) or (language == "sql" and _VALUES_LIST.search(before)):
        if language == "cypher" and re.search(r"[(\[]\s*\w*\s*:\s*$", before):
            raise Refused("it interpolates a label or relationship type, which cannot be a parameter")
        return "bare", ""
    if _IDENTIFIER_BEFORE.search(before) or after.lstrip().startswith((".", "=")):
        raise Refused("it interpolates an identifier (table or column name) or a clause, which cannot be a "
                      "parameter; check it against an allow-list")
    raise Refused("an interpolated part is not a single value in the query")


def _param_name(expr: cst.BaseExpression, module: cst.Module) -> str:
    if isinstance(expr, cst.Name):
        base = expr.value
    elif isinstance(expr, cst.Attribute):
        inner = expr.value.attr.value if isinstance(expr.value, cst.Attribute) else getattr(expr.value, "value", "")
        base = expr.attr.value if inner in ("self", "cls", "") or not isinstance(inner, str) else f"{inner}_{expr.attr.value}"
    elif isinstance(expr, cst.Subscript) and len(expr.slice) == 1:
        key = getattr(expr.slice[0].slice, "value", None)
        base = key.evaluated_value if isinstance(key, cst.SimpleString) else "value"
    elif isinstance(expr, cst.Call) and expr.args and isinstance(expr.args[0].value, cst.SimpleString):
        base = expr.args[0].value.evaluated_value
    else:
        base = "value"
    base = re.sub(r"\W", "_", str(base)).strip("_") or "value"
    if base[0].isdigit() or keyword.iskeyword(base):
        base = f"p_{base}"
    return base


def _plan(value: Value, language: str, style: str, module: cst.Module, first_number: int,
          taken: set[str]) -> _Plan:
    pieces = list(value.pieces)
    plan = _Plan()
    names: dict[str, str] = {}
    strip_quote = False
    index = 0
    while index < len(pieces):
        piece = pieces[index]
        if isinstance(piece, str):
            plan.parts.append(piece[1:] if strip_quote else piece)
            strip_quote = False
            index += 1
            continue
        if piece.safe:
            if not piece.plain:
                raise Refused("a constant is interpolated with a format spec")
            if isinstance(piece.expr, cst.SimpleString) and piece.text is not None:
                plan.parts.append(piece.text)
            elif isinstance(piece.expr, (cst.Integer, cst.Float)):
                plan.parts.append(str(piece.expr.value))
            else:
                plan.parts.append(piece.expr)
            index += 1
            continue
        shape, quote = _classify(pieces, index, language)
        if shape == "quoted":
            following = pieces[index + 1] if index + 1 < len(pieces) else None
            if not plan.parts or not isinstance(plan.parts[-1], str) or not isinstance(following, str):
                raise Refused("a quoted value is next to another interpolation")
            plan.parts[-1] = plan.parts[-1][:-1]
            strip_quote = True
        code = module.code_for_node(piece.expr)
        if style in ("named_colon", "cypher"):
            name = names.get(code)
            if name is None:
                name = _param_name(piece.expr, module)
                candidate, n = name, 2
                while candidate in taken:
                    candidate, n = f"{name}_{n}", n + 1
                name = names[code] = candidate
                taken.add(name)
                plan.params.append((name, piece.expr))
            plan.parts.append(_Marker((":" if style == "named_colon" else "$") + name))
        else:
            plan.params.append(("", piece.expr))
            marker = {"qmark": "?", "format": "%s"}.get(style) or f"${first_number + len(plan.params) - 1}"
            plan.parts.append(_Marker(marker))
        index += 1
    return plan


def _count_markers(text: str, style: str) -> int:
    if style == "qmark":
        return text.count("?")
    if style == "format":
        return len(re.findall(r"%s", text.replace("%%", "")))
    return 0


def _render(plan: _Plan, original: cst.BaseExpression, module: cst.Module, escape_percent: bool) -> cst.BaseExpression:
    """A string literal (or an f-string when constants stay interpolated) for the new query."""
    texts = [p for p in plan.parts if isinstance(p, str)]
    multiline = any("\n" in t for t in texts)
    quote = _preferred_quote(original, multiline)
    fields = any(not isinstance(p, str) for p in plan.parts)
    out = []
    for part in plan.parts:
        if isinstance(part, str):
            text = part.replace("%", "%%") if escape_percent and not isinstance(part, _Marker) else part
            text = text.replace("\\", "\\\\")
            if len(quote) == 1:
                text = text.replace(quote, "\\" + quote).replace("\n", "\\n").replace("\r", "\\r")
            else:
                text = text.replace(quote[0] * 3, (("\\" + quote[0]) * 3))
                if text.endswith(quote[0]):
                    text = text[:-1] + "\\" + quote[0]
            if fields:
                text = text.replace("{", "{{").replace("}", "}}")
            out.append(text)
        else:
            code = module.code_for_node(part)
            if quote[0] in code or "\\" in code or "{" in code or "#" in code:
                raise Refused("a constant interpolated beside the value is too complex to keep in an f-string")
            out.append("{" + code + "}")
    source = ("f" if fields else "") + quote + "".join(out) + quote
    try:
        return cst.parse_expression(source)
    except cst.ParserSyntaxError as exc:
        raise Refused("the rewritten query would not parse") from exc


def _preferred_quote(original: cst.BaseExpression, multiline: bool) -> str:
    for node in _string_nodes(original):
        quote = node.quote if hasattr(node, "quote") else node.start[len(node.prefix):]
        if multiline and len(quote) == 1:
            continue
        return quote
    return '"""' if multiline else '"'


def _string_nodes(expr: cst.BaseExpression) -> list:
    found = []
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, (cst.SimpleString, cst.FormattedString)):
            found.append(node)
        elif isinstance(node, cst.ConcatenatedString):
            stack.extend([node.right, node.left])
        elif isinstance(node, cst.BinaryOperation):
            stack.extend([node.right, node.left])
        elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
            stack.append(node.func.value)
    return found


def _key(name: str) -> cst.SimpleString:
    return cst.SimpleString(f'"{name}"')


def parameterize(call: cst.Call, query_arg: int, value: Value, language: str, style: str, params: str,
                 module: cst.Module, text_call: bool = False) -> cst.Call:
    """The parameterized version of `call`; raises Refused with the reason when there is none."""
    if not value.exact or not value.local:
        raise Refused("the query is assembled across statements or helpers; move the values into query "
                      "parameters where it is built")
    if not params and not text_call:
        raise Refused("this call takes no query parameters")
    if style not in _STYLES and not text_call:
        raise Refused("the database driver is not known here, so the placeholder style is unknown")
    if any(a.star for a in call.args):
        raise Refused("the call passes *args or **kwargs")
    static = "".join(p for p in value.pieces if isinstance(p, str))
    args = list(call.args)
    extra = [a for i, a in enumerate(args) if i != query_arg]
    if text_call:
        return _text_call(call, query_arg, value, module)
    if params == "varargs":
        existing = [a for a in extra if a.keyword is None]
        numbers = [int(n) for n in re.findall(r"\$(\d+)", static)]
        if numbers and max(numbers) > len(existing):
            raise Refused("the query's $n placeholders do not match the arguments")
        plan = _plan(value, language, "numeric", module, len(existing) + 1, set())
        new_query = _render(plan, call.args[query_arg].value, module, False)
        args[query_arg] = args[query_arg].with_changes(value=new_query)
        tail = [a for a in args[query_arg + 1:] if a.keyword is not None]
        head = [a for a in args if a.keyword is None]
        new = [cst.Arg(expr) for _, expr in plan.params]
        return call.with_changes(args=_commas([*head, *new, *tail], call.args))
    if params == "positional":
        return _positional(call, query_arg, value, language, style, module, static)
    if params == "mapping":
        return _mapping(call, query_arg, value, language, style, module)
    raise Refused("this call takes no query parameters")


def _commas(args: list[cst.Arg], original: Sequence[cst.Arg]) -> list[cst.Arg]:
    """Plain `, ` between arguments; the new last one takes the original last's comma and the
    whitespace before the closing parenthesis."""
    trailing = original[-1].comma if original else cst.MaybeSentinel.DEFAULT
    closing = original[-1].whitespace_after_arg if original else cst.SimpleWhitespace("")
    out = []
    for index, arg in enumerate(args):
        if index == len(args) - 1:
            out.append(arg.with_changes(comma=trailing, whitespace_after_arg=closing))
            continue
        if arg.whitespace_after_arg is closing:
            arg = arg.with_changes(whitespace_after_arg=cst.SimpleWhitespace(""))
        if not isinstance(arg.comma, cst.Comma) or arg.comma is trailing:
            arg = arg.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
        out.append(arg)
    return out


def _positional(call: cst.Call, query_arg: int, value: Value, language: str, style: str, module: cst.Module,
                static: str) -> cst.Call:
    args = list(call.args)
    if style not in ("qmark", "format"):
        raise Refused("this driver's placeholder style cannot take positional parameters")
    params_index = next((i for i, a in enumerate(args) if i > query_arg and (
        a.keyword is None or a.keyword.value in ("parameters", "params", "args", "vars"))), None)
    existing: list[cst.BaseExpression] = []
    if params_index is not None:
        given = args[params_index].value
        if not isinstance(given, (cst.Tuple, cst.List)) or any(isinstance(e, cst.StarredElement) for e in given.elements):
            raise Refused("the existing parameters are not a literal tuple or list to merge into")
        existing = [e.value for e in given.elements]
    if _count_markers(static, style) != len(existing):
        raise Refused("the query already has placeholders that do not match its parameters")
    if style == "format" and params_index is None and "%(" in static:
        raise Refused("the query uses named %(name)s placeholders")
    plan = _plan(value, language, style, module, 1, set())
    # Interleave existing parameters with the new ones in placeholder order.
    merged: list[cst.BaseExpression] = []
    taken = iter(existing)
    new_params = iter(expr for _, expr in plan.params)
    for part in plan.parts:
        if isinstance(part, _Marker):
            merged.append(next(new_params))
        elif isinstance(part, str):
            merged.extend(next(taken) for _ in range(_count_markers(part, style)))
    new_query = _render(plan, args[query_arg].value, module, escape_percent=style == "format" and params_index is None)
    args[query_arg] = args[query_arg].with_changes(value=new_query)
    container = _sequence(merged, args[params_index].value if params_index is not None else None)
    if params_index is not None:
        args[params_index] = args[params_index].with_changes(value=container)
    else:
        args.insert(query_arg + 1, cst.Arg(container))
    return call.with_changes(args=_commas(args, call.args))


def _sequence(items: list[cst.BaseExpression], like: cst.BaseExpression | None) -> cst.BaseExpression:
    elements = [cst.Element(item) for item in items]
    if isinstance(like, cst.List):
        return cst.List(elements)
    if len(elements) == 1:
        return cst.Tuple([elements[0].with_changes(comma=cst.Comma())])
    return cst.Tuple(elements)


def _mapping(call: cst.Call, query_arg: int, value: Value, language: str, style: str, module: cst.Module) -> cst.Call:
    args = list(call.args)
    params_index = next((i for i, a in enumerate(args) if i > query_arg and (
        a.keyword is None or a.keyword.value in ("parameters", "params", "parameters_"))), None)
    others = [a for i, a in enumerate(args) if i not in (query_arg, params_index)]
    if any(a.keyword is not None and not a.keyword.value.endswith("_") and a.keyword.value not in (
            "database", "db", "resolve_objects", "retry_on_session_expire") for a in others):
        raise Refused("the call passes query parameters as keyword arguments")
    existing: list[cst.BaseElement] = []
    taken: set[str] = set()
    if params_index is not None:
        given = args[params_index].value
        if not isinstance(given, cst.Dict):
            raise Refused("the existing parameters are not a literal dict to merge into")
        for element in given.elements:
            if not isinstance(element, cst.DictElement) or not isinstance(element.key, cst.SimpleString):
                raise Refused("the existing parameters are not a literal dict to merge into")
            taken.add(str(element.key.evaluated_value))
        existing = list(given.elements)
    plan = _plan(value, language, style, module, 1, taken)
    new_query = _render(plan, args[query_arg].value, module, False)
    args[query_arg] = args[query_arg].with_changes(value=new_query)
    elements = [e.with_changes(comma=cst.MaybeSentinel.DEFAULT) if i == len(existing) - 1 else e
                for i, e in enumerate(existing)]
    elements += [cst.DictElement(_key(name), expr) for name, expr in plan.params]
    elements = [e if i == len(elements) - 1 else e.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
                if not isinstance(e.comma, cst.Comma) else e for i, e in enumerate(elements)]
    mapping = cst.Dict(elements)
    if params_index is not None:
        args[params_index] = args[params_index].with_changes(value=mapping)
    else:
        args.insert(query_arg + 1, cst.Arg(mapping))
    return call.with_changes(args=_commas(args, call.args))


def _text_call(call: cst.Call, query_arg: int, value: Value, module: cst.Module) -> cst.Call:
    """`text(f"... {x}")` -> `text("... :x").bindparams(x=x)`."""
    if len(call.args) != 1:
        raise Refused("text() has extra arguments")
    plan = _plan(value, "sql", "named_colon", module, 1, set())
    for name, _ in plan.params:
        if not name.isidentifier() or keyword.iskeyword(name):
            raise Refused("a parameter name would not be a valid keyword argument")
    new_query = _render(plan, call.args[query_arg].value, module, False)
    inner = call.with_changes(args=[call.args[query_arg].with_changes(value=new_query, comma=cst.MaybeSentinel.DEFAULT)])
    binds = _commas([cst.Arg(expr, keyword=cst.Name(name), equal=cst.AssignEqual(
        whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")))
        for name, expr in plan.params], ())
    return cst.Call(cst.Attribute(inner, cst.Name("bindparams")), binds)
