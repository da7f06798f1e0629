"""HL402 swallowed-exception: `except Exception` whose handler drops the error without a trace.

## What it does
Flags `except Exception` / `except BaseException` handlers (also inside a tuple, with or without
`as e`, and `except*`) and `with contextlib.suppress(Exception):` blocks that drop the error without
a trace — the body only passes, continues or breaks (`pass`, `continue`, `...`, a string) — where
the silence does harm:
- the guarded code does *work*: it writes, sends, saves, deletes, pays, runs a job
  (`remote.push(account)`, `mailer.send(...)`, `session.commit()`): a failure nobody hears about
  is lost work;
- or the `try` is the only place that binds a name the code after it reads (`try: client = connect()`
  / `except Exception: pass` / `client.send(...)`): the swallowed error comes back as a NameError
  somewhere else — reported even when a comment explains the silence;
- or the handler names `BaseException` (`except BaseException: pass`, also after an
  `except Exception: raise` handler, where it catches nothing but KeyboardInterrupt, SystemExit and task
  cancellation): the silence keeps the program from being stopped, whatever the guarded code does;
- or the owners marked the silence `# TODO` / `# FIXME`;
- or the handler answers an HTTP client with a generic error built from literals
  (`return jsonify(error="failed"), 500`) and logs nothing.

A handler is not flagged when it re-raises (`raise`, `raise X from e`), uses the exception object
(`errors.append(e)`, `return error_response(e)` — an error response built from it is HL403's
business), or calls anything else: logging (`logger.exception(...)`, `logging.warning(...)`),
error reporting (`sentry_sdk.capture_exception()`, `traceback.print_exc()`, `warnings.warn(...)`),
cleanup (`db.rollback()`) or a fallback (`return load_from_cache()`). Specific exception types are
not flagged. Neither is a silence that is the code's contract or a reviewed decision; the opt-in
HL404 reports those:
- a handler that returns or assigns a default (`return None`, `return False`, `value = {}`) — the
  contract of parse, lookup and predicate helpers — and a silence around code that does no work
  (reads, probes, conversions, logging and telemetry calls);
- a `pass` that falls through to the function's `return` (`try: return json.loads(text)` /
  `except Exception: pass` / `return text`);
- a handler with a comment saying why (`# the cache is optional`; a `# TODO` or a linter directive
  explains nothing), or under a comment above the `try` that speaks of failure
  (`# best effort: must never break saving`), or whose `except` line carries another linter's
  broad-except suppression (`# noqa: BLE001`, `# pylint: disable=broad-except`, `# nosec`);
- a fallback: a `pass` that keeps a default set before the `try` (`result = None` / `try: result = f()`),
  a loop that tries candidates until one succeeds (`for parse in parsers: try: return parse(text)`), a
  `try` that calls nothing (`x = obj._config.size`: a lookup, whose failure means "absent"), a `try`
  that returns the result and lets a failure go on to the next way of getting it, a fallback inside
  another handler, where the outer error is the one being handled, and a silence inside the body of an
  outer `try` whose handler logs: the author set the error policy for the whole block;
- code that must never raise: `__del__`, `__exit__`, `__repr__`, `__str__`, functions whose name
  promises it (`_safe_dumps`, `kill_quietly`, `try_parse`) or that clean up (`cleanup`, `close_all`),
  logging filters and handlers (`filter(self, record)`);
- the optional import (`try: import ujson ...` / `except Exception: ujson = None`) and best-effort
  cleanup, a `try` or `contextlib.suppress` block that only closes or releases something
  (`try: stream.close()` / `except Exception: pass`, `with suppress(Exception): await ws.close()`) or
  reaps a task the function cancelled (`task.cancel()` then `with suppress(BaseException): await task`).

## Why it matters
A broad handler that keeps quiet turns every failure — a typo, a lost database connection, a bug in
a dependency — into a silent wrong result. Nobody is paged, nothing reaches the logs or the error
tracker, and the first sign of the problem is corrupted data or a user report days later.

## Example
```python
for order in pending_orders():
    try:
        charge(order)
    except Exception:
        continue
```

## Use instead
```python
for order in pending_orders():
    try:
        charge(order)
    except PaymentDeclined:
        mark_declined(order)
    except Exception:
        logger.exception("charging order %s failed", order.id)
```
Catch the exceptions you expect and can handle; where a boundary must catch everything, log with
the traceback (`logger.exception`) and re-raise or answer with an error.

## Fix safety
No fix: whether to log, narrow the type or re-raise depends on what the caller expects.

## References
- CWE-390: Detection of Error Condition Without Action
- CWE-396: Declaration of Catch for Generic Exception
- bandit B110 (try_except_pass), B112 (try_except_continue); ruff BLE001, S110, S112
"""

from __future__ import annotations

import libcst as cst

from hardlint.rule import Rule

from ._swallow import TRIGGER, leaves_no_trace, suppressed, swallowed


class SwallowedException(Rule):
    code = "HL402"
    name = "swallowed-exception"
    severity = "high"
    message = "`except Exception` swallows the error; log it with the traceback, re-raise, or catch a specific type"
    triggers = TRIGGER
    production_only = True

    FLAG = [
        """
        try:
            save_report()
        except Exception:
            pass
        """,
        """
        try:
            client = connect(url)
        except Exception:
            pass
        client.send(payload)
        """,
        """
        try:
            refresh_cache()
        except Exception:
            pass  # FIXME: find out why this fails on Mondays
        """,
        """
        def sync_all(accounts):
            for account in accounts:
                try:
                    push(account)
                except Exception as exc:
                    pass  # TODO: handle
        """,
        """
        for item in items:
            try:
                process(item)
            except (ValueError, Exception):
                continue
        """,
        """
        from flask import jsonify
        def export():
            try:
                return jsonify(build_export())
            except BaseException:
                return jsonify(status="error"), 500
        """,
        """
        @app.route("/report")
        def report():
            try:
                return jsonify(build_report())
            except Exception:
                return jsonify({"error": "internal error"}), 500
        """,
        """
        def save(record):
            try:
                store.put(record)
            except Exception: pass
        """,
        """
        try:
            await publish_jobs()
        except* Exception:
            ...
        """,
        """
        while True:
            try:
                queue.put(next_item())
            except Exception:
                \"\"\"Nothing to do.\"\"\"
                break
        """,
        """
        try:
            run()
        except (
            Exception
        ):  # noqa: E722

            pass
        """,
            """
        import contextlib
        for order in orders:
            with contextlib.suppress(Exception):
                charge(order)
        """,
        """
        from contextlib import suppress
        with open(path) as handle, suppress(BaseException):
            publish(handle.read())
        """,
        """
        def refresh(cache, key, loader):
            try:
                cache.set(key, loader())
            except Exception as exc:
                raise exc
            except BaseException:
                pass
        """,
        """
        for item in items:
            try:
                results.append(parse(item))
            except (ValueError, BaseException):
                continue
        """,
        # Awaiting a task nobody cancelled: its own failure is what the block drops.
        """
        import contextlib

        async def finish(task, other):
            other.cancel()
            with contextlib.suppress(BaseException):
                await task
            try:
                await task
            except BaseException:
                pass
        """,
        # A close among other work is not cleanup-only.
        """
        import contextlib

        async def flush(ws, frames):
            with contextlib.suppress(Exception):
                await ws.send_text(frames.pop())
                await ws.close()
        """,
    ]

    CLEAN = [
        # Best-effort cleanup in a suppress block: closing, and reaping a task the function cancelled.
        """
        import contextlib
        import anyio

        async def relay(ws, upstream, pending, self):
            try:
                await upstream.forward(ws)
            finally:
                pending.cancel()
                self._reader.cancel()
                with anyio.CancelScope(shield=True), contextlib.suppress(BaseException):
                    await pending
                with contextlib.suppress(Exception):
                    await ws.close()
                    await upstream.aclose()
                try:
                    await self._reader
                except BaseException:
                    pass
        """,
        """
        def repl_id():
            try:
                return runtime_client().send_repl_id()
            except Exception:
                pass
            return entry_point().getReplId()
        """,
        """
        def delete_demo(client, ids):
            try:
                if ids:
                    try:
                        client.delete_traces(ids)
                    except Exception:
                        pass
            except Exception:
                logger.debug("deleting demo traces failed", exc_info=True)
        """,
        """
        for key in dir(instance):
            try:
                value = getattr(instance, key, None)
            except Exception:
                continue
            attributes[key] = value
        """,
        """
        try:
            work()
        except Exception:
            pass  # HL404 (opt-in): a silence around no work
        """,
        """
        try:
            spark = active_session()
        except Exception:
            pass
        else:
            spark.stop()
        """,
        """
        try:
            log_autolog_called(name, config)
        except Exception:
            pass
        """,
        """
        def cost(model):
            result = None
            if model:
                try:
                    result = price_per_token(model)
                except Exception:
                    pass
            return result or 0
        """,
        """
        def load_model(model):
            for validate in (validate_langchain, validate_llama_index):
                try:
                    return validate(model)
                except Exception:
                    pass
            raise ModelError("unsupported model")
        """,
        """
        def configure(client):
            try:
                client._config.max_single_get_size = 1024
            except Exception:
                pass
        """,
        """
        def log_model(info):
            # best effort: rendering must never break saving the model
            try:
                display(render(info))
            except Exception:
                pass
        """,
        """
        def env_value(name, default):
            for settings_file in SETTINGS_FILES:
                try:
                    value = read(settings_file)[name]
                    if value is not None:
                        return value
                except Exception:
                    pass
            return default
        """,
        """
        def cleanup(self):
            try:
                self._container.remove(force=True)
            except Exception:
                pass
            shutil.rmtree(self._io_dir, ignore_errors=True)
        """,
        """
        from contextlib import suppress
        with suppress(KeyError):
            del cache[key]
        """,
        """
        import contextlib
        # optional dependency: importing it fails when it is not installed
        with contextlib.suppress(Exception):
            enable_gateway()
        """,
        """
        import contextlib
        with contextlib.suppress(Exception):
            from mlflow import gateway
        """,
        """
        import contextlib
        def _safe_end_run():
            with contextlib.suppress(Exception):
                end_run()
        """,
        """
        def _kill_quietly(container):
            try:
                container.kill()
            except Exception:
                pass
        """,
        """
        def load_profile(user_id):
            try:
                return repository.profile(user_id)
            except Exception:
                return None  # HL404 (opt-in) reports defaults
        """,
        """
        def is_valid(text):
            try:
                parse(text)
                return True
            except Exception:
                return False
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
            display(render(model))
        except Exception:
            # rendering is cosmetic and must never break saving the model
            pass
        """,
        """
        for table, path in artifacts.items():
            try:
                tables[table] = load_table(path)
            except Exception:
                pass  # not a table
        """,
        """
        try:
            load(search_index)
        except SearchIndexError as error:
            try:
                detail = repr(error.args)
            except Exception:
                detail = "unprintable"
            abort(500, "search index failed")
        """,
        """
        class SecretFilter(logging.Filter):
            def filter(self, record):
                try:
                    record.msg = redact(record.msg)
                except Exception:
                    pass
                return True
        """,
        """
        class Session:
            def __del__(self):
                try:
                    self.flush()
                except Exception:
                    pass
        """,
        """
        try:
            import label_studio_ml
            versions["ml"] = label_studio_ml.__version__
        except Exception:
            pass
        """,
        """
        try:
            work()
        except Exception:
            logger.exception("work failed")
        """,
        """
        try:
            work()
        except Exception:
            raise
        """,
        """
        try:
            work()
        except Exception as exc:
            raise ServiceError("work failed") from exc
        """,
        """
        try:
            work()
        except Exception as exc:
            errors.append(exc)
        """,
        """
        try:
            work()
        except Exception as exc:
            return {"error": str(exc)}, 500  # HL403's business
        """,
        """
        try:
            work()
        except Exception:
            sentry_sdk.capture_exception()
            return None
        """,
        """
        try:
            work()
        except Exception:
            traceback.print_exc()
        """,
        """
        try:
            work()
        except Exception:
            warnings.warn("work failed, using defaults")
            result = None
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
            db.session.rollback()
            return None
        """,
        """
        try:
            value = int(text)
        except ValueError:
            value = 0
        """,
        """
        try:
            import ujson as json
        except Exception:
            json = None
        """,
        """
        try:
            self.stream.close()
        except Exception:
            pass
        """,
        """
        async def stop(self):
            try:
                await self._proc.aclose()
            except Exception:
                pass
        """,
        """
        try:
            pool.force_close_all()
        except Exception:
            pass
        """,
        """
        try:
            transport = conn.transport_cls
        except Exception:  # pylint: disable=broad-except
            transport = ""
        """,
        """
        try:
            tree = parse(candidate)
        except Exception:  # noqa: BLE001 - any parser failure rejects the fix
            tree = None
        """,
        """
        try:
            with open(path) as handle:
                data = handle.read()
        except OSError:
            data = ""
        """,
        """
        try:
            work()
        except Exception:
            if strict:
                raise
            return None
        """,
        """
        try:
            work()
        except Exception:
            failures += 1
        """,
        """
        try:
            cache.set(key, loader())
        except Exception:
            pass  # HL404 (opt-in): no work, and Ctrl-C still stops the program
        """,
        """
        try:
            session.work()
        except BaseException:
            session.rollback()
            raise
        """,
        """
        def main():
            try:
                serve()
            except KeyboardInterrupt:
                sys.exit(130)
        """,
        """
        try:
            value = cache.get(key)
        except BaseException:
            pass  # the cache is optional; a lost key is read again
        """,
        """
        class Connection:
            def __del__(self):
                try:
                    self.flush()
                except BaseException:
                    pass
        """,
    ]

    def _check(self, node: cst.ExceptHandler | cst.ExceptStarHandler) -> None:
        kind = swallowed(self.ctx, node)
        if kind is not None and leaves_no_trace(self.ctx, node):
            self.report(node, f"`except {kind}` swallows the error: nothing is logged or re-raised; log it with "
                              "the traceback, re-raise, or catch the specific exception")

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        self._check(node)

    def visit_ExceptStarHandler(self, node: cst.ExceptStarHandler) -> None:
        self._check(node)

    def visit_With(self, node: cst.With) -> None:
        call = suppressed(self.ctx, node)
        if call is not None:
            self.report(call, "`contextlib.suppress(Exception)` swallows every error of its block: nothing is "
                              "logged or re-raised; suppress the specific exception, or log the others")
