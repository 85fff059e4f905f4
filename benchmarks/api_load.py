"""The HTTP API under load: prints numbers, asserts nothing.

    python benchmarks/api_load.py [--articles 50] [--concurrent 20]

Starts ``app.py --no-ui`` on loopback with a fresh data folder (the language model's prompt caches
stay in ~/.cache/askbot), then
1. asks 20 questions about the default article at once and reports p50/p95 latency and answers a
   minute; then 20 asks of 5 questions (the answer cache); then 10 SSE streams (first delta p50);
2. adds 3 articles and at once asks 30 different questions over them (10 each, their own
   questions from the dev set), before their prompts are prefilled;
3. adds N articles (NewsQA stories and SQuAD paragraphs from ../shared/eval when present, else
   slices of the default article) and reports the server's memory (RSS) holding them;
4. asks one question about each and reports latency and memory again.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from browser import running_app  # noqa: E402

QUESTIONS = ["Who is Mary McInerney?", "Who took the photo?", "What did Giammattei call the term Northern Triangle?",
             "Why do most Guatemalans leave, according to Giammattei?",
             "What happened to the brother of the leader of Honduras?",
             "What does Giammattei want American lawmakers to do?", "When is Harris visiting Guatemala?",
             "How does Giammattei describe Kamala Harris?", "Who exploited the change of administrations?",
             "What are coyotes?", "What hit Guatemala last fall?", "Who contributed to this report?",
             "What did Giammattei say about the border wall?", "Why are people leaving Guatemala?",
             "What does Save the Children do in Guatemala?", "What did Giammattei say about vaccines?",
             "What is the Northern Triangle?", "Who leads Honduras?", "What is Harris's first international trip?",
             "What did the family in the video recount?"]
REPEATED = ["Who is Alejandro Giammattei?", "What did Giammattei say about traffickers?", "Where is Guatemala City?",
            "What did McInerney say about the travel ban?", "What is the population of Guatemala?"]
EVAL = REPO.parent / "shared" / "eval" / "dev"


def articles(n: int) -> list[tuple[str, list[str]]]:
    """(text, its questions): public QA documents when present, else slices of the default article."""
    out: list[tuple[str, list[str]]] = []
    for name in ("newsqa.jsonl", "squad2_sample.jsonl"):
        path = EVAL / name
        if path.is_file():
            for line in path.open(encoding="utf-8"):
                conv = json.loads(line)
                if conv.get("document") and conv["document"] not in {t for t, _ in out}:
                    out.append((conv["document"], [t["question"] for t in conv["turns"]]))
    if len(out) < n:
        text = (REPO / "src/askbot/data/giammattei-interview.txt").read_text(encoding="utf-8")
        paras = [p for p in text.split("\n\n") if len(p) > 200]
        for i in range(n - len(out)):
            out.append(("\n\n".join(paras[i % len(paras):] + [f"(copy {i})"]), [QUESTIONS[i % len(QUESTIONS)]]))
    return out[:n]


def rss_mb(pid: int) -> tuple[float, float]:
    status = Path(f"/proc/{pid}/status").read_text()
    get = lambda key: int(next(l.split()[1] for l in status.splitlines() if l.startswith(key))) / 1024  # noqa: E731
    return get("VmRSS:"), get("VmHWM:")


def server_pid(port: int) -> int:
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmd = (proc / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if any(c.endswith(b"app.py") for c in cmd) and str(port).encode() in cmd:
                return int(proc.name)
    raise RuntimeError("server process not found")


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q / 100 * (len(values) - 1)))]


def report(label: str, got: list[tuple[float, int, bool]], wall: float) -> None:
    lat = [g[0] for g in got]
    print(f"{label}: p50 {statistics.median(lat):.2f} s, p95 {pct(lat, 95):.2f} s, max {max(lat):.2f} s, "
          f"wall {wall:.1f} s, {len(got) / wall * 60:.1f} answers/minute, "
          f"errors {sum(g[1] != 200 for g in got)}, answered {sum(g[2] for g in got)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--concurrent", type=int, default=20)
    parser.add_argument("--skip-articles", action="store_true", help="only the concurrent asks")
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="askbot-bench-"))
    port = 7950
    with running_app(data, "--no-ui", port=port) as url, httpx.Client(base_url=url, timeout=3600) as client:
        pid = server_pid(port)
        print(f"server ready; RSS {rss_mb(pid)[0]:.0f} MB")

        def ask(article_id: str, q: str) -> tuple[float, int, bool]:
            t = time.perf_counter()
            r = client.post(f"/api/articles/{article_id}/ask", json={"question": q})
            return time.perf_counter() - t, r.status_code, r.status_code == 200 and r.json()["answerable"]

        # distinct questions queue for the model; repeated ones (5 questions, each asked by 4 readers)
        # wait for one answer (the answer cache)
        for label, qs in (("distinct questions", [QUESTIONS[i % len(QUESTIONS)] for i in range(args.concurrent)]),
                          ("5 questions x 4 readers", [REPEATED[i % 5] for i in range(args.concurrent)])):
            t0 = time.perf_counter()
            with ThreadPoolExecutor(args.concurrent) as pool:
                got = list(pool.map(lambda q: ask("default", q), qs))
            wall = time.perf_counter() - t0
            report(f"{args.concurrent} concurrent asks, {label} (default article)", got, wall)

        def stream(q: str) -> float:
            t = time.perf_counter()
            with client.stream("POST", "/api/articles/default/ask/stream", json={"question": q}) as r:
                for line in r.iter_lines():
                    if line.startswith("event: delta"):
                        return time.perf_counter() - t
            return time.perf_counter() - t

        qs = [f"{QUESTIONS[i]} Answer briefly." for i in range(10)]  # not in the answer cache
        with ThreadPoolExecutor(10) as pool:
            first = list(pool.map(stream, qs))
        print(f"10 concurrent SSE streams: first delta p50 {statistics.median(first):.2f} s, p95 {pct(first, 95):.2f} s")

        fresh = articles(3)
        ids = [client.post("/api/articles", json={"text": t + f"\n\n(bench {time.time()})", "prepare": False}).json()["id"]
               for t, _ in fresh]
        asks = [(ids[i % 3], qs[(i // 3) % len(qs)] + (f" ({i})" if i // 3 >= len(qs) else ""))  # distinct
                for i, qs in ((i, fresh[i % 3][1]) for i in range(30))]  # each article's own questions, 10 each
        t0 = time.perf_counter()
        with ThreadPoolExecutor(len(asks)) as pool:
            got = list(pool.map(lambda a: ask(*a), asks))
        report(f"{len(asks)} concurrent asks over 3 articles just added (prefix not prefilled)", got,
               time.perf_counter() - t0)
        print(f"RSS {rss_mb(pid)[0]:.0f} MB (peak {rss_mb(pid)[1]:.0f} MB)")
        if args.skip_articles:
            return
        docs = articles(args.articles)
        t0 = time.perf_counter()
        ids = []
        for text, _ in docs:
            r = client.post("/api/articles", json={"text": text, "prepare": False})
            r.raise_for_status()
            ids.append(r.json()["id"])
        print(f"added {len(ids)} articles in {time.perf_counter() - t0:.1f} s; "
              f"RSS {rss_mb(pid)[0]:.0f} MB (peak {rss_mb(pid)[1]:.0f} MB)")
        lat = []
        for article_id, (_, qs) in zip(ids, docs):
            lat.append(ask(article_id, qs[0])[0])
        print(f"one question about each ({len(ids)}; each article's first, so its prompt is prefilled): "
              f"p50 {statistics.median(lat):.2f} s, p95 {pct(lat, 95):.2f} s")
        listed = client.get("/api/articles").json()["articles"]
        print(f"listed {len(listed)} articles; RSS {rss_mb(pid)[0]:.0f} MB (peak {rss_mb(pid)[1]:.0f} MB); "
              f"on disk {sum(f.stat().st_size for f in (data / 'articles').rglob('*') if f.is_file()) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
