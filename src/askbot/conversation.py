"""Conversation: history as turns, and follow-up questions rewritten into self-contained search queries."""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

from .types import Turn

_PERSON_PRONOUNS = {"he": "subj", "him": "obj", "his": "poss", "she": "subj", "her": "poss_or_obj", "hers": "poss"}
_THING_PRONOUNS = {"it": "subj", "its": "poss", "they": "subj", "them": "obj", "their": "poss",
                   "this": "subj", "that": "subj"}
_ENTITY = re.compile(r"(?:[A-ZÁÉÍÓÚÑ][\w’'\-.]*\.?)(?:\s+(?:of\s+|de\s+|the\s+)?[A-ZÁÉÍÓÚÑ][\w’'\-]*)*")
_QUESTION_STARTERS = {"who", "what", "when", "where", "why", "how", "which", "whom", "whose", "is", "are", "was",
                      "were", "do", "does", "did", "can", "could", "will", "would", "should", "has", "have", "had",
                      "and", "but", "so", "the", "a", "an", "tell", "in", "on", "at", "for", "mr", "mrs", "ms"}
_NOT_NOUNS = {"to", "in", "on", "about", "and", "for", "with", "at", "by", "from", "as", "that", "if", "when"}


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


def entities(text: str) -> list[str]:
    """Capitalised names in ``text``, most specific first within their order of appearance."""
    found = []
    for m in _ENTITY.finditer(text):
        name = re.sub(r"['’]s$", "", m.group(0).strip(" .’'")).strip(" .’'")
        first = name.split()[0].lower().strip(".")
        if first in _QUESTION_STARTERS:
            rest = name.split(maxsplit=1)
            if len(rest) < 2:
                continue
            name = rest[1]
        if len(name) < 2 or name.lower() in _PERSON_PRONOUNS or name.lower() in _THING_PRONOUNS:
            continue
        found.append(name)
    return found


class QueryRewriter:
    """Rewrites a follow-up ("what happened to his brother?") into a self-contained query by
    resolving its first pronoun against the conversation's subject: the name the earlier turns
    mention most (surname-only mentions count for the full name), multi-word names for people."""

    def __init__(self, max_turns: int = 6) -> None:
        self.max_turns = max_turns

    def subjects(self, history: list[Turn]) -> list[str]:
        recent = history[-self.max_turns:]
        counts: Counter[str] = Counter()
        first_seen: dict[str, int] = {}
        text = " ".join(f"{t.question} {t.answer}" for t in recent)
        for pos, turn in enumerate(recent):
            for name in entities(turn.question) + entities(turn.answer):
                first_seen.setdefault(name, pos)
        for name in first_seen:
            last = name.split()[-1]
            counts[name] = len(re.findall(rf"\b{re.escape(last)}\b", text))
        # absorb short names into longer ones that end with them ("Ben" / "Stein" into "Ben Stein")
        for name in list(counts):
            for other in counts:
                if other != name and (other.endswith(" " + name) or other.startswith(name + " ")):
                    counts[other] += counts.pop(name, 0)
                    break
        recency = {n: first_seen[n] for n in counts}
        # the most mentioned; among equals the most recent
        return sorted(counts, key=lambda n: (-counts[n], -recency[n]))

    def __call__(self, question: str, history: list[Turn]) -> str:
        question = " ".join(question.split())
        if not history:
            return question
        names = [n for n in self.subjects(history) if n.lower() not in question.lower()]
        if not names:
            return question
        people = [n for n in names if len(n.split()) >= 2]
        person = people[0] if people else names[0]
        words = question.split(" ")
        for i, w in enumerate(words):
            core = re.sub(r"[^\w’']", "", w)
            low = core.lower()
            if low not in _PERSON_PRONOUNS:
                continue
            role = _PERSON_PRONOUNS[low]
            if role == "poss_or_obj":
                nxt = words[i + 1] if i + 1 < len(words) else ""
                role = "poss" if nxt and nxt[0].isalpha() and nxt.lower() not in _NOT_NOUNS else "obj"
            rep = (f"{person}’" if person.endswith("s") else f"{person}’s") if role == "poss" else person
            words[i] = w.replace(core, rep, 1)
            return " ".join(words)
        return question
