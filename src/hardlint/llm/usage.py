"""Token usage and the estimated cost of the LLM pass."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hardlint.llm.settings import (
    BATCH_FACTOR,
    CACHE_READ_FACTOR,
    CACHE_WRITE_FACTOR,
    LLMSettings,
)


@dataclass
class Usage:
    """Tokens billed for the requests one run made (disk-cache hits add nothing)."""

    requests: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cache_creation_input_tokens: int = 0
    cache_read_input_tokens: int = 0

    def add(self, usage: Any) -> None:
        """Add an SDK `Usage` object or a dict of the same fields."""
        if usage is None:
            return
        get = usage.get if isinstance(usage, dict) else (lambda name, default=0: getattr(usage, name, default))
        self.requests += 1
        self.input_tokens += int(get("input_tokens", 0) or 0)
        self.output_tokens += int(get("output_tokens", 0) or 0)
        self.cache_creation_input_tokens += int(get("cache_creation_input_tokens", 0) or 0)
        self.cache_read_input_tokens += int(get("cache_read_input_tokens", 0) or 0)

    def as_dict(self) -> dict[str, int]:
        return {
            "input_tokens": self.input_tokens,
            "output_tokens": self.output_tokens,
            "cache_creation_input_tokens": self.cache_creation_input_tokens,
            "cache_read_input_tokens": self.cache_read_input_tokens,
        }

    def cost(self, settings: LLMSettings, batch: bool = False) -> float | None:
        """Estimated US dollars at list prices, or None for a model without a known price."""
        prices = settings.prices()
        if prices is None:
            return None
        price_in, price_out = prices
        dollars = (self.input_tokens * price_in
                   + self.cache_creation_input_tokens * price_in * CACHE_WRITE_FACTOR
                   + self.cache_read_input_tokens * price_in * CACHE_READ_FACTOR
                   + self.output_tokens * price_out) / 1_000_000
        return dollars * (BATCH_FACTOR if batch else 1.0)

    def describe(self, settings: LLMSettings, batch: bool = False) -> str:
        cost = self.cost(settings, batch)
        money = (f"estimated cost ${cost:.4f}" if cost is not None
                 else f"cost unknown for {settings.model} (set llm.price-input and llm.price-output)")
        return (f"{self.requests} API request{'s' if self.requests != 1 else ''}, "
                f"{self.input_tokens} input tokens (+{self.cache_creation_input_tokens} cache write, "
                f"{self.cache_read_input_tokens} cache read), {self.output_tokens} output tokens, {money}")
