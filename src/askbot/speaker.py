"""Who said it: an answer to "who said …?" that restates what was said without who said it names
the speaker its cited sentence gives, reading a quotation on to the sentence that names its speaker
("His spokesman said it: the Dalai Lama scrapped his planned trip … [1]")."""

from __future__ import annotations

import re

from .evidence import ArticleEvidence
from .language import ENGLISH, content_words
from .types import Sentence


def name_speaker(question: str, sentences: tuple[Sentence, ...], evidence: ArticleEvidence,
                 ids: tuple[tuple[int, ...], ...]) -> tuple[Sentence, ...]:
    """``sentences`` with the speaker named in the first, when ``question`` asks who said something."""
    if not sentences or not asks_speaker(question):
        return sentences
    who = cited_speaker(evidence, [i for group in ids for i in group])
    text = sentences[0].text
    if not who or set(content_words(who)) & set(content_words(text)):
        return sentences
    first = text.split(" ", 1)[0]
    said = text[:1].lower() + text[1:] if first.lower() in ENGLISH.stopwords else text
    return (Sentence(f"{who[:1].upper()}{who[1:]} said it: {said}", sentences[0].cites),) + sentences[1:]


def cited_speaker(evidence: ArticleEvidence, ids: list[int]) -> str | None:
    """Who said what the cited sentences say, as the article names them. A quotation's speaker
    is often named after its last sentence ("… which is good. She is frank,” Giammattei said."),
    so a cited sentence that opens a quotation is read on to where it closes."""
    for i in ids:
        who = speaker(quotation(evidence, i))
        if who:
            return who
    return None


def quotation(evidence: ArticleEvidence, i: int) -> str:
    """Sentence ``i``, read on to where the quotation it opens closes."""
    said = evidence.sentences[i].text
    while _opens_quote(said) and i + 1 < len(evidence.sentences) and len(said) < 1500:
        i += 1
        said = f"{said} {evidence.sentences[i].text}"
    return said


_ASKS_SPEAKER = re.compile(r"^\W*(?:and |so |but )?who\s+(?:(?:did|does|do|has|had|have|first)\s+)?(?:say|says|said|tell|tells|"
                           r"told|announce[sd]?|claim(?:s|ed)?|state[sd]?|warn(?:s|ed)?|add(?:s|ed)?)\b", re.I)
_SPEECH = (r"(?:said|says|told|added|explained|noted|stated|announced|warned|wrote|argued|argues|claimed|claims|"
           r"insisted|insists|believes|believed|thinks|thought)")
_SAID_BY = (  # where a news sentence names who said it
    re.compile(rf",\s*[\"”’']?\s*(?P<who>[^,;:\"“”]{{2,80}}?)\s+{_SPEECH}\b[^,;\"“”]{{0,40}}[.!]?[\"”’']?\s*$"),
    re.compile(rf",\s*[\"”’']?\s*{_SPEECH}\s+(?P<who>[^.;:\"“”]{{2,80}}?)\s*[.!]?\s*$"),
    re.compile(r"\baccording to (?P<who>[^,.;:\"“”]{2,80})"),
)
_OPENS_WITH_SPEAKER = re.compile(rf"^(?:(?:But|And|So|Yet)\s+)?(?P<who>(?:[Tt]he\s+)?[A-Z][\w.'’-]*(?:\s+(?:(?:of|the|and|for|de)\s+)*"
                                 rf"[A-Z][\w.'’-]*){{0,6}})\s+(?:also\s+)?{_SPEECH}\b")
_PRONOUNS = frozenset("i you he she it we they this that".split())


def _opens_quote(text: str) -> bool:
    """Whether ``text`` opens a quotation it does not close."""
    return text.count("“") > text.count("”") or text.count('"') % 2 == 1


def asks_speaker(question: str) -> bool:
    """Whether ``question`` asks who said something ("who did say South Africa did not issue a visa
    on time?"), not what someone said ("Who does the ANC say should calm down?")."""
    return bool(_ASKS_SPEAKER.match(question))


def speaker(sentence: str) -> str | None:
    """Who a news sentence says said it: "his spokesman" of "The Dalai Lama scrapped his trip …, his
    spokesman said.", "Jessica Hardwick, SwapThing founder" of "…," said Jessica Hardwick, SwapThing
    founder", "Tutu" of "Tutu said he would pray …"; None when it names no one."""
    return next(iter(speakers(sentence)), None)


def speakers(sentence: str) -> list[str]:
    """Everyone a news sentence says said it, as ``speaker`` reads them, the likeliest first."""
    found = (pattern.search(sentence.strip()) for pattern in (*_SAID_BY, _OPENS_WITH_SPEAKER))
    return [m.group("who").strip() for m in found if m and m.group("who").strip().lower() not in _PRONOUNS]


def opening_speaker(sentence: str) -> str | None:
    """Whom a sentence opening "X said …" names as saying it ("Dr. Hannah Gardener" of "Dr. Hannah
    Gardener said that …"), whatever it quotes after."""
    m = _OPENS_WITH_SPEAKER.match(sentence.strip())
    return m.group("who") if m and m.group("who").lower() not in _PRONOUNS else None
