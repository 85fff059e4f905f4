"""Conversation: history as turns, and follow-up questions rewritten into self-contained search queries."""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

from .language import ENGLISH, detect_language
from .prompting import is_refusal
from .text import CITATION_MARK, fold, tokens, words
from .types import Turn
from .vocabulary import SENTENCE_OPENERS

_PERSON_PRONOUNS = {"he": "subj", "him": "obj", "his": "poss", "she": "subj", "her": "poss_or_obj", "hers": "poss"}
_GROUP_PRONOUNS = {"they": "subj", "them": "obj", "their": "poss"}
_THING_PRONOUNS = {"it": "subj", "its": "poss", "they": "subj", "them": "obj", "their": "poss",
                   "this": "subj", "that": "subj"}
# a capitalised word, an initial ("J.") or an abbreviated title ("Dr."); names never run on across ". "
_NAME_WORD = r"(?:[A-ZÁÉÍÓÚÑ]\.|(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Sen|Rep|Gov|Lt|Col|Capt)\.|[A-ZÁÉÍÓÚÑ][\w’'\-]*)"
_ENTITY = re.compile(rf"{_NAME_WORD}(?:\s+(?:of\s+|de\s+|the\s+)?{_NAME_WORD})*")
_QUESTION_STARTERS = {"who", "what", "when", "where", "why", "how", "which", "whom", "whose", "is", "are", "was",
                      "were", "do", "does", "did", "can", "could", "will", "would", "should", "has", "have", "had",
                      "and", "but", "so", "the", "a", "an", "tell", "in", "on", "at", "for", "mr", "mrs", "ms",
                      "after", "before", "during", "while", "although", "however", "then", "this", "that", "these",
                      "those", "his", "her", "their", "its", "it", "he", "she", "they", "we", "i", "you", "as", "by",
                      "with", "from", "since", "following", "later", "also", "or", "if", "because", "despite",
                      "according", "under", "over", "when", "there", "here", "some", "many", "one", "two",
                      "january", "february", "march", "april", "may", "june", "july", "august", "september",
                      "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
                      "saturday", "sunday", "yes", "no", "yeah", "sí", "not"}
_CONNECTORS = {"of", "de", "the"}  # may join the words of a name, never start one
_NOT_NOUNS = {"to", "in", "on", "about", "and", "for", "with", "at", "by", "from", "as", "that", "if", "when"}


_ANAPHORA = set(_PERSON_PRONOUNS) | set(_THING_PRONOUNS) | {
    "these", "those", "there", "then", "else", "other", "others", "another", "also", "again", "too", "more",
    "same", "after", "before", "next", "later", "former", "latter", "one", "ones", "such", "previous", "earlier"}


_NOT_PEOPLE = {"university", "college", "school", "records", "company", "corporation", "inc", "party", "church",
               "association", "band", "group", "club", "council", "committee", "department", "ministry", "states",
               "kingdom", "union", "republic", "street", "river", "city", "county", "house", "news", "times", "north",
               "south", "east", "west", "american", "national", "international", "united", "world", "war", "festival"}


def looks_like_person(name: str) -> bool:
    words = name.split()
    return (len(words) <= 4 and not any(len(w) >= 3 and w.isupper() for w in words)
            and not any(w.lower().strip(".") in _NOT_PEOPLE or "'" in w or "’" in w or w.lower() in ("of", "the")
                        for w in words))


def needs_context(question: str) -> bool:
    """Whether a follow-up leans on the conversation: a pronoun or a word like "then", "else",
    "after", or too few words to stand alone."""
    said = [w for w in words(question) if not w.isdigit()]
    return len(said) <= 3 or any(w in _ANAPHORA for w in said)


_PREPOSITIONS = ("to", "in", "on", "at", "from", "for", "with", "by", "about", "during", "after", "before", "since",
                 "until", "near", "under", "over", "against", "between", "into", "toward", "towards")
_PREPOSITION = "|".join(_PREPOSITIONS)
# "To its northwest?", "And in Canada?", "How about to the south?" - not "By who?" or "Since when?"
_FRAGMENT = re.compile(rf"^(?:(?:and|so|but|ok|okay),?\s+)?(?:(?:what|how) about\s+)?(?P<phrase>(?:{_PREPOSITION})\s+"
                       rf"(?!(?:what|which|who|whom|whose|when|where|how)\b)[^?]+?)\s*\??$", re.I)


# a question word alone asks it of what was just said: "When?" after "Who succeeded Lenin?"
_BARE = re.compile(r"^\W*(?:(?:and|so|but|ok|okay|y|pero)\W+)?(?P<wh>who|whom|whose|what|which|when|where|why(?: not)?|"
                   r"how(?: \w+)?|qu[ée]|qui[ée]n(?:es)?|cu[áa]ndo|d[óo]nde|por qu[ée]|c[óo]mo|cu[áa]nt[oa]s?|"
                   r"cu[áa]l(?:es)?)\W*$", re.I)


def is_bare(question: str) -> bool:
    """Whether ``question`` is a question word alone ("When?", "And why not?", "¿Dónde?")."""
    return bool(_BARE.match(question.strip()))


def expand_ellipsis(question: str, history: list[Turn], depth: int = 4) -> str:
    """A fragment that continues the last question said in full: "To its northwest?" after "What is
    to its east?" is "What is to its northwest?"; "And from 1990 to 1999?" after "What happened in
    1949?" is "What happened from 1990 to 1999?". Its phrase takes the place of the last question's
    phrase with the same preposition, or else of its last phrase. A question word alone is asked of
    the last answer ("Stalin succeeded Lenin. When?" for "and when?"), or of the last question when
    that went unanswered ("Did he bring anything? What?"). A chain of fragments is followed back
    ``depth`` questions at most."""
    bare = _BARE.match(question.strip())
    if bare and history and depth > 0:
        last = history[-1]
        said = "" if is_refusal(last.answer) else CITATION_MARK.sub("", last.answer).strip()
        said += "." if said and said[-1] not in ".!?\"”" else ""  # "Sam" said as "Sam."
        if detect_language(last.question) != detect_language(question):
            return question  # "Where?" translated from "¿Dónde?": what was said before is in Spanish
        before = said or expand_ellipsis(last.question.strip(), history[-depth:-1], depth - 1)
        wh = bare.group("wh")
        return f"{before} {'¿' if '¿' in question else ''}{wh[:1].upper()}{wh[1:].lower()}?"
    m = _FRAGMENT.match(question.strip())
    if not m or not history or depth <= 0 or len(question.split()) > 6:
        return question
    previous = expand_ellipsis(history[-1].question.strip(), history[-depth:-1], depth - 1)
    if _FRAGMENT.match(previous):
        return question
    phrase = m.group("phrase")
    preposition = phrase.split()[0].lower()
    for pattern in (rf"\b{preposition}\b", rf"\b(?:{_PREPOSITION})\b"):
        found = list(re.finditer(pattern, previous.rstrip(" ?"), re.I))
        if found:
            start = found[-1].start()
            return f"{previous[:start]}{phrase[0].lower() if start else phrase[0].upper()}{phrase[1:]}?"
    return question


def normalize_history(history: Iterable | None) -> list[Turn]:
    """Accept Turn objects, (question, answer) pairs, {"question","answer"} dicts or chat messages."""
    turns: list[Turn] = []
    pending_user: str | None = None
    for item in history or ():
        if isinstance(item, Turn):
            turns.append(item)
        elif isinstance(item, (tuple, list)) and len(item) == 2:
            turns.append(Turn(str(item[0] or ""), str(item[1] or "")))
        elif isinstance(item, dict) and "role" in item:
            content = item.get("content")
            content = content if isinstance(content, str) else str(content or "")
            if item["role"] == "user":
                pending_user = content
            elif item["role"] == "assistant" and pending_user is not None:
                turns.append(Turn(pending_user, content))
                pending_user = None
        elif isinstance(item, dict):
            turns.append(Turn(str(item.get("question", "")), str(item.get("answer", ""))))
        else:
            raise TypeError(f"history items must be Turn, (question, answer) or dicts; got {type(item).__name__}")
    return turns


def entities(text: str, lower: frozenset[str] = frozenset()) -> list[str]:
    """Capitalised names in ``text``, most specific first within their order of appearance. A
    sentence's first word is no name when it is a common word, or in ``lower`` (words written in
    lower case, by ``text`` itself or by the article)."""
    lower = lower | lower_case_words(text)
    found = []
    for m in _ENTITY.finditer(text):
        name = re.sub(r"['’]s$", "", m.group(0).strip(" .’'")).strip(" .’'")
        words = name.split()
        starts = bool(_SENTENCE_START.search(text[max(m.start() - 3, 0):m.start()]))
        while words and (words[0].lower().strip(".") in _QUESTION_STARTERS or words[0] in _CONNECTORS
                         or (starts and _opens_sentence(words[0], lower))):
            words = words[1:]
        while words and words[-1].lower() in _QUESTION_STARTERS:
            words = words[:-1]
        if not words:
            continue
        name = " ".join(words)
        if len(name) < 2 or name.lower() in _PERSON_PRONOUNS or name.lower() in _THING_PRONOUNS:
            continue
        found.append(name)
    return found


def _opens_sentence(word: str, lower: frozenset[str] = frozenset()) -> bool:
    """A capitalised word at a sentence's start that begins no name (besides the question starters,
    which ``entities`` drops anywhere): a common word ("Now, when the squirrel …", "Without Tom …",
    "Four of them …"), or one the text writes in lower case elsewhere ("Sometimes Joey …" in a story
    that says "sometimes")."""
    low = word.lower().strip(".")
    return low in ENGLISH.stopwords or low in SENTENCE_OPENERS or low in lower or bool(ENGLISH.numbers(low))


def lower_case_words(text: str) -> frozenset[str]:
    """The words ``text`` writes in lower case: common words, not names."""
    return frozenset(re.findall(r"(?<![\w’'-])[a-z][a-z’'-]*", text))


_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“”]\s*)$")


class QueryRewriter:
    """Rewrites a follow-up ("what happened to his brother?") into a self-contained query by
    resolving its first pronoun: to ``topic`` (what the article is about: its main person, or a
    page's title) unless the reader's last question asked about someone else, then to the name the
    earlier turns mention most (surname-only mentions count for the full name), multi-word names for
    people. ``topic_given``: the topic is the conversation's known subject (a page's title), not a
    guess from the article; then a surname is said in full ("Norton": "Ken Norton") and a follow-up
    that names no subject gets it in brackets ("What happened in 1969 (Bobby Thomson)?"), as a
    question read on its own needs. The chat only guesses its article's main person, and a search
    inside the one article gains nothing from its subject."""

    def __init__(self, max_turns: int = 6, topic: str | None = None, topic_given: bool = True,
                 lower: frozenset[str] = frozenset()) -> None:
        self.max_turns = max_turns
        self.topic = topic
        self.topic_given = topic_given
        self.lower = lower  # the article's words in lower case: at a sentence's start, no name

    def subjects(self, history: list[Turn]) -> list[str]:
        recent = history[-self.max_turns:]
        counts: Counter[str] = Counter()
        first_seen: dict[str, int] = {}
        text = " ".join(f"{t.question} {t.answer}" for t in recent)
        asked = " ".join(t.question for t in recent)  # what the reader asks about weighs double
        for pos, turn in enumerate(recent):
            for name in entities(turn.question, self.lower) + entities(turn.answer, self.lower):
                first_seen.setdefault(name, pos)
        for name in first_seen:
            last = name.split()[-1]
            counts[name] = (len(re.findall(rf"\b{re.escape(last)}\b", text))
                            + len(re.findall(rf"\b{re.escape(last)}\b", asked)))
        # absorb short names into longer ones that end with them ("Ben" / "Stein" into "Ben Stein")
        for name in list(counts):
            for other in counts:
                if other != name and (other.endswith(" " + name) or other.startswith(name + " ")):
                    counts[other] += counts.pop(name, 0)
                    break
        recency = {n: first_seen[n] for n in counts}
        # the most mentioned; among equals the most recent
        return sorted(counts, key=lambda n: (-counts[n], -recency[n]))

    @staticmethod
    def complete_names(question: str, named: list[str]) -> str:
        """A name the question shortens ("What did Dempsey study?") said in full, as the conversation
        did ("Miles Dempsey"). A lower-case word counts only in an all lower-case question."""
        lower = question == question.lower()
        for name in named:
            parts = name.split()
            if len(parts) < 2 or fold(name) in fold(question):
                continue
            for part in dict.fromkeys((parts[-1], parts[0])):
                if len(part) < 3 or part.lower() in _QUESTION_STARTERS:
                    continue
                pattern = rf"\b{re.escape(part)}\b" if not lower else rf"\b{re.escape(part.lower())}\b"
                m = re.search(pattern, question)
                if m:
                    start, end = m.start(), m.end()
                    # the name's other words already there ("John Burns" for "John A. Burns") go too
                    while (prev := re.search(r"(\S+)\s+$", question[:start])) and prev.group(1) in parts[:-1]:
                        start = prev.start()
                    while (nxt := re.match(r"\s+([^\s?.,!]+)", question[end:])) and nxt.group(1) in parts[1:]:
                        end += nxt.end()
                    before = re.search(r"(\S+)\s+$", question[:start])
                    after = re.match(r"\s+(\S+)", question[end:])
                    if any(m and m.group(1)[0].isupper() and m.group(1).lower() not in _QUESTION_STARTERS
                           for m in (before, after)):
                        continue  # part of another name: "Lothar de Maiziere", "Saxon Palace"
                    return question[:start] + name + question[end:]
        return question

    def referents(self, history: list[Turn]) -> list[str]:
        """Whom "he" or "they" most likely means, first to last: a conversation about an article is
        about its subject (``topic``), unless the reader's last question asked about someone else."""
        named = self.subjects(history) if history else []
        if not self.topic:
            return named
        subject = set(self.topic.split())
        same = lambda n: set(n.split()) <= subject or (  # "Zappa", "Frank Zappa", not "Province of New Jersey"
            subject <= set(n.split()) and looks_like_person(n))
        others = [n for n in named if not same(n)]
        asked = [n for n in entities(history[-1].question, self.lower) if not same(n)] if history else []
        latest = [n for n in others if looks_like_person(n) and " " in n
                  and any(n == a or n.endswith(" " + a) for a in asked)]
        return latest + [self.topic] + [n for n in others if n not in latest]

    def __call__(self, question: str, history: list[Turn]) -> str:
        question = expand_ellipsis(" ".join(question.split()), history)
        ranked = self.referents(history)
        # names said in full; a guessed subject is not ("Hopper" in an article about Dennis Hopper is
        # not always Victoria Hopper, its most mentioned full name)
        question = self.complete_names(question, [n for n in ranked if looks_like_person(n)
                                                  and (self.topic_given or n != self.topic)])
        rewritten = self._resolve(question, [n for n in ranked if n.lower() not in question.lower()
                                             and not (n == self.topic and _mentions(n)(question))])
        if history and self.topic and self.topic_given and not _mentions(self.topic)(rewritten):
            # a follow-up that names no subject is about the article's: "what happened in 1969?"
            end = "?" if rewritten.endswith("?") else ""
            rewritten = f"{rewritten[:len(rewritten) - len(end)].rstrip()} ({self.topic}){end}"
        return rewritten

    def _resolve(self, question: str, names: list[str]) -> str:
        """The question with its first pronoun replaced by the best of ``names`` for it."""
        named = [n for n in names if n != self.topic]
        people = [n for n in named if looks_like_person(n)]
        people = [n for n in people if len(n.split()) >= 2] or people
        groups = [n for n in named if n not in people or len(n.split()) >= 3]
        if self.topic in names:  # the article's subject goes where ``names`` ranks it
            before = names[:names.index(self.topic)]
            for kind, fits in ((people, looks_like_person(self.topic)),
                               (groups, not looks_like_person(self.topic) or len(self.topic.split()) >= 3)):
                if fits:
                    kind.insert(sum(n in before for n in kind), self.topic)
        words = question.split(" ")
        for i, w in enumerate(words):
            core = re.sub(r"[^\w’']", "", w)
            low = core.lower()
            if low in _PERSON_PRONOUNS and (people or self.topic in names):
                # "she" about "Eleanor of Aquitaine" when the conversation names no other person
                role, referent = _PERSON_PRONOUNS[low], (people or [self.topic])[0]
            elif low in _GROUP_PRONOUNS and groups:
                role, referent = _GROUP_PRONOUNS[low], groups[0]
            else:
                continue
            if role == "poss_or_obj":
                nxt = words[i + 1] if i + 1 < len(words) else ""
                role = "poss" if nxt and nxt[0].isalpha() and nxt.lower() not in _NOT_NOUNS else "obj"
            rep = (f"{referent}’" if referent.endswith("s") else f"{referent}’s") if role == "poss" else referent
            words[i] = w.replace(core, rep, 1)
            return " ".join(words)
        return question


def _mentions(name: str):
    """Whether a text names ``name``: its last word or any other word of it a reader would use alone
    ("Rania" for "Queen Rania of Jordan"), with or without accents or a possessive "s"."""
    words = [fold(w) for w in tokens(name) if len(w) >= 3 and w[0].isupper()
             and w.lower() not in _QUESTION_STARTERS and w.lower() not in _NOT_PEOPLE] or [fold(name.split()[-1])]
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")(?:s|['’]s)?\b")
    return lambda text: bool(pattern.search(fold(text)))
