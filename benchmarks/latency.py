"""Latency and memory of askbot on the default article: prints numbers, asserts nothing.

    python benchmarks/latency.py [--model qwen2.5-coder-0.5b] [--repeat 1]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import time

from askbot import Bot, Settings
from askbot.types import Answer

QUESTIONS = [
    "Who is Mary McInerney?",
    "Who took the photo?",
    "What did Giammattei call the term Northern Triangle?",
    "Why do most Guatemalans leave, according to Giammattei?",
    "What happened to the brother of the leader of Honduras?",
    "What does Giammattei want American lawmakers to do?",
    "When is Harris visiting Guatemala?",
    "What is the population of Guatemala?",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=None)
    parser.add_argument("--generator", default=None)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    settings = Settings.from_env(llm=args.model, generator=args.generator)
    t0 = time.perf_counter()
    bot = Bot.from_article(None, settings)
    t_index = time.perf_counter() - t0
    t1 = time.perf_counter()
    bot.warm_up()
    t_warm = time.perf_counter() - t1
    ttfts, totals = [], []
    for _ in range(args.repeat):
        for q in QUESTIONS:
            start = time.perf_counter()
            first = None
            for item in bot.ask_stream(q):
                if first is None:
                    first = time.perf_counter() - start
                if isinstance(item, Answer):
                    answer = item
            totals.append(time.perf_counter() - start)
            ttfts.append(first)
            print(f"{totals[-1]:6.2f}s ttft {first:5.2f}s  {q}\n         -> {answer.text[:150]}", flush=True)
    q = statistics.quantiles
    result = {
        "model": f"{settings.generator}:{settings.llm}",
        "open_index_s": round(t_index, 2),
        "warm_up_s": round(t_warm, 2),
        "ttft_p50_s": round(statistics.median(ttfts), 2),
        "ttft_p95_s": round(q(ttfts, n=20)[-1], 2),
        "total_p50_s": round(statistics.median(totals), 2),
        "total_p95_s": round(q(totals, n=20)[-1], 2),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
