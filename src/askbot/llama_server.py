"""llama.cpp's own server engine, run in process (xllamacpp): parallel slots decoded together
(continuous batching), the chat template from the GGUF, and an article's prompt prefix shared by
every slot and kept on disk."""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import queue
import re
import secrets
import threading
from pathlib import Path
from typing import Iterator

from .errors import ModelUnavailableError
from .generation import Generation, Prompt
from .models import model_path

log = logging.getLogger(__name__)

TOP_LOGPROBS = 20  # a reply opening with probability >= 1/20 is always among these
_SPECIAL = re.compile(r"<\|")  # "<|im_end|>" in an article or a question must stay text, not a control token
_DONE = object()
_SYSTEM = "system:"  # what a slot holds after a prompt without an article: its system prompt


class LlamaServerGenerator:
    """A GGUF chat model served by llama.cpp's server engine inside this process. ``slots``
    questions are decoded together (more wait for a free slot). Each slot is leased to one request
    at a time; an article's prompt prefix (system + article) is prefilled once, saved on disk with
    its checksum, and restored into whichever slot a question about it gets, so no slot and no
    restart prefills it again."""

    def __init__(self, model: str = "qwen2.5-coder-1.5b", cache_dir: Path | None = None, n_ctx: int = 4096,
                 threads: int = 2, slots: int = 4) -> None:
        from .settings import Settings

        self.name = f"llama-server:{model}"
        self.model = model
        self.cache_dir = Path(cache_dir) if cache_dir is not None else Settings().cache_dir
        self.n_ctx, self.threads, self.slots = n_ctx, threads, max(1, slots)
        self.max_disk_prefixes = 32
        self._server = None
        self._key = secrets.token_hex(16)
        self._load_lock = threading.Lock()
        self._free = threading.Condition()
        self._holds: list[str | None] = [None] * self.slots  # the prefix each slot's KV cache starts with
        self._leased: set[int] = set()
        self._used = [0] * self.slots  # when each slot was last leased (a counter), to pick the oldest
        self._clock = 0
        self._prefilling: dict[str, threading.Lock] = {}
        self._marker_ids: dict[str, int | None] = {}

    # ---- the engine ----------------------------------------------------------------------------
    def _engine(self):
        if self._server is None:
            with self._load_lock:
                if self._server is None:
                    self._server = self._start()
        return self._server

    def _start(self):
        try:
            import xllamacpp as xlc
        except ImportError as exc:
            raise ModelUnavailableError("xllamacpp is not installed - run `make install` "
                                        "(or `pip install xllamacpp`).") from exc
        p = xlc.CommonParams()
        p.model.path = str(model_path(self.model, self.cache_dir))
        # the weights read into memory and repacked for llama.cpp's AVX2/AVX-512 kernels: a token
        # decodes in ~40 ms instead of ~51 ms and a question's 10-20 tokens prefill 100-170 ms sooner
        # after the article's cached prefix, for a load ~0.9 s longer (repacking holds Python's GIL)
        # and the same RSS; mapped *and* repacked, the file's pages would stay resident beside the
        # repacked copy (docs/design/models.md)
        p.load_mode = xlc.llama_load_mode.LLAMA_LOAD_MODE_NONE
        # no empty warm-up run at load (0.19 s): the article's prefix, restored or prefilled next, warms it
        p.warmup = False
        p.n_parallel = self.slots
        p.n_ctx = self.n_ctx * self.slots  # each slot has n_ctx of its own
        # the sizes are set here: llama.cpp's fitting them to free memory costs a trial load (~0.9 s)
        p.fit_params = False
        p.cache_ram_mib = 0  # prefixes move between slots through their files, not a host-memory copy
        p.cache_idle_slots = False  # an idle slot keeps its KV cache for the next question
        p.cpuparams.n_threads = self.threads
        p.cpuparams_batch.n_threads = self.threads
        # batches of 256 tokens: an article prefills ~7 % faster than in 512s (34.5-35.2 s against
        # 37.1-37.8 s for the default article's 1,715 tokens, 2 cores), and other slots' tokens wait less
        p.n_batch = p.n_ubatch = 256
        p.verbosity = 0 if log.isEnabledFor(logging.DEBUG) else -1
        p.api_keys = [self._key]  # the engine's loopback HTTP listener answers only to us
        p.ui = False  # nor does it serve llama.cpp's own chat page
        self._kv_dir.mkdir(parents=True, exist_ok=True)
        p.slot_save_path = str(self._kv_dir) + os.sep
        try:
            return xlc.Server(p)
        except RuntimeError as exc:
            raise ModelUnavailableError(
                f"llama.cpp could not load {p.model.path} with {self.slots} slots of {self.n_ctx:,} tokens ({exc}). "
                "If ASKBOT_N_CTX or ASKBOT_SLOTS is set, make them smaller (the KV cache may not fit in memory); "
                "otherwise delete the file to have askbot join and verify it again.") from exc

    @property
    def _kv_dir(self) -> Path:
        return self.cache_dir / "kv"

    def _http(self, path: str, body: dict) -> dict:
        """A call to the engine's own endpoints that xllamacpp does not wrap (tokenize, slot files)."""
        import httpx

        url = self._engine().listening_address + path
        reply = httpx.post(url, json=body, headers={"Authorization": f"Bearer {self._key}"}, timeout=600)
        return reply.json()

    def warm_up(self) -> None:
        self._engine()

    def count_tokens(self, text: str) -> int:
        return len(self._http("/tokenize", {"content": _text(text)}).get("tokens", []))

    def _marker_id(self, marker: str) -> int | None:
        if marker not in self._marker_ids:
            ids = self._http("/tokenize", {"content": marker}).get("tokens") or [None]
            self._marker_ids[marker] = ids[0]
        return self._marker_ids[marker]

    # ---- slots ---------------------------------------------------------------------------------
    def _lease(self, prefix: str | None) -> int:
        """A free slot, preferably one that already holds ``prefix``; else one that holds no
        article's prefix (cheap to lose: a system prompt or nothing); else the one unused longest."""
        with self._free:
            while len(self._leased) == self.slots:
                self._free.wait()
            free = [i for i in range(self.slots) if i not in self._leased]
            slot = min(free, key=lambda i: (self._holds[i] != prefix or prefix is None,
                                            (self._holds[i] or _SYSTEM).startswith(self.model), self._used[i]))
            self._leased.add(slot)
            self._clock += 1
            self._used[slot] = self._clock
            return slot

    def _release(self, slot: int) -> None:
        with self._free:
            self._leased.discard(slot)
            self._free.notify()

    def _place(self, slot: int, prompt: Prompt) -> str:
        """Put the prompt's prefix in the slot's KV cache: already there, restored from its file, or
        prefilled there (and saved)."""
        key = self._prefix_key(prompt)
        if self._holds[slot] == key:
            return key
        self._holds[slot] = None  # whatever happens next, the slot's old content is gone
        with self._prefilling.setdefault(key, threading.Lock()):  # one prefill per prefix at a time
            if not self._restore(slot, f"{key}.bin"):
                reply = self._engine().handle_chat_completions(
                    self._request(Prompt(prompt.system, prompt.context, ""), 1, id_slot=slot))
                if "error" in reply:
                    raise ModelUnavailableError(_error_message(reply["error"]))
                self._save(slot, f"{key}.bin")
        self._holds[slot] = key
        return key

    def prefill(self, prompt: Prompt) -> None:
        """Evaluate (or restore) the prompt's fixed prefix now, so the first question does not wait."""
        slot = self._lease(self._prefix_key(prompt))
        try:
            self._place(slot, prompt)
        finally:
            self._release(slot)

    # ---- generation ----------------------------------------------------------------------------
    def _request(self, prompt: Prompt, max_tokens: int, **extra) -> dict:
        return {"messages": [{"role": "system", "content": _text(prompt.system)},
                             {"role": "user", "content": _text(prompt.context + prompt.question)}],
                "max_tokens": max_tokens, "temperature": 0.0, "top_k": 1, "cache_prompt": True, **extra}

    def stream(self, prompt: Prompt, max_tokens: int) -> Generation:
        return Generation(lambda result: self._generate(prompt, max_tokens, result))

    def _generate(self, prompt: Prompt, max_tokens: int, result: Generation) -> Iterator[str]:
        server = self._engine()
        marker = self._marker_id(prompt.refusal) if prompt.refusal else None
        # a prompt without an article (a translation) goes back to the slot that last had its system
        # prompt, whose tokens the engine then reuses; it does not push an article out of its slot
        key = self._prefix_key(prompt) if prompt.context else _SYSTEM + hashlib.sha256(prompt.system.encode()).hexdigest()
        slot = self._lease(key)
        chunks: queue.Queue = queue.Queue()
        stop, done = threading.Event(), threading.Event()
        try:
            if prompt.context:
                self._place(slot, prompt)
            else:
                self._holds[slot] = key

            def on_chunk(chunk) -> bool:
                chunks.put(chunk)
                return stop.is_set()

            def run() -> None:
                try:
                    doubt = {"logprobs": True, "top_logprobs": TOP_LOGPROBS} if marker is not None else {}
                    server.handle_chat_completions(self._request(prompt, max_tokens, stream=True, id_slot=slot, **doubt),
                                                   on_chunk)
                except Exception as exc:  # noqa: BLE001 - reported to the reader of the stream
                    chunks.put({"error": {"message": str(exc)}})
                finally:
                    done.set()
                    chunks.put(_DONE)

            threading.Thread(target=run, name="askbot-generate", daemon=True).start()
            first = True
            while (chunk := chunks.get()) is not _DONE:
                if "error" in chunk:
                    raise ModelUnavailableError(_error_message(chunk["error"]))
                if "timings" in chunk:
                    t = chunk["timings"]
                    log.debug("slot %d: prompt %d tokens (%d cached) in %.0f ms; %d tokens in %.0f ms", slot,
                              t.get("prompt_n", 0), t.get("cache_n", 0), t.get("prompt_ms", 0),
                              t.get("predicted_n", 0), t.get("predicted_ms", 0))
                for choice in chunk.get("choices", []):
                    result.cut = result.cut or choice.get("finish_reason") == "length"
                    if first and marker is not None and (choice.get("logprobs") or {}).get("content"):
                        result.refusal_p = _probability(choice["logprobs"]["content"][0], marker)
                        first = False
                    piece = (choice.get("delta") or {}).get("content")
                    if piece:
                        yield piece
        finally:
            stop.set()  # a closed stream stops at its next token and frees its slot
            if not done.wait(timeout=30):
                log.warning("The language model did not stop a cancelled request within 30 s.")
            self._release(slot)

    # ---- prefix files --------------------------------------------------------------------------
    def _prefix_key(self, prompt: Prompt) -> str:
        """The name of a prefix's file: a slot's saved state loads only into an engine of the same
        version and layout (slots x context)."""
        import xllamacpp

        h = hashlib.sha256(f"{self.model}|{xllamacpp.__version__}|{self.slots}x{self.n_ctx} f16|{prompt.system}\x00{prompt.context}".encode())
        return f"{self.model}-{h.hexdigest()[:24]}"

    def _save(self, slot: int, name: str) -> None:
        """Save the slot's prefix as ``name``: written under a name of this process's, then renamed,
        so that another process sharing the folder (a Ray Serve replica) never reads half a file."""
        path, tmp = self._kv_dir / name, f"{name}.{os.getpid()}-{slot}.tmp"
        reply = self._http(f"/slots/{slot}?action=save", {"filename": tmp})
        if "error" in reply or not (self._kv_dir / tmp).is_file():
            log.warning("Could not save the prompt cache %s (%s); the next start prefills again.", path, reply.get("error"))
            return
        digest = _digest(self._kv_dir / tmp)
        os.replace(self._kv_dir / tmp, path)
        _sidecar(path).write_text(json.dumps({"sha256": digest}))
        old = sorted(self._kv_dir.glob("*.bin"), key=lambda p: p.stat().st_mtime, reverse=True)[self.max_disk_prefixes:]
        for p in old:
            p.unlink(missing_ok=True)
            _sidecar(p).unlink(missing_ok=True)

    def _restore(self, slot: int, name: str) -> bool:
        """Load a saved prefix into the slot; a file that is missing, corrupt or refused is ignored
        (and removed): the prefix is prefilled again."""
        path = self._kv_dir / name
        if not path.is_file():
            return False
        try:
            if json.loads(_sidecar(path).read_text())["sha256"] != _digest(path):
                raise ValueError("its checksum does not match")
            reply = self._http(f"/slots/{slot}?action=restore", {"filename": name})
            if "error" in reply:
                raise ValueError(_error_message(reply["error"]))
            os.utime(path)  # pruning keeps the most recently used articles' prefixes
            return True
        except (OSError, ValueError, KeyError) as exc:  # the prefill that follows saves it anew
            log.warning("Ignoring the prompt cache %s (%s); prefilling again.", path, exc)
            return False


def _text(s: str) -> str:
    return _SPECIAL.sub("<\u2060|", s)


def _probability(entry: dict, token: int) -> float:
    """The probability of ``token`` at a reply's first position, from that position's top
    log-probabilities (0 when it is not among them: then it is below 1/TOP_LOGPROBS)."""
    for alt in entry.get("top_logprobs", []):
        if alt.get("id") == token:
            return math.exp(alt["logprob"])
    return 0.0


def _error_message(error: dict) -> str:
    message = error.get("message", "unknown error")
    if error.get("type") == "exceed_context_size_error":
        return f"{message}. Shorten the question or raise ASKBOT_N_CTX."
    return f"The language model failed: {message}"


def _sidecar(path: Path) -> Path:
    return path.with_suffix(".json")


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
