"""Applying fixes: text edits onto source, re-checked until stable, written atomically."""

from __future__ import annotations

import difflib
import os
import stat
from dataclasses import dataclass
from typing import Callable, Sequence

from hardlint.finding import Edit, Finding

MAX_ROUNDS = 8


def _offsets(source: str) -> list[int]:
    starts = [0]
    for index, char in enumerate(source):
        if char == "\n":
            starts.append(index + 1)
    return starts


def apply_edits(source: str, edits: Sequence[Edit]) -> str:
    """Apply non-overlapping edits (overlapping ones after the first are skipped)."""
    starts = _offsets(source)

    def offset(line: int, column: int) -> int:
        return starts[line - 1] + column - 1

    spans = sorted(((offset(e.line, e.column), offset(e.end_line, e.end_column), e.content) for e in edits),
                   key=lambda s: (s[0], s[1]))
    chosen: list[tuple[int, int, str]] = []
    last_end = -1
    for start, end, content in spans:
        if start < last_end or (start == last_end and chosen and start == chosen[-1][0]):
            continue
        chosen.append((start, end, content))
        last_end = end
    out = []
    position = 0
    for start, end, content in chosen:
        out.append(source[position:start])
        out.append(content)
        position = end
    out.append(source[position:])
    return "".join(out)


def applies(finding: Finding, unsafe: bool = False) -> bool:
    """The finding has a fix that `--fix` applies: a safe one, or an unsafe one when `unsafe` is asked for."""
    fix = finding.fix
    return fix is not None and (fix.applicability == "safe" or (unsafe and fix.applicability == "unsafe"))


def safe_edits(findings: Sequence[Finding], unsafe: bool = False) -> list[Edit]:
    return [e for f in findings if applies(f, unsafe) and f.fix is not None for e in f.fix.edits]


def fix_source(source: str, check: Callable[[str], Sequence[Finding]], unsafe: bool = False) -> tuple[str, int]:
    """Apply safe fixes (and unsafe ones when `unsafe`) until none remain; returns the new source and how
    many fixes were applied.

    `check` re-checks a version of the source. A round whose result no longer parses is discarded.
    """
    import libcst as cst

    applied = 0
    for _ in range(MAX_ROUNDS):
        findings = check(source)
        edits = safe_edits(findings, unsafe)
        if not edits:
            break
        candidate = apply_edits(source, edits)
        if candidate == source:
            break
        try:
            cst.parse_module(candidate)
        except (cst.ParserSyntaxError, RecursionError, ValueError):
            break  # a fix that breaks parsing is rejected, and the file keeps its last good version
        applied += sum(1 for f in findings if applies(f, unsafe))
        source = candidate
    return source, applied


def unified_diff(path: str, before: str, after: str) -> str:
    return "".join(difflib.unified_diff(before.splitlines(True), after.splitlines(True),
                                        f"a/{path.lstrip('/')}", f"b/{path.lstrip('/')}"))


class ChangedOnDisk(Exception):
    """The file changed between reading and writing; it is left alone."""


@dataclass(frozen=True)
class SourceFile:
    """A file as read for fixing: its raw bytes, decoded text, encoding and newline style."""

    path: str
    raw: bytes
    text: str
    encoding: str

    @classmethod
    def read(cls, path: str) -> SourceFile:
        from hardlint.source import SourceError, decode, detect_encoding

        with open(path, "rb") as handle:
            raw = handle.read()
        try:
            text = decode(raw)
        except SourceError as exc:
            raise ValueError(exc.message) from None
        return cls(path, raw, text, detect_encoding(raw))

    def write(self, text: str) -> None:
        """Replace the file atomically with `text`, keeping encoding, BOM and mode."""
        with open(self.path, "rb") as handle:
            if handle.read() != self.raw:
                raise ChangedOnDisk(f"{self.path} changed on disk while it was being fixed; not written")
        data = text.encode(self.encoding)
        target = os.path.realpath(self.path)  # a symlink stays a symlink; its target is rewritten
        mode = stat.S_IMODE(os.stat(target).st_mode)
        directory = os.path.dirname(target)
        import tempfile  # here: a run without fixes never needs it

        fd, temp = tempfile.mkstemp(prefix=".hardlint-", suffix=".tmp", dir=directory)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temp, mode)
            os.replace(temp, target)
        except BaseException:
            if os.path.exists(temp):
                os.unlink(temp)
            raise


@dataclass
class FixOutcome:
    """What fixing a set of files did: the diffs, how many fixes, and files left alone with why."""

    diffs: dict[str, str]
    applied: int
    skipped: dict[str, str]


def fix_files(paths: Sequence[str], check: Callable[[str, str], Sequence[Finding]], write: bool,
              unsafe: bool = False) -> FixOutcome:
    """Fix each file in `paths` until stable (unsafe fixes too when `unsafe`); write atomically only when
    `write` is true.

    `check(source, path)` returns the findings for one version of a file.
    """
    outcome = FixOutcome({}, 0, {})
    for path in paths:
        try:
            original = SourceFile.read(path)
        except (OSError, ValueError) as exc:
            outcome.skipped[path] = f"cannot read: {exc}"
            continue
        fixed, applied = fix_source(original.text, lambda text, p=path: check(text, p), unsafe)
        if fixed == original.text:
            continue
        outcome.diffs[path] = unified_diff(path, original.text, fixed)
        outcome.applied += applied
        if write:
            try:
                original.write(fixed)
            except (ChangedOnDisk, OSError, UnicodeEncodeError) as exc:
                outcome.skipped[path] = str(exc)
                outcome.applied -= applied
                del outcome.diffs[path]
    return outcome
