import pytest

from askbot.language import ENGLISH, SPANISH, detect_language


@pytest.mark.parametrize("text, language", [
    ("¿Quién es Mary McInerney?", "es"), ("Quién es el presidente de Guatemala", "es"), ("Que dijo Harris", "es"),
    ("donde esta Guatemala", "es"), ("Dónde vive?", "es"),
    ("Who is the president of Guatemala?", "en"), ("", "en"), ("Why?", "en"),
    # names are no language's words: "Is Guatemala safe?" is English, a name alone is the default
    ("Is Guatemala safe?", "en"), ("Was El Salvador mentioned?", "en"), ("Guatemala", "en"), ("Harris?", "en"),
])
def test_language_is_detected_with_names_set_aside(text, language):
    assert detect_language(text) == language


def test_inflected_forms_share_a_stem():
    from askbot.language import ENGLISH, SPANISH

    assert ENGLISH.stem("traffickers") == ENGLISH.stem("trafficker")
    assert ENGLISH.stem("employees") == ENGLISH.stem("employee")
    assert ENGLISH.stem("killed") == ENGLISH.stem("kill")
    assert SPANISH.stem("presidentes") == SPANISH.stem("presidente")
    assert ENGLISH.stem("harris") != ENGLISH.stem("hernandez")


def test_content_words_drop_each_languages_stopwords():
    from askbot.language import content_words

    assert content_words("What did the presidents say about the migrants?") == ["presid", "migrant"]
    assert content_words("¿Qué dijeron los presidentes sobre los migrantes?", "es") == ["president", "migrant"]
    assert content_words("The presidents", "xx") == content_words("The presidents")  # unknown: English


def test_numbers_in_digits_and_words_in_english_and_spanish():
    assert ENGLISH.numbers("two days, April 26, 2021, 2,000 people, thirty-five, a hundred") == {2, 26, 2021, 2000, 35, 100}
    assert SPANISH.numbers("dos días, 26 de abril de 2021, 2.000 personas, treinta y cinco, cien") == {2, 26, 2021, 2000, 35, 100}
    # one in words is no number here: in Spanish "un" and "una" are also articles; in digits it is
    assert SPANISH.numbers("un líder, una vez") == set() and ENGLISH.numbers("one leader") == set()
    assert SPANISH.numbers("el 1 de enero") == {1}


def test_a_hyphenated_word_opening_with_a_number_gives_its_parts():
    assert ENGLISH.content_words("the 73-year-old actor") == ENGLISH.content_words("73 years old actor")
    assert ENGLISH.content_words("a well-known actor") == ["well-known", "actor"]
