import pytest

from askbot.checks import Draft, Tools
from askbot.checks.doubt import ModelDoubt, kind
from askbot.settings import Settings


@pytest.mark.parametrize("question, language, followup, expected", [
    ("Is Harris frank?", "en", False, "yes_no"), ("And did she go?", "en", True, "yes_no"),
    ("What did she say?", "en", True, "followup"), ("Who is Mary McInerney?", "en", False, "fact"),
    ("¿Es franca Harris?", "es", False, "fact"),  # yes-or-no is told for English only
])
def test_questions_are_of_three_kinds(question, language, followup, expected):
    assert kind(question, language, followup) == expected


def test_each_kind_has_its_own_limit():
    check = ModelDoubt(Tools(None, Settings(max_refusal_p=0.2, max_yes_no_refusal_p=0.5,
                                                              max_followup_refusal_p=0.8)))
    draft = Draft("Who is Mary McInerney?", "en", refusal_p=0.3)
    assert check(draft).code == "model_doubt"
    assert check(Draft("Is Mary McInerney frank?", "en", refusal_p=0.3)) is None
    assert check(Draft("What did she say?", "en", followup=True, refusal_p=0.7)) is None
    assert check(Draft("Who is Mary McInerney?", "en", refusal_p=0.3, evidence=0.9)) is None  # strong evidence
