from askbot.render import answer_text, marked, refusal_text
from askbot.types import Answer, Citation, Refusal, Sentence


def test_markers_go_before_closing_punctuation():
    assert marked(Sentence("It rained.", (1,))) == "It rained [1]."
    assert marked(Sentence("No punctuation", (2,))) == "No punctuation [2]"
    assert marked(Sentence("“It rained,” she said.", (1, 2))) == "“It rained,” she said [1][2]."
    assert marked(Sentence("Plain.")) == "Plain."
    assert marked(Sentence("He was sentenced in the U.S.", (1,))) == "He was sentenced in the U.S. [1]"


def test_an_answer_is_its_sentences_with_their_markers():
    c = Citation(1, 0, 0, 9, "It rained.")
    a = Answer((Sentence("It rained.", (1,)), Sentence("Then it stopped.")), (c,), None, "q")
    assert a.answerable and a.text == "It rained [1]. Then it stopped."


def test_a_refusal_is_said_in_the_questions_language():
    r = Refusal("model_doubt", "model_doubt")
    assert refusal_text(r) == "The article doesn't say."
    assert refusal_text(r, "es") == "El artículo no lo dice."
    assert answer_text(Answer((), (), r, "q", language="es")) == "El artículo no lo dice."


def test_a_refusal_quotes_only_the_articles_words():
    said = Refusal("contradicted", "some_check", ("major",))
    assert refusal_text(said) == "The article doesn't say: it speaks of “major”."
    assert refusal_text(Refusal("contradicted", "some_check", ("Arab", "Warsaw")), "es") == (
        "El artículo no lo dice: habla de “Arab” o “Warsaw”.")
    assert refusal_text(Refusal("contradicted", "denied")) == "The article doesn't say."
    assert refusal_text(Refusal("unmentioned", "unmentioned")) == "The article doesn't mention that."
