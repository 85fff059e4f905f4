"""The small exception hierarchy of askbot. Every message names the bad value and what to do."""

from __future__ import annotations

import re


class AskbotError(Exception):
    """Base class for every error askbot raises on purpose."""


class ArticleError(AskbotError):
    """The article cannot be read or is not usable text."""


class ArticleNotFoundError(ArticleError):
    """No stored article has this id."""


class ArticleConflictError(ArticleError):
    """The id is taken by a different article, or the article cannot be changed."""


class QuestionError(AskbotError):
    """The question is empty or otherwise unusable."""


class IndexStateError(AskbotError):
    """An index on disk is missing, stale, mismatched or corrupt."""


class ModelUnavailableError(AskbotError):
    """A model's files or its Python package are not installed."""


_PATH = re.compile(r"(?:[A-Za-z]:)?(?:[/\\][\w.+~@-]+){2,}[/\\]?")


def public_message(exc: AskbotError) -> str:
    """The message for someone on the other side of the server: without the server's file paths
    (the log keeps them). "The index at /srv/…/idx is corrupt" -> "The index at (a file on the server) is corrupt"."""
    return _PATH.sub("(a file on the server)", str(exc))
