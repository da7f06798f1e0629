"""The structured answer the model must give for one finding (sent as a JSON schema)."""

from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import BaseModel, Field

Verdict = Literal["confirmed", "likely_false_positive", "needs_human"]
VERDICTS: tuple[str, ...] = ("confirmed", "likely_false_positive", "needs_human")


class SuggestedEdit(BaseModel):
    """A search/replace edit: `search` is copied verbatim from the code shown, `replace` substitutes it."""

    search: str = Field(description="Exact text copied from the flagged code, long enough to occur once.")
    replace: str = Field(description="The text to put in its place.")
    summary: str = Field(description="One sentence saying what the edit changes.")


class Triage(BaseModel):
    """The reviewer's judgement of one finding."""

    verdict: Verdict = Field(description="confirmed, likely_false_positive or needs_human.")
    severity: Literal["low", "medium", "high", "critical"] = Field(
        description="Severity of the problem in this code, judged from the code shown.")
    confidence: Literal["low", "medium", "high"]
    problem: str = Field(description="What is wrong, in one or two sentences.")
    risk: str = Field(description="The concrete consequence in this code: who can do what, or what breaks.")
    remedy: str = Field(description="What to write instead, in one or two sentences.")
    fix: Optional[SuggestedEdit] = Field(
        default=None, description="A minimal edit that resolves the finding, or null when unsure.")


def triage_from_json(data: Any) -> Triage:
    """Validate a cached or batch answer (a dict or a JSON string)."""
    if isinstance(data, (str, bytes)):
        return Triage.model_validate_json(data)
    return Triage.model_validate(data)
