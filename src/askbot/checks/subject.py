"""Who has what: an answer sentence gives something to someone ("Giammattei's brother was
sentenced …", or "His brother …" after "What happened to Giammattei's brother?") whom its evidence
does not speak of ("Honduras is led by Juan Orlando Hernández, whose brother was sentenced …").
The evidence of a cited sentence is its own words, the speaker of the quotation it is part of, and,
when it says "he", "his", "she" or "they", the three sentences before it; a form of the name
counts ("Japan" for "Japanese"). Evidence that names no one cannot tell, and passes.

Measured (model-free replay of observed runs, benchmarks/trust.py for the counts): judging every
first name refused 6 answerable and 5 unanswerable tuning questions and 21 / 10 held-out; judging
only possessions, as here, 0 / 1 on the tuning halves and 4 / 0 on the held-out halves. It does not
pay on the held-out halves, so it is off by default (``Settings.disabled_checks``); a newsroom that
weighs a misattribution above a refusal turns it on with ``ASKBOT_DISABLED_CHECKS=""``."""

from __future__ import annotations

import re

from ..speaker import cited_speaker
from ..text import fold, words
from ..types import Refusal
from . import Check, Draft, register

_PRONOUN = re.compile(r"\b(?:he|him|his|she|her|hers|they|them|their)\b", re.I)
_POSSESSIVE = re.compile(r"['’]s$|['’]s\b")
_LEADING_PRONOUN = re.compile(r"^\W*(?:he|his|she|her|they|their)\b", re.I)
_CALENDAR = frozenset("""january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday""".split())


@register
class OtherSubject(Check):
    name = "other_subject"
    stage = "answer"
    languages = None  # it reads the answer, which is in the article's language whatever was asked

    def __call__(self, draft: Draft) -> Refusal | None:
        cited, evidence = draft.cited, self.tools.evidence
        if cited is None or cited.quoted or evidence is None:
            return None
        asked = self._subject(draft.query)
        for sentence, ids in zip(cited.sentences, cited.evidence):
            # "His brother was sentenced …" is about whom the question asked of
            subject = self._subject(sentence.text) or (asked if _LEADING_PRONOUN.match(sentence.text) else None)
            if subject is None or not ids:
                continue
            if not _POSSESSIVE.search(subject) and not _LEADING_PRONOUN.match(sentence.text):
                continue  # only what someone has is judged: "Giammattei's brother", "His brother"
            window = self._window(list(ids))
            head = _head(subject)
            said = words(window)  # a form of the name counts: "Japan" for "Japanese"
            found = any(w[:5] == head[:5] for w in said) if len(head) >= 5 else head in said
            if self.tools.vocabulary.names(window) and not found:
                return self.refuse("other_subject", subject.replace("’s", "").replace("'s", ""),
                                   evidence.sentences[ids[0]].text)
        return None

    def _subject(self, text: str) -> str | None:
        """The first name in ``text`` that is not a date."""
        for name in self.tools.vocabulary.names(text):
            if len(_head(name)) >= 3 and not set(words(name)) <= _CALENDAR:
                return name
        return None

    def _window(self, ids: list[int]) -> str:
        """What the cited sentences speak of: their words, their quotation's speaker, and the
        sentence their pronouns point back to."""
        sentences = self.tools.evidence.sentences
        parts = [sentences[i].text for i in ids]
        who = cited_speaker(self.tools.evidence, ids)
        if who:
            parts.append(who)
        for i in ids:
            if _PRONOUN.search(sentences[i].text):
                parts += [sentences[j].text for j in range(max(i - 3, 0), i)]
        return " ".join(parts)


def _head(name: str) -> str:
    """A name's last word, as matched: "Juan Orlando Hernández's" -> "hernandez"."""
    last = words(fold(name))[-1:] or [""]
    return re.sub(r"'s$", "", last[0])
