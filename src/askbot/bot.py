"""The Python API: ``Bot.from_article(...)`` then ``bot.ask(question, history)``."""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import re
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import Iterable, Iterator

from . import prompts
from .article import Article, load_article
from .chunking import Chunker
from .conversation import QueryRewriter, expand_ellipsis, needs_context, normalize_history
from .embedding import Embedder
from .errors import QuestionError
from .generation import Generator, Prompt, make_generator
from .grounding import QUOTE_PREFIX, Grounder, Swap, _attach, answers_question, asks_speaker, denies, is_refusal
from .index import ArticleIndex, open_index
from .retrieval import Retriever
from .suggestions import main_person
from .settings import BUNDLED_INDEX_DIR, DEFAULT_ARTICLE, Settings
from .text import (CITATION_MARK, STOPWORDS, YES_NO_HEAD, content_words, detect_language, is_yes_no, shorten,
                   unglue, without_instructions)
from .types import Answer, Hit, Turn

log = logging.getLogger(__name__)

PROMPT_LABELS = {"video": "Video", "caption": "Photo caption", "credit": "Photo credit (the photographer)",
                 "contributors": "Reporters"}
LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}
QUOTE_PREFIXES = {"es": "Del artículo: "}
_MARKER_ONLY = re.compile(r"\[\d+\]")
NOT_ANSWERED = {
    "en": "The article doesn't say.",
    "es": "El artículo no lo dice.",
}


class Bot:
    """Answers questions about one article, with citations as character offsets into it."""

    def __init__(self, index: ArticleIndex, embedder: Embedder, generator: Generator | None,
                 settings: Settings | None = None) -> None:
        self.settings = settings or Settings.from_env()
        self.index = index
        self.article: Article = index.article
        self.embedder = embedder
        self.generator = generator
        self.retriever = Retriever(index, embedder, self.settings.top_k, self.settings.rrf_k)
        self.grounder = Grounder(index, embedder, self.settings.min_support, on_topic_floor=self.settings.min_retrieval,
                                 swap_likeness=self.settings.min_swap_likeness)
        self.rewriter = QueryRewriter(topic=main_person(self.article.text), topic_given=False)
        self._article_mode: bool | None = None
        self._answers = AnswerCache(self.settings.answer_cache)

    @classmethod
    def from_article(cls, source: str | Path | Article | None = None, settings: Settings | None = None, *,
                     generator: Generator | None | str = "default", embedder: Embedder | None = None,
                     index_path: Path | None = None, rebuild: bool = True) -> "Bot":
        """A bot for an article given as a path, as text, or (``None``) the default article.
        Its index is loaded from ``settings.index_dir`` (or the committed ``index/``) when current,
        else built and saved in ``settings.index_dir``."""
        settings = settings or Settings.from_env()
        article = source if isinstance(source, Article) else load_article(
            DEFAULT_ARTICLE if source is None else source, max_chars=settings.max_article_chars)
        embedder = embedder or Embedder(settings.embedding_model, settings.device)
        chunker = Chunker(settings.chunk_max_chars, settings.chunk_max_sentences)
        index = open_index(article, settings.index_dir, chunker, embedder, rebuild=rebuild, path=index_path,
                           also_look_in=(BUNDLED_INDEX_DIR,))
        gen = make_generator(settings) if generator == "default" else generator
        return cls(index, embedder, gen, settings)  # type: ignore[arg-type]

    # ---- prompts ------------------------------------------------------------------------------
    def _use_article_prompt(self) -> bool:
        if self._article_mode is None:
            n = self.generator.count_tokens(self.article.text) if self.generator else 0
            self._article_mode = n <= self.settings.max_prefix_tokens
        return self._article_mode

    def prompt_article(self) -> str:
        """The article as the model reads it: page furniture (captions, credits) labelled as such."""
        text = self.article.text
        out, pos = [], 0
        seen_start = -1
        for c in self.index.chunks:
            label = PROMPT_LABELS.get(c.kind)
            if label and c.start > seen_start:
                out.append(text[pos:c.start])
                out.append(f"[{label}] ")
                pos = c.start
                seen_start = c.end
        out.append(text[pos:])
        return "".join(out).strip()

    def prompt(self, query: str, hits: list[Hit], language: str, turns: list[Turn] | None = None) -> Prompt:
        """The model's prompt. A follow-up comes with the last turns of the conversation, so the
        model reads "it" and "he" in context (the search used the rewritten query)."""
        note = "" if language == "en" else f"\n(The question is in {LANGUAGE_NAMES[language]}. Answer in English.)"
        if language == "en" and is_yes_no(query):
            note = f"\n({prompts.render('yes_no_note').strip()})"
        system = prompts.render("answer_system")
        conversation = self._conversation(turns or [])
        if self._use_article_prompt():
            return Prompt(system, prompts.render("answer_article", article=self.prompt_article()),
                          prompts.render("answer_question", question=query, language_note=note, hint=self._hint(hits),
                                         conversation=conversation),
                          refusal=REFUSAL_MARKER)
        passages = "\n\n".join(h.chunk.text for h in sorted(hits, key=lambda h: h.chunk.start))
        return Prompt(system, "", prompts.render("answer_passages", passages=passages, question=query, language_note=note,
                                                 conversation=conversation),
                      refusal=REFUSAL_MARKER)

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
        """The best retrieved passages, repeated next to the question: a small model reading a long
        article answers better when told where to look."""
        n = self.settings.hint_passages
        if n <= 0 or not hits:
            return ""
        chosen = sorted(hits[:n], key=lambda h: h.chunk.start)
        return "Most relevant part of the article:\n" + "\n".join(h.chunk.text for h in chosen) + "\n"

    def warm_up(self) -> None:
        """Load the models and prefill the article's prompt, so the first question is fast."""
        self.embedder.warm_up()
        _ = self.grounder.vectors
        if self.generator is not None:
            self.generator.warm_up()
            if self._use_article_prompt() and hasattr(self.generator, "prefill"):
                self.generator.prefill(self.prompt("", [], "en"))

    # ---- asking -------------------------------------------------------------------------------
    def _check(self, question: str) -> str:
        if not isinstance(question, str) or not question.strip():
            raise QuestionError("The question is empty. Type a question about the article.")
        q = unglue(" ".join(question.split()))
        # instructions to the assistant around a question are no part of it; a question that is
        # nothing else goes to the model as asked, which reads it as data and refuses
        q = without_instructions(q) or q
        if len(q) > self.settings.max_question_chars:
            raise QuestionError(
                f"The question has {len(q):,} characters; the limit is {self.settings.max_question_chars:,}. "
                "Ask something shorter."
            )
        return q

    def ask(self, question: str, history: Iterable | None = None) -> Answer:
        answer = None
        for item in self.ask_stream(question, history):
            if isinstance(item, Answer):
                answer = item
        assert answer is not None
        return answer

    def ask_stream(self, question: str, history: Iterable | None = None) -> Iterator[str | Answer]:
        """Yield the answer's text as it is generated, then the final ``Answer`` (whose text, with
        its citation markers, replaces what was streamed).

        A question in another language is answered in English first, so that the answer can be
        grounded in the (English) article, then translated; the citations carry over.

        Answers are deterministic, so they are kept (``Settings.answer_cache``): many readers asking
        the same question at once wait for one answer instead of queueing for the model each."""
        t0 = time.perf_counter()
        q = self._check(question)
        turns = normalize_history(history)
        key = (q.lower(), tuple((t.question, t.answer) for t in turns[-6:]))
        with self._answers.flight(key):
            cached = self._answers.get(key)
            if cached is not None:
                took = round(time.perf_counter() - t0, 4)
                yield cached.text
                yield dataclasses.replace(cached, timings={"cached": 1, "ttft_s": took, "total_s": took})
                return
            for item in self._answer(q, turns, t0):
                if isinstance(item, Answer):
                    self._answers.put(key, item)
                yield item

    def _answer(self, q: str, turns: list[Turn], t0: float) -> Iterator[str | Answer]:
        language = detect_language(q)
        english = language == "en"
        query = self.rewriter(q, turns)
        t_rewrite = time.perf_counter()
        qvec = self.embedder([query])[0]
        hits = self.retriever(query, query_vector=qvec)
        t_retrieve = time.perf_counter()
        evidence = self.grounder.relevance(query, hits, qvec)
        timings = {"rewrite_s": t_rewrite - t0, "retrieve_s": t_retrieve - t_rewrite, "evidence": evidence}
        relay = _Relay(t0)

        # English embeddings cannot judge a Spanish question, so only English questions are gated here.
        # A follow-up that leans on the conversation ("is there a church there?") is not judged by
        # retrieval, whose words may not be in the article: the model, reading the conversation,
        # decides. A vague one ("what color was it?", "why?") is allowed more doubt
        followup = bool(turns) and needs_context(q)
        vague = followup and len(content_words(q)) <= 2
        # a question about a name or number the article never mentions ("orbit around Saturn") is not
        # answered by it, however close the rest comes; a yes-or-no one may be testing that very name
        unmentioned = self.grounder.unmentioned(q) if english and not is_yes_no(q) else []
        if unmentioned:
            timings["unmentioned"] = len(unmentioned)
        # nor is one whose premise negates the passages it is about ("non-Arab" where they say "Arab")
        opposed = self.grounder.opposed(q, hits) if english and not is_yes_no(q) and not unmentioned else []
        if opposed:
            timings["opposed"] = len(opposed)
        if not hits or unmentioned or opposed or (english and not followup and evidence < self.settings.min_retrieval):
            raw = None
        elif self.generator is None:
            raw = ""
        else:
            context = turns if followup else []  # the conversation, for a follow-up leaning on it
            doubt = self.settings.max_followup_refusal_p if vague else self.settings.max_refusal_p

            def unsure() -> bool:
                """The model's own doubt: the probability it gave to replying NOT IN ARTICLE
                (calibrated on SQuAD 2.0), unless the article matches the question very closely."""
                p = getattr(self.generator, "last_refusal_p", None)
                return (p is not None and p >= doubt
                        and not (english and evidence >= self.settings.strong_evidence))

            # the model reads a follow-up as asked, with the conversation; a fragment ("To its
            # northwest?") said in full, as it continues the last question
            asked = expand_ellipsis(q, turns) if context else query
            stream = self.generator.stream(self.prompt(asked, hits, language, context), self.settings.max_new_tokens)
            yield from relay.pipe(stream, show=english, veto=unsure)
            raw = tidy("".join(relay.pieces))
            log.debug("model reply: %r", raw)
            refusal_p = getattr(self.generator, "last_refusal_p", None)
            if refusal_p is not None:
                timings["refusal_p"] = refusal_p
            if relay.vetoed or not raw or is_refusal(raw) or raw.endswith("?"):  # a question back is no answer
                raw = None
            elif english and not is_yes_no(q) and not answers_question(q, raw):  # the question said back, no why
                timings["non_answer"], raw = 1, None
        t_gen = time.perf_counter()

        text, citations = NOT_ANSWERED.get(language, NOT_ANSWERED["en"]), ()
        if unmentioned:
            text = f"{text[:-1]}: it never mentions {_names(unmentioned)}."
        elif opposed:
            text = _speaks_of(text, [a for _, a in opposed], [w for w, _ in opposed])
        answerable = False
        if raw is not None:
            # whether the answer is on the question's topic is judged from the question's words, which
            # a follow-up leaning on the conversation ("what else did he do?") does not have
            grounded = (self.grounder.ground(raw, query if english and not followup else "", hits, qvec,
                                             polarity=not is_yes_no(q), question=q if english else "") if raw
                        else self.grounder.quote(query, hits))
            # a question whose premise is not what its evidence says is not answered by it: one asking
            # what did not happen ("Who did she not work for?") of sentences negating nothing ("She
            # worked for Swedex"), or one whose word (repeated by the answer or not) the evidence says
            # otherwise ("the failure of a pathogen" of "the success of any pathogen")
            denied = (english and not followup and not is_yes_no(q)
                      and denies(q, [c.text for c in grounded.citations]))
            swapped = [] if is_yes_no(q) or denied else [sw for sw in grounded.swaps if sw.names or self._differ(sw)]
            if denied:
                timings["denied"] = 1
            elif swapped:
                timings["swapped"] = len(swapped)
                text = _speaks_of(text, [sw.said for sw in swapped], [sw.asked for sw in swapped])
            elif grounded.citations and (not grounded.quoted or not english
                                         or evidence >= self.settings.min_quote_evidence):
                answerable, text, citations = True, grounded.text, grounded.citations
                if english and not grounded.quoted and asks_speaker(q):
                    text = _name_speaker(text, self.grounder.speaker(citations))
        if answerable and not english:
            if text.startswith(QUOTE_PREFIX):
                text = QUOTE_PREFIXES.get(language, QUOTE_PREFIX) + text[len(QUOTE_PREFIX):]
            elif self.generator is not None:
                plain = CITATION_MARK.sub("", text)
                yield from relay.pipe(self.generator.stream(self.translation_prompt(plain, language),
                                                            2 * self.settings.max_new_tokens), hold_refusals=False)
                text = _reattach("".join(relay.pieces).strip(), text)
        if relay.ttft is None:
            relay.ttft = time.perf_counter() - t0
            yield text
        t_end = time.perf_counter()
        timings.update({"generate_s": t_gen - t_retrieve, "ground_s": t_end - t_gen, "ttft_s": relay.ttft,
                        "total_s": t_end - t0})
        yield Answer(text=text, citations=citations, answerable=answerable, search_query=query,
                     timings={k: round(v, 4) for k, v in timings.items()}, language=language)

    def swap_p(self, swap: Swap) -> float | None:
        """How surely the model says the question's word is no synonym of the one its evidence says
        ("failure" for "success": high; "needed" for "required": low). It is asked apart from the
        article, which makes the model judge the words better (the article's cached prompt comes back
        from memory for the next question)."""
        if self.generator is None:
            return None
        reply = "".join(self.generator.stream(Prompt(
            prompts.render("synonym_system"), "",
            prompts.render("synonym_question", asked=swap.asked.lower(), said=swap.said.lower()), refusal="No"), 1))
        p = getattr(self.generator, "last_refusal_p", None)
        return p if p is not None else float(reply.strip().lower().startswith("no"))

    def _differ(self, swap: Swap) -> bool:
        p = self.swap_p(swap)
        return p is not None and p >= self.settings.max_swap_p

    def translation_prompt(self, text: str, language: str) -> Prompt:
        return Prompt(prompts.render("translate_system", language=LANGUAGE_NAMES[language]), "", text)


_FILLER = re.compile(r"^\s*(?:(?:according to|based on|as (?:stated|mentioned|said) in|from) (?:the )?(?:article|passage|text)"
                     r"(?: provided| given| above)?|the (?:article|passage|text) (?:states|says|mentions|notes|reports)"
                     r"(?: that)?)\s*[,:]?\s*", re.I)


def tidy(reply: str) -> str:
    """The model's reply without filler ("According to the article, …", "No\nThe article states
    that …"), capitalised; a Yes or No on a line of its own joins its sentence ("No. …")."""
    reply = reply.strip()
    head = YES_NO_HEAD.match(reply)
    if head and reply[head.end():]:
        rest = _FILLER.sub("", reply[head.end():])
        if head.group(2) == ",":
            return f"{head.group(1).capitalize()}, {rest}"
        return f"{head.group(1).capitalize()}. {rest[:1].upper()}{rest[1:]}"
    reply = _FILLER.sub("", reply)
    return reply[:1].upper() + reply[1:] if reply else reply


REFUSAL_MARKER = "NOT IN ARTICLE"


class AnswerCache:
    """The last ``size`` answers by (question, history), and a lock per question in flight (striped),
    so that the same question asked at once is answered once."""

    def __init__(self, size: int, stripes: int = 64) -> None:
        self.size = size
        self._items: OrderedDict[tuple, Answer] = OrderedDict()
        self._lock = threading.Lock()
        self._stripes = [threading.Lock() for _ in range(stripes)]

    def flight(self, key: tuple):
        return self._stripes[hash(key) % len(self._stripes)] if self.size > 0 else contextlib.nullcontext()

    def get(self, key: tuple) -> Answer | None:
        with self._lock:
            answer = self._items.get(key)
            if answer is not None:
                self._items.move_to_end(key)
            return answer

    def put(self, key: tuple, answer: Answer) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._items[key] = answer
            while len(self._items) > self.size:
                self._items.popitem(last=False)


class _Relay:
    """Passes generated text on as it comes, holding back only what could be the start of the
    refusal marker the prompt asks for."""

    def __init__(self, t0: float) -> None:
        self.t0 = t0
        self.ttft: float | None = None
        self.pieces: list[str] = []
        self.vetoed = False

    def pipe(self, stream: Iterator[str], hold_refusals: bool = True, show: bool = True,
             veto=None) -> Iterator[str]:
        """Relay ``stream``; with ``show=False`` only collect it. ``veto`` is asked once, at the
        first piece: when it says so, generation stops there and nothing is shown."""
        self.pieces = []
        self.vetoed = False
        flowing = not hold_refusals
        for piece in stream:
            if veto is not None and not self.pieces and veto():
                self.vetoed = True
                stream.close()
                return
            self.pieces.append(piece)
            if not show:
                continue
            if flowing:
                yield from self._emit(piece)
                continue
            so_far = "".join(self.pieces).lstrip()
            if so_far and not REFUSAL_MARKER.startswith(so_far.upper()[: len(REFUSAL_MARKER)]):
                flowing = True
                yield from self._emit(so_far)
        so_far = "".join(self.pieces).strip()
        if show and not flowing and so_far and not is_refusal(so_far):
            yield from self._emit(so_far)

    def _emit(self, text: str) -> Iterator[str]:
        if text and self.ttft is None:
            self.ttft = time.perf_counter() - self.t0
        if text:
            yield text


def _names(names: list[str]) -> str:
    """'“Mars”', '“Mars” or “Saturn”'."""
    quoted = [f"“{n}”" for n in dict.fromkeys(names)]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + f" or {quoted[-1]}"


def _name_speaker(answer: str, who: str | None) -> str:
    """An answer to "who said …?" that restates what was said without who said it ("The Dalai Lama
    scrapped his trip …") names the speaker its cited sentence gives ("…, his spokesman said."):
    "His spokesman said it: the Dalai Lama scrapped his trip … [1]"."""
    if not who or set(content_words(who)) & set(content_words(answer)):
        return answer
    first = answer.split(" ", 1)[0]
    said = answer[:1].lower() + answer[1:] if first.lower() in STOPWORDS else answer
    return f"{who[:1].upper()}{who[1:]} said it: {said}"


def _speaks_of(refusal: str, said: list[str], asked: list[str]) -> str:
    """'The article doesn't say: it speaks of “success”, not “failure”.'"""
    return f"{refusal[:-1]}: it speaks of {_names(said)}, not {_names(asked)}."


def _reattach(translation: str, marked: str) -> str:
    """Put the citation markers of ``marked`` on the sentences of its translation."""
    src = [m for m in re.split(r"(?<=[.!?])\s+", marked) if m]
    marks = ["".join(_MARKER_ONLY.findall(s)) for s in src]
    out = [s for s in re.split(r"(?<=[.!?])\s+", translation) if s]
    if len(out) != len(src):
        out, marks = [translation], ["".join(dict.fromkeys(_MARKER_ONLY.findall(marked)))]
    return " ".join(_attach(s, m) if m else s for s, m in zip(out, marks))
