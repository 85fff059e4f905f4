import pytest

from askbot.conversation import QueryRewriter, entities, normalize_history
from askbot.types import Turn


def test_first_question_is_its_own_query():
    assert QueryRewriter()("Who leads  Honduras?", []) == "Who leads Honduras?"


def test_possessive_pronoun_is_resolved_to_the_person():
    history = [Turn("Who leads Honduras?", "Honduras is led by Juan Orlando Hernández [1].")]
    assert QueryRewriter()("what happened to his brother?", history) == "what happened to Juan Orlando Hernández’s brother?"


def test_subject_pronoun_is_resolved():
    history = [Turn("Who is Mary McInerney?", "Mary McInerney is country director for Save the Children [1].")]
    assert QueryRewriter()("What does she say people want?", history) == "What does Mary McInerney say people want?"


def test_the_most_mentioned_name_is_the_subject():
    history = [Turn("What did Ben Stein do in 1970?", "Stein wrote speeches for Richard Nixon."),
               Turn("Did Stein write books?", "Yes, Stein wrote novels.")]
    assert QueryRewriter()("Did he have any best sellers?", history) == "Did Ben Stein have any best sellers?"


def test_question_without_pronouns_is_left_alone():
    history = [Turn("Who leads Honduras?", "Juan Orlando Hernández [1].")]
    assert QueryRewriter()("Why do people leave Guatemala?", history) == "Why do people leave Guatemala?"


def test_entities_skip_question_words():
    assert entities("Who is Mary McInerney?") == ["Mary McInerney"]


@pytest.mark.parametrize("history", [
    [("q", "a")],
    [{"question": "q", "answer": "a"}],
    [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}],
    [Turn("q", "a")],
])
def test_history_formats(history):
    assert normalize_history(history) == [Turn("q", "a")]


def test_bad_history_item_is_named():
    with pytest.raises(TypeError, match="int"):
        normalize_history([3])


def test_possessive_names_are_not_doubled():
    history = [Turn("What did Wahid's early career consist of?", "Wahid's early career was journalism [1].")]
    assert QueryRewriter()("When did his career start?", history) == "When did Wahid’s career start?"
