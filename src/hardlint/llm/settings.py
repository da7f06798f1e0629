"""`[tool.hardlint.llm]`: validated settings for the LLM pass, with the command line on top."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from hardlint.config import Config, ConfigError, expect_bool, expect_count

DEFAULT_MODEL = "claude-sonnet-5-5"
CHEAP_MODEL = "claude-haiku-5-5"
PROVIDERS = ("anthropic", "bedrock", "vertex")

# Listed prices in US dollars per million tokens: (input, output). Batches cost half.
PRICES: dict[str, tuple[float, float]] = {
    "claude-sonnet-5-5": (2.0, 10.0),
    "claude-haiku-5-5": (0.10, 0.50),
}
CACHE_WRITE_FACTOR = 1.25
CACHE_READ_FACTOR = 0.10
BATCH_FACTOR = 0.5


@dataclass(frozen=True)
class LLMSettings:
    """Everything the LLM pass can be told; the defaults suit a CI job on a pull request."""

    enabled: bool = False
    provider: str = "anthropic"
    model: str = DEFAULT_MODEL
    max_findings: int = 50
    concurrency: int = 4
    deadline: float = 300.0
    timeout: float = 60.0
    max_retries: int = 2
    max_tokens: int = 2048
    batch: bool = False
    downgrade: bool = False
    cache: bool = True
    cache_dir: str | None = None
    region: str | None = None
    project_id: str | None = None
    price_input: float | None = None
    price_output: float | None = None

    def prices(self) -> tuple[float, float] | None:
        """(input, output) dollars per million tokens for the configured model, if known."""
        if self.price_input is not None and self.price_output is not None:
            return self.price_input, self.price_output
        return PRICES.get(self.model)

    def cache_path(self, config: Config) -> Path:
        """Where results live: `llm.cache-dir`, else `<cache-dir>/llm`, else `.hardlint_cache/llm`."""
        if self.cache_dir:
            return (config.root / self.cache_dir).resolve()
        base = config.root / config.cache_dir if config.cache_dir else config.root / ".hardlint_cache"
        return (base / "llm").resolve()


def _seconds(value: Any, where: str) -> float:
    if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
        raise ConfigError(f"{where}: expected a positive number of seconds, got {value!r}")
    return float(value)


def _price(value: Any, where: str) -> float:
    if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
        raise ConfigError(f"{where}: expected a price in dollars per million tokens, got {value!r}")
    return float(value)


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: expected a non-empty string, got {value!r}")
    return value.strip()


def _provider(value: Any, where: str) -> str:
    if value not in PROVIDERS:
        raise ConfigError(f"{where}: expected one of {', '.join(PROVIDERS)}, got {value!r}")
    return str(value)


_KEYS = {
    "enabled": ("enabled", expect_bool),
    "provider": ("provider", _provider),
    "model": ("model", _text),
    "max-findings": ("max_findings", expect_count),
    "concurrency": ("concurrency", expect_count),
    "deadline": ("deadline", _seconds),
    "timeout": ("timeout", _seconds),
    "max-retries": ("max_retries", expect_count),
    "max-tokens": ("max_tokens", expect_count),
    "batch": ("batch", expect_bool),
    "downgrade": ("downgrade", expect_bool),
    "cache": ("cache", expect_bool),
    "cache-dir": ("cache_dir", _text),
    "region": ("region", _text),
    "project-id": ("project_id", _text),
    "price-input": ("price_input", _price),
    "price-output": ("price_output", _price),
}


def settings_from_config(config: Config, **overrides: Any) -> LLMSettings:
    """Validate `config.llm`, then apply command-line `overrides` (None means not given)."""
    where = f"{config.source or 'configuration'}: tool.hardlint.llm"
    values: dict[str, Any] = {}
    table: Mapping[str, Any] = config.llm or {}
    for key, value in table.items():
        if key not in _KEYS:
            known = ", ".join(sorted(_KEYS))
            raise ConfigError(f"{where}: unknown key {key!r} (known keys: {known})")
        name, convert = _KEYS[key]
        values[name] = convert(value, f"{where}.{key}")
    values.update({k: v for k, v in overrides.items() if v is not None})
    if values.get("max_findings", 0) < 0:
        raise ConfigError(f"--llm-max-findings: expected a non-negative integer, got {values['max_findings']}")
    settings = LLMSettings(**values)
    if settings.concurrency < 1:
        settings = dataclasses.replace(settings, concurrency=1)
    return settings
