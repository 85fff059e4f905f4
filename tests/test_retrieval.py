import pytest

from askbot.retrieval import Retriever


def test_finds_the_passage_that_names_the_person(fake_index, fake_embedder):
    hits = Retriever(fake_index, fake_embedder, top_k=3)("Who is Mary McInerney?")
    assert len(hits) == 3
    assert any("Mary McInerney, country director for Save the Children" in h.chunk.text for h in hits)
    assert hits[0].score >= hits[1].score >= hits[2].score


def test_bm25_scores_only_chunks_with_the_words(fake_index, fake_embedder):
    r = Retriever(fake_index, fake_embedder)
    scores = r.bm25_scores("sugarcane")
    hit_ids = [i for i, s in enumerate(scores) if s > 0]
    assert hit_ids and all("sugarcane" in fake_index.chunks[i].text for i in hit_ids)


def test_fusion_rewards_agreement(fake_index, fake_embedder):
    r = Retriever(fake_index, fake_embedder, top_k=len(fake_index.chunks))
    hits = r("Northern Triangle insult")
    top = hits[0].chunk.text
    assert "Northern Triangle" in top or "insult" in top


def test_top_k_must_be_positive(fake_index, fake_embedder):
    with pytest.raises(ValueError, match="top_k must be greater than 0. Currently, top_k is 0"):
        Retriever(fake_index, fake_embedder, top_k=0)
