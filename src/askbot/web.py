"""The Gradio chat: a thin adapter that streams what ``Bot.ask_stream`` produces."""

from __future__ import annotations

import html
import os
from typing import Iterator

from .bot import Bot
from .errors import AskbotError
from .types import Answer

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")


def render_answer(answer: Answer) -> str:
    """Markdown for the chat: the answer, then each citation with its offsets, as escaped text."""
    if not answer.answerable:
        return f"**{html.escape(answer.text)}**"
    lines = [html.escape(answer.text), ""]
    for c in answer.citations:
        lines.append(f"[{c.n}] chars {c.start}–{c.end}: “{html.escape(c.text)}”  ")
    if answer.search_query:
        lines.append(f"\n*Searched for: {html.escape(answer.search_query)}*")
    return "\n".join(lines)


def build_app(bot: Bot):
    import gradio as gr

    def respond(message: str, history: list[dict]) -> Iterator[str]:
        try:
            shown = ""
            for item in bot.ask_stream(message, history):
                if isinstance(item, Answer):
                    yield render_answer(item)
                else:
                    shown += item
                    yield html.escape(shown)
        except AskbotError as exc:
            yield f"⚠️ {html.escape(str(exc))}"

    theme = gr.themes.Base(font=["system-ui", "sans-serif"], font_mono=["ui-monospace", "monospace"])
    with gr.Blocks(title="askbot", analytics_enabled=False) as demo:
        gr.Markdown(f"### askbot — ask about *{html.escape(bot.article.name)}*")
        gr.ChatInterface(respond, analytics_enabled=False, api_name="chat",
                         chatbot=gr.Chatbot(height=520, sanitize_html=True, allow_tags=False))
    demo.theme_for_launch = theme
    return demo
