"""HL302 cypher-injection: Cypher built from strings reaches Neo4j.

## What it does
x

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


class CypherInjection(QueryInjection):
    code = "HL302"
    name = "cypher-injection"
    severity = "critical"
    message = "Cypher built from strings reaches Neo4j; pass values as $parameters"
    triggers = r"\.run\(|execute_query|cypher_query"
    production_only = True
    language = "cypher"
    noun = "Cypher"
