import pytest

from askbot.text import detect_language, is_yes_no, unglue


@pytest.mark.parametrize("question, yes_no", [
    ("Is there a church there?", True), ("And did anyone help?", True), ("isn't it small?", True),
    ("What is it?", False), ("Who?", False), ("how many people live there", False), ("Island?", False),
])
def test_yes_or_no_questions_are_recognised(question, yes_no):
    assert is_yes_no(question) is yes_no


@pytest.mark.parametrize("text, language", [
    ("¿Quién es Mary McInerney?", "es"), ("Quién es el presidente de Guatemala", "es"),
    ("Who is the president of Guatemala?", "en"), ("", "en"),
])
def test_language_is_detected(text, language):
    assert detect_language(text) == language


@pytest.mark.parametrize("text, fixed", [
    ("In what year didIvory Coast exit?", "In what year did Ivory Coast exit?"),
    ("Who is McInerney?", "Who is McInerney?"),
    ("Does the iPhone work?", "Does the iPhone work?"),
    ("What did DeSantis say?", "What did DeSantis say?"),
])
def test_a_missed_space_after_a_function_word_is_restored(text, fixed):
    assert unglue(text) == fixed
