"""A question that changes an earlier one of the conversation in a word or two ("… in South America?"
after "… in North America?", "Who decreased …?" after "Who increased …?") and gets an answer that
ignores the change: the earlier question's answer word for word (or its beginning), or evidence
that has the earlier question's words where it lacks the changed ones. Such a reply answers the
earlier question, not this one. Only questions that stand alone are judged: a follow-up leans on the
earlier questions by design, and may rightly get the same fact again."""

from __future__ import annotations

import difflib

from ..language import content_words, get as get_language
from ..text import CITATION_MARK, words
from ..types import Refusal
from ..vocabulary import is_typo
from . import Check, Draft, register


@register
class IgnoredChange(Check):
    name = "ignored_change"
    stage = "answer"
    languages = None  # words are compared as written, in the article's language or the reader's

    def __call__(self, draft: Draft) -> Refusal | None:
        if draft.followup or draft.cited is None or not draft.cited.sentences:
            return None
        language = draft.text_language
        said = _plain(" ".join(s.text for s in draft.cited.sentences))
        cited = set(content_words(" ".join(c.text for c in draft.cited.citations), language))
        for turn in draft.turns:
            new, old = _changed(draft.question, turn.question, language)
            if not (new or old) or not _resembles(draft.question, turn.question):
                continue
            # while the reply streams, it is held back from its first word that repeats the earlier answer
            if _plain(turn.answer)[:len(said)] == said or (new and not new & cited and old & cited):
                return self.refuse("ignored_change")
        return None


def _changed(question: str, earlier: str, language: str) -> tuple[set[str], set[str]]:
    """The stems of the content words ``question`` has that ``earlier`` lacks, and of those it lacks;
    a word spelt one letter off the other's is no change ("McInerny" corrected to "McInerney"),
    though a number one digit off is ("2005" for "2006")."""
    lang = get_language(language)
    asked = {w: lang.stem(w) for w in words(question) if w not in lang.stopwords}
    before = {w: lang.stem(w) for w in words(earlier) if w not in lang.stopwords}
    new = {w for w, stem in asked.items() if stem not in before.values()}
    old = {w for w, stem in before.items() if stem not in asked.values()}
    typos = {(n, o) for n in new for o in old if is_typo(n, o)}
    return ({asked[n] for n in new} - {asked[n] for n, _ in typos},
            {before[o] for o in old} - {before[o] for _, o in typos})


def _plain(answer: str) -> list[str]:
    return words(CITATION_MARK.sub("", answer))


def _resembles(question: str, earlier: str, min_ratio: float = 0.7) -> bool:
    """Whether two questions are worded alike, word for word in order (difflib's ratio: 0.9 for one
    word changed in ten): a question that only changes a word or two of the other."""
    return difflib.SequenceMatcher(a=words(earlier), b=words(question), autojunk=False).ratio() >= min_ratio
