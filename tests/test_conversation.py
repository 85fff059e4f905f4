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


def test_elliptical_follow_up_carries_the_topic():
    history = [Turn("Why do people leave Guatemala?", "A lack of economic opportunity [1].")]
    assert QueryRewriter()("And Honduras?", history) == "And Honduras (Why do people leave Guatemala)?"


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
