"""The LLM pass: ask the model about each finding, within a budget, and annotate the report.

Bounds: at most `max_findings` requests per run (cache hits are free and unlimited), at most
`concurrency` requests in flight, and one wall-clock `deadline` for the whole pass. Every failure
(429, 529, 5xx, timeouts, refusals, malformed answers) marks only its own finding as not triaged;
an authentication error stops the pass with one message. The deterministic result is never lost.
"""

from __future__ import annotations

import asyncio
import io
import sys
import time
import tokenize
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Mapping, TextIO

from hardlint.config import Config
from hardlint.finding import Report, severity_rank
from hardlint.llm.annotate import Outcome, annotate
from hardlint.llm.cache import ResultCache, cache_key
from hardlint.llm.client import make_async_client, unavailable_reason
from hardlint.llm.prompt import FindingContext, build_context, flagged_values, system_blocks
from hardlint.llm.schema import Triage, triage_from_json
from hardlint.llm.settings import LLMSettings
from hardlint.llm.usage import Usage

MAX_RETRY_WAIT = 8.0


class PassStopped(Exception):
    """The credentials were refused: no further request can succeed."""


@dataclass
class PassSummary:
    """What one LLM pass did, for the closing line and for tests."""

    triaged: int = 0
    from_cache: int = 0
    not_triaged: int = 0
    verdicts: Counter = field(default_factory=Counter)
    usage: Usage = field(default_factory=Usage)
    seconds: float = 0.0
    stopped: str | None = None
    batch_id: str | None = None


def run_llm_pass(report: Report, config: Config, settings: LLMSettings, err: TextIO | None = None,
                 environ: Mapping[str, str] | None = None) -> PassSummary | None:
    """Annotate `report.findings` in place. Returns None when the pass was skipped."""
    err = err or sys.stderr
    reason = unavailable_reason(settings, environ)
    if reason is not None:
        print(f"LLM pass skipped: {reason}", file=err)
        return None
    summary = PassSummary()
    if not report.findings:
        return summary
    started = time.monotonic()
    cache = ResultCache(settings.cache_path(config) if settings.cache else None)
    sources: dict[str, str | None] = {}
    flagged: dict[str, set[str]] = {}
    contexts = []
    for finding in report.findings:
        source = _read_source(finding.path, config, sources)
        if finding.path not in flagged:
            flagged[finding.path] = flagged_values(report.findings, finding.path, source)
        contexts.append(build_context(finding, source, flagged[finding.path]))
    keys = [cache_key(settings.model, ctx.finding.code, ctx.text) for ctx in contexts]

    outcomes: dict[str, Outcome] = {}
    for key in dict.fromkeys(keys):
        record = cache.get(key)
        if record is not None:
            try:
                outcomes[key] = Outcome(triage=triage_from_json(record["triage"]), cached=True)
            except ValueError:
                continue
    misses = _prioritised([(k, c) for k, c in zip(keys, contexts) if k not in outcomes])
    allowed, over = misses[:settings.max_findings], misses[settings.max_findings:]
    for key, _ in over:
        outcomes[key] = Outcome(reason=f"over the limit of {settings.max_findings} findings sent per run "
                                       "(--llm-max-findings)")
    if allowed:
        if settings.batch:
            from hardlint.llm.batch import submit_batch

            summary.batch_id, batch_outcomes, summary.stopped = submit_batch(dict(allowed), settings, cache)
            outcomes.update(batch_outcomes)
        else:
            try:
                fresh = asyncio.run(_triage_many(dict(allowed), settings, summary.usage, started))
            except PassStopped as exc:
                summary.stopped = str(exc)
                fresh = {key: Outcome(reason=f"LLM pass stopped: {exc}") for key, _ in allowed}
            for key, outcome in fresh.items():
                if outcome.triage is not None:
                    cache.put(key, {"model": settings.model, "triage": outcome.triage.model_dump(mode="json")})
            outcomes.update(fresh)

    show_reason = summary.stopped is None
    report.findings[:] = [
        annotate(ctx.finding, ctx, outcomes.get(key, Outcome(reason="not sent")), settings, config, show_reason)
        for key, ctx in zip(keys, contexts)
    ]
    for finding in report.findings:
        llm = finding.annotations.get("llm", {})
        if llm.get("status") == "triaged":
            summary.triaged += 1
            summary.from_cache += bool(llm.get("cached"))
            summary.verdicts[llm["verdict"]] += 1
        else:
            summary.not_triaged += 1
    summary.seconds = time.monotonic() - started
    _print_summary(summary, settings, err)
    return summary


def decode_source(data: bytes) -> str:
    """Source bytes as text, in the file's PEP 263 encoding (or BOM), else UTF-8; bad bytes kept escaped."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return data.decode(encoding)
    except (SyntaxError, LookupError, UnicodeDecodeError):
        return data.decode("utf-8", errors="surrogateescape")


def _read_source(path: str, config: Config, sources: dict[str, str | None]) -> str | None:
    if path not in sources:
        text = None
        for candidate in (path, str(config.root / path)):
            try:
                with open(candidate, "rb") as handle:
                    text = decode_source(handle.read())
                break
            except OSError:
                continue
        sources[path] = text
    return sources[path]


def _prioritised(items: list[tuple[str, FindingContext]]) -> list[tuple[str, FindingContext]]:
    """Unique keys, most severe first (ties keep report order), so a limit cuts the least severe."""
    unique: dict[str, FindingContext] = {}
    for key, ctx in items:
        if key not in unique or severity_rank(ctx.finding.severity) > severity_rank(unique[key].finding.severity):
            unique[key] = ctx
    order = list(unique)
    return sorted(unique.items(), key=lambda item: (-severity_rank(item[1].finding.severity), order.index(item[0])))


async def _triage_many(contexts: dict[str, FindingContext], settings: LLMSettings, usage: Usage,
                       started: float) -> dict[str, Outcome]:
    deadline = started + settings.deadline
    client = make_async_client(settings)
    gate = asyncio.Semaphore(settings.concurrency)
    results: dict[str, Outcome] = {}
    stopped = asyncio.Event()

    async def one(key: str, ctx: FindingContext) -> None:
        async with gate:
            if stopped.is_set():
                return
            try:
                results[key] = await ask(client, ctx, settings, deadline, usage)
            except PassStopped:
                stopped.set()
                raise

    tasks = [asyncio.create_task(one(key, ctx)) for key, ctx in contexts.items()]
    try:
        pending = set(tasks)
        while pending:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            done, pending = await asyncio.wait(pending, timeout=remaining, return_when=asyncio.FIRST_EXCEPTION)
            for task in done:
                if task.exception() is not None:
                    raise task.exception()  # type: ignore[misc]
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await client.close()
    for key in contexts:
        results.setdefault(key, Outcome(reason=f"the {settings.deadline:g} s deadline of the LLM pass was reached"))
    return results


async def ask(client: Any, ctx: FindingContext, settings: LLMSettings, deadline: float,
              usage: Usage) -> Outcome:
    """One finding, with bounded retries; never raises except PassStopped."""
    import anthropic
    import pydantic

    reason = "not attempted"
    for attempt in range(settings.max_retries + 1):
        remaining = deadline - time.monotonic()
        if remaining <= 0.05:
            return Outcome(reason=f"the {settings.deadline:g} s deadline of the LLM pass was reached")
        retry_after: float | None = None
        try:
            message = await client.messages.parse(
                model=settings.model,
                max_tokens=settings.max_tokens,
                system=system_blocks(),
                messages=[{"role": "user", "content": ctx.text}],
                output_format=Triage,
                timeout=min(settings.timeout, remaining),
            )
        except (anthropic.AuthenticationError, anthropic.PermissionDeniedError) as exc:
            raise PassStopped(f"authentication failed (HTTP {exc.status_code}): {_short(exc)}") from None
        except anthropic.RateLimitError as exc:
            reason, retry_after = "rate limited (HTTP 429)", _retry_after(exc)
        except anthropic.InternalServerError as exc:
            reason = "API overloaded (HTTP 529)" if exc.status_code == 529 else f"API error (HTTP {exc.status_code})"
            retry_after = _retry_after(exc)
        except anthropic.APITimeoutError:
            reason = f"request timed out after {min(settings.timeout, remaining):.0f} s"
        except anthropic.APIConnectionError as exc:
            reason = f"connection failed: {_short(exc)}"
        except anthropic.APIStatusError as exc:
            return Outcome(reason=f"request rejected (HTTP {exc.status_code}): {_short(exc)}")
        except (pydantic.ValidationError, ValueError) as exc:
            return Outcome(reason=f"malformed answer ({_short(exc)})")
        except TypeError as exc:
            if "authentication" in str(exc).lower():
                raise PassStopped(_short(exc)) from None
            return Outcome(reason=f"malformed answer ({_short(exc)})")
        else:
            usage.add(getattr(message, "usage", None))
            return _outcome_of(message)
        if attempt < settings.max_retries:
            if retry_after is not None and retry_after > MAX_RETRY_WAIT:
                return Outcome(reason=f"{reason}; the API asked to wait {retry_after:.0f} s")
            wait = retry_after if retry_after is not None else min(0.5 * 2 ** attempt, MAX_RETRY_WAIT)
            if time.monotonic() + wait >= deadline:
                return Outcome(reason=f"{reason}; retrying would pass the deadline")
            await asyncio.sleep(wait)
    return Outcome(reason=f"{reason} after {settings.max_retries + 1} attempt"
                          f"{'s' if settings.max_retries else ''}")


def _outcome_of(message: Any) -> Outcome:
    stop = getattr(message, "stop_reason", None)
    if stop == "refusal":
        details = getattr(message, "stop_details", None)
        category = getattr(details, "category", None) if details is not None else None
        return Outcome(reason="the model declined to answer (refusal" + (f", {category}" if category else "") + ")")
    if stop == "max_tokens":
        return Outcome(reason="malformed answer (cut off at max-tokens)")
    parsed = getattr(message, "parsed_output", None)
    if not isinstance(parsed, Triage):
        return Outcome(reason="malformed answer (no JSON object in the reply)")
    return Outcome(triage=parsed)


def _retry_after(exc: Any) -> float | None:
    headers = getattr(getattr(exc, "response", None), "headers", None)
    if headers is None:
        return None
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is not None:
            try:
                return max(0.0, float(value) * scale)
            except ValueError:
                continue
    return None


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 200 else text[:197] + "..."


def _print_summary(summary: PassSummary, settings: LLMSettings, err: TextIO) -> None:
    if summary.stopped:
        print(f"LLM pass stopped: {summary.stopped}", file=err)
    verdicts = ", ".join(f"{n} {v.replace('_', ' ')}" for v, n in sorted(summary.verdicts.items()))
    line = (f"LLM pass ({settings.model}): {summary.triaged} triaged ({summary.from_cache} from cache)"
            + (f" [{verdicts}]" if verdicts else "")
            + f", {summary.not_triaged} not triaged; {summary.usage.describe(settings)}; {summary.seconds:.1f} s")
    if summary.batch_id:
        line += f"; batch {summary.batch_id} submitted, run `hardlint llm collect` when it has ended"
    print(line, file=err)
