"""A question asking what did not happen ("Who did she not work for?") answered from sentences
that negate nothing ("She worked for Swedex …"): its premise is the opposite of what they say.
Denying verbs count as negation ("failed to issue him a visa"), as does a negating prefix of the
question's own word ("unelected" for "not elected"). Yes-or-no questions and follow-ups are not
judged."""

from __future__ import annotations

import re

from ..text import is_yes_no, words
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
# a question that asks about what did not happen ("Who did Ms Kucukdeveci not work for?", "Who has no
# power to pass laws?"); not "not only", "No. 5", or a capitalised "Not" inside a name
_ASKS_NEGATED = re.compile(r"\b(?:not(?!\s+(?:only|just)\b)|never|no(?![.\s]*\d)|none|nor|neither|cannot)\b|n[’']t\b")
# what sentences say to negate: the words, and verbs that deny ("failed to issue", "refused a visa")
_SAYS_NEGATED = re.compile(r"\b(?:not|never|no|none|nor|neither|nobody|nothing|nowhere|cannot|without|unable|"
                           r"lack\w*|fail\w*|refus\w*|declin\w*|den(?:y|ies|ied)|reject\w*|prevent\w*|"
                           r"prohibit\w*|forb[ai]d\w*|ban(?:s|ned)?|absen\w*|instead|rather|except\w*)\b|n[’']t\b",
                           re.I)


def denies(question: str, evidence: list[str]) -> bool:
    """Whether ``question`` asks about what did not happen while the sentences answering it negate
    nothing ("How must legislation not be worded?" answered from "Legislation must be worded so that
    it is clearly understandable"): its premise is the opposite of what they say. A negating prefix
    of the question's own word counts as negation ("unelected" for "not elected")."""
    if not _ASKS_NEGATED.search(question) or not evidence:
        return False
    said = " ".join(evidence)
    if _SAYS_NEGATED.search(said):
        return False
    asked = set(words(question))
    return not any(w.startswith(p) and w[len(p):] in asked for w in words(said)
                   for p in NEGATING_PREFIXES + ("in", "im"))

