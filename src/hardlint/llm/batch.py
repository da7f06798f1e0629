"""Message Batches: submit cache misses at half price, collect finished batches into the cache.

`hardlint check --llm --llm-batch` sends one batch whose `custom_id`s are the cache keys and
remembers it under the cache directory; `hardlint llm collect` later reads every finished batch
and stores each answer, so the next `check --llm` finds them in the cache and makes no request.
"""

from __future__ import annotations

import time
from typing import Any, TextIO

from hardlint.llm.annotate import Outcome
from hardlint.llm.cache import ResultCache
from hardlint.llm.client import make_sync_client
from hardlint.llm.prompt import FindingContext, system_blocks
from hardlint.llm.schema import Triage, triage_from_json
from hardlint.llm.settings import LLMSettings
from hardlint.llm.usage import Usage
from hardlint.textsafe import safe_message


def output_config() -> dict[str, Any]:
    """The same structured-output format `messages.parse(output_format=Triage)` sends."""
    from anthropic import transform_schema
    from pydantic import TypeAdapter

    return {"format": {"type": "json_schema", "schema": transform_schema(TypeAdapter(Triage).json_schema())}}


def batch_request(key: str, ctx: FindingContext, settings: LLMSettings) -> dict[str, Any]:
    return {
        "custom_id": key,
        "params": {
            "model": settings.model,
            "max_tokens": settings.max_tokens,
            "system": system_blocks(),
            "messages": [{"role": "user", "content": ctx.text}],
            "output_config": output_config(),
        },
    }


def submit_batch(contexts: dict[str, FindingContext], settings: LLMSettings,
                 cache: ResultCache) -> tuple[str | None, dict[str, Outcome], str | None]:
    """(batch id, outcomes for the submitted findings, stop message or None)."""
    import anthropic

    if settings.provider != "anthropic":
        reason = f"Message Batches are not available through the {settings.provider} provider"
        return None, {key: Outcome(reason=reason) for key in contexts}, None
    if cache.directory is None:
        reason = "--llm-batch needs the LLM result cache (llm.cache = true) to collect results into"
        return None, {key: Outcome(reason=reason) for key in contexts}, None
    client = make_sync_client(settings)
    try:
        batch = client.messages.batches.create(
            requests=[batch_request(key, ctx, settings) for key, ctx in contexts.items()])
    except (anthropic.AuthenticationError, anthropic.PermissionDeniedError) as exc:
        stop = f"authentication failed (HTTP {exc.status_code})"
        return None, {key: Outcome(reason=stop) for key in contexts}, stop
    except anthropic.APIError as exc:
        reason = f"batch submission failed: {' '.join(str(exc).split())[:200]}"
        return None, {key: Outcome(reason=reason) for key in contexts}, None
    finally:
        client.close()
    cache.add_pending(batch.id, {"model": settings.model, "keys": list(contexts), "submitted_at": int(time.time())})
    reason = f"submitted in batch {safe_message(str(batch.id))}; run `hardlint llm collect`"
    return batch.id, {key: Outcome(reason=reason, batch_id=batch.id) for key in contexts}, None


def collect(settings: LLMSettings, cache: ResultCache, out: TextIO) -> int:
    """Store the answers of every ended batch in the cache.

    Returns an exit code: 0 when nothing is left pending, 1 when some batch is still in progress,
    2 when the API could not be used (one line says why)."""
    import anthropic

    pending = list(cache.pending())
    if not pending:
        print("No pending LLM batches.", file=out)
        return 0
    client = make_sync_client(settings)
    try:
        in_progress = _collect_all(client, pending, settings, cache, out)
    except (anthropic.AuthenticationError, anthropic.PermissionDeniedError) as exc:
        print(f"LLM collect stopped: authentication failed (HTTP {exc.status_code})", file=out)
        return 2
    except anthropic.APIError as exc:
        print(f"LLM collect stopped: {' '.join(str(exc).split())[:200]}", file=out)
        return 2
    finally:
        client.close()
    return 1 if in_progress else 0


def _collect_all(client: Any, pending: list[dict[str, Any]], settings: LLMSettings, cache: ResultCache,
                 out: TextIO) -> int:
    import anthropic

    in_progress = 0
    for record in pending:
        batch_id = record["id"]
        shown = safe_message(str(batch_id))  # from a cache file in the checked tree, or from the API
        try:
            batch = client.messages.batches.retrieve(batch_id)
        except anthropic.NotFoundError:
            print(f"{shown}: not found (expired or deleted); forgetting it", file=out)
            cache.remove_pending(batch_id)
            continue
        if batch.processing_status != "ended":
            in_progress += 1
            print(f"{shown}: {safe_message(str(batch.processing_status))}", file=out)
            continue
        stored, failed, usage = _store_results(client, batch_id, record, cache)
        cost = usage.cost(_for_model(settings, record), batch=True)
        money = f", estimated cost ${cost:.4f}" if cost is not None else ""
        print(f"{shown}: ended; {stored} result{'s' if stored != 1 else ''} cached, {failed} not usable; "
              f"{usage.input_tokens} input / {usage.output_tokens} output tokens{money}", file=out)
        cache.remove_pending(batch_id)
    return in_progress


def _store_results(client: Any, batch_id: str, record: dict[str, Any],
                   cache: ResultCache) -> tuple[int, int, Usage]:
    wanted = set(record.get("keys") or [])
    stored = failed = 0
    usage = Usage()
    for item in client.messages.batches.results(batch_id):
        key = item.custom_id
        result = item.result
        if wanted and key not in wanted:
            continue
        if result.type != "succeeded":
            failed += 1
            continue
        message = result.message
        usage.add(message.usage)
        text = next((block.text for block in message.content if block.type == "text"), None)
        if message.stop_reason != "end_turn" or text is None:
            failed += 1
            continue
        try:
            triage = triage_from_json(text)
        except ValueError:
            failed += 1
            continue
        cache.put(key, {"model": record.get("model"), "triage": triage.model_dump(mode="json"),
                        "batch_id": batch_id})
        stored += 1
    return stored, failed, usage


def _for_model(settings: LLMSettings, record: dict[str, Any]) -> LLMSettings:
    import dataclasses

    model = record.get("model")
    return dataclasses.replace(settings, model=model) if isinstance(model, str) else settings
