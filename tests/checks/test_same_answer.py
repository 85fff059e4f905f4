from askbot.bot import Bot
from askbot.types import Turn

from conftest import ScriptedGenerator

REPLY = "Mary McInerney is country director for Save the Children."


def _ask(fake_index, fake_embedder, settings, question, history):
    return Bot(fake_index, fake_embedder, ScriptedGenerator(REPLY), settings).ask(question, history)


def test_the_answer_to_a_question_that_differs_in_what_it_asks_about_is_refused(fake_index, fake_embedder, settings):
    earlier = [Turn("Who is the country director for Save the Children?", f"{REPLY[:-1]} [1].")]
    a = _ask(fake_index, fake_embedder, settings, "Who is the regional director for Save the Children?", earlier)
    assert a.refusal is not None and a.refusal.code == "same_answer" and a.text == "The article doesn't say."


def test_the_same_answer_to_a_reworded_question_or_a_follow_up_stands(fake_index, fake_embedder, settings):
    earlier = [Turn("Who is the country director for Save the Children?", f"{REPLY[:-1]} [1].")]
    for question in ("Who is Mary McInerney?",  # another question: few words in common
                     "Who is the country director for Save the Children?",  # asked again
                     "And what does she direct?"):  # a follow-up, which may get the same fact
        a = _ask(fake_index, fake_embedder, settings, question, earlier)
        assert a.refusal is None and a.text.startswith("Mary McInerney is country director"), question


def test_the_check_can_be_turned_off(fake_index, fake_embedder, settings):
    earlier = [Turn("Who is the country director for Save the Children?", f"{REPLY[:-1]} [1].")]
    off = settings.replace(disabled_checks="same_answer")
    a = _ask(fake_index, fake_embedder, off, "Who is the regional director for Save the Children?", earlier)
    assert a.refusal is None


def test_a_repeated_answer_of_two_sentences_shows_neither(fake_index, fake_embedder, settings):
    reply = f"{REPLY} Mostly people want to stay in Guatemala."
    earlier = [Turn("Who is the country director for Save the Children?",
                    "Mary McInerney is country director for Save the Children [1]. Mostly people want to stay in "
                    "Guatemala [2].")]
    bot = Bot(fake_index, fake_embedder, ScriptedGenerator(reply), settings)
    items = list(bot.ask_stream("Who is the regional director for Save the Children?", earlier))
    shown = "".join(i for i in items if isinstance(i, str))
    assert items[-1].refusal.code == "same_answer" and shown == "The article doesn't say."
