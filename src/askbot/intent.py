"""Whether a question asks about the article itself (a summary of it, who wrote it, its date or
dateline) rather than about what it reports: by meaning, against the examples of
``data/intents.txt``. Questions in another language are translated before this is asked."""

from __future__ import annotations

from functools import cached_property
from importlib import resources

import numpy as np

from .embedding import Embedder

CONTENT = "content"  # a question about what the article reports: the usual answer path
INTENTS = ("summary", "author", "date", "place")
METADATA = ("author", "date", "place")  # answered from the article's byline, date or dateline


def examples() -> list[tuple[str, str]]:
    """(intent, example question) pairs from the package's ``data/intents.txt``."""
    text = resources.files("askbot").joinpath("data/intents.txt").read_text(encoding="utf-8")
    rows = [line.split("\t", 1) for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [(intent.strip(), example.strip()) for intent, example in rows]


class Intents:
    """What a question asks for: ``CONTENT`` or one of ``INTENTS``."""

    def __init__(self, embedder: Embedder, min_similarity: float) -> None:
        self.embedder = embedder
        self.min_similarity = min_similarity
        self._examples = examples()

    @cached_property
    def _vectors(self) -> np.ndarray:
        return self.embedder([example for _, example in self._examples])

    def warm_up(self) -> None:
        _ = self._vectors

    def similarities(self, vector: np.ndarray) -> dict[str, float]:
        """The closest example's cosine similarity, per intent."""
        scores = self._vectors @ np.asarray(vector, dtype=np.float32).reshape(-1)
        best: dict[str, float] = {}
        for (intent, _), score in zip(self._examples, scores):
            best[intent] = max(best.get(intent, -1.0), float(score))
        return best

    def __call__(self, vector: np.ndarray) -> str:
        best = self.similarities(vector)
        intent = max(best, key=best.get)
        return intent if best[intent] >= self.min_similarity else CONTENT
