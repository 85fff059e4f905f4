import pytest

from askbot.vocabulary import Vocabulary


def test_a_word_opening_an_answer_is_not_taken_for_a_name(article):
    g = Vocabulary(article.text)
    assert g.invented("Until Monday, Harris stayed in Guatemala.") == []
    assert g.invented("Others left Guatemala.") == []
    assert g.invented("Pence stayed in Guatemala.") == ["Pence"]


@pytest.mark.parametrize("question, names", [
    ("What did Vice President Harris say about Saturn?", ["Saturn"]),
    ("What did Vice President Mike Pence promise?", ["Vice President Mike Pence"]),
    ("What did President Alexander Giammattei say?", []),  # misremembered, but the article's man
    ("How many migrants crossed in 1987?", ["1987"]),
    ("What did the Wall Street Journal report about Guatemala?", ["Wall Street Journal"]),
    # the article's names, in other forms: acronym, possessive, typo, demonym, number in words
    ("What does the US want from Guatemala?", []),
    ("What did the VP say about Guatemala?", []),  # initials of the article's "Vice President"
    ("What happened in DC?", []),  # the article's "D.C."
    ("What do NGO leaders earn?", []),  # initials of the article's "non-government organizations"
    ("What did the FBI say about Guatemala?", ["FBI"]),
    ("What did Giammattei's government promise?", []),
    ("Who is Kent Nishimora?", []),
    ("What did the Guatemalan president say?", []),
    # the first word is sentence case, not a name; the conversation's own words are not names
    ("Where did the president meet Harris?", []),
    ("True or False: Harris visited Guatemala.", []),
    ("What is that in English?", []),
])
def test_names_a_question_mentions_must_be_in_the_article(article, question, names):
    assert Vocabulary(article.text).unmentioned(question) == names


def test_an_acronym_of_words_in_a_row_counts_as_a_mention_of_them():
    g = Vocabulary("A member of the Scottish Parliament can introduce a bill as a private member.")
    assert g.unmentioned("An MSP may introduce a bill as what?") == []
    assert g.unmentioned("Can MSPs introduce bills?") == []
    assert g.unmentioned("What may a BPM introduce?") == ["BPM"]  # the initials backwards are none
    assert Vocabulary("It was the largest insurrection of World War II.").unmentioned(
        "What was the largest insurrection of WWI?") == ["WWI"]


def test_a_common_word_in_capitals_is_emphasis_not_a_name():
    g = Vocabulary("Ella does her homework on the tablet.")
    assert g.unmentioned("What does Ella say she CAN do on the tablet?") == []
    assert g.unmentioned("What does Ella say she CAN do on the PS5?") == ["PS5"]
    assert g.unmentioned("WHAT DOES ELLA DO ON THE TABLET?") == []  # all in capitals: none is a name


def test_numbers_in_words_and_peoples_names_count_as_mentions():
    text = "Three French ministers met in the 19th-century palace. They left on Friday."
    g = Vocabulary(text)
    assert g.unmentioned("Why did 3 ministers from France meet?") == []
    assert g.unmentioned("What happened in the 19th century?") == []
    assert g.unmentioned("Why did 4 ministers from Spain meet?") == ["4", "Spain"]


def test_numbers_count_as_mentions_however_a_question_writes_them():
    text = "By 1883, engines of 10,000 hp had become feasible. The war of France and the Dutch began in 1672."
    g = Vocabulary(text)
    assert g.unmentioned("As of what year were 10000 horsepower engines available?") == []
    assert g.unmentioned("When did France and the Dutch fight in the 17th century?") == []
    assert g.unmentioned("When did the Dutch fight in the 18th century?") == ["18th"]
    assert g.unmentioned("Were 20000 horsepower engines available?") == ["20000"]


def test_an_ordinal_states_its_number():
    g = Vocabulary("Diallo equalized, her eighth goal of the competition, in the 51st minute.")
    assert g.invented("Diallo has scored 8 goals in the competition.") == []
    assert g.invented("Diallo has scored eight goals; she scored after 51 minutes.") == []
    assert g.invented("Diallo has scored 9 goals in the competition.") == ["9"]
