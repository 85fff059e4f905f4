"""askbot's web chat: `python app.py [--host 127.0.0.1] [--port 7860] [--article FILE]`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "src"))

from askbot import AskbotError, Bot, Settings  # noqa: E402
from askbot.feedback import FeedbackLog  # noqa: E402
from askbot.web import build_app, launch  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description="askbot web chat")
    parser.add_argument("--host", default=os.environ.get("ASKBOT_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("ASKBOT_PORT", "7860")))
    parser.add_argument("--article", help="article file (text, Markdown or HTML); default: the bundled article")
    parser.add_argument("--feedback", type=Path, default=os.environ.get("ASKBOT_FEEDBACK"),
                        help="JSONL file for thumbs up/down (default: ASKBOT_DATA_DIR/feedback.jsonl)")
    args = parser.parse_args()
    try:
        settings = Settings.from_env()
        bot = Bot.from_article(args.article, settings)
        print("askbot: loading the models and reading the article…", flush=True)
        bot.warm_up()
    except AskbotError as exc:
        print(f"askbot: error: {exc}", file=sys.stderr)
        return 2
    feedback = FeedbackLog(args.feedback) if args.feedback else None
    launch(build_app(bot, feedback), host=args.host, port=args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
