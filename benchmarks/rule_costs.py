"""Where hardlint's time goes, rule by rule, on the benchmark corpus (or given paths).

For every rule: how often its `triggers` regex lets it run (a broad trigger makes files parse
that no rule could flag), what the regex itself costs, and the time spent in its callbacks.
Single process, CPU seconds; run it after adding a rule.

    python benchmarks/rule_costs.py [--sample N] [PATH ...]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402

import hardlint.engine as engine  # noqa: E402
import hardlint.walker as walker  # noqa: E402
from hardlint.catalog import load_rules  # noqa: E402
from hardlint.config import Config  # noqa: E402
from hardlint.triggers import FileText, Trigger  # noqa: E402


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sample", type=int, default=1, help="check every Nth file only")
    parser.add_argument("paths", nargs="*")
    args = parser.parse_args(argv)
    roots = [Path(p) for p in args.paths] or [corpus.build()]
    files = [f for r in roots for f in (sorted(r.rglob("*.py")) if r.is_dir() else [r])][:: args.sample]
    texts = [(str(f), f.read_bytes()) for f in files]
    rules = load_rules()
    triggers = {code: Trigger.compile(rule.triggers) for code, rule in rules.items()}
    callback_time: dict[str, float] = defaultdict(float)

    original_add = walker.Dispatch.add

    def timed_add(self: walker.Dispatch, owner: object) -> None:
        original_add(self, owner)
        code = type(owner).code
        for table in (self.visit, self.leave):
            for name, callbacks in table.items():
                table[name] = [(o, _timed(c, code, callback_time)) if o is owner else (o, c) for o, c in callbacks]

    walker.Dispatch.add = timed_add  # type: ignore[method-assign]
    config = Config(bandit=False, cache=False)
    hits: dict[str, int] = defaultdict(int)
    regex_time: dict[str, float] = defaultdict(float)
    parsed = 0
    for _, data in texts:
        text = FileText(data.decode("utf-8", "replace"))
        needs_parse = False
        for code, rule in rules.items():
            started = time.process_time()
            trigger = triggers[code]
            match = trigger is None or trigger.matches(text)
            regex_time[code] += time.process_time() - started
            if match:
                hits[code] += 1
                needs_parse = needs_parse or rule.needs_tree
        parsed += needs_parse
    started = time.process_time()
    for path, data in texts:
        engine.check_source(data, path, config)
    total = time.process_time() - started
    lines = sum(d.count(b"\n") for _, d in texts)
    print(f"{len(texts)} files, {lines:,} lines; {parsed} files need the LibCST parse; "
          f"check_source total {total:.2f} s CPU")
    print(f"{'rule':7} {'trigger hits':>13} {'regex s':>8} {'callbacks s':>12}  trigger")
    for code, rule in rules.items():
        share = hits[code] * 100 // max(1, len(texts))
        print(f"{code:7} {hits[code]:6} ({share:3}%) {regex_time[code]:8.3f} {callback_time[code]:12.3f}  "
              f"{_shown(rule.triggers)[:70]}")
    return 0


def _shown(triggers: str | tuple[str, ...] | None) -> str:
    if not triggers:
        return "(none: runs on every file)"
    return triggers if isinstance(triggers, str) else " AND ".join(triggers)


def _timed(callback, code: str, sink: dict[str, float]):
    def run(node):
        started = time.process_time()
        try:
            return callback(node)
        finally:
            sink[code] += time.process_time() - started
    return run


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
