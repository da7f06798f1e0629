"""The optional LLM triage pass (`hardlint check --llm`). Importing this package imports neither
`anthropic` nor `pydantic`; they are loaded only when the pass actually runs."""

from __future__ import annotations

from typing import Any

from hardlint.llm.annotate import is_downgraded
from hardlint.llm.settings import DEFAULT_MODEL, LLMSettings, settings_from_config


def run_llm_pass(*args: Any, **kwargs: Any) -> Any:
    """See `hardlint.llm.triage.run_llm_pass`."""
    from hardlint.llm.triage import run_llm_pass as run

    return run(*args, **kwargs)


def collect_batches(*args: Any, **kwargs: Any) -> int:
    """See `hardlint.llm.batch.collect`."""
    from hardlint.llm.batch import collect

    return collect(*args, **kwargs)


__all__ = ["DEFAULT_MODEL", "LLMSettings", "collect_batches", "is_downgraded", "run_llm_pass",
           "settings_from_config"]
