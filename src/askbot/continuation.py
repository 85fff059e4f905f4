"""Something else: a follow-up that asks for more ("What else?", "What other songs did they
release?") wants what the conversation has not said yet. A small model often says its last answer
again instead. Such a reply is replaced by the story's next sentence that the conversation has not
said, after the sentence its last answer came from: a conversation about an article goes through
it in order."""

from __future__ import annotations

import re

from .evidence import ArticleEvidence
from .language import content_words
from .prompting import is_refusal
from .text import CITATION_MARK
from .types import Sentence, Turn

_ASKS_MORE = re.compile(r"\b(?:else|other|others|another|besides|more)\b", re.I)
_REPEATED = 0.8  # a reply this much of whose content words the conversation said says nothing new
_SAID = 0.5  # a sentence this much of whose content words were said is not new (as ArticleEvidence.unsaid)


def asks_for_more(question: str) -> bool:
    return bool(_ASKS_MORE.search(question))


def repeats(sentences: tuple[Sentence, ...], turns: tuple[Turn, ...]) -> bool:
    """Whether the reply's sentences say (nearly) only what the conversation's answers said."""
    said = set(content_words(" ".join(_answers(turns))))
    new = content_words(" ".join(s.text for s in sentences))
    return bool(new) and sum(w in said for w in new) >= _REPEATED * len(new)


def continuation(evidence: ArticleEvidence, turns: tuple[Turn, ...]) -> int | None:
    """The first story sentence the conversation has not said, after the one its last answer came
    from (the one that matches it best, as a citation is chosen); None when there is none."""
    answers = _answers(turns)
    if not answers:
        return None
    said, words = set(content_words(" ".join(answers))), evidence.words
    anchor = int(evidence.scores(answers[-1]).argmax())
    for j in range(anchor + 1, len(words)):
        if not evidence.furniture[j] and words[j] and len(words[j] & said) <= _SAID * len(words[j]):
            return j
    return None


def _answers(turns: tuple[Turn, ...]) -> list[str]:
    return [CITATION_MARK.sub("", t.answer) for t in turns if t.answer.strip() and not is_refusal(t.answer)]
