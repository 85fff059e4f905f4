"""The article store: many articles on disk, each with its own index, under content-hash ids.

Layout under ``Settings.data_dir`` (ASKBOT_DATA_DIR)::

    articles/<id>/meta.json     what the article is: title, url, sha256, size, format, when added
    articles/<id>/index/        its self-describing index (article.txt, chunks, vectors, manifest)

An article is written in a hidden temporary folder and renamed into place, so a crash leaves the
old state or the new one, never half of one. The same text is stored once: adding it again returns
the id it already has. The default article ships with askbot (its index is committed) and is
always listed; it cannot be deleted.

``Library`` puts bots on top: one per article, the most recently used kept loaded, all sharing one
embedder and one language model.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import tempfile
import threading
import time
from collections import OrderedDict
from dataclasses import asdict, dataclass
from pathlib import Path

from .article import Article, article_from_text, load_article
from .chunking import Chunker
from .embedding import Embedder
from .errors import ArticleConflictError, ArticleError, ArticleNotFoundError, IndexStateError, storage_error
from .index import ArticleIndex
from .settings import DEFAULT_ARTICLE, Settings

log = logging.getLogger(__name__)

ID_CHARS = 12  # content-hash ids: the first hex digits of the text's sha256
DEFAULT_ALIAS = "default"
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")  # the whole id: fullmatch (no "id\\n")
META = "meta.json"
INDEX = "index"


@dataclass(frozen=True)
class StoredArticle:
    """What the store knows about one article (its text lives in the index folder)."""

    id: str
    title: str
    sha256: str
    chars: int
    format: str
    created: str
    url: str | None = None
    builtin: bool = False  # ships with askbot: always there, cannot be deleted
    damaged: bool = False  # its meta.json cannot be read: listed so that it can be deleted and its id re-used

    def to_dict(self) -> dict:
        return asdict(self)


def check_id(article_id: str, error: type[ArticleError] = ArticleNotFoundError) -> str:
    """``article_id`` when it is a valid id; else ``error`` (not found, for an id in a URL; a bad
    request, for an id the caller gives a new article)."""
    if not isinstance(article_id, str) or not _ID.fullmatch(article_id):
        raise error(f"{str(article_id)[:80]!r} is not an article id: ids are 1-64 letters, digits, '-' or '_'.")
    return article_id


def title_of(article: Article, chunks=None) -> str:
    """A title for an article that came without one: its headline or first passage of body text,
    shortened (not a video header or a photo caption)."""
    body = next((c.text for c in chunks or () if c.kind in ("heading", "body")), None)
    first = body or next((line.strip() for line in article.text.splitlines() if line.strip()), article.name)
    first = " ".join(first.split())
    return first if len(first) <= 100 else first[:99].rsplit(" ", 1)[0] + "…"


class ArticleStore:
    """Articles and their indexes on disk. Safe to use from several threads."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self.root = Path(settings.data_dir) / "articles"
        self.embedder = embedder or Embedder(settings.embedding_model, settings.device)
        self.chunker = Chunker(settings.chunk_max_chars, settings.chunk_max_sentences)
        self._lock = threading.RLock()
        default = load_article(DEFAULT_ARTICLE)
        self.default_article = default
        title = Path(default.name).stem.replace("-", " ").capitalize()
        self.default = StoredArticle(id=default.sha256[:ID_CHARS], title=title, sha256=default.sha256,
                                     chars=len(default.text), format=default.format, created="", builtin=True)
        self._meta: dict[str, StoredArticle] = {}
        self._scan()

    # ---- reading --------------------------------------------------------------------------
    def _scan(self) -> None:
        """Read every article's meta.json. A folder that cannot be read is skipped and logged,
        never deleted: it is the user's data. The store may be shared by several processes (Ray
        Serve replicas on one volume), so this runs again whenever the list is asked for."""
        found: dict[str, StoredArticle] = {}
        if self.root.is_dir():
            for folder in sorted(self.root.iterdir()):
                if folder.name.startswith(".") and folder.is_dir():
                    self._remove_if_abandoned(folder)
                    continue
                if folder.is_dir() and _ID.fullmatch(folder.name):
                    found[folder.name] = self._read(folder)
        with self._lock:
            self._meta = found

    @staticmethod
    def _remove_if_abandoned(folder: Path) -> None:
        """An add or delete that never finished (its process was killed): nothing refers to it. One
        that is younger than an hour may be another process's add in progress, and is left alone."""
        try:
            if time.time() - folder.stat().st_mtime > 3600:
                log.warning("Removing %s, left by an unfinished add or delete", folder.name)
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            pass

    @staticmethod
    def _read(folder: Path) -> StoredArticle:
        try:
            raw = json.loads((folder / META).read_text(encoding="utf-8"))
            item = StoredArticle(**{k: raw[k] for k in StoredArticle.__dataclass_fields__ if k in raw})
            if item.id != folder.name:
                raise ValueError(f"its id is {item.id!r}")
            return item
        except (OSError, ValueError, TypeError, KeyError) as exc:
            log.warning("The stored article %s is damaged: %s", folder.name, exc)
            return StoredArticle(id=folder.name, title=f"{folder.name} (damaged: delete it and add it again)",
                                 sha256="", chars=0, format="text", created="", damaged=True)

    def list(self) -> list[StoredArticle]:
        self._scan()
        with self._lock:
            stored = sorted(self._meta.values(), key=lambda a: (a.created, a.id))
        return [self.default, *stored]

    def get(self, article_id: str) -> StoredArticle:
        if article_id in (DEFAULT_ALIAS, self.default.id):
            return self.default
        check_id(article_id)
        folder = self.root / article_id
        with self._lock:
            item = self._meta.get(article_id)
            if not folder.is_dir():  # never stored, or deleted (perhaps by another process)
                self._meta.pop(article_id, None)
                item = None
            elif item is None:  # added by another process sharing the store
                item = self._meta[article_id] = self._read(folder)
        if item is None:
            raise ArticleNotFoundError(f"No article with id {article_id!r}. List them with GET /api/articles.")
        return item

    def find(self, sha256: str) -> StoredArticle | None:
        if sha256 == self.default.sha256:
            return self.default
        with self._lock:
            return next((a for a in self._meta.values() if a.sha256 == sha256), None)

    def folder(self, article_id: str) -> Path:
        return self.root / check_id(article_id)

    def article(self, article_id: str) -> Article:
        item = self.get(article_id)
        if item.builtin:
            return self.default_article
        if item.damaged:
            raise IndexStateError(f"The stored article {item.id} is damaged (its meta.json cannot be read). "
                                  "Delete it and add it again.")
        path = self.folder(item.id) / INDEX / "article.txt"
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise IndexStateError(f"The stored article {item.id} cannot be read ({exc}). "
                                  f"Delete it and add it again.") from exc
        article = Article(text=text, name=item.title, format=item.format)
        if article.sha256 != item.sha256:
            raise IndexStateError(f"The stored article {item.id} is damaged: its text no longer matches the sha256 "
                                  f"in {self.folder(item.id) / META}. Delete it and add it again.")
        return article

    def index_path(self, article_id: str) -> Path | None:
        """The article's index folder; ``None`` for the default article (its committed index)."""
        item = self.get(article_id)
        return None if item.builtin else self.folder(item.id) / INDEX

    # ---- writing --------------------------------------------------------------------------
    def add(self, text: str, *, title: str | None = None, url: str | None = None, article_id: str | None = None,
            fmt: str | None = None) -> tuple[StoredArticle, bool]:
        """Store and index an article given as text (plain, Markdown or HTML). Returns the stored
        article and whether it is new; the same text again returns the article already stored."""
        article = article_from_text(text, name=title or "article", fmt=fmt, max_chars=self.settings.max_article_chars)
        if article_id is not None:
            check_id(article_id, ArticleError)
        try:  # another process sharing the store may have added it
            self.get(article_id or article.sha256[:ID_CHARS])
        except ArticleNotFoundError:
            pass
        with self._lock:
            known = self._known(article, article_id)
        if known is not None:
            return known, False
        # embedding a long article takes a while: not under the lock, so reads and asks go on
        index = ArticleIndex.build(article, self.chunker, self.embedder)
        with self._lock:
            known = self._known(article, article_id)  # added meanwhile by another request?
            if known is not None:
                return known, False
            item = StoredArticle(id=article_id or article.sha256[:ID_CHARS],
                                 title=(title or title_of(article, index.chunks)).strip()[:300],
                                 sha256=article.sha256, chars=len(article.text), format=article.format, url=url,
                                 created=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
            try:
                self._write(item, index)
            except OSError as exc:
                raise storage_error(exc, "The article") from exc
            self._meta[item.id] = item
        return item, True

    def _known(self, article: Article, article_id: str | None) -> StoredArticle | None:
        """The stored article this add means, if it is stored already; raises when the id is taken."""
        if article_id is None:
            return self.find(article.sha256)
        if article_id in (DEFAULT_ALIAS, self.default.id):
            raise ArticleConflictError(f"The id {article_id!r} belongs to the default article. Choose another id.")
        taken = self._meta.get(article_id)
        if taken is not None and taken.damaged:
            return None  # written anew over the damaged folder
        if taken is not None and taken.sha256 != article.sha256:
            raise ArticleConflictError(
                f"The id {article_id!r} is taken by a different article. Delete it first or choose another id.")
        return taken

    def _write(self, item: StoredArticle, index: ArticleIndex) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{item.id}.", dir=self.root))
        try:
            index.save(tmp / INDEX)
            (tmp / META).write_text(json.dumps(item.to_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            with open(tmp / META, "rb") as fh:
                os.fsync(fh.fileno())
            target = self.root / item.id
            if target.exists():  # a damaged article's folder: moved aside, then removed
                trash = self.root / f".damaged-{item.id}-{time.time_ns()}"
                os.replace(target, trash)
                shutil.rmtree(trash, ignore_errors=True)
            os.replace(tmp, target)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise

    def delete(self, article_id: str) -> StoredArticle:
        item = self.get(article_id)
        if item.builtin:
            raise ArticleConflictError("The default article ships with askbot and cannot be deleted.")
        with self._lock:
            folder = self.folder(item.id)
            trash = self.root / f".deleted-{item.id}-{os.getpid()}-{time.time_ns()}"
            try:
                os.replace(folder, trash)  # gone from the store at once; the files go after
            except OSError as exc:
                raise storage_error(exc, "The deletion") from exc
            self._meta.pop(item.id, None)
        shutil.rmtree(trash, ignore_errors=True)
        return item


class Library:
    """The store plus a bot per article, loaded on first use; the most recently used stay loaded.
    The web chat and the HTTP API both use one ``Library``."""

    def __init__(self, settings: Settings | None = None, *, embedder: Embedder | None = None,
                 generator=DEFAULT_ALIAS, store: ArticleStore | None = None) -> None:
        from .bot import Bot  # noqa: F401  (imported here: bot imports nothing from the store)

        self.settings = settings or Settings.from_env()
        self.embedder = embedder or (store.embedder if store else Embedder(self.settings.embedding_model,
                                                                           self.settings.device))
        self.store = store or ArticleStore(self.settings, self.embedder)
        self._generator = generator
        self._bots: OrderedDict[str, object] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def generator(self):
        if self._generator == DEFAULT_ALIAS:
            from .generation import make_generator

            self._generator = make_generator(self.settings)
        return self._generator

    def bot(self, article_id: str = DEFAULT_ALIAS):
        """The bot of a stored article (``"default"``: the default article)."""
        from .bot import Bot

        item = self.store.get(article_id)
        with self._lock:
            bot = self._bots.get(item.id)
            if bot is None:
                bot = Bot.from_article(self.store.article(item.id), self.settings, generator=self.generator,
                                       embedder=self.embedder, index_path=self.store.index_path(item.id))
                self._bots[item.id] = bot
            self._bots.move_to_end(item.id)
            while len(self._bots) > self.settings.max_loaded_articles:
                self._bots.popitem(last=False)
        return bot

    def suggestions(self, article_id: str) -> list[str]:
        """Questions a reader might start with, made from the article's own names and passages."""
        from .suggestions import suggest_questions

        bot = self.bot(article_id)
        return suggest_questions(bot.article.text, bot.index.chunks, language=bot.article.language)

    def add(self, text: str, **kwargs) -> tuple[StoredArticle, bool]:
        return self.store.add(text, **kwargs)

    def delete(self, article_id: str) -> StoredArticle:
        item = self.store.delete(article_id)
        with self._lock:
            self._bots.pop(item.id, None)
        return item

    def loaded(self) -> list[str]:
        with self._lock:
            return list(self._bots)
