"""Where askbot's memory goes: prints the process's RSS after each part loads, asserts nothing.

    python benchmarks/memory.py [--slots 4] [--n-ctx 4096]

RSS is split by /proc/self/status into anonymous memory (heaps, the KV cache, the embedding weights) and
file-backed memory (the GGUF file mapped by llama.cpp, shared libraries); the step is what each
part added.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path


def rss() -> dict[str, float]:
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in {"VmRSS", "RssAnon", "RssFile", "VmHWM"}:
            fields[key] = int(value.split()[0]) / 1024
    return fields


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--slots", type=int, default=None)
    parser.add_argument("--n-ctx", type=int, default=None)
    args = parser.parse_args()
    rows, last = [], rss()

    def step(name: str) -> None:
        nonlocal last
        now = rss()
        rows.append((name, now["VmRSS"] - last["VmRSS"], now["RssAnon"] - last["RssAnon"],
                     now["RssFile"] - last["RssFile"], now["VmRSS"]))
        last = now

    step("python")
    from askbot import Bot, Settings

    settings = Settings.from_env(slots=args.slots, n_ctx=args.n_ctx)
    step("import askbot (numpy, faiss, bm25s, lingua)")
    bot = Bot.from_article(None, settings)
    step("default article's index")
    bot.embedder.warm_up()
    bot.embedder(["warm"])
    step("MiniLM (NumPy, its weights and tokenizer)")
    bot.generator.warm_up()
    step(f"language model engine ({settings.slots} slots x {settings.n_ctx} tokens of KV cache)")
    t = time.perf_counter()
    bot.warm_up()
    step(f"article prefix in a slot ({time.perf_counter() - t:.1f} s)")
    for q in ("Who is Mary McInerney?", "¿Quién es Mary McInerney?"):
        bot.ask(q)
    step("two questions (one Spanish: the translation prompt)")
    import gradio  # noqa: F401

    step("import gradio (the chat)")
    print(f"{'part':62} {'added MB':>9} {'anon':>7} {'file':>7} {'RSS MB':>8}")
    for name, d, anon, file, total in rows:
        print(f"{name:62} {d:9.0f} {anon:7.0f} {file:7.0f} {total:8.0f}")
    print(f"peak RSS {rss()['VmHWM']:.0f} MB")


if __name__ == "__main__":
    main()
