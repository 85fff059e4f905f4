"""The small exception hierarchy of askbot. Every message names the bad value and what to do."""

from __future__ import annotations

import re


class AskbotError(Exception):
    """Base class for every error askbot raises on purpose."""


class ArticleError(AskbotError):
    """The article cannot be read or is not usable text."""


class ArticleTooLargeError(ArticleError):
    """The article has more characters than ``Settings.max_article_chars``."""


class ArticleNotFoundError(ArticleError):
    """No stored article has this id."""


class ArticleConflictError(ArticleError):
    """The id is taken by a different article, or the article cannot be changed."""


class QuestionError(AskbotError):
    """The question is empty or otherwise unusable."""


class IndexStateError(AskbotError):
    """An index on disk is missing, stale, mismatched or corrupt."""


class StorageError(AskbotError):
    """What the user saves (articles, feedback) cannot be written: a read-only or full disk."""


def storage_error(exc: OSError, what: str) -> StorageError:
    """A ``StorageError`` that names the problem, not the path: "… cannot be saved: the disk is full"."""
    import errno

    why = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is used up",
           errno.EACCES: "the server may not write there (permission denied)",
           errno.EPERM: "the server may not write there (permission denied)",
           errno.EROFS: "the disk is read-only"}.get(exc.errno, exc.strerror or "the disk refused it")
    return StorageError(f"{what} cannot be saved: {why}. The server's operator should check ASKBOT_DATA_DIR.")


class ReplicaUnavailableError(AskbotError):
    """The replica answering a question stopped (scaled out on Ray Serve); asking again reaches another."""


class ModelUnavailableError(AskbotError):
    """A model's files or its Python package are not installed."""


# a file path, not one of the API's own routes ("List them with GET /api/articles.")
_PATH = re.compile(r"(?<![\w/])(?!/api/)(?:[A-Za-z]:)?(?:[/\\][\w.+~@-]+){2,}[/\\]?")


def public_message(exc: AskbotError) -> str:
    """The message for someone on the other side of the server: without the server's file paths
    (the log keeps them). "The index at /srv/…/idx is corrupt" -> "The index at (a file on the server) is corrupt"."""
    return _PATH.sub("(a file on the server)", str(exc))
