"""Generation behind one interface: a chat prompt split into a cacheable prefix and a per-question suffix."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator, Protocol


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
        self.cut = False  # it stopped at its token limit, not where the model ended it (known at the end)
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

    def warm_up(self) -> None:
        """Load the model now."""

    def prefill(self, prompt: Prompt) -> None:
        """Make the prompt's fixed prefix ready, so the first question does not wait for it."""


def make_generator(settings) -> Generator | None:
    """The generator the settings name; ``None`` for the extractive (model-free) mode."""
    if settings.generator == "extractive":
        return None
    if settings.generator == "llama-server":
        from .llama_server import LlamaServerGenerator

        return LlamaServerGenerator(settings.llm, settings.cache_dir, settings.n_ctx, settings.threads, settings.slots)
    raise ValueError(f"generator must be 'llama-server' or 'extractive'. Currently, generator is {settings.generator!r}")
