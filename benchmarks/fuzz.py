"""Long fuzz run: hypothesmith-generated programs through the engine and the fixer.

    .venv/bin/python benchmarks/fuzz.py --examples 20000 [--seed 0]

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
import signal
import sys
import time
import traceback

import hypothesmith
import libcst as cst
from hypothesis import HealthCheck, given, seed, settings

from hardlint import Config, check_source, engine
from hardlint.fixes import fix_source

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--report-every", type=int, default=1000)
    parser.add_argument("--json", metavar="FILE", help="also write the summary as JSON")
    args = parser.parse_args()
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


if __name__ == "__main__":
    raise SystemExit(main())
