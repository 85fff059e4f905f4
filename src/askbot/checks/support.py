"""An answer needs support: a reply none of whose sentences an article sentence states is
replaced by a quote of the best sentence for the question, and refused when that quote is weak
evidence too, or when the reply said "not" where its evidence does not."""

from __future__ import annotations

from ..types import Refusal
from . import Check, Draft, register


@register
class Unsupported(Check):
    name = "unsupported"
    stage = "answer"
    languages = None

    def __call__(self, draft: Draft) -> Refusal | None:
        cited = draft.cited
        if cited is None or not cited.sentences:
            return self.refuse("contradicted" if cited is not None and cited.contradicted else "unsupported")
        if cited.quoted and self.in_article_language(draft) and draft.evidence < self.settings.min_quote_evidence:
            return self.refuse("unsupported")
        return None
