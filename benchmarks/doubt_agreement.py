"""Do two evaluation runs read the model's doubt alike? Prints numbers, asserts nothing.

    python benchmarks/doubt_agreement.py OLD.jsonl NEW.jsonl [--limit 0.20]

For the turns both runs recorded (same conversation and turn): the correlation of the probability
the model gave to "NOT IN ARTICLE" (Pearson, and Spearman on ranks), how often the two fall on the
same side of the refusal limit, how often the answers are the same text, and how often the turn's
correctness is the same. Used to compare generation engines on the same questions.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np


def rows(path: Path) -> dict[tuple, dict]:
    out = {}
    for line in path.open(encoding="utf-8"):
        r = json.loads(line)
        out[(r.get("file", ""), r["id"], r["turn"])] = r
    return out


def ranks(x: np.ndarray) -> np.ndarray:
    return np.argsort(np.argsort(x)).astype(float)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--limit", type=float, default=0.20)
    args = parser.parse_args()
    old, new = rows(args.old), rows(args.new)
    both = [k for k in old if k in new]
    pairs = [(old[k]["timings"].get("refusal_p"), new[k]["timings"].get("refusal_p")) for k in both]
    pairs = np.array([p for p in pairs if None not in p], dtype=float)
    same_answer = sum(old[k]["answer"] == new[k]["answer"] for k in both)
    same_score = sum((old[k].get("score") or {}).get("correct") == (new[k].get("score") or {}).get("correct") for k in both)
    print(f"turns in both runs: {len(both)}; with the doubt read in both: {len(pairs)}")
    if len(pairs) > 2:
        a, b = pairs[:, 0], pairs[:, 1]
        print(f"doubt: Pearson {np.corrcoef(a, b)[0, 1]:.3f}, Spearman {np.corrcoef(ranks(a), ranks(b))[0, 1]:.3f}, "
              f"same side of {args.limit}: {np.mean((a > args.limit) == (b > args.limit)):.3f} "
              f"(old above: {np.mean(a > args.limit):.3f}, new above: {np.mean(b > args.limit):.3f}), "
              f"median |difference| {np.median(np.abs(a - b)):.4f}")
    if both:
        print(f"same answer text: {same_answer / len(both):.3f}; same correctness: {same_score / len(both):.3f}")


if __name__ == "__main__":
    main()
