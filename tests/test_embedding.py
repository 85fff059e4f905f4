"""The MiniLM encoder on NumPy: the package's own weights and tokenizer, sentence-transformers' vectors."""

from pathlib import Path

import numpy as np
import pytest

from askbot.embedding import Embedder
from askbot.errors import ModelUnavailableError
from data.minilm_reference import TEXTS

pytestmark = pytest.mark.models
REFERENCE = Path(__file__).parent / "data" / "minilm_reference.npy"


@pytest.fixture(scope="module")
def embedder():
    return Embedder()


def test_vectors_are_sentence_transformers_vectors(embedder):
    expected = np.load(REFERENCE)  # written by sentence-transformers 6.3.0 (data/minilm_reference.py)
    got = embedder(TEXTS)
    assert got.shape == (len(TEXTS), 384) and got.dtype == np.float32
    assert np.abs(got - expected).max() < 1e-5


def test_a_text_gets_the_same_vector_alone_or_padded_in_a_batch(embedder):
    together = embedder(TEXTS)
    for i, text in enumerate(TEXTS):
        assert np.allclose(embedder([text])[0], together[i], atol=1e-6)


def test_meaning_decides_similarity(embedder):
    q, answer, spanish, other = embedder(TEXTS[:4])
    assert q @ answer > q @ other
    assert np.allclose(np.linalg.norm(embedder(TEXTS), axis=1), 1.0, atol=1e-6)


def test_no_texts_give_an_empty_matrix(embedder):
    assert embedder([]).shape == (0, 384)


@pytest.mark.parametrize("text", ["", "   ", "\x00\x01", "a" * 100_000, "lone \ud800 surrogate", "🙂" * 50])
def test_any_text_gets_a_unit_vector(embedder, text):
    vector = embedder([text])
    assert vector.shape == (1, 384) and np.isclose(np.linalg.norm(vector), 1.0, atol=1e-5)


def test_an_unknown_model_says_which_are_known():
    with pytest.raises(ModelUnavailableError, match="all-MiniLM-L6-v2"):
        Embedder("no-such-model")([""])
