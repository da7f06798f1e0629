"""HL607 connection-per-request: a database connection, driver or HTTP client is built inside a request handler.

## What it does
Flags calls that open a connection, a driver or a pooled client (`psycopg2.connect`,
`asyncpg.create_pool`, `pymysql.connect`, `create_engine`, `neo4j.GraphDatabase.driver`,
`redis.Redis(...)`, `redis.from_url`, `requests.Session()`, `httpx.Client()`, `aiohttp.ClientSession()`,
`MongoClient`...; the list lives in `hl607_connectors.toml`) made inside a request handler: a Flask or
FastAPI route function, an HTTP-verb method of a class-based view, a Django view, or a FastAPI
dependency used with `Depends(...)`. SQLite is left out: `sqlite3.connect` opens a local file and
Flask's own tutorial does it per request.

## Why it matters
Each of these objects is a pool meant to live as long as the process. Building one per request pays
the TCP and TLS handshake and the authentication round trips on every call, never reuses a
connection, and under load exhausts the database's connection limit (PostgreSQL's default is 100),
turning a traffic spike into an outage. A forgotten `close()` also leaks sockets.

## Example
```python
@app.get("/users/{user_id}")
def get_user(user_id: int):
    driver = GraphDatabase.driver(NEO4J_URI, auth=(NEO4J_USER, NEO4J_PASSWORD))
    with driver.session() as session:
        return session.run(QUERY, id=user_id).single().data()
```

## Use instead
```python
driver = GraphDatabase.driver(NEO4J_URI, auth=(NEO4J_USER, NEO4J_PASSWORD))  # once, at start-up

@app.get("/users/{user_id}")
def get_user(user_id: int):
    with driver.session() as session:
        return session.run(QUERY, id=user_id).single().data()
```
Create clients at import time, in the app factory or in a FastAPI lifespan handler, and close them
at shutdown.

## Fix safety
No automatic fix: moving the client needs a place for its lifetime (factory, lifespan, extension).

## References
- SQLAlchemy, "Connection Pooling": https://docs.sqlalchemy.org/en/20/core/pooling.html
- Neo4j Python driver manual, "driver objects are expensive to create": https://neo4j.com/docs/python-manual/current/connect/
- HTTPX, "Why use a Client?": https://www.python-httpx.org/advanced/clients/
"""

from __future__ import annotations

import libcst as cst

from hardlint.imports import dotted_name
from hardlint.rule import Report, Rule, load_data
from hardlint.rules.hl7_api._routes import is_request_handler, keyword

CONNECTORS: dict[str, str] = dict(load_data(__file__, "hl607_connectors.toml")["connectors"])


class ConnectionPerRequest(Rule):
    code = "HL607"
    name = "connection-per-request"
    severity = "high"
    message = "Connection built per request; create it once per process and reuse it"
    # A request handler (a decorator with a call on its line, a view class, Django, `Depends(`), a
    # connector's module in an import statement, and the connector's own name (as in the toml).
    triggers = (r"Depends\(|View|HTTPEndpoint|Resource|django|rest_framework|(?m:^)[ \t\f]*@(?:[^\n]|\\\n)*?[(\[{]",
                r"(?:import|from)[\s\\](?:[^\n]|\\\n)*?(?:MySQLdb|aiohttp|asyncpg|cassandra|chromadb|elasticsearch|httpx|"
                r"motor|mysql|neo4j|psycopg|pymongo|qdrant_client|redis|requests|sqlalchemy)",
                r"Client|Cluster|ConnectionPool|Elasticsearch|Redis|Session|connect|create_(?:async_)?engine|"
                r"create_pool|driver|from_url")
    production_only = True

    FLAG = [
        """
        import psycopg2
        from flask import Flask

        app = Flask(__name__)

        @app.route("/orders/<int:order_id>")
        def order(order_id):
            conn = psycopg2.connect(DSN)
            with conn.cursor() as cur:
                cur.execute("SELECT * FROM orders WHERE id = %s", (order_id,))
                return cur.fetchone()
        """,
        """
        from fastapi import APIRouter
        from neo4j import GraphDatabase

        router = APIRouter()

        @router.get("/people/{name}")
        def person(name: str):
            driver = GraphDatabase.driver(URI, auth=AUTH)
            with driver.session() as session:
                return session.run(QUERY, name=name).data()
        """,
        """
        import redis
        from fastapi import Depends, FastAPI

        app = FastAPI()

        def get_cache():
            return redis.Redis(host="cache", port=6379)

        @app.get("/hits")
        def hits(cache=Depends(get_cache)):
            return cache.incr("hits")
        """,
        """
        import httpx
        from fastapi import FastAPI

        app = FastAPI()

        @app.post("/forward")
        async def forward(payload: dict):
            async with httpx.AsyncClient() as client:
                return (await client.post(UPSTREAM, json=payload)).json()
        """,
        """
        import requests
        from django.http import JsonResponse

        def weather(request):
            session = requests.Session()
            return JsonResponse(session.get(API, params=request.GET).json())
        """,
        """
        from flask.views import MethodView
        from sqlalchemy import create_engine

        class Report(MethodView):
            def get(self):
                engine = create_engine(DATABASE_URL)
                with engine.connect() as conn:
                    return conn.execute(QUERY).all()
        """,
        """
        import fastapi
        from typing import Annotated
        import redis

        @app.get("/hits")
        def hits(cache: Annotated[redis.Redis, (fastapi.Depends)(
            dependency=(get_cache),  # defined below
        )]):
            return cache.incr("hits")

        def get_cache():
            return redis.Redis(host="cache", port=6379)
        """,
        """
        from redis import StrictRedis as Cache
        from app.routing import routers

        @routers[
            "v1"
        ].get("/hits")
        def hits():
            return Cache(host="cache").incr("hits")
        """,
    ]
    CLEAN = [
        """
        import psycopg2.pool
        from flask import Flask

        app = Flask(__name__)
        pool = psycopg2.pool.ThreadedConnectionPool(1, 10, DSN)

        @app.route("/orders/<int:order_id>")
        def order(order_id):
            conn = pool.getconn()
            try:
                return fetch(conn, order_id)
            finally:
                pool.putconn(conn)
        """,
        """
        import sqlite3
        from flask import Flask, g

        app = Flask(__name__)

        @app.route("/notes")
        def notes():
            db = sqlite3.connect("notes.db")
            return db.execute("SELECT * FROM notes").fetchall()
        """,
        """
        import httpx
        from contextlib import asynccontextmanager
        from fastapi import FastAPI

        @asynccontextmanager
        async def lifespan(app):
            app.state.http = httpx.AsyncClient()
            yield
            await app.state.http.aclose()

        app = FastAPI(lifespan=lifespan)
        """,
        """
        import redis

        def make_cache(url):
            return redis.Redis.from_url(url)

        cache = make_cache(REDIS_URL)
        """,
        """
        import requests
        from fastapi import FastAPI

        app = FastAPI()
        session = requests.Session()

        @app.get("/weather")
        def weather(city: str):
            return session.get(API, params={"q": city}).json()
        """,
        """
        import redis
        from fastapi import Depends
        from app import deps

        def get_cache():  # a helper of the start-up code, not the dependency
            return redis.Redis(host="cache")

        @app.get("/hits")
        def hits(cache=Depends(deps.get_cache), settings=Depends()):
            return cache.incr("hits")

        def warm():
            get_cache().ping()
        """,
        """
        from sqlalchemy.orm import sessionmaker
        from fastapi import Depends

        SessionLocal = sessionmaker(bind=engine)

        def get_db():
            db = SessionLocal()
            try:
                yield db
            finally:
                db.close()
        """,
    ]

    def begin(self) -> None:
        # (function name, is it a request handler) of each enclosing function, innermost last.
        self.functions: list[tuple[str, bool]] = []
        self.dependencies: set[str] = set()
        # Reports inside functions that are no handler by their own look: they count if a
        # `Depends(name)` anywhere in the file (before or after) makes the function a dependency.
        self.pending: list[tuple[str, Report]] = []
        self.may_depend = "Depends" in self.ctx.source
        self.django = self.ctx.imports.imports_any("django", "rest_framework")

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        ancestors = self.ctx.ancestors
        owner = ancestors[-3] if len(ancestors) >= 3 and isinstance(ancestors[-3], cst.ClassDef) else None
        nested = bool(self.functions)
        self.functions.append((node.name.value, is_request_handler(node, owner, self.django and not nested)))

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.functions.pop()

    def visit_Call(self, node: cst.Call) -> None:
        dependency = _dependency(node)
        if dependency is not None:
            self.dependencies.add(dependency)
        if not self.functions or not (self.functions[-1][1] or self.may_depend):
            return
        qualname = self.ctx.qualname(node.func)
        if qualname not in CONNECTORS:
            return
        self.report(node, f"{CONNECTORS[qualname]} built per request (`{qualname}`); create it once per "
                          "process and reuse it")
        function, handler = self.functions[-1]
        if not handler:
            self.pending.append((function, self.reports.pop()))

    def end(self) -> None:
        self.reports.extend(report for function, report in self.pending if function in self.dependencies)


def _dependency(call: cst.Call) -> str | None:
    """`get_db` of `Depends(get_db)` or `fastapi.Depends(dependency=get_db)`, however formatted."""
    name = dotted_name(call.func)
    if name is None or name.rpartition(".")[2] != "Depends" or not call.args:
        return None
    first = call.args[0]
    arg = first if first.keyword is None and not first.star else keyword(call, "dependency")
    return arg.value.value if arg is not None and isinstance(arg.value, cst.Name) else None
