"""hardlint: production-readiness and security checks for Python backends."""

from hardlint.config import Config, ConfigError, load_config
from hardlint.engine import check_source
from hardlint.finding import Edit, FileError, FileResult, Finding, Fix, Report
from hardlint.runner import check_paths

__version__ = "0.1.0"

__all__ = [
    "Config", "ConfigError", "Edit", "FileError", "FileResult", "Finding", "Fix", "Report",
    "check_paths", "check_source", "load_config", "__version__",
]
