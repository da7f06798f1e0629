"""HL302 cypher-injection: a Cypher query built from runtime values by string formatting reaches Neo4j.

## What it does
Follows a Cypher string inside a function (f-strings, `%`, `.format()`, `+`, `+=`, `join`,
branches, small helpers of the same module) to the call that runs it: neo4j `Session.run`,
`Transaction.run`, `Driver.execute_query`, py2neo `Graph.run`, neomodel `db.cypher_query`.
A `.run(...)` on an object whose origin is unknown is reported only when the text reads as
Cypher (`MATCH (`, `MERGE (`, `RETURN`, `-[`...), so `subprocess.run`, `asyncio.run` and
`app.run` are never confused with it.

## Why it matters
A value pasted into Cypher becomes Cypher: `x' OR 1=1 WITH n MATCH (m) DETACH DELETE m //`
inside a name turns a lookup into deleting the graph. `$parameters` are sent apart from the
query text, cannot change its structure, and let Neo4j cache the query plan.

## Example
```python
def find_person(session, name):
    return session.run(f"MATCH (p:Person) WHERE p.name = '{name}' RETURN p").data()
```

## Use instead
```python
def find_person(session, name):
    return session.run("MATCH (p:Person) WHERE p.name = $name RETURN p", {"name": name}).data()
```
Labels, relationship types and property keys cannot be parameters: check them against an
allow-list before formatting them into the query.

## Fix safety
`--fix` rewrites the call when the query is formatted right in the call and every interpolated
value is a whole value: wrapped exactly in quotes (the quotes are removed), after a comparison,
`IN`, `CONTAINS`, `STARTS WITH`, `ENDS WITH`, `SKIP`/`LIMIT`, or a map key (`{name: ...}`).
Each becomes `$name`, and the values are added to the parameters dict (merged with an existing
literal dict). Labels, relationship types, property names, partial strings and queries built
across statements are left alone and the message says why. The value is passed as the object it
is, where the formatted query used its `str()`.

## References
- Neo4j Cypher manual, "Parameters": https://neo4j.com/docs/cypher-manual/current/syntax/parameters/
- Neo4j Python driver manual, "Query the database": https://neo4j.com/docs/python-manual/current/query-simple/
- CWE-943: Improper Neutralization of Special Elements in Data Query Logic
"""

from hardlint.rule import Example

from .querycheck import QueryInjection


class CypherInjection(QueryInjection):
    code = "HL302"
    name = "cypher-injection"
    severity = "critical"
    message = "Cypher built from runtime values reaches Neo4j; pass the values as $parameters"
    triggers = r"\.[\s\\]*run[\s\\]*\(|execute_query|cypher_query"
    production_only = True
    language = "cypher"
    noun = "Cypher"

    FLAG = [
        Example(
            """
            from neo4j import GraphDatabase

            def find_person(driver, name):
                with driver.session() as session:
                    return session.run(f"MATCH (p:Person) WHERE p.name = '{name}' RETURN p").data()
            """,
            fixed="""
            from neo4j import GraphDatabase

            def find_person(driver, name):
                with driver.session() as session:
                    return session.run("MATCH (p:Person) WHERE p.name = $name RETURN p", {"name": name}).data()
            """,
        ),
        Example(
            """
            def older_than(tx, name, age):
                return tx.run(
                    f"MATCH (p:Person {{name: '{name}'}})-[:KNOWS]->(f) WHERE f.age > {age} RETURN f",
                    {"limit": 10},
                )
            """,
            fixed="""
            def older_than(tx, name, age):
                return tx.run(
                    "MATCH (p:Person {name: $name})-[:KNOWS]->(f) WHERE f.age > $age RETURN f",
                    {"limit": 10, "name": name, "age": age},
                )
            """,
        ),
        Example(
            """
            import neo4j

            def titles(driver, genre):
                records, _, _ = driver.execute_query(
                    "MATCH (m:Movie) WHERE m.genre = '%s' RETURN m.title" % genre, database_="neo4j")
                return records
            """,
            fixed="""
            import neo4j

            def titles(driver, genre):
                records, _, _ = driver.execute_query(
                    "MATCH (m:Movie) WHERE m.genre = $genre RETURN m.title", {"genre": genre}, database_="neo4j")
                return records
            """,
        ),
        Example(
            """
            from py2neo import Graph

            graph = Graph()

            def friends(user_id):
                return graph.run("MATCH (u:User)-[:FRIEND]->(f) WHERE u.id = " + user_id + " RETURN f").data()
            """,
            fixed="""
            from py2neo import Graph

            graph = Graph()

            def friends(user_id):
                return graph.run("MATCH (u:User)-[:FRIEND]->(f) WHERE u.id = $user_id RETURN f", {"user_id": user_id}).data()
            """,
        ),
        Example(
            """
            from neomodel import db

            def tagged(tag):
                query = "MATCH (p:Post)-[:TAGGED]->(t:Tag) WHERE t.name = '{}' RETURN p".format(tag)
                results, meta = db.cypher_query(query)
                return results
            """
        ),
        Example(
            """
            def by_label(session, label, name):
                session.run(f"MATCH (n:{label}) WHERE n.name = $name RETURN n", name=name)
            """
        ),
        Example(
            """
            def build(name):
                return f"MATCH (u:User) WHERE u.name CONTAINS '{name}' RETURN u"

            def search(session, name):
                return session.run(build(name))
            """
        ),
    ]
    CLEAN = [
        """
        def find_person(session, name):
            return session.run("MATCH (p:Person) WHERE p.name = $name RETURN p", name=name).data()
        """,
        """
        LABEL = "Person"

        def count(session, limit):
            return session.run(f"MATCH (p:{LABEL}) RETURN count(p) LIMIT {int(limit)}").single()
        """,
        """
        import asyncio
        import subprocess

        def deploy(app, name):
            subprocess.run(f"neo4j-admin database dump {name}", shell=False)
            asyncio.run(main(name))
            app.run(f"MATCH-{name}")
        """,
        """
        import logging

        def describe(name):
            query = f"MATCH (p:Person) WHERE p.name = '{name}' RETURN p"
            logging.info(query)
            return query
        """,
        """
        ALLOWED = {"Person", "Movie"}

        def by_label(session, name):
            query = "MATCH (n:Person) WHERE n.name = $name RETURN n"
            return session.run(query, {"name": name})
        """,
    ]
