"""hardlint against the LibCST parse floor, bandit, ruff and Fixit, on real backend code.

One interleaved run: every repetition runs every tool once, forwards in even repetitions and
backwards in odd ones, so machine noise spreads over all tools alike; the table shows medians.
Each ratio's two tools run next to each other, and a ratio is given two ways: the median of the
ratios within each repetition ("paired": seconds apart, so the machine's drift over minutes,
often 15-25% here, cancels) and the ratio of the two medians. Wall and CPU time and
peak memory come from `wait4` on each command (CPU includes its worker processes and threads;
peak memory is the largest single process). Nothing here is a test; it only measures.

    python benchmarks/run.py [--reps 5] [--fixit-reps 1] [--skip fixit]
    python benchmarks/run.py --reps 5 --skip one libcst "bandit -r" "+ bandit" fixit ruff   # warm / cold only

The corpus (pinned packages, see corpus.py) and a tool venv with ruff, bandit and Fixit live in
benchmarks/.corpus and benchmarks/.venv; both are created on first use and ignored by git.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import venv
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

TOOLS_VENV = HERE / ".venv"
TOOLS = ("ruff==0.11.13", "bandit==1.9.4", "fixit==2.1.0")
# A pre-commit run checks the few staged files: a typical one (the corpus median is 171 lines)
# and the largest module of Flask.
ONE_FILE = "flask-3.0.3-py3-none-any/flask/views.py"
LARGE_FILE = "flask-3.0.3-py3-none-any/flask/app.py"


@dataclass
class Tool:
    name: str
    command: list[str]
    reps: int
    samples: list[tuple[float, float, int]] = field(default_factory=list)  # wall s, cpu s, maxrss KiB
    prime: list[str] | None = None  # run untimed right before each measurement
    lines: str | None = ""  # what lines/s counts: "" the corpus, a file under src/, None nothing
    exit_codes: set[int] = field(default_factory=set)

    def median(self, index: int) -> float:
        return statistics.median(s[index] for s in self.samples)


def tools_venv() -> Path:
    """benchmarks/.venv with the comparison tools, never a dependency of hardlint itself."""
    python = TOOLS_VENV / "bin" / "python"
    if not python.exists():
        venv.create(TOOLS_VENV, with_pip=True)
    probe = subprocess.run([str(python), "-m", "pip", "freeze"], capture_output=True, text=True)
    installed = {line.strip().lower() for line in probe.stdout.splitlines()}
    if not all(spec.lower() in installed for spec in TOOLS):
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", *TOOLS], check=True)
    return TOOLS_VENV / "bin"


def measure(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, int, int]:
    """(wall s, CPU s of the process and its waited-for children, peak RSS KiB, exit code)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, process.returncode


def build_tools(python: str, bin_dir: Path, args: argparse.Namespace) -> list[Tool]:
    hardlint = [python, "-m", "hardlint", "check", "--exit-zero", "--format", "json"]
    reps = args.reps
    # Listed so that the two tools of every ratio sit side by side (see `run`).
    tools = [
        Tool("hardlint one file + bandit", [*hardlint, f"src/{ONE_FILE}", "--no-cache"], reps, lines=ONE_FILE),
        Tool("hardlint one file (no bandit)", [*hardlint, f"src/{ONE_FILE}", "--no-cache", "--no-bandit"], reps,
             lines=ONE_FILE),
        Tool("python -c 'import libcst'", [python, "-c", "import libcst"], reps, lines=None),
        Tool("hardlint one large file", [*hardlint, f"src/{LARGE_FILE}", "--no-cache", "--no-bandit"], reps,
             lines=LARGE_FILE),
        Tool("libcst parse floor (2 procs)", [python, str(HERE / "parse_floor.py"), "src", "--jobs", "2"], reps),
        Tool("hardlint cold (no bandit)", [*hardlint, "src", "--no-cache", "--no-bandit"], reps),
        Tool("bandit -r", [str(bin_dir / "bandit"), "-r", "src", "-q", "-f", "json", "-o", os.devnull], reps),
        Tool("hardlint cold + bandit", [*hardlint, "src", "--no-cache"], reps),
        # Primed right before each timed run: in a shared checkout any edit to hardlint or a rule
        # (rightly) invalidates the cache, so "unchanged tree" must mean unchanged just now.
        Tool("hardlint warm (cache)", [*hardlint, "src", "--no-bandit"], reps,
             prime=[*hardlint, "src", "--no-bandit"]),
        Tool("fixit lint", [str(bin_dir / "fixit"), "lint", "src"], args.fixit_reps),
        Tool("ruff check", [str(bin_dir / "ruff"), "check", "src", "--no-cache", "--isolated", "--exit-zero"], reps),
    ]
    return [t for t in tools if not any(skip in t.name for skip in args.skip)]


def run(tools: list[Tool], cwd: Path, env: dict[str, str], reps: int) -> None:
    for rep in range(reps):
        order = tools if rep % 2 == 0 else tools[::-1]
        for tool in order:
            if len(tool.samples) >= tool.reps:
                continue
            if tool.prime is not None:
                measure(tool.prime, cwd, env)
            wall, cpu, rss, code = measure(tool.command, cwd, env)
            tool.samples.append((wall, cpu, rss))
            tool.exit_codes.add(code)
            print(f"  rep {rep + 1}: {tool.name:32} {wall:8.2f} s wall {cpu:8.2f} s CPU {rss / 1024:7.0f} MB",
                  file=sys.stderr, flush=True)


def report(tools: list[Tool], lines: int, files: int, root: Path) -> dict:
    by_name = {t.name: t for t in tools}
    rows = {}
    print(f"\nCorpus: {files} files, {lines:,} lines ({', '.join(corpus.PACKAGES)})")
    print(f"{'tool':32} {'runs':>4} {'wall s':>8} {'CPU s':>8} {'peak MB':>8} {'lines/s':>10}")
    for tool in tools:
        if not tool.samples:
            continue
        wall, cpu = tool.median(0), tool.median(1)
        rss = max(s[2] for s in tool.samples) / 1024
        counted = 0 if tool.lines is None else (corpus.count_lines([root / tool.lines]) if tool.lines else lines)
        speed = f"{counted / wall:10,.0f}" if counted else f"{'-':>10}"
        rows[tool.name] = {"runs": len(tool.samples), "wall": wall, "cpu": cpu, "peak_mb": rss,
                           "exit_codes": sorted(tool.exit_codes), "samples": tool.samples}
        print(f"{tool.name:32} {len(tool.samples):4} {wall:8.2f} {cpu:8.2f} {rss:8.0f} {speed}")

    def of_medians(a: Tool, b: Tool, index: int) -> float:
        return a.median(index) / b.median(index)

    def paired(a: Tool, b: Tool, index: int) -> float:
        """The median of the ratios within each repetition (a tool with fewer runs pairs with the
        other's first ones)."""
        return statistics.median(x[index] / y[index] for x, y in zip(a.samples, b.samples))

    checks = [
        ("hardlint cold / bandit -r", "hardlint cold (no bandit)", "bandit -r", "<= 0.50"),
        ("hardlint cold / parse floor", "hardlint cold (no bandit)", "libcst parse floor (2 procs)", "<= 1.50"),
        ("hardlint + bandit / bandit -r", "hardlint cold + bandit", "bandit -r", "<= 1.00"),
        ("hardlint warm / cold", "hardlint warm (cache)", "hardlint cold (no bandit)", "< 0.05"),
        ("one file / import libcst", "hardlint one file (no bandit)", "python -c 'import libcst'", "<= 1.50"),
        ("one file + bandit / import libcst", "hardlint one file + bandit", "python -c 'import libcst'",
         "(bandit on)"),
        ("Fixit / hardlint cold", "fixit lint", "hardlint cold (no bandit)", ">= 20"),
    ]
    # Wall time is what the targets are about. CPU time compares total work: on two idle cores a
    # two-process tool's wall time is about its CPU / 2, so "hardlint cold / bandit -r" at most
    # 0.5 in wall means at most about 1.0 in CPU.
    print(f"\n{'ratio':36} {'paired':>7} {'medians':>8} {'CPU':>7}  target (wall)")
    ratios = {}
    for name, first, second, target in checks:
        a, b = by_name.get(first), by_name.get(second)
        if a is None or b is None or not a.samples or not b.samples:
            continue
        ratios[name] = {"paired": paired(a, b, 0), "wall": of_medians(a, b, 0), "cpu": paired(a, b, 1),
                        "each": [x[0] / y[0] for x, y in zip(a.samples, b.samples)]}
        row = ratios[name]
        print(f"{name:36} {row['paired']:7.3f} {row['wall']:8.3f} {row['cpu']:7.3f}  {target}")
    return {"corpus": {"files": files, "lines": lines, "packages": list(corpus.PACKAGES)}, "tools": rows,
            "ratios": ratios}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5, help="repetitions per tool (default 5)")
    parser.add_argument("--fixit-reps", type=int, default=1, help="repetitions for Fixit, the slow one (default 1)")
    parser.add_argument("--skip", nargs="*", default=[], help="skip tools whose name contains any of these")
    args = parser.parse_args(argv)

    root = corpus.prepare_project()
    files = corpus.python_files(root / "src")
    lines = corpus.count_lines(files)
    bin_dir = TOOLS_VENV / "bin"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # as users run it
    tools = build_tools(sys.executable, bin_dir, args)
    if any(tool.command[0].startswith(str(bin_dir)) for tool in tools):
        tools_venv()  # only when a comparison tool is measured: `--skip bandit fixit ruff` needs none
    print("warming up (bytecode, file cache, hardlint's result cache)...", file=sys.stderr, flush=True)
    for tool in tools:
        if tool.name.startswith(("hardlint one", "python -c")):
            measure(tool.command, root, env)
    run(tools, root, env, max(args.reps, args.fixit_reps))
    results = report(tools, lines, len(files), root / "src")
    out = HERE / ".results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
