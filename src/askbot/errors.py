"""The small exception hierarchy of askbot. Every message names the bad value and what to do."""

from __future__ import annotations


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
