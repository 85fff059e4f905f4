"""The Gradio chat: a thin adapter over ``Bot``. It streams what ``Bot.ask_stream`` produces and
renders citations (data with offsets) as clickable markers that highlight the article panel."""

from __future__ import annotations

import hmac
import html
import logging
import os
import re
import tempfile
import time
from pathlib import Path

from .article import Article, article_from_text, load_article
from .errors import ArticleError, AskbotError, public_message, storage_error
from .feedback import FeedbackLog
from .store import DEFAULT_ALIAS, Library
from .suggestions import suggest_questions
from .text import shorten
from .render import marked, searched_for
from .types import Answer

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
log = logging.getLogger(__name__)

_MARK = re.compile(r"\[(\d+)\]")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]()#+!|{}~>])")
MAX_PASTE_CHARS = 300_000
UPDATE_EVERY_S = 0.25

HEAD = """
<script>
(() => {
  // Citation markers are links to #cite-START-END (code-point offsets into the article).
  function highlight(start, end) {
    const box = document.getElementById("askbot-article-text");
    if (!box) return;
    if (box.dataset.original === undefined) box.dataset.original = box.textContent;
    const chars = Array.from(box.dataset.original);
    const mark = document.createElement("mark");
    mark.textContent = chars.slice(start, end).join("");
    box.replaceChildren(document.createTextNode(chars.slice(0, start).join("")), mark,
                        document.createTextNode(chars.slice(end).join("")));
    mark.scrollIntoView({block: "center", behavior: "instant"});
  }
  // On a phone the article is screens away: the cited words open in a sheet over the
  // conversation instead, with about 300 characters around them and a way back.
  function sheet(start, end) {
    const box = document.getElementById("askbot-article-text");
    if (!box) return;
    const chars = Array.from(box.dataset.original === undefined ? box.textContent : box.dataset.original);
    let from = Math.max(0, start - 300), to = Math.min(chars.length, end + 300);
    while (from > 0 && from < start && !/\\s/.test(chars[from - 1])) from++;
    while (to < chars.length && to > end && !/\\s/.test(chars[to])) to--;
    let panel = document.getElementById("askbot-sheet");
    if (!panel) {
      panel = document.createElement("div");
      panel.id = "askbot-sheet";
      panel.setAttribute("role", "dialog");
      const back = document.createElement("button");
      back.type = "button";
      back.textContent = "Back to the conversation";
      back.addEventListener("click", () => { panel.hidden = true; });
      panel.append(back, document.createElement("p"));
      document.body.appendChild(panel);
    }
    const mark = document.createElement("mark");
    mark.textContent = chars.slice(start, end).join("");
    panel.querySelector("p").replaceChildren((from > 0 ? "…" : "") + chars.slice(from, start).join(""), mark,
                                             chars.slice(end, to).join("") + (to < chars.length ? "…" : ""));
    panel.hidden = false;
  }
  document.addEventListener("click", (ev) => {
    const a = ev.target.closest && ev.target.closest('a[href^="#cite-"]');
    if (!a) return;
    const m = a.getAttribute("href").match(/^#cite-(\\d+)-(\\d+)$/);
    if (!m) return;
    ev.preventDefault();
    ev.stopPropagation();
    if (window.matchMedia("(max-width: 700px)").matches) sheet(Number(m[1]), Number(m[2]));
    else highlight(Number(m[1]), Number(m[2]));
  }, true);
  window.askbotHighlight = highlight;
})();
</script>
"""

CSS = """
#askbot-article-text { white-space: pre-wrap; max-height: 72vh; overflow-y: auto; padding: 0.5rem 0.75rem;
  border: 1px solid var(--border-color-primary); border-radius: 8px; font-size: 0.95rem; line-height: 1.5; }
#askbot-article-text mark { background: #ffe066; color: inherit; padding: 0 2px; }
.askbot-note { color: var(--body-text-color-subdued); font-size: 0.85rem; }
#askbot-sheet { position: fixed; left: 0; right: 0; bottom: 0; max-height: 60vh; overflow-y: auto; z-index: 1000;
  background: var(--background-fill-primary); border-top: 1px solid var(--border-color-primary);
  box-shadow: 0 -4px 16px rgba(0, 0, 0, 0.15); padding: 0.75rem 1rem; line-height: 1.5; }
#askbot-sheet mark { background: #ffe066; color: inherit; }
/* an answer still arriving (no citation links yet, not a refusal) is not rated: its thumbs show once it is complete
   (no commas inside a selector: Gradio scopes each comma-separated part, those inside :has() and :is() too) */
#askbot-chat .bot-row:not(:has(a[href^="#cite-"])):not(:has(blockquote)) + .message-buttons button[aria-label="Like"] {
  display: none; }
#askbot-chat .bot-row:not(:has(a[href^="#cite-"])):not(:has(blockquote)) + .message-buttons button[aria-label="Dislike"] {
  display: none; }
#askbot-sheet button { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 0.3rem 0.7rem;
  background: none; color: inherit; font: inherit; }
@media (max-width: 700px) {
  /* a phone: the conversation is short enough that the question box and the starters show at once */
  #askbot-chat { height: 38vh !important; min-height: 12rem; }
  #askbot-article-text { max-height: 40vh; }
}
"""


def md_text(text: str) -> str:
    """User or article text, shown as text inside Markdown: HTML escaped, Markdown syntax escaped."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def render_answer(answer: Answer, asked: str = "") -> str:
    """Markdown for the chat: each sentence with links to its cited offsets (hover: the passage),
    the passages it does not quote whole listed below, and the search query when it is not what was asked."""
    by_n = {c.n: c for c in answer.citations}
    if not answer.answerable:  # set apart as a quote: no icon glyph a machine may lack
        body = f"> {_linked(answer.text, by_n)}"
    else:
        body = " ".join(_linked(marked(s), by_n) for s in answer.sentences)
        said = " ".join(s.text for s in answer.sentences)
        listed = [c for c in answer.citations if c.text not in said]  # a quoted passage is not shown twice
        if listed:
            body += "\n\n" + "  \n".join(f"{_cite_link(c)} {md_text(shorten(c.text, 160))}" for c in listed)
    if answer.search_query and asked and answer.search_query != " ".join(asked.split()):
        body += f"\n\n_{md_text(searched_for(answer.search_query, answer.language))}_"
    return body


def _linked(text: str, by_n: dict) -> str:
    """Text in Markdown with its ``[n]`` markers as citation links."""
    parts, pos = [], 0
    for m in _MARK.finditer(text):
        parts.append(md_text(text[pos:m.start()]))
        c = by_n.get(int(m.group(1)))
        parts.append(_cite_link(c) if c else md_text(m.group(0)))
        pos = m.end()
    return "".join(parts) + md_text(text[pos:])


def _cite_link(c) -> str:
    title = html.escape(c.text.replace("\n", " "), quote=True).replace("(", "&#40;").replace(")", "&#41;")
    return f'[\\[{c.n}\\]](#cite-{c.start}-{c.end} "{title}")'


def article_html(article: Article) -> str:
    return (f'<div id="askbot-article"><div class="askbot-note">{html.escape(article.name)} · '
            f'{len(article.text):,} characters</div>'
            f'<div id="askbot-article-text">{html.escape(article.text, quote=False)}</div></div>')


def export_markdown(article: Article, turns: list[dict], when: str | None = None) -> str:
    """The conversation as Markdown: when, the article, and each turn with its search query,
    its citations (offsets into the article) and the reader's vote."""
    when = when or time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    lines = [f"# askbot conversation about {article.name}", "", f"Exported {when}. Article sha256: `{article.sha256}`", ""]
    for t in turns:
        a = t["answer"]
        lines += [f"**Q:** {t['question']}", "", f"**A:** {a['answer']}", ""]
        for c in a["citations"]:
            lines.append(f"- [{c['n']}] characters {c['start']}–{c['end']}: “{c['text']}”")
        if a.get("search_query") and a["search_query"] != t["question"]:
            lines.append(f"- searched for: {a['search_query']}")
        if t.get("vote"):
            lines.append(f"- reader's vote: {t['vote']}")
        lines.append("")
    return "\n".join(lines)


def export_name(article: Article, when: float | None = None) -> str:
    """askbot-<article>-<date>.md, e.g. askbot-giammattei-interview-2026-12-02-1530.md."""
    stem = re.sub(r"[^a-z0-9]+", "-", Path(article.name).stem.lower()).strip("-")[:40] or "article"
    return f"askbot-{stem}-{time.strftime('%Y-%m-%d-%H%M%S', time.gmtime(when))}.md"


def build_app(library: Library, feedback: FeedbackLog | None = None, article_id: str = DEFAULT_ALIAS):
    """The chat for ``library``'s articles, opening on ``article_id``."""
    import gradio as gr

    first = library.store.get(article_id)
    bot = library.bot(first.id)
    feedback = feedback or FeedbackLog(library.settings.data_dir / "feedback.jsonl")
    export_dir = Path(tempfile.mkdtemp(prefix="askbot-export-"))

    def choices() -> list[tuple[str, str]]:
        return [(shorten(a.title, 70) + ("" if not a.builtin else " (default)"), a.id) for a in library.store.list()]

    def respond(message: str, chat: list, turns: list, sha: str):
        chat = list(chat or [])
        turns = list(turns or [])
        if not isinstance(message, str) or not message.strip():
            gr.Warning("The question is empty. Type a question about the article.")
            yield message, chat, turns, gr.update()
            return
        chat += [{"role": "user", "content": md_text(message[:2000] + ("…" if len(message) > 2000 else ""))},
                 {"role": "assistant", "content": "…"}]
        yield "", chat, turns, gr.update()
        try:
            current = library.bot(sha)
            history = [(t["question"], t["answer"]["answer"]) for t in turns]
            shown, last = "", 0.0
            for item in current.ask_stream(message, history):
                if isinstance(item, Answer):
                    chat[-1] = {"role": "assistant", "content": render_answer(item, message)}
                    turns.append({"question": message, "answer": item.to_dict()})
                else:
                    shown += item
                    # the first words at once, then a few updates a second: each update costs CPU
                    # that the model needs on a 2-core machine
                    if last and time.perf_counter() - last < UPDATE_EVERY_S:
                        continue
                    chat[-1] = {"role": "assistant", "content": md_text(shown)}
                last = time.perf_counter()
                yield "", chat, turns, gr.update()
        except AskbotError as exc:
            chat[-1] = {"role": "assistant", "content": f"⚠️ {md_text(public_message(exc))}"}
            yield "", chat, turns, gr.update()
            return
        except Exception:  # never a traceback in the reader's face; the log keeps it
            log.exception("answering %r failed", message[:200])
            chat[-1] = {"role": "assistant", "content": "⚠️ Something went wrong while answering. Please try again."}
            yield "", chat, turns, gr.update()
            return
        path = export_dir / export_name(current.article)
        path.write_text(export_markdown(current.article, turns), encoding="utf-8")
        yield "", chat, turns, gr.update(value=str(path), interactive=True)

    def new_conversation():
        return [], [], gr.update(value=None, interactive=False), ""

    def save(record: dict, what: str) -> bool:
        try:
            feedback.append(record)
        except OSError as exc:
            log.error("saving %s failed: %s", what, exc)
            gr.Warning(str(storage_error(exc, what.capitalize())))
            return False
        return True

    def vote(data: gr.LikeData, turns: list, sha: str):
        """Save a thumbs up or down; after a thumbs down, offer a box for what was wrong."""
        turn = (data.index[0] if isinstance(data.index, (list, tuple)) else data.index) // 2
        if not turns or turn >= len(turns):
            return gr.update(visible=False), -1
        liked = data.liked if isinstance(data.liked, bool) else str(data.liked).lower() in {"like", "true"}
        t = turns[turn]
        t["vote"] = "up" if liked else "down"  # kept with the turn: the export shows it
        if save({"vote": t["vote"], "article_id": sha, "article_sha256": library.store.get(sha).sha256,
                 "question": t["question"], "answer": t["answer"]["answer"], "citations": t["answer"]["citations"],
                 "answerable": t["answer"]["answerable"]}, "your vote"):
            gr.Info("Thanks: your feedback was saved.")
        return gr.update(visible=not liked, value=""), turn

    def comment(text: str, turn: int, turns: list, sha: str):
        """A short comment on the answer just voted down, saved next to the vote."""
        text = " ".join((text or "").split())[:500]
        if text and 0 <= turn < len(turns) and save(
                {"comment": text, "article_id": sha, "question": turns[turn]["question"]}, "your comment"):
            gr.Info("Thanks: your comment was saved.")
        return gr.update(visible=False, value="")

    vote.__annotations__["data"] = gr.LikeData  # gradio injects LikeData by the real type, not a string

    needs_key = bool(library.settings.api_key)

    def use_article(pasted: str, upload, given: str | None = None, progress=gr.Progress()):
        try:
            if needs_key and not hmac.compare_digest((given or "").encode(), library.settings.api_key.encode()):
                raise ArticleError("This server needs its API key to add articles: type it in the API key box. "
                                   "Without it you can ask about the articles already here.")
            if upload:
                path = Path(upload if isinstance(upload, str) else upload.name)
                if path.stat().st_size > MAX_PASTE_CHARS * 4:
                    raise ArticleError(f"{path.name} is {path.stat().st_size:,} bytes; the limit is "
                                       f"{MAX_PASTE_CHARS * 4:,}. Upload a single article.")
                source, name = path, path.name
            elif pasted and pasted.strip():
                if len(pasted) > MAX_PASTE_CHARS:
                    raise ArticleError(f"The pasted text has {len(pasted):,} characters; the limit is "
                                       f"{MAX_PASTE_CHARS:,}. Paste a single article.")
                source, name = pasted, "pasted article"
            else:
                raise ArticleError("Paste an article's text or upload a .txt, .md or .html file first.")
            progress(0.1, desc="Reading the article…")
            limit = library.settings.max_article_chars
            article = (load_article(source, name=name, max_chars=limit) if isinstance(source, Path)
                       else article_from_text(source, name=name, max_chars=limit))  # pasted text is never a path
            titled = name != "pasted article" and article.format == "text"  # else its first heading or line
            item, _ = library.add(article.text, title=name if titled else None,
                                  fmt="text")  # already what the reader sees
            progress(0.5, desc="Preparing the model (the first question will be fast)…")
            library.bot(item.id).warm_up()
            progress(1.0, desc="Ready")
        except AskbotError as exc:
            return (gr.update(),) * 10 + (f"⚠️ {md_text(public_message(exc))}",)
        # the paste box and the upload are emptied: the article is saved and open
        return switch(item.id) + ("", None, f"Saved and now chatting about **{md_text(item.title)}**.")

    def switch(article_id: str):
        """Open another stored article: its text, its starter questions, a new conversation."""
        chosen = library.bot(article_id)
        questions = suggest_questions(chosen.article.text, chosen.index.chunks, language=chosen.article.language)
        return (article_id, article_html(chosen.article), gr.update(samples=[[q] for q in questions]), [], [],
                gr.update(value=None, interactive=False), gr.update(choices=choices(), value=article_id),
                gr.update(placeholder=questions[0] if questions else "Ask a question about the article."))

    def pick(article_id: str):
        try:
            return switch(article_id)
        except AskbotError as exc:
            gr.Warning(public_message(exc))
            return (gr.update(),) * 6 + (gr.update(choices=choices()), gr.update())

    def ask_api(question: str, history: list | None = None) -> dict:
        """Ask about the server's default article. history: [{"question": …, "answer": …}, …]."""
        try:
            return library.bot(first.id).ask(question, history or []).to_dict()
        except AskbotError as exc:
            return {"error": public_message(exc)}

    first_questions = suggest_questions(bot.article.text, bot.index.chunks, language=bot.article.language)
    with gr.Blocks(title="askbot", analytics_enabled=False) as demo:
        sha = gr.State(first.id)
        turns = gr.State([])
        gr.Markdown("## askbot\nAsk about the article. Every answer cites the article's exact words: "
                    "click a **[n]** to see it highlighted.")
        with gr.Row():
            with gr.Column(scale=5):
                chatbot = gr.Chatbot(label="Conversation", elem_id="askbot-chat", height=560, sanitize_html=True, allow_tags=False,
                                     render_markdown=True, feedback_options=("Like", "Dislike"),
                                     buttons=["copy"], placeholder="Ask a question about the article.")
                with gr.Row():
                    box = gr.Textbox(elem_id="askbot-question", show_label=False, scale=6, max_lines=4,
                                     placeholder=first_questions[0] if first_questions else "Ask about the article.",
                                     autofocus=True)
                    send = gr.Button("Ask", variant="primary", scale=1, elem_id="askbot-send")
                starters = gr.Dataset(components=[box], label="Try asking", samples=[[q] for q in first_questions])
                why = gr.Textbox(label="What was wrong with that answer? (optional, press Enter to send)",
                                 max_length=500, visible=False, elem_id="askbot-comment")
                voted = gr.State(-1)
                with gr.Row():
                    new = gr.Button("New conversation", elem_id="askbot-new")
                    download = gr.DownloadButton("Export as Markdown", interactive=False, elem_id="askbot-export")
            with gr.Column(scale=4):
                saved = gr.Dropdown(choices=choices(), value=first.id, label="Article", elem_id="askbot-saved",
                                    interactive=True)
                article_view = gr.HTML(article_html(bot.article), elem_id="askbot-article-panel")
                with gr.Accordion("Load another article", open=False):
                    pasted = gr.Textbox(label="Paste the article's text", lines=6, max_lines=12)
                    upload = gr.File(label="…or upload a .txt, .md or .html file", file_count="single",
                                     file_types=[".txt", ".md", ".markdown", ".html", ".htm"], type="filepath",
                                     elem_id="askbot-upload")
                    key = gr.Textbox(label="API key (this server needs it to add articles)", type="password",
                                     elem_id="askbot-key", visible=needs_key)
                    load = gr.Button("Use this article", elem_id="askbot-load")
                    status = gr.Markdown(elem_id="askbot-status")

        outputs = [box, chatbot, turns, download]
        send.click(respond, [box, chatbot, turns, sha], outputs, api_visibility="private")
        box.submit(respond, [box, chatbot, turns, sha], outputs, api_visibility="private")
        starters.click(lambda s: s[0], [starters], [box], api_visibility="private").then(
            respond, [box, chatbot, turns, sha], outputs, api_visibility="private")
        new.click(new_conversation, None, [chatbot, turns, download, box], api_visibility="private")
        chatbot.like(vote, [turns, sha], [why, voted], api_visibility="private")
        why.submit(comment, [why, voted, turns, sha], [why], api_visibility="private")
        load.click(use_article, [pasted, upload, key],
                   [sha, article_view, starters, chatbot, turns, download, saved, box, pasted, upload, status],
                   api_visibility="private")
        saved.input(pick, [saved], [sha, article_view, starters, chatbot, turns, download, saved, box],
                    api_visibility="private")
        demo.load(lambda: gr.update(choices=choices()), None, [saved], api_visibility="private")
        gr.api(ask_api, api_name="ask")
    return demo


def _theme():
    import gradio as gr

    return gr.themes.Base(font=["system-ui", "sans-serif"], font_mono=["ui-monospace", "monospace"])


def mount_ui(app, library: Library, feedback: FeedbackLog | None = None, article_id: str = DEFAULT_ALIAS):
    """Mount the chat at ``/`` of a FastAPI app (the HTTP API's): one process serves both.
    Offline: system fonts, no analytics, no share link, no server-side rendering."""
    import gradio as gr

    demo = build_app(library, feedback, article_id).queue(default_concurrency_limit=1)
    return gr.mount_gradio_app(app, demo, path="/", footer_links=[], show_error=False, ssr_mode=False, pwa=False,
                               mcp_server=False, enable_monitoring=False, theme=_theme(), css=CSS, head=HEAD,
                               max_file_size=MAX_PASTE_CHARS * 4)

