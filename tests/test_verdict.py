from askbot.types import Sentence
from askbot.verdict import agreeing


def _first(question: str, reply: str) -> str:
    return agreeing(question, (Sentence(reply, (1,)), Sentence("More.", (2,))))[0].text


def test_a_yes_or_no_that_its_own_fact_contradicts_is_set_to_match_it():
    assert _first("Did they disagree?", "No. They disagreed about when to attack.") == \
        "Yes. They disagreed about when to attack."
    assert _first("Has Gillian been pleasant?", "Yes, Gillian has not been as pleasant as expected.") == \
        "No, Gillian has not been as pleasant as expected."
    assert _first("Will pilots lose their jobs?", "Yes. No pilots will lose their jobs.") == \
        "No. No pilots will lose their jobs."
    assert _first("Did he attend the hearing?", "Yes. He was unable to attend the hearing.") == \
        "No. He was unable to attend the hearing."
    declined = "Haddad declined to comment on the merger talks."
    assert _first("Did Haddad comment on the merger talks?", f"Yes. {declined}") == f"No. {declined}"
    assert _first("Did South Africa issue a visa?", "Yes. South Africa failed to issue him a visa.") == \
        "No. South Africa failed to issue him a visa."


def test_a_fact_that_says_less_than_the_question_decides_nothing():
    assert _first("Did he win the fourth Super Bowl?", "No. He won the third Super Bowl.") == \
        "No. He won the third Super Bowl."
    assert _first("Is Luna comfortable around people?", "Yes. Luna was afraid of humans.") == \
        "Yes. Luna was afraid of humans."
    # "against", "before", "more" … are small words, but the fact must say them too
    assert _first("Did Okafor vote against the library?", "No. Okafor voted in favor of the library.") == \
        "No. Okafor voted in favor of the library."
    assert _first("Did the fire start before midnight?", "Yes. The fire started after midnight.") == \
        "Yes. The fire started after midnight."
    assert _first("Did Okafor vote against the library?", "No. Okafor voted against the library.") == \
        "Yes. Okafor voted against the library."


def test_agreeing_answers_and_other_questions_are_unchanged():
    assert _first("Was Syria involved?", "Yes. Syria was involved in the conflict.") == \
        "Yes. Syria was involved in the conflict."
    assert _first("Who was involved?", "No one was involved.") == "No one was involved."
    assert _first("Was anyone involved?", "No one was involved.") == "No one was involved."  # no head
    assert agreeing("Did they disagree?", ()) == ()
    out = agreeing("Did they disagree?", (Sentence("No. They disagreed.", (1,)), Sentence("More.", (2,))))
    assert out[0].cites == (1,) and out[1] == Sentence("More.", (2,))


def test_a_yes_or_no_whose_fact_hedges_what_was_asked_is_left_unsaid():
    assert _first("Will Harris announce plans?", "Yes. Harris is expected to announce plans.") == \
        "Harris is expected to announce plans."
    assert _first("Will Northwind return to profit?", "Yes, Northwind could return to profit if fuel prices ease.") == \
        "Northwind could return to profit if fuel prices ease."
    assert _first("Will the Otters leave the city?", "No. The Otters may leave the city if no stadium is approved.") == \
        "The Otters may leave the city if no stadium is approved."
    assert _first("Will pilots lose their jobs?", "No. Pilots would not lose their jobs.") == \
        "No. Pilots would not lose their jobs."  # a hedge with "not" says no
    # the question's own modal, or a hedge on a verb the question does not ask about, leaves the Yes
    assert _first("Can the vaccine prevent infection?", "Yes. The vaccine can prevent infection.") == \
        "Yes. The vaccine can prevent infection."
    assert _first("Was there a difference?", "Yes. Mice raised apart were more likely to develop allergies.") == \
        "Yes. Mice raised apart were more likely to develop allergies."
