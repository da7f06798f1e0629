"""The floor for any LibCST-based linter: `libcst.parse_module` on every file, in a 2-process pool.

    python benchmarks/parse_floor.py DIR [--jobs N]
"""

from __future__ import annotations

import argparse
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import libcst


def parse(path: str) -> bool:
    try:
        libcst.parse_module(Path(path).read_bytes())
    except Exception:  # noqa: BLE001 - a file LibCST cannot parse still costs its attempt
        return False
    return True


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("root")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    files = sorted(str(p) for p in Path(args.root).rglob("*.py"))
    # Biggest files first so neither process is left with a long tail.
    files.sort(key=lambda p: Path(p).stat().st_size, reverse=True)
    with ProcessPoolExecutor(args.jobs) as pool:
        parsed = sum(pool.map(parse, files, chunksize=4))
    print(f"parsed {parsed} of {len(files)} files")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
