"""The evaluation runner: conversations in, one JSON line per turn out, summary metrics printed."""

from __future__ import annotations

import hashlib
import json
import re
import string
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np

from .article import load_article
from .bot import Bot
from .checks import ORDER, Observation
from .chunking import Chunker
from .conversation import QueryRewriter
from .embedding import Embedder
from .errors import AskbotError
from .index import ArticleIndex
from .settings import DEFAULT_ARTICLE, Settings
from .language import content_words
from .text import CITATION_MARK, YES_NO_HEAD
from .types import Answer, Turn

_CLAIM = re.compile(r"(.*?)((?:\s*\[\d+\])+)", re.S)
_NEGATION = re.compile(r"\b(?:not|no|never|none|nor|without|cannot)\b|n[’']t\b", re.I)


def normalize(text: str) -> str:
    """SQuAD-style answer normalisation: lower case, no punctuation, articles or extra spaces."""
    text = CITATION_MARK.sub("", text).lower()
    text = "".join(ch for ch in text if ch not in set(string.punctuation) | {"“", "”", "‘", "’"})
    text = re.sub(r"\b(a|an|the)\b", " ", text)
    return " ".join(text.split())


def token_f1(prediction: str, gold: str) -> float:
    p, g = normalize(prediction).split(), normalize(gold).split()
    if not p or not g:
        return float(p == g)
    common = sum((Counter(p) & Counter(g)).values())
    if common == 0:
        return 0.0
    precision, recall = common / len(p), common / len(g)
    return 2 * precision * recall / (precision + recall)


def is_correct(answer_text: str, golds: list[str]) -> bool:
    """Correct when the answer contains a gold answer, or overlaps one by token F1 >= 0.5."""
    norm = normalize(answer_text)
    return any((normalize(g) and normalize(g) in norm) or token_f1(answer_text, g) >= 0.5 for g in golds)


def gold_spans(document: str, turn: dict) -> list[tuple[int, int]]:
    spans = []
    for s in list(turn.get("support") or []) + list(turn.get("answers") or []):
        if not s or len(s.strip()) < 1:
            continue
        for m in re.finditer(re.escape(s.strip()), document):
            spans.append((m.start(), m.end()))
    return spans


def citation_good(cit: dict, document: str, turn: dict, spans: list[tuple[int, int]]) -> bool:
    """A citation is good when its passage contains a gold answer or covers a gold support span."""
    text = normalize(cit["text"])
    if any(normalize(a) and normalize(a) in text for a in turn.get("answers") or []):
        return True
    for s, e in spans:
        overlap = min(e, cit["end"]) - max(s, cit["start"])
        if overlap > 0 and overlap >= 0.5 * min(e - s, cit["end"] - cit["start"]):
            return True
    return False


def supports(passage: str, claim: str) -> bool:
    """Whether ``passage`` states ``claim``: every content word of the claim is in it, and the claim
    negates only what it negates. Strict on purpose: a claim that keeps the passage's words ("One
    employee was killed in western Darfur" of "one of its employees was killed in western Darfur")
    counts; one in other words, or put together from two passages, does not."""
    wanted = _roots(claim)
    if not wanted or wanted - _roots(passage):
        return False
    return not _NEGATION.search(claim) or bool(_NEGATION.search(passage))


def _roots(text: str) -> set[str]:
    return set(content_words(text))


def claim_support(answer_text: str, citations: list[dict]) -> dict[int, bool]:
    """For each citation number, whether its passage states every answer sentence it is attached to
    ("A [1][2]. B [2]." judges [2] by "A" and "B")."""
    passages = {c["n"]: c["text"] for c in citations}
    out: dict[int, bool] = {}
    for m in _CLAIM.finditer(answer_text):
        claim = YES_NO_HEAD.sub("", m[1].strip(" .;:")).strip()
        for k in (int(k) for k in re.findall(r"\d+", m[2])):
            if k in passages:
                out[k] = out.get(k, True) and supports(passages[k], claim)
    return out


def score_turn(turn: dict, row: dict, document: str) -> dict:
    """One turn against its gold: ``gold`` (answerable: True, False, or None when unknown),
    ``refused``, ``followup`` (not the first turn), and when gold is known ``correct`` (0/1); for an
    answerable turn answered, its ``f1`` and its citations: how many, how many ``good`` (a gold answer
    or support span), ``held`` (good, or stating the sentence they are attached to) and ``recalled``."""
    gold = turn.get("answerable", True)
    refused = not row["answerable"]
    score: dict = {"gold": gold, "refused": int(refused), "followup": row.get("turn", 0) > 0}
    if gold is None:
        return score
    if not gold:
        return {**score, "correct": int(refused)}
    golds = [a for a in turn.get("answers") or [] if a]
    if refused:
        return {**score, "correct": 0, "f1": 0.0}
    spans = gold_spans(document, turn)
    good = [citation_good(c, document, turn, spans) for c in row["citations"]]
    stated = claim_support(row["answer"], row["citations"])
    return {**score, "correct": int(is_correct(row["answer"], golds)),
            "f1": round(max((token_f1(row["answer"], g) for g in golds), default=0.0), 4),
            "citations": len(good), "good": sum(good),
            "held": sum(g or stated.get(c["n"], False) for g, c in zip(good, row["citations"])),
            "recalled": int(any(good))}


@dataclass
class Summary:
    turns: int = 0
    answerable: int = 0
    unanswerable: int = 0
    correct: int = 0
    f1: list[float] = field(default_factory=list)
    abstained_unanswerable: int = 0
    abstained_answerable: int = 0
    citations: int = 0
    good_citations: int = 0  # the passage contains a gold answer or support span
    held_citations: int = 0  # ...or states the answer sentence the citation is attached to
    recalled: int = 0
    latency: list[float] = field(default_factory=list)
    ttft: list[float] = field(default_factory=list)
    errors: int = 0
    followups: int = 0  # scored turns after the first of a conversation
    followups_correct: int = 0
    refusals: Counter = field(default_factory=Counter)  # (code, "answerable" | "unanswerable" | "unknown")

    def add(self, turn: dict, row: dict, document: str) -> dict:
        """Score one turn against its gold, count it, and return its score (see ``score_turn``)."""
        score = score_turn(turn, row, document)
        self.add_score(row, score)
        return score

    def add_score(self, row: dict, score: dict) -> None:
        """Count a turn already scored (an eval output row carries its ``score``)."""
        self.turns += 1
        self.latency.append(row["latency_s"])
        self.ttft.append(row["ttft_s"])
        gold = score["gold"]
        if row.get("refusal"):
            self.refusals[row["refusal"]["code"], {True: "answerable", False: "unanswerable"}.get(gold, "unknown")] += 1
        if gold is None:
            return
        self.correct += score["correct"]
        if gold:
            self.answerable += 1
            self.abstained_answerable += score["refused"]
            self.f1.append(score["f1"])
            self.citations += score.get("citations", 0)
            self.good_citations += score.get("good", 0)
            self.held_citations += score.get("held", 0)
            self.recalled += score.get("recalled", 0)
        else:
            self.unanswerable += 1
            self.abstained_unanswerable += score["refused"]
        if score["followup"]:
            self.followups += 1
            self.followups_correct += score["correct"]

    @classmethod
    def of_rows(cls, rows: Iterable[dict]) -> "Summary":
        """The summary of eval output rows (each with its ``score``)."""
        summary = cls()
        for row in rows:
            summary.add_score(row, row["score"])
            summary.errors += bool(row.get("error"))
        return summary

    def metrics(self) -> dict:
        def pct(values: list[float], q: float) -> float:
            return round(float(np.percentile(values, q)), 3) if values else 0.0
        scored = self.answerable + self.unanswerable
        return {
            "turns": self.turns,
            "correct": round(self.correct / scored, 3) if scored else None,
            "followup_correct": round(self.followups_correct / self.followups, 3) if self.followups else None,
            "answer_f1": round(float(np.mean(self.f1)), 3) if self.f1 else None,
            "citation_precision": round(self.held_citations / self.citations, 3) if self.citations else None,
            "citation_precision_gold": round(self.good_citations / self.citations, 3) if self.citations else None,
            "citation_recall": round(self.recalled / self.answerable, 3) if self.answerable else None,
            "abstention_unanswerable": round(self.abstained_unanswerable / self.unanswerable, 3) if self.unanswerable else None,
            "false_abstention": round(self.abstained_answerable / self.answerable, 3) if self.answerable else None,
            "latency_p50_s": pct(self.latency, 50),
            "latency_p95_s": pct(self.latency, 95),
            "ttft_p50_s": pct(self.ttft, 50),
            "ttft_p95_s": pct(self.ttft, 95),
            "errors": self.errors,
            "refusals": {code: {g: n for (c, g), n in sorted(self.refusals.items()) if c == code}
                         for code in sorted({c for c, _ in self.refusals})},
        }


SPLITS = ("tuning", "heldout")


def split_of(conversation: dict) -> str:
    """Which half of its file a conversation is in, "tuning" or "heldout": the parity of the first
    byte of the sha256 of its id (``id``, else ``doc_id``). Stable across runs, machines and files."""
    cid = str(conversation.get("id") or conversation.get("doc_id") or "")
    return SPLITS[hashlib.sha256(cid.encode("utf-8")).digest()[0] % 2]


def read_conversations(path: Path, split: str | None = None) -> Iterator[dict]:
    """The conversations of an eval file; with ``split``, only those of that half."""
    if split is not None and split not in SPLITS:
        raise AskbotError(f"split must be one of {', '.join(SPLITS)}. Currently it is {split!r}")
    for conv in _conversations(path):
        if split is None or split_of(conv) == split:
            yield conv


def _conversations(path: Path) -> Iterator[dict]:
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                conv = json.loads(line)
            except json.JSONDecodeError as exc:
                raise AskbotError(f"{path}:{lineno} is not valid JSON ({exc.msg}). Each line must be one conversation.") from exc
            if not isinstance(conv, dict) or not isinstance(conv.get("turns"), list):
                raise AskbotError(f"{path}:{lineno} has no 'turns' list. See the eval FORMAT.md.")
            yield conv


class Evaluator:
    """Runs conversations through a bot per document and scores the answers."""

    def __init__(self, settings: Settings, generator=None, embedder: Embedder | None = None,
                 default_article: str | Path | None = None, observe: bool = False) -> None:
        self.settings = settings
        self.observe = observe  # run every check on every turn and record what each said (for ablation)
        self.records: list[tuple[dict, dict, str]] = []  # (turn, row, document) of the last run
        self.embedder = embedder or Embedder(settings.embedding_model, settings.device)
        self.generator = generator
        self.chunker = Chunker(settings.chunk_max_chars, settings.chunk_max_sentences)
        self.default_article = default_article or DEFAULT_ARTICLE
        self._bots: dict[str, Bot] = {}

    def bot_for(self, document: str | None) -> Bot:
        if not document:
            key = f"file:{self.default_article}"
            if key not in self._bots:
                self._bots = {key: Bot.from_article(self.default_article, self.settings, generator=self.generator,
                                                    embedder=self.embedder)}
            return self._bots[key]
        if document not in self._bots:
            article = load_article(document, name="eval-document")
            index = ArticleIndex.build(article, self.chunker, self.embedder)
            self._bots = {document: Bot(index, self.embedder, self.generator, self.settings)}
        return self._bots[document]

    def run(self, conversations: Iterable[dict], out, progress=None, name: str = "") -> Summary:
        summary = Summary()
        self.records = []
        for conv in conversations:
            cid = conv.get("id") or conv.get("doc_id")
            bot = self.bot_for(conv.get("document"))
            history: list[Turn] = []
            for i, turn in enumerate(conv["turns"]):
                row = self.ask_turn(bot, cid, i, turn, history)
                if row.get("error"):
                    summary.errors += 1
                row["file"] = name
                row["gold"] = {"answerable": turn.get("answerable", True), "answers": turn.get("answers") or []}
                row["score"] = summary.add(turn, row, bot.article.text)
                if self.observe:
                    self.records.append((turn, row, bot.article.text))
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
                out.flush()
                history.append(Turn(turn["question"], row["answer"]))
                if progress is not None:
                    progress.update(1)
        return summary

    def ask_turn(self, bot: Bot, cid, i: int, turn: dict, history: list[Turn]) -> dict:
        """One turn asked of ``bot`` after ``history``: its output row (see FORMAT.md), unscored."""
        t0 = time.perf_counter()
        ttft = None
        answer: Answer | None = None
        error = None
        observation = Observation() if self.observe else None
        try:
            for item in bot.ask_stream(turn["question"], history, observe=observation):
                if ttft is None:
                    ttft = time.perf_counter() - t0
                if isinstance(item, Answer):
                    answer = item
        except AskbotError as exc:
            error = str(exc)
        latency = time.perf_counter() - t0
        row = {
            "id": cid, "turn": i, "question": turn["question"],
            "answer": answer.text if answer else "",
            "answerable": answer.answerable if answer else False,
            "citations": [c.to_dict() for c in answer.citations] if answer else [],
            "search_query": answer.search_query if answer else turn["question"],
            "latency_s": round(latency, 3), "ttft_s": round(ttft if ttft is not None else latency, 3),
            "refusal": answer.refusal.to_dict() if answer and answer.refusal else None,
            "language": answer.language if answer else None,
            "timings": answer.timings if answer else {},
        }
        if observation is not None:
            unrefused = observation.unrefused
            row["checks"] = observation.verdicts
            row["reply"] = observation.reply
            row["unrefused"] = {"answer": unrefused.text, "citations": [c.to_dict() for c in unrefused.citations]
                                } if unrefused is not None else None
        if error:
            row["error"] = error
        return row


def ablation(records: list[tuple[dict, dict, str]], order: tuple[str, ...] = ORDER) -> dict:
    """What each check does, from one observed run (every check ran on every turn): for each, the
    refusals it decided (it was the first to refuse) and those it alone made, by gold answerability,
    and the metrics with it disabled, against all enabled. Exact, since the stages after a refusal
    ran too. "rules off" disables every check but the model's own doubt and the citation support."""
    def metrics(disabled: frozenset[str]) -> dict:
        summary = Summary()
        for turn, row, document in records:
            summary.add(turn, _without(row, disabled, order), document)
        m = summary.metrics()
        return {k: m[k] for k in ("correct", "followup_correct", "abstention_unanswerable", "false_abstention",
                                  "citation_precision_gold")}

    base = metrics(frozenset())
    table: dict = {"all checks": base}
    model = {"model_doubt", "model_refused", "unsupported", "invalid_question"}
    configs = [(name, frozenset({name})) for name in order] + [("rules off", frozenset(order) - model)]
    for name, disabled in configs:
        decided, alone = Counter(), Counter()
        for turn, row, _ in records:
            fired = [c for c in order if c in (row.get("checks") or {})]
            gold = {True: "answerable", False: "unanswerable"}.get(turn.get("answerable", True), "unknown")
            if fired and fired[0] in disabled:
                decided[gold] += 1
            if fired and set(fired) <= disabled:
                alone[gold] += 1
        m = metrics(disabled)
        table[f"without {name}"] = {"decided": dict(decided), "alone": dict(alone),
                                    **{k: _delta(m[k], base[k]) for k in m}}
    return table


def _delta(value, base):
    return None if value is None or base is None else round(value - base, 3)


def _without(row: dict, disabled: frozenset[str], order: tuple[str, ...]) -> dict:
    """The row as it would be with the ``disabled`` checks off."""
    fired = [c for c in order if c in (row.get("checks") or {}) and c not in disabled]
    if fired or not row.get("unrefused"):
        code = row["checks"][fired[0]] if fired else "unsupported"
        return {**row, "answerable": False, "answer": "", "citations": [], "refusal": {"code": code}}
    return {**row, "answerable": True, "refusal": None, **row["unrefused"]}


def print_ablation(name: str, table: dict, file=sys.stdout) -> None:
    print(f"\n{name}: ablation (decided/alone: refusals on answerable, unanswerable; then the change when disabled)",
          file=file)
    print(f"  {'':24s} {'decided':>9s} {'alone':>9s} {'correct':>8s} {'followup':>9s} {'abst.un':>8s} "
          f"{'false.ab':>8s} {'cite.gold':>9s}", file=file)
    for key, row in table.items():
        if key == "all checks":
            vals = [row[k] for k in ("correct", "followup_correct", "abstention_unanswerable", "false_abstention",
                                     "citation_precision_gold")]
            print(f"  {key:24s} {'':>9s} {'':>9s} " + " ".join(f"{v!s:>8s}" for v in vals), file=file)
            continue
        d, a = row["decided"], row["alone"]
        vals = [row[k] for k in ("correct", "followup_correct", "abstention_unanswerable", "false_abstention",
                                 "citation_precision_gold")]
        print(f"  {key:24s} {d.get('answerable', 0):>4d},{d.get('unanswerable', 0):<4d} "
              f"{a.get('answerable', 0):>4d},{a.get('unanswerable', 0):<4d} "
              + " ".join(f"{v!s:>8s}" for v in vals), file=file)


def print_summary(name: str, metrics: dict, file=sys.stdout) -> None:
    print(f"\n{name}", file=file)
    for key, value in metrics.items():
        print(f"  {key:26s} {value}", file=file)


def subject_of(conversation: dict) -> str | None:
    """What a conversation is about, from its optional ``meta.title`` ("Frank Zappa", "Pinhead
    (Hellraiser)", "Abdurrahman Wahid -- Early career", "Arthur Wellesley, 1st Duke of Wellington"): the
    name before any section, disambiguation or title."""
    title = (conversation.get("meta") or {}).get("title")
    if not isinstance(title, str):
        return None
    title = re.sub(r"\s*\([^)]*\)|\.txt\d*$", "", title.split(" -- ")[0]).split(", ")[0].strip()
    return title or None


def evaluate_rewrites(conversations: Iterable[dict], out=None) -> dict:
    """Score follow-up rewriting alone: gold answers as history, token F1 against the gold rewrite.
    The rewriter knows what each conversation is about (its title), as a bot knows its article."""
    scores, unchanged, n = [], [], 0
    for conv in conversations:
        rewriter = QueryRewriter(topic=subject_of(conv))
        history: list[Turn] = []
        for i, turn in enumerate(conv["turns"]):
            gold = turn.get("rewrite")
            query = rewriter(turn["question"], history)
            if gold:
                n += 1
                scores.append(token_f1(query, gold))
                unchanged.append(token_f1(turn["question"], gold))
                if out is not None:
                    out.write(json.dumps({"id": conv.get("id") or conv.get("doc_id"), "turn": i,
                                          "question": turn["question"], "search_query": query, "rewrite": gold,
                                          "f1": round(scores[-1], 3)}, ensure_ascii=False) + "\n")
            answers = [a for a in turn.get("answers") or [] if a]
            history.append(Turn(turn["question"], answers[0] if answers else ""))
    return {"turns": n, "rewrite_f1": round(float(np.mean(scores)), 3) if scores else None,
            "unchanged_f1": round(float(np.mean(unchanged)), 3) if unchanged else None}
