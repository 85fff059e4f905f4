"""askbot: grounded, cited answers to questions about a news article, offline on a CPU."""

from .article import Article, load_article
from .bot import Bot
from .errors import (ArticleConflictError, ArticleError, ArticleNotFoundError, AskbotError, IndexStateError,
                     ModelUnavailableError, QuestionError)
from .settings import Settings
from .store import ArticleStore, Library, StoredArticle
from .types import Answer, Chunk, Citation, Turn

__version__ = "0.1.0"

__all__ = [
    "Answer", "Article", "ArticleConflictError", "ArticleError", "ArticleNotFoundError", "ArticleStore", "AskbotError",
    "Bot", "Chunk", "Citation", "IndexStateError", "Library", "ModelUnavailableError", "QuestionError", "Settings",
    "StoredArticle", "Turn", "load_article", "__version__",
]
