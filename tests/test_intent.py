import pytest

from askbot.intent import CONTENT, INTENTS, Intents, examples


def test_every_example_names_a_known_intent():
    rows = examples()
    assert len(rows) >= 20 and {intent for intent, _ in rows} == set(INTENTS)


@pytest.mark.models
@pytest.mark.parametrize("question, intent", [
    ("Give me a short summary.", "summary"), ("What's the article about?", "summary"),
    ("Who wrote this article?", "author"), ("Who's the author?", "author"),
    ("When was this published?", "date"), ("Where is the dateline?", "place"),
    ("What did Giammattei say about Harris?", CONTENT), ("When did Biden rescind the policy?", CONTENT),
    ("Who wrote the letter to the president?", CONTENT),
])
def test_questions_about_the_article_itself_are_told_from_questions_about_what_it_reports(question, intent):
    from askbot.embedding import Embedder
    from askbot.settings import Settings

    settings = Settings()
    embedder = Embedder(settings.embedding_model, settings.device)
    assert Intents(embedder, settings.min_intent_similarity)(embedder([question])[0]) == intent
