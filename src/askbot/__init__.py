"""askbot: grounded, cited answers to questions about a news article, offline on a CPU."""

from .article import Article, load_article
from .bot import Bot
from .errors import AskbotError, ArticleError, IndexStateError, ModelUnavailableError, QuestionError
from .settings import Settings
from .types import Answer, Chunk, Citation, Turn

__version__ = "0.1.0"

__all__ = [
    "Answer", "Article", "ArticleError", "AskbotError", "Bot", "Chunk", "Citation", "IndexStateError",
    "ModelUnavailableError", "QuestionError", "Settings", "Turn", "load_article", "__version__",
]
