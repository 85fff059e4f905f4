import pytest

from askbot.evidence import ArticleEvidence
from askbot.speaker import asks_speaker, cited_speaker, speaker


@pytest.mark.parametrize("sentence, who", [
    ("The Dalai Lama scrapped his trip after the nation failed to issue him a visa in time, his spokesman said.",
     "his spokesman"),
    ("The ANC plans to ask why the visa process was delayed, spokesman Jackson Mtembu said.", "spokesman Jackson Mtembu"),
    ("“I think a few years ago it was more for fun,” said Jessica Hardwick, SwapThing founder and CEO.",
     "Jessica Hardwick, SwapThing founder and CEO"),
    ("There were 142,000 listings in July, according to Craigslist spokeswoman Susan MacTavish Best.",
     "Craigslist spokeswoman Susan MacTavish Best"),
    ("The International Committee of the Red Cross said on Monday that one of its employees was killed.",
     "The International Committee of the Red Cross"),
    ("Tutu said he would pray for the defeat of South Africa's government.", "Tutu"),
    ("He said the plan, which was late, failed.", None),  # a pronoun names no one
    ("The company talks with thousands of consumers every week.", None),
])
def test_the_speaker_a_news_sentence_names(sentence, who):
    assert speaker(sentence) == who


@pytest.mark.parametrize("question, asks", [
    ("who did say South Africa did not issue a visa on time?", True),
    ("Who said the talks failed?", True),
    ("Who told CBS News about the plan?", True),
    ("Who does the ANC say should calm down?", False),  # asks what was said, of whom
    ("Who is the spokesman?", False),
])
def test_questions_asking_who_said_something(question, asks):
    assert asks_speaker(question) is asks


def test_a_quotation_is_read_on_to_the_sentence_naming_its_speaker(fake_index, fake_embedder, article):
    ev = ArticleEvidence(fake_index, fake_embedder)
    start = article.text.index("In their Zoom")
    i, cited = next((i, e) for i, e in enumerate(ev.sentences) if e.span.start == start)  # "… which is good." (the quote goes on)
    assert speaker(cited.text) is None
    assert cited_speaker(ev, [i]) == "Giammattei"
