"""Do the rules' triggers lose findings? Each file is checked twice: with triggers as they are,
and with every trigger forced to match. Any finding, or project-phase fact (routes, imports),
only the second run has is a recall loss (the trigger is too narrow).

    python benchmarks/trigger_recall.py [--only HL501,HL503] [PATH ...]

Defaults to the benchmark corpus and tests/fixtures. Slow: the second run parses every file.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

import hardlint.engine as engine  # noqa: E402
from hardlint.config import Config  # noqa: E402


def findings(texts: list[tuple[str, bytes]], config: Config, forced: bool) -> set[tuple]:
    ruleset = engine.RuleSet(config).without_triggers() if forced else engine.RuleSet(config).load_all()
    found = set()
    with engine.rules_in_use(ruleset):
        for path, data in texts:
            result = engine.check_source(data, path, config, is_test=False)
            found.update((f.code, f.path, f.line, f.column, f.message) for f in result.findings)
            found.update((f.kind.split(".")[0], f.path, f.line, f.column, f"fact {f.kind} {f.data}")
                         for f in result.facts)
    return found


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="", help="comma-separated rule codes (default: all)")
    parser.add_argument("paths", nargs="*")
    args = parser.parse_args(argv)
    roots = [Path(p) for p in args.paths] or [corpus.build(), HERE.parent / "tests" / "fixtures"]
    files = [f for r in roots for f in (sorted(r.rglob("*.py")) if r.is_dir() else [r])]
    texts = [(str(f), f.read_bytes()) for f in files]
    select = tuple(c for c in args.only.split(",") if c)
    config = Config(bandit=False, cache=False, select=select) if select else Config(bandit=False, cache=False)
    filtered = findings(texts, config, forced=False)
    complete = findings(texts, config, forced=True)
    lost = sorted(complete - filtered)
    extra = sorted(filtered - complete)
    counts = Counter(code for code, *_ in complete)
    print(f"{len(texts)} files; findings with triggers {len(filtered)}, with every trigger forced {len(complete)}")
    for code in sorted(counts):
        missing = sum(1 for c, *_ in lost if c == code)
        print(f"  {code}: {counts[code]} findings, {missing} lost to the trigger")
    for item in lost[:50]:
        print("LOST", *item)
    for item in extra[:20]:
        print("ONLY WITH TRIGGERS", *item)
    return 1 if lost else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
