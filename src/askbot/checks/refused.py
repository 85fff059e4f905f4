"""The model replied that the article does not say, replied nothing, or asked a question back."""

from __future__ import annotations

from ..prompting import is_refusal
from ..types import Refusal
from . import Check, Draft, register


@register
class ModelRefused(Check):
    name = "model_refused"
    stage = "reply"
    languages = None

    def __call__(self, draft: Draft) -> Refusal | None:
        reply = draft.reply or ""
        if reply and not is_refusal(reply) and not reply.endswith("?"):
            return None
        return self.refuse("model_doubt")
