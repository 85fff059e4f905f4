"""Checks: small objects that may refuse a question, each in its own module, run in the order of
``ORDER`` at the stage each names. Adding a check is adding a module with a registered class and its
name in ``ORDER``; ``Settings.disabled_checks`` (``ASKBOT_DISABLED_CHECKS=denied,non_answer``) turns
any off.

Stages, in the order the answer path reaches them:
  read      the question as cleaned, before anything else reads it
  question  after the search: the question, its rewrite and the retrieved passages
  doubt     at the model's first token, before anything is shown: its refusal probability
  reply     the model's whole reply
  answer    the reply's sentences with their citations
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from ..types import Hit, Refusal, Turn

if TYPE_CHECKING:
    from ..citing import Cited
    from ..evidence import ArticleEvidence
    from ..settings import Settings
    from ..vocabulary import Vocabulary

STAGES = ("read", "question", "doubt", "reply", "answer")
# the order checks run in; the first to refuse decides
ORDER = ("invalid_question", "unmentioned", "model_doubt", "model_refused", "non_answer", "unsupported", "denied",
         "other_subject", "ignored_change")


@dataclass(frozen=True)
class Draft:
    """What the answer path knows of one question so far; each stage returns a new one."""

    question: str  # as asked, cleaned, without instructions to the assistant
    language: str  # the reader's: the answer is rendered in it
    turns: tuple[Turn, ...] = ()
    followup: bool = False  # leans on the conversation ("what did he do then?")
    query: str = ""  # self-contained, for the search
    query_vector: np.ndarray | None = field(default=None, compare=False)
    hits: tuple[Hit, ...] = ()
    evidence: float = 0.0  # how well the best retrieved sentence matches the query
    refusal_p: float | None = None  # the model's probability of replying "not in the article"
    reply: str | None = None  # the model's reply, tidied; None before generation
    cited: "Cited | None" = None
    intent: str = "content"  # what the question asks for: askbot.intent (a summary, the author, …)
    reads: str = ""  # the language of ``question`` now (English once translated for the search); "" is ``language``
    asked: str = ""  # the question in the reader's own words, once ``question`` is its translation

    @property
    def text_language(self) -> str:
        """The language of the text the checks read: the question as it stands and the reply."""
        return self.reads or self.language


@dataclass(frozen=True)
class Tools:
    """What checks may use: the article's names and numbers, the settings, its sentences."""

    vocabulary: "Vocabulary"
    settings: "Settings"
    evidence: "ArticleEvidence | None" = None


class Check:
    """A check: a name, the stage it runs at, the languages it can judge (None: any), and
    ``__call__`` returning a ``Refusal`` or None. A question in another language skips it, unless it
    was translated into one the check judges before the check's stage."""

    name: ClassVar[str]
    stage: ClassVar[str]
    languages: ClassVar[frozenset[str] | None] = frozenset({"en"})

    def __init__(self, tools: Tools) -> None:
        self.tools = tools
        self.settings = tools.settings

    def applies(self, draft: Draft) -> bool:
        return self.languages is None or draft.text_language in self.languages

    def in_article_language(self, draft: Draft) -> bool:
        """Whether the question was searched in the article's language, so that how well it
        matches the article's sentences (``Draft.evidence``) means something."""
        evidence = self.tools.evidence
        return draft.text_language == (evidence.language if evidence is not None else "en")

    def refuse(self, code: str, *details: str) -> Refusal:
        return Refusal(code, self.name, tuple(details))

    def __call__(self, draft: Draft) -> Refusal | None:
        raise NotImplementedError


REGISTRY: dict[str, type[Check]] = {}


def register(cls: type[Check]) -> type[Check]:
    if cls.stage not in STAGES:
        raise ValueError(f"{cls.__name__}.stage must be one of {', '.join(STAGES)}. Currently it is {cls.stage!r}")
    REGISTRY[cls.name] = cls
    return cls


@dataclass
class Observation:
    """What every check said of one question (for ablation), not only the first to refuse, and the
    answer askbot would have given had none refused."""

    verdicts: dict[str, str] = field(default_factory=dict)  # check name -> refusal code
    unrefused: object = None  # the Answer with no refusal, when the model replied
    reply: str | None = None  # the model's reply as generated (to replay the cite stage and checks without it)


class Checks:
    """The enabled checks, in ``ORDER``."""

    def __init__(self, tools: Tools, disabled: frozenset[str] | tuple[str, ...] = ()) -> None:
        unknown = set(disabled) - set(ORDER)
        if unknown:
            raise ValueError(f"Unknown check {', '.join(sorted(unknown))} in disabled_checks. "
                             f"The checks are: {', '.join(ORDER)}")
        self.checks = [REGISTRY[name](tools) for name in ORDER if name not in disabled]

    def run(self, stage: str, draft: Draft, observe: Observation | None = None) -> Refusal | None:
        """The first refusal of the stage's checks; observing, every check runs and is recorded."""
        first = None
        for check in self.checks:
            if check.stage != stage or not check.applies(draft):
                continue
            refusal = check(draft)
            if refusal is None:
                continue
            first = first or refusal
            if observe is None:
                break
            observe.verdicts[check.name] = refusal.code
        return first


from . import changed, denied, doubt, invalid, non_answer, refused, subject, support, unmentioned  # noqa: E402,F401
