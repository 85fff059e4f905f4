"""Conversation: history as turns, and follow-up questions rewritten into self-contained search queries."""

from __future__ import annotations

import re
from typing import Iterable

from .types import Turn

_PERSON_PRONOUNS = {"he": "subj", "him": "obj", "his": "poss", "she": "subj", "her": "poss_or_obj", "hers": "poss"}
_THING_PRONOUNS = {"it": "subj", "its": "poss", "they": "subj", "them": "obj", "their": "poss",
                   "this": "subj", "that": "subj"}
_ENTITY = re.compile(r"(?:[A-ZÁÉÍÓÚÑ][\w’'\-.]*\.?)(?:\s+(?:of\s+|de\s+|the\s+)?[A-ZÁÉÍÓÚÑ][\w’'\-]*)*")
_QUESTION_STARTERS = {"who", "what", "when", "where", "why", "how", "which", "whom", "whose", "is", "are", "was",
                      "were", "do", "does", "did", "can", "could", "will", "would", "should", "has", "have", "had",
                      "and", "but", "so", "the", "a", "an", "tell", "in", "on", "at", "for", "mr", "mrs", "ms"}
_ELLIPTICAL = re.compile(r"^(and|what about|how about|why|how|when|where|who else|what else|anything else)\b", re.I)


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
        name = m.group(0).strip(" .’'")
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
    resolving pronouns against the names of the previous turns."""

    def __init__(self, max_turns: int = 3) -> None:
        self.max_turns = max_turns

    def __call__(self, question: str, history: list[Turn]) -> str:
        question = " ".join(question.split())
        if not history:
            return question
        recent = history[-self.max_turns:]
        names = []
        for turn in reversed(recent):
            for name in entities(turn.question) + entities(turn.answer):
                if name not in names and name.lower() not in question.lower():
                    names.append(name)
        if not names:
            return question
        person = next((n for n in names if len(n.split()) >= 2), names[0])
        thing = names[0]
        words = question.split(" ")
        replaced = False
        for i, w in enumerate(words):
            core = re.sub(r"[^\w’']", "", w)
            low = core.lower()
            if low in _PERSON_PRONOUNS or low in {"it", "its", "they", "them", "their"}:
                target = person if low in _PERSON_PRONOUNS else thing
                role = _PERSON_PRONOUNS.get(low) or _THING_PRONOUNS[low]
                if role == "poss_or_obj":
                    nxt = words[i + 1] if i + 1 < len(words) else ""
                    role = "poss" if nxt and nxt[0].isalpha() and nxt.lower() not in {"to", "in", "on", "about", "and", "for", "with", "at", "by"} else "obj"
                rep = f"{target}’s" if role == "poss" and not target.endswith("s") else (f"{target}’" if role == "poss" else target)
                words[i] = w.replace(core, rep, 1)
                replaced = True
                break
        if replaced:
            return " ".join(words)
        if len(question.split()) <= 4 or _ELLIPTICAL.match(question):
            topic = recent[-1].question.rstrip("?. ")
            return f"{question.rstrip('?')} ({topic})?" if question.endswith("?") else f"{question} ({topic})"
        return question
