"""What an article names: its words in the forms a question may write them (numbers in words,
a country for its people, "10000" for "10,000", acronyms), so that a name or number it never
mentions can be told from one it does."""

from __future__ import annotations

import re
from typing import Iterator

from .language import ENGLISH
from .text import words


class Vocabulary:
    """The names and numbers of one article."""

    def __init__(self, text: str) -> None:
        self.words = _name_forms(words(text)) | _number_forms(text)
        self._stems = {w[:5] for w in self.words if len(w) >= 5}
        self.acronyms = _acronyms(text)

    def invented(self, claim: str) -> list[str]:
        """Names and numbers in ``claim`` that the article never mentions: the model's own knowledge
        (or invention), which no citation can support."""
        return self._unknown_names(claim, skip_first=False, typos=False)

    def unmentioned(self, question: str) -> list[str]:
        """Names and numbers in a question that the article never mentions ("What do astronauts
        experience in orbit around Saturn?" of an article about Earth). The question's first word is
        not taken for a name, and a reader's typo ("Hamaz") is forgiven."""
        return self._unknown_names(question, skip_first=True, typos=True)

    def names(self, text: str) -> list[str]:
        """The names in ``text``, known to the article or not: runs of capitalised words ("Vice
        President Mike Pence"), the first word of a sentence only when it is no common word."""
        return [" ".join(t for t, _ in run) for run, _ in self._scan(text, skip_first=False, typos=False) if run]

    def _unknown_names(self, text: str, skip_first: bool, typos: bool) -> list[str]:
        """Names that the article never uses, unless their initials are an acronym of the
        article's; and such numbers. A name is unknown by its last word or most of its words:
        "Great Britain" passes for an article saying "Britain", "Alexander Giammattei" for
        "Alejandro Giammattei"."""
        out = []
        for run, number in self._scan(text, skip_first, typos):
            unknown = sum(not known for _, known in run)
            if run and (not run[-1][1] or 2 * unknown > len(run)) and (
                    "".join(t[0] for t, _ in run).lower() not in self.acronyms):
                out.append(" ".join(t for t, _ in run))
            elif number is not None:
                out.append(number)
        return out

    def _scan(self, text: str, skip_first: bool, typos: bool) -> Iterator[tuple[list[tuple[str, bool]], str | None]]:
        """The runs of name words (each with whether the article knows it), and the numbers the
        article does not know: ``(run, None)`` or ``([], number)``."""
        run: list[tuple[str, bool]] = []  # (token, known)
        first = True
        if not any(ch.islower() for ch in text):  # written in capitals: no capital tells a name
            text = text.lower()
        for tok in re.findall(r"\b[\w’'-]+\b|[:.?!;,()\"“”]", text):
            plain = words(tok)
            if not plain:  # punctuation ends a name; after a sentence's end, a capital starts a sentence
                if run:
                    yield run, None
                run = []
                first = first or tok in ":.?!"
                continue
            # a common word in capitals is emphasis, not a name ("What CAN she do?")
            name = tok[0].isupper() and plain[0] not in _META_WORDS and not (
                tok.isupper() and plain[0] in ENGLISH.stopwords) and (
                not first or (not skip_first and plain[0] not in ENGLISH.stopwords and plain[0] not in SENTENCE_OPENERS))
            first = False
            known = all(self._known(w, typos) for w in plain) or (
                is_acronym(tok) and tok.removesuffix("s").lower() in self.acronyms)
            if name:
                run.append((tok, known))
                continue
            if run:
                yield run, None
            run = []
            if not known and any(ch.isdigit() for ch in tok):
                yield [], tok
        if run:
            yield run, None

    def _known(self, word: str, typos: bool = False) -> bool:
        """In the article, or a form of an article word ("Honduran" for "Honduras"), or with
        ``typos`` one letter off a long article word."""
        word = name_form(word)
        if word in self.words or (len(word) >= 5 and not word.isdigit() and word[:5] in self._stems):
            return True
        if "-" in word.strip("-"):  # "15-1" for the article's "15–1"
            return all(self._known(part, typos) for part in word.split("-") if part)
        return typos and any(is_typo(word, a) for a in self.words)


NUMBER_WORDS = dict(zip(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split(),
    [str(n) for n in range(1, 21)] + [f"{n}{s}" for n, s in zip(range(1, 21), ["st", "nd", "rd"] + ["th"] * 17)]))
# a country and its people's adjective, where one is not the other's prefix ("France" in an article saying "French")
DEMONYMS = dict(pair.split(":") for pair in """france:french britain:british england:english spain:spanish
netherlands:dutch holland:dutch china:chinese japan:japanese greece:greek wales:welsh scotland:scottish
ireland:irish switzerland:swiss portugal:portuguese sweden:swedish denmark:danish norway:norwegian poland:polish
turkey:turkish finland:finnish philippines:filipino thailand:thai vietnam:vietnamese lebanon:lebanese
iraq:iraqi israel:israeli pakistan:pakistani afghanistan:afghan yemen:yemeni kuwait:kuwaiti us:american""".split())
DEMONYMS.update({v: k for k, v in list(DEMONYMS.items())})
# words that open a sentence without being names ("Until 1842.", "Others came later.")
SENTENCE_OPENERS = frozenset("""until unless since although though while because whereas however therefore
thus meanwhile instead later earlier others another many several most much few both either neither every each
everyone someone somebody nobody none nothing something everything among within without despite during around
across along toward towards upon onto near yet still already once""".split())
_META_WORDS = frozenset({"english", "spanish", "true", "false"})  # "What is that in English?"
_SKIP_IN_NAMES = frozenset({"of", "the", "and", "for", "de", "del", "la"})


def name_form(word: str) -> str:
    """A word as names are compared: no possessive, no plural of a number ("1970s")."""
    word = re.sub(r"['’]s$", "", word)
    return word[:-1] if len(word) > 1 and word[-1] == "s" and word[:-1].isdigit() else word


def _name_forms(article_words: list[str]) -> set[str]:
    """The article's words as a question may name them: each part of "19th-century" too, numbers
    written out ("three" for 3), and an ordinal's number ("her eighth goal": 8 goals)."""
    out = set()
    for w in article_words:
        w = name_form(w)
        out.add(w)
        for part in w.split("-"):
            out.add(name_form(part))
            if part in NUMBER_WORDS:
                out.add(NUMBER_WORDS[part])
            if ordinal := _ORDINAL.fullmatch(NUMBER_WORDS.get(part, part)):
                out.add(ordinal.group(1))
            if part in DEMONYMS:
                out.add(DEMONYMS[part])
    return out


_ORDINAL = re.compile(r"(\d+)(?:st|nd|rd|th)")


def _number_forms(text: str) -> set[str]:
    """Numbers as a question may write those of the article: without thousands separators
    ("10000" for "10,000"), and a year's century ("17th" for 1672)."""
    out = {m.group(0).replace(",", "") for m in re.finditer(r"\b\d{1,3}(?:,\d{3})+\b", text)}
    for m in re.finditer(r"\b(1\d{3}|20\d\d)s?\b", text):
        century = int(m.group(1)) // 100 + 1
        out.add(f"{century}{'st' if century % 10 == 1 and century != 11 else 'th'}")
    return out


def is_acronym(word: str) -> bool:
    """"NGO", "NGOs", "ONG"."""
    letters = word.removesuffix("s")
    return len(letters) >= 2 and letters.isupper() and letters.isalpha()


def _acronyms(text: str) -> set[str]:
    """Acronyms the article spells or implies: "U.S."; the initials of capitalised names
    ("European Union" gives "eu", "World War II" gives "wwii"); and those of three or more words
    in a row, lower-case ones too ("member of the Scottish Parliament" gives "msp",
    "non-government organizations" gives "ngo")."""
    out = {m.group(0).replace(".", "").lower() for m in re.finditer(r"\b(?:[A-Za-z]\.){2,}", text)}
    for run in re.finditer(r"[A-Z][\w’'-]*(?:[ \t]+(?:(?:of|the|and|for)[ \t]+)?[A-Z][\w’'-]*)+", text):
        toks = [t for t in run.group(0).split() if t.lower() not in _SKIP_IN_NAMES]
        out |= _initials([_head(t) for t in toks], 2)
    heads: list[str] = []  # a run of words: punctuation and common words (but "of", "the" …) end it
    for m in re.finditer(r"[^\W\d_][\w’']*|[^\w\s-]", text + "."):
        word = m.group(0).lower()
        if word in _SKIP_IN_NAMES:
            continue
        if word[0].isalpha() and word not in ENGLISH.stopwords:
            heads.append(_head(m.group(0)))
            continue
        out |= _initials(heads, 3)
        heads = []
    return out


def _head(word: str) -> str:
    """What a word gives an acronym: its initial, or the whole of a Roman numeral ("II")."""
    return word if re.fullmatch(r"[IVX]+", word) else word[0]


def _initials(heads: list[str], shortest: int, longest: int = 8) -> set[str]:
    """The acronyms of every stretch of ``shortest`` to ``longest`` of the words whose initials are ``heads``."""
    return {"".join(heads[i:j]).lower() for i in range(len(heads))
            for j in range(i + shortest, min(i + longest, len(heads)) + 1)}



def is_typo(word: str, of: str) -> bool:
    """Whether ``word`` is ``of`` mistyped: a long word (five letters or more, not a number) one
    letter off it ("Hamaz" for "Hamas"; "2005" is no typo of "2006")."""
    return len(word) >= 5 and not word.isdigit() and abs(len(of) - len(word)) <= 1 and one_edit(word, of)


def one_edit(a: str, b: str) -> bool:
    """``a`` and ``b`` differ by at most one insertion, deletion, substitution or swap of neighbours."""
    if a == b:
        return True
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    if len(a) > len(b):
        a, b = b, a
    i = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), len(a))
    return a[i:] == b[i + 1:]



