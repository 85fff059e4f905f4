"""How surely questions about the article itself (summary, author, date, dateline) are told from
questions about what it reports, by the threshold on similarity to data/intents.txt's examples:
every question of the dev files (about content: each taken for another intent is a false positive)
and the hand-written questions of benchmarks/intents.jsonl (wordings not among the examples).

    python benchmarks/intents.py --split tuning   # choose the threshold here
    python benchmarks/intents.py --split heldout  # and report it here
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from askbot.embedding import Embedder  # noqa: E402
from askbot.evaluation import read_conversations  # noqa: E402
from askbot.intent import CONTENT, Intents  # noqa: E402
from askbot.settings import Settings  # noqa: E402

DEV = ROOT.parent / "shared" / "eval" / "dev"
FILES = ("newsqa", "squad2_sample", "quac", "coqa_other_domains", "canard_dev")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=("tuning", "heldout"), default="heldout")
    args = ap.parse_args()
    settings = Settings()
    embedder = Embedder(settings.embedding_model, settings.device)
    intents = Intents(embedder, settings.min_intent_similarity)
    content = [t["question"] for f in FILES if (DEV / f"{f}.jsonl").exists()
               for c in read_conversations(DEV / f"{f}.jsonl", args.split) for t in c["turns"]]
    written = [json.loads(line) for line in (ROOT / "benchmarks" / "intents.jsonl").read_text().splitlines() if line]
    asked = [(q, CONTENT) for q in content] + [(w["question"], w["intent"]) for w in written]
    vectors = embedder([q for q, _ in asked])
    scored = [(intents.similarities(v), gold, q) for v, (q, gold) in zip(vectors, asked)]
    print(f"{len(content)} dev questions ({args.split} halves), {len(written)} written ones")
    print("threshold  dev questions taken for an intent  written: right intent  written content: wrong")
    for threshold in (0.55, 0.6, 0.65, 0.7, 0.75, 0.8):
        def said(best):
            top = max(best, key=best.get)
            return top if best[top] >= threshold else CONTENT
        dev_fp = sum(said(b) != CONTENT for b, g, _ in scored[:len(content)])
        meta = [(said(b), g) for b, g, _ in scored[len(content):] if g != CONTENT]
        wrong = sum(said(b) != CONTENT for b, g, _ in scored[len(content):] if g == CONTENT)
        mark = " <- settings" if abs(threshold - settings.min_intent_similarity) < 1e-9 else ""
        print(f"{threshold:9.2f}  {dev_fp:5d} / {len(content)}  {sum(s == g for s, g in meta):5d} / {len(meta)}"
              f"  {wrong:3d}{mark}")
    for best, gold, q in scored:
        top = max(best, key=best.get)
        if (best[top] >= settings.min_intent_similarity) != (gold != CONTENT):
            print(f"  miss at the setting: {q!r} ({gold}; closest {top} {best[top]:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
