"""The edge: an ``Answer`` as the reader sees it. The one place where ``[n]`` markers are written
and where a ``Refusal`` becomes a sentence in the question's language."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # types.Answer renders itself with answer_text: no import back at run time
    from .types import Answer, Refusal, Sentence

# what a refusal says, by language and code ("*" for every other code); {said} quotes article words only
REFUSALS: dict[str, dict[str, str]] = {
    "en": {
        "*": "The article doesn't say.",
        "contradicted": "The article doesn't say: it speaks of {said}.",
        "unmentioned": "The article doesn't mention that.",
        "other_subject": "The article doesn't say that of {asked}. It says: {said}",
        "invalid_question": "That is not a question about the article. Ask what it says.",
        "no_author": "The article doesn't say who wrote it: it has no byline or contributors line.",
        "no_date": "The article doesn't say when it was published: it carries no date.",
        "no_place": "The article doesn't say where it was written: it has no dateline.",
    },
    "es": {
        "*": "El artículo no lo dice.",
        "contradicted": "El artículo no lo dice: habla de {said}.",
        "unmentioned": "El artículo no menciona eso.",
        "other_subject": "El artículo no dice eso de {asked}. Dice: {said}",
        "invalid_question": "Eso no es una pregunta sobre el artículo. Pregunte qué dice.",
        "no_author": "El artículo no dice quién lo escribió: no lleva firma ni línea de colaboradores.",
        "no_date": "El artículo no dice cuándo se publicó: no lleva fecha.",
        "no_place": "El artículo no dice desde dónde se escribió: no lleva lugar de origen.",
    },
}
# said when the answer could not be translated: the cited passages follow it
UNTRANSLATED = {"es": "No pude traducir la respuesta; estos son los pasajes del artículo que la contienen:",
                "en": "I could not translate the answer; these are the passages of the article that hold it:"}
# what was searched for, shown when it is not what was asked (a follow-up said in full, a translation)
SEARCHED = {"en": "Searched for: {}", "es": "Se buscó: {}"}
CLOSING = re.compile(r"[.!?…]+[\"”’')\]]*$")  # a sentence's closing mark
_INITIALS_END = re.compile(r"\b(?:[A-Z]\.){2,}$")  # "… in the U.S.": the period is the initials' too


def refusal_text(refusal: Refusal, language: str = "en") -> str:
    messages = REFUSALS.get(language, REFUSALS["en"])
    template = messages.get(refusal.code, messages["*"])
    if "{said}" in template and not refusal.details:
        template = messages["*"]
    if "{asked}" in template:  # details: who was asked about, then the article's words about another
        return template.format(asked=refusal.details[0], said=quoted(refusal.details[1:], language))
    return template.format(said=quoted(refusal.details, language)) if refusal.details else template


def searched_for(query: str, language: str = "en") -> str:
    return SEARCHED.get(language, SEARCHED["en"]).format(query)


def quoted(words: tuple[str, ...], language: str = "en") -> str:
    """'“Mars”', '“Mars” or “Saturn”' (in Spanish 'o')."""
    marks = [f"“{w}”" for w in dict.fromkeys(words)] or ["…"]
    joiner = " o " if language == "es" else " or "
    return marks[0] if len(marks) == 1 else ", ".join(marks[:-1]) + joiner + marks[-1]


def marked(sentence: Sentence) -> str:
    """A sentence with its citation markers before its closing punctuation: 'It rained [1].'"""
    text = sentence.text.strip()
    if not sentence.cites:
        return text
    marks = "".join(f"[{n}]" for n in sentence.cites)
    m = CLOSING.search(text)
    if m and not text.endswith(("”", '"')) and not _INITIALS_END.search(text):
        return f"{text[:m.start()]} {marks}{text[m.start():]}"
    return f"{text} {marks}"


def answer_text(answer: Answer) -> str:
    """The reply as text: the refusal's sentence (with the markers of the article sentences it
    quotes), or the answer's sentences with their markers."""
    if answer.refusal is not None:
        marks = "".join(f"[{c.n}]" for c in answer.citations)
        return f"{refusal_text(answer.refusal, answer.language)} {marks}".strip()
    return render_sentences(answer.sentences)


def render_sentences(sentences: tuple[Sentence, ...] | list[Sentence]) -> str:
    return " ".join(marked(s) for s in sentences)
