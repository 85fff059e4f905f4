"""A yes-or-no reply's Yes or No follows its own fact. A small model may open with one and then
state the other ("Did they disagree?" → "No. They disagreed about when to attack …"). When the fact
says every content word of the question, it restates the question: without a negation it says yes,
with one it says no, and the opening word is set to match. A fact that says less ("No. He won the
third Super Bowl." of "Did he win the fourth?") is left to decide nothing."""

from __future__ import annotations

from .language import content_words
from .text import NEGATOR, YES_NO_HEAD, is_yes_no
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
    if not asked or not asked <= set(content_words(fact)):
        return sentences
    said = "No" if NEGATOR.search(fact[:1].lower() + fact[1:]) else "Yes"  # "No pilots will lose …"
    if head.group(1).lower() == said.lower():
        return sentences
    return (Sentence(said + first.text[len(head.group(1)):], first.cites),) + sentences[1:]
