"""Retrieval measured without the language model: for every answerable turn of a data file's
held-out (or tuning) half, does one of the top-k passages hold a gold answer or support span?
Asked with the turn's own question, so follow-ups score lower than the bot (which rewrites them).

    python benchmarks/retrieval.py ../shared/eval/dev/newsqa.jsonl --split heldout
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from askbot.article import article_from_text  # noqa: E402
from askbot.chunking import Chunker  # noqa: E402
from askbot.embedding import Embedder  # noqa: E402
from askbot.evaluation import gold_spans, read_conversations  # noqa: E402
from askbot.index import ArticleIndex  # noqa: E402
from askbot.retrieval import Retriever  # noqa: E402
from askbot.settings import Settings  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--split", choices=("tuning", "heldout"), default="heldout")
    ap.add_argument("--top-k", type=int, default=Settings().top_k)
    args = ap.parse_args()
    settings, embedder = Settings(), Embedder(Settings().embedding_model, Settings().device)
    chunker = Chunker(settings.chunk_max_chars, settings.chunk_max_sentences)
    for path in args.files:
        hit = total = 0
        for conv in read_conversations(path, args.split):
            document = conv.get("document") or ""
            if not document.strip():
                continue
            article = article_from_text(document, name=str(conv.get('id')))
            index = ArticleIndex.build(article, chunker, embedder)
            document = article.text
            retriever = Retriever(index, embedder, top_k=args.top_k)
            for turn in conv["turns"]:
                spans = gold_spans(document, turn) if turn.get("answerable", True) else []
                if not spans:
                    continue
                total += 1
                hits = retriever(turn["question"])
                hit += any(h.chunk.start <= s < h.chunk.end or s <= h.chunk.start < e for h in hits for s, e in spans)
        print(f"{path.name} ({args.split}): gold in top {args.top_k}: {hit}/{total} = {hit / max(total, 1):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
