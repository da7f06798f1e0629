"""bandit's checks as `hardlint rules` and `hardlint explain` show them: code, name, bandit's own
description and whether hardlint runs the check by default (and if not, why)."""

from __future__ import annotations

import inspect
import re
import sys
import warnings
from dataclasses import dataclass

from hardlint.config import Config
from hardlint.integrations.bandit_adapter import CONSTANT_COMMAND_OFF, OFF_BY_DEFAULT, SUPERSEDED, superseded


@dataclass(frozen=True)
class BanditCheck:
    """One of the installed bandit's checks."""

    code: str
    name: str
    severity: str  # bandit's level for a blacklist entry; a plugin rates each finding itself
    summary: str
    description: str
    default: str  # "on", or "off: <why>"

    @property
    def on_by_default(self) -> bool:
        return not self.default.startswith("off")


def bandit_checks() -> dict[str, BanditCheck]:
    """Every check of the installed bandit, by code; {} when bandit is not installed."""
    try:
        with warnings.catch_warnings():  # stevedore deprecation noise at bandit's import
            warnings.simplefilter("ignore", DeprecationWarning)
            from bandit.core import extension_loader
    except ImportError:
        return {}
    manager = extension_loader.MANAGER
    checks = {}
    for code, plugin in manager.plugins_by_id.items():
        doc = _documentation(plugin.plugin)
        checks[code] = BanditCheck(code, plugin.name, "varies", _summary(doc), doc, default_state(code))
    for code, entries in manager.blacklist_by_id.items():
        entry = entries[0] if isinstance(entries, list) else entries
        message = str(entry.get("message", ""))
        qualnames = ", ".join(entry.get("qualnames", ()))
        description = f"{message}\n\nReported for: {qualnames}" if qualnames else message
        checks[code] = BanditCheck(code, str(entry.get("name", "")), str(entry.get("level", "MEDIUM")).lower(),
                                   message, description, default_state(code))
    return dict(sorted(checks.items()))


def default_state(code: str) -> str:
    """Whether hardlint runs bandit's `code` with no configuration, and why not."""
    if code in OFF_BY_DEFAULT:
        return f"off: noisy on real code ({OFF_BY_DEFAULT[code]}); `--select {code}` turns it on"
    if code in SUPERSEDED and superseded(code, Config()):
        return f"off: {SUPERSEDED[code]} reports this more precisely; `--select {code}` turns it on"
    if code in CONSTANT_COMMAND_OFF:
        return f"on (a constant command, bandit's LOW, is off unless `--select {code}`)"
    return "on"


def _documentation(check: object) -> str:
    """A plugin's docstring, or its module's, where bandit keeps most of them."""
    own = inspect.getdoc(check)
    if own:
        return own
    module = sys.modules.get(getattr(check, "__module__", ""), None)
    return inspect.cleandoc(module.__doc__ or "") if module is not None else ""


_TITLE = re.compile(r"^\**B\d{3}: (?P<title>.+?)\**$", re.M)
_RULER = re.compile(r"^[=\-~*]+$")


def _summary(doc: str) -> str:
    """The `B602: Test for ...` title of a plugin's documentation, or its first line of prose."""
    title = _TITLE.search(doc)
    if title is not None:
        return title.group("title").strip()
    lines = [line.strip() for line in doc.splitlines() if line.strip() and not _RULER.match(line.strip())]
    return lines[0] if lines else ""


def explain_check(check: BanditCheck) -> str:
    """What `hardlint explain B602` prints."""
    return (f"{check.code} {check.name} (bandit's check; hardlint's default: {check.default}; "
            f"severity: {check.severity})\n\n{check.description}\n")
