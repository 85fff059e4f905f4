"""The model's own doubt: the probability it gave to replying "not in the article" at its first
token, before anything is shown. A vague follow-up ("why?") is allowed more doubt; a question that
matches an article sentence very closely is answered whatever the doubt."""

from __future__ import annotations

from ..text import content_words
from ..types import Refusal
from . import Check, Draft, register


@register
class ModelDoubt(Check):
    name = "model_doubt"
    stage = "doubt"
    languages = None

    def __call__(self, draft: Draft) -> Refusal | None:
        p = draft.refusal_p
        if p is None:
            return None
        vague = draft.followup and len(content_words(draft.question)) <= 2
        limit = self.settings.max_followup_refusal_p if vague else self.settings.max_refusal_p
        if p < limit or (draft.language == "en" and draft.evidence >= self.settings.strong_evidence):
            return None
        return self.refuse("model_doubt")
