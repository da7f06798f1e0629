"""Recall on cases modelled on other projects' fixtures: hardlint (defaults, bandit on) against bandit alone.

Each file under `benchmarks/recall/<class>/` cites what its cases are modelled on (`# source: URL`), names the
codes it measures (`# codes: HL501,B105`) and marks every line that must be flagged with `# expect: CODE` (or
`CODE|CODE` when either counts). A finding of the file's codes on any other line is a false alarm: the
look-alikes that must stay quiet sit in the same files.

    python benchmarks/recall.py            # a table per class, hardlint and bandit side by side
    python benchmarks/recall.py --json     # the same figures as JSON
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "recall"
_CODES = re.compile(r"^#\s*codes:\s*(.+)$", re.M)
_SOURCE = re.compile(r"^#\s*source:\s*\S+", re.M)
_EXPECT = re.compile(r"#\s*expect:\s*([A-Z]+\d+(?:\s*\|\s*[A-Z]+\d+)*)")


@dataclass
class Fixture:
    """One fixture file: the codes it measures and, per line, the codes any of which must be reported."""

    path: str  # relative to the fixtures folder, posix
    codes: frozenset[str]
    expected: dict[int, frozenset[str]]


@dataclass
class Score:
    expected: int = 0
    found: int = 0
    false_alarms: int = 0
    missed: list[str] = field(default_factory=list)
    alarms: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        reported = self.found + self.false_alarms
        return self.found / reported if reported else 1.0

    @property
    def f1(self) -> float:
        total = self.recall + self.precision
        return 2 * self.recall * self.precision / total if total else 0.0

    def as_dict(self) -> dict:
        return {"expected": self.expected, "found": self.found, "false_alarms": self.false_alarms,
                "recall": round(self.recall, 3), "precision": round(self.precision, 3), "f1": round(self.f1, 3),
                "missed": self.missed, "alarms": self.alarms}


def read_fixture(path: Path, root: Path) -> Fixture:
    text = path.read_text(encoding="utf-8")
    rel = path.relative_to(root).as_posix()
    codes = _CODES.search(text)
    if codes is None or not _SOURCE.search(text):
        raise SystemExit(f"{rel}: needs `# source: URL` and `# codes: ...` header lines")
    expected = {}
    for number, line in enumerate(text.splitlines(), 1):
        match = _EXPECT.search(line)
        if match:
            expected[number] = frozenset(code.strip() for code in match.group(1).split("|"))
    return Fixture(rel, frozenset(c.strip() for c in codes.group(1).split(",") if c.strip()), expected)


def fixtures(root: Path = FIXTURES) -> dict[str, list[Fixture]]:
    """Fixtures by class (the folder under `recall/`)."""
    by_class: dict[str, list[Fixture]] = defaultdict(list)
    for path in sorted(root.glob("*/*.py")):
        by_class[path.parent.name].append(read_fixture(path, root))
    return dict(by_class)


def hardlint_findings(copy: Path) -> set[tuple[str, int, str]]:
    """(path, line, code) of hardlint's default run, bandit on, on the copied fixtures."""
    command = [sys.executable, "-m", "hardlint", "check", ".", "--format", "json", "--no-cache", "--exit-zero"]
    done = subprocess.run(command, cwd=copy, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"hardlint failed ({done.returncode}): {done.stderr[-2000:]}")
    report = json.loads(done.stdout)
    if report["errors"]:
        raise SystemExit(f"hardlint could not check every fixture: {report['errors']}")
    return {(f["path"], f["line"], f["code"]) for f in report["findings"]}


def bandit_findings(copy: Path) -> set[tuple[str, int, str]]:
    """(path, line, code) of bandit alone, every check, on the copied fixtures."""
    command = [sys.executable, "-m", "bandit", "-r", ".", "-f", "json", "-q"]
    done = subprocess.run(command, cwd=copy, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):
        raise SystemExit(f"bandit failed ({done.returncode}): {done.stderr[-2000:]}")
    results = json.loads(done.stdout)["results"]
    return {(Path(r["filename"]).as_posix().removeprefix("./"), r["line_number"], r["test_id"]) for r in results}


def score(files: list[Fixture], findings: set[tuple[str, int, str]]) -> Score:
    result = Score()
    by_line: dict[tuple[str, int], set[str]] = defaultdict(set)
    for path, line, code in findings:
        by_line[(path, line)].add(code)
    for fixture in files:
        for line, wanted in fixture.expected.items():
            result.expected += 1
            if by_line.get((fixture.path, line), set()) & wanted:
                result.found += 1
            else:
                result.missed.append(f"{fixture.path}:{line}")
        for (path, line), codes in sorted(by_line.items()):
            if path == fixture.path and line not in fixture.expected and codes & fixture.codes:
                result.false_alarms += 1
                result.alarms.append(f"{path}:{line} {','.join(sorted(codes & fixture.codes))}")
    return result


def measure(root: Path = FIXTURES) -> dict[str, dict[str, Score]]:
    """Per class, the scores of `hardlint` and `bandit`, on a copy of the fixtures outside this project."""
    by_class = fixtures(root)
    with tempfile.TemporaryDirectory() as temp:
        copy = Path(temp) / "recall"
        shutil.copytree(root, copy)
        (copy / "pyproject.toml").write_text("[tool.hardlint]\nrespect-gitignore = false\n")
        tools = {"hardlint": hardlint_findings(copy), "bandit": bandit_findings(copy)}
    return {name: {tool: score(files, found) for tool, found in tools.items()} for name, files in by_class.items()}


def print_table(results: dict[str, dict[str, Score]]) -> None:
    print(f"{'class':12} {'tool':9} {'expected':>8} {'found':>6} {'missed':>6} {'false':>6} "
          f"{'recall':>7} {'precision':>9} {'F1':>5}")
    for name, tools in sorted(results.items()):
        for tool, s in tools.items():
            print(f"{name:12} {tool:9} {s.expected:8} {s.found:6} {len(s.missed):6} {s.false_alarms:6} "
                  f"{s.recall:7.0%} {s.precision:9.0%} {s.f1:5.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", type=Path, default=FIXTURES)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--misses", action="store_true", help="list missed lines and false alarms")
    args = parser.parse_args()
    results = measure(args.fixtures)
    if args.json:
        print(json.dumps({n: {t: s.as_dict() for t, s in tools.items()} for n, tools in results.items()}, indent=1))
        return
    print_table(results)
    if args.misses:
        for name, tools in sorted(results.items()):
            for tool, s in tools.items():
                for item in s.missed:
                    print(f"missed  {name:10} {tool:9} {item}")
                for item in s.alarms:
                    print(f"false   {name:10} {tool:9} {item}")


if __name__ == "__main__":
    main()
