"""Baselines and stable fingerprints: recognise a finding again after unrelated lines moved.

A fingerprint hashes the code, the file's project-relative path, the finding's line text with
whitespace normalised, and the finding's occurrence index among identical (code, path, text)
findings. Line numbers are not part of it, so adding or removing lines above a finding keeps it.
"""

from __future__ import annotations

import dataclasses
import json
import os
from typing import Iterable, Mapping, Sequence

from hardlint.config import Config
from hardlint.finding import Finding

DEFAULT_BASELINE = ".hardlint-baseline.json"
FORMAT_VERSION = 1
FINGERPRINT_KEY = "fingerprint"


class BaselineError(Exception):
    """A baseline file that cannot be read or written."""


class LineReader:
    """Source lines by path, each file read once."""

    def __init__(self) -> None:
        self._files: dict[str, list[str]] = {}

    def line(self, path: str, number: int) -> str:
        lines = self._files.get(path)
        if lines is None:
            try:
                with open(path, encoding="utf-8", errors="replace") as handle:
                    lines = handle.read().splitlines()
            except OSError:
                lines = []
            self._files[path] = lines
        return lines[number - 1] if 0 < number <= len(lines) else ""


def normalise(text: str) -> str:
    return " ".join(text.split())


def fingerprints(findings: Sequence[Finding], config: Config, reader: LineReader | None = None) -> list[str]:
    """One fingerprint per finding, in the order given; a finding's own annotation wins."""
    reader = reader or LineReader()
    keyed = []
    for index, finding in enumerate(findings):
        text = normalise(reader.line(finding.path, finding.line))
        keyed.append(((finding.code, config.relative(finding.path), text), finding.line, finding.column, index))
    result = [""] * len(findings)
    seen: dict[tuple[str, str, str], int] = {}
    for key, _, _, index in sorted(keyed, key=lambda item: (item[0], item[1], item[2])):
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        own = findings[index].annotations.get(FINGERPRINT_KEY) if findings[index].annotations else None
        result[index] = str(own) if own else _digest(*key, str(occurrence))
    return result


def _digest(*parts: str) -> str:
    import hashlib  # here: a run without a baseline does not load OpenSSL's bindings

    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]


def with_fingerprints(findings: Sequence[Finding], config: Config) -> list[Finding]:
    """The findings with their fingerprint stored in `annotations`, for reporters after filtering."""
    prints = fingerprints(findings, config)
    return [dataclasses.replace(f, annotations={**f.annotations, FINGERPRINT_KEY: fp})
            for f, fp in zip(findings, prints)]


def entries(findings: Sequence[Finding], config: Config) -> list[dict[str, object]]:
    prints = fingerprints(findings, config)
    return [{"fingerprint": fp, "code": f.code, "path": config.relative(f.path), "line": f.line,
             "message": f.message} for f, fp in zip(findings, prints)]


def write(path: str | os.PathLike[str], findings: Sequence[Finding], config: Config) -> int:
    """Record `findings` in a baseline file; returns how many were recorded."""
    document = {"tool": "hardlint", "version": FORMAT_VERSION, "findings": entries(findings, config)}
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    try:
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except OSError as exc:
        raise BaselineError(f"{path}: cannot write baseline: {exc.strerror or exc}") from None
    return len(document["findings"])


def load(path: str | os.PathLike[str]) -> set[str]:
    """The fingerprints recorded in a baseline file."""
    try:
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read baseline: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise BaselineError(f"{path}: not a hardlint baseline (invalid JSON: {exc})") from None
    if not isinstance(document, Mapping) or not isinstance(document.get("findings"), list):
        raise BaselineError(f"{path}: not a hardlint baseline (no \"findings\" list)")
    return {str(e["fingerprint"]) for e in document["findings"] if isinstance(e, Mapping) and "fingerprint" in e}


def split(findings: Sequence[Finding], known: Iterable[str]) -> tuple[list[Finding], int]:
    """(findings not in the baseline, how many baseline entries matched nothing any more).

    `findings` must carry fingerprints (see `with_fingerprints`)."""
    known = set(known)
    fresh, matched = [], set()
    for finding in findings:
        fp = finding.annotations.get(FINGERPRINT_KEY)
        if fp in known:
            matched.add(fp)
        else:
            fresh.append(finding)
    return fresh, len(known - matched)
