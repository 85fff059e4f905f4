"""Whether a question asks about the article itself (a summary of it, something else of interest in
it, more of what it just said, who wrote it, its date or dateline, its photos or video) rather than about one thing it reports: by meaning, against the examples of
``data/intents.txt``, which are English: a question is told in English (as translated for an English
article, or as asked); one with no English form is taken to ask of the content."""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from functools import cached_property
from importlib import resources
from pathlib import Path

import numpy as np

from .embedding import Embedder

CONTENT = "content"  # a question about what the article reports: the usual answer path
INTENTS = ("summary", "more", "elaborate", "author", "date", "place", "media")
FURNITURE = ("author", "media")  # questions about the page's contributors, photos or video: its furniture is cited
METADATA = ("author", "date", "place")  # answered from the article's byline, date or dateline

log = logging.getLogger(__name__)


def examples() -> list[tuple[str, str]]:
    """(intent, example question) pairs from the package's ``data/intents.txt``."""
    text = resources.files("askbot").joinpath("data/intents.txt").read_text(encoding="utf-8")
    rows = [line.split("\t", 1) for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [(intent.strip(), example.strip()) for intent, example in rows]


class Intents:
    """What a question asks for: ``CONTENT`` or one of ``INTENTS``."""

    def __init__(self, embedder: Embedder, min_similarity: float, cache_dir: Path | None = None) -> None:
        self.embedder = embedder
        self.min_similarity = min_similarity
        self.cache_dir = cache_dir
        self._examples = examples()

    @cached_property
    def _vectors(self) -> np.ndarray:
        return example_vectors(self.embedder, self.cache_dir)

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


def example_vectors(embedder: Embedder, cache_dir: Path | None = None) -> np.ndarray:
    """The vectors of the examples, in their order: embedded once per process and model, and kept in
    ``cache_dir`` so that a restart does not embed them again (~0.2 s of a cold start)."""
    key = (embedder.model, cache_dir)
    if key not in _EXAMPLE_VECTORS:
        _EXAMPLE_VECTORS[key] = _read_or_embed(embedder, cache_dir)
    return _EXAMPLE_VECTORS[key]


_EXAMPLE_VECTORS: dict[tuple[str, Path | None], np.ndarray] = {}


def _read_or_embed(embedder: Embedder, cache_dir: Path | None) -> np.ndarray:
    texts = [example for _, example in examples()]
    digest = hashlib.sha256("\x00".join([embedder.model, *texts]).encode("utf-8")).hexdigest()[:16]
    path = Path(cache_dir) / f"intents-{digest}.npy" if cache_dir is not None else None
    if path is not None and path.is_file():
        try:
            vectors = np.load(path, allow_pickle=False)
            if vectors.ndim == 2 and vectors.shape[0] == len(texts) and vectors.dtype == np.float32:
                return vectors
        except (OSError, ValueError):
            pass
        log.warning("%s is damaged: the intents' examples are embedded again.", path)
    vectors = embedder(texts)
    if path is not None:
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".npy.tmp", delete=False) as tmp:
                np.save(tmp, vectors, allow_pickle=False)
            os.replace(tmp.name, path)
        except OSError as exc:  # a read-only or full cache: embedded at each start, as before
            log.debug("Could not keep the intents' vectors in %s (%s).", path, exc)
            if tmp is not None:
                Path(tmp.name).unlink(missing_ok=True)
    return vectors
