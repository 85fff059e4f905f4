"""A question the article's sentences hardly match is not answered by it: refused before the model.
A follow-up is judged by the model with the conversation, not by its own few words."""

from __future__ import annotations

from ..types import Refusal
from . import Check, Draft, register


@register
class NoEvidence(Check):
    name = "no_evidence"
    stage = "question"
    languages = frozenset({"en"})  # the embeddings and word overlap are English

    def __call__(self, draft: Draft) -> Refusal | None:
        if not draft.hits or (not draft.followup and draft.evidence < self.settings.min_retrieval):
            return self.refuse("no_evidence")
        return None
