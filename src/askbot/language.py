"""The language layer: which language a text is in (lingua-language-detector, with names set
aside: they belong to no language, "Is Guatemala safe?"), and for each language its stopwords
and stems (Snowball stemmers, by PyStemmer). Words come from the one tokenizer in ``text``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .text import fold, tokens, words

DEFAULT = "en"

# English stopwords, with the words a question about a news article uses without asking anything
# ("said", "article"). Spanish ones come from stopwords-iso.
_ENGLISH_STOPWORDS = frozenset("""
a an the and or but if of at by for with about against between into through during before after above below to
from up down in out on off over under again further then once here there when where why how all any both each
few more most other some such no nor not only own same so than too very s t can will just don should now is are
was were be been being have has had having do does did doing i me my myself we our ours ourselves you your yours
yourself yourselves he him his himself she her hers herself it its itself they them their theirs themselves what
which who whom this that these those am would could also said says say told according article passage text yes
""".split())


@dataclass(frozen=True)
class Language:
    """One language: its code, its names for lingua and Snowball, and its stopwords (folded)."""

    code: str
    lingua: str
    snowball: str
    stopwords: frozenset[str]

    def stem(self, word: str) -> str:
        """A folded word without its inflections ("traffickers", "trafficker": "traffick")."""
        return _stem(self.snowball, word)

    def content_words(self, text: str) -> list[str]:
        """The stems of the words of ``text`` that are not stopwords, in order; a hyphenated word
        opening with a number gives its parts ("the 73-year-old actor" has the words of "he is 73 years old")."""
        return [self.stem(w) for word in words(text) for w in (word.split("-") if word[:1].isdigit() else [word])
                if w and w not in self.stopwords]

    def numbers(self, text: str) -> set[int]:
        """The whole numbers ``text`` states, in digits or in words ("3", "three", "tres": 3; "2,000"
        and "2.000": 2000). One in words is left out ("un", "una" and "one" are also articles and
        pronouns); in digits it counts ("el 1 de enero")."""
        text = fold(text)
        found = {int(m.replace(",", "").replace(".", "")) for m in _DIGITS.findall(text)}
        pattern, values = _number_words(self.code)
        found |= {values[m[0]] for m in pattern.finditer(text)}
        return found


@lru_cache(maxsize=None)
def _stemmer(snowball: str):
    import Stemmer

    return Stemmer.Stemmer(snowball)


@lru_cache(maxsize=65536)
def _stem(snowball: str, word: str) -> str:
    return _stemmer(snowball).stemWord(word)


_DIGITS = re.compile(r"(?<![\d.,])\d{1,3}(?:[.,]\d{3})+(?![\d])|(?<![\d.,])\d+(?![\d])")


@lru_cache(maxsize=None)
def _number_words(code: str) -> tuple[re.Pattern, dict[str, int]]:
    """The language's words for 2-99, 100, 1,000 and 1,000,000 (num2words; "one hundred" also as
    "hundred"), longest first."""
    from num2words import num2words

    values = {fold(num2words(n, lang=code)): n for n in [*range(2, 100), 100, 1000, 10**6]}
    one = fold(num2words(1, lang=code)) + " "
    values |= {w[len(one):]: n for w, n in list(values.items()) if n >= 100 and w.startswith(one)}  # "hundred"
    alternatives = "|".join(re.escape(w) for w in sorted(values, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])"), values


def _iso_stopwords(code: str) -> frozenset[str]:
    import stopwordsiso

    return frozenset(fold(w) for w in stopwordsiso.stopwords(code))


ENGLISH = Language("en", "ENGLISH", "english", _ENGLISH_STOPWORDS)
SPANISH = Language("es", "SPANISH", "spanish", _iso_stopwords("es"))
LANGUAGES = {lang.code: lang for lang in (ENGLISH, SPANISH)}


def get(code: str) -> Language:
    """The language of a code ("en", "es"); English for one askbot does not know."""
    return LANGUAGES.get(code, ENGLISH)


def content_words(text: str, code: str = DEFAULT) -> list[str]:
    return get(code).content_words(text)


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language as Lingua, LanguageDetectorBuilder

    # the n-gram models loaded now, not on the first question (measured: 0.4-0.6 s on the first ones)
    languages = (getattr(Lingua, lang.lingua) for lang in LANGUAGES.values())
    return LanguageDetectorBuilder.from_languages(*languages).with_preloaded_language_models().build()


def detect_language(text: str, min_confidence: float = 0.6) -> str:
    """'es' or 'en' (the default, when the words are too few or too mixed to tell). A capitalised
    word after the first is taken for a name and not weighed; an inverted mark is Spanish."""
    if "¿" in text or "¡" in text:
        return "es"
    letters = [t for t in tokens(text) if not any(ch.isdigit() or ch == "_" for ch in t)]
    kept = [t for i, t in enumerate(letters) if i == 0 or not t[:1].isupper()]
    if not kept:
        return DEFAULT
    values = {v.language.name: v.value for v in _detector().compute_language_confidence_values(" ".join(kept))}
    needed = min_confidence if len(kept) > 1 else 0.9  # one word ("Guatemala") is most often a name
    best = max(LANGUAGES.values(), key=lambda lang: values.get(lang.lingua, 0.0))
    return best.code if values.get(best.lingua, 0.0) >= needed else DEFAULT


def article_language(text: str, sample: int = 4000) -> str:
    """The language of an article's text: of its first ``sample`` characters, read as one text (a
    quoted question in another language, with its inverted mark, does not decide it)."""
    return detect_language(text[:sample].replace("¿", " ").replace("¡", " "))


def warm_up() -> None:
    _detector()
    ENGLISH.stem("warm")
