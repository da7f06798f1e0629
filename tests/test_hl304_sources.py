"""HL304's module-helper summaries: the finding sits at the view's call and points at the helper's sink;
long helper chains and recursion end; the tracker switch it adds stays off for HL301-HL303."""

from __future__ import annotations

import textwrap

import libcst as cst

from hardlint.engine import check_source
from hardlint.rules.hl3_injection import taint
from hardlint.rules.hl3_injection.taint import Tracker

HELPERS = textwrap.dedent("""\
    import os
    from flask import request


    def run_it(cmd):
        os.system(cmd)


    def view():
        run_it(request.args["c"])
        run_it("uptime")
    """)


def _hl304(source: str) -> list:
    result = check_source(source, path="app/views.py")
    assert not result.errors, result.errors
    return [f for f in result.findings if f.code == "HL304"]


def test_helper_finding_is_at_the_call_and_names_the_sink():
    (finding,) = _hl304(HELPERS)
    assert finding.line == 10
    assert "through `run_it()`" in finding.message and "`os.system`" in finding.message
    assert [r.line for r in finding.related] == [6]


def _chain(view_first: bool) -> str:
    """400 helpers, each calling the one below and a partner that calls it back, `f0` running a shell."""
    helpers = ["def f0(x):\n    os.system(x)\n"]
    helpers += [f"def f{i}(x):\n    f{i - 1}(x)\n    g{i}(x)\n\ndef g{i}(x):\n    f{i}(x)\n" for i in range(1, 400)]
    view = "def view():\n    f399(request.args['a'])\n    g5(request.args['b'])\n"
    body = [view, *reversed(helpers)] if view_first else [*helpers, view]
    return "\n".join(["import os\nfrom flask import request\n", *body])


def test_long_helper_chains_and_cycles_end():
    # Followed 8 helpers deep, whatever the order of definition: g5 (g5, f5 ... f0) is, f399 is not.
    for view_first, line in ((False, 2802), (True, 6)):
        assert [f.line for f in _hl304(_chain(view_first))] == [line]


def test_self_inputs_switch_is_off_by_default():
    tracker = Tracker(cst.parse_module("x = 1\n"))
    assert tracker.self_inputs == frozenset() and not tracker.through_calls


def test_origin_lookups_do_not_fan_out(monkeypatch):
    # Names bound many times from calls on one another: without a memo, each lookup re-walks every
    # binding of every name it meets (pretix's badge exporter took 18 s).
    names = [f"v{i}" for i in range(6)]
    body = "".join(f"    {n} = {a}.pick({b}, {c}).pages[0]\n" for n in names
                   for a in names[:2] for b in names[2:4] for c in names[4:])
    source = ("import os\nfrom flask import request\n\n\ndef run_it(cmd):\n    os.system(cmd)\n\n\n"
              f"def view():\n{body}    run_it(v5)\n    run_it(request.args['a'])\n")
    calls = []
    root = taint._root  # taken once by every origin evaluation
    monkeypatch.setattr(taint, "_root", lambda expr: calls.append(1) or root(expr))
    assert [f.line for f in _hl304(source)] == [source.count("\n")]
    assert len(calls) < 5_000
