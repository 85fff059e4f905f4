import pytest

from askbot.checks.non_answer import answers_question, restates


@pytest.mark.parametrize("question, answer, said_back", [
    ("who did Desmond Tutu should calm down?", "Desmond Tutu should calm down [1][2].", True),
    ("What reform was attempted following the Nice Treaty?", "A reform was attempted following the Nice Treaty.", True),
    ("Who does the ANC say should calm down?", "The ANC says Tutu should calm down [1].", False),
    ("How many crank rotations are there in a cycle?", "Two.", False),  # a number is an answer
    ("How many events occur in an engine cycle?", "Four events occur in an engine cycle.", False),
    ("Is a problem instance abstract or concrete?", "A problem instance is abstract.", False),  # a choice
    ("The objects only decelerate with respect to what?", "The objects only decelerate with respect to each other.",
     False),  # small words can be the answer
])
def test_an_answer_saying_only_the_questions_words_restates_it(question, answer, said_back):
    assert restates(question, answer) is said_back


@pytest.mark.parametrize("question, reply, answers", [
    ("what caused the war", "The war in Sudan began in 2003.", False),  # says when, not why
    ("What caused the war?", "The war began over disputed land.", True),
    ("Why did he leave?", "He left because there was no work.", True),
    ("Why did he leave?", "A lack of economic opportunity drives people to leave.", True),
    ("When did the war begin?", "The war in Sudan began in 2003.", True),
    ("who did Desmond Tutu should calm down?", "Desmond Tutu should calm down.", False),
])
def test_a_reply_that_does_not_answer_what_was_asked(question, reply, answers):
    assert answers_question(question, reply) is answers
