"""An observed eval run (`askbot eval … --ablate`, which records each turn's raw model reply and
its NOT-IN-ARTICLE probability) asked again through today's code, with the model replaced by those
records: what a change to the search, the citer or the checks does to the same replies, in seconds
instead of an hour. Each turn gets the reply recorded for it; a turn whose history changed may have
been answered otherwise by the model, so compare on the turns whose reply still fits (most do).

    python benchmarks/replay.py eval-results/t35-squad2_sample.jsonl ../shared/eval/dev/squad2_sample.jsonl \
        --split tuning --out eval-results/replay-squad.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from askbot.evaluation import Evaluator, print_summary, read_conversations  # noqa: E402
from askbot.generation import Generation, Prompt  # noqa: E402
from askbot.settings import Settings  # noqa: E402


class RecordedReplies:
    """A generator that replies what was recorded for the turn being asked, word by word."""

    name = "recorded"

    def __init__(self) -> None:
        self.reply: str | None = None
        self.refusal_p: float | None = None

    def stream(self, prompt: Prompt, max_tokens: int) -> Generation:
        def pieces(result: Generation):
            text = self.reply or ""
            result.refusal_p = self.refusal_p
            for i, word in enumerate(text.split(" ")):
                yield word if i == 0 else " " + word
        return Generation(pieces)

    def count_tokens(self, text: str) -> int:
        return len(text) // 4  # the recorded runs read every dev article whole; so does this

    def warm_up(self) -> None:
        pass

    def prefill(self, prompt: Prompt) -> None:
        pass


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("run", type=Path, help="an observed run's JSONL (with 'reply' per turn)")
    ap.add_argument("data", type=Path, help="the eval file it ran")
    ap.add_argument("--split", default=None)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    recorded = {}
    for line in args.run.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        recorded[(row["id"], row["turn"])] = row
    generator = RecordedReplies()
    evaluator = Evaluator(Settings.from_env(answer_cache=0), generator, observe=True)
    ask = evaluator.ask_turn

    def replayed(bot, cid, i, turn, history):
        row = recorded.get((cid, i), {})
        generator.reply, generator.refusal_p = row.get("reply"), (row.get("timings") or {}).get("refusal_p")
        return ask(bot, cid, i, turn, history)

    evaluator.ask_turn = replayed
    convs = [c for c in read_conversations(args.data, args.split)
             if any((c.get("id") or c.get("doc_id"), i) in recorded for i in range(len(c["turns"])))]
    with open(args.out, "w", encoding="utf-8") as out:
        summary = evaluator.run(convs, out, name=f"{args.data.name} (replayed)")
    print_summary(f"{args.data.name} replayed from {args.run.name}", summary.metrics())
    rows = [json.loads(line) for line in args.out.read_text(encoding="utf-8").splitlines()]
    same = sum(r["answer"] == recorded.get((r["id"], r["turn"]), {}).get("answer") for r in rows)
    print(f"{same} of {len(rows)} answers as recorded")
    return 0


if __name__ == "__main__":
    sys.exit(main())
