"""HL304 and bandit side by side: bandit's shell, eval and marshal findings are dropped only on the lines
where HL304 traced request data into the same call, and HL301's tracker is untouched by HL304's options."""

from __future__ import annotations

import textwrap

import libcst as cst

from hardlint.config import Config
from hardlint.runner import check_paths
from hardlint.rules.hl3_injection.taint import Tracker

VIEWS = textwrap.dedent("""\
    import os
    from flask import request


    def lookup():
        os.system("nslookup " + request.args["domain"])


    def lookup_for(domain):
        os.system("nslookup " + domain)


    def calc():
        return eval(request.args["expr"])


    def calc_for(expression):
        return eval(expression)
    """)


def test_bandit_stays_where_hl304_cannot_see_request_data(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "views.py").write_text(VIEWS, encoding="utf-8")
    report = check_paths(["."], Config(root=tmp_path))
    lines = sorted((f.code, f.line) for f in report.findings if f.code in ("HL304", "B605", "B307"))
    # Request data (lines 6, 14): HL304 alone. Parameters (lines 10, 18): bandit's own findings stay.
    assert lines == [("B307", 18), ("B605", 10), ("HL304", 6), ("HL304", 14)]


def test_hl301_tracker_keeps_argv_and_does_not_follow_calls():
    module = cst.parse_module(textwrap.dedent("""\
        import json

        def f(argv, request):
            a = argv
            b = json.loads(request.data)
        """))
    tracker = Tracker(module)
    scope = tracker.scope(module.body[1])
    a, b = (line.body[0].value for line in module.body[1].body.body)
    assert tracker.origin(a, scope) == "request"  # HL301 reads a name `argv` as input
    assert tracker.origin(b, scope) is None  # HL301 does not carry request data through a call
    tracker.through_calls = True
    assert tracker.origin(b, scope) == "request"
