"""Builds the SDK client for the configured provider. `anthropic` is imported here and only here,
so a run without `--llm` never pays for (or needs) the package."""

from __future__ import annotations

import importlib.util
import os
from typing import Any, Mapping

from hardlint.llm.settings import LLMSettings


def unavailable_reason(settings: LLMSettings, environ: Mapping[str, str] | None = None) -> str | None:
    """Why the pass cannot run here (a one-line reason), or None when it can."""
    env = os.environ if environ is None else environ
    if importlib.util.find_spec("anthropic") is None or importlib.util.find_spec("pydantic") is None:
        return "the anthropic SDK is not installed (pip install 'hardlint[llm]')"
    if settings.provider == "anthropic" and not (env.get("ANTHROPIC_API_KEY") or env.get("ANTHROPIC_AUTH_TOKEN")):
        return "neither ANTHROPIC_API_KEY nor ANTHROPIC_AUTH_TOKEN is set"
    if settings.provider == "vertex" and not (settings.region or env.get("CLOUD_ML_REGION")):
        return "the Vertex provider needs llm.region or CLOUD_ML_REGION"
    return None


def _common(settings: LLMSettings) -> dict[str, Any]:
    # The SDK's own retries obey `retry-after` however long it is; hardlint retries itself, bounded
    # by its deadline, so the SDK must not.
    return {"max_retries": 0, "timeout": settings.timeout}


def make_async_client(settings: LLMSettings) -> Any:
    """An async client for the Messages API (ANTHROPIC_BASE_URL is honoured by the SDK)."""
    import anthropic

    if settings.provider == "bedrock":
        from anthropic.lib.bedrock import AsyncAnthropicBedrock

        return AsyncAnthropicBedrock(aws_region=settings.region, **_common(settings))
    if settings.provider == "vertex":
        from anthropic.lib.vertex import AsyncAnthropicVertex

        kwargs = {"region": settings.region} if settings.region else {}
        if settings.project_id:
            kwargs["project_id"] = settings.project_id
        return AsyncAnthropicVertex(**kwargs, **_common(settings))
    return anthropic.AsyncAnthropic(**_common(settings))


def make_sync_client(settings: LLMSettings) -> Any:
    """A blocking client, used for Message Batches (first-party API only)."""
    import anthropic

    return anthropic.Anthropic(**_common(settings))
