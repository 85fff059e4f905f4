from askbot.suggestions import main_person, people, strip_titles, suggest_questions

PROFILE = ("Gene Clark was a singer. Clark left the Byrds in 1966. He recorded White Light with Jesse Ed Davis. "
           "Davis played guitar. Clark said his songs came slowly. He toured with Doug Dillard. Clark died in 1991.")
PLACE = ("Lublin Voivodeship is bordered by Subcarpathian Voivodeship to the south and Masovian Voivodeship to the "
         "northwest. The Lublin Voivodeship was created in 1999. Lublin is its capital. Voivodeship borders changed.")


def test_the_main_person_is_the_most_mentioned_by_a_margin():
    assert main_person(PROFILE) == "Gene Clark"
    assert main_person(PROFILE.replace("Clark left", "Davis left")) is None  # 3 mentions each


def test_an_article_that_never_says_he_or_she_is_about_no_one():
    assert people(PLACE)[0][0] == "Subcarpathian Voivodeship"  # the most mentioned name is a place
    assert main_person(PLACE) is None


def test_titles_are_not_part_of_a_name():
    assert strip_titles("Guatemalan President Alejandro Giammattei of Guatemala") == "Alejandro Giammattei"


def test_starter_questions_come_from_the_article(article, fake_index):
    questions = suggest_questions(article.text, fake_index.chunks)
    assert 1 <= len(questions) <= 4 and all(q.endswith("?") for q in questions)
    for q in questions:
        if q.startswith("Who is "):
            assert q[len("Who is "):-1] in article.text


def test_starter_questions_about_a_spanish_article_are_in_spanish():
    from pathlib import Path

    from askbot.article import load_article

    article = load_article(Path(__file__).parent / "data" / "articulo-lluvias.txt")
    questions = suggest_questions(article.text, [], language=article.language)
    assert "¿Quién es Rutilio Escandón?" in questions and not any(q.startswith("Who") for q in questions)
