"""HL404 exception-default: `except Exception` that answers every failure with a default value (opt-in).

## What it does
Flags the broad handlers (`except Exception`, `except BaseException`) that swallow the error the way
HL402 does not report: the body only returns or assigns a default built from literals and names
(`return None`, `return False`, `return []`, `settings = {}`), or passes and falls through to the
function's `return`, or keeps a default set before the `try`, or stays silent around code that does
no work (a read, a probe, a conversion) or under a comment. It runs only when selected by its full
code (`select = ["HL404"]`).

The same idioms as HL402 are left alone (re-raising, using the exception, logging or any other
call, the optional import, best-effort cleanup, another linter's broad-except suppression), and
HL402's own findings are not reported twice.

On real code most of these handlers are deliberate: the default *is* the contract of a parse,
lookup or predicate helper (`def is_valid(text)` returning False), which is why this check is
opt-in. Turn it on to review every place where a database outage or a bug would silently become
"not found", "invalid" or "empty".

## Why it matters
`except Exception: return None` cannot tell a missing row from a lost database connection, a typo
or a bug in a dependency: all of them become the same quiet default, and nothing reaches the logs
or the error tracker.

## Example
```python
def load_profile(user_id):
    try:
        return repository.profile(user_id)
    except Exception:
        return None
```

## Use instead
```python
def load_profile(user_id):
    try:
        return repository.profile(user_id)
    except ProfileNotFound:
        return None
```
Catch the exception that means "no value"; let the others propagate, or log them with the traceback.

## Fix safety
No fix: which exception means "no value" is the caller's knowledge.

## References
- CWE-390: Detection of Error Condition Without Action
- CWE-396: Declaration of Catch for Generic Exception
- ruff BLE001 (blind-except), pylint W0718 (broad-exception-caught)
"""

from __future__ import annotations

import libcst as cst

from hardlint.rule import Rule

from ._swallow import TRIGGER, leaves_no_trace, swallowed


class ExceptionDefault(Rule):
    code = "HL404"
    name = "exception-default"
    severity = "medium"
    message = "`except Exception` turns every failure into a default value; catch the exception that means it"
    triggers = TRIGGER
    production_only = True
    opt_in = True

    FLAG = [
        """
        try:
            work()
        except Exception:
            pass
        """,
        """
        def load_profile(user_id):
            try:
                return repository.profile(user_id)
            except Exception as exc:
                return None
        """,
        """
        try:
            settings = load_settings()
        except BaseException:
            settings = {}
            ready = False
        """,
        """
        def is_valid(text):
            try:
                parse(text)
                return True
            except Exception: return False
        """,
        """
        def parse_inputs(data):
            try:
                return json.loads(data)
            except Exception:
                pass
            return data
        """,
        """
        try:
            run()
        except (
            Exception
        ):  # best effort

            result: dict = {}
        """,
    ]
    CLEAN = [
        """
        for account in accounts:
            try:
                remote.push(account)
            except Exception:
                continue
        """,
        """
        try:
            value = int(text)
        except ValueError:
            value = 0
        """,
        """
        try:
            result = primary()
        except Exception:
            result = fallback()
        """,
        """
        try:
            work()
        except Exception:
            logger.warning("work failed, using defaults")
            result = None
        """,
        """
        try:
            import ujson as json
        except Exception:
            json = None
        """,
        """
        try:
            transport = conn.transport_cls
        except Exception:  # pylint: disable=broad-except
            transport = ""
        """,
    ]

    def _check(self, node: cst.ExceptHandler | cst.ExceptStarHandler) -> None:
        kind = swallowed(self.ctx, node)
        if kind is not None and not leaves_no_trace(self.ctx, node):
            self.report(node, f"`except {kind}` turns every failure into a default value and logs nothing; catch "
                              "the exception that means it, or log the others")

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        self._check(node)

    def visit_ExceptStarHandler(self, node: cst.ExceptStarHandler) -> None:
        self._check(node)
