'''HL102 placeholder-body: a function whose body is only `pass`, `...`, a docstring or `raise NotImplementedError`.

## What it does
Flags functions and methods that do nothing: their body is only `pass`, `...`, a docstring, or
`raise NotImplementedError` (bare, called, with or without a message), or a combination of these.

Declarations and deliberate no-ops are not placeholders, so these are left alone:
- abstract methods (`@abstractmethod`, `@abc.abstractmethod`, `abstractproperty` ...), `@overload`
  signatures, `@singledispatch` base functions, pluggy `@hookspec`s, `.pyi` stubs;
- interfaces: members of classes deriving from `Protocol`, `ABC`, `Interface` or with
  `metaclass=ABCMeta` (also when imported under another name: `from typing import Protocol as _P`), and interfaces by convention - a class without bases that declares two or more
  `raise NotImplementedError` methods;
- extension points of base classes: methods of a class that is subclassed anywhere in the checked
  project (each file names the classes it derives from; the project phase drops methods of those
  classes, so run it on the whole project; a base imported as `from pkg import Queue as _Queue` counts as
  `Queue`) or whose name says it is a base (`BaseStorage`,
  `AsyncBaseTransport`, `CacheMixin`, `IResourceProvider`), and `raise NotImplementedError` hooks
  the class itself calls (`self.run(...)`, a template method);
- unsupported operations of a concrete class: `raise NotImplementedError` in a class with bases
  that implements other methods, or for a protected hook it refuses (`_serialize` of a load-only
  field), unless the message says the work is still to come ("not implemented yet", "coming");
- duck-typed variants: a `pass`/`...`/docstring method whose name another class of the same file
  implements for real (`handle_endtag` of a handler that has nothing to close);
- stand-ins that accept any call, `def empty(*args, **kwargs): pass`, and functions whose
  decorator supplies the behaviour (`@cli_group()`, `@autologging_integration(...)`);
- `pass` in a class with bases: overriding an inherited method with `pass` switches it off on purpose
  (a quiet `log_message`); `...` or a docstring there is still flagged;
- functions whose decorator is handed the real implementation (`@replaced_by_pep8(new_name)`,
  `@wraps(fn)`);
- null objects, doubles and observers (`NullCache`, `DummyLock`, `NoCapture`, `NoneContext`,
  `DataObserver`), plugin bases (`IndicoPlugin`), functions named as no-ops (`noop`, `empty`,
  `_do_nothing`, `_doNothing`), nested no-op callbacks, dunder methods, and conditional definitions (under `if`,
  `try`/`except ImportError` fallbacks), and everything under `if TYPE_CHECKING:` (methods of a class
  declared there for type checkers too);
- overrides that state an opt-out: a method of a class with a base whose docstring says the work
  "should not" or is "not <done> here", or whose `NotImplementedError` message says the operation is
  "not supported by" another party (the provider's API); a module function so documented is still flagged;
- example plugins and sample code shipped with the application (`ckanext/example_iauthfunctions/`,
  `examples/`);
- migration functions: module-level functions of an Alembic revision module (one that assigns
  `revision` and `down_revision`) or of a module under a `migrations/` or `migration/` folder, where
  an empty `upgrade` of a merge revision or an empty `downgrade` after a data migration is correct;
- bodies whose docstring or comment says the emptiness is intended ("override in subclasses",
  "no-op", "hook", "silence the access log", "Called when the feature is enabled", "not implemented
  for this client"), and `NotImplementedError("... not supported")` that
  reports an unsupported operation rather than missing work.

The trade-off is deliberate: a service class whose methods all `raise NotImplementedError` reads as an
interface and is not flagged, while the same class with `pass` or `...` bodies is.

## Why it matters
A placeholder body looks like a feature at every call site: `send_receipt(order)` runs, returns `None`
and nothing happens. The gap surfaces in production as a silently missing e-mail, an unsaved record or a
`NotImplementedError` on the one request path nobody exercised. Unlike an honest missing function, it
passes imports, type checks and most tests.

## Example
```python
class ReceiptService:
    def send_receipt(self, order):
        """Email the receipt to the customer."""
        pass

    def refund(self, order):
        raise NotImplementedError
```

## Use instead
```python
class ReceiptService:
    def send_receipt(self, order):
        """Email the receipt to the customer."""
        self.mailer.send(order.customer.email, render_receipt(order))
```
Implement the function, or delete it together with its callers until the feature exists. When the
method really is an extension point, say so: make it `@abstractmethod`, or give it a docstring such as
"Hook: override in subclasses; does nothing by default."

## Fix safety
No fix is offered: an implementation cannot be generated safely.

## References
- Python `abc` module (abstract methods): https://docs.python.org/3/library/abc.html
- PEP 544, Protocols: https://peps.python.org/pep-0544/
- CWE-1164: Irrelevant Code
'''

from __future__ import annotations

import re
from typing import Iterator, Sequence

import libcst as cst

from hardlint.finding import Fact, Finding
from hardlint.rule import Example, Rule, load_data
from hardlint.walker import iter_nodes

_DATA = load_data(__file__, "placeholder_bodies.toml")
_EXEMPT_DECORATORS = frozenset(_DATA["exempt_decorators"])
_INTERFACE_BASES = frozenset(_DATA["interface_bases"])
_BASE_CLASS_NAME = re.compile(_DATA["base_class_name"])
_NOOP_NAME = re.compile(_DATA["noop_name"], re.IGNORECASE)
_NULL_CLASS_NAME = re.compile(_DATA["null_class_name"])
_INTENT = re.compile("|".join(re.escape(w) for w in _DATA["intent_words"]), re.IGNORECASE)
_UNSUPPORTED = re.compile("|".join(re.escape(w) for w in _DATA["unsupported_words"]), re.IGNORECASE)
_PENDING = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in _DATA["pending_words"]) + r")\b", re.IGNORECASE)
_BODY_SUPPLYING = tuple(_DATA["body_supplying_decorator_suffixes"])
_OVERRIDE_INTENT = re.compile("|".join(_DATA["override_intent"]), re.IGNORECASE)


# The trigger: a line that can end a `def` header (it holds `)`, `]`, `->` or a triple quote, or
# follows a backslash continuation; `class`/`except`/`else:`... headers and dunder `def`s excluded),
# whose colon opens a body made only of `pass`, `...`, string literals and
# `raise ...NotImplementedError` statements (own lines or one line after the colon), followed by a
# dedent or the end of the file. A superset of the bodies `placeholder_kind` accepts.
# Pieces: blanks within a line; end of line; blank/comment lines; string literals; statements.
_SP = r"(?:[ \t\f]|\\\r?\n)*"
_EOL = r"[ \t\f\r]*(?:#[^\n]*)?(?:\n|\Z)"
_BLANK = r"(?:[ \t\f\r]*(?:#[^\n]*)?\n)*"
_STRING = (r"[rRuUbBfF]{0,2}(?:"
           r"\"\"\"[^\"\\]*(?:(?:\\[\s\S]|\"(?!\"\"))[^\"\\]*)*\"\"\""
           r"|'''[^'\\]*(?:(?:\\[\s\S]|'(?!''))[^'\\]*)*'''"
           r"|\"[^\"\\\n]*(?:\\[\s\S][^\"\\\n]*)*\""
           r"|'[^'\\\n]*(?:\\[\s\S][^'\\\n]*)*')")
_RAISE = r"raise\b(?:[\w.()\[\]\s\\]|#[^\n]*\n)*?NotImplementedError\b[^\n]*"
_PAREN = r"\((?:[\s\\(]|#[^\n]*\n)*(?:\.\.\.|[rRuUbBfF]{0,2}[\"'])[^\n]*"
_ONE = rf"(?:pass\b|\.\.\.|{_STRING}|{_RAISE}|{_PAREN})"
# One or more of them (adjacent strings too), each maybe ended by `;`: a little wider than Python
# allows (`pass pass`), with the pattern written once instead of four times (a quarter of the compile).
# After `_SP` the line end must not start with blanks again: blanks two quantifiers could share
# made a `pass` followed by 20,000 spaces take 20 s to reject.
_LINE = rf"(?:{_ONE}{_SP}(?:;{_SP})?)+(?:\r[ \t\f\r]*)?(?:#[^\n]*)?(?:\n|\Z)"
# Continuation lines of the last statement (deeper, or a closing bracket or string at its indentation).
_CONT = r"(?:(?P=ind)(?:[ \t)\]}\"\']|[rRuUbBfF]{1,2}[\"\'])[^\n]*(?:\n|\Z))*"
# Header lines that cannot end a `def`: compound statements whose keyword is never an expression.
_KW = r"(?:class\b|except\b|while\b|with\b|elif\b|(?:try|finally|else)[ \t]*:)"
_Q = r"(?=[ \t\f]*(?:[\n\r#\\pr.(\"'uUbBfFR]|\Z))"
# The first `)`, `]`, `->` or triple quote on the line, scanned without backtracking.
_NM = r"[^\n)\]\-\"']*"
_MA = (rf"(?=(?P<scan>{_NM}(?:(?:-(?!>)|\"(?!\"\")|'(?!''))[^\n)\]\-\"']*)*))(?P=scan)"
       r"(?:[)\]]|->|\"\"\"|''')")
_DUNDER = r"(?:async[ \t]+)?def[ \t]+__\w*(?<=__)(?!\w)"
_HEAD = rf"(?:(?<=\\\n)|(?<=\\\r\n)|(?![ \t]*(?:{_KW}|{_DUNDER})){_MA})[^\n]*:{_Q}"
_BLOCK = (rf"{_EOL}{_BLANK}(?P<ind>[ \t]+){_LINE}{_CONT}(?:{_BLANK}(?P=ind){_LINE}{_CONT})*{_BLANK}"
         r"(?!(?P=ind))(?![ \t\f\r]*(?:#|\n))")
_SUITE = rf"{_SP}{_LINE}"
# `(?=[^\n:]*:)` first: most lines have no colon and are dropped by one tight scan.
TRIGGER = rf"(?m)^(?=[^\n:]*:){_HEAD}(?:{_BLOCK}|{_SUITE})|\r(?!\n)"
# A class statement with a base: the file takes part in the project phase by naming the classes it
# subclasses (a part of `TRIGGER`, whose `(?m)` it shares), so that a base class's hooks in another file are known to be extension points.
SUBCLASS_TRIGGER = r"^[ \t]*class[ \t]+\w+[ \t]*\([ \t\n\\]*[\w.]"

BASES = "HL102.bases"    # the names a file's classes derive from
METHOD = "HL102.method"  # a placeholder method, reported unless its class is subclassed anywhere


_MIGRATION_PATH = re.compile(r"(?:^|/)migrations?/")
_EXAMPLE_PATH = re.compile(_DATA["example_path"])
_REVISION_NAMES = frozenset({"revision", "down_revision"})


def _is_alembic_revision(statements: object) -> bool:
    """Does the module assign both `revision` and `down_revision` at top level (an Alembic revision)?"""
    assigned = set()
    for statement in statements if isinstance(statements, (list, tuple)) else ():
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            targets = []
            if isinstance(small, cst.Assign):
                targets = [t.target for t in small.targets]
            elif isinstance(small, cst.AnnAssign):
                targets = [small.target]
            assigned.update(t.value for t in targets if isinstance(t, cst.Name))
    return _REVISION_NAMES <= assigned


def _last_name(expr: cst.BaseExpression | None) -> str | None:
    """`c` for `a.b.c`, `a.b.c(...)` or `a.b.c[...]`; None for anything else."""
    while isinstance(expr, (cst.Call, cst.Subscript)):
        expr = expr.func if isinstance(expr, cst.Call) else expr.value
    if isinstance(expr, cst.Attribute):
        return expr.attr.value
    if isinstance(expr, cst.Name):
        return expr.value
    return None


def _under_type_checking(ancestors: Sequence[cst.CSTNode]) -> bool:
    """Is the node inside the body (not the `else`) of an `if TYPE_CHECKING:` / `if typing.TYPE_CHECKING:`?"""
    for index, ancestor in enumerate(ancestors[:-1]):
        if (isinstance(ancestor, cst.If) and ancestors[index + 1] is ancestor.body
                and _last_name(ancestor.test) == "TYPE_CHECKING" and isinstance(ancestor.test, (cst.Name, cst.Attribute))):
            return True
    return False


def _is_not_implemented(raise_: cst.Raise) -> bool:
    return _last_name(raise_.exc) == "NotImplementedError"


def placeholder_kind(body: cst.BaseSuite) -> str | None:
    """'raise', 'ellipsis', 'pass' or 'docstring' when `body` holds nothing else; None otherwise."""
    statements: list[cst.CSTNode] = []
    if isinstance(body, cst.SimpleStatementSuite):
        statements.extend(body.body)
    else:
        for line in body.body:
            if not isinstance(line, cst.SimpleStatementLine):
                return None
            statements.extend(line.body)
    kinds: set[str] = set()
    for statement in statements:
        if isinstance(statement, cst.Pass):
            kinds.add("pass")
        elif isinstance(statement, cst.Expr) and isinstance(statement.value, cst.Ellipsis):
            kinds.add("ellipsis")
        elif isinstance(statement, cst.Expr) and isinstance(
            statement.value, (cst.SimpleString, cst.ConcatenatedString)
        ):
            kinds.add("docstring")
        elif isinstance(statement, cst.Raise) and _is_not_implemented(statement):
            kinds.add("raise")
        else:
            return None
    for kind in ("raise", "ellipsis", "pass", "docstring"):
        if kind in kinds:
            return kind
    return None


def _comments(node: cst.FunctionDef) -> Iterator[str]:
    """Docstring-like strings and comments inside a function's body."""
    body = node.body
    if isinstance(body, cst.IndentedBlock):
        if body.header.comment is not None:
            yield body.header.comment.value
        for line in body.footer:
            if line.comment is not None:
                yield line.comment.value
    elif body.trailing_whitespace.comment is not None:
        yield body.trailing_whitespace.comment.value
    for child in iter_nodes(body):
        if isinstance(child, cst.SimpleString):
            yield child.value
        elif isinstance(child, cst.FormattedStringText):
            yield child.value
        for line in getattr(child, "leading_lines", ()):
            if line.comment is not None:
                yield line.comment.value
        trailing = getattr(child, "trailing_whitespace", None)
        if isinstance(trailing, cst.TrailingWhitespace) and trailing.comment is not None:
            yield trailing.comment.value


def _raise_message(body: cst.BaseSuite) -> str:
    """The text of the string literals in `raise NotImplementedError(...)` statements."""
    texts = []
    for child in iter_nodes(body):
        if isinstance(child, cst.Raise):
            for part in iter_nodes(child):
                if isinstance(part, (cst.SimpleString, cst.FormattedStringText)):
                    texts.append(part.value)
    return " ".join(texts)


def _takes_anything(params: cst.Parameters) -> bool:
    """`(*args, **kwargs)` and nothing else: the signature of a stand-in that accepts any call."""
    return (isinstance(params.star_arg, cst.Param) and params.star_kwarg is not None and not params.params
            and not params.kwonly_params and not params.posonly_params)


def _supplies_body(decorator: cst.BaseExpression) -> bool:
    """`@replaced_by(new_function)`, `@wraps(fn)`: a decorator handed a function that replaces the body.

    Routes take string paths (`@app.get("/x")`) and UPPER_CASE constants are values, so those stay flagged.
    """
    if not isinstance(decorator, cst.Call):
        return False
    for arg in decorator.args:
        if arg.keyword is None and arg.star == "":
            name = _last_name(arg.value) if isinstance(arg.value, (cst.Name, cst.Attribute)) else None
            if name and not name.isupper():
                return True
    return False


class PlaceholderBody(Rule):
    code = "HL102"
    name = "placeholder-body"
    severity = "medium"
    message = "Function has a placeholder body; implement it, or remove it until the feature exists"
    triggers = f"{TRIGGER}|{SUBCLASS_TRIGGER}"
    production_only = True

    FLAG = [
        '''
        def send_receipt(order):
            """Email the receipt to the customer."""
            pass
        ''',
        """
        def refund(order):
            raise NotImplementedError
        """,
        """
        def refund(order):
            raise NotImplementedError("refunds")
        """,
        """
        class PaymentService:
            def capture(self, payment_id):
                ...
        """,
        '''
        class PaymentService:
            def capture(self, payment_id):
                """Capture a previously authorised payment."""
        ''',
        """
        @app.route("/orders", methods=["POST"])
        def create_order():
            # TODO: persist the order
            pass
        """,
        """
        async def sync_inventory(): pass
        """,
        """
        @router.get(ORDERS_PATH)
        async def list_orders(): ...
        """,
        """
        class StripeGateway(PaymentGateway):
            def refund(self, charge_id):
                raise NotImplementedError()
        """,
        """
        class UserRepository:
            def get(self, user_id):
                return self.db.get(User, user_id)

            @property
            def count(self):
                raise NotImplementedError("to do")
        """,
        """
        class OrderView(MethodView):
            def post(self):
                ...
        """,
        '''
        class OrderView(MethodView):
            def post(self):
                """Create an order from the JSON body."""
        ''',
        Example("def send_receipt(order):\r\n    \"\"\"Email the receipt.\"\"\"\r\n    pass\r\n"),
        """
        class OrderService:
            def create(
                self,
                payload: dict,
            ) -> Order:
                \"\"\"Create the order.\"\"\"

            def total(self):
                return 0
        """,
        """
        def export_report(rows):
            # the exporter lands next sprint
            raise NotImplementedError(
                "export of reports"
            )
        """,
        """
        def refund(order): "Refund the order."; ...
        """,
        """
        class StripeGateway(PaymentGateway):
            def charge(self, amount):
                return self.client.charge(amount)

            def refund(self, charge_id):
                raise NotImplementedError("refunds are coming")
        """,
        Example(
            """
            def sleep(context, data_dict):
                pass
            """,
            path="ckanext/blanket/logic/auth.py",
        ),
        '''
        class ReportService:
            def weekly(self, team):
                """Build the weekly report; called from the scheduler."""
        ''',
        """
        @celery.task(bind=True)
        def send_invoice(self, order_id):
            pass

        def run_local(name, model_uri, flavor=None, config=None):
            pass
        """,
        """
        class ParagraphHandler:
            def handle_endtag(self, name, state):
                state.close_block()

        class InvoiceService:
            def send(self, invoice):
                ...
        """,
        """
        class SageMakerClient(BaseDeploymentClient):
            def predict(self, inputs):
                return self.runtime.invoke(inputs)

            def explain(self, inputs):
                raise NotImplementedError("explain is not implemented yet")
        """,
        """
        from app.services import Service as Protocol

        class Cache(Protocol):
            def get(self, key):
                ...
        """,
        """
        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from app.core import Core
        else:
            class Router:
                def completion(self, model):
                    ...

        if settings.DEBUG:
            class DebugToolbar:
                def render(self, request):
                    ...
        """,
        '''
        async def delete_mcp_server_from_team(prisma_client, server_id):
            """Remove the server from the team; a deleted server should not stay referenced."""

        class TeamService:
            def remove_member(self, team, user):
                """Remove the user; a removed member should not keep access."""

        class StripeGateway(PaymentGateway):
            def refund(self, charge_id):
                raise NotImplementedError("refunds are not yet supported by this gateway")

        class SageMakerDeploymentClient(BaseDeploymentClient):
            def predict(self, inputs):
                return self.runtime.invoke(inputs)

            def delete_endpoint(self, endpoint):
                """Delete the endpoint. Deletion should not fail if retried."""
                raise NotImplementedError("This function is not implemented yet.")
        ''',
    ]
    CLEAN = [
        '''
        class LangfuseOtelLogger(OpenTelemetry):
            async def async_service_success_hook(self, *args, **kwargs):
                """
                Langfuse should not receive service success logs.
                """

        class PrometheusLogger(CustomLogger):
            async def async_post_call_success_hook(self, data, user_api_key_dict, response):
                """Proxy level tracking.

                Note: the total requests metric is NOT incremented here to avoid double-counting.
                """

        class RunwayMLVideoConfig(BaseVideoConfig):
            def transform_video_list_request(self, api_base, headers):
                """RunwayML doesn't expose a list endpoint in its public API."""
                raise NotImplementedError("Video listing is not yet supported by RunwayML API")
        ''',
        """
        import typing as t
        from typing import Protocol as _Protocol
        from typing_extensions import Protocol as _ExtProtocol

        class _QueueCache(_Protocol):
            async def async_get_cache(self, key: str) -> object: ...

        class Cache(t.Protocol):
            def get(self, key): ...

        class Store(_ExtProtocol[T]):
            def put(self, key, value): ...
        """,
        """
        import typing
        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            class Router(RustCore):
                def completion(self, model: str) -> ModelResponse: ...

                async def acompletion(self, model: str) -> ModelResponse: ...

        if typing.TYPE_CHECKING:
            class Client:
                def get(self, url):
                    ...
        """,
        """
        import click

        @click.group()
        @click.pass_context
        def graph(ctx):
            \"\"\"The `app graph` command group.\"\"\"
        """,
        """
        class Worker:
            def on_before_init(self, **kwargs):
                pass

            def on_consumer_ready(self, consumer):
                pass
        """,
        """
        import abc

        class Repository(abc.ABC):
            @abc.abstractmethod
            def get(self, key):
                raise NotImplementedError

            @property
            @abc.abstractmethod
            def name(self): ...
        """,
        """
        from abc import abstractmethod

        class Store:
            @abstractmethod
            def save(self, item):
                pass
        """,
        """
        from typing import Protocol

        class SupportsClose(Protocol):
            def close(self) -> None: ...
        """,
        """
        from typing import overload

        @overload
        def parse(value: str) -> int: ...
        @overload
        def parse(value: bytes) -> int: ...
        def parse(value):
            return int(value)
        """,
        Example(
            """
            def connect(dsn: str) -> Connection: ...
            """,
            path="app/db.pyi",
        ),
        """
        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            def reveal(value) -> None: ...
        """,
        '''
        class Plugin:
            def on_startup(self, app):
                """Hook: override in subclasses. Does nothing by default."""
        ''',
        """
        class Storage:
            def save(self, key, data):
                raise NotImplementedError

        class DiskStorage(Storage):
            def save(self, key, data):
                self.path(key).write_bytes(data)
        """,
        """
        class BaseExporter:
            def export(self, rows):
                raise NotImplementedError
        """,
        """
        class QuietHandler(WSGIRequestHandler):
            def log_request(self, *args, **kwargs):
                pass  # silence the per-request access log
        """,
        """
        class ReadOnlyFile(io.RawIOBase):
            def write(self, data):
                raise NotImplementedError("this file is read-only")
        """,
        """
        class PaymentError(Exception):
            pass

        class CardDeclined(PaymentError):
            '''The issuer declined the card.'''
        """,
        """
        def _noop(*args, **kwargs):
            pass

        class Session:
            def __init__(self):
                pass

            def __exit__(self, *exc):
                pass
        """,
        """
        @replaced_by_pep8(one_of)
        def oneOf(): ...

        class DataObserver:
            def draw_integer(self, value):
                pass
        """,
        """
        from functools import singledispatch

        @singledispatch
        def to_json(value):
            raise NotImplementedError(type(value))
        """,
        """
        def load(path):
            try:
                return read(path)
            except FileNotFoundError:
                pass
        """,
        """
        def retry(operation, on_retry=None):
            def ignore_retry(attempt):
                pass
            return run(operation, on_retry or ignore_retry)
        """,
        """
        class Exporter:
            def __init__(self, path):
                raise NotImplementedError

            def __str__(self):
                pass
        """,
        """
        class NetworkStream:
            def read(self, size):
                raise NotImplementedError()

            def write(self, data):
                raise NotImplementedError()
        """,
        """
        class Command:
            def main(self, args):
                return self.run(self.parse(args))

            def run(self, options):
                raise NotImplementedError
        """,
        """
        try:
            import argcomplete
        except ImportError:
            def autocomplete(parser):
                pass
        """,
        """
        class NullCache:
            def set(self, key, value):
                pass
        """,
        Example(
            """
            def test_placeholder():
                pass
            """,
            path="tests/test_orders.py",
        ),
        """
        revision = "46ba6aaaac97"
        down_revision = ("4ce8df208545", "fc480c87706c")


        def upgrade():
            pass


        def downgrade():
            pass
        """,
        Example(
            """
            def forwards(apps, schema_editor):
                apps.get_model("tasks", "Task").objects.update(ready=True)


            def backwards(apps, schema_editor):
                pass
            """,
            path="tasks/migrations/0045_auto_20231124_1238.py",
        ),
        Example(
            """
            def downgrade():
                pass
            """,
            path="ckan/migration/versions/031_move_openid.py",
        ),
        '''
        class EventFeature:
            @classmethod
            def enabled(cls, event, cloning):
                """Called when the feature is enabled for an event."""

            def render(self, event):
                return self.template.render(event=event)
        ''',
        '''
        class OpenAIDeploymentClient(BaseDeploymentClient):
            def predict(self, inputs):
                return self.client.chat(inputs)

            def delete_deployment(self, name):
                """This method is not implemented for `OpenAIDeploymentClient`."""
                raise NotImplementedError
        ''',
        """
        class OssRestStore(RestStore):
            def get_registered_model(self, name):
                return self.call("GET", name)

            def get_latest_versions(self, name, stages=None):
                raise NotImplementedError("Method not implemented")

            def set_registered_model_tag(self, name, tag):
                raise NotImplementedError("Method not implemented")
        """,
        '''
        class RelativeDate(fields.Field):
            """A field that only loads: `1d`, `-2M`."""

            def _serialize(self, value, attr, obj, **kwargs):
                raise NotImplementedError

            def _deserialize(self, value, attr, data, **kwargs):
                return parse_delta(value)
        ''',
        """
        class RegistrationData(db.Model):
            @locator_property
            def locator(self):
                # a normal locator doesn't make much sense here
                raise NotImplementedError
        """,
        Example(
            """
            def sleep(context, data_dict):
                pass
            """,
            path="ckanext/example_blanket_implementation/logic/auth.py",
        ),
        '''
        @cli_group()
        def cli():
            pass

        @autologging_integration(FLAVOR_NAME)
        def _autolog(log_traces: bool, disable: bool = False):
            pass

        def empty(*args, **kwargs):
            pass

        def custom_filter_expressions(*args, **kwargs):
            pass

        def _doNothing(canvas, doc):
            'Dummy callback for onPage.'
        ''',
        '''
        class ParagraphHandler:
            def handle_endtag(self, name, state):
                state.close_block()

        class LineBreakHandler:
            def handle_endtag(self, name, state):
                pass
        ''',
        '''
        class Room(ProtectionManagersMixin, db.Model):
            def can_manage(self, user):
                return user.is_admin

            def can_access(self, user, allow_admin=True):
                # rooms are never access-restricted
                raise NotImplementedError

        class CartViewSet(viewsets.ModelViewSet):
            def create(self, request):
                return self._create(request.data)

            def perform_create(self, serializer):
                raise NotImplementedError()
        ''',
        '''
        class NoneContext(Context):
            def get_run_id(self):
                raise NotImplementedError("Context is not set")

        class RedisRateLimiter:
            def cleanup(self) -> None:
                """No cleanup needed for Redis - TTL handles expiration."""
                pass

        def mark_order_paid(*args, **kwargs):
            raise NotImplementedError("This method is no longer supported since 1.17.")

        def report_spam(text, user_ip) -> None:
            """Report spam to external service."""
            # Akismet integration has been removed

        class EmbeddedDashboardDAO(BaseDAO):
            @classmethod
            def create(cls, item=None):
                raise NotImplementedError("Use EmbeddedDashboardDAO.upsert() instead.")
        ''',
        '''
        class IndicoPlugin(Plugin):
            def get_blueprints(self):
                """Return blueprints to be registered on the application."""
        ''',
    ]

    def begin(self) -> None:
        self._subclassed: set[str] = set()
        self._implemented: dict[str, set[str]] = {}  # method name -> classes with a real body for it
        self._class_facts: dict[int, tuple[int, bool, frozenset[str]]] = {}
        module = self.ctx.module
        path = self.ctx.path.replace("\\", "/")
        self._migration = _MIGRATION_PATH.search(path) is not None
        self._stub_or_example = path.endswith(".pyi") or _EXAMPLE_PATH.search(self.ctx.rel_path) is not None
        if module is not None:
            self._collect_bases(module.body)
            self._migration = self._migration or _is_alembic_revision(module.body)
        if self._subclassed:
            self.record_at(BASES, 1, 1, names=sorted(self._subclassed))

    def _collect_bases(self, statements: object) -> None:
        """Names used as base classes by class statements at module level or nested in classes, and
        the methods each such class implements with a real body."""
        for statement in statements if isinstance(statements, (list, tuple)) else ():
            if isinstance(statement, cst.ClassDef):
                for arg in statement.bases:
                    name = self._base_name(arg.value)
                    if name:
                        self._subclassed.add(name)
                if isinstance(statement.body, cst.IndentedBlock):
                    self._collect_bases(statement.body.body)
                    for method in statement.body.body:
                        if isinstance(method, cst.FunctionDef) and placeholder_kind(method.body) is None:
                            self._implemented.setdefault(method.name.value, set()).add(statement.name.value)
            elif isinstance(statement, (cst.If, cst.Try)) and isinstance(statement.body, cst.IndentedBlock):
                self._collect_bases(statement.body.body)

    def _base_name(self, expr: cst.BaseExpression) -> str | None:
        """The name a base class was defined under: `Base` for `m.Base`, `_Base` imported as
        `from pkg import Base as _Base`, or `typing.Protocol` imported as `_Protocol`."""
        while isinstance(expr, (cst.Call, cst.Subscript)):
            expr = expr.func if isinstance(expr, cst.Call) else expr.value
        qualified = self.ctx.qualname(expr)
        return qualified.rsplit(".", 1)[-1] if qualified else _last_name(expr)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if self._stub_or_example:
            return
        kind = placeholder_kind(node.body)
        if kind is None or self._declared(node, kind):
            return
        owner = self._owner_class()
        if owner is None:
            self.report(node.name)
        else:  # left to the project phase: a subclass in another file makes it an extension point
            self.record(METHOD, node.name, cls=owner.name.value, name=node.name.value)

    def _owner_class(self) -> cst.ClassDef | None:
        """The class whose body defines the function being visited, if any."""
        ancestors = self.ctx.ancestors
        return ancestors[-3] if len(ancestors) >= 3 and isinstance(ancestors[-3], cst.ClassDef) else None

    @classmethod
    def check_project(cls, facts: Sequence[Fact]) -> list[Finding]:
        """Placeholder methods of classes that no checked file subclasses."""
        subclassed = {name for fact in facts if fact.kind == BASES for name in fact.data["names"]}
        return [
            Finding(code=cls.code, path=fact.path, line=fact.line, column=fact.column, end_line=fact.line,
                    end_column=fact.column + len(fact.data["name"]), severity=cls.severity, name=cls.name,
                    message=cls.message)
            for fact in facts if fact.kind == METHOD and fact.data["cls"] not in subclassed
        ]

    def _declared(self, node: cst.FunctionDef, kind: str) -> bool:
        """True when the empty body is a declaration or a documented no-op, not missing work."""
        name = node.name.value
        if name.startswith("__") and name.endswith("__"):
            return True
        if any(_last_name(d.decorator) in _EXEMPT_DECORATORS or _supplies_body(d.decorator)
               or (_last_name(d.decorator) or "").endswith(_BODY_SUPPLYING) for d in node.decorators):
            return True
        if kind != "raise" and (_NOOP_NAME.match(name) or _takes_anything(node.params)):
            return True  # `noop`, `empty(*args, **kwargs)`: a default callable that accepts anything
        if self._migration and len(self.ctx.ancestors) <= 2:
            return True  # a migration's upgrade/downgrade/forwards/backwards function
        if _under_type_checking(self.ctx.ancestors):
            return True  # a declaration for type checkers, in a class or function under the guard
        owner = None
        for ancestor in reversed(self.ctx.ancestors[:-1]):
            if isinstance(ancestor, (cst.If, cst.Else, cst.ExceptHandler, cst.Try)):
                return True  # a conditional definition: a fallback or a TYPE_CHECKING declaration
            if isinstance(ancestor, cst.FunctionDef):
                if kind != "raise":
                    return True  # a nested no-op callback handed to someone else
                break
            if isinstance(ancestor, cst.ClassDef):
                owner = ancestor
                break
        if owner is not None and self._method_declared(owner, node, kind):
            return True
        if kind == "raise" and _UNSUPPORTED.search(_raise_message(node.body)):
            return True
        return any(_INTENT.search(text) for text in _comments(node))

    def _method_declared(self, cls: cst.ClassDef, node: cst.FunctionDef, kind: str) -> bool:
        """Is an empty method of `cls` an extension point, an interface member or an override?"""
        method = node.name.value
        if self._is_extension_base(cls) or _NULL_CLASS_NAME.search(cls.name.value):
            return True
        has_bases = any(self._base_name(arg.value) not in ("object", None) for arg in cls.bases)
        if kind == "pass" and has_bases:
            return True  # `pass` overriding an inherited method switches that behaviour off
        if has_bases and any(_OVERRIDE_INTENT.search(text) for text in self._stated_intent(node, kind)):
            return True  # an override documented as opting out of the inherited operation
        if kind != "raise" and self._implemented.get(method, set()) - {cls.name.value}:
            return True  # duck typing: another class of the file implements it; this variant does nothing
        not_implemented, all_placeholders, self_calls = self._class_facts_of(cls)
        if not has_bases and (not_implemented >= 2 or (not_implemented and all_placeholders)):
            return True  # an interface by convention: it declares operations for subclasses
        if kind == "raise" and has_bases and (method.startswith("_") or not all_placeholders) and not _PENDING.search(
                _raise_message(node.body)):
            return True  # a concrete class refusing an inherited operation it does not support
        return kind == "raise" and method in self_calls  # a template method's hook

    @staticmethod
    def _stated_intent(node: cst.FunctionDef, kind: str) -> Iterator[str]:
        """Where a body says why it is empty: a raise's message (its docstring describes the
        operation it refuses: "deletion should not fail"), else the docstring and comments."""
        if kind == "raise":
            yield _raise_message(node.body)
        else:
            yield from _comments(node)

    def _class_facts_of(self, cls: cst.ClassDef) -> tuple[int, bool, frozenset[str]]:
        """(methods raising NotImplementedError, every method is a placeholder, names called on
        `self`/`cls`), computed once per class."""
        facts = self._class_facts.get(id(cls))
        if facts is None:
            methods = [s for s in cls.body.body if isinstance(s, cst.FunctionDef)] if isinstance(
                cls.body, cst.IndentedBlock) else []
            kinds = [placeholder_kind(m.body) for m in methods]
            calls = frozenset(
                n.attr.value for n in iter_nodes(cls.body)
                if isinstance(n, cst.Attribute) and isinstance(n.value, cst.Name) and n.value.value in ("self", "cls")
            )
            facts = (kinds.count("raise"), bool(kinds) and None not in kinds, calls)
            self._class_facts[id(cls)] = facts
        return facts

    def _is_extension_base(self, cls: cst.ClassDef) -> bool:
        name = cls.name.value
        if name in self._subclassed or _BASE_CLASS_NAME.search(name):
            return True
        for arg in cls.bases:
            if self._base_name(arg.value) in _INTERFACE_BASES:
                return True
        return any(
            arg.keyword is not None and arg.keyword.value == "metaclass" and self._base_name(arg.value) == "ABCMeta"
            for arg in cls.keywords
        )
