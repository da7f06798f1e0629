"""Reporters turn a Report into text. Each is a pure function registered under its format name."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from hardlint.config import Config
    from hardlint.finding import Report

Reporter = Callable[["Report", "Config", bool], str]

# Format name -> the module under hardlint.reporters whose `render` writes it; imported only when used.
_MODULES = {
    "text": "text",
    "json": "json_report",
    "sarif": "sarif",
    "github": "github",
    "gitlab": "gitlab",
    "junit": "junit",
}


def formats() -> list[str]:
    return list(_MODULES)


def reporter(name: str) -> Reporter:
    module = importlib.import_module(f"{__name__}.{_MODULES[name]}")
    return module.render  # type: ignore[no-any-return]


def render(name: str, report: Report, config: Config, color: bool = False) -> str:
    """Render `report` in format `name`; `color` is only honoured by terminal formats."""
    return reporter(name)(report, config, color)
