"""The data askbot passes between stages: frozen dataclasses with character offsets."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


KIND_LABELS = {
    "video": "Video:",
    "caption": "Photo caption:",
    "credit": "Photo credit, the photographer who took the photo:",
    "contributors": "Reporters who contributed to this report:",
}


@dataclass(frozen=True)
class Chunk:
    """A passage of the article: ``article[start:end] == text``."""

    id: int
    text: str
    start: int
    end: int
    kind: str = "body"  # body | video | caption | credit | contributors

    @property
    def search_text(self) -> str:
        """What retrieval matches against: the text, labelled with what kind of passage it is."""
        label = KIND_LABELS.get(self.kind)
        return f"{label} {self.text}" if label else self.text


@dataclass(frozen=True)
class Citation:
    """Where the article supports an answer: ``article[start:end] == text``."""

    n: int
    chunk_id: int
    start: int
    end: int
    text: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its scores."""

    chunk: Chunk
    score: float  # fused (reciprocal rank fusion)
    dense: float  # cosine similarity of question and chunk
    bm25: float


@dataclass(frozen=True)
class Turn:
    """One earlier exchange of a conversation."""

    question: str
    answer: str

    def to_messages(self) -> list[dict]:
        return [{"role": "user", "content": self.question}, {"role": "assistant", "content": self.answer}]


@dataclass(frozen=True)
class Answer:
    """What askbot replies. ``text`` carries ``[n]`` markers that refer to ``citations``."""

    text: str
    citations: tuple[Citation, ...]
    answerable: bool
    search_query: str
    timings: dict = field(default_factory=dict)
    language: str = "en"

    def to_dict(self) -> dict:
        return {
            "answer": self.text,
            "citations": [c.to_dict() for c in self.citations],
            "answerable": self.answerable,
            "search_query": self.search_query,
            "timings": dict(self.timings),
            "language": self.language,
        }
