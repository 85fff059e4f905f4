"""What an article says about itself: its byline, contributors line, date and dateline, found when
it is loaded, as spans of its own text (so an answer about them cites those words). Found in plain
text, Markdown and the text of an HTML page alike; a part the article lacks is None."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .chunking import Span, paragraph_kind, paragraphs

_HEAD = 12  # bylines, dates and datelines are near the top: the first paragraphs are searched
_SHORT = 160  # a byline is a short paragraph
_DATE_LINE = 60  # so is a date line, unless it says what the date is ("Updated on: …")
_STAMP = re.compile(r"^[\s*_#>|]*(?:updated|published|posted|first published|actualizado|publicado)\b", re.I)
_MARKUP = r"[\s*_#>|]*"  # Markdown emphasis, heading or quote marks around a line
_BYLINE = re.compile(rf"^{_MARKUP}(?:by|por|written by|escrito por)\s+(?P<who>[A-ZÁÉÍÓÚÑ][^\n|•·]{{1,120}}?)"
                     rf"{_MARKUP}(?:$|[|•·]|,?\s+(?:updated|published|posted|actualizado|publicado)\b)", re.I)
_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
           "jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|"
           "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre")
_DATE = re.compile(rf"\b(?:(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+(?:de\s+)?(?:{_MONTHS})"
                   rf"\.?,?\s+(?:de\s+)?\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\b", re.I)
# "Guatemala City — The world leader …", "LOS ANGELES, California (CNN) -- …"
_DATELINE = re.compile(r"^(?P<place>[A-ZÁÉÍÓÚÑ][\w.'’]*(?:[ ,]+[A-ZÁÉÍÓÚÑ][\w.'’]*){0,4})\s*(?:\([A-Z][\w ]{1,20}\)\s*)?"
                       r"(?:—|–|--)\s")


@dataclass(frozen=True)
class Metadata:
    """Spans of the article's text; ``who``, ``date`` and ``place`` are the words themselves."""

    byline: Span | None = None  # the whole line: "By Dana Whitfield"
    who: Span | None = None  # the names in it: "Dana Whitfield"
    contributors: Span | None = None  # "Fin Gómez, Alex Pena and Tim Perry contributed to this report."
    date: Span | None = None  # "June 4, 2021"
    place: Span | None = None  # the dateline: "Guatemala City"


def read_metadata(text: str) -> Metadata:
    paras = paragraphs(text)
    found: dict[str, Span] = {}
    for i, para in enumerate(paras):
        line = text[para.start:para.end]
        head = i < _HEAD
        kind = paragraph_kind(text, para, paras[i - 1] if i else None, paras[i + 1] if i + 1 < len(paras) else None)
        if kind == "contributors":
            found.setdefault("contributors", para)
        if not head:
            continue
        m = _BYLINE.match(line) if len(line) <= _SHORT else None
        if m and "byline" not in found:
            found["byline"] = para
            found["who"] = Span(para.start + m.start("who"), para.start + m.end("who"))
        d = _DATE.search(line) if kind in ("body", "heading") and (
            len(line) <= _DATE_LINE or _STAMP.match(line) or m) else None
        if d and "date" not in found:
            found["date"] = Span(para.start + d.start(), para.start + d.end())
        p = _DATELINE.match(line) if kind in ("body", "heading") and len(line) > _SHORT else None
        if p and "place" not in found:
            found["place"] = Span(para.start + p.start("place"), para.start + p.end("place"))
    return Metadata(**found)
