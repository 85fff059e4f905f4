"""Attribute first, measured: does the probability the model gives to "no sentence answers this"
(asked for the number of the answering sentence, 0 if none) separate unanswerable from answerable
questions better than today's signal (its probability of replying NOT IN ARTICLE)?

For each turn of a data file's tuning (or held-out) half, with the gold answers as the earlier
turns: the search runs as in the bot, then one forward pass per signal, each reading the first
token only:
  nia        today's answer prompt (the article as it is), P(first token of NOT IN ARTICLE)
  zero_ans   the answer prompt's system, the article as numbered sentences and "reply with the
             number of the sentence that answers, or 0": P("0") (this shares its prefix with an
             answer prompt on the numbered article)
  zero_num   the same question with a system prompt of its own for the task: P("0"); the number it
             would write is recorded, and whether that sentence holds a gold answer
Prints ROC AUC per signal and file, and the abstention each reaches at false abstention <= 0.10.

    python benchmarks/attribution.py --files squad2_sample quac coqa_other_domains --per-file 120 \
        --out eval-results/attribution-tuning.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from askbot import Bot, Settings  # noqa: E402
from askbot.article import load_article  # noqa: E402
from askbot.chunking import Chunker  # noqa: E402
from askbot.checks.doubt import kind  # noqa: E402
from askbot.conversation import expand_ellipsis  # noqa: E402
from askbot.embedding import Embedder  # noqa: E402
from askbot.evaluation import normalize, read_conversations  # noqa: E402
from askbot.generation import Prompt, make_generator  # noqa: E402
from askbot.index import ArticleIndex  # noqa: E402
from askbot.types import Turn  # noqa: E402

DEV = ROOT.parent / "shared" / "eval" / "dev"
ATTRIBUTE = "\nWhich numbered sentence answers the question? Reply with its number only, or 0 if none does."
TASK = ("You find the sentence of a news article that answers a reader's question. Reply with the sentence's "
        "number only. If no sentence answers the question, reply 0.")


def first_token(generator, prompt: Prompt, tokens: int = 1) -> tuple[float | None, str]:
    stream = generator.stream(prompt, tokens)
    text = stream.text()
    return stream.refusal_p, text


def auc(pos: list[float], neg: list[float]) -> float | None:
    """P(a random unanswerable turn scores above a random answerable one)."""
    if not pos or not neg:
        return None
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def at_false(pos: list[float], neg: list[float], limit: float = 0.10) -> tuple[float, float]:
    """(abstention on unanswerable, threshold) at the lowest threshold whose false abstention <= limit."""
    best = (0.0, 1.01)
    for t in sorted(set(pos + neg)):
        fa = sum(n >= t for n in neg) / max(1, len(neg))
        if fa <= limit:
            best = max(best, (sum(p >= t for p in pos) / max(1, len(pos)), t))
    return best


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", nargs="+", default=["squad2_sample", "quac", "coqa_other_domains"])
    parser.add_argument("--split", default="tuning")
    parser.add_argument("--per-file", type=int, default=120, help="turns per file at most")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--summarize", action="store_true", help="only print the figures of --out")
    parser.add_argument("--weight", type=float, default=0.5, help="the attribution's weight in the mean")
    args = parser.parse_args()
    if not args.summarize:
        run(args)
    rows = [json.loads(line) for line in args.out.read_text().splitlines() if line.strip()]
    for r in rows:
        r["mean"] = (1 - args.weight) * r["nia"] + args.weight * r["zero_num"]
    calibrate(rows)
    for name in sorted({r["file"] for r in rows}):
        mine = [r for r in rows if r["file"] == name]
        for kind in ("all", "first", "followup"):
            sel = [r for r in mine if kind == "all" or (not r["followup"]) == (kind == "first")]
            pos = [r for r in sel if r["answerable"] is False]
            neg = [r for r in sel if r["answerable"]]
            line = [f"{name:20} {kind:8} n={len(sel):3} unans={len(pos):3}"]
            for sig in ("nia", "zero_ans", "zero_num", "mean"):
                a = auc([r[sig] for r in pos], [r[sig] for r in neg])
                ab, t = at_false([r[sig] for r in pos], [r[sig] for r in neg])
                line.append(f"{sig} auc={a if a is None else round(a, 3)} abst@fa.10={ab:.2f} (t={t:.2f})")
            print("  ".join(line))
        cited = [r for r in mine if r["answerable"] and r["chosen_has_gold"] is not None]
        print(f"{name:20} chosen sentence holds a gold answer: {sum(r['chosen_has_gold'] for r in cited)}/{len(cited)}")
    return 0


def calibrate(rows: list[dict]) -> None:
    """Per kind of question, pooled over the files: the false abstention today's limit on the first
    reading gives the answerable turns, and the lowest limit on the mean of both readings that gives
    no more (iso-false-abstention), with the abstention each reaches on the unanswerable turns."""
    settings = Settings()
    today = {"yes_no": settings.max_yes_no_refusal_p, "followup": settings.max_followup_refusal_p,
             "fact": settings.max_refusal_p}
    print("\nkind      n   unans  today's limit: false abst / abst   ->  limit on the mean: false abst / abst")
    for name, limit in today.items():
        sel = [r for r in rows if kind(r["question"], "en", r["followup"]) == name]
        ans = [r for r in sel if r["answerable"]]
        unans = [r for r in sel if r["answerable"] is False]
        if not ans or not unans:
            continue
        fa = sum(r["nia"] >= limit for r in ans) / len(ans)
        ab = sum(r["nia"] >= limit for r in unans) / len(unans)
        best = min((t for t in sorted({r["mean"] for r in sel}) if sum(r["mean"] >= t for r in ans) / len(ans) <= fa),
                   default=1.0)
        fa2 = sum(r["mean"] >= best for r in ans) / len(ans)
        ab2 = sum(r["mean"] >= best for r in unans) / len(unans)
        print(f"{name:8} {len(sel):4} {len(unans):5}  {limit:.2f}: {fa:.3f} / {ab:.3f}   ->  {best:.3f}: {fa2:.3f} / {ab2:.3f}")


def run(args) -> None:
    settings = Settings.from_env(answer_cache=0)
    embedder = Embedder(settings.embedding_model, settings.device)
    generator = make_generator(settings)
    chunker = Chunker(settings.chunk_max_chars, settings.chunk_max_sentences)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        for name in args.files:
            done, t0 = 0, time.time()
            for conv in read_conversations(DEV / f"{name}.jsonl", args.split):
                if done >= args.per_file:
                    break
                article = load_article(conv["document"], name="eval-document")
                bot = Bot(ArticleIndex.build(article, chunker, embedder), embedder, generator, settings)
                numbered, spans = bot.prompter.numbered()
                history: list[Turn] = []
                for i, turn in enumerate(conv["turns"]):
                    if done >= args.per_file:
                        break
                    if turn.get("answerable") is not None:
                        out.write(json.dumps(measure(bot, numbered, spans, name, conv, i, turn, history)) + "\n")
                        out.flush()
                        done += 1
                    history.append(Turn(turn["question"], (turn.get("answers") or [""])[0] if turn.get("answerable")
                                        else "The article doesn't say."))
            print(f"{name}: {done} turns in {time.time() - t0:.0f} s", file=sys.stderr)


def measure(bot: Bot, numbered: str, spans, name: str, conv: dict, i: int, turn: dict, history: list[Turn]) -> dict:
    draft = bot.search(bot.read(bot.clean(turn["question"]), history))
    context = draft.turns if draft.followup else ()
    asked = expand_ellipsis(draft.question, list(draft.turns)) if context else draft.query
    plain = bot.prompter.answer(asked, list(draft.hits), context)
    nia, _ = first_token(bot.generator, plain)
    system = plain.system + "\n- The article is given as numbered sentences."
    num_context = "Article (numbered sentences):\n" + numbered + "\n"
    zero_ans, _ = first_token(bot.generator, Prompt(system, num_context, plain.question + ATTRIBUTE, refusal="0"))
    zero, text = first_token(bot.generator, Prompt(TASK, num_context, plain.question + ATTRIBUTE, refusal="0"), 3)
    digits = "".join(ch for ch in text.strip()[:3] if ch.isdigit())
    k = int(digits) if digits else None
    has_gold = None
    if turn.get("answerable") and k is not None and 1 <= k <= len(spans):
        sentence = normalize(bot.article.text[spans[k - 1].start:spans[k - 1].end])
        has_gold = any(normalize(a) and normalize(a) in sentence for a in turn.get("answers") or [])
    return {"file": name, "id": conv.get("id") or conv.get("doc_id"), "turn": i, "question": turn["question"],
            "answerable": turn["answerable"], "followup": draft.followup, "nia": nia, "zero_ans": zero_ans,
            "zero_num": zero, "chosen": k, "chosen_text": text, "chosen_has_gold": has_gold}


if __name__ == "__main__":
    raise SystemExit(main())
