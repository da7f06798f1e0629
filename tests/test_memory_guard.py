"""Memory is bounded (issue 16): a file whose parse would take more than a process may use gets a
clear per-file error before anything parses it, the estimate is an upper bound of what LibCST really
takes on the costliest shapes, and worker processes run under an address-space cap."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from hardlint import check_source
from hardlint.source import PARSE_MEMORY_BUDGET, parse_memory

TRIGGER = "try:\n    pass\nexcept:\n    pass\n"  # HL401 makes LibCST parse the file

_MEASURE = """
import json, resource, sys
import hardlint.source as s
from hardlint.cstparse import parse_module
source = sys.stdin.read()
def peak_rss(reset=False):
    # VmHWM, reset first: ru_maxrss would carry the high-water mark of the forking process over exec
    if reset:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
    with open("/proc/self/status") as handle:
        return next(int(line.split()[1]) * 1024 for line in handle if line.startswith("VmHWM"))

before = peak_rss(reset=True)
parse_module(source)
peak = peak_rss() - before
s._ALWAYS_FITS = 0
print(json.dumps([peak, s.parse_memory(source)]))
"""


@pytest.mark.parametrize("unit", ["a\n", "f()\n", "a[0]\n", "f(a=1)\n", "x = (lambda:0, lambda:0)\n", "f();"])
def test_the_estimate_is_above_what_libcst_really_takes(unit):
    source = TRIGGER + unit * (40_000 // len(unit))
    result = subprocess.run([sys.executable, "-c", _MEASURE], input=source, capture_output=True, text=True,
                            check=True)
    peak, estimate = json.loads(result.stdout)
    assert peak > 20 * 2**20, "the shape must cost something to measure"
    assert estimate >= peak, (unit, peak // 2**20, estimate // 2**20)


@pytest.mark.parametrize("needs_tree", [True, False])
def test_a_file_too_costly_to_parse_gets_one_clear_error_without_being_parsed(needs_tree):
    # 300 KB of two-byte statements: LibCST would take about 1.2 GB, CPython's ast about 500 MB.
    source = (TRIGGER if needs_tree else "import os\n") + "a\n" * 150_000
    assert parse_memory(source) > PARSE_MEMORY_BUDGET
    started = time.process_time()
    result = check_source(source, "app/generated.py")
    assert time.process_time() - started < 5, "refused before parsing"
    assert [e.kind for e in result.errors] == ["too-large"] and "memory" in result.errors[0].message
    assert result.findings == []


def test_ordinary_large_files_are_still_checked():
    body = "def handler(request):\n    value = request.args.get('x', 1)\n    return {'value': value * 2}\n\n"
    source = TRIGGER + body * (500_000 // len(body))  # 500 KB of dense code (the corpus's largest file: 553 KB)
    assert 0 < parse_memory(source) < PARSE_MEMORY_BUDGET


_CAPPED = """
import resource
from hardlint.workers import cap_memory
cap_memory(512 * 2**20)
soft, _ = resource.getrlimit(resource.RLIMIT_AS)
try:
    block = bytearray(600 * 2**20)
except MemoryError:
    print("capped", soft)
"""


def test_worker_processes_run_under_an_address_space_cap():
    result = subprocess.run([sys.executable, "-c", _CAPPED], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["capped", str(512 * 2**20)]
