"""Calibrate the model's doubt per kind of question on the tuning halves, then apply it to the
held-out halves: both from observed eval runs (`askbot eval … --ablate`), where every turn's
refusal probability and every check's verdict are recorded, so no model runs here.

For each kind (a yes-or-no question, a follow-up leaning on the conversation, any other question)
the threshold chosen is the lowest refusal probability at which the doubt check refuses, such that
on the tuning turns of that kind it refuses at most ``--max-false`` of the answerable ones (the
most unanswerable questions refused for that cost). Prints the thresholds, and the metrics of each
held-out file before (today's settings) and after.

    python benchmarks/calibrate.py --tuning eval-results/tuning-*.jsonl --heldout eval-results/base-*.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from askbot.checks import ORDER  # noqa: E402
from askbot.checks.doubt import kind as question_kind  # noqa: E402
from askbot.conversation import needs_context  # noqa: E402
from askbot.evaluation import Summary, read_conversations  # noqa: E402
from askbot.settings import Settings  # noqa: E402

DEV = ROOT.parent / "shared" / "eval" / "dev"
KINDS = ("yes_no", "followup", "fact")


def kind(row: dict) -> str:
    return question_kind(row["question"], "en", row["turn"] > 0 and needs_context(row["question"]))


def load(paths: list[Path]) -> list[tuple[dict, dict, str]]:
    """(gold turn, observed row, document) for each observed row."""
    out = []
    for path in paths:
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        name = path.name.split("-", 1)[1]  # tag-squad2_sample.jsonl
        gold = {(c.get("id") or c.get("doc_id"), i): (t, c.get("document") or "")
                for c in read_conversations(DEV / name) for i, t in enumerate(c["turns"])}
        out += [(gold[r["id"], r["turn"]][0], r, gold[r["id"], r["turn"]][1]) for r in rows if "checks" in r]
    return out


def doubtful(row: dict, limits: dict[str, float], strong: float) -> bool:
    p, evidence = row["timings"].get("refusal_p"), row["timings"].get("evidence", 0.0)
    return p is not None and p >= limits[kind(row)] and evidence < strong


def outcome(row: dict, limits: dict[str, float] | None, strong: float) -> dict:
    """The row as it would be with these doubt limits (None: as recorded) and the other checks'
    verdicts as recorded."""
    verdicts = dict(row.get("checks") or {})
    if limits is not None:
        verdicts.pop("model_doubt", None)
        if doubtful(row, limits, strong):
            verdicts["model_doubt"] = "model_doubt"
    fired = [c for c in ORDER if c in verdicts]
    if fired or not row.get("unrefused"):
        return {**row, "answerable": False, "answer": "", "citations": [],
                "refusal": {"code": verdicts[fired[0]] if fired else "unsupported"}}
    return {**row, "answerable": True, "refusal": None, **row["unrefused"]}


def choose(records, target: float, strong: float) -> dict[str, float]:
    """Per kind, the lowest limit at which the tuning turns of that kind keep their false
    abstention (all checks together) at most ``target``: the most unanswerable questions refused
    for that cost. 1.0 (never doubtful) when even that is over the target."""
    limits = {}
    for k in KINDS:
        mine = [(t, r) for t, r, _ in records if kind(r) == k]
        answerable = [(t, r) for t, r in mine if t.get("answerable") is True]
        candidates = sorted({r["timings"]["refusal_p"] for _, r in mine if r["timings"].get("refusal_p") is not None})
        limits[k] = 1.0
        for limit in candidates + [1.0]:
            wrong = sum(not outcome(r, {kk: limit for kk in KINDS}, strong)["answerable"] for _, r in answerable)
            if not answerable or wrong <= target * len(answerable):
                limits[k] = round(limit, 4)
                break
    return limits


def choose_accuracy(records, strong: float) -> dict[str, float]:
    """Per kind, the limit with the most correct turns of that kind on the tuning turns (a right
    refusal and a right answer count alike; a wrong refusal as much as a wrong answer)."""
    limits = {}
    for k in KINDS:
        mine = [rec for rec in records if kind(rec[1]) == k]
        candidates = sorted({r["timings"]["refusal_p"] for _, r, _ in mine if r["timings"].get("refusal_p") is not None})
        best = (-1, 1.0)
        for limit in candidates + [1.0]:
            summary = Summary()
            for turn, row, document in mine:
                summary.add(turn, outcome(row, {kk: limit for kk in KINDS}, strong), document)
            if summary.correct > best[0]:
                best = (summary.correct, round(limit, 4))
        limits[k] = best[1]
    return limits


def metrics(records, limits, strong) -> dict:
    summary = Summary()
    for turn, row, document in records:
        summary.add(turn, outcome(row, limits, strong), document)
    m = summary.metrics()
    return {k: m[k] for k in ("correct", "followup_correct", "abstention_unanswerable", "false_abstention")}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tuning", type=Path, nargs="+", required=True)
    parser.add_argument("--heldout", type=Path, nargs="+", required=True)
    parser.add_argument("--max-false", type=float, default=0.10,
                        help="the false abstention (all checks together) each kind of question may have on the tuning turns")
    parser.add_argument("--objective", choices=["accuracy", "false-abstention"], default="accuracy",
                        help="accuracy: the most correct turns per kind; false-abstention: the most refusals within --max-false")
    args = parser.parse_args()
    s = Settings()
    tuning = load(args.tuning)
    if args.objective == "accuracy":
        limits = choose_accuracy(tuning, s.strong_evidence)
        print(f"limits chosen on {len(tuning)} tuning turns (most correct per kind): {limits}")
    else:
        limits = choose(tuning, args.max_false, s.strong_evidence)
        print(f"limits chosen on {len(tuning)} tuning turns (false abstention <= {args.max_false} per kind): {limits}")
    for path in args.heldout:
        records = load([path])
        print(f"{path.name}: today {metrics(records, None, s.strong_evidence)}")
        print(f"{' ' * len(path.name)}  after {metrics(records, limits, s.strong_evidence)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
