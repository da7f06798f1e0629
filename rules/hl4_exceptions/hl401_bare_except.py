"""HL401 bare-except: `except:` catches everything, including KeyboardInterrupt and SystemExit.

## What it does
Flags `except:` clauses that name no exception type.

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
The fix rewrites `except:` to `except Exception:`, which stops catching `KeyboardInterrupt` and
`SystemExit`; that is the behaviour almost every handler intended, so it is a safe fix. Narrowing
further to the specific exception is left to you.

## References
- PEP 8, "Programming Recommendations": https://peps.python.org/pep-0008/#programming-recommendations
- CWE-396: Declaration of Catch for Generic Exception
"""

import libcst as cst

from hardlint.rule import Example, Rule


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
        Example(
            """
            def handler():
                try:
                    return load()
                except ValueError:
                    return None
                except:
                    raise
            """,
            fixed="""
            def handler():
                try:
                    return load()
                except ValueError:
                    return None
                except Exception:
                    raise
            """,
        ),
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
        if node.type is None:
            fixed = node.with_changes(
                type=cst.Name("Exception"), whitespace_after_except=cst.SimpleWhitespace(" ")
            )
            self.report(node, replacement=fixed, fix_message="Catch `Exception` instead of everything")
