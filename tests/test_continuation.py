from askbot.continuation import asks_for_more, continuation, repeats
from askbot.evidence import ArticleEvidence
from askbot.types import Sentence, Turn


def test_a_question_asking_for_more():
    assert asks_for_more("What else?") and asks_for_more("What other songs did they release?")
    assert not asks_for_more("Who is Mary McInerney?")


def test_a_reply_repeats_when_nearly_all_its_words_were_said():
    turns = (Turn("Who is she?", "Mary McInerney is the country director for Save the Children [1]."),
             Turn("What else?", "The article doesn't say."))
    assert repeats((Sentence("She is the Save the Children country director."),), turns)
    assert not repeats((Sentence("McInerney noted a domestic travel ban."),), turns)
    assert not repeats((Sentence("A travel ban."),), ())


def test_what_comes_next_is_the_first_unsaid_sentence_after_the_last_answer(fake_index, fake_embedder):
    evidence = ArticleEvidence(fake_index, fake_embedder)
    said = "Mary McInerney is the country director for Save the Children."
    i = continuation(evidence, (Turn("Who is she?", said),))
    assert evidence.sentences[i].text.startswith("McInerney noted that a domestic travel ban")
    told = evidence.sentences[i].text  # said already: the sentence after it comes next
    j = continuation(evidence, (Turn("Who is she?", said), Turn("What else?", "Unrelated."), Turn("More?", told)))
    assert j > i
    assert continuation(evidence, (Turn("Who?", "The article doesn't say."),)) is None
