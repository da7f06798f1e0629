"""Code CPython's parser accepts and only its compiler (or LibCST's node validation) refuses is
still checked and fixed: nothing of it is lost as an internal error (issue 17)."""

from __future__ import annotations

import threading

import libcst as cst
import pytest

from hardlint import check_source
from hardlint.cstparse import parse_module

# `default 'except:' must be last`: a compiler error, not a syntax error; LibCST's Try refuses it.
BARE_NOT_LAST = ("def find(cursor, name):\n    try:\n        work()\n    except:\n        pass\n    except ValueError:\n"
                 "        cursor.execute(f\"SELECT * FROM users WHERE name = '{name}'\")\n")
TWO_BARE = "try:\n    work()\nexcept:\n    pass\nexcept:\n    pass\n"


@pytest.fixture(params=["main thread only", "another thread alive"])
def threads(request):
    """Validation used to be skipped only while no other thread ran (the language server, the
    progress display): the same file must give the same result both ways."""
    if request.param == "main thread only":
        yield
        return
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def test_a_bare_except_that_is_not_last_is_still_checked(threads):
    result = check_source(BARE_NOT_LAST, "app/service.py")
    assert result.errors == []
    assert [(f.code, f.line) for f in result.findings] == [("HL401", 4), ("HL301", 7)]


def test_fixes_inside_such_a_try_are_still_offered(threads):
    result = check_source(TWO_BARE, "app/service.py")
    assert result.errors == []
    assert [(f.code, f.line, f.fix is not None) for f in result.findings] == [("HL401", 3, True), ("HL401", 5, True)]


def test_nodes_built_by_hand_are_still_validated():
    parse_module(BARE_NOT_LAST)
    with pytest.raises(cst.CSTValidationError):
        cst.Try(body=cst.IndentedBlock([]), handlers=[
            cst.ExceptHandler(body=cst.IndentedBlock([])),
            cst.ExceptHandler(body=cst.IndentedBlock([]), type=cst.Name("ValueError"))])
