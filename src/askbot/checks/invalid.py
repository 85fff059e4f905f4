"""A question with nothing to ask: emoji or punctuation only, or only instructions to the assistant."""

from __future__ import annotations

from ..types import Refusal
from . import Check, Draft, register


@register
class InvalidQuestion(Check):
    name = "invalid_question"
    stage = "read"
    languages = None

    def __call__(self, draft: Draft) -> Refusal | None:
        if any(ch.isalnum() for ch in draft.question):
            return None
        return self.refuse("invalid_question")
