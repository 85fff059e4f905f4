"""Which language a question is in: English (the articles' language) or Spanish, by
lingua-language-detector, with names set aside (they belong to no language: "Is Guatemala safe?")."""

from __future__ import annotations

import re
from functools import lru_cache

LANGUAGES = {"en": "ENGLISH", "es": "SPANISH"}
DEFAULT = "en"
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(*(getattr(Language, n) for n in LANGUAGES.values())).build()


def detect_language(text: str, min_confidence: float = 0.6) -> str:
    """'es' or 'en' (the default, when the words are too few or too mixed to tell). A capitalised
    word after the first is taken for a name and not weighed; an inverted mark is Spanish."""
    if "¿" in text or "¡" in text:
        return "es"
    tokens = _TOKEN.findall(text)
    words = [t for i, t in enumerate(tokens) if i == 0 or not t[:1].isupper()]
    if not words:
        return DEFAULT
    values = {v.language.name: v.value for v in _detector().compute_language_confidence_values(" ".join(words))}
    needed = min_confidence if len(words) > 1 else 0.9  # one word ("Guatemala") is most often a name
    best = max(LANGUAGES, key=lambda code: values.get(LANGUAGES[code], 0.0))
    return best if values.get(LANGUAGES[best], 0.0) >= needed else DEFAULT


def warm_up() -> None:
    _detector()
