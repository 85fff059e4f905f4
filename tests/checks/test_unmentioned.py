from askbot.bot import Bot
from askbot.checks.unmentioned import _written
from conftest import ScriptedGenerator


def test_a_name_the_article_never_mentions_is_refused_before_the_model(fake_index, fake_embedder, settings):
    gen = ScriptedGenerator("Giammattei praised Saturn.")
    a = Bot(fake_index, fake_embedder, gen, settings).ask("What did Giammattei say about Saturn?")
    assert a.refusal.code == "unmentioned" and gen.prompts == []


def test_a_translated_question_is_judged_by_the_names_its_reader_wrote(fake_index, fake_embedder, settings):
    # the reader wrote "Saturno": its translation's "Saturn", which the article never mentions, is the reader's
    gen = ScriptedGenerator("What did Giammattei say about Saturn?", "Giammattei praised Saturn.")
    a = Bot(fake_index, fake_embedder, gen, settings).ask("¿Qué dijo Giammattei sobre Saturno?")
    assert a.refusal.code == "unmentioned" and len(gen.prompts) == 1
    # "Back Patio" is the translator's name for words the reader wrote in lower case: the model is asked
    gen = ScriptedGenerator('What did Giammattei say about the "Back Patio"?',
                            "Giammattei said they have always looked at us like their backyard.",
                            "Giammattei dijo que siempre nos han visto como su patio trasero.")
    a = Bot(fake_index, fake_embedder, gen, settings).ask("¿Qué dijo Giammattei del patio trasero?")
    assert len(gen.prompts) == 3 and a.refusal is None


def test_a_name_or_number_is_the_readers_when_written_as_one():
    assert _written("Saturn", "en", "¿Qué pasa en Saturno?", "es")
    assert not _written("The Violinist", "en", "¿Qué papel tuvo en El violinista en el tejado?", "es")
    assert _written("NGOs", "en", "¿Cuánto ganan los líderes de las ONG?", "es")  # an acronym, translated
    assert not _written("NGOs", "en", "¿Cuánto ganan los líderes de las organizaciones?", "es")
    assert _written("1966", "en", "¿Qué pasó en 1966?", "es")
    assert not _written("1966", "en", "¿En qué año apareció en televisión?", "es")
