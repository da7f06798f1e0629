"""Reporters turn a Report into text. Each is a pure function registered under its format name."""

from __future__ import annotations

from typing import Callable

from hardlint.config import Config
from hardlint.finding import Report

Reporter = Callable[[Report, Config, bool], str]


def _registry() -> dict[str, Reporter]:
    from hardlint.reporters import github, gitlab, json_report, junit, sarif, text

    return {
        "text": text.render,
        "json": json_report.render,
        "sarif": sarif.render,
        "github": github.render,
        "gitlab": gitlab.render,
        "junit": junit.render,
    }


def formats() -> list[str]:
    return list(_registry())


def render(name: str, report: Report, config: Config, color: bool = False) -> str:
    """Render `report` in format `name`; `color` is only honoured by terminal formats."""
    return _registry()[name](report, config, color)
