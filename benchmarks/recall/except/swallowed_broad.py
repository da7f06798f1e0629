# source: https://github.com/astral-sh/ruff/blob/main/crates/ruff_linter/resources/test/fixtures/flake8_blind_except/BLE.py
# source: https://github.com/astral-sh/ruff/blob/main/crates/ruff_linter/resources/test/fixtures/flake8_bandit/S112.py
# source: https://github.com/PyCQA/bandit/blob/main/examples/try_except_pass.py
# source: https://docs.astral.sh/ruff/rules/suppressible-exception/
# source: https://pylint.readthedocs.io/en/latest/user_guide/messages/warning/broad-exception-caught.html
# source: https://docs.python.org/3/library/exceptions.html#exception-hierarchy
# codes: HL402,HL404,B110,B112
"""Broad handlers that swallow the error without a trace, and the look-alikes that must stay quiet:
handlers that re-raise or log, specific types, contract defaults of predicates and parsers, reasoned
silences, cleanup and optional imports."""

import contextlib
import json
import logging

from flask import Flask, jsonify

app = Flask(__name__)
logger = logging.getLogger(__name__)


def sync_accounts(accounts, remote):
    for account in accounts:
        try:
            remote.push(account)
        except Exception:  # expect: HL402|B110
            pass


def charge_pending(orders, gateway):
    for order in orders:
        try:
            gateway.charge(order)
        except Exception:  # expect: HL402|B112
            continue


def index_documents(documents, index):
    for document in documents:
        try:
            index.add(document)
        except (Exception,):  # expect: HL402|B112
            continue


def import_rows(rows, store):
    for row in rows:
        try:
            store.insert(row)
        except (Exception, ValueError):  # expect: HL402|B112
            continue


def send_receipt(mailer, order):
    try:
        mailer.send(order.email, render_receipt(order))
    except Exception as exc:  # expect: HL402|B110
        pass  # TODO: retry


def refresh(cache, key, loader):
    try:
        cache.set(key, loader())
    except Exception as exc:
        raise exc
    except BaseException:  # expect: HL402|B110
        pass


def collect(rows, parsed):
    for row in rows:
        try:
            parsed.append(json.loads(row))
        except (ValueError, BaseException):  # expect: HL402|B112
            continue


def publish_all(events, bus):
    for event in events:
        with contextlib.suppress(Exception):  # expect: HL402
            bus.publish(event)


@app.route("/report")
def report():
    try:
        return jsonify(build_report())
    except Exception:  # expect: HL402
        return jsonify({"error": "internal error"}), 500


def load_profile(repository, user_id):
    try:
        return repository.profile(user_id)
    except Exception:  # expect: HL404
        return None


# --- look-alikes that must stay quiet --------------------------------------------------------

def reraises(job):
    try:
        job.run()
    except Exception as e:
        raise e
    finally:
        try:
            job.close()
        except BaseException as e:
            raise e


def stops_on_interrupt(server):
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        raise SystemExit(130)


def releases_then_reraises(lock, job):
    try:
        job.run()
    except BaseException:
        lock.release()
        raise


def logs(job):
    try:
        job.run()
    except Exception:
        logging.exception("job failed")


def logs_with_exc_info(job):
    try:
        job.run()
    except Exception:
        logging.error("job failed", exc_info=True)


def specific(text):
    for item in text.split(","):
        try:
            int(item)
        except ValueError:
            continue


def fallback(primary, secondary):
    try:
        return primary()
    except Exception:
        return secondary()


def is_number(text):
    try:
        float(text)
        return True
    except Exception:
        return False


def parse_inputs(data):
    try:
        return json.loads(data)
    except Exception:
        pass
    return data


def warm_cache(cache):
    try:
        cache.warm()
    except Exception:
        pass  # the cache is optional; a cold start is only slower


def close_quietly(stream):
    try:
        stream.close()
    except Exception:
        pass


try:
    import ujson as fast_json
except Exception:
    fast_json = None


def optional_extra():
    with contextlib.suppress(Exception):
        from plugins import extra  # noqa: F401


def missing_key(mapping, key):
    with contextlib.suppress(KeyError):
        del mapping[key]


def render_receipt(order):
    return f"receipt for {order.id}"


def build_report():
    return {}
