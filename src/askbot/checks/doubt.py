"""The model's own doubt: the probability it gave to replying "not in the article" at its first
token, before anything is shown, against a limit for the kind of question (a yes-or-no question,
a follow-up leaning on the conversation, any other), each calibrated on the tuning halves
(benchmarks/calibrate.py). A question that matches an article sentence very closely is answered
whatever the doubt, and so is a yes-or-no question one sentence states in all its words: the model
may doubt a question the article denies or hedges ("cannot prove that …"), and the reader is then
shown that sentence."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..text import is_yes_no
from ..types import Refusal
from . import Check, Draft, register

if TYPE_CHECKING:
    from ..evidence import ArticleEvidence


def kind(question: str, language: str, followup: bool) -> str:
    """"yes_no", "followup" or "fact"."""
    if language == "en" and is_yes_no(question):
        return "yes_no"
    return "followup" if followup else "fact"


def stated(draft: Draft, evidence: "ArticleEvidence | None") -> int | None:
    """The article sentence that states a yes-or-no question in all its content words (a follow-up
    as rewritten to stand alone), read in the article's language: the answer, whatever the model
    says of it."""
    if evidence is None or draft.text_language != evidence.language or not is_yes_no(draft.question):
        return None
    return evidence.stating(draft.query, draft.query_vector)


@register
class ModelDoubt(Check):
    name = "model_doubt"
    stage = "doubt"
    languages = None

    def __call__(self, draft: Draft) -> Refusal | None:
        p = draft.refusal_p
        if p is None:
            return None
        s = self.settings
        limit = {"yes_no": s.max_yes_no_refusal_p, "followup": s.max_followup_refusal_p,
                 "fact": s.max_refusal_p}[kind(draft.question, draft.text_language, draft.followup)]
        if p < limit or (self.in_article_language(draft) and draft.evidence >= s.strong_evidence):
            return None
        if stated(draft, self.tools.evidence) is not None:
            return None
        return self.refuse("model_doubt")
