import pytest

from askbot.article import load_article
from askbot.bot import Bot
from askbot.settings import DEFAULT_ARTICLE

from conftest import ScriptedGenerator


def _ask(fake_index, fake_embedder, settings, reply, question, history=()):
    return Bot(fake_index, fake_embedder, ScriptedGenerator(reply), settings).ask(question, list(history))


def test_the_check_runs_by_default_and_can_be_turned_off(fake_index, fake_embedder, settings):
    reply = "Giammattei's brother was sentenced in March to life in prison in the U.S. on drug trafficking charges."
    assert _ask(fake_index, fake_embedder, settings, reply, "What happened to Giammattei's brother?").refusal.code == \
        "other_subject"
    off = settings.replace(disabled_checks="other_subject")
    a = _ask(fake_index, fake_embedder, off, reply, "What happened to Giammattei's brother?")
    assert a.refusal is None or a.refusal.code != "other_subject"


def test_someone_named_whom_the_article_gives_the_thing_to_another_is_refused(fake_index, fake_embedder, settings):
    # Bukele is in the article, but the brother who was sentenced is Hernández's
    a = _ask(fake_index, fake_embedder, settings, "Nayib Bukele's brother was sentenced in March to life in prison.",
             "What sentence did Nayib Bukele's brother receive?")
    assert a.refusal is not None and a.refusal.code == "other_subject"
    assert a.text.startswith("The article doesn't say that of Nayib Bukele. It says: “Honduras is led by Juan Orlando")
    # the sentence it quotes is cited, with its offsets in the article
    (c,) = a.citations
    assert a.text.endswith("” [1]") and fake_index.article.text[c.start:c.end] == c.text
    assert c.text.startswith("Honduras is led by Juan Orlando Hernández, whose brother was sentenced")


def test_evidence_that_does_not_say_whose_it_is_cannot_tell():
    from askbot.checks.subject import _holds, _same

    # "that of Tom" does not give the throw to Tom by name: "Larson's throw" is not judged
    assert not _holds("But the throw was behind that of Tom by fourteen inches.", "Tom", "throw")
    assert _holds("Honduras is led by Juan Orlando Hernández, whose younger brother was sentenced.",
                  "Juan Orlando Hernández", "brother")
    assert _holds("Malcolm married Edgar's sister Margaret.", "Edgar", "sister")
    assert _same("Edgar Atheling's", "Edgar") and _same("Li Feng's", "Li's") and not _same("Nayib Bukele's", "Hernández")


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


@pytest.mark.parametrize("other, named, said, question, quoted", [
    # the article: "But Giammattei believes corruption permeates all aspects of society, … he said …"
    ("Harris", "Giammattei", "{} said corruption permeates all aspects of society, including business.",
     "What did {} say about corruption?", "But Giammattei believes corruption permeates"),
    # the article: "Giammattei described himself as “frustrated” by the scenes of thousands of unaccompanied children …"
    ("Bukele", "Giammattei", "{} described himself as frustrated by the scenes of thousands of unaccompanied children.",
     "How did {} describe himself?", "Giammattei described himself as"),
])
def test_words_or_deeds_given_to_another_than_the_one_the_article_names_are_refused(
        fake_index, fake_embedder, settings, other, named, said, question, quoted):
    a = _ask(fake_index, fake_embedder, settings, said.format(other), question.format(other))
    assert a.refusal is not None and a.refusal.code == "other_subject"
    assert a.text.startswith(f"The article doesn't say that of {other}. It says: “") and quoted in a.text
    (c,) = a.citations
    assert quoted in c.text and fake_index.article.text[c.start:c.end] == c.text
    a = _ask(fake_index, fake_embedder, settings, said.format(named), question.format(named))
    assert a.refusal is None and a.citations


def test_a_quotation_whose_speaker_is_named_where_it_closes_is_theirs(fake_index, fake_embedder, settings):
    # "“Mostly people want to stay in Guatemala. … ,” Mary McInerney, country director …, told CBS News."
    a = _ask(fake_index, fake_embedder, settings, "McInerney says that mostly people want to stay in Guatemala.",
             "What does McInerney say about why people leave?")
    assert a.refusal is None and a.citations


def test_who_a_sentence_says_said_it():
    from askbot.speaker import opening_speaker, speakers

    assert opening_speaker("Dr. Hannah Gardener said that 55 million people live with dementia.") == "Dr. Hannah Gardener"
    assert opening_speaker("He said it would rain.") is None
    assert speakers("About 55 million people live with dementia, according to the World Health Organization.") == [
        "the World Health Organization"]
    assert "Giammattei" in speakers("But Giammattei believes corruption permeates society, whose leaders he said earn a lot.")
