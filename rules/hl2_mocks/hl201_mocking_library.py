'''HL201 mocking-library: a test-double library (`unittest.mock`, `faker`, `responses` ...) used by production code.

## What it does
Flags production code that imports a mocking or fake-data library - `unittest.mock`, `mock`,
`pytest_mock`, `responses`, `httpretty`, `freezegun`, `faker`, `factory` (factory_boy), `moto`,
`fakeredis`, `mongomock`, `requests_mock`, `respx`, `aioresponses`, `time_machine` - and each call or
decorator that resolves to one through the file's imports: `MagicMock()`, `patch(...)`, `m.Mock()` after
`from unittest import mock as m`, `Faker()`, `@responses.activate`, `@freeze_time(...)`, `mock_aws()`.
The import is reported once per file, at the first such import.

Test code is not checked: `tests/`, `test_*.py`, `*_test.py` and `conftest.py` (configurable), nor
test-support packages shipped inside the application (`testutils/`, `test_utils/`, `testhelpers/` ...),
pytest fixtures, and functions whose docstring or comments say they serve the test suite (a helper
that `TestCase` classes call to patch `transaction.on_commit`); an import used only there is not
reported either.
Imports under `if TYPE_CHECKING:` are not reported. `factory` and `responses` are generic names, so for
them only factory_boy's and responses' own names count (`from factory import Factory`,
`factory.Faker(...)`, `@responses.activate`), not a project's own `factory.py` or `responses.py`; a bare
`import factory` / `import responses` is reported through its uses.

## Why it matters
A mock in production code replaces a real dependency with one that answers anything: a `MagicMock`
client "succeeds" at every payment, a frozen clock stops token expiry, a `fakeredis` instance loses its
data at restart, `moto` turns S3 writes into memory writes. It usually arrives as a debugging shortcut
or a demo mode and stays, and the service keeps returning plausible answers while doing nothing. It
also ships a test-only dependency into the production image.

## Example
```python
from unittest.mock import MagicMock

payments = MagicMock() if settings.DEMO else StripeClient(settings.stripe_key)
```

## Use instead
```python
payments = StripeClient(settings.stripe_key)
```
Keep doubles in the test suite and inject them there (fixtures, dependency overrides such as FastAPI's
`app.dependency_overrides`). When a real offline mode is needed, write a small explicit implementation of
the interface that behaves predictably and says so in its name.

## Fix safety
No fix is offered: removing the double needs the real dependency wired in.

## References
- `unittest.mock` documentation: https://docs.python.org/3/library/unittest.mock.html
- The Twelve-Factor App, X. Dev/prod parity: https://12factor.net/dev-prod-parity
'''

from __future__ import annotations

import re

import libcst as cst

from hardlint.imports import dotted_name
from hardlint.rule import Example, Rule, load_data

_DATA = load_data(__file__, "mocking_modules.toml")
_MODULES: tuple[str, ...] = tuple(_DATA["modules"])
_RESTRICTED: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in _DATA["restricted"].items()}
_TEST_SUPPORT = frozenset(_DATA["test_support"])
_TEST_HELPER = re.compile(_DATA["test_helper_words"])


def mocking_library(qualified: str | None) -> str | None:
    """The mocking library a qualified name (`unittest.mock.patch`, `faker.Faker`) belongs to."""
    if not qualified:
        return None
    for module in _MODULES:
        if qualified == module or qualified.startswith(module + "."):
            allowed = _RESTRICTED.get(module)
            if allowed is None:
                return module
            rest = qualified[len(module) + 1:].split(".")[0]
            return module if rest in allowed else None
    return None


def is_test_support(path: str) -> bool:
    """A module of a test-support package inside the application (`pretix/testutils/mock.py`)."""
    parts = path.replace("\\", "/").lower().split("/")
    return any(part in _TEST_SUPPORT for part in parts[:-1]) or parts[-1].rsplit(".", 1)[0] in _TEST_SUPPORT


def _notes(function: cst.FunctionDef) -> str:
    """The docstring and comment lines of a function's body."""
    texts = [function.get_docstring() or ""]
    body = function.body
    if isinstance(body, cst.IndentedBlock):
        for statement in body.body:
            texts.extend(line.comment.value for line in statement.leading_lines if line.comment is not None)
    return "\n".join(texts)


def _serves_tests(function: cst.FunctionDef) -> bool:
    """A pytest fixture, or a function documented as a helper of the test suite."""
    return any(dotted_name(d.decorator if not isinstance(d.decorator, cst.Call) else d.decorator.func)
               in ("pytest.fixture", "fixture") for d in function.decorators) or bool(
        _TEST_HELPER.search(_notes(function)))


def _under_type_checking(ancestors: list[cst.CSTNode]) -> bool:
    for node in ancestors:
        if isinstance(node, cst.If):
            test = node.test
            name = test.attr.value if isinstance(test, cst.Attribute) else getattr(test, "value", None)
            if name == "TYPE_CHECKING":
                return True
    return False


class MockingLibrary(Rule):
    code = "HL201"
    name = "mocking-library"
    severity = "high"
    message = "Mocking library used in production code; keep test doubles in the tests"
    # A mocking module named in an import statement (`import mock`, `import os, mock as m`,
    # `from freezegun import ...`), `from unittest import ...` (for `mock`, possibly in a bracketed
    # list), or `unittest.mock` used through `import unittest`. Calls and decorators resolve through
    # these imports too.
    triggers = (r"(?:from|import)[ \t]+(?:[\w.]+(?:[ \t]+as[ \t]+\w+)?[ \t]*,[ \t]*)*(?:"
                + "|".join(re.escape(m) for m in sorted(_MODULES)) + r")\b|unittest[ \t]*\.[ \t]*mock\b"
                r"|from[ \t]+unittest[ \t]+import\b")
    production_only = True

    FLAG = [
        """
        from unittest.mock import MagicMock

        payments = MagicMock() if settings.DEMO else StripeClient(settings.stripe_key)
        """,
        """
        from unittest import mock as m

        def client():
            return m.MagicMock(spec=Client)
        """,
        """
        import unittest.mock

        with unittest.mock.patch("app.mail.send"):
            run_job()
        """,
        """
        from faker import Faker

        fake = Faker()
        USERS = [{"name": fake.name()} for _ in range(10)]
        """,
        """
        import responses

        @responses.activate
        def fetch_rates():
            responses.add(responses.GET, RATES_URL, json={"EUR": 1.0})
            return requests.get(RATES_URL).json()
        """,
        """
        from freezegun import freeze_time

        @freeze_time("2024-01-01")
        def build_report():
            return Report.for_today()
        """,
        """
        import fakeredis

        cache = fakeredis.FakeRedis()
        """,
        """
        import factory

        class UserFactory(factory.Factory):
            name = factory.Faker("name")
        """,
        """
        from moto import mock_aws

        with mock_aws():
            bucket = boto3.resource("s3").Bucket("uploads")
        """,
        """
        def connect():
            import mongomock
            return mongomock.MongoClient()
        """,
        '''
        from unittest import mock

        def immediate_on_commit(cls):
            """Run transaction.on_commit hooks at once, for django.test.TestCase subclasses."""
            cls.on_commit_mgr = mock.patch("django.db.transaction.on_commit")

        def profile(app, environ):
            """Profile one request of the running app."""
            return app(environ, mock.MagicMock())
        ''',
        Example(
            """
            from unittest.mock import MagicMock
            gateway = MagicMock()
            """,
            path="app/testutilities.py",
        ),
        """
        from unittest import mock
        """,
    ]
    CLEAN = [
        Example(
            """
            from unittest.mock import MagicMock, patch

            def test_charge():
                with patch("app.payments.stripe") as stripe:
                    stripe.Charge.create.return_value = MagicMock(id="ch_1")
            """,
            path="tests/test_payments.py",
        ),
        Example(
            """
            import pytest
            from faker import Faker

            @pytest.fixture
            def fake():
                return Faker()
            """,
            path="conftest.py",
        ),
        """
        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from unittest.mock import MagicMock
        """,
        """
        from factory import create_app
        from responses import error_response, json_response

        app = create_app()
        """,
        """
        from .mock import build_demo_client
        from app.responses import ok

        def mock_payment_gateway():
            return build_demo_client()
        """,
        """
        import unittest

        class Suite(unittest.TestCase):
            pass
        """,
        """
        mock = {"enabled": False}
        patch = {"op": "replace", "path": "/name", "value": "x"}
        client.patch("/users/1", json=patch)
        """,
        Example(
            """
            import fakeredis
            from pytest_mock import MockFixture

            def mocker_context():
                return MockFixture(config)

            def get_redis_server():
                return fakeredis.FakeServer.get_server("localhost", (7, 0))
            """,
            path="pretix/testutils/mock.py",
        ),
        '''
        from unittest import mock

        def immediate_on_commit(cls):
            """Run transaction.on_commit hooks at once, for django.test.TestCase subclasses."""
            cls.on_commit_mgr = mock.patch("django.db.transaction.on_commit", side_effect=run_now)
            cls.on_commit_mgr.start()
        ''',
        """
        import pytest
        from freezegun import freeze_time

        @pytest.fixture
        def frozen_clock():
            with freeze_time("2024-01-01") as clock:
                yield clock
        """,
    ]

    def begin(self) -> None:
        self._quiet = is_test_support(self.ctx.rel_path)
        self._import: tuple[cst.CSTNode, str] | None = None
        self._uses = 0  # uses outside test helpers
        self._helper_uses = 0

    def end(self) -> None:
        """Report the import unless every use of the library sits in a test helper."""
        if self._import is not None and (self._uses or not self._helper_uses):
            node, module = self._import
            self.report(node, f"Production code imports the test library `{module}`; keep test doubles in the tests")

    def _in_test_helper(self) -> bool:
        return any(isinstance(a, cst.FunctionDef) and _serves_tests(a) for a in self.ctx.ancestors)

    def _use(self, node: cst.CSTNode, message: str) -> None:
        if self._in_test_helper():
            self._helper_uses += 1
            return
        self._uses += 1
        self.report(node, message)

    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            name = dotted_name(alias.name)
            if self._is_mocking_import(name, None):
                self._report_import(node, mocking_library(name) or "")
                return

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if node.relative:
            return
        base = dotted_name(node.module) if node.module is not None else None
        if not base:
            return
        if isinstance(node.names, cst.ImportStar):
            if self._is_mocking_import(base, None):
                self._report_import(node, base)
            return
        for alias in node.names:
            name = dotted_name(alias.name) or ""
            if self._is_mocking_import(base, name):
                self._report_import(node, mocking_library(f"{base}.{name}") or base)
                return

    def _is_mocking_import(self, module: str | None, name: str | None) -> bool:
        """`import module` (name None) or `from module import name` brings in a mocking library."""
        if not module:
            return False
        if name is not None:
            return mocking_library(f"{module}.{name}") is not None
        return module not in _RESTRICTED and mocking_library(module) is not None

    def _report_import(self, node: cst.CSTNode, module: str) -> None:
        if self._quiet or self._import is not None or _under_type_checking(self.ctx.ancestors):
            return
        self._import = (node, module)

    def visit_Call(self, node: cst.Call) -> None:
        library = mocking_library(self.ctx.qualname(node.func))
        if library is not None and not self._quiet:
            self._use(node.func, f"`{dotted_name(node.func)}` from the test library `{library}` "
                                 "in production code; keep test doubles in the tests")

    def visit_Decorator(self, node: cst.Decorator) -> None:
        if isinstance(node.decorator, cst.Call):
            return  # reported by visit_Call
        library = mocking_library(self.ctx.qualname(node.decorator))
        if library is not None and not self._quiet:
            self._use(node.decorator, f"`@{dotted_name(node.decorator)}` from the test library `{library}` "
                                        "in production code; keep test doubles in the tests")
