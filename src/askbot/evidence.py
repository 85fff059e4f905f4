"""The article as evidence: its sentences, each with offsets and its chunk, and how well a claim or a
question matches them, by meaning (embeddings) and by words (IDF-weighted overlap)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .chunking import Span
from .embedding import Embedder
from .index import ArticleIndex
from .language import content_words
from .types import Citation, Hit


@dataclass(frozen=True)
class Evidence:
    """An article sentence and the chunk it belongs to."""

    span: Span
    chunk_id: int
    text: str

    def citation(self, n: int) -> Citation:
        return Citation(n, self.chunk_id, self.span.start, self.span.end, self.text)


class ArticleEvidence:
    """The sentences of one article and their vectors (saved with its index)."""

    def __init__(self, index: ArticleIndex, embedder: Embedder) -> None:
        self.index = index
        self.embedder = embedder
        text = index.article.text
        self.language = index.article.language
        self.sentences: list[Evidence] = [Evidence(sp, cid, text[sp.start:sp.end]) for sp, cid, _ in index.sentences]
        self.labelled = [labelled for *_, labelled in index.sentences]
        self.words = [set(content_words(t, self.language)) for t in self.labelled]
        df: dict[str, int] = {}
        for ws in self.words:
            for w in ws:
                df[w] = df.get(w, 0) + 1
        n = max(len(self.words), 1)
        self._idf = {w: math.log(1 + n / d) for w, d in df.items()}
        self._idf_unknown = math.log(1 + n)
        self.by_chunk: dict[int, list[int]] = {}
        for i, e in enumerate(self.sentences):
            self.by_chunk.setdefault(e.chunk_id, []).append(i)
        self.at = {(e.span.start, e.span.end): i for i, e in enumerate(self.sentences)}
        kinds = {c.id: c.kind for c in index.chunks}
        # page furniture (a photo's caption or credit, a video link, the contributors line), not the story
        self.furniture = np.array([kinds[e.chunk_id] != "body" for e in self.sentences], dtype=bool)

    @property
    def vectors(self) -> np.ndarray:
        return self.index.sentence_vectors

    def idf(self, word: str) -> float:
        return self._idf.get(word, self._idf_unknown)

    def lexical(self, claim_words: list[str]) -> np.ndarray:
        """The IDF-weighted share of ``claim_words`` each sentence contains."""
        if not claim_words:
            return np.zeros(len(self.sentences))
        weights = {w: self.idf(w) for w in set(claim_words)}
        total = sum(weights.values())
        return np.array([sum(weights[w] for w in weights.keys() & ws) / total for ws in self.words])

    def scores(self, claim: str, claim_vector: np.ndarray | None = None) -> np.ndarray:
        """How well each article sentence matches ``claim``: meaning and word overlap, 0..1."""
        if claim_vector is None:
            claim_vector = self.embedder([claim])[0]
        dense = np.clip(self.vectors @ claim_vector, 0.0, 1.0)
        return 0.5 * dense + 0.5 * self.lexical(content_words(claim, self.language))

    def in_hits(self, hits: list[Hit]) -> list[int]:
        return [i for h in hits for i in self.by_chunk.get(h.chunk.id, [])]

    def best(self, query: str, hits: list[Hit], k: int = 1, query_vector: np.ndarray | None = None,
             furniture: bool = True) -> list[tuple[int, float]]:
        """The sentences within the retrieved chunks that best match the question, with scores
        (without ``furniture``, only the story's own sentences)."""
        candidates = [i for i in self.in_hits(hits) if furniture or not self.furniture[i]]
        if not candidates:
            return []
        scores = self.scores(query, query_vector)[candidates]
        order = np.argsort(-scores, kind="stable")[:k]
        return [(candidates[i], float(scores[i])) for i in order]

    def stating(self, question: str, query_vector: np.ndarray | None = None) -> int | None:
        """The story sentence that has every content word of ``question`` (two or more), the one
        closest in meaning if several do: for a yes-or-no question, the article's own statement of
        what it asks, said, denied or hedged ("The study cannot prove that walking prevents
        dementia." for "Did the study prove that walking prevents dementia?"). Of three words or
        more, one may be a name the sentence calls otherwise, named in one of the two before it ("Did
        Pratt appeal the sentence?": "His lawyer said he may appeal the sentence.")."""
        asked = set(content_words(question, self.language))
        names = set(content_words(" ".join(w for w in question.split()[1:] if w[:1].isupper()), self.language))

        def states(i: int) -> bool:
            missing = asked - self.words[i]
            return not missing or (len(asked) >= 3 and len(missing) == 1 and missing <= names
                                   and any(missing <= ws for ws in self.words[max(i - 2, 0):i]))

        found = [i for i in range(len(self.words)) if not self.furniture[i] and states(i)]
        if len(asked) < 2 or not found:
            return None
        return found[int(np.argmax(self.scores(question, query_vector)[found]))]

    def relevance(self, query: str, hits: list[Hit], query_vector: np.ndarray | None = None) -> float:
        """How well the best retrieved sentence matches the question: the evidence that the article answers."""
        best = self.best(query, hits, 1, query_vector)
        return best[0][1] if best else 0.0

    def central(self, k: int = 4, max_similarity: float = 0.8) -> list[int]:
        """The article's lead sentence and its most central body sentences, in article order: the
        sentences a summary rests on. Central is close in meaning to the rest of the article (mean
        cosine to the other body sentences, as in LexRank's degree centrality); a sentence close to
        one already chosen is passed over."""
        body, similarity, centrality = self._centrality()
        if not body:
            return []
        chosen = [0]  # the lead
        for j in np.argsort(-centrality, kind="stable"):
            if len(chosen) >= k:
                break
            if j not in chosen and similarity[j, chosen].max() < max_similarity:
                chosen.append(int(j))
        return sorted(body[j] for j in chosen)

    def unsaid(self, said: str, k: int = 1, max_said: float = 0.5, after: np.ndarray | None = None) -> list[int]:
        """The story sentences a conversation has not said yet (at most ``max_said`` of their content
        words are in ``said``), in article order: the most central ones, what a reader who asks for
        something else of interest is told; or, given the vector of what was said last (``after``),
        the sentence closest to it in meaning and those after it, what a reader who asks to be told
        more is told (the most central, when none of those is left)."""
        known = set(content_words(said, self.language))
        body, _, centrality = self._centrality()
        order = np.argsort(-centrality, kind="stable")
        if after is not None:
            last = int(np.argmax(self.vectors @ np.asarray(after, dtype=np.float32)))
            order = np.concatenate([[j for j, i in enumerate(body) if i >= last], order])
        fresh = [j for j in dict.fromkeys(order.tolist())
                 if len(self.words[body[j]] & known) <= max_said * len(self.words[body[j]])]
        return sorted(body[j] for j in fresh[:k])

    def _centrality(self) -> tuple[list[int], np.ndarray, np.ndarray]:
        """The story's sentences of six words or more, their cosine similarities, and each one's
        mean similarity to the others."""
        body = [i for i, e in enumerate(self.sentences) if not self.furniture[i] and len(e.text.split()) >= 6]
        vectors = self.vectors[body]
        similarity = vectors @ vectors.T
        centrality = (similarity.sum(axis=1) - 1.0) / max(len(body) - 1, 1)
        return body, similarity, centrality
