"""askbot's server: the web chat at /, the HTTP JSON API at /api, the embeddable widget at /embed.

    python app.py [--host 127.0.0.1] [--port 7860] [--article FILE]
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "src"))

from askbot import AskbotError, Settings  # noqa: E402
from askbot.article import load_article  # noqa: E402
from askbot.feedback import FeedbackLog  # noqa: E402
from askbot.store import DEFAULT_ALIAS, Library  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description="askbot: web chat, HTTP API and widget in one server")
    parser.add_argument("--host", default=os.environ.get("ASKBOT_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("ASKBOT_PORT", "7860")))
    parser.add_argument("--article", help="open the chat on this article file (text, Markdown or HTML); it is "
                                          "added to the article store. Default: the bundled article")
    parser.add_argument("--feedback", type=Path, default=os.environ.get("ASKBOT_FEEDBACK"),
                        help="JSONL file for thumbs up/down (default: ASKBOT_DATA_DIR/feedback.jsonl)")
    parser.add_argument("--no-ui", action="store_true", help="serve only the HTTP API and the widget")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="askbot: %(levelname)s %(name)s: %(message)s")
    logging.getLogger("askbot").setLevel(logging.INFO)
    try:
        from askbot.server import create_app, serve

        settings = Settings.from_env()
        if args.host not in ("0.0.0.0", "::", "") and args.host not in settings.allowed_hosts.split(","):
            settings = settings.replace(allowed_hosts=f"{settings.allowed_hosts},{args.host}")  # the address given
        elif args.host in ("0.0.0.0", "::") and "ASKBOT_ALLOWED_HOSTS" not in os.environ:
            print("askbot: serving on every address: set ASKBOT_ALLOWED_HOSTS to the host names readers use "
                  "(only loopback names are answered now)", file=sys.stderr)
        library = Library(settings)
        article_id = DEFAULT_ALIAS
        if args.article:
            article = load_article(Path(args.article), max_chars=settings.max_article_chars)  # a file, never text
            item, _ = library.add(article.text, title=article.name,
                                  fmt="text")  # already what the reader sees
            article_id = item.id
        print("askbot: loading the models and reading the article…", flush=True)
        library.bot(article_id).warm_up()
        feedback = FeedbackLog(args.feedback) if args.feedback else None
        app = create_app(library, with_ui=not args.no_ui, feedback=feedback, article_id=article_id)
    except AskbotError as exc:
        print(f"askbot: error: {exc}", file=sys.stderr)
        return 2
    print(f"askbot: serving on http://{args.host}:{args.port} (chat /, API /api/articles, widget /embed?article=ID)", flush=True)
    serve(app, args.host, args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
