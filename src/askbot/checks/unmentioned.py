"""A question about a name or number the article never mentions ("orbit around Saturn" of an
article about Earth) is not answered by it, however close the rest comes. A yes-or-no question may
be testing that very name, so it goes to the model. A translated question is judged only by the
names and numbers its reader wrote: a name the translation made of common words ("El violinista en
el tejado": "The Violinist on the Roof", where the article says "Fiddler on the Roof") is the
translator's guess, not the reader's."""

from __future__ import annotations

from ..language import get as get_language
from ..text import fold, is_yes_no, tokens
from ..types import Refusal
from ..vocabulary import is_acronym
from . import Check, Draft, register


@register
class Unmentioned(Check):
    name = "unmentioned"
    stage = "question"
    languages = None  # names and numbers are compared as written, in the article's language

    def applies(self, draft: Draft) -> bool:
        return self.in_article_language(draft)

    def __call__(self, draft: Draft) -> Refusal | None:
        if is_yes_no(draft.question):
            return None
        unknown = self.tools.vocabulary.unmentioned(draft.question)
        if draft.asked:
            unknown = [n for n in unknown if _written(n, draft.text_language, draft.asked, draft.language)]
        return self.refuse("unmentioned") if unknown else None  # the names are the question's own: never repeated


def _written(name: str, language: str, asked: str, asked_language: str) -> bool:
    """Whether the reader wrote ``name`` (a name or a number of the question's translation into
    ``language``) in ``asked``: the number itself, a capitalised word that opens like one of the
    name's words ("Saturno" for "Saturn"), or, for an acronym, an acronym ("ONG" for "NGOs")."""
    if name[:1].isdigit():
        return bool(get_language(language).numbers(name) & get_language(asked_language).numbers(asked))
    written, named = tokens(asked), tokens(name)
    if any(is_acronym(w) for w in named) and any(is_acronym(w) for w in written):
        return True
    capitals = {fold(w)[:4] for w in written if w[:1].isupper()}
    return any(fold(w)[:4] in capitals for w in named if len(w) > 2)
