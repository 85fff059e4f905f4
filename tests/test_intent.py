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
    ("Who took the picture?", "media"), ("What does the photo at the top show?", "media"),
    ("When will Harris visit Guatemala?", CONTENT), ("When did Harris meet Giammattei virtually?", CONTENT),
    ("Anything else interesting in this article?", "more"), ("What else is notable in the story?", "more"),
    ("What else?", CONTENT), ("What else did Giammattei say?", CONTENT),  # a follow-up goes on from its question
    ("Tell me more", "elaborate"), ("Please go on.", "elaborate"), ("Could you expand on that?", "elaborate"),
    ("Tell me more about the hurricanes.", CONTENT),
])
def test_questions_about_the_article_itself_are_told_from_questions_about_what_it_reports(question, intent):
    from askbot.embedding import Embedder
    from askbot.settings import Settings

    settings = Settings()
    embedder = Embedder(settings.embedding_model, settings.device)
    assert Intents(embedder, settings.min_intent_similarity)(embedder([question])[0]) == intent


@pytest.mark.models
def test_the_examples_vectors_are_kept_across_restarts_and_a_damaged_file_is_embedded_again(tmp_path, monkeypatch):
    import numpy as np

    from askbot import intent
    from askbot.embedding import Embedder

    class Refuses(Embedder):
        def __call__(self, texts):
            raise AssertionError("embedded again")

    def restart():
        monkeypatch.setattr(intent, "_EXAMPLE_VECTORS", {})

    embedder = Embedder()
    fresh = embedder([example for _, example in examples()])
    restart()
    assert np.allclose(intent.example_vectors(embedder, tmp_path), fresh, atol=1e-6)
    [kept] = tmp_path.glob("intents-*.npy")
    restart()
    assert np.allclose(intent.example_vectors(Refuses(), tmp_path), fresh, atol=1e-6)  # read, not embedded

    kept.write_bytes(b"not an array")
    restart()
    assert np.allclose(intent.example_vectors(embedder, tmp_path), fresh, atol=1e-6)
    assert np.allclose(np.load(kept), fresh, atol=1e-6)  # and written again

    unwritable = tmp_path / "a-file"
    unwritable.write_text("")
    restart()
    assert np.allclose(intent.example_vectors(embedder, unwritable), fresh, atol=1e-6)
