"""Citation variants measured without the language model: the answers of an observed eval run
(`askbot eval … --ablate`, which records the answer every turn would get) are cited again under
each variant of the cite stage, and scored: citation precision (gold: the passage holds a gold
answer or support span) and recall (some citation does), over the answered answerable turns.

    python benchmarks/citations.py eval-results/tuning-*.jsonl
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from calibrate import load  # noqa: E402

from askbot.article import load_article  # noqa: E402
from askbot.chunking import Chunker  # noqa: E402
from askbot.citing import QUOTE_PREFIX, Citer  # noqa: E402
from askbot.embedding import Embedder  # noqa: E402
from askbot.evaluation import citation_good, gold_spans  # noqa: E402
from askbot.evidence import ArticleEvidence  # noqa: E402
from askbot.index import ArticleIndex  # noqa: E402
from askbot.retrieval import Retriever  # noqa: E402
from askbot.settings import Settings  # noqa: E402
from askbot.text import CITATION_MARK  # noqa: E402
from askbot.vocabulary import Vocabulary  # noqa: E402

VARIANTS = {
    "extra passages at half the support (before)": {"min_extra_support": 0.5 * Settings().min_support},
    "extra passages need full support (today)": {},
    "one passage per sentence": {"max_citations_per_sentence": 1},
}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("rows", type=Path, nargs="+")
    args = parser.parse_args()
    s = Settings()
    embedder, chunker = Embedder(s.embedding_model, s.device), Chunker(s.chunk_max_chars, s.chunk_max_sentences)
    records = [(t, r, d) for t, r, d in load(args.rows)
               if t.get("answerable") is True and r.get("unrefused") and d
               and not r["unrefused"]["answer"].startswith(tuple(QUOTE_PREFIX.values()))]
    print(f"{len(records)} answerable turns with a model answer")
    sites: dict[str, tuple] = {}
    totals = {name: [0, 0, 0] for name in VARIANTS}  # citations, good, turns with a good one
    for turn, row, document in records:
        if document not in sites:
            index = ArticleIndex.build(load_article(document, name="eval"), chunker, embedder)
            sites = {document: (index, ArticleEvidence(index, embedder), Vocabulary(document), Retriever(index, embedder))}
        index, evidence, vocabulary, retriever = sites[document]
        reply = CITATION_MARK.sub("", row["unrefused"]["answer"])
        hits = retriever(row["search_query"])
        spans = gold_spans(document, turn)
        for name, options in VARIANTS.items():
            cited = Citer(evidence, vocabulary, s.min_support, **options)(
                reply, "", hits, polarity=False)
            good = [citation_good(c.to_dict(), document, turn, spans) for c in cited.citations]
            totals[name][0] += len(good)
            totals[name][1] += sum(good)
            totals[name][2] += any(good)
    for name, (n, good, recalled) in totals.items():
        print(f"{name:45s} citations {n:5d}  precision (gold) {good / max(n, 1):.3f}  "
              f"recall {recalled / max(len(records), 1):.3f}  per answer {n / max(len(records), 1):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
