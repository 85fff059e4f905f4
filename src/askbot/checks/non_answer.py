"""A reply that answers nothing: it only says the question back ("Desmond Tutu should calm down."
for "who did Desmond Tutu should calm down?"), or gives no reason at all to a question asking why
("The war in Sudan began in 2003." for "what caused the war?")."""

from __future__ import annotations

import re

from ..language import ENGLISH
from ..text import CITATION_MARK, is_yes_no, words
from ..types import Refusal
from . import Check, Draft, register


@register
class NonAnswer(Check):
    name = "non_answer"
    stage = "reply"
    languages = frozenset({"en"})

    def __call__(self, draft: Draft) -> Refusal | None:
        if not draft.reply or is_yes_no(draft.question) or answers_question(draft.question, draft.reply):
            return None
        return self.refuse("non_answer")


_ASKS_REASON = re.compile(r"^\W*(?:and |so |but )?(?:why\b|what (?:\w+ )?(?:caused|causes|cause|led to|leads to|prompted|"
                          r"triggered)\b|what (?:was|is|were|are) the (?:reason|cause))", re.I)
# the ways a sentence gives a reason, broadly: a connective, a cause verb, or a preposition of purpose or means
_GIVES_REASON = re.compile(r"\b(?:because|due|cause[sd]?|causing|led|lead|leads|result(?:s|ed)?|reasons?|since|so|after|"
                           r"owing|thanks|as|over|to|by|from|for|amid|with)\b", re.I)


def answers_question(question: str, reply: str) -> bool:
    """Whether ``reply`` is an answer to ``question`` at all: it says something the question does not
    (see ``restates``), and to a question asking why it gives some reason ("The war in Sudan began in
    2003." answers when, not "what caused the war?")."""
    return not restates(question, reply) and not (_ASKS_REASON.match(question) and not _GIVES_REASON.search(reply))


_CHOICE = re.compile(r"\w\s+or\s+\w", re.I)
# words that carry no answer of their own (others may: "each other", "nothing", "themselves")
_SAYS_NOTHING = frozenset("""a an the is are was were be been being am do does did has have had it its there this
that these those of in on at to by for with from as""".split())


def restates(question: str, answer: str) -> bool:
    """Whether ``answer`` says nothing that ``question`` does not: every word and number of it is
    one of the question's ("Desmond Tutu should calm down." for "Who did Desmond Tutu should calm
    down?"). Such a reply repeats the question; it does not answer it. A question offering a choice
    ("abstract or concrete?") is answered by one of its own words, so it is never a restatement."""
    if _CHOICE.search(question):
        return False
    said = {ENGLISH.stem(w) for w in words(CITATION_MARK.sub("", answer)) if w not in _SAYS_NOTHING}
    asked = {ENGLISH.stem(w) for w in words(question)}
    return bool(said) and said <= asked

