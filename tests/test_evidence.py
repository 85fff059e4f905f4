from askbot.evidence import ArticleEvidence


def _said(evidence: ArticleEvidence, question: str) -> str | None:
    i = evidence.stating(question)
    return None if i is None else evidence.sentences[i].text


def test_the_sentence_stating_every_word_of_a_yes_or_no_question_is_found(fake_index, fake_embedder):
    ev = ArticleEvidence(fake_index, fake_embedder)
    assert _said(ev, "Is Harris expected to announce plans?").startswith("Harris, he said, is open to the idea")
    # "He" for the name the sentence before gives: one name of three words or more may be missing
    assert _said(ev, "Was Giammattei animated when discussing corruption?").startswith("He grew especially animated")


def test_a_question_stated_by_no_sentence_finds_none(fake_index, fake_embedder):
    ev = ArticleEvidence(fake_index, fake_embedder)
    assert _said(ev, "Did Harris raise taxes in Guatemala?") is None  # "taxes" is said nowhere
    assert _said(ev, "Did the concerns raise Harris?") is not None  # the words, whatever their order
    assert _said(ev, "Is Harris there?") is None  # one content word: too few to state anything
    assert _said(ev, "Was Biden animated when discussing corruption?") is None  # not named just before
