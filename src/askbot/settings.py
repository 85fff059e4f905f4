"""One settings object for the whole pipeline, with ASKBOT_* environment overrides."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_ARTICLE = PACKAGE_DIR / "data" / "giammattei-interview.txt"
# the committed index of the default article (read-only: new indexes go to Settings.index_dir)
BUNDLED_INDEX_DIR = PACKAGE_DIR.parent.parent / "index"


def _default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "askbot"


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "askbot"


def _default_index_dir() -> Path:
    return _default_data_dir() / "index"


@dataclass(frozen=True)
class Settings:
    """Every tunable of askbot. Components receive plain values taken from here."""

    # chunking
    chunk_max_chars: int = 400
    chunk_max_sentences: int = 2
    # embedding
    embedding_model: str = "all-MiniLM-L6-v2"
    device: str = "cpu"
    # retrieval
    top_k: int = 4
    rrf_k: int = 60
    # generation
    generator: str = "llama-server"  # llama.cpp's server engine (xllamacpp) | "extractive": no language model
    llm: str = "qwen2.5-coder-1.5b"  # see askbot.models.MODELS; measured choice, see README
    threads: int = 2
    slots: int = 4  # llama-server: questions decoded together; more wait for a free slot
    n_ctx: int = 4096
    max_new_tokens: int = 80
    # article-in-prompt: articles up to this many tokens sit whole in a cached prompt prefix
    max_prefix_tokens: int = 3000
    history_turns: int = 2  # earlier turns shown to the model with a follow-up
    summary_sentences: int = 4  # a summary says at most this many (the model may write more)
    hint_passages: int = 0  # retrieved passages repeated next to the question (helps 0.5B, slows 1.5B)
    # grounding
    min_support: float = 0.45  # an answer sentence needs this support from an article sentence
    min_quote_evidence: float = 0.50  # a quoted fallback needs this much evidence, else refuse
    min_intent_similarity: float = 0.65  # a question this close to an example of data/intents.txt asks about the article itself
    # refuse when the model gave "NOT IN ARTICLE" this much probability, by kind of question...
    max_refusal_p: float = 0.20
    max_yes_no_refusal_p: float = 0.20
    max_followup_refusal_p: float = 0.35
    strong_evidence: float = 0.75  # ...unless the question matches an article sentence this closely
    disabled_checks: str = ""  # ASKBOT_DISABLED_CHECKS: comma-separated names of checks not to run (askbot.checks.ORDER)
    # limits
    max_question_chars: int = 2000
    max_article_chars: int = 2_000_000
    # serving (the HTTP API and the web chat)
    answer_cache: int = 256  # answers kept per article, by question and history (0: none)
    max_loaded_articles: int = 8  # bots kept in memory; the others load again on their next question
    api_key: str = field(default="", repr=False)  # ASKBOT_API_KEY: when set, adding/deleting articles needs it
    cors_origins: str = ""  # ASKBOT_CORS_ORIGINS: comma-separated origins allowed to call the API; none by default
    max_request_bytes: int = 4_000_000  # larger request bodies get 413, on every route
    # ASKBOT_ALLOWED_HOSTS: the host names the server answers to (a request with another Host header gets
    # 400: DNS rebinding); comma-separated, "*.example.org" for subdomains, "*" for any
    allowed_hosts: str = "127.0.0.1,localhost,::1"
    # places
    index_dir: Path = field(default_factory=_default_index_dir)  # indexes built here (ASKBOT_INDEX_DIR)
    cache_dir: Path = field(default_factory=_default_cache_dir)  # joined model files, prompt KV caches
    data_dir: Path = field(default_factory=_default_data_dir)  # what users save: feedback, articles

    @classmethod
    def from_env(cls, **overrides: object) -> "Settings":
        """Build settings from defaults, then ASKBOT_<FIELD> environment variables, then overrides."""
        values: dict[str, object] = {}
        for f in dataclasses.fields(cls):
            raw = os.environ.get(f"ASKBOT_{f.name.upper()}")
            if raw is None:
                continue
            default = f.default if f.default is not dataclasses.MISSING else f.default_factory()  # type: ignore[misc]
            values[f.name] = _coerce(f.name, raw, default)
        values.update({k: v for k, v in overrides.items() if v is not None})
        if "data_dir" in values and "index_dir" not in values:  # indexes live with the user's data
            values["index_dir"] = Path(values["data_dir"]) / "index"  # type: ignore[arg-type]
        return cls(**values)  # type: ignore[arg-type]

    @property
    def disabled(self) -> frozenset[str]:
        """The names in ``disabled_checks``."""
        return frozenset(n.strip() for n in self.disabled_checks.split(",") if n.strip())

    def replace(self, **changes: object) -> "Settings":
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


_KIND = {int: "an integer", float: "a number", bool: "true or false"}


def _coerce(name: str, raw: str, default: object) -> object:
    try:
        if isinstance(default, bool):
            return raw.strip().lower() in {"1", "true", "yes", "on"}
        if isinstance(default, int):
            return int(raw)
        if isinstance(default, float):
            return float(raw)
        if isinstance(default, Path):
            return Path(raw).expanduser()
    except ValueError as exc:
        raise ValueError(
            f"ASKBOT_{name.upper()} must be {_KIND.get(type(default), 'a value')}. Currently it is {raw!r}"
        ) from exc
    return raw
