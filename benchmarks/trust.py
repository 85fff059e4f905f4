"""Who did what, and how surely, counted in eval runs (`askbot eval … --out RUN.jsonl`), without
the model: of the answered turns, those whose cited evidence hedges a verb ("is expected to
announce") and those whose answer states such a verb as done (the hedge dropped); and the answers
the other_subject check finds about someone their evidence does not speak of (with --ablate, the
check's verdict is recorded on every turn, refused or not).

    python benchmarks/trust.py eval-results/base-quac.jsonl eval-results/final2-quac.jsonl
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from askbot.citing import _drops_hedge, _hedged  # noqa: E402

_SENTENCE = re.compile(r"(.*?)((?:\s*\[\d+\])+)\s*[.!?…]*[\"”’']*", re.S)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("runs", nargs="+", type=Path)
    args = ap.parse_args()
    print("run  answered  hedged evidence  hedge dropped  other_subject found")
    for run in args.runs:
        rows = [json.loads(line) for line in run.read_text(encoding="utf-8").splitlines() if line.strip()]
        answered = [r for r in rows if r.get("answerable")]
        hedged = dropped = 0
        for r in answered:
            by_n = {c["n"]: c["text"] for c in r.get("citations") or []}
            if any(_hedged(t) for t in by_n.values()):
                hedged += 1
            for m in _SENTENCE.finditer(r["answer"]):
                cited = " ".join(by_n.get(int(n), "") for n in re.findall(r"\d+", m[2]))
                if _drops_hedge(m[1], cited):
                    dropped += 1
                    break
        subject = sum(1 for r in rows if (r.get("checks") or {}).get("other_subject"))
        print(f"{run.name}  {len(answered)}  {hedged}  {dropped}  {subject}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
