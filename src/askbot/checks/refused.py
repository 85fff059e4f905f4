"""The model replied that the article does not say, replied nothing, or asked a question back; not
refused when one article sentence states the yes-or-no question asked: that sentence is quoted."""

from __future__ import annotations

from ..prompting import is_refusal
from ..types import Refusal
from . import Check, Draft, register
from .doubt import stated


@register
class ModelRefused(Check):
    name = "model_refused"
    stage = "reply"
    languages = None

    def __call__(self, draft: Draft) -> Refusal | None:
        reply = draft.reply or ""
        if reply and not is_refusal(reply) and not reply.endswith("?"):
            return None
        if stated(draft, self.tools.evidence) is not None:
            return None
        return self.refuse("model_doubt")
