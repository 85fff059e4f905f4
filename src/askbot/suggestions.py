"""Starter questions computed from the article itself: who its people are, what they want, and
who took the photo or wrote the report when the page says so."""

from __future__ import annotations

import re
from collections import Counter

from .conversation import entities, looks_like_person
from .types import Chunk

_VERBS = {"wants": "What does {name} want?", "believes": "What does {name} believe?",
          "fears": "What does {name} fear?", "hopes": "What does {name} hope for?"}


_TITLES = {"president", "vice", "prime", "minister", "secretary", "senator", "sen", "governor", "gov", "mayor",
           "king", "queen", "judge", "general", "gen", "archbishop", "mr", "mrs", "ms", "dr", "sir", "former",
           "chancellor", "director", "ceo", "chief", "officer", "representative", "rep", "lord", "lady", "pope"}


def strip_titles(name: str) -> str:
    """'Guatemalan President Alejandro Giammattei of Guatemala' -> 'Alejandro Giammattei'."""
    words = re.sub(r"\s+of\s+.*$", "", name).split()
    while len(words) > 2 and (words[0].lower().strip(".") in _TITLES or (
            words[0].endswith(("an", "ese", "ish")) and words[1].lower() in _TITLES)):
        words = words[1:]
    return " ".join(words)


def people(text: str) -> list[tuple[str, int]]:
    """Multi-word names, counted with their surname-only mentions, most mentioned first."""
    names = [strip_titles(n) for n in entities(text) if len(n.split()) >= 2 and not re.search(r"\d", n)]
    names = [n for n in names if len(n.split()) >= 2]
    full: dict[str, str] = {}
    for n in names:
        last = n.split()[-1]
        if last not in full or len(n) > len(full[last]):
            full[last] = n
    counts = Counter()
    for last, name in full.items():
        counts[name] = len(re.findall(rf"\b{re.escape(last)}\b", text))
    return counts.most_common()


def main_person(text: str, min_mentions: int = 3) -> str | None:
    """The person the article is about, if one stands out: the most mentioned, by a margin. An
    article that never says "he" or "she" is about no one ("Subcarpathian Voivodeship", "Super Bowl"
    are its most mentioned names)."""
    if len(re.findall(r"\b(?:he|she|his|her|him)\b", text, re.I)) < 3:
        return None
    ranked = [(n, c) for n, c in people(text) if looks_like_person(n)]
    if not ranked or ranked[0][1] < min_mentions:
        return None
    if len(ranked) > 1 and ranked[1][1] * 1.5 > ranked[0][1]:
        return None
    return ranked[0][0]


# the questions asked of any article, in its language
_ASKED = {"en": {"who": "Who is {name}?", "photo": "Who took the photo?", "contributors": "Who contributed to this report?"},
          "es": {"who": "¿Quién es {name}?", "photo": "¿Quién tomó la foto?",
                 "contributors": "¿Quién contribuyó a este reportaje?"}}


def suggest_questions(text: str, chunks: list[Chunk], limit: int = 4, language: str = "en") -> list[str]:
    """Up to ``limit`` questions, in the article's ``language``."""
    out: list[str] = []
    asked = _ASKED.get(language, _ASKED["en"])
    ranked = people(text)
    for name, count in ranked:
        last = name.split()[-1]
        for verb, template in _VERBS.items() if language == "en" else ():
            if count >= 2 and re.search(rf"\b{re.escape(last)} {verb}\b", text):
                out.append(template.format(name=name))
                break
        if len(out) >= 1:
            break
    for name, _ in ranked:
        if re.search(rf"{re.escape(name)},\s+(the\s+)?[a-z]", text) and asked["who"].format(name=name) not in out:
            out.append(asked["who"].format(name=name))
            if len(out) >= limit - 1:
                break
    kinds = {c.kind for c in chunks}
    if "credit" in kinds:
        out.append(asked["photo"])
    if "contributors" in kinds and len(out) < limit:
        out.append(asked["contributors"])
    if not out and ranked:
        out.append(asked["who"].format(name=ranked[0][0]))
    return out[:limit]
