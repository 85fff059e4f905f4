import pytest

from askbot.bot import Bot
from askbot.checks import ORDER, REGISTRY, STAGES
from conftest import ScriptedGenerator


def test_every_check_in_the_order_is_registered_with_a_stage_and_languages():
    assert set(ORDER) == set(REGISTRY)
    for name in ORDER:
        check = REGISTRY[name]
        assert check.name == name and check.stage in STAGES
        assert check.languages is None or check.languages <= {"en", "es"}


def test_a_check_disabled_by_name_does_not_run(fake_index, fake_embedder, settings):
    reply = "The country director is for Save the Children."  # says the question back
    q = "Who is the country director for Save the Children?"
    on = Bot(fake_index, fake_embedder, ScriptedGenerator(reply), settings).ask(q)
    assert on.refusal.check == "non_answer"
    off = Bot(fake_index, fake_embedder, ScriptedGenerator(reply), settings.replace(disabled_checks="non_answer, denied"))
    assert off.ask(q).refusal is None


def test_an_unknown_check_name_is_an_error_naming_the_checks(fake_index, fake_embedder, settings):
    with pytest.raises(ValueError, match="Unknown check nope.*unmentioned"):
        Bot(fake_index, fake_embedder, None, settings.replace(disabled_checks="nope"))


def test_english_checks_judge_a_spanish_question_once_translated_and_are_skipped_when_it_is_not(
        fake_index, fake_embedder, settings):
    # "Pence" is a name the article never mentions: the English check refuses the translation before the model
    gen = ScriptedGenerator("What did Giammattei tell Mike Pence?", "Giammattei spoke with Kamala Harris.")
    a = Bot(fake_index, fake_embedder, gen, settings).ask("¿Qué le dijo Giammattei a Mike Pence?")
    assert len(gen.prompts) == 1 and a.refusal.code == "unmentioned"
    assert a.text == "El artículo no menciona eso." and "Pence" not in a.text
    # the translation failed (an empty reply): the question stays Spanish and no English check judges it
    gen = ScriptedGenerator("", "Giammattei spoke with Kamala Harris.", "Giammattei habló con Kamala Harris.")
    Bot(fake_index, fake_embedder, gen, settings).ask("¿Qué le dijo Giammattei a Mike Pence?")
    assert len(gen.prompts) == 3  # the model answered it
