# source: https://github.com/astral-sh/ruff/blob/main/crates/ruff_linter/src/rules/pycodestyle/rules/bare_except.rs
# source: https://github.com/astral-sh/ruff/blob/main/crates/ruff_linter/resources/test/fixtures/flake8_bandit/S112.py
# source: https://github.com/pylint-dev/pylint/blob/main/doc/data/messages/b/bare-except/bad.py
# source: https://github.com/PyCQA/bandit/blob/main/examples/try_except_pass.py
# source: https://peps.python.org/pep-0008/#programming-recommendations
# codes: HL401,B110,B112
"""Bare `except:` clauses: the ones that catch KeyboardInterrupt/SystemExit for good, and the look-alikes
(cleanup and re-raise, named types, acknowledged suppressions) that must stay quiet."""

import json
import logging

logger = logging.getLogger(__name__)


def read_config(path):
    try:
        with open(path) as handle:
            return json.load(handle)
    except:  # expect: HL401
        return {}


def ping(client):
    try:
        client.ping()
    except:  # expect: HL401|B110
        pass


def drain(queue):
    for job in queue:
        try:
            job.run()
        except:  # expect: HL401|B112
            continue


def parse_amount(text):
    try:
        return float(text)
    except ValueError:
        return None
    except:  # expect: HL401
        logger.warning("unparsable amount %r", text)
        return None


def connect(factory):
    try:
        return factory()
    except:  # expect: HL401
        raise ConnectionError("could not connect")


def worker_loop(tasks):
    while True:
        try:
            tasks.process_next()
        except:  # expect: HL401
            logger.exception("task failed")


# --- look-alikes that must stay quiet --------------------------------------------------------

def transfer(session, order):
    try:
        session.add(order)
        session.commit()
    except:
        session.rollback()
        raise


def delete_resource(backend, resource_id, cancelled):
    try:
        backend.delete(resource_id)
    except:
        if cancelled:
            backend.reschedule(resource_id)
        raise


def named(text):
    try:
        return int(text)
    except (TypeError, ValueError):
        return 0


def broad_but_named(job):
    try:
        job.run()
    except Exception:
        logger.exception("job failed")


def acknowledged(path):
    try:
        import ujson as parser
    except:  # noqa: E722
        parser = json
    return parser.loads(open(path).read())


HELP = """
try:
    work()
except:
    pass
"""
