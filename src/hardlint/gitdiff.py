"""Which lines changed since a git revision, for `hardlint check --diff-ref REF`.

Lines count as changed when `git diff -U0` against the merge base of REF and HEAD shows them as
added or modified in the working tree; untracked (not ignored) files count as changed throughout.
The diff does not depend on the user's or the repository's diff settings: prefixes, colour,
context, relative paths, external diff and textconv drivers and `binary`/`-diff` attributes are
all fixed on the command line, and renames are followed.
"""

from __future__ import annotations

import os
import re
import subprocess  # noqa: B404 - runs git with a fixed argument list, never a shell
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(?P<start>\d+)(?:,(?P<count>\d+))? @@")
_QUOTED_ESCAPE = re.compile(r"\\([0-7]{3}|.)", re.DOTALL)
_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", '"': '"', "\\": "\\"}


class GitError(Exception):
    """git could not answer: not a repository, unknown revision, git missing."""


@dataclass
class ChangedLines:
    """Changed line numbers per file (absolute, resolved paths); `whole` files changed entirely;
    `names`: every changed path relative to the work tree's `top`, old and new names of renames;
    `base`: the revision compared with."""

    lines: dict[str, set[int]] = field(default_factory=dict)
    whole: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    top: Path = Path(".")
    base: str = "HEAD"

    def contains(self, path: str, line: int) -> bool:
        key = _key(path)
        return key in self.whole or line in self.lines.get(key, ())


def repo_root(start: str | os.PathLike[str] | None = None) -> Path | None:
    """The top of the git work tree containing `start` (cwd), found without running git."""
    here = Path(start or Path.cwd()).resolve()
    for directory in [here, *here.parents]:
        if (directory / ".git").exists():
            return directory
    return None


def changed_lines(ref: str, cwd: str | os.PathLike[str] | None = None) -> ChangedLines:
    """Lines added or modified since `ref` (its merge base with HEAD when there is one)."""
    if ref.startswith("-"):
        raise GitError(f"{ref!r} is not a git revision")
    top = Path(_git(["rev-parse", "--show-toplevel"], cwd).strip())
    _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], cwd,
         failure=f"unknown git revision {ref!r}")
    base = _merge_base(ref, cwd) or ref
    changed = parse_diff(_git([*DIFF_OPTIONS, base, "--"], cwd), top)
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z", "--full-name", ":/"], cwd)
    changed.whole.update(_key(top / name) for name in untracked.split("\0") if name)
    changed.names.update(name for name in untracked.split("\0") if name)
    changed.top, changed.base = top, base
    return changed


# Everything that shapes the diff's text is set here, whatever the configuration says.
DIFF_OPTIONS = ("-c", "diff.noprefix=false", "-c", "diff.mnemonicPrefix=false", "diff", "--no-color",
                "--no-ext-diff", "--no-textconv", "--text", "--src-prefix=a/", "--dst-prefix=b/", "--no-relative",
                "--find-renames", "--inter-hunk-context=0", "--ignore-submodules=none", "-U0")
CONFIG_FILES = (".hardlint.toml", "hardlint.toml")


def config_changes(changed: ChangedLines, cwd: str | os.PathLike[str] | None = None) -> list[str]:
    """The changed paths that configure hardlint: a `hardlint.toml`, or a `pyproject.toml` whose
    `[tool.hardlint]` table differs from the one in the revision compared with."""
    found = []
    for name in sorted(changed.names):
        basename = name.rsplit("/", 1)[-1]
        if basename in CONFIG_FILES:
            found.append(name)
        elif basename == "pyproject.toml" and _hardlint_table(_old_text(changed.base, name, cwd)) != \
                _hardlint_table(_new_text(changed.top / name)):
            found.append(f"{name} [tool.hardlint]")
    return found


def _old_text(base: str, name: str, cwd: str | os.PathLike[str] | None) -> bytes | None:
    try:
        return _git(["cat-file", "blob", f"{base}:{name}"], cwd).encode("utf-8", "surrogateescape")
    except GitError:
        return None  # added since


def _new_text(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None  # deleted since


def _hardlint_table(raw: bytes | None) -> object:
    """The `[tool.hardlint]` table of a pyproject.toml's bytes; the bytes themselves when unreadable."""
    if raw is None:
        return None
    from hardlint.tomlcompat import tomllib

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return raw
    tool = data.get("tool")
    return tool.get("hardlint") if isinstance(tool, dict) else None


def parse_diff(diff: str, top: Path) -> ChangedLines:
    """The new-side line numbers of every hunk in a `git diff -U0` output."""
    changed = ChangedLines()
    current: set[int] | None = None
    for line in diff.splitlines():
        if line.startswith(("rename from ", "rename to ")):
            changed.names.add(_unquote(line.split(" ", 2)[2]))
            continue
        if line.startswith("--- "):
            name = _unquote(line[4:].rstrip("\t"))
            if name.startswith("a/"):
                changed.names.add(name[2:])
            continue
        if line.startswith("+++ "):
            name = _unquote(line[4:].rstrip("\t"))
            if name == "/dev/null" or not name.startswith("b/"):
                current = None
            else:
                changed.names.add(name[2:])
                current = changed.lines.setdefault(_key(top / name[2:]), set())
            continue
        match = _HUNK.match(line)
        if match and current is not None:
            start = int(match.group("start"))
            count = 1 if match.group("count") is None else int(match.group("count"))
            current.update(range(start, start + count))
    return changed


def _merge_base(ref: str, cwd: str | os.PathLike[str] | None) -> str | None:
    try:
        return _git(["merge-base", ref, "HEAD"], cwd).strip() or None
    except GitError:
        return None  # no common history (or a shallow clone): compare with REF itself


# Options that keep git from running anything the repository's or the user's configuration names
# (an fsmonitor hook, an external diff or textconv driver) and from changing its output's form.
SAFE_OPTIONS = ("-c", "core.fsmonitor=false", "-c", "core.quotepath=false", "--no-pager")
# Environment that could point git at another repository or change a diff's form.
_DROPPED_ENV = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_EXTERNAL_DIFF", "GIT_DIFF_OPTS", "GIT_PAGER")


@lru_cache(maxsize=1)
def _git_program() -> str | None:
    """git's absolute path, from the absolute PATH entries only: a relative entry (`.`) would find
    a `git` committed to the checked tree."""
    import shutil

    return shutil.which("git", path=os.pathsep.join(p for p in os.get_exec_path() if os.path.isabs(p)))


def run_git(args: list[str], cwd: str | os.PathLike[str] | None, failure: str | None = None) -> str:
    """git's standard output for `args` (run with SAFE_OPTIONS), or GitError."""
    git = _git_program()
    if git is None:
        raise GitError("git is not installed or not on PATH")
    env = {k: v for k, v in os.environ.items() if k not in _DROPPED_ENV}
    env.update(LC_ALL="C", GIT_OPTIONAL_LOCKS="0")
    try:
        done = subprocess.run([git, *SAFE_OPTIONS, *args], cwd=cwd, capture_output=True, timeout=120,  # noqa: B603 - no shell
                              env=env, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError(f"cannot run git: {exc}") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(failure or f"git {args[0]} failed: {detail[-1] if detail else done.returncode}")
    return done.stdout.decode("utf-8", "surrogateescape")


_git = run_git


def _unquote(name: str) -> str:
    """Undo git's C-style quoting of unusual file names ("b/caf\\303\\251.py"); one pass over the escapes."""
    if not (len(name) >= 2 and name[0] == name[-1] == '"'):
        return name
    body, out, position = name[1:-1], bytearray(), 0
    for escape in _QUOTED_ESCAPE.finditer(body):
        out += body[position:escape.start()].encode("utf-8", "surrogateescape")
        code = escape.group(1)
        out += bytes([int(code, 8) & 0xFF]) if len(code) == 3 else _ESCAPES.get(code, code).encode("utf-8", "surrogateescape")
        position = escape.end()
    out += body[position:].encode("utf-8", "surrogateescape")
    return out.decode("utf-8", "surrogateescape")


def _key(path: str | os.PathLike[str]) -> str:
    return os.path.realpath(path)
