import pytest

from askbot.language import detect_language


@pytest.mark.parametrize("text, language", [
    ("¿Quién es Mary McInerney?", "es"), ("Quién es el presidente de Guatemala", "es"), ("Que dijo Harris", "es"),
    ("donde esta Guatemala", "es"), ("Dónde vive?", "es"),
    ("Who is the president of Guatemala?", "en"), ("", "en"), ("Why?", "en"),
    # names are no language's words: "Is Guatemala safe?" is English, a name alone is the default
    ("Is Guatemala safe?", "en"), ("Was El Salvador mentioned?", "en"), ("Guatemala", "en"), ("Harris?", "en"),
])
def test_language_is_detected_with_names_set_aside(text, language):
    assert detect_language(text) == language
