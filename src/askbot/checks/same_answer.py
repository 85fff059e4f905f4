"""A question that differs from an earlier one in what it asks about ("… in South America?" after
"… in North America?") and gets that question's answer word for word, or the beginning of it: the
reply ignored the difference, so it does not answer the new question. Only questions that stand alone are judged (a
follow-up may rightly get the same fact again), and only against earlier questions that share at
least half their content words (a reader rewording a question asks the same thing)."""

from __future__ import annotations

from ..language import content_words
from ..text import CITATION_MARK, words
from ..types import Refusal
from . import Check, Draft, register


@register
class SameAnswer(Check):
    name = "same_answer"
    stage = "answer"
    languages = None  # answers are compared as written, in the language they were given in

    def __call__(self, draft: Draft) -> Refusal | None:
        if draft.followup or draft.cited is None or not draft.cited.sentences:
            return None
        said = _plain(" ".join(s.text for s in draft.cited.sentences))
        asked = set(content_words(draft.question, draft.text_language))
        for turn in draft.turns:  # the reply so far, while it streams, is held back at the first of the words
            if _plain(turn.answer)[:len(said)] == said and _differs(asked, set(content_words(turn.question, draft.text_language))):
                return self.refuse("same_answer")
        return None


def _plain(answer: str) -> list[str]:
    return words(CITATION_MARK.sub("", answer))


def _differs(asked: set[str], before: set[str], min_shared: float = 0.5) -> bool:
    """Whether a question asks about something else than one before it that it closely resembles:
    other content words, though at least ``min_shared`` of them in common."""
    return asked != before and len(asked & before) >= min_shared * len(asked | before)
