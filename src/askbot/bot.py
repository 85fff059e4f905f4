"""The Python API: ``Bot.from_article(...)`` then ``bot.ask(question, history)``.

The answer path runs as stages: read → search (rewrite, retrieve) → question checks → generate
(doubt checks at the first token) → reply checks → cite → answer checks → translate. ``Bot`` holds
the sequence; each stage is a small method or module, each check a module of ``askbot.checks``."""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import re
import threading
import time
import unicodedata
from collections import OrderedDict
from pathlib import Path
from typing import Generator as Gen
from typing import Iterable, Iterator

from .article import Article, load_article
from .checks import Checks, Draft, Observation, Tools
from .checks.doubt import stated
from .chunking import Chunker, sentences
from .citing import QUOTE_PREFIX, Cited, Citer
from .conversation import QueryRewriter, expand_ellipsis, lower_case_words, needs_context, normalize_history
from .embedding import Embedder
from .errors import AskbotError, QuestionError
from .evidence import ArticleEvidence
from .generation import Generator, make_generator
from .holder import restore_holders
from .index import ArticleIndex, open_index
from .intent import CONTENT, FURNITURE, METADATA, Intents
from .metadata import read_metadata
from .prompting import Prompter, is_refusal, tidy, unspaced
from .render import CLOSING, UNTRANSLATED, render_sentences
from .retrieval import Retriever
from .settings import BUNDLED_INDEX_DIR, DEFAULT_ARTICLE, Settings
from .speaker import name_speaker
from .suggestions import main_person
from .verdict import agreeing
from . import language
from .language import detect_language, get as get_language
from .text import CITATION_MARK, is_yes_no, paired, unglue, without_instructions
from .types import Answer, Citation, Hit, Refusal, Sentence, Turn
from .vocabulary import Vocabulary

log = logging.getLogger(__name__)
# what the article says of itself, said in its language
ABOUT = {"en": {"author": "The article is by {}.", "date": "The article is dated {}.", "place": "The article is datelined {}."},
         "es": {"author": "El artículo es de {}.", "date": "El artículo está fechado el {}.",
                "place": "El artículo está fechado en {}."}}
_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-Z\\-_]")


class Bot:
    """Answers questions about one article, with citations as character offsets into it."""

    def __init__(self, index: ArticleIndex, embedder: Embedder, generator: Generator | None,
                 settings: Settings | None = None) -> None:
        self.settings = s = settings or Settings.from_env()
        self.index = index
        self.article: Article = index.article
        self.language = self.article.language  # the search, the model and the citations work in it
        self.embedder = embedder
        self.generator = generator
        self.retriever = Retriever(index, embedder, s.top_k, s.rrf_k)
        self.evidence = ArticleEvidence(index, embedder)
        self.vocabulary = Vocabulary(self.article.text)
        self.citer = Citer(self.evidence, self.vocabulary, s.min_support)
        self.prompter = Prompter(index, generator, s)
        self.checks = Checks(Tools(self.vocabulary, s, self.evidence), s.disabled)
        self.intents = Intents(embedder, s.min_intent_similarity, s.cache_dir)
        self.metadata = read_metadata(self.article.text)
        self.rewriter = QueryRewriter(topic=main_person(self.article.text), topic_given=False,
                                      lower=lower_case_words(self.article.text))
        self._answers = AnswerCache(s.answer_cache)

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

    def warm_up(self) -> None:
        """Load the models and prefill (or restore) the article's prompt, so the first question is
        fast. The language model loads beside the embedder: they need different resources."""
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(1) as pool:
            model = pool.submit(self._warm_generator) if self.generator is not None else None
            self.embedder.warm_up()
            language.warm_up()
            self.intents.warm_up()
            if model is not None:
                model.result()

    def _warm_generator(self) -> None:
        self.generator.warm_up()
        if self.prompter.whole_article():
            self.generator.prefill(self.prompter.answer("", []))

    # ---- asking -------------------------------------------------------------------------------
    def ask(self, question: str, history: Iterable | None = None) -> Answer:
        answer = None
        for item in self.ask_stream(question, history):
            if isinstance(item, Answer):
                answer = item
        assert answer is not None
        return answer

    def ask_stream(self, question: str, history: Iterable | None = None,
                   observe: Observation | None = None) -> Iterator[str | Answer]:
        """Yield the answer's text as it is verified, sentence by sentence with its citation
        markers, then the final ``Answer``, whose text begins with everything yielded (nothing
        shown is taken back). ``observe`` (for evaluation) runs every check and every
        stage, records what each check said, and bypasses the answer cache.

        Answers are deterministic, so they are kept (``Settings.answer_cache``): many readers asking
        the same question at once wait for one answer instead of queueing for the model each."""
        t0 = time.perf_counter()
        q = self.clean(question)
        turns = normalize_history(history)
        if observe is not None:
            yield from self._run(q, turns, t0, observe)
            return
        key = (q.lower(), tuple((t.question, t.answer) for t in turns[-6:]))
        with self._answers.flight(key):
            cached = self._answers.get(key)
            if cached is not None:
                took = round(time.perf_counter() - t0, 4)
                yield cached.text
                yield dataclasses.replace(cached, timings={"cached": 1, "ttft_s": took, "total_s": took})
                return
            for item in self._run(q, turns, t0, None):
                if isinstance(item, Answer):
                    self._answers.put(key, item)
                yield item

    def clean(self, question: str) -> str:
        """The question as the stages read it: one line, without control characters, escape
        sequences or instructions to the assistant (a question that is nothing else stays, to be
        refused as no question). Empty and over-long questions are errors."""
        if not isinstance(question, str) or not question.strip():
            raise QuestionError("The question is empty. Type a question about the article.")
        if len(question) > 4 * self.settings.max_question_chars:
            raise QuestionError(f"The question has {len(question):,} characters; the limit is "
                                f"{self.settings.max_question_chars:,}. Ask something shorter.")
        q = _ANSI.sub(" ", question)
        q = "".join(" " if unicodedata.category(ch) in {"Cc", "Cs", "Co"} else ch for ch in q)
        q = unglue(" ".join(q.split()))
        if not q:
            raise QuestionError("The question is empty. Type a question about the article.")
        if len(q) > self.settings.max_question_chars:
            raise QuestionError(f"The question has {len(q):,} characters; the limit is "
                                f"{self.settings.max_question_chars:,}. Ask something shorter.")
        return without_instructions(q) or "".join(ch for ch in q if not ch.isalnum()) or "?"

    def _run(self, q: str, turns: list[Turn], t0: float, observe: Observation | None) -> Iterator[str | Answer]:
        """The stages, in order. The first check to refuse decides; observing, all run. Only
        verified text is yielded, and the final ``Answer``'s text begins with all of it."""
        clock, out = _Clock(t0), _Emitter(t0)
        draft = self.read(q, turns)
        refusal = self.checks.run("read", draft, observe)
        if refusal is None:
            draft = self.search(draft)
            clock.lap("retrieve_s")
            refusal = self.checks.run("question", draft, observe)
            draft = self.about(draft) if refusal is None else draft
            if draft.cited is not None:
                pass  # answered from the article's own byline, date or dateline
            elif self.generator is not None and (refusal is None or observe is not None):
                draft, refusal = yield from self.respond(draft, refusal, out, observe)
            else:
                draft = self.cite(draft)
                refusal = refusal or self.checks.run("answer", draft, observe)
            if refusal is not None and draft.intent in METADATA and refusal.code != "invalid_question":
                refusal = Refusal(f"no_{draft.intent}", "about")  # it asked for what the article lacks
            clock.lap("answer_s")
        if observe is not None and draft.cited is not None and draft.cited.sentences:
            observe.unrefused = self.finish(draft, None, {})
        answer = self.finish(draft, refusal, {"evidence": draft.evidence, "refusal_p": draft.refusal_p})
        if answer.answerable and answer.language != self.language:
            answer = yield from self.translate(answer, out)
        yield from out.emit(answer.text)
        yield dataclasses.replace(answer, timings=clock.done(ttft_s=out.ttft, **answer.timings))

    # ---- the stages ---------------------------------------------------------------------------
    def read(self, q: str, turns: list[Turn]) -> Draft:
        return Draft(q, detect_language(q), tuple(turns), followup=bool(turns) and needs_context(q))

    def in_article_language(self, draft: Draft) -> str:
        """The question in the article's language, for the search and the model: a question in
        another language is translated first (it stays as asked when that fails)."""
        if draft.language == self.language or self.generator is None:
            return draft.question
        try:
            text = self.generator.stream(self.prompter.translation(draft.question, self.language, draft.language,
                                                                   question=True),
                                         self.settings.max_new_tokens).text().strip()
        except AskbotError as exc:
            log.warning("translating the question failed: %s", exc)
            return draft.question
        return " ".join(text.split()) or draft.question

    def search(self, draft: Draft) -> Draft:
        """Rewrite a follow-up into a self-contained query (in the article's language), retrieve, and
        weigh the evidence. A question translated into English is a follow-up also when its
        translation leans on the conversation ("¿Y qué hizo él después?": "And what did he do next?")."""
        question = self.in_article_language(draft)
        followup = draft.followup or (question != draft.question and self.language == "en" and bool(draft.turns)
                                      and needs_context(question))
        query = self.rewriter(question, list(draft.turns))
        vector = self.embedder([query])[0]
        reads = self.language if question != draft.question else draft.language  # the checks read the translation
        # told by meaning against English examples, of the question in English (as searched, or as
        # asked): MiniLM places any two Spanish questions close ("¿A cuánto subió la tasa?" by "¿Hay
        # algo más interesante?"), so a question with no English form asks of the content
        if reads == "en":
            intent = self.intents(vector)
        else:
            intent = self.intents(self.embedder([draft.question])[0]) if draft.language == "en" else CONTENT
        if intent == "summary":  # a summary rests on the lead and the most central sentences
            ids = dict.fromkeys(self.evidence.sentences[i].chunk_id for i in self.evidence.central())
            hits = tuple(Hit(self.index.chunks[c], 1.0, 1.0, 0.0) for c in ids)
        else:
            hits = tuple(self.retriever(query, query_vector=vector))
        return dataclasses.replace(draft, question=question, query=query, query_vector=vector, hits=hits,
                                   evidence=self.evidence.relevance(query, list(hits), vector), intent=intent,
                                   reads=reads, followup=followup,
                                   asked=draft.question if question != draft.question else "")

    def about(self, draft: Draft) -> Draft:
        """A question about who wrote the article, its date or its dateline, answered from the
        article's own byline, contributors line, date or dateline, cited; one that asks for
        something else of interest, with the most central sentence the conversation has not said, and
        one that asks to be told more, with the unsaid sentence that follows the last answer's.
        Left to the usual path when the article lacks them, or when one of its sentences answers
        the question closely ("Who wrote the novel?" of an article about a novel)."""
        meta = self.metadata
        said = ABOUT.get(self.language, ABOUT["en"])
        spans = {"author": [(meta.who, said["author"]), (meta.contributors, "{}")],
                 "date": [(meta.date, said["date"])],
                 "place": [(meta.place, said["place"])]}.get(draft.intent, [])
        if draft.intent in ("more", "elaborate"):
            said = " ".join(t.answer for t in draft.turns)
            after = self._last_said(draft) if draft.intent == "elaborate" else None
            spans = [(self.evidence.sentences[i].span, "{}") for i in self.evidence.unsaid(said, after=after)]
        found = [(sp, template) for sp, template in spans if sp is not None]
        if not found or draft.evidence >= self.settings.strong_evidence:
            return draft
        text, chunks = self.article.text, self.index.chunks
        citations = tuple(Citation(n, next(c.id for c in chunks if c.start <= sp.start < c.end), sp.start, sp.end,
                                   text[sp.start:sp.end]) for n, (sp, _) in enumerate(found, 1))
        sentences_ = tuple(Sentence(template.format(paired(c.text)), (c.n,))
                           for c, (_, template) in zip(citations, found))
        return dataclasses.replace(draft, cited=Cited(sentences_, citations, ()))

    def _last_said(self, draft: Draft):
        """The vector of the conversation's last answer (its question when the article did not answer
        it): what a reader asking to be told more wants more of."""
        if not draft.turns:
            return None
        last = draft.turns[-1]
        return self.embedder([last.question if is_refusal(last.answer) else CITATION_MARK.sub("", last.answer)])[0]

    def respond(self, draft: Draft, refusal: Refusal | None, out: "_Emitter",
                observe: Observation | None) -> Gen[str, None, tuple[Draft, Refusal | None]]:
        """Generate, cite and check the reply sentence by sentence. A follow-up is read with the
        conversation, and a fragment ("To its northwest?") said in full. At the first token the
        doubt checks may stop it. A sentence is shown once it is complete, cited and the checks pass
        on the reply so far; a refusal is decided before anything is shown, and once something is,
        a later sentence that fails is left out with all after it: nothing shown is taken back."""
        context = draft.turns if draft.followup else ()
        asked = expand_ellipsis(draft.question, list(draft.turns)) if context else draft.query
        longer = 2 if draft.intent == "summary" else 1  # a summary takes a few sentences
        most = self.settings.summary_sentences if draft.intent == "summary" else 0
        stream = self.generator.stream(self.prompter.answer(asked, list(draft.hits), context, draft.intent),
                                       longer * self.settings.max_new_tokens)
        show = draft.language == self.language and refusal is None
        pieces: list[str] = []
        shown: Draft | None = None  # the reply so far whose sentences are shown
        frozen, complete = False, 0
        for piece in stream:
            if not pieces:
                refusal = refusal or self.checks.run("doubt", dataclasses.replace(draft, refusal_p=stream.refusal_p),
                                                     observe)
                if refusal is not None and observe is None:
                    stream.close()
                    return dataclasses.replace(draft, reply="", refusal_p=stream.refusal_p), refusal
                show = show and refusal is None  # observed on after a refusal: nothing of it is shown
            pieces.append(piece)
            text = tidy("".join(pieces), self.article.text)
            spans = sentences(text)
            if most and len(spans) > most:  # a summary has said enough
                stream.close()
                pieces = [text[:spans[most - 1].end]]
                break
            if frozen or len(spans) - 1 <= complete:
                continue
            complete = len(spans) - 1
            shown, frozen = self._extend(draft, text[:spans[complete - 1].end], shown, observe)
            if show and shown is not None:
                yield from out.emit(render_sentences(shown.cited.sentences))
            if frozen and observe is None:
                stream.close()
                break
        draft = dataclasses.replace(draft, refusal_p=stream.refusal_p)
        reply = "".join(pieces)
        log.debug("model reply: %r%s", reply, " (cut at the token limit)" if stream.cut else "")
        if observe is not None:
            observe.reply = reply
        spans = sentences(reply) if stream.cut else []
        if len(spans) > 1 and not CLOSING.search(reply[spans[-1].start:spans[-1].end].rstrip()):
            reply = reply[:spans[-2].end]  # a sentence the token limit broke off ("… y que") is not said
        if shown is None:  # nothing passed before the end: the whole reply decides, as it is
            final = self.cite(dataclasses.replace(draft, reply=tidy(reply, self.article.text)))
            return final, refusal or self._refusal(final, observe)
        if not frozen:
            shown, _ = self._extend(draft, reply, shown, observe)
        return dataclasses.replace(shown, refusal_p=stream.refusal_p), refusal

    def _extend(self, draft: Draft, reply: str, shown: Draft | None,
                observe: Observation | None) -> tuple[Draft | None, bool]:
        """The reply so far, cited and checked: what may be shown now (``shown`` or more), and
        whether nothing more may be (a later sentence failed)."""
        cited = self.cite(dataclasses.replace(draft, reply=tidy(reply, self.article.text), refusal_p=None))
        passes = bool(cited.cited.sentences) and not cited.cited.quoted and self._refusal(cited, None) is None
        if shown is None:
            if passes and observe is not None:
                self._refusal(cited, observe)  # record what each check said of the reply that decided
            return (cited if passes else None), False
        keeps = cited.cited.sentences[:len(shown.cited.sentences)] == shown.cited.sentences
        return (cited, False) if passes and keeps else (shown, True)

    def _refusal(self, draft: Draft, observe: Observation | None) -> Refusal | None:
        return _first(self.checks.run("reply", draft, observe), self.checks.run("answer", draft, observe))

    def cite(self, draft: Draft) -> Draft:
        """Cite the reply's sentences (or, with no model or no support, quote the article: the
        sentence that best matches the query, a follow-up's as rewritten to stand alone, in the
        article's language). A sentence that dropped whose something was
        ("Hernández was sentenced" of "Hernández, whose brother was sentenced") gets it back, and a
        Yes or No that its own fact contradicts is set to match it."""
        judge = draft.query if draft.text_language == self.language else ""
        cited = self.citer(draft.reply or "", judge, list(draft.hits), draft.query_vector if judge else None,
                           polarity=not is_yes_no(draft.question), furniture=draft.intent in FURNITURE)
        if cited.quoted and (i := stated(draft, self.evidence)) is not None:
            cited = self.citer.quoting(i)  # the sentence that says, denies or hedges what was asked
        if draft.text_language == "en" and not cited.quoted:  # the repairs read English
            # "His brother …" of someone else's brother: other_subject refuses it, saying whose, when it
            # runs; else the sentence says whose, as its evidence does
            pronouns = "other_subject" in self.settings.disabled
            said = agreeing(draft.question, restore_holders(cited.sentences, self.evidence, cited.evidence, pronouns))
            cited = dataclasses.replace(cited, sentences=name_speaker(draft.question, said, self.evidence,
                                                                      cited.evidence))
        return dataclasses.replace(draft, cited=cited)

    def finish(self, draft: Draft, refusal: Refusal | None, timings: dict) -> Answer:
        cited = draft.cited
        if refusal is None and (cited is None or not cited.sentences):
            refusal = Refusal("unsupported", "cite")
        if refusal is not None:  # the article sentences a refusal quotes are cited ("It says: “…” [1]")
            quoted = [e for e in self.evidence.sentences if e.text in refusal.details]
            return Answer((), tuple(e.citation(n) for n, e in enumerate(quoted, 1)), refusal, draft.query, timings,
                          draft.language)
        return Answer(cited.sentences, cited.citations, None, draft.query, timings, draft.language)

    def translate(self, answer: Answer, out: "_Emitter") -> Gen[str, None, Answer]:
        """The answer in the question's language, shown sentence by sentence as it is translated;
        the n-th translated sentence keeps the n-th sentence's citations, and the last takes those
        of all left. What cannot be translated is said so, in that language, with its cited passages.
        A quotation of the article is introduced in the question's language ("Del artículo: …"), not
        in the model's words for it."""
        language, source = answer.language, answer.sentences
        prefix = QUOTE_PREFIX.get(self.language, "")
        opens = bool(source) and bool(prefix) and source[0].text.startswith(prefix)
        if opens:
            source = (Sentence(source[0].text[len(prefix):], source[0].cites),) + source[1:]

        def introduced(text: str) -> str:  # the first translated sentence
            return f"{QUOTE_PREFIX.get(language, QUOTE_PREFIX['en'])}{text}" if opens and not done else text

        done: list[Sentence] = []
        text, failed = "", self.generator is None
        stream = None if failed else self.generator.stream(
            self.prompter.translation(" ".join(s.text for s in source), language, self.language),
            2 * self.settings.max_new_tokens)
        try:
            for piece in stream or ():
                text += piece
                spans = sentences(text)
                while not failed and len(done) < min(len(spans) - 1, len(source) - 1) and not is_refusal(text):
                    said = unspaced(text[spans[len(done)].start:spans[len(done)].end], source[len(done)].text)
                    failed = _invents_numbers(said, source[len(done)].text, language, self.language)
                    if not failed:
                        done.append(Sentence(introduced(said), source[len(done)].cites))
                        yield from out.emit(render_sentences(done))
                if failed:
                    stream.close()
                    break
        except AskbotError as exc:
            log.warning("translation failed: %s", exc)
            failed = True
        spans = [] if failed or is_refusal(text) else sentences(text)
        left = source[len(done):]
        rest = " ".join(s.text for s in left)
        last = unspaced(text[spans[len(done)].start:].strip() if len(spans) > len(done) else "", rest)
        if last and not _invents_numbers(last, rest, language, self.language):
            done.append(Sentence(introduced(last), tuple(dict.fromkeys(n for s in left for n in s.cites))))
        elif left or not done:
            quoted = {n for s in done for n in s.cites}
            done.append(Sentence(UNTRANSLATED.get(language, UNTRANSLATED["es"])))
            done.extend(Sentence(f"“{c.text}”", (c.n,)) for c in answer.citations if c.n not in quoted)
        return dataclasses.replace(answer, sentences=tuple(done))


def _invents_numbers(translation: str, source: str, language: str, source_language: str) -> bool:
    """Whether a translation states a number its source does not ("por tres años" for "to life in
    prison"): a small model's translation may, and a number is a fact."""
    return bool(get_language(language).numbers(translation) - get_language(source_language).numbers(source))


def _first(*refusals: Refusal | None) -> Refusal | None:
    return next((r for r in refusals if r is not None), None)


class _Clock:
    """Stage timings: ``lap`` records the time since the last lap under a name."""

    def __init__(self, t0: float) -> None:
        self.t0 = self.last = t0
        self.laps: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = now - self.last
        self.last = now

    def done(self, **extra: float | None) -> dict:
        out = dict(self.laps, total_s=time.perf_counter() - self.t0, **extra)
        return {k: round(v, 4) for k, v in out.items() if v is not None}


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


class _Emitter:
    """What the reader has been shown: each call passes on only what is new, and notes when the
    first words went out."""

    def __init__(self, t0: float) -> None:
        self.t0 = t0
        self.ttft: float | None = None
        self.shown = ""

    def emit(self, text: str) -> Iterator[str]:
        if not text.startswith(self.shown):  # never happens: shown text is only ever extended
            log.error("refusing to take back shown text %r for %r", self.shown, text)
            return
        new, self.shown = text[len(self.shown):], text
        if new and self.ttft is None:
            self.ttft = time.perf_counter() - self.t0
        if new:
            yield new
