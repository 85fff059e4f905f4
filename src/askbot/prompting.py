"""The model's prompts (rendered from the package's prompt files) and the reading of its reply."""

from __future__ import annotations

import re

from . import prompts
from .chunking import Span, sentences
from .generation import Generator, Prompt
from .index import ArticleIndex
from .settings import Settings
from .text import CITATION_MARK, YES_NO_HEAD, is_yes_no, shorten
from .types import Hit, Turn

REFUSAL_MARKER = "NOT IN ARTICLE"
LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}
PROMPT_LABELS = {"video": "Video", "caption": "Photo caption", "credit": "Photo credit (the photographer)",
                 "contributors": "Reporters"}
_REFUSAL = re.compile(
    r"not in (the )?article|article does(n't| not) (say|mention|answer|state|specify)|"
    r"(is|are) not (mentioned|stated|specified|provided)|no (information|mention)|"
    r"does not (say|mention|provide|specify)|cannot be (answered|determined)|"
    r"el artículo no (lo )?(dice|menciona)",
    re.I,
)
_FILLER = re.compile(r"^\s*(?:(?:according to|based on|as (?:stated|mentioned|said) in|from) (?:the )?(?:article|passage|text)"
                     r"(?: provided| given| above)?|the (?:article|passage|text) (?:states|says|mentions|notes|reports)"
                     r"(?: that)?)\s*[,:]?\s*", re.I)


class Prompter:
    """Builds the prompts for one article. An article short enough sits whole in the prompt's
    cacheable prefix; a longer one is represented by the retrieved passages."""

    def __init__(self, index: ArticleIndex, generator: Generator | None, settings: Settings) -> None:
        self.index = index
        self.generator = generator
        self.settings = settings
        self._whole: bool | None = None

    def whole_article(self) -> bool:
        if self._whole is None:
            n = self.generator.count_tokens(self.index.article.text) if self.generator else 0
            self._whole = n <= self.settings.max_prefix_tokens
        return self._whole

    def article(self) -> str:
        """The article as the model reads it: page furniture (captions, credits) labelled as such,
        and what no chunk holds (text planted for an AI assistant) left out."""
        text = self.index.article.text
        out, pos = [], 0
        for c in self.index.chunks:
            gap = text[pos:c.start]
            out.append(gap if not gap.strip() else "\n\n")
            label = PROMPT_LABELS.get(c.kind)
            out += [f"[{label}] " if label else "", c.text]
            pos = c.end
        return "".join(out).strip()

    def numbered(self) -> tuple[str, list[Span]]:
        """The article as numbered sentences ("[3] …", one per line; page furniture labelled), and
        the span of each: sentence k is ``spans[k - 1]`` (benchmarks/attribution.py asks the model
        for the number of the sentence that answers)."""
        text, lines, spans = self.index.article.text, [], []
        for c in self.index.chunks:
            label = PROMPT_LABELS.get(c.kind)
            for sp in sentences(text, c.start, c.end):
                spans.append(sp)
                lines.append(f"[{len(spans)}] " + (f"[{label}] " if label else "") + " ".join(text[sp.start:sp.end].split()))
        return "\n".join(lines), spans

    def answer(self, question: str, hits: list[Hit], turns: list[Turn] | tuple = (), intent: str | None = None) -> Prompt:
        """The answer prompt, for a question in the article's language (the answer is translated
        for the reader after). A follow-up comes with the last answered turns; a request for a
        summary or a yes-or-no question with a note on the reply's form; an article not in English
        with a note to reply in its language (the instructions are in English)."""
        kind = "summary" if intent == "summary" else "yes_no" if is_yes_no(question) else None
        note = f"\n({prompts.render(f'{kind}_note').strip()})" if kind else ""
        language = self.index.article.language
        if language != "en":
            note += f"\n({prompts.render('language_note', language=LANGUAGE_NAMES[language]).strip()})"
        system = prompts.render("answer_system")
        conversation = self._conversation(list(turns))
        if self.whole_article():
            return Prompt(system, prompts.render("answer_article", article=self.article()),
                          prompts.render("answer_question", question=question, language_note=note,
                                         hint=self._hint(hits), conversation=conversation), refusal=REFUSAL_MARKER)
        passages = "\n\n".join(h.chunk.text for h in sorted(hits, key=lambda h: h.chunk.start))
        return Prompt(system, "", prompts.render("answer_passages", passages=passages, question=question,
                                                 language_note=note, conversation=conversation),
                      refusal=REFUSAL_MARKER)

    def translation(self, text: str, target: str, source: str = "en", question: bool = False) -> Prompt:
        """A prompt to translate ``text``; a reader's ``question`` is to be translated, not answered
        (a small model answers it otherwise)."""
        name = "translate_question" if question else "translate_system"
        return Prompt(prompts.render(name, source=LANGUAGE_NAMES[source], target=LANGUAGE_NAMES[target]), "", text)

    def _conversation(self, turns: list[Turn]) -> str:
        # turns the article did not answer are left out: a small model copies "doesn't say" onwards
        answered = [t for t in turns if t.answer.strip() and not is_refusal(t.answer)]
        recent = answered[-self.settings.history_turns:] if self.settings.history_turns > 0 else []
        if not recent:
            return ""
        lines = ["Conversation so far:"]
        for t in recent:
            lines += [f"Reader: {shorten(t.question, 240)}", f"You: {shorten(CITATION_MARK.sub('', t.answer), 240)}"]
        return "\n".join(lines) + "\n"

    def _hint(self, hits: list[Hit]) -> str:
        """The best retrieved passages, repeated next to the question (``Settings.hint_passages``)."""
        n = self.settings.hint_passages
        if n <= 0 or not hits:
            return ""
        chosen = sorted(hits[:n], key=lambda h: h.chunk.start)
        return "Most relevant part of the article:\n" + "\n".join(h.chunk.text for h in chosen) + "\n"


def is_refusal(text: str) -> bool:
    return bool(_REFUSAL.search(text[:200]))


_BULLET = re.compile(r"^(?:[-*•]|\d{1,2}[.)])\s+")


def _unlist(reply: str) -> str:
    """A reply written as a list ("The main points are:\n- A\n- B") as plain sentences ("A. B."):
    the line introducing the list says nothing of its own and goes."""
    lines = [line.strip() for line in reply.splitlines() if line.strip()]
    if len(lines) < 2 or not any(_BULLET.match(line) for line in lines):
        return reply
    items = [_BULLET.sub("", line) for line in lines if not line.endswith(":")]
    return " ".join(item if item[-1] in ".!?…\"”" else f"{item}." for item in items if item)


_SPACED_INITIALS = re.compile(r"\b(?:[A-Z]\. )+[A-Z]\.")
_SPACED_THOUSANDS = re.compile(r"\b\d{1,3}(?:, \d{3})+(?!\d)")


def _unspaced(initials: str, article: str) -> str:
    joined = initials.replace(". ", ".")
    return joined if joined in article else initials


def unspaced(text: str, source: str) -> str:
    """``text`` with the initials and numbers the model spaced ("the U. S.", "1, 300, 000") written
    as ``source`` writes them ("the U.S.", "1,300,000"), when it does."""
    def joined(m: re.Match) -> str:
        number = m.group(0).replace(", ", ",")
        return number if re.search(rf"(?<![\d,]){re.escape(number)}(?!,?\d)", source) else m.group(0)
    return _SPACED_THOUSANDS.sub(joined, _SPACED_INITIALS.sub(lambda m: _unspaced(m.group(0), source), text))


def tidy(reply: str, article: str = "") -> str:
    """The model's reply without filler ("According to the article, …", "No\nThe article states
    that …") or list marks, capitalised; a Yes or No on a line of its own joins its sentence ("No. …");
    initials and numbers the model spaced ("the U. S.", "1, 300, 000") written as ``article`` writes them
    ("the U.S.", "1,300,000")."""
    reply = unspaced(_unlist(reply.strip()), article)
    head = YES_NO_HEAD.match(reply)
    if head and reply[head.end():]:
        rest = _FILLER.sub("", reply[head.end():])
        if head.group(2) == ",":
            return f"{head.group(1).capitalize()}, {rest}"
        return f"{head.group(1).capitalize()}. {rest[:1].upper()}{rest[1:]}"
    reply = _FILLER.sub("", reply)
    return reply[:1].upper() + reply[1:] if reply else reply
