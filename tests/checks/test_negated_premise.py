import pytest

from askbot.checks.negated_premise import opposed as opposed_
from askbot.retrieval import Retriever
from askbot.vocabulary import Vocabulary


@pytest.mark.parametrize("question, opposed", [
    ("What fuels the nonviolence in El Salvador?", [("nonviolence", "violence")]),
    ("Why is the drug trade in Honduras legal?", []),
    ("Which children travel accompanied?", [])  # the article says "unaccompanied": no prefix to take away
])
def test_a_question_negating_the_words_of_its_passages_is_opposed(fake_index, fake_embedder, question, opposed):
    hits = Retriever(fake_index, fake_embedder)(question)
    assert opposed_(question, hits, Vocabulary(fake_index.article.text)) == opposed


def test_opposites_are_spelled_as_written_and_only_from_the_passages_asked_about(fake_embedder):
    from askbot.article import load_article
    from askbot.chunking import Chunker
    from askbot.index import ArticleIndex

    text = ("The heyday of secular Arab nationalism, like others, came between 1945 and 1970.\n\n"
            "Normal forces act at right angles to a surface.")
    index = ArticleIndex.build(load_article(text), Chunker(max_sentences=1), fake_embedder)
    v = Vocabulary(text)
    q = "When was the heyday of secular non-Arab nationalism?"
    assert opposed_(q, Retriever(index, fake_embedder)(q), v) == [("non-Arab", "Arab")]
    nationalism = [h for h in Retriever(index, fake_embedder)(q) if "Arab" in h.chunk.text]
    assert opposed_("What is associated with abnormal forces?", nationalism, v) == []
    assert opposed_("What did Arab nationalists dislike?", nationalism, v) == []  # "like" is mostly a preposition
