"""Shared fixtures: a tiny deterministic embedder and a scripted generator, so most tests need no model."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from askbot.article import load_article
from askbot.chunking import Chunker
from askbot.generation import Generation
from askbot.index import ArticleIndex
from askbot.settings import DEFAULT_ARTICLE, Settings
from askbot.language import content_words


class FakeEmbedder:
    """Hashed bag of content words: texts sharing words get similar unit vectors."""

    model = "fake-bow"
    device = "cpu"
    dimension = 1024

    def warm_up(self) -> None:
        pass

    def __call__(self, texts):
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in content_words(t):
                out[i, int(hashlib.md5(w.encode()).hexdigest(), 16) % self.dimension] += 1.0
            norm = np.linalg.norm(out[i])
            if norm:
                out[i] /= norm
        return out


class ScriptedGenerator:
    """Replies with fixed texts (one per call, the last repeated), a few characters at a time;
    remembers the prompts it saw."""

    name = "scripted"

    def __init__(self, *replies: str, refusal_p: float | None = None, cut: bool = False) -> None:
        self.replies = list(replies)
        self.cut = cut  # the replies stop at the token limit
        self.prompts = []
        self.refusal_p = refusal_p
        self.closed_early = False

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    def warm_up(self) -> None:
        pass

    def prefill(self, prompt) -> None:
        pass

    def stream(self, prompt, max_tokens):
        reply = self.replies[min(len(self.prompts), len(self.replies) - 1)]
        self.prompts.append(prompt)
        return Generation(lambda result: self._pieces(reply, result))

    def _pieces(self, reply, result):
        result.refusal_p = self.refusal_p
        result.cut = self.cut
        try:
            for i in range(0, len(reply), 5):
                yield reply[i:i + 5]
        except GeneratorExit:
            self.closed_early = True
            raise


@pytest.fixture
def fake_embedder():
    return FakeEmbedder()


@pytest.fixture
def article():
    return load_article(DEFAULT_ARTICLE)


@pytest.fixture
def settings(tmp_path: Path):
    return Settings(index_dir=tmp_path / "index", cache_dir=tmp_path / "cache")


@pytest.fixture
def fake_index(article, fake_embedder):
    return ArticleIndex.build(article, Chunker(), fake_embedder)


@pytest.fixture(scope="session")
def ray_service(tmp_path_factory):
    """One small local Ray cluster for every distributed test: 2 answering replicas with the
    extractive generator, the HTTP contract tests' settings. Yields (its store's folder, its URL)."""
    from browser import API_ENV, running_ray_app

    data = tmp_path_factory.mktemp("askbot-ray")
    with running_ray_app(data, 2, env=API_ENV) as url:
        yield data, url
