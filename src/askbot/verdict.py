"""A yes-or-no reply's Yes or No follows its own fact. A small model may open with one and then
state the other ("Did they disagree?" → "No. They disagreed about when to attack …"). When the fact
says every content word of the question, it restates the question: without a negation it says yes,
with one (or "declined to", "failed to", "refused to" do what was asked) it says no, and the opening
word is set to match. A fact that says less ("No. He won the third Super Bowl." of "Did he win the
fourth?", "No. Okafor voted in favor of the library." of "Did Okafor vote against the library?") is
left to decide nothing. A Yes whose fact hedges with a word the question does not use ("Yes.
Northwind could return to profit …" of "Will Northwind return to profit?") claims more than the
fact, and so does a No ("No. The Otters may leave the city if no new stadium is approved."): the
fact is said without it."""

from __future__ import annotations

import re

from .language import ENGLISH, content_words
from .text import NEGATOR, YES_NO_HEAD, hedges, is_yes_no, words
from .types import Sentence

def agreeing(question: str, sentences: tuple[Sentence, ...]) -> tuple[Sentence, ...]:
    """``sentences`` with the first one's Yes or No set by what its fact says of ``question``."""
    if not sentences or not is_yes_no(question):
        return sentences
    first = sentences[0]
    head = YES_NO_HEAD.match(first.text)
    if not head or head.group(1).lower() not in ("yes", "no"):
        return sentences
    fact = first.text[head.end():]
    asked = set(content_words(question))
    if _hedges(fact, question, asked):
        return (Sentence(fact[:1].upper() + fact[1:], first.cites),) + sentences[1:]
    if not asked or not asked | _relations(question) <= set(content_words(fact)) | _relations(fact):
        return sentences
    said = "No" if NEGATOR.search(fact[:1].lower() + fact[1:]) or _refuses(fact, asked) else "Yes"  # "No pilots …"
    if head.group(1).lower() == said.lower():
        return sentences
    return (Sentence(said + first.text[len(head.group(1)):], first.cites),) + sentences[1:]


def _hedges(fact: str, question: str, asked: set[str]) -> bool:
    """Whether ``fact`` hedges a verb ``question`` asks about with a word the question does not use,
    and without a "not" ("could return" of "Will Northwind return …?"; not "more likely to develop" of
    "Was there a difference?", nor "would not lose" of "Will pilots lose their jobs?", a plain no)."""
    used = set(words(question))
    return any(h.word not in used and not h.negated and ENGLISH.stem(h.verb) in asked for h in hedges(fact))


# stopwords that say how a thing stands to another: "voted in favor of the library" does not restate
# "Did Okafor vote against the library?"
_RELATIONS = frozenset("against without before after above below over under more less most least".split())


def _relations(text: str) -> set[str]:
    return _RELATIONS & set(words(text))


# "declined to comment", "failed to issue", "refused to sign": what the question asks was not done
_REFUSES = re.compile(r"\b(?:fail(?:s|ed)?|refus(?:es|ed)?|declin(?:es|ed)?)\s+to\s+(\w+)", re.I)


def _refuses(fact: str, asked: set[str]) -> bool:
    return any(ENGLISH.stem(m.group(1).lower()) in asked for m in _REFUSES.finditer(fact))
