"""Precision on real backend applications: hardlint's findings against judged labels.

Builds a corpus of real, deployed backend applications (not libraries) from PyPI at pinned
versions, runs `hardlint check` on it with default settings (bandit on), and compares every
finding with `realcode_labels.json`: judgements made by reading the code, one per finding,
`TP`, `FP` or `debatable`, with a one-line reason. Prints per-rule precision TP / (TP + FP),
the share of critical findings that are real, and every finding no label covers: those are to
be judged, never counted.

    python benchmarks/realcode.py                      # build (first run), check, compare
    python benchmarks/realcode.py --sample 30 --seed 1 --unlabelled todo.json
                                                       # a seeded sample per rule to judge
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

from corpus import download

HERE = Path(__file__).resolve().parent
CORPUS = HERE / ".realcode"
LABELS = HERE / "realcode_labels.json"

# Deployed web applications over PostgreSQL/MySQL/SQLite with Flask, Django or FastAPI.
APPLICATIONS = (
    "apache-superset==6.1.0",
    "mlflow==3.18.0",
    "ckan==2.12.0",
    "indico==3.2.9",
    "pretix==2026.8.0",
    "weblate==5.14.3",
    "label-studio==1.23.2",
    "wagtail==8.0.1",
    # FastAPI applications, added after the rules were tuned on the eight above: out-of-sample.
    "open-webui==0.12.4",
    "litellm==1.110.2",
    "prefect==3.9.1",
)


def _wheel_project(wheel: Path) -> str:
    return wheel.name.split("-")[0].lower().replace("_", "-")


def build(corpus: Path) -> Path:
    """The corpus directory with a `src/` of the applications' Python files, built on first use."""
    src = corpus / "src"
    stamp = corpus / "applications.txt"
    wanted = "\n".join(APPLICATIONS)
    if src.is_dir() and stamp.is_file() and stamp.read_text() == wanted:
        return corpus
    wheels = corpus / "wheels"
    download(wheels, APPLICATIONS)
    names = {spec.split("==")[0] for spec in APPLICATIONS}
    for wheel in sorted(wheels.glob("*.whl")):
        if _wheel_project(wheel) not in names:
            continue
        target = src / _wheel_project(wheel)
        with zipfile.ZipFile(wheel) as archive:
            for member in archive.namelist():
                if member.endswith(".py") and ".dist-info/" not in member:
                    archive.extract(member, target)
    # Default settings, and no .gitignore lookup (benchmarks/.gitignore ignores the corpus).
    (corpus / "pyproject.toml").write_text("[tool.hardlint]\nrespect-gitignore = false\n")
    stamp.write_text(wanted)
    return corpus


def run_hardlint(corpus: Path, extra: list[str]) -> dict:
    """hardlint's JSON report on the corpus, defaults and bandit on."""
    command = [sys.executable, "-m", "hardlint", "check", "src", "--format", "json", "--no-cache",
               "--exit-zero", *extra]
    done = subprocess.run(command, cwd=corpus, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"hardlint failed ({done.returncode}): {done.stderr[-2000:]}")
    return json.loads(done.stdout)


def load_labels(path: Path) -> dict[tuple[str, str, int], dict]:
    if not path.is_file():
        return {}
    entries = json.loads(path.read_text())["labels"]
    return {(e["code"], e["path"], e["line"]): e for e in entries}


def report(findings: list[dict], labels: dict[tuple[str, str, int], dict]) -> list[dict]:
    """Print per-rule precision; return the findings no label covers."""
    verdicts: dict[str, Counter] = defaultdict(Counter)
    unlabelled = []
    critical = Counter()
    for finding in findings:
        label = labels.get((finding["code"], finding["path"], finding["line"]))
        verdict = label["verdict"] if label else "unlabelled"
        verdicts[finding["code"]][verdict] += 1
        if finding["severity"] == "critical":
            critical[verdict] += 1
        if label is None:
            unlabelled.append(finding)
    print(f"{'rule':8} {'found':>6} {'TP':>5} {'FP':>5} {'deb':>5} {'todo':>5} {'precision':>10}")
    for code in sorted(verdicts):
        counts = verdicts[code]
        print(f"{code:8} {sum(counts.values()):6} {counts['TP']:5} {counts['FP']:5} "
              f"{counts['debatable']:5} {counts['unlabelled']:5} {_precision(counts):>10}")
    print(f"critical: {sum(critical.values())} findings, {critical['TP']} TP, {critical['FP']} FP, "
          f"{critical['unlabelled']} unlabelled; real share {_precision(critical)}")
    print(f"unlabelled: {len(unlabelled)} findings (judge them; they are not counted)")
    return unlabelled


def _precision(counts: Counter) -> str:
    judged = counts["TP"] + counts["FP"]
    return f"{counts['TP'] / judged:.0%}" if judged else "-"


def sample(unlabelled: list[dict], size: int, seed: int) -> list[dict]:
    """At most `size` unlabelled findings per rule, chosen reproducibly."""
    by_code: dict[str, list[dict]] = defaultdict(list)
    for finding in unlabelled:
        by_code[finding["code"]].append(finding)
    chosen = []
    for code in sorted(by_code):
        group = sorted(by_code[code], key=lambda f: (f["path"], f["line"]))
        chosen.extend(random.Random(f"{seed}:{code}").sample(group, min(size, len(group))))
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--sample", type=int, default=0, help="sample this many unlabelled per rule")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--unlabelled", type=Path, help="write unlabelled (or sampled) findings here")
    parser.add_argument("--select", help="passed to hardlint check")
    args = parser.parse_args()
    corpus = build(args.corpus)
    files = sorted((corpus / "src").rglob("*.py"))
    lines = sum(path.read_bytes().count(b"\n") for path in files)
    print(f"corpus: {len(APPLICATIONS)} applications, {len(files):,} files, {lines:,} lines")
    result = run_hardlint(corpus, ["--select", args.select] if args.select else [])
    print(f"hardlint: {len(result['findings'])} findings, {len(result['errors'])} per-file errors")
    unlabelled = report(result["findings"], load_labels(args.labels))
    if args.unlabelled:
        todo = sample(unlabelled, args.sample, args.seed) if args.sample else unlabelled
        args.unlabelled.write_text(json.dumps(todo, indent=1))
        print(f"wrote {len(todo)} findings to judge to {args.unlabelled}")


if __name__ == "__main__":
    main()
