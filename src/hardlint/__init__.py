"""hardlint: production-readiness and security checks for Python backends."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hardlint.config import Config, ConfigError, load_config
    from hardlint.engine import check_source
    from hardlint.finding import Edit, FileError, FileResult, Finding, Fix, Report
    from hardlint.runner import check_paths

__version__ = "0.1.0"

# The public API, imported on first use: `import hardlint.cli` must not pay for LibCST up front.
_EXPORTS = {
    "Config": "config", "ConfigError": "config", "load_config": "config",
    "check_source": "engine", "check_paths": "runner",
    "Edit": "finding", "FileError": "finding", "FileResult": "finding", "Finding": "finding", "Fix": "finding",
    "Report": "finding",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'hardlint' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"hardlint.{module}"), name)
    globals()[name] = value
    return value

__all__ = [
    "Config", "ConfigError", "Edit", "FileError", "FileResult", "Finding", "Fix", "Report",
    "check_paths", "check_source", "load_config", "__version__",
]
