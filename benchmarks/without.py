"""An observed eval run (`askbot eval … --ablate`) as it would be with some checks off, without the
model: each turn's answer is the first recorded verdict of the checks left on, else the answer
recorded for it unrefused. Writes a summary JSON like `askbot eval --summary` (for `askbot report`).

    python benchmarks/without.py eval-results/final2-quac.jsonl --off other_subject --summary S.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from calibrate import load, outcome  # noqa: E402

from askbot.checks import ORDER  # noqa: E402
from askbot.evaluation import Summary, ablation  # noqa: E402
from askbot.settings import Settings  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("run", type=Path)
    ap.add_argument("--off", nargs="+", required=True, help="check names")
    ap.add_argument("--summary", type=Path, required=True)
    ap.add_argument("--label", default=None)
    args = ap.parse_args()
    summary, records = Summary(), []
    for turn, row, document in load([args.run]):
        row = {**row, "checks": {k: v for k, v in (row.get("checks") or {}).items() if k not in args.off}}
        records.append((turn, row, document))
        # timings as observed: a refusal decided before generation has its own (shorter) latency
        summary.add(turn, outcome(row, None, Settings().strong_evidence), document)
    name = args.label or f"{args.run.name.split('-', 1)[1].removesuffix('.jsonl')}.jsonl (heldout half)"
    table = ablation(records, tuple(c for c in ORDER if c not in args.off))
    args.summary.write_text(json.dumps({name: {**summary.metrics(), "ablation": table}}, indent=2) + "\n")
    print(json.dumps({name: {k: v for k, v in summary.metrics().items() if k != "refusals"}}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
