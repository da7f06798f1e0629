"""HL401 bare-except: `except:` catches everything, including KeyboardInterrupt and SystemExit.

## What it does
Flags `except:` clauses that name no exception type.

Not flagged, as in ruff's E722: a handler that re-raises what it caught with a bare `raise`
(`except: rollback(); raise` is the canonical cleanup-and-re-raise and catches nothing for good),
and a handler whose `except` line already carries the suppression of another linter's bare-except
check (`# noqa: E722`, `# pylint: disable=bare-except`): the owners reviewed that one.

## Why it matters
A bare `except:` also catches `KeyboardInterrupt`, `SystemExit` and `GeneratorExit`, so a worker
cannot be stopped cleanly and a failing request is silently turned into a wrong answer. It hides
the one error you needed to see in production, and it hides it from your error tracker too.

## Example
```python
try:
    order = repository.load(order_id)
except:
    order = None
```

## Use instead
```python
try:
    order = repository.load(order_id)
except OrderNotFound:
    order = None
```
Catch the specific errors you can handle. Where a boundary really must catch everything, catch
`Exception`, log it with the traceback and re-raise or return an error response.

## Fix safety
The fix rewrites `except:` to `except Exception:`, which stops catching `KeyboardInterrupt`,
`SystemExit` and `GeneratorExit`. It is marked **safe** (applied by `--fix`) only for a lone
handler that does not raise, around code that neither yields nor exits: there the change is the
behaviour the handler intended. It is **unsafe** (applied only with `--fix --unsafe-fixes`) when
the handler raises (it used to turn Ctrl-C into that error), when earlier handlers of the same `try`
make it the catch-all of everything else, or when the `try` yields (`GeneratorExit`) or calls
`sys.exit()`/`exit()` (`SystemExit`): there it may change what the program does. Narrowing further to
the specific exception is left to you.

## References
- PEP 8, "Programming Recommendations": https://peps.python.org/pep-0008/#programming-recommendations
- CWE-396: Declaration of Catch for Generic Exception
"""

import re

import libcst as cst

from hardlint.rule import Example, Rule
from hardlint.walker import children

from ._handlers import acknowledged, callee_name, earlier_handlers, raises, reraises

# Another linter's bare-except suppression on the `except` line: flake8/ruff E722, pylint W0702.
ACKNOWLEDGED = (re.compile(r"noqa\s*:[A-Z0-9,\s]*\bE722\b", re.IGNORECASE),
                re.compile(r"pylint:\s*disable=[\w,\- ]*(?:bare-except|W0702)"))
# Calls that exit through SystemExit, which a bare `except` around them catches on purpose.
_EXITS = frozenset({"exit", "quit", "_exit"})


class BareExcept(Rule):
    code = "HL401"
    name = "bare-except"
    severity = "high"
    message = "Bare `except:` also catches KeyboardInterrupt and SystemExit; name the exceptions you handle"
    triggers = r"except\s*:"
    production_only = False

    FLAG = [
        Example(
            """
            try:
                work()
            except:
                pass
            """,
            fixed="""
            try:
                work()
            except Exception:
                pass
            """,
        ),
        """
        def handler():
            try:
                return load()
            except ValueError:
                return None
            except:
                return fallback()
        """,
        """
        try:
            connection.commit()
        except:
            connection.rollback()
            raise DatabaseError("commit failed")
        """,
        """
        try:
            work()
        except:  # noqa: E501
            pass
        """,
    ]
    CLEAN = [
        """
        try:
            work()
        except Exception:
            log.exception("work failed")
            raise
        """,
        """
        try:
            result = backend.delete(context, data_dict)
        except:
            # if we cancelled an earlier count job, reschedule it before failing
            if cancelled:
                schedule_count(resource_id)
            raise
        """,
        """
        try:
            import ujson as json
        except:  # noqa: E722
            import json
        """,
        """
        try:
            work()
        except:  # pylint: disable=bare-except
            pass
        """,
        """
        try:
            work()
        except (KeyError, ValueError) as exc:
            handle(exc)
        """,
        '''
        HELP = """
        try:
            work()
        except:
            pass
        """
        ''',
        """
        try:
            work()
        except* ValueError:
            pass
        """,
    ]

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if node.type is not None or reraises(node.body) or acknowledged(node, ACKNOWLEDGED):
            return
        fixed = node.with_changes(type=cst.Name("Exception"), whitespace_after_except=cst.SimpleWhitespace(" "))
        safe = not self._behaviour_changes(node)
        self.report(node, replacement=fixed, applicability="safe" if safe else "unsafe",
                    fix_message="Catch `Exception` instead of everything"
                    + ("" if safe else " (may change behaviour: review it)"))

    def _behaviour_changes(self, node: cst.ExceptHandler) -> bool:
        """Catching `Exception` instead of everything may change what this handler does."""
        try_node = self.ctx.parent()
        if raises(node.body) or earlier_handlers(try_node, node):
            return True
        return isinstance(try_node, cst.Try) and _yields_or_exits(try_node.body)


def _yields_or_exits(node: cst.CSTNode) -> bool:
    """`yield` (GeneratorExit) or `sys.exit()`/`exit()`/`os._exit()` (SystemExit) in the guarded code."""
    if isinstance(node, cst.Yield):
        return True
    if isinstance(node, (cst.FunctionDef, cst.Lambda, cst.ClassDef)):
        return False  # their code runs elsewhere
    if isinstance(node, cst.Call) and callee_name(node) in _EXITS:
        return True
    return any(_yields_or_exits(child) for child in children(node))
