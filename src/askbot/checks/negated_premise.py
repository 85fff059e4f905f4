"""A question whose word negates by prefix the word its passages use ("non-Arab nationalism" of
passages saying "Arab nationalism"), a word the article never uses itself, asks the opposite of what
the article says: refused before the model, saying which word the article uses."""

from __future__ import annotations

from ..text import STOPWORDS, is_yes_no, placed_words, words
from ..types import Hit, Refusal
from ..vocabulary import Vocabulary
from . import Check, Draft, register


@register
class NegatedPremise(Check):
    name = "negated_premise"
    stage = "question"
    languages = frozenset({"en"})

    def __call__(self, draft: Draft) -> Refusal | None:
        if is_yes_no(draft.question):
            return None
        pairs = opposed(draft.question, draft.hits, self.tools.vocabulary)
        return self.refuse("contradicted", *(said for _, said in pairs)) if pairs else None


def opposed(question: str, hits: tuple[Hit, ...], vocabulary: Vocabulary) -> list[tuple[str, str]]:
    """Words of the question that the article never uses where the passages it is about use
    their opposite, the same word with or without a negating prefix ("non-Arab nationalism" of
    passages saying "Arab nationalism", "abnormal forces" for "normal forces"): the question's
    premise is the negation of the article's. Pairs of (question word, article word)."""
    passages = " ".join(h.chunk.text for h in hits)
    near = set(words(passages))
    out = []
    for word in dict.fromkeys(words(question)):
        if len(word) < 6 or word in vocabulary.words:
            continue
        opposite = _opposite(word, near)
        if opposite:
            out.append((_spelled(word, question), _spelled(opposite, passages)))
    return out


NEGATING_PREFIXES = ("non-", "non", "un", "dis", "ab", "il", "ir")
_NOT_OPPOSITES = STOPWORDS | {"like"}


def _opposite(word: str, vocabulary: set[str]) -> str | None:
    """The word of ``vocabulary`` that is ``word`` without its negating prefix ("arab" for "non-arab";
    not "like" for "dislike": "like" is mostly a preposition)."""
    for prefix in NEGATING_PREFIXES:
        rest = word[len(prefix):]
        if word.startswith(prefix) and len(rest) >= 4 and rest in vocabulary and rest not in _NOT_OPPOSITES:
            return rest
    return None


def _spelled(word: str, text: str) -> str:
    """``word`` (folded, as ``words`` gives it) as ``text`` spells it: "non-arab" is "non-Arab"."""
    return next((tok for tok, _ in placed_words(text) if words(tok) == [word]), word)

