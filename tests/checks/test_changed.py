from askbot.bot import Bot
from askbot.checks.changed import _resembles
from askbot.types import Turn

from conftest import ScriptedGenerator

REPLY = "Mary McInerney is country director for Save the Children."
EARLIER = [Turn("Who is the country director for Save the Children?", f"{REPLY[:-1]} [1].")]


def _ask(fake_index, fake_embedder, settings, question, history, reply=REPLY):
    return Bot(fake_index, fake_embedder, ScriptedGenerator(reply), settings).ask(question, history)


def test_the_earlier_answer_to_a_changed_question_is_refused(fake_index, fake_embedder, settings):
    a = _ask(fake_index, fake_embedder, settings, "Who is the regional director for Save the Children?", EARLIER)
    assert a.refusal is not None and a.refusal.code == "ignored_change" and a.text == "The article doesn't say."


def test_evidence_with_the_earlier_words_where_the_changed_ones_are_missing_is_refused(
        fake_index, fake_embedder, settings):
    # "sentenced" changed to "acquitted"; the reply, not word for word the earlier one, rests on "sentenced"
    earlier = [Turn("Whose brother was sentenced in March?", "Hernández's brother was sentenced in March [1].")]
    reply = "Juan Orlando Hernández's brother was sentenced in March to life in prison."
    a = _ask(fake_index, fake_embedder, settings, "Whose brother was acquitted in March?", earlier, reply)
    assert a.refusal is not None and a.refusal.code == "ignored_change"


def test_the_same_answer_to_a_reworded_question_or_a_follow_up_stands(fake_index, fake_embedder, settings):
    for question in ("Who is Mary McInerney?",  # another question, worded otherwise
                     "Who is the country director for Save the Children?",  # asked again
                     "Who is the country director for Save the Childrn?",  # with a typo
                     "And what does she direct?"):  # a follow-up, which may get the same fact
        a = _ask(fake_index, fake_embedder, settings, question, EARLIER)
        assert a.refusal is None and a.text.startswith("Mary McInerney is country director"), question


def test_a_typo_corrected_is_no_change_but_a_number_one_digit_off_is():
    from askbot.checks.changed import _changed

    assert _changed("Who is Mary McInerney?", "Who is Mary McInerny?", "en") == (set(), set())
    assert _changed("Who bought the factory in 2005?", "Who bought the factor in 1995?", "en") == ({"2005"}, {"1995"})
    assert _changed("Who bought it in 2006?", "Who bought it in 2005?", "en") == ({"2006"}, {"2005"})
    assert _changed("Who increased the tax?", "Who decreased taxes?", "en") == ({"increas"}, {"decreas"})


def test_questions_are_alike_when_they_change_a_word_or_two_in_place():
    assert _resembles("What was the French population in South America?",
                      "What was the French population in North America?")
    assert _resembles("Who decreased British military resources in colonies?",
                      "Who increased British military resources in colonies?")
    assert not _resembles("What was the first steam powered device used commercially?",
                          "Who developed the first commercial steam powered device?")


def test_a_repeated_answer_of_two_sentences_shows_neither(fake_index, fake_embedder, settings):
    reply = f"{REPLY} Mostly people want to stay in Guatemala."
    earlier = [Turn(EARLIER[0].question, "Mary McInerney is country director for Save the Children [1]. Mostly "
                                         "people want to stay in Guatemala [2].")]
    bot = Bot(fake_index, fake_embedder, ScriptedGenerator(reply), settings)
    items = list(bot.ask_stream("Who is the regional director for Save the Children?", earlier))
    shown = "".join(i for i in items if isinstance(i, str))
    assert items[-1].refusal.code == "ignored_change" and shown == "The article doesn't say."


def test_the_check_can_be_turned_off(fake_index, fake_embedder, settings):
    off = settings.replace(disabled_checks="ignored_change")
    assert _ask(fake_index, fake_embedder, off, "Who is the regional director for Save the Children?",
                EARLIER).refusal is None
