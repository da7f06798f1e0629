"""HL301 sql-injection: SQL built from strings reaches a database call.

## What it does
placeholder

## Why it matters
x

## Example
x

## Use instead
x

## Fix safety
x

## References
x
"""

from hardlint.rule import Example

from .querycheck import QueryInjection


class SqlInjection(QueryInjection):
    code = "HL301"
    name = "sql-injection"
    severity = "critical"
    message = "SQL built from strings reaches a database call; pass values as query parameters"
    triggers = r"execute|fetch|raw|extra|RawSQL|read_sql|text\(|exec_driver_sql|execute_sql|mogrify"
    production_only = True
    language = "sql"
    noun = "SQL"
