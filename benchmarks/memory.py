"""Peak memory of parsing and of a whole check, on the shapes that cost the most per byte (issue 16).

    .venv/bin/python benchmarks/memory.py [--size 2000000] [--hardlint PATH ...] [--shapes 60000]

Part one parses each shape (`--shapes` bytes of it) with LibCST and with CPython's `ast`, each in a
fresh process, and prints peak RSS per byte, per token and per statement next to hardlint's
estimate (`hardlint.source.parse_memory`), which must never be below the measure.
Part two runs `hardlint check` on a `--size`-byte file of each worst shape, one file per run (the
in-process path every pre-commit run takes) and with two workers, and prints the peak RSS of the
process tree's largest process. Pass several `--hardlint` executables to compare versions.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

SHAPES = {
    "names": "a\n",
    "calls": "f()\n",
    "attributes": "a.b\n",
    "subscripts": "a[0]\n",
    "comparisons": "a<b\n",
    "keyword calls": "f(a=1)\n",
    "semicolons": "f();",
    "lambdas": "x = (" + "lambda:0," * 8 + ")\n",
    "ordinary code": None,  # a real module, repeated
}
ORDINARY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "hardlint", "engine.py")
TRIGGER = "try:\n    pass\nexcept:\n    pass\n"  # makes every check parse the file with LibCST

_PROBE = r"""
import ast, io, json, resource, sys, tokenize
source = open(sys.argv[1], encoding="utf-8").read()
tokens = sum(1 for t in tokenize.generate_tokens(io.StringIO(source).readline)
             if t.type not in (tokenize.NL, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT))
statements = sum(isinstance(n, ast.stmt) for n in ast.walk(ast.parse(source)))
import libcst
from hardlint.source import parse_memory
def peak_rss(reset=False):
    # VmHWM, reset first: ru_maxrss would carry the high-water mark of the forking process over exec
    if reset:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
    with open("/proc/self/status") as handle:
        return next(int(line.split()[1]) * 1024 for line in handle if line.startswith("VmHWM"))
before = peak_rss(reset=True)
if sys.argv[2] == "libcst":
    from hardlint.cstparse import parse_module
    tree = parse_module(source)
else:
    tree = ast.parse(source)
peak = peak_rss() - before
print(json.dumps({"bytes": len(source), "tokens": tokens, "statements": statements, "peak": peak,
                  "estimate": parse_memory(source)}))
"""


def shape_text(shape: str, size: int) -> str:
    unit = SHAPES[shape]
    if unit is None:
        with open(ORDINARY, encoding="utf-8") as handle:
            unit = handle.read() + "\n"
    return TRIGGER + unit * max(1, size // len(unit))


def probe(path: str, parser: str) -> dict:
    output = subprocess.run([sys.executable, "-c", _PROBE, path, parser], capture_output=True, text=True, check=True)
    return json.loads(output.stdout)


def per_shape(size: int, directory: str) -> None:
    print(f"Parse peak per shape ({size:,} bytes each; estimate = hardlint's parse_memory, forced on)")
    print(f"{'shape':15} {'parser':7} {'MiB':>6} {'B/byte':>7} {'B/token':>8} {'B/stmt':>7} {'est/peak':>8}")
    import hardlint.source as source_module

    for shape in SHAPES:
        path = os.path.join(directory, f"{shape.replace(' ', '_')}.py")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(shape_text(shape, size))
        for parser in ("libcst", "ast"):
            found = probe(path, parser)
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
            saved = source_module._ALWAYS_FITS
            source_module._ALWAYS_FITS = 0  # estimate even small samples
            estimate = source_module.parse_memory(text)
            source_module._ALWAYS_FITS = saved
            peak = max(found["peak"], 1)
            print(f"{shape:15} {parser:7} {peak / 2**20:6.0f} {peak / found['bytes']:7.0f} "
                  f"{peak / found['tokens']:8.0f} {peak / max(found['statements'], 1):7.0f} {estimate / peak:8.2f}")


def peak_of_run(hardlint: str, path: str, jobs: str) -> tuple[float, float, str]:
    """(peak RSS in MiB of the largest process, seconds, first error line) of one check."""
    started = time.time()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result = subprocess.run([hardlint, "check", path, "--no-cache", "--format", "json", "-" + jobs],
                            capture_output=True, text=True)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    elapsed = time.time() - started
    try:
        errors = json.loads(result.stdout)["errors"]
        message = errors[0]["message"][:90] if errors else "checked"
    except (ValueError, KeyError):
        message = f"exit {result.returncode}: {result.stderr.strip()[-90:]}"
    # ru_maxrss of children is the largest of any waited-for descendant; it only ever grows, so
    # each measurement runs in a fresh wrapper process (see main).
    return max(peak, before) / 1024, elapsed, message


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2_000_000)
    parser.add_argument("--shapes", type=int, default=60_000, help="bytes per shape in part one (0: skip)")
    parser.add_argument("--hardlint", action="append", default=[], help="hardlint executable(s) to measure")
    parser.add_argument("--worst", nargs="*", default=["names", "calls"])
    parser.add_argument("--jobs", nargs="*", default=["-j1", "-j2"], help="job options to measure each with")
    parser.add_argument("--one", nargs=3, metavar=("HARDLINT", "FILE", "JOBS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        peak, elapsed, message = peak_of_run(*args.one)
        print(json.dumps({"peak_mib": round(peak), "seconds": round(elapsed, 1), "result": message}))
        return 0
    with tempfile.TemporaryDirectory() as directory:
        if args.shapes:
            per_shape(args.shapes, directory)
        executables = args.hardlint or [os.path.join(os.path.dirname(sys.executable), "hardlint")]
        print(f"\nWhole check of a {args.size:,}-byte file (peak RSS of the largest process)")
        for shape in args.worst:
            path = os.path.join(directory, f"worst_{shape}.py")
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(shape_text(shape, args.size))
            for hardlint in executables:
                for jobs in args.jobs:
                    one = subprocess.run([sys.executable, __file__, "--one", os.path.abspath(hardlint), path, jobs.lstrip("-")],
                                         capture_output=True, text=True, check=True)
                    print(f"{shape:10} {jobs} {hardlint}: {one.stdout.strip()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
