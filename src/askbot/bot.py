"""The Python API: ``Bot.from_article(...)`` then ``bot.ask(question, history)``."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Iterable, Iterator

from . import prompts
from .article import Article, load_article
from .chunking import Chunker
from .conversation import QueryRewriter, normalize_history
from .embedding import Embedder
from .errors import QuestionError
from .generation import Generator, Prompt, make_generator
from .grounding import Grounder, is_refusal
from .index import ArticleIndex, open_index
from .retrieval import Retriever
from .settings import DEFAULT_ARTICLE, Settings
from .text import detect_language
from .types import Answer, Hit

log = logging.getLogger(__name__)

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
        self.grounder = Grounder(index, embedder, self.settings.min_support)
        self.rewriter = QueryRewriter()
        self._article_mode: bool | None = None

    @classmethod
    def from_article(cls, source: str | Path | Article | None = None, settings: Settings | None = None, *,
                     generator: Generator | None | str = "default", embedder: Embedder | None = None,
                     index_path: Path | None = None, rebuild: bool = True) -> "Bot":
        """A bot for an article given as a path, as text, or (``None``) the default article.
        Its index is loaded from ``settings.index_dir`` when current, else built and saved."""
        settings = settings or Settings.from_env()
        article = source if isinstance(source, Article) else load_article(
            DEFAULT_ARTICLE if source is None else source, max_chars=settings.max_article_chars)
        embedder = embedder or Embedder(settings.embedding_model, settings.device)
        chunker = Chunker(settings.chunk_max_chars, settings.chunk_max_sentences)
        index = open_index(article, settings.index_dir, chunker, embedder, rebuild=rebuild, path=index_path)
        gen = make_generator(settings) if generator == "default" else generator
        return cls(index, embedder, gen, settings)  # type: ignore[arg-type]

    # ---- prompts ------------------------------------------------------------------------------
    def _use_article_prompt(self) -> bool:
        if self._article_mode is None:
            n = self.generator.count_tokens(self.article.text) if self.generator else 0
            self._article_mode = n <= self.settings.max_prefix_tokens
        return self._article_mode

    def prompt(self, query: str, hits: list[Hit], language: str) -> Prompt:
        note = "\nAnswer in Spanish." if language == "es" else ""
        system = prompts.render("answer_system")
        if self._use_article_prompt():
            return Prompt(system, prompts.render("answer_article", article=self.article.text.strip()),
                          prompts.render("answer_question", question=query, language_note=note))
        passages = "\n\n".join(h.chunk.text for h in sorted(hits, key=lambda h: h.chunk.start))
        return Prompt(system, "", prompts.render("answer_passages", passages=passages, question=query, language_note=note))

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
        q = " ".join(question.split())
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
        its citation markers, replaces what was streamed)."""
        t0 = time.perf_counter()
        q = self._check(question)
        turns = normalize_history(history)
        language = detect_language(q)
        query = self.rewriter(q, turns)
        t_rewrite = time.perf_counter()
        qvec = self.embedder([query])[0]
        hits = self.retriever(query, query_vector=qvec)
        t_retrieve = time.perf_counter()
        timings = {"rewrite_s": t_rewrite - t0, "retrieve_s": t_retrieve - t_rewrite}
        evidence = self.grounder.relevance(query, hits, qvec)
        timings["evidence"] = evidence
        ttft = None

        if not hits or evidence < self.settings.min_retrieval:
            refused, raw = True, ""
        elif self.generator is None:
            refused, raw = False, ""
        else:
            pieces: list[str] = []
            streaming = False
            for piece in self.generator.stream(self.prompt(query, hits, language), self.settings.max_new_tokens):
                pieces.append(piece)
                if streaming:
                    yield piece
                    continue
                so_far = "".join(pieces)
                if len(so_far) >= 24 and not is_refusal(so_far) and not so_far.lstrip().upper().startswith("NOT"):
                    streaming = True
                    ttft = time.perf_counter() - t0
                    yield so_far.lstrip()
            raw = "".join(pieces).strip()
            refused = not raw or is_refusal(raw)
            if not streaming and not refused:
                ttft = time.perf_counter() - t0
                yield raw
        t_gen = time.perf_counter()

        if refused:
            text, citations, answerable = NOT_ANSWERED.get(language, NOT_ANSWERED["en"]), (), False
        else:
            grounded = self.grounder.ground(raw, query, hits) if raw else self.grounder.quote(query, hits)
            answerable = bool(grounded.citations) and (not grounded.quoted or evidence >= self.settings.min_quote_evidence)
            if answerable:
                text, citations = grounded.text, grounded.citations
            else:
                text, citations = NOT_ANSWERED.get(language, NOT_ANSWERED["en"]), ()
        if ttft is None:
            ttft = time.perf_counter() - t0
            yield text
        t_end = time.perf_counter()
        timings.update({"generate_s": t_gen - t_retrieve, "ground_s": t_end - t_gen, "ttft_s": ttft,
                        "total_s": t_end - t0})
        yield Answer(text=text, citations=citations, answerable=answerable, search_query=query,
                     timings={k: round(v, 4) for k, v in timings.items()}, language=language)
