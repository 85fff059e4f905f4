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
    kind: str = "body"  # body | heading | video | caption | credit | contributors

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
class Refusal:
    """Why askbot says the article does not answer: a code, the check that decided, and the
    article's own words the message may quote (never words only the question has)."""

    code: str  # invalid_question | unmentioned | contradicted | model_doubt | non_answer | unsupported
    check: str
    details: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {"code": self.code, "check": self.check, "details": list(self.details)}


@dataclass(frozen=True)
class Sentence:
    """One sentence of an answer and the numbers of the citations that support it."""

    text: str
    cites: tuple[int, ...] = ()


@dataclass(frozen=True)
class Answer:
    """What askbot replies: sentences with the numbers of their citations, or a refusal. The
    reader's text (``text``, with ``[n]`` markers, or the refusal in the question's language)
    is rendered from these by ``askbot.render``."""

    sentences: tuple[Sentence, ...]
    citations: tuple[Citation, ...]
    refusal: Refusal | None
    search_query: str
    timings: dict = field(default_factory=dict)
    language: str = "en"

    @property
    def answerable(self) -> bool:
        return self.refusal is None

    @property
    def text(self) -> str:
        from .render import answer_text

        return answer_text(self)

    def to_dict(self) -> dict:
        return {
            "answer": self.text,
            "citations": [c.to_dict() for c in self.citations],
            "answerable": self.answerable,
            "refusal": self.refusal.to_dict() if self.refusal else None,
            "sentences": [{"text": s.text, "citations": list(s.cites)} for s in self.sentences],
            "search_query": self.search_query,
            "timings": dict(self.timings),
            "language": self.language,
        }
