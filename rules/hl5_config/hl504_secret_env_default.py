"""HL504 secret-env-default: a secret read from the environment falls back to a hard-coded value.

## What it does
Flags environment lookups of secret settings that have a literal default:
`os.getenv("DB_PASSWORD", "postgres")`, `os.environ.get("SECRET_KEY", "dev")`,
`environ.setdefault("API_TOKEN", "...")`, `os.environ.get("SECRET_KEY") or "dev"`, python-decouple
`config("SECRET_KEY", default="...")`, environs / django-environ `env.str("JWT_SECRET", default="...")`,
and pydantic `BaseSettings` fields with a literal default (`secret_key: str = "dev-secret"`,
`api_key: str = Field("abc")`).

The variable is a secret when its last word is one (`SECRET_KEY`, `DB_PASSWORD`, `GITHUB_TOKEN`,
`OPENAI_API_KEY`); `JWT_ALGORITHM`, `TOKEN_EXPIRE_MINUTES` and `PASSWORD_MIN_LENGTH` are not.
Harmless defaults are not flagged: `None`, `""`, `"none"`, computed values. Placeholder defaults such
as `"change-me"` are flagged: when the variable is missing, that placeholder is the live secret.

## Why it matters
The default is what runs when the deployment forgets the variable, and nothing tells you: the app
starts, signs sessions with `"dev"` and accepts the database password everyone knows. It is also
a hard-coded secret in the repository. A missing secret should stop the process at start-up.

## Example
```python
SECRET_KEY = os.environ.get("SECRET_KEY", "dev")
DB_PASSWORD = os.getenv("DB_PASSWORD", "postgres")
```

## Use instead
```python
SECRET_KEY = os.environ["SECRET_KEY"]  # KeyError at start-up when it is missing
DB_PASSWORD = os.getenv("DB_PASSWORD")
if not DB_PASSWORD:
    raise RuntimeError("DB_PASSWORD is not set")
```
For local development, put the value in an untracked `.env` file rather than in the code.

## Fix safety
No fix: dropping the default changes start-up behaviour, which must be a deliberate choice.

## References
- CWE-1188: Initialization of a Resource with an Insecure Default
- CWE-798: Use of Hard-coded Credentials
- The Twelve-Factor App, III. Config: https://12factor.net/config
"""

from __future__ import annotations

import libcst as cst

from hardlint.rule import Example, Rule, load_data
from hardlint.rules.hl5_config._secrets import (
    QuietInSampleModules,
    is_secret_name,
    is_settings_class,
    keyword_value,
    string_value,
    target_name,
)

_DATA = load_data(__file__, "hl504_env_lookups.toml")
LOOKUPS: dict[str, dict] = dict(_DATA["lookups"])
ENV_MODULES = tuple(_DATA["env_objects"]["modules"])
ENV_NAMES = frozenset(_DATA["env_objects"]["names"])
POSITIONAL_DEFAULT_MODULES = tuple(_DATA["env_objects"]["positional_default_modules"])
HARMLESS = frozenset(_DATA["defaults"]["harmless"])


def _is_secret_default(node: cst.BaseExpression | None) -> bool:
    value = string_value(node)
    return value is not None and value.strip().lower() not in HARMLESS


class SecretEnvDefault(QuietInSampleModules, Rule):
    code = "HL504"
    name = "secret-env-default"
    severity = "high"
    message = "Secret setting with a hard-coded fallback; fail at start-up when it is missing"
    # An environment lookup (os, decouple even when aliased, an `env` object) or a BaseSettings class,
    # and a secret word ending a quoted variable name or a field name.
    triggers = (r"(?i)getenv|environ|config\(|decouple|env[\s\\]*[.(]|basesettings",
                r"(?i)(?:pass(?:w(?:ords?|d)|phrase)?|pwd?|secrets?|token|key|cred(?:entials?|s)?)(?![a-z0-9])"
                r"[^a-z0-9\n]*?[\"':=]")
    production_only = True

    FLAG = [
        """
        import os
        DB_PASSWORD = os.getenv("DB_PASSWORD", "postgres")
        """,
        """
        import os
        SECRET_KEY = os.environ.get("SECRET_KEY", "dev")
        """,
        """
        from os import environ
        TOKEN = environ.get("GITHUB_TOKEN", default="ghp_0123456789abcdef")
        """,
        """
        import os
        os.environ.setdefault("SECRET_KEY", "change-me")
        SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-key"
        """,
        """
        from decouple import config
        SECRET_KEY = config("SECRET_KEY", default="django-insecure-abc")
        """,
        """
        from environs import Env
        env = Env()
        JWT_SECRET = env.str("JWT_SECRET", "jwt-dev-secret")
        """,
        """
        from pydantic_settings import BaseSettings
        class Settings(BaseSettings):
            secret_key: str = "dev-secret"
            neo4j_password: str = "neo4j"
        """,
        """
        from pydantic import Field
        from pydantic_settings import BaseSettings
        class Settings(BaseSettings):
            api_key: str = Field("abc123", description="service key")
        """,
    ]
    CLEAN = [
        'import os\nSECRET_KEY = os.environ["SECRET_KEY"]',
        'import os\nALLOW_CREDENTIALS = os.getenv("CORS_ALLOW_CREDENTIALS", "true")',
        'import os\nclient = OpenAI(api_key=os.environ.get("OLLAMA_API_KEY", "ollama"))',
        Example('import os\nSECRET_KEY = os.getenv("SECRET_KEY", "dev")', path="app/create_test_data.py"),
        'import os\nDB_PASSWORD = os.getenv("DB_PASSWORD")',
        'import os\nDB_PASSWORD = os.getenv("DB_PASSWORD", "")',
        'import os\nAPI_KEY = os.getenv("API_KEY", None)',
        'import os\nDATABASE_URL = os.getenv("DATABASE_URL", "postgresql://localhost/app")',
        'import os\nREDIS_HOST = os.environ.get("REDIS_HOST", "localhost")',
        'import os\nPORT = int(os.getenv("PORT", "8000"))',
        'import os\nLOG_LEVEL = os.getenv("LOG_LEVEL", "INFO")',
        'import os\nJWT_ALGORITHM = os.getenv("JWT_ALGORITHM", "HS256")',
        'import os\nTOKEN_EXPIRE_MINUTES = int(os.getenv("TOKEN_EXPIRE_MINUTES", "30"))',
        'import os\nSECRET_KEY = os.getenv("SECRET_KEY", secrets.token_hex(32))',
        'import os\nSECRET_KEY_FILE = os.getenv("SECRET_KEY_FILE", "/run/secrets/key")',
        'import os\nvalue = os.getenv(name, "fallback")',
        'SECRET_KEY = app.config.get("SECRET_KEY", "dev")',
        """
        from pydantic_settings import BaseSettings
        class Settings(BaseSettings):
            secret_key: str
            debug: bool = False
            redis_url: str = "redis://localhost:6379/0"
            api_key: str | None = None
        """,
        """
        from pydantic import BaseModel
        class LoginForm(BaseModel):
            password: str = "hidden-default"  # not settings: HL501's business
        """,
        """
        import environ
        env = environ.Env()
        SECRET_KEY = env("SECRET_KEY")
        """,
        Example('SECRET_KEY = os.getenv("SECRET_KEY", "dev")', path="tests/settings_test.py"),
    ]

    # -- environment lookups -------------------------------------------------------------------
    def _lookup_spec(self, call: cst.Call) -> dict | None:
        qualname = self.ctx.qualname(call.func)
        spec = LOOKUPS.get(qualname or "")
        if spec is not None:
            return spec
        dotted = self.ctx.dotted(call.func) or ""
        head, _, rest = dotted.partition(".")
        if head in ENV_NAMES and "." not in rest and self.ctx.imports.imports_any(*ENV_MODULES):
            positional = 1 if self.ctx.imports.imports_any(*POSITIONAL_DEFAULT_MODULES) else None
            return {"name": 0, "default": positional, "keyword": "default"}
        return None

    def _variable(self, call: cst.Call, spec: dict) -> str | None:
        return string_value(keyword_value(call, ("key", "var", "option"), spec.get("name", 0)))

    def visit_Call(self, node: cst.Call) -> None:
        spec = self._lookup_spec(node)
        if spec is None:
            return
        variable = self._variable(node, spec)
        if variable is None or not is_secret_name(variable):
            return
        default = keyword_value(node, (spec["keyword"],), spec.get("default"))
        if default is not None and _is_secret_default(default):
            self.report(default, f"`{variable}` falls back to a hard-coded secret; fail at start-up when it is "
                                 "missing instead")

    def visit_BooleanOperation(self, node: cst.BooleanOperation) -> None:
        if not isinstance(node.operator, cst.Or) or not isinstance(node.left, cst.Call):
            return
        spec = self._lookup_spec(node.left)
        if spec is None:
            return
        variable = self._variable(node.left, spec)
        if variable is not None and is_secret_name(variable) and _is_secret_default(node.right):
            self.report(node.right, f"`{variable}` falls back to a hard-coded secret; fail at start-up when it "
                                    "is missing instead")

    # -- pydantic settings ---------------------------------------------------------------------
    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is None or not isinstance(self.ctx.parent(), cst.SimpleStatementLine):
            return
        owner = self.ctx.ancestors[-4] if len(self.ctx.ancestors) >= 4 else None
        if not isinstance(owner, cst.ClassDef) or not is_settings_class(owner):
            return
        field = target_name(node.target)
        if field is None or not is_secret_name(field):
            return
        default = node.value
        if isinstance(default, cst.Call) and (self.ctx.dotted(default.func) or "").endswith("Field"):
            default = keyword_value(default, ("default",), 0)
        if default is not None and _is_secret_default(default):
            self.report(default, f"Settings field `{field}` has a hard-coded secret default; make it required "
                                 "so a missing variable stops start-up")
