"""Secret corpus: every placement shape from issue 15 run through `hardlint check --llm` against the fake API.

Each placement sits next to a bare `except:` so its code is sent as context; afterwards no secret value,
and no 8-character piece of one (beyond a described vendor prefix), may appear in any logged request body.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

from llm_support import user_text, write_project
from fake_messages_api import FakeMessagesAPI, triage

_CLASSES = {
    "mixed": "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#%&*+-=?^~",
    "alnum": "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789",
    "upper": "ABCDEFGHJKLMNPQRSTUVWXYZ",
    "letters": "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz",
    "digits": "0123456789",
    "lower": "abcdefghijkmnopqrstuvwxyz",
}


def secret(n: int, kind: str = "mixed", length: int = 14) -> str:
    """A distinctive, reproducible value: an 8-character match in a request body is unambiguous."""
    rng = random.Random(f"hardlint-corpus-{n}-{kind}")
    return "".join(rng.choice(_CLASSES[kind]) for _ in range(length))


# (code using {S}, the secret, a vendor prefix the description may name, at module level?)
Placement = tuple[str, str, str, bool]
P: list[Placement] = []


def add(code: str, value: str, prefix: str = "", module: bool = False) -> None:
    P.append((code, value, prefix, module))


n = iter(range(10_000))
# values hardlint's own secret rules flag
add('db = os.getenv("DB_PASSWORD", "{S}")', secret(next(n)))
add('db = os.environ.get("API_TOKEN", "{S}")', secret(next(n)))
add('r = requests.get(url, auth=("svc", "{S}"))', secret(next(n)))
add('app.config["SECRET_KEY"] = "{S}"', secret(next(n)))
add('os.environ["DB_PASSWORD"] = "{S}"', secret(next(n)))
add('os.environ.setdefault("REDIS_PASSWORD", "{S}")', secret(next(n)))
add('password = "{S}"', secret(next(n)))
add('self.api_key = "{S}"', secret(next(n)))
add('client_secret: str = "{S}"', secret(next(n)))
add('connect(host, password="{S}")', secret(next(n)))
add('if token == "{S}":\n        return True', secret(next(n)))
# positional secrets
add('tok = jwt.encode(payload, "{S}", algorithm="HS256")', secret(next(n)))
add('mac = hmac.new(b"{S}", msg, hashlib.sha256)', secret(next(n), "alnum"))
add('smtp.login(user, "{S}")', secret(next(n)))
add('user.set_password("{S}")', secret(next(n)))
add('ftp.login("admin", "{S}")', secret(next(n)))
add('conn = psycopg2.connect("db", "svc", "{S}")', secret(next(n)))
add('cipher = Fernet(b"{S}")', secret(next(n), "alnum", 44))
# dict values under non-secret keys
add('headers = {{"Authorization": "Token {S}"}}', secret(next(n), "alnum"))
add('headers = {{"Authorization": "Bearer {S}"}}', secret(next(n), "alnum"))
add('headers = {{"Authorization": "Basic {S}"}}', secret(next(n), "alnum", 24) + "==")
add('headers = {{"X-Api-Key": "{S}"}}', secret(next(n)))
add('users = {{"admin": "{S}"}}', secret(next(n)))
add('headers["Cookie"] = "sessionid={S}"', secret(next(n), "alnum"))
add('session.headers.update({{"X-Auth": "{S}"}})', secret(next(n)))
# names the old redactor did not know
add('ENCRYPTION_KEY = "{S}"', secret(next(n)), module=True)
add('MASTER_KEY = "{S}"', secret(next(n)), module=True)
add('box = SecretBox(key="{S}")', secret(next(n)))
add('auth = "{S}"', secret(next(n)))
add('cookie = "{S}"', secret(next(n)))
add('pin = "{S}"', secret(next(n), "digits", 10))
add('SIGNING = "{S}"', secret(next(n)), module=True)
add('creds = Credentials("svc", "{S}")', secret(next(n)))
# values that look harmless
add('password = "{S}"', secret(next(n), "upper"))
add('secret = "{S}"', secret(next(n), "letters"))
add('passphrase = "{S}"', secret(next(n), "lower"))
add('pin_code = "{S}"', secret(next(n), "digits", 12))
add('token = "${S}"', secret(next(n), "alnum"))
add('token = "{{{S}}}"', secret(next(n), "alnum"))
add('api_key = "<{S}>"', secret(next(n), "alnum"))
add('x = "{S}"', secret(next(n), "letters", 16))
# f-strings, concatenation, multi-line
add('h = f"Bearer {S}"', secret(next(n), "alnum"))
add('dsn = f"postgresql://svc:{S}@{{host}}/db"', secret(next(n), "alnum"))
add('msg = f"{{user}}:{S}"', secret(next(n), "alnum"))
add('key = "part-one-" "{S}"', secret(next(n)))
add('key = ("{S}"\n           "tail")', secret(next(n)))
add('key = (\n        "{S}"\n    )', secret(next(n)))
add('key = """\n{S}\n"""', secret(next(n)))
add("key = '''{S}'''", secret(next(n)))
add('key = "abc" + "{S}"', secret(next(n)))
add('key = base + "{S}" + suffix', secret(next(n)))
add('key = os.environ.get("K") or "{S}"', secret(next(n)))
add('keys = ["{S}", "other"]', secret(next(n)))
add('keys = ("first", "{S}")', secret(next(n)))
add('pw = SecretStr("{S}")', secret(next(n)))
add('key = r"{S}"', secret(next(n)))
add('key = b"{S}"', secret(next(n), "alnum"))
add('key = rb"{S}"', secret(next(n), "alnum"))
add('key = u"{S}"', secret(next(n)))
add('key = "{S}".encode()', secret(next(n)))
add('key = "{S}"[::-1]', secret(next(n)))
add('key = {{"a": {{"b": "{S}"}}}}', secret(next(n)))
add('key = dict(pw="{S}")', secret(next(n)))
add('key = lambda: "{S}"', secret(next(n)))
add('key = "{S}" if prod else None', secret(next(n)))
# comments and docstrings
add('# the prod password is {S}', secret(next(n)))
add('x = 1  # old key: {S}', secret(next(n)))
add('# TODO rotate {S}', secret(next(n), "letters"))
add('"""Use password {S} for staging."""', secret(next(n)))
add('"""Docstring.\n\n    admin pw: {S}\n    """', secret(next(n)))
add('# {S}', secret(next(n), "upper"), module=True)
add('"""Module secret {S}."""', secret(next(n)), module=True)
# connection strings and URLs
add('dsn = "host=db user=svc password={S} dbname=shop"', secret(next(n), "alnum"))
add('url = "postgresql://svc:{S}@db:5432/shop"', secret(next(n), "alnum") + "/x")
add('url = "mysql://svc:{S}@db/shop"', "Qm3@" + secret(next(n), "alnum"))
add('url = "svc:{S}@db.internal:5432"', secret(next(n), "alnum"))
add('url = "redis://:{S}@cache:6379/0"', secret(next(n), "alnum"))
add('url = "https://api.example.com/v1?api_key={S}"', secret(next(n), "alnum"))
add('hook = "https://hooks.slack.com/services/T01/B02/{S}"', secret(next(n), "alnum", 24))
add('env = "DB_HOST=db\\nDB_PASSWORD={S}\\n"', secret(next(n), "alnum"))
add('env = """\nDEBUG=1\nSECRET_KEY={S}\n"""', secret(next(n), "alnum"))
# SQL literals
add('cur.execute("SELECT * FROM users WHERE pw = \'{S}\'")', secret(next(n), "alnum"))
add('cur.execute(f"UPDATE users SET pw = \'{S}\' WHERE id = {{uid}}")', secret(next(n), "alnum"))
add('q = "MATCH (u:User {{pw: \'{S}\'}}) RETURN u"', secret(next(n), "alnum"))
add('cur.execute("""\n        INSERT INTO keys VALUES (\'{S}\')\n    """)', secret(next(n), "alnum"))
# vendor-prefixed keys (the prefix may be named, the rest never)
add('aws = "AKIA{S}"', secret(next(n), "upper", 16), "AKIA")
add('gh = "ghp_{S}"', secret(next(n), "alnum", 36), "ghp_")
add('oa = "sk-{S}"', secret(next(n), "alnum", 40), "sk-")
add('sl = "xoxb-{S}"', secret(next(n), "alnum", 24), "xoxb-")
add('st = "sk_live_{S}"', secret(next(n), "alnum", 24), "sk_live_")
# long lines
add('blob = "' + "x" * 420 + ' {S}"', secret(next(n)))
add('cfg = {{' + ", ".join(f'"k{i}": {i}' for i in range(60)) + ', "key": "{S}"}}', secret(next(n)))
# elsewhere in the same function as the flagged line, and repeated
add('log.debug("using %s", "{S}")', secret(next(n)))
add('print("{S}")', secret(next(n), "letters"))
add('key = "{S}"\n    again = "{S}"', secret(next(n)))
# letters-only values shaped like identifiers, where no allow-rule can prove them names
add('r = requests.get(url, auth=("svc", "{S}"))', secret(next(n), "lower", 6))
add('smtp.login(user, "{S}")', secret(next(n), "lower", 5))
add('conn = connect(host, "app", "{S}")', secret(next(n), "lower", 6) + "_" + secret(next(n), "lower", 6))
add('server.login("{S}")', secret(next(n), "upper", 6) + "_" + secret(next(n), "upper", 5))
add('SEED_USERS = [("admin", "{S}")]', secret(next(n), "lower", 4) + "." + secret(next(n), "lower", 6), module=True)

FUNCTION = '''
import os


def target(request):
    {code}
    try:
        return request.run()
    except:
        return None
'''

MODULE = '''
import os

{code}

try:
    import missing_module
except:
    missing_module = None
'''


def _file(code: str, value: str, module: bool) -> str:
    text = code.replace("{S}", "\0").format().replace("\0", value) if "{{" in code or "}}" in code \
        else code.replace("{S}", value)
    return (MODULE if module else FUNCTION).replace("{code}", text)


def _pieces(value: str, prefix: str) -> list[str]:
    """Every 8-character piece of `value` that starts after its describable vendor prefix."""
    rest = value[len(prefix):] if prefix else value
    base = len(value) - len(rest)
    return [value[i:i + 8] for i in range(base, len(value) - 7)] or [value]


def _run(tmp_path: Path, api: FakeMessagesAPI, files: dict[str, str]) -> subprocess.CompletedProcess[str]:
    files["pyproject.toml"] = ('[tool.hardlint]\nselect = ["HL401"]\nbandit = false\n\n[tool.hardlint.llm]\n'
                               'max-findings = 500\ntimeout = 5\ndeadline = 120\nmax-retries = 0\n')
    write_project(tmp_path, files)
    api.responder = lambda body: api.message(triage(verdict="needs_human", confidence="medium"), body=body)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANTHROPIC_")}
    env.update({"NO_COLOR": "1", "ANTHROPIC_BASE_URL": api.url, "ANTHROPIC_API_KEY": "sk-ant-test-key"})
    return subprocess.run([sys.executable, "-m", "hardlint", "check", "app", "--llm"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)


def test_corpus_is_large_enough() -> None:
    assert len(P) >= 80
    assert len({value for _, value, _, _ in P}) == len(P)


def test_no_secret_reaches_the_api(tmp_path: Path, api: FakeMessagesAPI) -> None:
    files = {f"app/p{i:03d}.py": _file(code, value, module) for i, (code, value, _, module) in enumerate(P)}
    result = _run(tmp_path, api, files)
    assert result.returncode == 1, result.stderr
    requests = api.message_requests()
    assert len(requests) == len(P), result.stderr
    bodies = b"\n".join(r.raw for r in api.requests).decode("utf-8")
    texts = "\n".join(user_text(r.json) for r in requests)
    leaks = [(code, piece) for code, value, prefix, _ in P for piece in _pieces(value, prefix)
             if piece in bodies or piece in texts]
    assert not leaks, sorted({code for code, _ in leaks})
    assert texts.count("<<SECRET#") >= len(P)


def test_sql_shape_survives(tmp_path: Path, api: FakeMessagesAPI) -> None:
    code = 'cur.execute(f"SELECT name FROM users WHERE id = {uid} AND pw = \'Kx9#mQ2!wZ7p\'")'
    result = _run(tmp_path, api, {"app/q.py": FUNCTION.replace("{code}", code)})
    assert result.returncode == 1, result.stderr
    text = user_text(api.message_requests()[0].json)
    assert "SELECT name FROM users WHERE id = {uid} AND pw = '<<SECRET#" in text
    assert "Kx9#mQ2" not in text
