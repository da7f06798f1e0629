"""Builds the benchmark corpus: real backend packages at pinned versions, downloaded with pip.

The wheels land in benchmarks/.corpus/wheels and their Python files in benchmarks/.corpus/src;
both are kept between runs, so only the first run needs the package index.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / ".corpus"

# Whole packages, tests and all where the wheel ships them: web frameworks, a task queue and
# the clients behind it. About 144,000 lines of Python.
PACKAGES = (
    "flask==3.0.3",
    "werkzeug==3.0.3",
    "starlette==0.37.2",
    "fastapi==0.111.0",
    "celery==5.4.0",
    "kombu==5.3.7",
    "redis==5.0.4",
)


def download(wheels: Path, packages: tuple[str, ...] = PACKAGES) -> None:
    """Download the pinned wheels of `packages` (no dependencies) into `wheels`."""
    wheels.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary", ":all:",
         "--dest", str(wheels), *packages],
        check=True,
    )


def _extract(wheels: Path, src: Path) -> None:
    for wheel in sorted(wheels.glob("*.whl")):
        name = wheel.name.split("-")[0].lower()
        if not any(spec.split("==")[0] == name for spec in PACKAGES):
            continue
        target = src / wheel.name[: -len(".whl")]
        with zipfile.ZipFile(wheel) as archive:
            for member in archive.namelist():
                if member.endswith(".py") and ".dist-info/" not in member:
                    archive.extract(member, target)


def build() -> Path:
    """The corpus directory, downloading and unpacking it on first use."""
    src = CORPUS / "src"
    stamp = CORPUS / "packages.txt"
    wanted = "\n".join(PACKAGES)
    if src.is_dir() and stamp.is_file() and stamp.read_text() == wanted:
        return src
    wheels = CORPUS / "wheels"
    download(wheels)
    _extract(wheels, src)
    stamp.write_text(wanted)
    return src


def prepare_project() -> Path:
    """The corpus as a project hardlint checks with default settings: its own [tool.hardlint] table
    (so the repository's configuration, which excludes benchmarks/, does not apply) and no
    .gitignore lookup (benchmarks/.gitignore ignores the corpus itself)."""
    build()
    (CORPUS / "pyproject.toml").write_text("[tool.hardlint]\nrespect-gitignore = false\n")
    return CORPUS


def python_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.py"))


def count_lines(files: list[Path]) -> int:
    return sum(path.read_bytes().count(b"\n") for path in files)


if __name__ == "__main__":
    root = build()
    files = python_files(root)
    print(f"{root}: {len(files)} files, {count_lines(files):,} lines")
