"""Long fuzz run: hypothesmith-generated programs through the engine and the fixer.

    .venv/bin/python benchmarks/fuzz.py --examples 20000 [--seed 0]
    .venv/bin/python benchmarks/fuzz.py --rewrites [--rounds 20] [--seed 0]

`--rewrites` is the formatting campaign instead (issue 16): every FLAG example of every rule goes
through each semantics-preserving rewrite of `benchmarks/rewrites.py` alone, then through `--rounds`
random compositions of them; the findings (codes and mapped lines) must equal the original's. A
mismatch is counted against the triggers when the same check with every trigger forced open finds
what the original did, otherwise against the rule's logic.

Every generated program is checked twice: with the rules' triggers as they are, and with every
trigger forced open (so every rule really walks the generated code). For each check the engine
must return without raising and without an internal or rule error; where safe fixes exist, the
fixed source must parse and a second fixing round must change nothing.
Failures are collected (not stopped at) and printed with the program that caused them.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import signal
import sys
import time
import traceback

import hypothesmith
import libcst as cst
from hypothesis import HealthCheck, given, seed, settings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # benchmarks/rewrites.py

from hardlint import Config, check_source, engine  # noqa: E402
from hardlint.fixes import fix_source  # noqa: E402

CONFIG = Config()
FORCED = engine.RuleSet(CONFIG).without_triggers()  # every rule runs, whatever its trigger says


# A generated program is a few hundred bytes: one that takes this long has hit something super-linear.
SLOW_SECONDS = 10.0


class TooSlow(BaseException):
    """Raised by the alarm when one program takes longer than SLOW_SECONDS."""


def _alarm(signum: int, frame: object) -> None:
    raise TooSlow()


def problems(source: str) -> list[str]:
    """What went wrong checking and fixing `source`, as triggered and with every rule forced."""
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, SLOW_SECONDS)
    try:
        found = problems_once(source)
        with engine.rules_in_use(FORCED):
            found += problems_once(source)
    except TooSlow:
        found = [f"checking and fixing took longer than {SLOW_SECONDS:g} s"]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return found


def problems_once(variant: str) -> list[str]:
    """What went wrong checking and fixing `variant` once (empty when everything held)."""
    try:
        result = check_source(variant, "fuzz.py", CONFIG)
    except TooSlow:
        raise
    except BaseException as exc:  # noqa: BLE001 - any escape from the engine is the finding
        return ["engine raised: " + "".join(traceback.format_exception_only(type(exc), exc)).strip()]
    found = [f"{e.kind}: {e.message}" for e in result.errors if e.is_internal]
    if not any(f.fix is not None for f in result.findings):
        return found

    def check(text: str) -> list:
        return check_source(text, "fuzz.py", CONFIG).findings

    try:
        fixed, _ = fix_source(variant, check)
        if fixed != variant:
            cst.parse_module(fixed)
            again, more = fix_source(fixed, check)
            if again != fixed:
                found.append(f"fixing twice changed the file again ({more} more fixes)")
    except Exception as exc:  # noqa: BLE001
        found.append("fix failed: " + "".join(traceback.format_exception_only(type(exc), exc)).strip())
    return found


def run(examples: int, seed_value: int, report_every: int) -> dict:
    stats = {"programs": 0, "failures": [], "started": time.time()}

    @seed(seed_value)
    @settings(max_examples=examples, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck))
    @given(hypothesmith.from_grammar())
    def one(source: str) -> None:
        stats["programs"] += 1
        for problem in problems(source):
            stats["failures"].append({"problem": problem, "source": source})
        if stats["programs"] % report_every == 0:
            elapsed = time.time() - stats["started"]
            print(f"{stats['programs']} programs, {len(stats['failures'])} failures, {elapsed:.0f} s", flush=True)

    one()
    stats["seconds"] = round(time.time() - stats.pop("started"), 1)
    return stats


def _mapped_findings(source: str, path: str, config: Config, origins: list[int] | None = None) -> list[tuple]:
    result = check_source(source, path, config)
    found = [(f.code, origins[f.line - 1] if origins else f.line) for f in result.findings]
    return sorted(found) + [("error", e.kind) for e in result.errors]


def _composed(source: str, names: list[str]) -> tuple[str, list[int]] | None:
    """`source` through each named rewrite in turn, with origin lines composed; None if one fails."""
    import ast

    import rewrites

    origins = list(range(1, source.count("\n") + 2))
    for name in names:
        try:
            source, step = rewrites.REWRITES[name](source)
            ast.parse(source)
        except Exception:  # noqa: BLE001 - a rewrite that cannot apply (LibCST refusing a form) is skipped
            return None
        origins = [origins[line - 1] for line in step]
    return source, origins


def rewrite_campaign(rounds: int, seed_value: int) -> dict:
    """Every FLAG example through every rewrite and `rounds` random compositions of them."""
    import ast
    import random
    from collections import Counter

    import rewrites
    from hardlint.catalog import load_rules

    chooser = random.Random(seed_value)
    names = list(rewrites.REWRITES)
    counts: Counter = Counter()
    by_kind: Counter = Counter()
    failures = []
    for code, rule in load_rules().items():
        config = Config(select=(code,))
        forced = engine.RuleSet(config).without_triggers()
        for index, example in enumerate(rule.flag_examples()):
            try:
                ast.parse(example.source)
            except SyntaxError:
                continue
            expected = _mapped_findings(example.source, example.path, config)
            plans = [[name] for name in names] + [
                chooser.sample(names, chooser.randint(2, len(names))) for _ in range(rounds)]
            for plan in plans:
                rewritten = _composed(example.source, plan)
                if rewritten is None or rewritten[0] == example.source:
                    counts["not applicable"] += 1
                    continue
                counts["cases"] += 1
                if _mapped_findings(rewritten[0], example.path, config, rewritten[1]) == expected:
                    continue
                with engine.rules_in_use(forced):
                    all_open = _mapped_findings(rewritten[0], example.path, config, rewritten[1])
                kind = "trigger" if all_open == expected else "rule"
                counts[f"{kind} mismatches"] += 1
                by_kind[(code, kind, "+".join(plan) if len(plan) == 1 else "composed")] += 1
                failures.append({"code": code, "example": index, "rewrites": plan, "kind": kind,
                                 "source": rewritten[0]})
    return {"counts": dict(counts), "by_rule": {" ".join(k): v for k, v in sorted(by_kind.items())},
            "failures": failures}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rewrites", action="store_true", help="run the formatting campaign instead")
    parser.add_argument("--rounds", type=int, default=20, help="random compositions per example (--rewrites)")
    parser.add_argument("--examples", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--report-every", type=int, default=1000)
    parser.add_argument("--json", metavar="FILE", help="also write the summary as JSON")
    args = parser.parse_args()
    if args.rewrites:
        return _report_rewrites(rewrite_campaign(args.rounds, args.seed), args.json)
    stats = run(args.examples, args.seed, args.report_every)
    summary = {"programs": stats["programs"], "failures": len(stats["failures"]), "seconds": stats["seconds"],
               "python": sys.version.split()[0], "libcst": importlib.metadata.version("libcst")}
    print(json.dumps(summary))
    for failure in stats["failures"][:20]:
        print("---", failure["problem"])
        print(failure["source"][:2000])
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump({**summary, "examples": stats["failures"][:100]}, handle, indent=2)
    return 1 if stats["failures"] else 0


def _report_rewrites(outcome: dict, json_path: str | None) -> int:
    print(json.dumps(outcome["counts"]))
    for key, count in outcome["by_rule"].items():
        print(f"  {key}: {count}")
    for failure in outcome["failures"][:5]:
        print("---", failure["code"], failure["kind"], "+".join(failure["rewrites"]))
        print(failure["source"][:1500])
    if json_path:
        with open(json_path, "w", encoding="utf-8") as handle:
            json.dump({**outcome, "failures": outcome["failures"][:100]}, handle, indent=2)
    return 1 if outcome["counts"].get("trigger mismatches") else 0


if __name__ == "__main__":
    raise SystemExit(main())
