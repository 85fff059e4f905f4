"""Whose it is: an answer sentence that says of someone what its evidence says of something of
theirs is given back what it dropped. A small model copying "Juan Orlando Hernández, whose brother
was sentenced …" may write "Juan Orlando Hernández was sentenced …": the words it copied after the
name show where the brother went, and the sentence becomes "Juan Orlando Hernández’s brother was
sentenced …". Only a name followed by the same two words as in the evidence is restored, and only
when the evidence never says those words of the name itself. With ``pronouns``, "His brother was
sentenced …" is said of the one the evidence names: after a question about Giammattei's brother,
"his" would move Hernández's brother onto Giammattei."""

from __future__ import annotations

import re

from .evidence import ArticleEvidence
from .language import ENGLISH
from .types import Sentence

# "Hernández's brother was …", "Hernández’s younger brother was …", "Hernández, whose brother was …"
_HELD = re.compile(r"(?P<name>[A-ZÁÉÍÓÚÑ][\w-]*)(?:(?P<mark>['’]s)|,\s+whose)\s+(?P<rest>[^,;:.!?\"“”]+)")
_MAX_NOUN_WORDS = 3
# an answer opening with a pronoun and three words; the source saying those words of a name, maybe
# with who said so between ("Harris, he said, is open to the idea")
_LEADING = re.compile(r"^(?:He|She|They)\s+(?P<words>(?:[\w’'-]+\s+){2}[\w’'-]+)")
_NAME = r"(?:[A-Z][\w’'-]*\s+)*[A-Z][\w’'-]*"
_ASIDE = r"(?:,\s*(?:he|she|they)\s+(?:said|says|added|noted|believes|thinks),)?"


def restore_holders(sentences: tuple[Sentence, ...], evidence: ArticleEvidence,
                    ids: tuple[tuple[int, ...], ...], pronouns: bool = True) -> tuple[Sentence, ...]:
    """``sentences`` with what their cited sentences say someone has put back where it was dropped
    (and, with ``pronouns``, a "his", "her" or "their" said as the name)."""
    out = []
    for sentence, group in zip(sentences, ids):
        text = sentence.text
        for i in group:
            text = named_subject(restored(text, evidence.sentences[i].text, pronouns), evidence.sentences[i].text)
        out.append(sentence if text == sentence.text else Sentence(text, sentence.cites))
    return tuple(out) + sentences[len(out):]


def restored(answer: str, source: str, pronouns: bool = True) -> str:
    """``answer`` with "NAME verb …" said as ``source`` says it, "NAME’s noun verb …", when
    ``source`` says the verb only of the noun."""
    for m in _HELD.finditer(source):
        name, rest = m.group("name"), m.group("rest").split()
        for n in range(1, min(_MAX_NOUN_WORDS, len(rest) - 2) + 1):
            noun, verb = rest[:n], rest[n:n + 2]
            if not all(w.isalpha() and w.islower() for w in noun):
                break
            held = f"{name}{m.group('mark') or '’s'} {' '.join(noun)} {' '.join(verb)}"
            said = re.compile(rf"\b{re.escape(name)}\s+{re.escape(verb[0])}\s+{re.escape(verb[1])}\b")
            if said.search(answer) and not said.search(source):
                return said.sub(lambda _: held, answer, count=1)
            # "His brother was sentenced …" is said of the one the source names, unless the answer
            # names them itself ("Petty was with his wife")
            theirs = re.compile(rf"\b(?:[Hh]is|[Hh]er|[Tt]heir)\s+{re.escape(' '.join(noun))}\s+"
                                rf"{re.escape(verb[0])}\s+{re.escape(verb[1])}\b")
            if pronouns and theirs.search(answer) and not re.search(rf"\b{re.escape(name)}\b", answer):
                return theirs.sub(lambda _: held, answer, count=1)
    return answer


def named_subject(answer: str, source: str) -> str:
    """``answer`` opening with "He", "She" or "They" and words that ``source`` says of someone it
    names, with that name for the pronoun: "He is open to the idea" of "Harris, he said, is open
    to the idea" is "Harris is open to the idea" (the model's "he" was the one who said it)."""
    m = _LEADING.match(answer)
    if not m:
        return answer
    found = re.search(rf"(?P<name>{_NAME}(?:(?:,\s+|,?\s+and\s+){_NAME})*){_ASIDE}\s+{re.escape(m['words'])}\b", source)
    name = found["name"].split() if found else []
    while name and name[0].lower() in ENGLISH.stopwords:  # "But Harris is …"
        name = name[1:]
    if not name or (" and " in found["name"] or "," in found["name"]) and not answer.startswith("They"):
        return answer  # "Roosevelt and Churchill" are "they", not "he" (a band or a company may be "they")
    return f"{' '.join(name)} {answer[m.start('words'):]}"
