"""A question about a name or number the article never mentions ("orbit around Saturn" of an
article about Earth) is not answered by it, however close the rest comes. A yes-or-no question may
be testing that very name, so it goes to the model."""

from __future__ import annotations

from ..text import is_yes_no
from ..types import Refusal
from . import Check, Draft, register


@register
class Unmentioned(Check):
    name = "unmentioned"
    stage = "question"
    languages = None  # names and numbers are compared as written, in the article's language

    def applies(self, draft: Draft) -> bool:
        return self.in_article_language(draft)

    def __call__(self, draft: Draft) -> Refusal | None:
        if is_yes_no(draft.question) or not self.tools.vocabulary.unmentioned(draft.question):
            return None
        return self.refuse("unmentioned")  # the names are the question's own: never repeated
