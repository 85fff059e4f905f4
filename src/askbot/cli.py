"""The ``askbot`` command: index, ask, chat, eval."""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import logging
import sys
import time
from pathlib import Path

from .errors import AskbotError, ModelUnavailableError
from .render import searched_for
from .settings import DEFAULT_ARTICLE, Settings
from .types import Answer, Turn


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env(generator=getattr(args, "generator", None), llm=getattr(args, "model", None),
                             index_dir=getattr(args, "index_dir", None))


def _article(args: argparse.Namespace, settings: Settings):
    """The article the command is about: ``--text`` as text, ``--article -`` read from stdin,
    ``--article FILE`` a file (a path that does not exist is an error naming it, never taken for
    the article's text), or the bundled article."""
    from .article import article_from_text, load_article

    text, name = getattr(args, "text", None), getattr(args, "article", None)
    if text is None and name == "-":
        text = sys.stdin.read()
    if text is not None:
        return article_from_text(text, name="text", max_chars=settings.max_article_chars)
    return load_article(Path(name) if name else DEFAULT_ARTICLE, max_chars=settings.max_article_chars)


def _bot(args: argparse.Namespace):
    from .bot import Bot

    settings = _settings(args)
    return Bot.from_article(_article(args, settings), settings)


def _print_citations(answer: Answer, out=sys.stdout) -> None:
    for c in answer.citations:
        print(f"  [{c.n}] chars {c.start}-{c.end}: {c.text}", file=out)
    if answer.search_query:
        print(f"  ({searched_for(answer.search_query, answer.language)})", file=out)


def _stream(bot, question: str, history: list[Turn]) -> Answer:
    """Print the answer as it streams (verified sentences with their citation markers)."""
    answer, shown = None, ""
    for item in bot.ask_stream(question, history):
        if isinstance(item, Answer):
            answer = item
        elif sys.stdout.isatty():
            print(item, end="", flush=True)
            shown += item
    assert answer is not None
    print(answer.text[len(shown):] if answer.text.startswith(shown) else f"\n{answer.text}")
    return answer


def cmd_index(args: argparse.Namespace) -> int:
    from .chunking import Chunker
    from .embedding import Embedder
    from .index import ArticleIndex, index_path

    settings = _settings(args)
    article = _article(args, settings)
    index = ArticleIndex.build(article, Chunker(settings.chunk_max_chars, settings.chunk_max_sentences),
                               Embedder(settings.embedding_model, settings.device))
    path = index.save(Path(args.out) if args.out else index_path(settings.index_dir, article))
    print(f"indexed {article.name}: {len(index.chunks)} chunks, {len(article.text):,} characters -> {path}")
    return 0


def _loaded_bot(args: argparse.Namespace):
    """The bot with its models loaded and the article's prompt ready, and how long that took: a
    cold start is not counted as the answer's retrieval or first token."""
    start = time.perf_counter()
    bot = _bot(args)
    bot.warm_up()
    return bot, round(time.perf_counter() - start, 4)


def cmd_ask(args: argparse.Namespace) -> int:
    bot, load_s = _loaded_bot(args)
    history = []
    if args.history:
        try:
            history = [Turn(t["question"], t["answer"]) for t in json.loads(Path(args.history).read_text("utf-8"))]
        except (OSError, UnicodeDecodeError, ValueError, TypeError, KeyError) as exc:
            raise AskbotError(f"Cannot read the history file {args.history} ({exc}). It must be a JSON list of "
                              '{"question": …, "answer": …} objects.') from exc
    if args.json:
        answer = bot.ask(args.question, history)
        answer = dataclasses.replace(answer, timings={"load_s": load_s, **answer.timings})
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
        return 0
    answer = _stream(bot, args.question, history)
    _print_citations(answer)
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    bot = _bot(args)
    print(f"askbot: ask about {bot.article.name}. /new starts over, /quit leaves.")
    history: list[Turn] = []
    while True:
        try:
            question = input("\nyou> ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if question in {"/quit", "/exit", "quit", "exit"}:
            return 0
        if question == "/new":
            history = []
            print("(new conversation)")
            continue
        if not question:
            continue
        try:
            print("askbot> ", end="", flush=True)
            answer = _stream(bot, question, history)
        except AskbotError as exc:
            print(f"error: {exc}")
            continue
        _print_citations(answer)
        history.append(Turn(question, answer.text))


def cmd_eval(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from .evaluation import Evaluator, ablation, evaluate_rewrites, print_ablation, print_summary, read_conversations
    from .generation import make_generator

    settings = _settings(args)
    paths = [Path(p) for p in args.files]
    for p in paths:
        if not p.is_file():
            raise AskbotError(f"No eval file at {p}. Give a JSONL file of conversations.")
    out_path = Path(args.out)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    results = {}
    if args.mode == "rewrite":
        with open(out_path, "w", encoding="utf-8") as out:
            for p in paths:
                convs = itertools.islice(read_conversations(p, args.split), args.limit)
                results[p.name] = evaluate_rewrites(convs, out)
                print_summary(f"{p.name} (follow-up rewriting, gold history)", results[p.name])
        if args.summary:
            Path(args.summary).write_text(json.dumps(results, indent=2) + "\n")
        return 0
    evaluator = Evaluator(settings, make_generator(settings), default_article=Path(args.article) if args.article else None,
                          observe=args.ablate)
    with open(out_path, "w", encoding="utf-8") as out:
        for p in paths:
            convs = list(itertools.islice(read_conversations(p, args.split), args.limit))
            total = sum(len(c["turns"]) for c in convs)
            label = f"{p.name}{f' ({args.split} half)' if args.split else ''}"
            with tqdm(total=total, desc=p.name, unit="turn", file=sys.stderr, disable=args.quiet) as bar:
                summary = evaluator.run(convs, out, bar, name=label)
            results[label] = summary.metrics()
            print_summary(f"{label} ({settings.generator}:{settings.llm})", results[label])
            if args.ablate:
                results[label]["ablation"] = ablation(evaluator.records)
                print_ablation(label, results[label]["ablation"])
    if args.summary:
        Path(args.summary).write_text(json.dumps(results, indent=2) + "\n")
    report = _html_report(args, [out_path], results)
    print(one_line(results) + (f"; report: {report}" if report else ""))
    return 0


def _html_report(args: argparse.Namespace, results_paths: list[Path], metrics: dict | None = None) -> Path | None:
    """Write the HTML report to ``args.report`` (when given), comparing with ``args.compare``."""
    from .report import read_rows, write_html

    if not args.report:
        return None
    rows = [row for p in results_paths for row in read_rows(p)]
    old = read_rows(Path(args.compare)) if args.compare else None
    return write_html(Path(args.report), rows, old, title=args.title, metrics=metrics)


def one_line(results: dict) -> str:
    """The run in one line: per data file, its turns, correct, abstention and false abstention."""
    parts = []
    for name, m in results.items():
        bits = [f"{m.get('turns')} turns", f"correct {m.get('correct')}"]
        if m.get("abstention_unanswerable") is not None:
            bits.append(f"abstention {m['abstention_unanswerable']}")
        if m.get("false_abstention") is not None:
            bits.append(f"false abstention {m['false_abstention']}")
        bits.append(f"p50 {m.get('latency_p50_s')} s")
        parts.append(f"{name}: " + ", ".join(bits))
    return "; ".join(parts)


def cmd_report(args: argparse.Namespace) -> int:
    from .report import load, render

    paths = [Path(p) for p in args.summaries]
    for p in paths + [Path(p) for p in args.results]:
        if not p.is_file():
            raise AskbotError(f"No file at {p}. Write summaries with `askbot eval … --summary FILE` and results "
                              "with `askbot eval … --out FILE`.")
    if args.results:
        if not args.report:
            raise AskbotError("Say where the HTML report goes: `askbot report --results FILE --report DIR`.")
        print(f"report: {_html_report(args, [Path(p) for p in args.results], load(paths) if paths else None)}")
        return 0
    if not paths:
        raise AskbotError("Give summaries (`askbot report SUMMARY.json …`) or results (`--results FILE --report DIR`).")
    text = render(load(paths), args.title)
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        print(text)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """The HTTP API and widget on Ray Serve: article-affine answering replicas (see ray_app)."""
    try:
        from . import ray_app
    except ImportError as exc:
        raise ModelUnavailableError("Ray Serve is not installed: run `make install` (or "
                                    "`pip install 'ray[serve]'`).") from exc
    print(f"askbot: starting {'on ' + args.address if args.address else 'a local Ray cluster'} with "
          f"{args.replicas} answering replica(s); each loads the models (a minute on 2 cores)…", flush=True)
    url = ray_app.start(args.replicas, args.host, args.port, args.address, args.replica_cpus)
    print(f"askbot: serving on {url} (API /api/articles, widget /embed?article=ID)", flush=True)
    if args.address:
        return 0  # deployed: the cluster keeps serving
    import signal

    import ray

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stopped like Ctrl-C: the local cluster goes too
    try:
        while True:
            time.sleep(3600)
    finally:
        ray.shutdown()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="askbot", description="Ask questions about a news article; get cited answers.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--article", help="article file (text, Markdown or HTML), or - to read it from stdin; "
                                         "default: the bundled article")
        p.add_argument("--text", help="the article's text itself (instead of --article)")
        p.add_argument("--generator", choices=["llama-server", "extractive"], help="answer generator")
        p.add_argument("--model", help="language model (qwen2.5-coder-0.5b, qwen2.5-coder-1.5b)")
        p.add_argument("--index-dir", type=Path, help="where indexes live")

    p = sub.add_parser("index", help="build and save the index of an article")
    p.add_argument("article", nargs="?", help="article file, or - for stdin; default: the bundled article")
    p.add_argument("--text", help="the article's text itself (instead of a file)")
    p.add_argument("--out", help="index folder (default: INDEX_DIR/<name>-<sha>)")
    p.add_argument("--index-dir", type=Path, help="where indexes live")
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("ask", help="answer one question, with the cited passages")
    p.add_argument("question")
    p.add_argument("--history", help="JSON file: a list of {question, answer} turns")
    p.add_argument("--json", action="store_true", help="print the answer as JSON")
    common(p)
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("chat", help="an interactive conversation")
    common(p)
    p.set_defaults(func=cmd_chat)

    p = sub.add_parser("eval", help="run conversation files and print metrics")
    p.add_argument("files", nargs="+", help="JSONL files of conversations (eval FORMAT.md)")
    p.add_argument("--out", required=True, help="where to write one JSON line per turn")
    p.add_argument("--summary", help="also write the metrics as JSON here")
    p.add_argument("--limit", type=int, default=None, help="only the first N conversations of each file")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--split", choices=["tuning", "heldout"],
                   help="only this half of each file (by a stable hash of the conversation id)")
    p.add_argument("--ablate", action="store_true",
                   help="run every check on every turn and print what each does, and the metrics without it")
    p.add_argument("--report", metavar="DIR", help="write an HTML report with charts (index.html) and summary.json here")
    p.add_argument("--compare", metavar="OLD_RESULTS", help="with --report: an older run's --out file, side by side")
    p.add_argument("--title", default="askbot evaluation", help="the report's heading")
    p.add_argument("--mode", choices=["answer", "rewrite"], default="answer",
                   help="answer: the whole pipeline; rewrite: only follow-up rewriting, gold answers as history")
    common(p)
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("serve", help="serve the HTTP API and widget on Ray Serve, scaled out over replicas")
    p.add_argument("--replicas", type=int, default=2, help="answering replicas (each one language model)")
    p.add_argument("--address", help="deploy onto this running Ray cluster and exit: auto (the cluster this machine "
                                     "joined with `ray start`) or ray://head:10001; "
                                     "default: start a local cluster on 127.0.0.1 and serve until Ctrl-C")
    p.add_argument("--host", default="127.0.0.1", help="the HTTP proxy's address")
    p.add_argument("--port", type=int, default=8000, help="the HTTP proxy's port")
    p.add_argument("--replica-cpus", type=float, default=1.0, help="CPUs Ray reserves for each answering replica")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("report", help="render eval summaries as Markdown, or eval results as an HTML report")
    p.add_argument("summaries", nargs="*", help="files written by `askbot eval --summary` (Markdown report)")
    p.add_argument("--results", nargs="+", default=[], help="files written by `askbot eval --out` (HTML report)")
    p.add_argument("--report", metavar="DIR", help="with --results: where the HTML report goes")
    p.add_argument("--compare", metavar="OLD_RESULTS", help="with --results: an older run's results, side by side")
    p.add_argument("--out", help="write the report here (default: print it)")
    p.add_argument("--title", default="askbot evaluation", help="the report's heading")
    p.set_defaults(func=cmd_report)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(message)s")
    try:
        return args.func(args)
    except AskbotError as exc:
        print(f"askbot: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
