"""Whose it is: an answer sentence that says of someone what its evidence says of something of
theirs is given back what it dropped. A small model copying "Juan Orlando Hernández, whose brother
was sentenced …" may write "Juan Orlando Hernández was sentenced …": the words it copied after the
name show where the brother went, and the sentence becomes "Juan Orlando Hernández’s brother was
sentenced …". Only a name followed by the same two words as in the evidence is restored, and only
when the evidence never says those words of the name itself."""

from __future__ import annotations

import re

from .evidence import ArticleEvidence
from .types import Sentence

# "Hernández's brother was …", "Hernández’s younger brother was …", "Hernández, whose brother was …"
_HELD = re.compile(r"(?P<name>[A-ZÁÉÍÓÚÑ][\w-]*)(?:(?P<mark>['’]s)|,\s+whose)\s+(?P<rest>[^,;:.!?\"“”]+)")
_MAX_NOUN_WORDS = 3


def restore_holders(sentences: tuple[Sentence, ...], evidence: ArticleEvidence,
                    ids: tuple[tuple[int, ...], ...]) -> tuple[Sentence, ...]:
    """``sentences`` with what their cited sentences say someone has put back where it was dropped."""
    out = []
    for sentence, group in zip(sentences, ids):
        text = sentence.text
        for i in group:
            text = restored(text, evidence.sentences[i].text)
        out.append(sentence if text == sentence.text else Sentence(text, sentence.cites))
    return tuple(out) + sentences[len(out):]


def restored(answer: str, source: str) -> str:
    """``answer`` with "NAME verb …" said as ``source`` says it, "NAME’s noun verb …", when
    ``source`` says the verb only of the noun."""
    for m in _HELD.finditer(source):
        name, rest = m.group("name"), m.group("rest").split()
        for n in range(1, min(_MAX_NOUN_WORDS, len(rest) - 2) + 1):
            noun, verb = rest[:n], rest[n:n + 2]
            if not all(w.isalpha() and w.islower() for w in noun):
                break
            said = re.compile(rf"\b{re.escape(name)}\s+{re.escape(verb[0])}\s+{re.escape(verb[1])}\b")
            if said.search(answer) and not said.search(source):
                held = f"{name}{m.group('mark') or '’s'} {' '.join(noun)} {' '.join(verb)}"
                return said.sub(lambda _: held, answer, count=1)
    return answer
