'''HL103 placeholder-value: a literal such as "changeme" or "your-api-key-here" used as a real value.

## What it does
Flags string literals that are placeholders - `"changeme"`, `"replace-me"`, `"your-api-key-here"`,
`"<your-token>"`, `"sk-xxxx"`, `"xxxxxxxx"`, `"TBD"`, `"Lorem ipsum ..."` - where production code uses
them as values: assigned to a name, attribute or key, passed as an argument, stored in a dict, returned,
or used as a parameter default.

It stays quiet where the literal is not a value: comparisons and membership tests
(`if key == "changeme": raise ...` is a guard against placeholders, which is good code), string
method arguments (`.startswith("your-")`), list/tuple/set members (`INSECURE = {"changeme", ...}`),
demo blocks under `if __name__ == "__main__":`, UI and schema text (`placeholder=`, `help=`, `example=`, `description=` keywords and dict keys,
however deep the literal sits inside them), translated text (`label=_("Your current password")`,
`gettext(...)`), documentation examples (`OpenApiExample(value={"key": "xxxxx"})`), names
that say they hold a placeholder (`PLACEHOLDER_TOKEN = "changeme"`), docstrings, comments and tests.
The word `"todo"` is not a placeholder value: it is a common task status, and a bare `"XXX"` is the
ISO 4217 code for "no currency" and a user-assigned ISO 3166 country code (four or more x's are a placeholder). Addresses on `example.com`
are left to HL202 (inside records) and HL503 (endpoints): as UI hints they are legitimate.

## Why it matters
A placeholder that reaches production is a value nobody chose. A secret key of `"changeme"` is a key
every attacker has already tried; an API key of `"your-api-key-here"` makes the integration fail only
when the first real request is made; "Lorem ipsum" ends up in a customer e-mail. These values survive
review because they look intentional at a glance.

## Example
```python
SECRET_KEY = "changeme"
client = PaymentsClient(api_key="your-api-key-here")
```

## Use instead
```python
SECRET_KEY = os.environ["SECRET_KEY"]
client = PaymentsClient(api_key=settings.payments_api_key)
```
Read real values from the environment or a secret store and fail at start-up when they are missing.
A check that refuses placeholder values (`if SECRET_KEY == "changeme": raise ...`) is welcome.

## Fix safety
No fix is offered: the real value is not in the code.

## References
- OWASP Top 10 A05:2021, Security Misconfiguration: https://owasp.org/Top10/A05_2021-Security_Misconfiguration/
- CWE-1188: Initialization of a Resource with an Insecure Default
- CWE-798: Use of Hard-coded Credentials
'''

from __future__ import annotations

import re

import libcst as cst

from hardlint.literals import string_value
from hardlint.rule import Example, Rule, load_data

_DATA = load_data(__file__, "placeholder_values.toml")
_EXACT = frozenset(_DATA["exact"])
_PATTERNS = re.compile("|".join(f"(?:{p})" for p in _DATA["patterns"]))
_IGNORED_KEYS = frozenset(_DATA["ignored_keys"])
_IGNORED_NAME_PARTS = tuple(_DATA["ignored_name_parts"])
_COMPARISON_METHODS = frozenset(_DATA["comparison_methods"])
_TRANSLATIONS = frozenset(_DATA["translation_functions"])
_EXAMPLE_CALLS = tuple(_DATA["example_call_suffixes"])

# The trigger, searched in the lowercased text: the placeholder must be a whole string literal, so
# the exact values and the `^`/`$`-anchored patterns are searched between a quote and optional
# (possibly escaped) whitespace, which `str.strip()` drops. Unanchored patterns stay as they are.
_QUOTE = "[\"']"
_SPACE = r"(?:[ \t\n\r\f\v\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]|\\[ntrfv])"
_START = _QUOTE + _SPACE + "*"
_END = _SPACE + "*" + _QUOTE


def _in_literal(pattern: str) -> str:
    """A `^`-anchored `pattern` (searched in a stripped value) rewritten to follow `_START` in source."""
    pattern = pattern.replace(r"\s", _SPACE)[1:]
    return pattern[:-1] + _END if pattern.endswith("$") else pattern


_ANCHORED = [pattern for pattern in _DATA["patterns"] if pattern.startswith("^")]
# The other patterns, each loosened to start with a literal (a quote-first alternation over the whole
# file is several times slower): `...here$` becomes `here` closing a string.
_LOOSE = [r"here" + _END, r"your[-_]?(?:domain|company|server|host|app|project|bucket|org)\.", "lorem ipsum"]
TRIGGER = "(?i)" + "|".join([
    _START + "(?:(?:" + "|".join(re.escape(value) for value in sorted(_EXACT)) + ")" + _END
    + "".join("|" + _in_literal(pattern) for pattern in _ANCHORED) + ")",
    *_LOOSE,
])


def is_placeholder(value: str) -> bool:
    """True when the whole string `value` is a placeholder."""
    text = value.strip().lower()
    return bool(text) and (text in _EXACT or _PATTERNS.search(text) is not None)


def _target_name(node: cst.CSTNode | None) -> str:
    """A name for an assignment target or dict key: `a.b`, `config["KEY"]` -> `KEY`, or ''."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return node.attr.value
    if isinstance(node, cst.Subscript) and len(node.slice) == 1:
        index = node.slice[0].slice
        if isinstance(index, cst.Index):
            return string_value(index.value) or ""
    return string_value(node) or ""


def _named_as_placeholder(name: str) -> bool:
    lowered = name.lower()
    return any(part in lowered for part in _IGNORED_NAME_PARTS)


def _call_name(call: cst.Call) -> str:
    func = call.func
    return func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else ""


def _documents(ancestors: list[cst.CSTNode]) -> bool:
    """Is the literal display text or a documentation example: inside a `label=`/`help=`/`examples=`
    argument (however deeply), a gettext call, or a call that builds an example (`OpenApiExample`)?"""
    for node in ancestors:
        if isinstance(node, cst.Arg) and node.keyword is not None and node.keyword.value.lower() in _IGNORED_KEYS:
            return True
        if isinstance(node, cst.Call):
            name = _call_name(node)
            if name in _TRANSLATIONS or name.endswith(_EXAMPLE_CALLS):
                return True
    return False


def _is_main_guard(test: cst.BaseExpression) -> bool:
    """`__name__ == "__main__"`: a demo or script block, not the code a service runs."""
    return (
        isinstance(test, cst.Comparison)
        and isinstance(test.left, cst.Name)
        and test.left.value == "__name__"
        and len(test.comparisons) == 1
        and string_value(test.comparisons[0].comparator) == "__main__"
    )


class PlaceholderValue(Rule):
    code = "HL103"
    name = "placeholder-value"
    severity = "high"
    message = "Placeholder literal used as a real value; load the real value from configuration"
    triggers = TRIGGER
    production_only = True

    FLAG = [
        # Read as CPython reads it: implicit concatenation and escapes spell the same placeholder.
        r"""
        SECRET_KEY = "chan" "geme"
        API_KEY = "\x63hangeme"
        """,
        """
        SECRET_KEY = "changeme"
        """,
        """
        client = PaymentsClient(api_key="your-api-key-here")
        """,
        """
        app.config["JWT_SECRET"] = "replace-me"
        """,
        """
        settings: dict = {"api_token": "<your-token>", "region": "eu-west-1"}
        """,
        """
        def connect(password="CHANGE_ME"):
            return db.connect(user="app", password=password)
        """,
        """
        def welcome_text():
            return "Lorem ipsum dolor sit amet, consectetur adipiscing elit."
        """,
        """
        import os
        STRIPE_KEY = os.getenv("STRIPE_KEY", "sk-xxxxxxxxxxxxxxxx")
        """,
        """
        class Settings(BaseSettings):
            openai_api_key: str = "YOUR_OPENAI_API_KEY"
            release_date: str = "TBD"
        """,
        """
        WEBHOOK_URL = "https://your-domain.com/hooks/payments"
        """,
        """
        self.api_key = "xxxxxxxx"
        """,
        """
        DB_PASSWORD = "password-goes-here"
        TOKEN = "{your_token}"
        """,
        """
        API_KEY = "  changeme\\n"
        """,
        """
        client = PaymentsClient(api_key="XXXX", title="Payments")
        """,
        """
        DEFAULTS = {"label": "Payments", "api_key": str("your-api-key-here")}
        """,
    ]
    CLEAN = [
        # The whole literal is judged, not its parts; a raw string's backslash is text.
        r"""
        HELP = "set SECRET_KEY, " "then change me"
        PATTERN = r"\x63hangeme"
        """,
        """
        if settings.SECRET_KEY == "changeme":
            raise RuntimeError("set SECRET_KEY")
        """,
        """
        INSECURE_DEFAULTS = {"changeme", "replace-me", "your-api-key-here"}
        if key in INSECURE_DEFAULTS or key.startswith("your-"):
            raise ValueError("placeholder key")
        """,
        '''
        def load_key():
            """Read the key; never ship "changeme" as its value."""
            # e.g. SECRET_KEY = "changeme" in .env.example
            return os.environ["SECRET_KEY"]
        ''',
        """
        api_key = forms.CharField(widget=forms.TextInput(attrs={"placeholder": "your-api-key-here"}))
        """,
        """
        class Settings(BaseModel):
            api_key: str = Field(..., examples=["your-api-key-here"], description="tbd")
        """,
        """
        PLACEHOLDER_SECRET = "changeme"
        """,
        """
        STATUSES = ("todo", "doing", "done")
        task = Task(title=title, status="todo")
        """,
        """
        parser.add_argument("--token", metavar="YOUR_TOKEN", help="your-api-key-here")
        """,
        """
        match value:
            case "changeme":
                raise ValueError("TBD")
        """,
        """
        MASKED_CARD = "xxxx"
        header = "Authorization: " + "xxxx"
        """,
        """
        if __name__ == "__main__":
            print(render(Text("Lorem ipsum dolor sit amet")))
            demo = "Lorem ipsum dolor sit amet"
        """,
        Example(
            """
            SECRET_KEY = "changeme"
            """,
            path="tests/settings_test.py",
        ),
        """
        from django.utils.translation import gettext_lazy as _

        class PasswordForm(forms.Form):
            old_pw = forms.CharField(required=True, label=_("Your current password"),
                                     widget=forms.PasswordInput())
            token = forms.CharField(help_text=gettext("Your API token"))
        """,
        """
        @extend_schema_serializer(
            examples=[
                OpenApiExample(
                    "Service settings example",
                    value={"service1": {"key": "XXXXXXX", "credentials": "XXXXXXX"}},
                ),
            ]
        )
        class ServiceConfigSerializer(serializers.Serializer):
            configuration = serializers.DictField()
        """,
        """
        Order.objects.filter(currency__in=RETIRED_CURRENCIES).update(currency="XXX")
        row["country"] = "XXX"
        """,
    ]

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        self._check_literal(node)

    def visit_ConcatenatedString(self, node: cst.ConcatenatedString) -> None:
        self._check_literal(node)

    def _check_literal(self, node: cst.SimpleString | cst.ConcatenatedString) -> None:
        """A whole literal (`"chan" "geme"` is one), judged by its value."""
        if isinstance(self.ctx.parent(), cst.ConcatenatedString):
            return  # a part of a literal, judged whole
        value = string_value(node)
        if value is None or not is_placeholder(value):
            return
        if self._used_as_value(node):
            self.report(node, f"Placeholder literal {value.strip()[:40]!r} used as a real value; "
                              "load the real value from configuration")

    def _used_as_value(self, node: cst.SimpleString | cst.ConcatenatedString) -> bool:
        ancestors = self.ctx.ancestors
        if any(isinstance(a, cst.If) and _is_main_guard(a.test) for a in ancestors) or _documents(ancestors):
            return False
        parent = ancestors[-2] if len(ancestors) >= 2 else None
        if isinstance(parent, cst.Assign) and parent.value is node:
            return not any(_named_as_placeholder(_target_name(t.target)) for t in parent.targets)
        if isinstance(parent, cst.AnnAssign) and parent.value is node:
            return not _named_as_placeholder(_target_name(parent.target))
        if isinstance(parent, cst.Param) and parent.default is node:
            return not _named_as_placeholder(parent.name.value)
        if isinstance(parent, cst.DictElement) and parent.value is node:
            key = _target_name(parent.key)
            return key.lower() not in _IGNORED_KEYS and not _named_as_placeholder(key)
        if isinstance(parent, cst.Return):
            function = self.ctx.enclosing(cst.FunctionDef)
            return function is None or not _named_as_placeholder(function.name.value)
        if isinstance(parent, cst.Arg) and parent.value is node and len(ancestors) >= 3:
            call = ancestors[-3]
            if not isinstance(call, cst.Call) or self.ctx.enclosing(cst.Raise) is not None:
                return False
            if parent.keyword is not None and (
                parent.keyword.value.lower() in _IGNORED_KEYS or _named_as_placeholder(parent.keyword.value)
            ):
                return False
            return not (isinstance(call.func, cst.Attribute) and call.func.attr.value in _COMPARISON_METHODS)
        return False
