from askbot.article import load_article
from askbot.bot import Bot
from askbot.settings import DEFAULT_ARTICLE

from conftest import ScriptedGenerator


def _ask(fake_index, fake_embedder, settings, reply, question, history=()):
    on = settings.replace(disabled_checks="")  # the check is off by default (it does not pay on held-out data)
    return Bot(fake_index, fake_embedder, ScriptedGenerator(reply), on).ask(question, list(history))


def test_the_check_is_off_by_default(fake_index, fake_embedder, settings):
    a = Bot(fake_index, fake_embedder, ScriptedGenerator(
        "Giammattei's brother was sentenced in March to life in prison in the U.S. on drug trafficking charges."),
        settings).ask("What happened to Giammattei's brother?")
    assert a.refusal is None or a.refusal.code != "other_subject"


def test_a_brother_moved_to_the_wrong_man_is_refused_with_what_the_article_says(fake_index, fake_embedder, settings):
    a = _ask(fake_index, fake_embedder, settings,
             "Giammattei's brother was sentenced in March to life in prison in the U.S. on drug trafficking charges.",
             "What happened to Giammattei's brother?")
    assert a.refusal is not None and a.refusal.code == "other_subject"
    assert a.text.startswith("The article doesn't say that of Giammattei. It says: “Honduras is led by Juan Orlando")


def test_a_pronoun_answer_is_about_whom_the_question_asked(fake_index, fake_embedder, settings):
    a = _ask(fake_index, fake_embedder, settings, "His brother was sentenced in March to life in prison in the U.S.",
             "What happened to Giammattei's brother?")
    assert a.refusal is not None and a.refusal.code == "other_subject"


def test_the_right_man_passes(fake_index, fake_embedder, settings):
    a = _ask(fake_index, fake_embedder, settings,
             "Hernández's brother was sentenced in March to life in prison in the U.S. on drug trafficking charges.",
             "What happened to Hernández's brother?")
    assert a.answerable and "Hernández" in a.citations[0].text


def test_a_quotation_is_about_its_speaker(fake_index, fake_embedder, settings):
    """"“We are not on the same side of the coin." names no one; its speaker is named later."""
    a = _ask(fake_index, fake_embedder, settings, "Giammattei said they are not on the same side of the coin.",
             "What did Giammattei say about the coin?")
    assert a.refusal is None or a.refusal.code != "other_subject", load_article(DEFAULT_ARTICLE).name
