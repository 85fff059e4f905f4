"""Sentence-aware chunking with character offsets: ``article[c.start:c.end] == c.text``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .text import addresses_assistant
from .types import Chunk

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "gen", "sen", "rep", "gov", "lt", "col", "capt", "sgt",
    "no", "vs", "etc", "inc", "corp", "co", "ltd", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "d.c", "a.m", "p.m", "e.g", "i.e", "mt", "ft", "gov",
    "c", "ca",  # circa: "In 1939, c. 1,300,000 people lived there."
}
# A sentence ends at . ! ? (plus closing quotes or brackets) followed by space and a new sentence's start.
# Quotation marks may be typed as `` and '' (as in tokenized text: "left . '' He said : `` We")
_BOUNDARY = re.compile(r"[.!?…]+(?:\s*'')?[\"”’')\]]*(?=\s+(?:``\s*|[\"“‘'(\[])?[A-Z0-9¿¡ÁÉÍÓÚÑ])")
_CREDIT = re.compile(r"(getty images|/ ?ap\b|\bap photo|reuters|photo by|via getty|afp|courtesy|©)", re.I)
_CONTRIB = re.compile(r"contributed (to )?(this )?report(ing)?|contributed reporting|^con (información|reportes?) de\b|"
                      r"colabor(ó|aron) (en|con) (este|esta) (informe|reportaje|nota|información)", re.I)


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def paragraphs(text: str) -> list[Span]:
    """Spans of the blank-line separated paragraphs (a single newline also separates lines)."""
    spans = (_trim(text, m.start(), m.end()) for m in re.finditer(r"[^\n]+", text))
    return [sp for sp in spans if sp is not None]


def _trim(text: str, s: int, e: int) -> Span | None:
    """The span without surrounding whitespace, or None when nothing is left."""
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return Span(s, e) if e > s else None


def sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentence spans inside ``text[start:end]``, trimmed of surrounding whitespace."""
    end = len(text) if end is None else end
    spans = []
    cur = start
    for m in _BOUNDARY.finditer(text, start, end):
        stop = m.end()
        if _is_abbreviation(text, cur, m.start()):
            continue
        spans.append(Span(cur, stop))
        cur = stop
    spans.append(Span(cur, end))
    trimmed = (_trim(text, sp.start, sp.end) for sp in spans)
    return [sp for sp in trimmed if sp is not None]


def _is_abbreviation(text: str, sent_start: int, dot: int) -> bool:
    if text[dot] != ".":
        return False
    word = re.search(r"([A-Za-z.]+)$", text[max(sent_start, dot - 12):dot])
    if not word:
        return False
    w = word.group(1).lower().strip(".")
    if w in _ABBREVIATIONS:
        return True
    return len(w) == 1 and text[dot - 1].isupper()  # an initial: "John F. Kennedy"


def paragraph_kind(text: str, para: Span, prev: Span | None, nxt: Span | None) -> str:
    """What a paragraph is: body text, one of the furniture of a news page (a video link, the
    contributors line, a photo's credit or caption, a heading above the story: its headline, byline
    or date stamp), or text planted for an AI assistant that reads the page ("Ignore all previous
    instructions and …"), which no one asked."""
    p = text[para.start:para.end]
    if addresses_assistant(p):
        return "instruction"
    if p.startswith(("▶", "Watch Video", "Watch:", "WATCH")):
        return "video"
    if _CONTRIB.search(p) and len(p) < 300:
        return "contributors"
    if _is_credit(p):
        return "credit"
    if nxt is not None and _is_credit(text[nxt.start:nxt.end]):
        return "caption"
    if _is_head_line(p) and _in_head(text, para):
        return "heading"
    return "body"


def _in_head(text: str, para: Span) -> bool:
    """Whether ``para`` is among the short lines above the article's first sentence."""
    return para.end <= _head_end(text)


@lru_cache(maxsize=8)
def _head_end(text: str) -> int:
    """Where the article's first line that is not a short one starts, when that is near the top (-1
    otherwise: an article of short lines only has no head). A line the next one continues in lower
    case is a sentence wrapped, not a short one."""
    lines = _LINE.finditer(text)
    line = next(lines, None)
    while line is not None and line.start() < _HEAD_CHARS:
        after = next(lines, None)
        if not _is_head_line(line.group().strip()) or (after is not None and after.group().lstrip()[:1].islower()):
            return line.start()
        line = after
    return -1


# the article's head: the short lines before its first sentence (a headline, a byline, a date stamp)
_HEAD_CHARS = 2000
_LINE = re.compile(r"[^\n]*\S[^\n]*")
_ENDS_SENTENCE = (".", "?", "!", "”", '"', "’", "'", ":", ";", ",", ")", "…")


def _is_head_line(p: str) -> bool:
    return len(p) < 150 and not p.endswith(_ENDS_SENTENCE)


def _is_credit(p: str) -> bool:
    return len(p) < 120 and not p.endswith((".", "?", "!", "”", '"')) and bool(_CREDIT.search(p))


class Chunker:
    """Groups consecutive sentences of a paragraph into passages of a sentence or two."""

    def __init__(self, max_chars: int = 400, max_sentences: int = 2) -> None:
        if max_chars <= 0 or max_sentences <= 0:
            raise ValueError(
                f"max_chars and max_sentences must be greater than 0. Currently they are {max_chars} and {max_sentences}"
            )
        self.max_chars = max_chars
        self.max_sentences = max_sentences

    @property
    def params(self) -> dict:
        return {"max_chars": self.max_chars, "max_sentences": self.max_sentences, "splitter": "askbot-regex-3"}

    def __call__(self, text: str) -> list[Chunk]:
        chunks: list[Chunk] = []
        paras = paragraphs(text)
        for i, para in enumerate(paras):
            kind = paragraph_kind(text, para, paras[i - 1] if i else None, paras[i + 1] if i + 1 < len(paras) else None)
            if kind == "instruction":  # not searched, cited or shown to the model
                continue
            group: list[Span] = []
            for sent in sentences(text, para.start, para.end):
                if group and (len(group) >= self.max_sentences or sent.end - group[0].start > self.max_chars):
                    chunks.append(self._chunk(text, len(chunks), group, kind))
                    group = []
                group.append(sent)
            if group:
                chunks.append(self._chunk(text, len(chunks), group, kind))
        return chunks

    @staticmethod
    def _chunk(text: str, cid: int, group: list[Span], kind: str) -> Chunk:
        s, e = group[0].start, group[-1].end
        return Chunk(id=cid, text=text[s:e], start=s, end=e, kind=kind)
