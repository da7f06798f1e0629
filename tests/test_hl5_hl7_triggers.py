"""The HL5-HL7 rules' triggers stay supersets of what the rules read from their data files.

The triggers are written out as literals (the catalog reads them without importing the rules), so
these tests rebuild every name, client and scheme shape from the rules' data and check that the
trigger lets each through, and that the near misses the narrowing is for stay out.
"""

from __future__ import annotations

import pytest

from hardlint.catalog import UNKNOWN, rule_index
from hardlint.rules.hl5_config._secrets import COMPARED_WORDS, KEY_QUALIFIERS, SECRET_WORDS
from hardlint.rules.hl5_config.hl501_hardcoded_secret import PAIR_KEYWORDS, SECRET_ARGUMENTS, HardcodedSecret
from hardlint.rules.hl5_config.hl502_credentials_in_url import CredentialsInUrl
from hardlint.rules.hl5_config.hl503_hardcoded_endpoint import (
    _DATA as ENDPOINT_DATA,
    HOST_WORDS,
    HardcodedEndpoint,
)
from hardlint.rules.hl5_config.hl504_secret_env_default import SecretEnvDefault
from hardlint.rules.hl5_config.hl505_debug_mode import DebugMode
from hardlint.rules.hl6_security.hl605_secret_in_log import SecretInLog
from hardlint.rules.hl6_security.hl606_plaintext_password import PlaintextPassword
from hardlint.rules.hl6_security.hl607_connection_per_request import CONNECTORS, ConnectionPerRequest
from hardlint.rules.hl7_api.hl701_duplicate_route import DuplicateRoute
from hardlint.triggers import trigger_matches

CODES = ("HL501", "HL502", "HL503", "HL504", "HL505", "HL601", "HL602", "HL603", "HL604", "HL605", "HL606",
         "HL607", "HL608", "HL701")


def _call_shapes(qualname: str, argument: str) -> list[str]:
    """`qualname(argument)` reached through the usual import forms."""
    module, _, name = qualname.rpartition(".")
    head = qualname.split(".")[0]
    return [
        f"import {module}\nx = {qualname}({argument})",
        f"from {module} import {name}\nx = {name}({argument})",
        f"from {module} import {name} as alias\nx = alias({argument})",
        f"import {head} as h\nx = h{qualname[len(head):]}({argument})",
    ]


def _missing(trigger, sources: list[str]) -> list[str]:
    return [source for source in sources if not trigger_matches(trigger, source)]


@pytest.mark.parametrize("code", CODES)
def test_trigger_is_a_literal_the_catalog_reads(code: str) -> None:
    entry = rule_index()[code]
    assert entry.triggers is not UNKNOWN
    assert entry.triggers == entry.load().triggers
    patterns = (entry.triggers,) if isinstance(entry.triggers, str) else entry.triggers
    for pattern in patterns:  # caseless patterns are searched in the lowercased text, not with IGNORECASE
        assert not pattern.startswith("(?i)") or pattern == pattern.lower()


def test_hl501_every_secret_name_given_a_literal() -> None:
    names = sorted(SECRET_WORDS | PAIR_KEYWORDS | {"authorization"})
    names += [f"{q}{sep}key" for q in sorted(KEY_QUALIFIERS) for sep in ("", "_", "__", "-", " ", " - ")]
    sources = []
    for name in names:
        upper, camel = name.upper().replace(" ", "_"), name.title().replace(" ", "").replace("_", "")
        sources += [
            f'DB_{upper} = "s3cr3t-value"',
            f'self.{camel}: str = "s3cr3t-value"',
            f'settings = {{"{name}": "s3cr3t-value"}}',
            f'settings = {{\n    "{name}"  # note\n    : "s3cr3t-value"}}',
            f'connect(host=h, {upper.lower()}=\n    "s3cr3t-value")',
            f'os.environ["APP_{upper}"] = "s3cr3t-value"',
        ]
    assert _missing(HardcodedSecret.triggers, sources) == []


def test_hl501_reverse_comparisons_and_secret_arguments() -> None:
    sources = [f'if "f00dbabe" == user.{word}:\n    pass' for word in sorted(COMPARED_WORDS)]
    sources += ['if ("f00dbabe"\n        != self.apiKey):\n    pass', 'PEM = "-----BEGIN EC PRIVATE KEY-----"']
    for qualname in SECRET_ARGUMENTS:
        sources += _call_shapes(qualname, 'payload, "my-signing-key"')
    assert _missing(HardcodedSecret.triggers, sources) == []


def test_hl501_near_misses_stay_out() -> None:
    for source in ["def f():\n    pass  # nothing here\n", "key = compute()\nsort_key = 'name'\n",
                   "cache_key = 'user:42'\nrouting_key = 'celery'\n", "tokens = lexer.tokens\n"]:
        assert not trigger_matches(HardcodedSecret.triggers, source), source


def test_hl502_credentials_split_over_pieces() -> None:
    sources = ['URL = "postgresql://app:hunter2@db/app"', 'URL = ("postgresql://app:"\n    "hunter2@db/app")',
               'URL = f"postgresql://{ user }:hunter2@{host}/app"']
    assert _missing(CredentialsInUrl.triggers, sources) == []
    assert not trigger_matches(CredentialsInUrl.triggers, 'DOCS = "https://example.com/page"\n@decorator\n')


def test_hl503_schemes_hosts_and_clients() -> None:
    trigger = HardcodedEndpoint.triggers
    sources = [f'URL = "{scheme}+driver://db.prod/app"' for scheme in ENDPOINT_DATA["schemes"]["service"]]
    sources += [f'URL = "{scheme}://billing:8080/x"' for scheme in ENDPOINT_DATA["schemes"]["web"]]
    sources += [f'URL = "https://svc{suffix}/x"' for suffix in ENDPOINT_DATA["hosts"]["internal_suffixes"]]
    sources += ['URL = "http://10.0.0.9/x"', 'URL = "http://[::1]:80/"', 'URL = "http://user:pw@billing/x"']
    for word in sorted(HOST_WORDS):
        sources += [f'REDIS_{word.upper()} = "cache.internal"', f'CONFIG = {{"{word.upper()}": "10.0.0.7"}}',
                    f'{word}: str = (\n    "cache.internal"\n)']
    for qualname, spec in ENDPOINT_DATA["clients"].items():
        if spec.get("position") == 0:
            sources += _call_shapes(qualname, '"cache.internal"')
        for keyword in spec.get("keywords", ()):
            sources += _call_shapes(qualname, f'{keyword}="cache.internal"')
            sources += _call_shapes(qualname, f'\n    {keyword} = "cache.internal"')
    assert _missing(trigger, sources) == []
    for source in ['DOCS = "https://docs.example.com/x"', 'x = items[::2]', 'host = host or default']:
        assert not trigger_matches(trigger, source), source


def test_hl504_hl505_hl605_shapes() -> None:
    assert _missing(SecretEnvDefault.triggers, [
        'from decouple import config as cfg\nP = cfg("DB_PASSWORD", default="x")',
        'from os import getenv as ge\nP = ge("API_TOKEN", "abc")',
        'from pydantic_settings import BaseSettings\nclass S(BaseSettings):\n    db_pass: str = "x"',
    ]) == []
    assert _missing(DebugMode.triggers, [
        "app.run(debug=True)", "app.run(\n    use_debugger\n    =\n    True)", 'app.config["DEBUG"] = "1"',
        "FLASK_DEBUG: bool = True", 'app.run(host="0.0.0.0")', 'BIND = "[::]:8000"', 'HOST = " :: "',
    ]) == []
    assert not trigger_matches(DebugMode.triggers, "log.debug('x')\nitems[::2]\n")
    assert _missing(SecretInLog.triggers, [
        'import logging as lg\nlg.info("x %s", password)', "self.audit_log\\\n    .info(token)", "print(api_key)",
    ]) == []


def test_hl606_password_names_ending_in_pass() -> None:
    sources = ["q.filter_by(user_pass=p)", "q.filter_by(Pass=p)", 'row["pass"] == request.form["pw"]',
               "user. Pass == supplied", "user.pw == supplied", "user.passphrase == supplied",
               'cursor.execute("SELECT 1 FROM users WHERE pass = ?", (p,))']
    assert _missing(PlaintextPassword.triggers, sources) == []
    assert not trigger_matches(PlaintextPassword.triggers, "def f():\n    pass\n# done.\n    pass\n")


def test_hl607_every_connector_in_a_handler() -> None:
    sources = []
    for qualname in CONNECTORS:
        for shape in _call_shapes(qualname, "DSN"):
            imports, call = shape.split("\n")
            sources.append(f'{imports}\n@router.get("/x")\ndef handler():\n    {call}')
            sources.append(f'{imports}\nclass V(MethodView):\n    def get(self):\n        {call}')
    assert _missing(ConnectionPerRequest.triggers, sources) == []


def test_hl701_route_decorators() -> None:
    sources = ['@routers["v1"].get("/x")\ndef a(): ...', "@app.trace('/x')\ndef a(): ...",
               "@app.websocket_route('/ws')\ndef a(): ...", "@app .get ('/x')\ndef a(): ...",
               "@app.get\\\n('/x')\ndef a(): ...", "@routers[\n    'v1'\n].get('/x')\ndef a(): ..."]
    assert _missing(DuplicateRoute.triggers, sources) == []


def test_hl701_app_and_router_constructors_called_or_aliased() -> None:
    from hardlint.rules.hl7_api.hl701_duplicate_route import APPS, ROUTERS

    sources = [shape for qualname in sorted(APPS | ROUTERS) for shape in _call_shapes(qualname, "__name__")]
    sources += ["app = (Flask  # the app\n       (__name__))", "router = APIRouter \\\n(prefix='/v1')"]
    assert _missing(DuplicateRoute.triggers, sources) == []
    near_misses = ['"""Read more in the FastAPI docs; a Blueprint groups views."""', "# Flask is a framework"]
    assert [s for s in near_misses if trigger_matches(DuplicateRoute.triggers, s)] == []
