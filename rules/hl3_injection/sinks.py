"""Recognising query sinks (calls that execute SQL or Cypher) and the driver behind them.

The tables live in `sinks.toml`. A call is a sink when it resolves through the file's imports to
a known function (`sqlalchemy.text`), or when it calls a known method name (`execute`, `run`...)
on a receiver; for receivers whose driver cannot be traced, the query text itself must look like
SQL or Cypher, so `subprocess.run(...)`, `asyncio.run(...)` or `pool.execute(task)` never match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Mapping

import libcst as cst

from hardlint.imports import ImportMap
from hardlint.rule import load_data

DATA = load_data(__file__, "sinks.toml")
DRIVERS: Mapping[str, Mapping] = DATA["drivers"]
METHODS: Mapping[str, Mapping] = DATA["methods"]
FUNCTIONS: Mapping[str, list] = DATA["functions"]
NOT_SINK_MODULES: tuple[str, ...] = tuple(DATA["not_sinks"]["modules"])

_SQL_START = re.compile(
    r"^\s*\(?\s*(SELECT|INSERT|UPDATE|DELETE|WITH|CREATE|DROP|ALTER|REPLACE|MERGE|PRAGMA|TRUNCATE|GRANT|"
    r"REVOKE|EXPLAIN|UPSERT|VACUUM|ATTACH|COPY|LOCK|SHOW|DESCRIBE)\b", re.IGNORECASE)
_SQL_BODY = re.compile(
    r"\bSELECT\b[\s\S]*\bFROM\b|\bINSERT\s+INTO\b|\bUPDATE\b[\s\S]*\bSET\b|\bDELETE\s+FROM\b|"
    r"\bWHERE\b[\s\S]*(=|<|>|\bLIKE\b|\bIN\b|\bIS\b)|\bORDER\s+BY\b|\bVALUES\s*\(", re.IGNORECASE)
_CYPHER = re.compile(
    r"\b(?:OPTIONAL\s+MATCH|MATCH|MERGE|CREATE)\s*\(|\)-\[|\]->|<-\[|\bDETACH\s+DELETE\b|"
    r"(?-i:\bRETURN\b|\bUNWIND\b)|\bCALL\s+(?:db|apoc|gds)\.", re.IGNORECASE)
_DJANGO_EXTRA_KEYWORDS = ("where", "select", "tables", "order_by")


def looks_like(language: str, text: str) -> bool:
    """Whether the static text of a query reads like SQL or Cypher."""
    if language == "cypher":
        return _CYPHER.search(text) is not None
    return _SQL_START.search(text) is not None or _SQL_BODY.search(text) is not None


@dataclass(frozen=True)
class Sink:
    """A call that executes a query: where the query is, in what language, through which API."""

    call: cst.Call
    language: str
    label: str                  # `cursor.execute`, `text()` ... for messages
    queries: tuple[cst.BaseExpression, ...]
    query_arg: int | None       # index in call.args of the (single) query argument
    method: str | None          # sink method name, None for functions
    params: str                 # how parameters are passed: positional|varargs|mapping|bindparams|""
    known: bool                 # the callee was resolved to a driver API, not guessed from its name
    receiver: cst.BaseExpression | None
    fragment: bool = False      # the query is an SQL fragment (SQLAlchemy `filter("a = " + x)`)


def _label(func: cst.BaseExpression, dotted: str | None) -> str:
    if dotted is not None:
        parts = dotted.split(".")
        return ".".join(parts[-2:])
    if isinstance(func, cst.Attribute):
        return f"….{func.attr.value}"
    return "call"


def _query_argument(call: cst.Call, keywords: list[str]) -> int | None:
    for index, arg in enumerate(call.args):
        if arg.star:
            return None
        if arg.keyword is None:
            return index
        if arg.keyword.value in keywords:
            return index
    return None


def find_sink(call: cst.Call, imports: ImportMap, dotted: Callable[[cst.BaseExpression], str | None]) -> Sink | None:
    """The sink this call is, or None. Cheap: looks only at the call itself."""
    func = call.func
    name = dotted(func)
    qualified = imports.resolve(name) if name else None
    if qualified is not None:
        spec = FUNCTIONS.get(qualified)
        if spec is not None:
            index = _query_argument(call, [spec[1]])
            if index is None:
                return None
            params = "bindparams" if spec[1] == "text" else ""
            if qualified.endswith("RawSQL"):
                params = "positional"
            return Sink(call, spec[0], _label(func, name) + "()", (call.args[index].value,), index, None,
                        params, True, None)
        if any(qualified == m or qualified.startswith(m + ".") for m in NOT_SINK_MODULES):
            return None
    if not isinstance(func, cst.Attribute):
        return None
    method = func.attr.value
    if method == "extra":
        queries = []
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value in _DJANGO_EXTRA_KEYWORDS:
                value = arg.value
                if isinstance(value, (cst.List, cst.Tuple)):
                    queries.extend(e.value for e in value.elements)
                elif isinstance(value, cst.Dict):
                    queries.extend(e.value for e in value.elements if isinstance(e, cst.DictElement))
        if not queries:
            return None
        return Sink(call, "sql", _label(func, name), tuple(queries), None, "extra", "", True, func.value)
    spec = METHODS.get(method)
    if spec is None:
        return None
    index = _query_argument(call, list(spec["query_keywords"]))
    if index is None:
        return None
    return Sink(call, spec["language"], _label(func, name), (call.args[index].value,), index, method,
                spec["params"], False, func.value, spec.get("fragment", False))


def driver_for_module(qualified: str | None) -> str | None:
    """The driver whose modules contain `qualified` (`psycopg2.connect` -> psycopg2)."""
    if not qualified:
        return None
    best: tuple[int, str] | None = None
    for driver, spec in DRIVERS.items():
        for module in spec["modules"]:
            if qualified == module or qualified.startswith(module + "."):
                if best is None or len(module) > best[0]:
                    best = (len(module), driver)
    return best[1] if best else None


def imported_drivers(imports: ImportMap, language: str) -> list[str]:
    """Drivers of `language` this file imports."""
    return [d for d, spec in DRIVERS.items()
            if spec["language"] == language and imports.imports_any(*spec["modules"])]


def style_of(driver: str | None) -> str:
    return DRIVERS[driver]["style"] if driver in DRIVERS else ""
