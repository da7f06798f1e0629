'''HL202 fake-data: hard-coded sample records, fake people and test card numbers in production code.

## What it does
Flags fake data that production code serves or stores:
- functions named `sample_*`, `fake_*`, `dummy_*`, `mock_*`, `get_fake_*`, `make_sample_*` ... that
  return a literal record (a dict of literal values, or a list/tuple of such dicts);
- variables named `FAKE_USERS`, `sample_orders`, `MOCK_DATA` ... assigned a literal record;
- well-known fake people inside records (dict values and keyword arguments): `"John Doe"`,
  `"Jane Doe"`, `"Foo Bar"`, and e-mail addresses on example domains (`example.com`, `test.com`,
  `*.test`, `*.invalid` ...);
- published test card numbers (`4111111111111111`, `4242 4242 4242 4242` ...) and fake SSNs
  (`"123-45-6789"`) anywhere, as strings or integers.

Not flagged: the `default=` of a command-line option or of an environment/settings read
(`add_argument("--email", default="admin@example.com")`, `env.str("ADMIN_EMAIL", default=...)`: a
fallback the operator overrides, not a record), preview text of a layout element (`{"text": "John
Doe"}` in a PDF editor's sample), schema examples (`Field(examples=[...])`, `json_schema_extra`, `schema_extra`, OpenAPI
`example=`/`openapi_examples=`), docstrings and comments, comparisons (`if card == ...`), test code, and
files whose job is sample data: paths under `fixtures/`, `factories/`, `seeds/`, `examples/`, `demo/`,
`docs/`, and files such as `fixtures.py`, `seed_db.py`, `demo_data.py`.

## Why it matters
Sample records in a service end up in responses: a dashboard quietly showing "John Doe", an endpoint
that returns the same three orders whatever the database says, a "forgot password" e-mail sent to
`admin@example.com`. They make an unfinished feature look finished in a demo and fail silently in
production. Test card numbers in live payment code either fail every charge or reveal a test-mode
shortcut.

## Example
```python
def get_fake_orders():
    return [
        {"id": 1, "customer": "John Doe", "email": "john@example.com", "total": 42.0},
        {"id": 2, "customer": "Jane Doe", "email": "jane@example.com", "total": 13.5},
    ]
```

## Use instead
```python
def list_orders(session, customer_id):
    return session.scalars(select(Order).where(Order.customer_id == customer_id)).all()
```
Read records from the database or the upstream service. Keep sample data in test fixtures, factories or
a seed script, and document schemas with `Field(examples=[...])`.

## Fix safety
No fix is offered: the real data source has to be written.

## References
- RFC 2606, Reserved Top Level DNS Names: https://www.rfc-editor.org/rfc/rfc2606
- Stripe test card numbers: https://docs.stripe.com/testing
- CWE-1164: Irrelevant Code
'''

from __future__ import annotations

import re

import libcst as cst

from hardlint.literals import string_value
from hardlint.rule import Example, Rule, load_data

_DATA = load_data(__file__, "fake_data.toml")
_FUNCTION_NAME = re.compile(_DATA["function_name"], re.IGNORECASE)
_VARIABLE_NAME = re.compile(_DATA["variable_name"], re.IGNORECASE)
_FAKE_NAMES = frozenset(_DATA["fake_names"])
_FAKE_EMAIL = re.compile(_DATA["fake_email"], re.IGNORECASE)
_TEST_CARDS = frozenset(_DATA["test_cards"])
_FAKE_SSNS = frozenset(_DATA["fake_ssns"])
_EXAMPLE_KEYS = frozenset(_DATA["example_keys"])
_QUIET_DIRS = frozenset(_DATA["quiet_dirs"])
_DISPLAY_KEYS = frozenset(_DATA["display_keys"])
_OPTION_CALLS = frozenset(_DATA["option_calls"])
_ENVIRONMENT = frozenset(_DATA["environment_receivers"])
_QUIET_FILE = re.compile(_DATA["quiet_file"], re.IGNORECASE)
# The trigger (searched in the lowercased text): the words of the function/variable name patterns
# as whole parts of an identifier (`fake_users`, `get_sample`, not `samples`), a fake e-mail domain,
# and the fake names, SSNs and test cards themselves (a card may be split by spaces, dashes or
# underscores after its first four digits).
_NAME_WORDS = ("sample", "fake", "dummy", "mock", "placeholder", "stub")
_CARDS = (card[:4] + "".join(f"[ _-]*{digit}" for digit in card[4:]) for card in sorted(_TEST_CARDS))
TRIGGER = "(?i)" + "|".join([
    *(f"{word}(?![a-z0-9])(?<![a-z0-9]{word})" for word in _NAME_WORDS),
    r"@[\w.-]*(?:example|test|fake|dummy|foo|yourdomain|yourcompany|invalid)\b",
    *(re.escape(text) for text in sorted(_FAKE_NAMES | _FAKE_SSNS)),
    *_CARDS,
])

_LITERAL_ATOMS = (cst.SimpleString, cst.ConcatenatedString, cst.Integer, cst.Float, cst.Imaginary)


def is_literal(node: cst.CSTNode) -> bool:
    """A value written out in full: strings, numbers, True/False/None and containers of them."""
    if isinstance(node, _LITERAL_ATOMS):
        return not isinstance(node, cst.ConcatenatedString) or all(
            isinstance(part, cst.SimpleString) for part in (node.left, node.right))
    if isinstance(node, cst.Name):
        return node.value in ("True", "False", "None")
    if isinstance(node, cst.UnaryOperation):
        return isinstance(node.operator, cst.Minus) and isinstance(node.expression, (cst.Integer, cst.Float))
    if isinstance(node, cst.Dict):
        return all(isinstance(e, cst.DictElement) and is_literal(e.key) and is_literal(e.value) for e in node.elements)
    if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
        return all(isinstance(e, cst.Element) and is_literal(e.value) for e in node.elements)
    return False


def is_literal_record(node: cst.CSTNode | None) -> bool:
    """A non-empty literal dict, or a non-empty list/tuple of literal dicts."""
    if isinstance(node, cst.Dict):
        return bool(node.elements) and is_literal(node)
    if isinstance(node, (cst.List, cst.Tuple)):
        return bool(node.elements) and all(
            isinstance(e, cst.Element) and isinstance(e.value, cst.Dict) and is_literal_record(e.value)
            for e in node.elements
        )
    return False


def _name_of(node: cst.CSTNode | None) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return node.attr.value
    return string_value(node) or ""


def _option_default(arg: cst.Arg, call: cst.CSTNode | None) -> bool:
    """`default=` of a CLI option or an environment/settings read: a fallback, not a record."""
    if arg.keyword is None or arg.keyword.value != "default" or not isinstance(call, cst.Call):
        return False
    func = call.func
    if isinstance(func, cst.Name):
        return func.value in _OPTION_CALLS
    if isinstance(func, cst.Attribute):
        return func.attr.value in _OPTION_CALLS or _name_of(func.value).lower() in _ENVIRONMENT
    return False


def quiet_path(path: str) -> bool:
    """Files whose purpose is sample data: fixtures, factories, seeds, demos, docs."""
    parts = path.replace("\\", "/").lower().split("/")
    stem = parts[-1].rsplit(".", 1)[0]
    return any(part in _QUIET_DIRS for part in parts[:-1]) or _QUIET_FILE.search(stem) is not None


class FakeData(Rule):
    code = "HL202"
    name = "fake-data"
    severity = "medium"
    message = "Hard-coded fake data in production code; read real records from their source"
    triggers = TRIGGER
    production_only = True

    FLAG = [
        """
        user = User(name=form.name, email="john@exa" "mple.com")
        """,
        """
        def get_fake_orders():
            return [
                {"id": 1, "customer": "Alice", "total": 42.0},
                {"id": 2, "customer": "Bob", "total": 13.5},
            ]
        """,
        """
        class ProfileService:
            def sample_profile(self):
                return {"id": 7, "name": "Sam", "active": True, "tags": ["new"], "score": None}
        """,
        """
        MOCK_PRODUCTS = [{"sku": "A-1", "price": 9.99}, {"sku": "B-2", "price": -1}]
        """,
        """
        @app.get("/me")
        def me():
            return jsonify({"name": "John Doe", "plan": plan_for(current_user)})
        """,
        """
        user = User(name=form.name, email="john@example.com")
        """,
        """
        ADMIN = {"email": "admin@test.com", "role": "admin"}
        """,
        """
        def charge(amount):
            return stripe.Charge.create(amount=amount, source={"number": "4242 4242 4242 4242"})
        """,
        """
        DEFAULT_CARD = 4111111111111111
        """,
        """
        applicant = {"ssn": "123-45-6789", "income": income}
        """,
        """
        owner = Owner(name=env.str("OWNER_NAME"), email="owner@example.com")
        invite = send_invite(default="jane@example.com")
        """,
        """
        element = {"content": "attendee_name", "text": "John Doe", "owner": "John Doe"}
        """,
    ]
    CLEAN = [
        """
        user = User(name=form.name, email="ops@" "company.io")
        """,
        """
        import os

        parser.add_argument("--email", default="admin@example.com", help="Admin e-mail")
        ADMIN_EMAIL = env.str("ADMIN_EMAIL", default="admin@example.com")
        SENDER = os.environ.get("SENDER", default="noreply@example.com")

        @click.option("--owner", default="John Doe")
        def init(owner):
            return owner
        """,
        """
        layout.append({"type": "textarea", "content": "attendee_name", "text": "John Doe", "width": 150})
        """,
        """
        from pydantic import BaseModel, Field

        class UserOut(BaseModel):
            name: str = Field(examples=["John Doe"])
            email: str = Field(..., json_schema_extra={"example": "john@example.com"})
            model_config = {"json_schema_extra": {"examples": [{"name": "Jane Doe", "email": "jane@example.com"}]}}
        """,
        """
        @router.post("/users", openapi_examples={"basic": {"value": {"name": "John Doe"}}})
        def create_user(body: UserIn):
            return service.create(body)
        """,
        '''
        def get_sample_rate():
            """Sampling rate for traces, e.g. {"user": "john@example.com"} is never logged."""
            return {"rate": settings.trace_rate}
        ''',
        """
        def sample_users(session, limit):
            return session.execute(select(User).order_by(func.random()).limit(limit)).all()
        """,
        """
        def mock_payment_gateway():
            return {"provider": settings.provider, "key": settings.key}
        """,
        """
        if card_number == "4242424242424242" and not settings.LIVE:
            raise PaymentError("test card in live mode")
        """,
        """
        FROM_ADDRESS = os.environ["MAIL_FROM"]
        TEMPLATE = {"subject": "Welcome, {name}", "greeting": "Dear customer"}
        """,
        Example(
            """
            USERS = [{"name": "John Doe", "email": "john@example.com"}]
            """,
            path="app/fixtures/users.py",
        ),
        Example(
            """
            def seed():
                db.add(User(name="Jane Doe", email="jane@example.com"))
            """,
            path="scripts/seed_db.py",
        ),
        Example(
            """
            def fake_user():
                return {"name": "John Doe", "email": "john@example.com"}
            """,
            path="tests/factories.py",
        ),
    ]

    def begin(self) -> None:
        self._quiet = quiet_path(self.ctx.rel_path)
        self._functions: list[bool] = []

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._functions.append(bool(_FUNCTION_NAME.search(node.name.value)))

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._functions.pop()

    def visit_Return(self, node: cst.Return) -> None:
        if self._quiet or not self._functions or not self._functions[-1]:
            return
        if is_literal_record(node.value) and not self._in_example():
            function = self.ctx.enclosing(cst.FunctionDef)
            name = function.name.value if function is not None else "function"
            self.report(node, f"`{name}` returns a hard-coded sample record; read real records from their source")

    def visit_Assign(self, node: cst.Assign) -> None:
        if self._quiet or not is_literal_record(node.value):
            return
        for target in node.targets:
            name = _name_of(target.target)
            if _VARIABLE_NAME.search(name) and name.lower() not in _EXAMPLE_KEYS:
                self.report(node.value, f"`{name}` holds hard-coded sample records; read real records from "
                                        "their source")
                return

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        self._check_literal(node)

    def visit_ConcatenatedString(self, node: cst.ConcatenatedString) -> None:
        self._check_literal(node)

    def _check_literal(self, node: cst.SimpleString | cst.ConcatenatedString) -> None:
        """A whole literal (`"John" " Doe"` is one), judged by its value."""
        if self._quiet or isinstance(self.ctx.parent(), cst.ConcatenatedString):
            return
        value = string_value(node)
        if value is None or len(value) > 254:
            return
        text = value.strip()
        if text in _FAKE_SSNS:
            self._report_literal(node, f"Fake social security number {text!r} in production code", anywhere=True)
        elif text.replace(" ", "").replace("-", "") in _TEST_CARDS:
            self._report_literal(node, f"Test card number {text!r} in production code", anywhere=True)
        elif text.lower() in _FAKE_NAMES:
            self._report_literal(node, f"Fake person {text!r} in a hard-coded record", anywhere=False)
        elif "@" in text and _FAKE_EMAIL.match(text):
            self._report_literal(node, f"Fake e-mail address {text!r} in a hard-coded record", anywhere=False)

    def visit_Integer(self, node: cst.Integer) -> None:
        if not self._quiet and node.value.replace("_", "") in _TEST_CARDS:
            self._report_literal(node, f"Test card number {node.value} in production code", anywhere=True)

    def _report_literal(self, node: cst.CSTNode, message: str, *, anywhere: bool) -> None:
        parent = self.ctx.parent()
        if isinstance(parent, (cst.Expr, cst.ComparisonTarget, cst.Comparison, cst.MatchValue)):
            return  # a docstring, or a comparison against the literal
        if not anywhere:
            ancestors = self.ctx.ancestors
            in_record = (isinstance(parent, cst.DictElement) and parent.value is node
                         and (string_value(parent.key) or "").lower() not in _DISPLAY_KEYS) or (
                isinstance(parent, cst.Arg) and parent.keyword is not None
                and not _option_default(parent, ancestors[-3] if len(ancestors) >= 3 else None))
            if not in_record:
                return
        if not self._in_example():
            self.report(node, message + "; read real records from their source")

    def _in_example(self) -> bool:
        """Inside a schema example: `examples=`, `json_schema_extra`, `schema_extra = {...}` ..."""
        for node in self.ctx.ancestors:
            if isinstance(node, cst.Arg) and node.keyword is not None and node.keyword.value in _EXAMPLE_KEYS:
                return True
            if isinstance(node, cst.DictElement) and string_value(node.key) in _EXAMPLE_KEYS:
                return True
            if isinstance(node, (cst.Assign, cst.AnnAssign)):
                targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
                if any(_name_of(t) in _EXAMPLE_KEYS for t in targets):
                    return True
        return False
