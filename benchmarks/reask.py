"""The turns a change reaches, asked again with the model, each after the conversation as a recorded
run had it, and compared with that run: a change to a prompt or to how a follow-up is read, measured
in minutes on the turns it touches rather than in an hour on whole files. Turns are chosen by kind:
yes-or-no questions, a question word alone ("When?"), follow-ups, or all. Latencies include reading
each article into the model the first time one of its turns is asked.

    python benchmarks/reask.py eval-results/t36-coqa_other_domains.jsonl \
        ../shared/eval/dev/coqa_other_domains.jsonl --split tuning --kind bare [--out reasked.jsonl]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from askbot.conversation import is_bare, needs_context  # noqa: E402
from askbot.evaluation import Evaluator, Summary, print_summary, read_conversations  # noqa: E402
from askbot.generation import make_generator  # noqa: E402
from askbot.settings import Settings  # noqa: E402
from askbot.text import is_yes_no  # noqa: E402
from askbot.types import Turn  # noqa: E402

KINDS = {"yes_no": is_yes_no, "bare": is_bare, "followup": needs_context, "all": lambda q: True}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("run", type=Path, help="a recorded run's JSONL (`askbot eval … --out`)")
    ap.add_argument("data", type=Path, help="the eval file it ran")
    ap.add_argument("--split", default=None)
    ap.add_argument("--kind", choices=sorted(KINDS), default="all")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    recorded = {(r["id"], r["turn"]): r for r in map(json.loads, args.run.open(encoding="utf-8"))}
    chosen = KINDS[args.kind]
    settings = Settings.from_env(answer_cache=0)
    evaluator = Evaluator(settings, make_generator(settings))
    before, after, changed = Summary(), Summary(), 0
    out = args.out.open("w", encoding="utf-8") if args.out else None
    for conv in read_conversations(args.data, args.split):
        cid = conv.get("id") or conv.get("doc_id")
        turns = [i for i, t in enumerate(conv["turns"]) if chosen(t["question"])
                 and all((cid, j) in recorded for j in range(i + 1))]
        for i in turns:
            bot = evaluator.bot_for(conv.get("document"))
            turn, old = conv["turns"][i], recorded[(cid, i)]
            history = [Turn(conv["turns"][j]["question"], recorded[(cid, j)]["answer"]) for j in range(i)]
            row = evaluator.ask_turn(bot, cid, i, turn, history)
            before.add(turn, old, bot.article.text)
            row["score"] = after.add(turn, row, bot.article.text)
            if row["answer"] != old["answer"]:
                changed += 1
                print(f"{cid} #{i} {old['score'].get('correct')} -> {row['score'].get('correct')}  {turn['question']}\n"
                      f"    - {old['answer'][:150]}\n    + {row['answer'][:150]}", flush=True)
            if out:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"\n{changed} of {after.turns} answers changed")
    print_summary(f"{args.data.name}, {args.kind} turns as recorded", before.metrics())
    print_summary(f"{args.data.name}, {args.kind} turns asked again", after.metrics())
    return 0


if __name__ == "__main__":
    sys.exit(main())
