"""Generation behind one interface: a chat prompt split into a cacheable prefix and a per-question suffix."""

from __future__ import annotations

import codecs
import ctypes
import hashlib
import logging
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator, Protocol

import numpy as np

from .errors import ModelUnavailableError
from .models import model_path

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Prompt:
    """A chat prompt. ``system`` and ``context`` are the same for every question about an article,
    so a backend can keep their KV cache; only ``question`` is new each time."""

    system: str
    context: str
    question: str
    refusal: str = ""  # the reply that means "not answered": its first-token probability is measured


class Generation:
    """One reply as it is generated: iterate it for the text, piece by piece. ``refusal_p`` (the
    probability the model gave to opening with ``Prompt.refusal``) is known from the first piece on.
    Each call has its own, so concurrent requests never read each other's doubt."""

    def __init__(self, pieces: "Callable[[Generation], Iterator[str]]") -> None:
        self.refusal_p: float | None = None
        self._pieces = pieces(self)

    def __iter__(self) -> Iterator[str]:
        return self._pieces

    def close(self) -> None:
        """Stop generating (the model is free again)."""
        self._pieces.close()

    def text(self) -> str:
        return "".join(self._pieces)


class Generator(Protocol):
    name: str

    def stream(self, prompt: Prompt, max_tokens: int) -> Generation:
        """The reply, to be read piece by piece, with its refusal probability."""

    def count_tokens(self, text: str) -> int:
        """How many tokens ``text`` takes."""


_MODEL_LOCKS: dict[str, threading.Lock] = {}


def _model_lock(path: str) -> threading.Lock:
    """One lock per loaded model: a llama.cpp context serves one generation at a time."""
    return _MODEL_LOCKS.setdefault(path, threading.Lock())


@lru_cache(maxsize=2)
def _load_llama(path: str, n_ctx: int, threads: int):
    try:
        from llama_cpp import Llama
    except ImportError as exc:
        raise ModelUnavailableError(
            "llama-cpp-python is not installed - install it with `pip install llama-cpp-python==0.3.36` "
            "(it compiles from source, ~10 minutes on 2 cores)."
        ) from exc
    return Llama(model_path=path, n_ctx=n_ctx, n_threads=threads, n_threads_batch=threads, n_batch=512,
                 verbose=False, logits_all=False)


class LlamaCppGenerator:
    """A GGUF chat model run by llama.cpp. The model loads on first use; the KV cache of the
    longest common token prefix with the previous call is kept, so an article's prompt is
    prefilled once and each question prefills only its own tokens."""

    def __init__(self, model: str = "qwen2.5-coder-0.5b", cache_dir: Path | None = None, n_ctx: int = 4096,
                 threads: int = 2) -> None:
        from .settings import Settings

        self.name = f"llama-cpp:{model}"
        self.model = model
        self.cache_dir = Path(cache_dir) if cache_dir is not None else Settings().cache_dir
        self.n_ctx = n_ctx
        self.threads = threads
        self._path: str | None = None
        self._prefix_key: tuple[str, str] | None = None
        self._prefix_tokens: list[int] = []
        self._snapshots: OrderedDict[str, tuple[np.ndarray, bytes]] = OrderedDict()
        self._frames: dict[str, tuple[str, str]] = {}
        self.min_snapshot_tokens = 256
        self.max_memory_snapshots = 4
        self.max_disk_snapshots = 32

    def _llm(self):
        if self._path is None:
            self._path = str(model_path(self.model, self.cache_dir))
        return _load_llama(self._path, self.n_ctx, self.threads)

    @property
    def _lock(self) -> threading.Lock:
        self._llm()
        return _model_lock(self._path)

    def warm_up(self) -> None:
        self._llm()

    def count_tokens(self, text: str) -> int:
        return len(self._llm().tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def _template(self, system: str) -> tuple[str, str]:
        """The model's own chat template (from the GGUF) around a user message: the text before it
        and after it, up to where the assistant's reply starts."""
        if system not in self._frames:
            from llama_cpp.llama_chat_format import Jinja2ChatFormatter

            llm = self._llm()
            template = llm.metadata.get("tokenizer.chat_template")
            if not template:
                raise ModelUnavailableError(f"The model {self.model} has no chat template in its GGUF file. "
                                            "Use one of the models askbot ships (see askbot.models.MODELS).")
            piece = lambda t: llm.detokenize([t], special=True).decode("utf-8", "replace")  # noqa: E731
            render = Jinja2ChatFormatter(template, eos_token=piece(llm.token_eos()), bos_token=piece(llm.token_bos()))
            text = render(messages=[{"role": "system", "content": system},
                                    {"role": "user", "content": _USER_SLOT}]).prompt
            before, after = text.split(_USER_SLOT)
            self._frames[system] = (before, after)
        return self._frames[system]

    def _tokens(self, prompt: Prompt) -> tuple[list[int], list[int]]:
        llm = self._llm()
        before, after = self._template(prompt.system)
        key = (prompt.system, prompt.context)
        if key != self._prefix_key:
            self._prefix_tokens = (llm.tokenize(before.encode("utf-8"), add_bos=False, special=True)
                                   + llm.tokenize(prompt.context.encode("utf-8"), add_bos=False, special=False))
            self._prefix_key = key
        suffix = llm.tokenize(prompt.question.encode("utf-8"), add_bos=False, special=False) + llm.tokenize(
            after.encode("utf-8"), add_bos=False, special=True)
        return self._prefix_tokens, suffix

    def prefill(self, prompt: Prompt) -> None:
        """Evaluate the prompt's fixed prefix now, so the first question does not wait for it."""
        with self._lock:
            prefix, _ = self._tokens(prompt)
            self._ensure_prefix(self._llm(), prefix)

    # ---- the KV cache of prompt prefixes -------------------------------------------------------
    # llama-cpp-python reuses the KV cache of the longest common prefix with the previous call.
    # Long prefixes (an article) are also snapshotted in memory and on disk, so that another
    # prompt in between (a translation) or a restart costs a copy, not a prefill.
    def _ensure_prefix(self, llm, prefix: list[int]) -> None:
        """Put the prefix's KV cache in place: kept, restored from memory or disk, or prefilled (and
        kept in memory; on disk too when it is long enough to be worth a file)."""
        n = _common_prefix(llm, prefix)
        if n == len(prefix):
            return
        key = self._state_key(prefix)
        snap = self._snapshots.get(key)
        path = self.cache_dir / "kv" / f"{key}.npz"
        on_disk = len(prefix) >= self.min_snapshot_tokens
        if snap is None and on_disk and path.is_file():
            snap = _read_snapshot(path, prefix)
        if snap is not None and _apply_snapshot(llm, *snap):
            self._remember(key, snap)
            return
        llm.reset()
        llm._ctx.kv_cache_seq_rm(-1, 0, -1)
        llm.eval(prefix)
        snap = _take_snapshot(llm)
        self._remember(key, snap)
        if on_disk:
            _write_snapshot(path, *snap, keep=self.max_disk_snapshots)

    def _remember(self, key: str, snap) -> None:
        self._snapshots[key] = snap
        self._snapshots.move_to_end(key)
        while len(self._snapshots) > self.max_memory_snapshots:
            self._snapshots.popitem(last=False)

    def _state_key(self, prefix: list[int]) -> str:
        import llama_cpp

        key = hashlib.sha256(np.asarray(prefix, dtype=np.int32).tobytes())
        key.update(f"{self.model}|{llama_cpp.__version__}|{self.n_ctx}".encode())
        return f"{self.model}-{key.hexdigest()[:20]}"

    @staticmethod
    def _first_token_p(llm, marker: str) -> float | None:
        """The probability the model gave to starting its reply with ``marker`` (read from the
        logits of the prompt's last position, still in place when the first token comes out)."""
        if not marker:
            return None
        import llama_cpp

        ids = llm.tokenize(marker.encode("utf-8"), add_bos=False, special=False)
        ptr = llama_cpp.llama_get_logits_ith(llm._ctx.ctx, -1)
        if not ids or not ptr:
            return None
        logits = np.ctypeslib.as_array(ptr, shape=(llm.n_vocab(),))
        return _softmax_p(logits.astype(np.float64), ids[0])

    def stream(self, prompt: Prompt, max_tokens: int) -> Generation:
        return Generation(lambda result: self._generate(prompt, max_tokens, result))

    def _generate(self, prompt: Prompt, max_tokens: int, result: Generation) -> Iterator[str]:
        with self._lock:
            llm = self._llm()
            prefix, suffix = self._tokens(prompt)
            self._ensure_prefix(llm, prefix)
            tokens = prefix + suffix
            room = self.n_ctx - max_tokens - 8
            if len(tokens) > room:
                raise ModelUnavailableError(
                    f"The prompt has {len(tokens)} tokens; the model's context of {self.n_ctx} leaves room for "
                    f"{room}. Shorten the question or raise ASKBOT_N_CTX."
                )
            import llama_cpp

            decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
            produced = 0
            for tok in llm.generate(tokens, top_k=1, top_p=1.0, min_p=0.0, temp=0.0, repeat_penalty=1.0, reset=True):
                if produced == 0:
                    result.refusal_p = self._first_token_p(llm, prompt.refusal)
                if llama_cpp.llama_vocab_is_eog(llm._model.vocab, tok) or produced >= max_tokens:
                    break
                produced += 1
                piece = decoder.decode(llm.detokenize([tok]))
                if piece:
                    yield piece
            tail = decoder.decode(b"", final=True)
            if tail:
                yield tail


_USER_SLOT = "\x00askbot-user-message\x00"


def _softmax_p(logits: np.ndarray, token: int) -> float:
    z = logits - logits.max()
    e = np.exp(z)
    return float(e[token] / e.sum())


def _take_snapshot(llm) -> tuple[np.ndarray, bytes]:
    import llama_cpp

    size = llama_cpp.llama_state_get_size(llm._ctx.ctx)
    buf = (ctypes.c_uint8 * int(size))()
    used = int(llama_cpp.llama_state_get_data(llm._ctx.ctx, buf, size))
    return np.array(llm.input_ids[: llm.n_tokens], dtype=np.int32), bytes(buf)[:used]


def _apply_snapshot(llm, ids: np.ndarray, blob: bytes) -> bool:
    import llama_cpp

    buf = (ctypes.c_uint8 * len(blob)).from_buffer_copy(blob)
    if llama_cpp.llama_state_set_data(llm._ctx.ctx, buf, len(blob)) != len(blob):
        log.warning("llama.cpp refused a saved prompt state; prefilling again.")
        llm.reset()
        return False
    llm.input_ids[: len(ids)] = ids
    llm.n_tokens = len(ids)
    llm._requires_eval = True
    return True


def _write_snapshot(path: Path, ids: np.ndarray, blob: bytes, keep: int) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        arr = np.frombuffer(blob, dtype=np.uint8)
        with open(tmp, "wb") as fh:
            np.savez(fh, ids=ids, state=arr, sha256=np.frombuffer(hashlib.sha256(blob).digest(), dtype=np.uint8))
        os.replace(tmp, path)
        old = sorted(path.parent.glob("*.npz"), key=lambda p: p.stat().st_mtime, reverse=True)[keep:]
        for p in old:
            p.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("Could not save the prompt cache to %s (%s); the next start prefills again.", path, exc)


def _read_snapshot(path: Path, prefix: list[int]) -> tuple[np.ndarray, bytes] | None:
    """A saved prompt state, or None (and the file removed) when it is corrupt or for other tokens."""
    try:
        with np.load(path, allow_pickle=False) as data:
            ids, blob, digest = data["ids"], data["state"].tobytes(), data["sha256"].tobytes()
        if ids.tolist() != list(prefix) or hashlib.sha256(blob).digest() != digest:
            raise ValueError("its tokens or checksum do not match")
        os.utime(path)  # used now: pruning keeps the most recently used articles' prompts
        return ids, blob
    except Exception as exc:  # a corrupt cache file is never fatal: prefill again
        log.warning("Ignoring the prompt cache %s (%s); prefilling again.", path, exc)
        path.unlink(missing_ok=True)
        return None


def _common_prefix(llm, tokens: list[int]) -> int:
    n = 0
    for a, b in zip(llm._input_ids[: llm.n_tokens], tokens):
        if a != b:
            break
        n += 1
    return n


def make_generator(settings) -> Generator | None:
    """The generator the settings name; ``None`` for the extractive (model-free) mode."""
    if settings.generator == "extractive":
        return None
    if settings.generator == "llama-cpp":
        return LlamaCppGenerator(settings.llm, settings.cache_dir, settings.n_ctx, settings.threads)
    if settings.generator == "llama-server":
        from .llama_server import LlamaServerGenerator

        return LlamaServerGenerator(settings.llm, settings.cache_dir, settings.n_ctx, settings.threads, settings.slots)
    raise ValueError(f"generator must be 'llama-server', 'llama-cpp' or 'extractive'. Currently, generator is {settings.generator!r}")
