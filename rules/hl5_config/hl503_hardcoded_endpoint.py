"""HL503 hardcoded-endpoint: a database, cache, broker or internal service address written into the code.

## What it does
Flags endpoint literals where configuration belongs:
- passed to a client or connect function (resolved through imports): `redis.Redis(host="10.0.0.5")`,
  `GraphDatabase.driver("bolt://graph.internal:7687")`, `create_engine("postgresql://db.prod/app")`,
  `chromadb.HttpClient(host="vectors.internal")`, `psycopg2.connect(host="db.internal")`,
  `httpx.Client(base_url="http://billing:8080")`;
- assigned to a settings name, attribute, `config[...]` key or dict key: `DATABASE_URL = "postgresql://..."`,
  `REDIS_HOST = "cache.internal"`, `DATABASES = {"default": {"HOST": "10.0.0.7"}}`.

A URL counts when its scheme is a service's (`postgresql`, `mysql`, `redis`, `bolt`, `neo4j`,
`mongodb`, `amqp`...) and has a host. `http(s)` URLs and bare host names count only when the host is
internal: `localhost`, an IP address, a one-label name (`billing`), or an internal domain
(`.internal`, `.local`, `.svc`...). Public SaaS base URLs (`https://api.stripe.com/v1`) are constants
of that API and are not reported. Not flagged either: `sqlite:///` URLs (files, not endpoints), URL
path constants (`"/api/v1"`), documentation links, templates (`f"redis://{host}"`), function
parameter defaults, defaults of environment lookups (`os.getenv("REDIS_URL", "redis://localhost")`),
pydantic `BaseSettings` field defaults, names starting with `DEFAULT_`/`EXAMPLE_`/`DOCS_`, host
allowlists (`ALLOWED_HOSTS`, `trusted_hosts`), a loopback host under a name that names no service
(`EMAIL_HOST = "localhost"`, `"REMOTE_ADDR": "127.0.0.1"`; `REDIS_HOST = "localhost"` is flagged),
`"0.0.0.0"` (a bind address: HL505), annotated field defaults of a class (`redis_url: str = ...` in a
dataclass or model: its callers pass their configuration), documentation or sample data
(`host_examples`, `sqlalchemy_uri_placeholder`), modules of test data, examples or templates
(`testing/fixtures/app.py`, `settings_example.py`), and defaults modules a deployment overrides
(`from superset_config import *`).

## Why it matters
The same code runs on a laptop, in CI, in staging and in production; only configuration differs.
An address compiled into the code points every environment at the same server (often the production
database from a developer machine, or localhost inside a container where nothing listens), and
moving a service means a code change and a release.

## Example
```python
engine = create_engine("postgresql://db.prod.internal:5432/app")
cache = redis.Redis(host="10.0.0.5", port=6379)
```

## Use instead
```python
engine = create_engine(os.environ["DATABASE_URL"])
cache = redis.Redis.from_url(os.getenv("REDIS_URL", "redis://localhost:6379/0"))
```

## Fix safety
No fix: the name of the setting and its default are for you to choose.

## References
- The Twelve-Factor App, III. Config: https://12factor.net/config
- CWE-15: External Control of System or Configuration Setting (the inverse: configuration that cannot be controlled)
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

import libcst as cst

from hardlint.rule import Example, Rule, load_data
from hardlint.rules.hl5_config._secrets import (
    QuietInSampleModules,
    NamedValueChecks,
    keyword_value,
    string_value,
    words,
)

_DATA = load_data(__file__, "hl503_endpoints.toml")
CLIENTS: dict[str, dict] = dict(_DATA["clients"])
SERVICE_SCHEMES = frozenset(_DATA["schemes"]["service"])
WEB_SCHEMES = frozenset(_DATA["schemes"]["web"])
INTERNAL_SUFFIXES = tuple(_DATA["hosts"]["internal_suffixes"])
LOCALHOST = frozenset(_DATA["hosts"]["localhost"])
ENDPOINT_WORDS = frozenset(_DATA["names"]["endpoint_words"])
SKIPPED_PREFIXES = frozenset(_DATA["names"]["skipped_prefixes"])
HOST_WORDS = frozenset({"host", "hostname", "server", "addr", "address", "hosts", "servers"})
SERVICE_NAME_WORDS = frozenset({
    "db", "database", "databases", "postgres", "postgresql", "pg", "mysql", "sql", "redis", "cache", "neo4j",
    "graph", "mongo", "mongodb", "broker", "amqp", "rabbitmq", "rabbit", "kafka", "elastic", "elasticsearch",
    "es", "chroma", "chromadb", "qdrant", "memcached", "celery", "queue",
})
_HOST = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.\-]*[A-Za-z0-9])?(:\d{1,5})?$")
_BIND_ALL = frozenset({"0.0.0.0", "::", "[::]"})
_TEMPLATE = re.compile(r"\{[^{}]*\}|\$\{?[A-Za-z_]|%\(\w+\)[sd]|<[^<>]+>")


def _is_internal_host(host: str) -> bool:
    host = host.lower().strip("[]")
    if host in LOCALHOST or "." not in host or host.endswith(INTERNAL_SUFFIXES):
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def describe_url(value: str, web_ok: bool = True) -> str | None:
    """What kind of hard-coded endpoint the URL `value` is, or None when it is not one."""
    try:
        parts = urlsplit(value.strip())
        host = parts.hostname
    except ValueError:
        return None
    scheme = parts.scheme.lower().split("+")[0]
    if not host or host in _BIND_ALL:
        return None
    if scheme in SERVICE_SCHEMES:
        return f"`{parts.scheme}://` URL"
    if web_ok and scheme in WEB_SCHEMES and _is_internal_host(host):
        return "internal service URL"
    return None


def describe_host(value: str, any_host: bool) -> str | None:
    """A bare host name or address; public names count only when `any_host` (a service's host)."""
    text = value.strip()
    if not _HOST.match(text):
        return None
    host = text.rsplit(":", 1)[0] if text.count(":") == 1 else text
    if host in _BIND_ALL or host.isdigit():
        return None
    if _is_internal_host(host):
        if not any_host and ("." not in host or host.lower() in LOCALHOST):
            # Under a generic name a one-word value ("SERVER = 'gunicorn'") is not an address, and a
            # loopback address (`EMAIL_HOST = "localhost"`) is a harmless local default.
            return None
        return "host"
    if any_host and "." in host and not host.replace(".", "").isdigit() and host.rsplit(".", 1)[-1].isalpha():
        return "host"
    return None


def describe(value: str, name_words: list[str] | None, client_kind: str | None = None) -> str | None:
    """Classify a literal given to a client (`client_kind`) or assigned to a name (`name_words`)."""
    if _TEMPLATE.search(value) or any(c.isspace() or c == "," for c in value.strip()):
        return None  # a template, or prose / a list of schemes rather than one address
    if "://" in value:
        web_ok = client_kind is not None or bool(name_words and name_words[-1] in ENDPOINT_WORDS)
        return describe_url(value, web_ok)
    if client_kind is not None:
        return describe_host(value, any_host=client_kind == "service")
    if name_words and name_words[-1] in HOST_WORDS:
        return describe_host(value, any_host=bool(SERVICE_NAME_WORDS.intersection(name_words)))
    return None


class HardcodedEndpoint(QuietInSampleModules, NamedValueChecks, Rule):
    code = "HL503"
    name = "hardcoded-endpoint"
    severity = "medium"
    message = "Service endpoint hard-coded; read it from configuration (the environment)"
    # In the lowercased text: a URL that is not plain http(s)/ws(s), or one whose host is internal
    # (one label, an IP, an internal suffix); a host word (`REDIS_HOST`, `"HOST"`, `server`, `addr`)
    # given a host-like literal; a client call (its name's last five letters) whose first argument
    # is one, a client keyword (`host=`, `url=`, `dsn=`...) set to one, or a client imported `as` alias.
    # Linear time on any text: a run up to the literal stops where its own start could begin again
    # (`start(?:(?!start)junk)*literal`), so no character is rescanned from every earlier start;
    # comments and continuations are left to the normalised view the triggers also search.
    triggers = (r"(?i)(?:://(?:(?<![^a-z0-9+.\-]http://)(?<![^a-z0-9+.\-]https://)(?<![^a-z0-9+.\-]ws://)(?<![^a-z0-9+.\-]wss://)|(?:[^/?#\s\"']"
                r"*@)?(?:[a-z0-9_\-]*[^a-z0-9_.\-]|[\d.]+[^a-z0-9_.\-]|[a-z0-9_.\-]*\.(?:internal|local(?:domain)?|lan|corp|intra(?:net)?|svc|co"
                r"nsul|arpa|private)[^a-z0-9_.\-]))|(?:host(?:name|s)?|servers?|addr(?:ess)?)(?![a-z0-9])[^a-z0-9#\\=:\n]*(?=[=:])(?:(?!(?:host("
                r"?:name|s)?|servers?|addr(?:ess)?)(?![a-z0-9])[^a-z0-9#\\=:\n]*[=:])[^\n])*[=:][^a-z0-9#\"'\\=:]*[rbu]{0,2}[\"']+\s*[a-z0-9][a-"
                r"z0-9.:\-]*\s*[\"']|\((?:(?<=(?:_pool|ction|earch|elery|eters|graph|lient|m_url|ngine|nnect|npool|ource|p_ssl|redis|river|tinel"
                r")\()|(?<=(?:smtp)\()|(?<=(?:_pool|ction|earch|elery|eters|graph|lient|m_url|ngine|nnect|npool|ource|p_ssl|redis|river|tinel)\s"
                r"\()|(?<=(?:smtp)\s\()|(?<=\s\s\())(?:(?!\((?:(?<=(?:_pool|ction|earch|elery|eters|graph|lient|m_url|ngine|nnect|npool|ource|p_"
                r"ssl|redis|river|tinel)\()|(?<=(?:smtp)\()|(?<=(?:_pool|ction|earch|elery|eters|graph|lient|m_url|ngine|nnect|npool|ource|p_ssl"
                r"|redis|river|tinel)\s\()|(?<=(?:smtp)\s\()|(?<=\s\s\()))[^a-z0-9#\"'\\])*[rbu]{0,2}[\"']+\s*[a-z0-9][a-z0-9.:\-]*\s*[\"']|=(?:"
                r"(?<=(?:arget|ckend|e_url|erver|hosts|inels|ninfo|ofile|rgets|roker|t_url|tname)=)|(?<=(?:dsn|uri|url)=)|(?<=(?:host)=)|(?<=(?:"
                r"arget|ckend|e_url|erver|hosts|inels|ninfo|ofile|rgets|roker|t_url|tname)\s=)|(?<=(?:dsn|uri|url)\s=)|(?<=(?:host)\s=)|(?<=\s\s"
                r"=)|(?<=\n=))(?:(?!=(?:(?<=(?:arget|ckend|e_url|erver|hosts|inels|ninfo|ofile|rgets|roker|t_url|tname)=)|(?<=(?:dsn|uri|url)=)|"
                r"(?<=(?:host)=)|(?<=(?:arget|ckend|e_url|erver|hosts|inels|ninfo|ofile|rgets|roker|t_url|tname)\s=)|(?<=(?:dsn|uri|url)\s=)|(?<"
                r"=(?:host)\s=)|(?<=\s\s=)|(?<=\n=)))[^a-z0-9#\"'\\])*[rbu]{0,2}[\"']+\s*[a-z0-9][a-z0-9.:\-]*\s*[\"']|as(?=(?:\s|\\)+[a-z_][a-z"
                r"0-9_]*[ \t]*(?:[,);#\n\\]|$))(?:(?<=(?:_pool|ction|earch|elery|eters|graph|lient|m_url|ngine|nnect|npool|ource|p_ssl|redis|riv"
                r"er|tinel)\sas)|(?<=(?:smtp)\sas)|(?<=[\s\\]\sas)))")

    production_only = True
    defaults_are_quiet = True  # `from superset_config import *` modules: documented defaults

    FLAG = [
        'DATABASE_URL = "postgresql://db.prod.internal:5432/app"',
        'REDIS_HOST = "cache.internal"',
        'REDIS_HOST = "localhost"',
        'SMTP_HOST = "10.0.0.25"',
        'app.config["SQLALCHEMY_DATABASE_URI"] = "mysql+pymysql://db.example.com/shop"',
        'CELERY_BROKER_URL = "amqp://rabbitmq:5672//"',
        """
        import redis
        cache = redis.Redis(host="10.0.0.5", port=6379)
        """,
        """
        from neo4j import GraphDatabase
        driver = GraphDatabase.driver("bolt://graph.internal:7687", auth=auth)
        """,
        """
        from sqlalchemy import create_engine
        engine = create_engine("postgresql://db.prod/app")
        """,
        """
        import chromadb
        client = chromadb.HttpClient(host="vectors.internal", port=8000)
        """,
        """
        import psycopg2
        conn = psycopg2.connect(host="db.example.com", dbname="app", user=user, password=password)
        """,
        """
        import httpx
        billing = httpx.Client(base_url="http://billing:8080")
        """,
        'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "10.0.0.7"}}',
        'REDIS_HOST = (\n    "cache.internal"\n)',
        """
        from redis import Redis as Cache
        cache = Cache(
            "10.0.0.5",
        )
        """,
        'INVENTORY_API_URL = "http://10.1.2.3:9000/api"',
        """
        from elasticsearch import Elasticsearch
        es = Elasticsearch(["http://es-1.internal:9200", "http://es-2.internal:9200"])
        """,
    ]
    CLEAN = [
        'DATABASE_URL = os.environ["DATABASE_URL"]',
        'REDIS_URL = os.getenv("REDIS_URL", "redis://localhost:6379/0")',
        'DATABASE_URL = "sqlite:///:memory:"',
        """
        from sqlalchemy import create_engine
        engine = create_engine("sqlite:///app.db")
        """,
        'API_PREFIX = "/api/v1"',
        'BASE_URL = "/static/"',
        'DOCS_URL = "https://docs.example.com/guide"',
        'STRIPE_API_URL = "https://api.stripe.com/v1"',
        'OPENAI_BASE_URL = "https://api.openai.com/v1"',
        'DEFAULT_HOST = "127.0.0.1"',
        'HOST = "0.0.0.0"  # a bind address: HL505',
        """
        def connect(url="redis://localhost:6379/0"):
            return redis.Redis.from_url(url)
        """,
        """
        import redis
        cache = redis.Redis(host=settings.REDIS_HOST)
        """,
        'url = f"redis://{host}:{port}/0"',
        'REDIS_URL = "redis://${REDIS_HOST}:6379"',
        """
        from pydantic_settings import BaseSettings
        class Settings(BaseSettings):
            database_url: str = "postgresql://localhost/app"
        """,
        'SERVER_SOFTWARE = "gunicorn"',
        'SERVER = "gunicorn"',
        'EMAIL_ADDRESS = "ops@example.com"',
        'SMTP_HOST = "smtp.sendgrid.net"',
        'CALLBACK_URL = "http://localhost:8000/callback"',
        """
        import httpx
        github = httpx.Client(base_url="https://api.github.com")
        """,
        Example('DATABASE_URL = "postgresql://db.prod.internal/app"', path="tests/conftest.py"),
        Example('REDIS_HOST = "cache.internal"', path="weblate/settings_example.py"),
        Example('REDIS_HOST = "cache.internal"', path="indico/testing/fixtures/app.py"),
        '"""Override these in superset_config.py (`from superset_config import *`)."""\nREDIS_HOST = "cache.internal"',
        'sqlalchemy_uri_placeholder = "postgresql://db.prod.internal:5432/app"',
        '"""Default MCP service configuration"""\nSUPERSET_WEBSERVER_ADDRESS = "http://localhost:9001"',
        'spec = APISpec(title="api", servers=[{"url": "http://localhost:8088"}])',
        'SPEC = {"host_examples": [{"platform": "Docker", "host": "172.18.0.1"}]}',
        """
        from dataclasses import dataclass
        @dataclass
        class Budget:
            redis_url: str = "redis://cache.internal:6379/0"
        """,
        'version = "1.2.3"',
        'valid_schemes = "redis://, rediss://, unix://"',
        'HOST_HEADER = "X-Forwarded-Host"',
        'EMAIL_HOST = "localhost"',
        'environ = {"REMOTE_ADDR": "127.0.0.1"}',
        'ALLOWED_HOSTS = [".localhost", "127.0.0.1", "[::1]", "api.example.com"]',
        'trusted_hosts = [".localhost", "127.0.0.1"]',
    ]

    def _check_named(self, name: str | None, value_node: cst.BaseExpression | None) -> None:
        if name is None or value_node is None:
            return
        name_words = words(name)
        if not name_words or name_words[0] in SKIPPED_PREFIXES:
            return
        host_name = name_words[-1] in HOST_WORDS
        for element in _literals(value_node):
            if not host_name and _plainly_not_url(element):
                continue  # `describe` needs a URL under this name; evaluating a literal compiles it
            value = string_value(element)
            what = describe(value, name_words) if value is not None else None
            if what is not None:
                self.report(element, f"Hard-coded {what} in `{name}`; read the endpoint from configuration "
                                     "(the environment)")

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        """A class's annotated field (`redis_url: str = "redis://localhost"` in a dataclass or model) is a
        default its callers pass over from their configuration; module-level ones are checked."""
        owner = self.ctx.ancestors[-4] if len(self.ctx.ancestors) >= 4 else None
        if not isinstance(owner, cst.ClassDef):
            super().visit_AnnAssign(node)

    def visit_DictElement(self, node: cst.DictElement) -> None:
        if not isinstance(node.value, cst.Dict):
            self._check_named(string_value(node.key), node.value)

    def visit_Call(self, node: cst.Call) -> None:
        qualname = self.ctx.qualname(node.func)
        spec = CLIENTS.get(qualname or "")
        if spec is None:
            return
        argument = keyword_value(node, tuple(spec.get("keywords", ())), spec.get("position"))
        kind = "web" if qualname.split(".")[0] in ("httpx", "boto3", "smtplib") else "service"
        for element in _literals(argument):
            value = string_value(element)
            what = describe(value, None, kind) if value is not None else None
            if what is not None:
                self.report(element, f"Hard-coded {what} passed to `{qualname}`; read the endpoint from "
                                     "configuration (the environment)")


def _plainly_not_url(node: cst.BaseExpression) -> bool:
    """A string literal without escapes and without `://`: its value holds no URL either."""
    return isinstance(node, cst.SimpleString) and "\\" not in node.value and "://" not in node.value


def _literals(node: cst.BaseExpression | None) -> list[cst.BaseExpression]:
    """The node itself, or the items of a list/tuple literal of endpoints."""
    if isinstance(node, (cst.List, cst.Tuple)):
        return [e.value for e in node.elements if isinstance(e, cst.Element)]
    return [node] if node is not None else []
