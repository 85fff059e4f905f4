import pytest

from askbot.checks.denied import denies


@pytest.mark.parametrize("question, evidence, denied", [
    ("Who did Ms Kucukdeveci not work for?", "Ms Kücukdeveci worked for Swedex GmbH from age 18 to 28.", True),
    ("Who has no power to pass laws?", "The Scottish Parliament has the power to pass laws.", True),
    ("When wasn't King George's war?", "King George's War was in the 1740s.", True),
    ("Who did Ms Kucukdeveci work for?", "Ms Kücukdeveci worked for Swedex GmbH.", False),  # asks no negation
    ("Who did not get a visa in time?", "The nation failed to issue him a visa in time.", False),  # a denying verb
    ("Who refused him a visa?", "South Africa did not issue him a visa.", False),
    ("Who are not elected?", "Commissioners are the unelected subordinates of governments.", False),  # by prefix
    ("What did the Court decide, not only about cocoa?", "The Court decided about cocoa.", False),
    ("What peaked at No. 94?", "The song peaked at No. 94.", False),
])
def test_a_question_about_what_did_not_happen_is_denied_by_sentences_that_negate_nothing(question, evidence, denied):
    assert denies(question, [evidence]) is denied
    assert not denies(question, [])
