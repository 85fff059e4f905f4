"""Hybrid retrieval: dense (FAISS) plus BM25, fused with reciprocal rank fusion."""

from __future__ import annotations

import numpy as np

from .embedding import Embedder
from .index import ArticleIndex
from .language import content_words
from .types import Hit


class Retriever:
    """Finds the chunks of an index that best match a query."""

    def __init__(self, index: ArticleIndex, embedder: Embedder, top_k: int = 4, rrf_k: int = 60) -> None:
        if top_k <= 0:
            raise ValueError(f"top_k must be greater than 0. Currently, top_k is {top_k}")
        self.index = index
        self.embedder = embedder
        self.top_k = top_k
        self.rrf_k = rrf_k
        self.language = index.article.language  # words are stemmed as the article's language stems them
        self._bm25 = self._build_bm25([c.search_text for c in index.chunks], self.language)

    @staticmethod
    def _build_bm25(texts: list[str], language: str):
        import logging

        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)
        bm25 = bm25s.BM25()
        bm25.index([content_words(t, language) or ["_"] for t in texts], show_progress=False)
        return bm25

    def bm25_scores(self, query: str) -> np.ndarray:
        toks = content_words(query, self.language)
        if not toks or not self.index.chunks:
            return np.zeros(len(self.index.chunks), dtype=np.float32)
        return np.asarray(self._bm25.get_scores(toks), dtype=np.float32)

    def dense_scores(self, query_vector: np.ndarray) -> np.ndarray:
        return self.index.vectors @ np.asarray(query_vector, dtype=np.float32).reshape(-1)

    def __call__(self, query: str, top_k: int | None = None, query_vector: np.ndarray | None = None) -> list[Hit]:
        top_k = self.top_k if top_k is None else top_k
        n = len(self.index.chunks)
        if n == 0:
            return []
        qv = self.embedder([query])[0] if query_vector is None else query_vector
        dense = self.dense_scores(qv)
        bm25 = self.bm25_scores(query)
        fused = np.zeros(n, dtype=np.float64)
        for ranking in (np.argsort(-dense, kind="stable"), np.argsort(-bm25, kind="stable")):
            fused[ranking] += 1.0 / (self.rrf_k + 1 + np.arange(n))
        order = np.argsort(-fused, kind="stable")[:top_k]
        return [Hit(self.index.chunks[i], float(fused[i]), float(dense[i]), float(bm25[i])) for i in order]
