"""hardlint as a flake8 plugin: `flake8 --select HL` (entry point `HL` in `flake8.extension`).

flake8 owns selection, `# noqa`, output formats and `-j`; this plugin only checks one file with
hardlint's engine under the project's `[tool.hardlint]` configuration and yields what it found.
Project-level rules see only the one file, so they find what a single file shows (a route
registered twice in one module) and nothing that needs the whole project.
Nothing here imports flake8.
"""

from __future__ import annotations

import ast
import os
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Sequence

from hardlint import __version__
from hardlint.config import Config, ConfigError, load_config

# Codes for problems with the file itself, not findings of a rule.
ERROR_CODE = "HL000"
_QUIET_ERRORS = ("parse", "decode")  # flake8 reports these itself as E902/E999


@lru_cache(maxsize=256)
def _config_for(directory: str) -> Config | ConfigError:
    """The nearest configuration at or above `directory` (each file's own, as `hardlint check` reads it)."""
    try:
        return load_config(start=Path(directory))
    except ConfigError as exc:
        return exc


class HardlintChecker:
    """flake8 tree plugin. flake8 passes `tree`, `filename` and `lines` by parameter name."""

    name = "hardlint"
    version = __version__

    def __init__(self, tree: ast.AST, filename: str = "stdin", lines: Sequence[str] | None = None) -> None:
        self.filename = filename
        self.lines = lines

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        config = _config_for(os.path.dirname(os.path.abspath(self.filename)) if self.filename != "stdin"
                             else os.getcwd())
        if isinstance(config, ConfigError):
            yield 1, 0, f"{ERROR_CODE} hardlint configuration error: {config}", type(self)
            return
        source = "".join(self.lines) if self.lines is not None else self._read()
        if source is None:
            return
        for line, column, text in check(source, self.filename, config):
            yield line, column, text, type(self)

    def _read(self) -> str | None:
        try:
            with open(self.filename, encoding="utf-8", errors="replace") as handle:
                return handle.read()
        except OSError:
            return None


def check(source: str, filename: str, config: Config) -> list[tuple[int, int, str]]:
    """(line, 0-based column, "CODE message") for every finding in one file."""
    from hardlint.engine import check_source
    from hardlint.runner import project_phase

    path = filename if filename not in ("-", "stdin") else "<stdin>"
    result = check_source(source, path, config, is_test=config.is_test(path) if path != "<stdin>" else False,
                          honour_noqa=False)
    findings = list(result.findings)
    if result.facts and path != "<stdin>":
        findings.extend(f for f in project_phase([result], config) if f.path == path)
    reported = [(f.line, max(0, f.column - 1), f"{f.code} {_one_line(f.message)}") for f in findings]
    for error in result.errors:
        if error.kind not in _QUIET_ERRORS:
            reported.append((1, 0, f"{ERROR_CODE} hardlint could not check this file: {_one_line(error.message)}"))
    return sorted(reported)


def _one_line(text: str) -> str:
    return " ".join(text.split())
