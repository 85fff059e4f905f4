"""Article loading: plain text, Markdown or HTML into one text that every offset refers to."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .errors import ArticleError, ArticleTooLargeError

_HTML_HINT = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<article|<div|<p[\s>])", re.I)
# what only Markdown writes: a heading line ("# Storm leaves …"), bold, a link
_MARKDOWN_HINT = re.compile(r"^#{1,6}[ \t]+\S|\*\*[^*\n]+\*\*|\[[^\]\n]+\]\((?:https?://|/)[^)\s]*\)", re.M)
_SURROGATE = re.compile("[\ud800-\udfff]")
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FORMATS = ("text", "markdown", "html")
# elements that start a new block of text (a paragraph of the article); the others run inside one
_BLOCK_TAGS = frozenset("""p h1 h2 h3 h4 h5 h6 li blockquote figcaption pre td th dt dd div section article main aside
figure header address ul ol dl table tr br hr""".split())
_DROP_TAGS = ["script", "style", "noscript", "template", "nav", "footer", "form", "iframe", "svg", "button"]
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


@dataclass(frozen=True)
class Article:
    """The article as askbot sees it. ``text`` is what every offset refers to."""

    text: str
    name: str
    format: str  # text | markdown | html

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @cached_property
    def language(self) -> str:
        """The language it is written in ('en' or 'es'): the search, the model's answer and the
        citations work in it, and a reader's question in another is translated into it."""
        from .language import article_language

        return article_language(self.text)


def load_article(source: str | Path, *, max_chars: int = 2_000_000, name: str | None = None) -> Article:
    """Load an article from a path or from the text itself.

    A ``str`` that names an existing file is read as that file; any other string is the article text.
    """
    path = _as_path(source)
    if path is None:
        return article_from_text(str(source), name=name or "pasted text", max_chars=max_chars)
    text = _decode(_read_file(path), path.name)
    fmt = "html" if path.suffix.lower() in _HTML_SUFFIXES or _HTML_HINT.match(text) else (
        "markdown" if path.suffix.lower() in {".md", ".markdown"} else "text")
    return article_from_text(text, name=name or path.name, fmt=fmt, max_chars=max_chars)


def article_from_text(text: str, *, name: str = "pasted text", fmt: str | None = None,
                      max_chars: int = 2_000_000) -> Article:
    """An article from its text (never read as a path: this is what remote callers use).
    ``fmt``: text, markdown or html; ``None`` detects HTML and Markdown (a heading line, bold or a link)."""
    label = name
    if not isinstance(text, str):
        raise ArticleError(f"{label} must be text, not {type(text).__name__}.")
    if fmt not in (None, "auto", *FORMATS):
        raise ArticleError(f"Unknown article format {fmt!r}. Use one of: {', '.join(FORMATS)}.")
    if fmt in (None, "auto"):
        fmt = "html" if _HTML_HINT.match(text) else "markdown" if _MARKDOWN_HINT.search(text) else "text"
    if _SURROGATE.search(text):
        raise ArticleError(f"{label} contains characters that are not valid Unicode (lone surrogates, "
                           "e.g. \\ud800). Send the article as UTF-8 text.")
    if "\x00" in text:
        raise ArticleError(f"{label} looks binary (it contains NUL bytes). Give a plain text, Markdown or HTML article.")
    text = text.lstrip("\ufeff")
    if fmt == "html":
        text = html_to_text(text)
    elif fmt == "markdown":  # what a reader sees, not the marks ("#", "**"): offsets refer to it
        text = markdown_to_text(text)
    if len(text) > max_chars:
        raise ArticleTooLargeError(
            f"{label} has {len(text):,} characters; the limit is {max_chars:,}. "
            "Split it, or raise ASKBOT_MAX_ARTICLE_CHARS."
        )
    if not text.strip():
        raise ArticleError(f"{label} is empty (no text after loading). Give an article with some text in it.")
    if _looks_binary(text):
        raise ArticleError(f"{label} does not look like text (too many control characters). Is it a binary file?")
    return Article(text=text, name=label, format=fmt)


def markdown_to_text(markdown: str) -> str:
    """The text a reader sees of a Markdown article (CommonMark, by markdown-it-py), one block per
    paragraph: headings, paragraphs and list items without their marks, links as their words."""
    from markdown_it import MarkdownIt

    return html_to_text(MarkdownIt("commonmark").render(markdown))


def html_to_text(html: str) -> str:
    """Visible text of an HTML page, one block element per paragraph: the story's ``<article>`` (or
    the body) with its own header (headline, byline, date), without scripts, menus, forms, the
    page's header and footer, or what is hidden from the reader (``hidden``, ``display: none``)."""
    try:
        from bs4 import BeautifulSoup
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ArticleError("Reading HTML needs beautifulsoup4 - install it with `pip install beautifulsoup4`.") from exc
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(_DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(_hidden):
        tag.decompose()
    root = soup.find("article") or soup.body or soup
    for tag in root.find_all("header"):  # the site's header, not the story's own
        if tag.find_parent("article") is None and root.name != "article":
            tag.decompose()
    blocks: list[str] = []
    _blocks(root, blocks)
    blocks = [b for b in blocks if b]
    if not blocks:
        blocks = [" ".join(root.get_text(" ", strip=True).split())]
    return "\n\n".join(b for b in blocks if b)


def _hidden(tag) -> bool:
    return tag.has_attr("hidden") or tag.get("aria-hidden") == "true" or bool(_HIDDEN_STYLE.search(tag.get("style", "")))


def _blocks(element, out: list[str]) -> None:
    """The blocks of text in ``element``, in order: the text running between its block children,
    and theirs."""
    from bs4 import NavigableString, Tag

    run: list[str] = []
    for child in element.children:
        if isinstance(child, Tag) and (child.name in _BLOCK_TAGS or child.find(_BLOCK_TAGS)):
            out.append(" ".join("".join(run).split()))
            run = []
            _blocks(child, out)
        elif isinstance(child, Tag):
            run.append(child.get_text())
        elif type(child) is NavigableString:  # not a comment or a doctype
            run.append(str(child))
    out.append(" ".join("".join(run).split()))


def _as_path(source: str | Path) -> Path | None:
    if isinstance(source, Path):
        if not source.is_file():
            raise ArticleError(f"No article file at {source}. Check the path.")
        return source
    if "\n" in source or len(source) > 1024:
        return None
    try:
        p = Path(source).expanduser()
        return p if p.is_file() else None
    except OSError:
        return None


def _read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ArticleError(f"Cannot read the article file {path}: {exc.strerror}.") from exc


def _decode(raw: bytes, label: str) -> str:
    if not raw.strip():
        raise ArticleError(f"{label} is empty. Give an article with some text in it.")
    if b"\x00" in raw[:8192]:
        raise ArticleError(f"{label} looks binary (it contains NUL bytes). Give a plain text, Markdown or HTML article.")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ArticleError(
            f"{label} is not UTF-8 text (bad byte at position {exc.start}). Save it as UTF-8 and try again."
        ) from exc


def _looks_binary(text: str) -> bool:
    sample = text[:20000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls > max(8, len(sample) // 50)
