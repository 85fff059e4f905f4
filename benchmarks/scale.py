"""askbot on Ray Serve, 1 answering replica against 2 on this machine: prints numbers, asserts nothing.

    python benchmarks/scale.py [--rounds 1] [--concurrent 20]

Each run starts ``askbot serve --replicas N`` (a local Ray cluster on 127.0.0.1) on a fresh data
folder (the language model's prompt prefixes stay in ~/.cache/askbot), adds 3 NewsQA stories, asks
one question about each of the 4 articles (the default one too) so every article is loaded
somewhere, then asks N different questions over the 4 articles at once. Runs alternate 1, 2, 1, 2…
Reported: answers a minute, p50/p95, the share answered by a replica that already had the article
loaded, how the questions spread over replicas, and each replica's RSS.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from api_load import QUESTIONS, articles, pct, rss_mb

from browser import running_ray_app  # noqa: E402 - api_load put tests/ on the path


def answerer_pids() -> list[int]:
    """The answering replicas' processes (Ray names them ServeReplica:askbot:Answerer)."""
    pids = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and b"ServeReplica:askbot:Answerer" in (proc / "cmdline").read_bytes():
                pids.append(int(proc.name))
        except OSError:
            continue
    return pids


def run(replicas: int, concurrent: int) -> None:
    data = Path(tempfile.mkdtemp(prefix="askbot-scale-"))
    t0 = time.perf_counter()
    with running_ray_app(data, replicas) as url, httpx.Client(base_url=url, timeout=3600) as client:
        print(f"{replicas} replica(s): ready in {time.perf_counter() - t0:.0f} s", flush=True)
        stories = articles(3)
        ids = ["default"] + [client.post("/api/articles", json={"text": t, "prepare": False}).json()["id"]
                             for t, _ in stories]
        questions = [QUESTIONS] + [qs for _, qs in stories]

        def ask(article_id: str, q: str) -> tuple[float, dict]:
            t = time.perf_counter()
            r = client.post(f"/api/articles/{article_id}/ask", json={"question": q})
            return time.perf_counter() - t, (r.json().get("timings", {}) if r.status_code == 200 else {"error": r.status_code})

        with ThreadPoolExecutor(4) as pool:  # every article loaded on some replica (its prefix restored or prefilled)
            list(pool.map(lambda i: ask(ids[i], questions[i][0]), range(4)))
        asks = [(ids[i % 4], questions[i % 4][1 + (i // 4) % (len(questions[i % 4]) - 1)]) for i in range(concurrent)]
        t0 = time.perf_counter()
        with ThreadPoolExecutor(concurrent) as pool:
            got = list(pool.map(lambda a: ask(*a), asks))
        wall = time.perf_counter() - t0
        lat = [g[0] for g in got]
        warm = sum(bool(g[1].get("article_loaded")) for g in got)
        spread = Counter(g[1].get("replica", "error") for g in got)
        rss = ", ".join(f"{rss_mb(p)[0]:.0f} MB (peak {rss_mb(p)[1]:.0f})" for p in answerer_pids())
        print(f"{replicas} replica(s), {concurrent} different questions over 4 articles at once: "
              f"{concurrent / wall * 60:.1f} answers/minute, p50 {statistics.median(lat):.1f} s, "
              f"p95 {pct(lat, 95):.1f} s, wall {wall:.1f} s; article already loaded for {warm}/{concurrent}; "
              f"by replica {dict(spread)}; replica RSS {rss}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=1, help="pairs of runs (1 replica, then 2)")
    parser.add_argument("--concurrent", type=int, default=20)
    args = parser.parse_args()
    for _ in range(args.rounds):
        for replicas in (1, 2):
            run(replicas, args.concurrent)


if __name__ == "__main__":
    main()
