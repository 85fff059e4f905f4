"""A question asking what did not happen ("Who did she not work for?") answered from sentences
that negate nothing ("She worked for Swedex …"): its premise is the opposite of what they say.
Denying verbs count as negation ("failed to issue him a visa"), as does a negating prefix of the
question's own word ("unelected" for "not elected"). Yes-or-no questions and follow-ups are not
judged."""

from __future__ import annotations

from ..text import NEGATES, NEGATOR, is_yes_no, words
from ..types import Refusal
from . import Check, Draft, register


@register
class Denied(Check):
    name = "denied"
    stage = "answer"
    languages = frozenset({"en"})

    def __call__(self, draft: Draft) -> Refusal | None:
        if draft.followup or is_yes_no(draft.question) or draft.cited is None:
            return None
        if denies(draft.question, [c.text for c in draft.cited.citations]):
            return self.refuse("contradicted")
        return None


NEGATING_PREFIXES = ("non-", "non", "un", "dis", "ab", "il", "ir")


def denies(question: str, evidence: list[str]) -> bool:
    """Whether ``question`` asks about what did not happen while the sentences answering it negate
    nothing ("How must legislation not be worded?" answered from "Legislation must be worded so that
    it is clearly understandable"): its premise is the opposite of what they say. A negating prefix
    of the question's own word counts as negation ("unelected" for "not elected")."""
    if not NEGATOR.search(question) or not evidence:
        return False
    said = " ".join(evidence)
    if NEGATES.search(said):
        return False
    asked = set(words(question))
    return not any(w.startswith(p) and w[len(p):] in asked for w in words(said)
                   for p in NEGATING_PREFIXES + ("in", "im"))

