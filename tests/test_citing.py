import pytest

from askbot.render import marked
from askbot.citing import Citer
from askbot.evidence import ArticleEvidence
from askbot.retrieval import Retriever
from askbot.vocabulary import Vocabulary


def _citer(index, embedder):
    return Citer(ArticleEvidence(index, embedder), Vocabulary(index.article.text), min_support=0.45)


def _text(cited):
    return " ".join(marked(s) for s in cited.sentences)


def test_supported_answer_cites_the_sentence_that_says_so(fake_index, fake_embedder, article):
    g = _citer(fake_index, fake_embedder)
    hits = Retriever(fake_index, fake_embedder)("Who is Mary McInerney?")
    out = g("Mary McInerney is the country director for Save the Children.", "Who is Mary McInerney?", hits)
    assert not out.quoted
    assert _text(out) == "Mary McInerney is the country director for Save the Children [1]."
    (c,) = out.citations
    assert article.text[c.start:c.end] == c.text
    assert "Mary McInerney, country director for Save the Children" in c.text


def test_unsupported_answer_is_replaced_by_a_quote(fake_index, fake_embedder, article):
    g = _citer(fake_index, fake_embedder)
    q = "Who is Mary McInerney?"
    hits = Retriever(fake_index, fake_embedder)(q)
    out = g("She is a famous astronaut who flew to Jupiter in 1850.", q, hits)
    assert out.quoted and _text(out).startswith("From the article: ")
    assert "McInerney" in out.citations[0].text
    assert out.citations[0].text.rstrip(".") in _text(out)


def test_a_supported_reason_is_kept_though_another_sentence_shares_more_words_with_the_question(
        fake_index, fake_embedder):
    # "Mostly people want to stay in Guatemala." matches the question's words best; the reason is
    # stated by another sentence, and the reply that gives it is kept, not swapped for a quote
    g = _citer(fake_index, fake_embedder)
    q = "Why do people leave Guatemala?"
    out = g("His citizens choose to leave because of a lack of economic opportunity.", q,
            Retriever(fake_index, fake_embedder)(q))
    assert not out.quoted
    assert "primary reason his citizens choose to leave is a lack of economic opportunity" in out.citations[0].text


def test_each_sentence_gets_its_own_citation(fake_index, fake_embedder, article):
    g = _citer(fake_index, fake_embedder)
    hits = Retriever(fake_index, fake_embedder)("hurricanes and Honduras")
    out = g("Two major hurricanes last fall devastated portions of Guatemala. "
                   "Honduras is led by Juan Orlando Hernández.", "hurricanes", hits)
    assert [c.n for c in out.citations] == [1, 2]
    assert "hurricanes" in out.citations[0].text and "Juan Orlando" in out.citations[1].text
    assert "Guatemala [1]." in _text(out) and "Hernández [2]." in _text(out)
    for c in out.citations:
        assert article.text[c.start:c.end] == c.text


def test_a_quotation_over_two_sentences_is_shown_as_two_each_with_its_citation(fake_index, fake_embedder):
    g = _citer(fake_index, fake_embedder)
    hits = Retriever(fake_index, fake_embedder)("hurricanes and Honduras")
    out = g('"Two major hurricanes last fall devastated portions of Guatemala. '
            'Honduras is led by Juan Orlando Hernández."', "hurricanes", hits)
    assert _text(out) == ('"Two major hurricanes last fall devastated portions of Guatemala." [1] '
                          '"Honduras is led by Juan Orlando Hernández." [2]')


@pytest.mark.parametrize("claim, shown", [
    ('He said: "We left.', 'He said: "We left."'),
    ('We came back."', '"We came back."'),
    ("We came back.”", "“We came back.”"),
    ('He said "we left" today.', 'He said "we left" today.'),
    ('The screen is 6" wide.', 'The screen is 6" wide.'),  # an inch mark opens no quotation
    # a mark after a space that ends the text closes (a quotation inside a quotation): it is not doubled
    ('It led to this: "The message changed to, \'We are going to reunite children.\' "',
     'It led to this: "The message changed to, \'We are going to reunite children.\'"'),
    ('No. "I really don\'t care about the result. "', 'No. "I really don\'t care about the result."'),
])
def test_each_sentence_of_a_quotation_is_a_quotation_of_its_own(claim, shown):
    from askbot.citing import _quoted_apart

    assert _quoted_apart([claim]) == [shown]


def test_the_sentences_inside_a_quotation_are_quoted_too():
    from askbot.citing import _quoted_apart

    assert _quoted_apart(['It says that "We stay.', "We want homes.", 'We look for jobs."', "He left."]) == [
        'It says that "We stay."', '"We want homes."', '"We look for jobs."', "He left."]
    assert _quoted_apart(["He said: “We stay.", "We look for jobs.”"]) == ["He said: “We stay.”", "“We look for jobs.”"]


def test_a_yes_or_no_answer_keeps_its_yes_and_its_citation(fake_index, fake_embedder, article):
    g = _citer(fake_index, fake_embedder)
    q = "Is Mary McInerney with Save the Children?"
    hits = Retriever(fake_index, fake_embedder)(q)
    for reply in ("Yes, Mary McInerney is the country director for Save the Children.",
                  "Yes. Mary McInerney is the country director for Save the Children."):
        out = g(reply, q, hits)
        assert not out.quoted and _text(out).startswith("Yes") and _text(out).endswith("Save the Children [1].")
        assert "Save the Children" in out.citations[0].text


@pytest.mark.parametrize("reply", [
    "Mary McInerney is not the country director for Save the Children.",
    "Mary McInerney is the country director for non-Save the Children.",
])
def test_an_answer_negating_its_evidence_is_not_an_answer(fake_index, fake_embedder, reply):
    g = _citer(fake_index, fake_embedder)
    q = "Who is Mary McInerney?"
    hits = Retriever(fake_index, fake_embedder)(q)
    out = g(reply, q, hits)
    assert out.citations == () and not out.sentences and out.contradicted  # neither cited nor replaced by a quote: the premise was false
    assert g("No, Mary McInerney is the country director for Save the Children.", q, hits).citations
    assert g(reply, q, hits, polarity=False).citations  # "Is she …?" "No, she is not …": the answer itself


def test_names_and_numbers_the_article_never_mentions_are_not_cited(fake_index, fake_embedder, article):
    g = _citer(fake_index, fake_embedder)
    q = "Who is Mary McInerney?"
    hits = Retriever(fake_index, fake_embedder)(q)
    assert g.vocabulary.invented("Mary McInerney is the country director for Save the Children in San Francisco.") == [
        "San Francisco"]
    assert g.vocabulary.invented("The Honduran president's brother was sentenced.") == []  # a form of "Honduras"
    out = g("Mary McInerney is the country director for Save the Children. She joined in 1987.", q, hits)
    assert not out.quoted and "1987" not in _text(out) and _text(out).endswith("Save the Children [1].")
    out = g("Mary McInerney is the country director for Save the Children in San Francisco.", q, hits)
    assert out.quoted and "San Francisco" not in _text(out)


_HARRIS = "Harris is open to the idea, and is also expected to announce plans for prosecutors to partner."
_LIBRARY = "The library will cost $8.4 million and is expected to open in the fall of 2028."
_ANALYSTS = "Analysts said the move could help Northwind return to profit next year if fuel prices stabilize."


@pytest.mark.parametrize("claim, evidence, drops", [
    ("Harris announced plans for prosecutors to partner.", _HARRIS, True),
    ("Harris is expected to announce plans for prosecutors.", _HARRIS, False),
    ("Harris is open to the idea.", _HARRIS, False),
    ("He told reporters it rained.", "He said to reporters that it rained, due to the storm.", False),
    ("Crews restored most service by Sunday.", "Crews expect to restore most service by Sunday.", True),
    # "will" is as sure as done: it keeps the article's "will", reported "would" or "is set to", not
    # its "expected to" or "could"
    ("The library will open in the fall of 2028.", _LIBRARY, True),
    ("The library is expected to open in the fall of 2028.", _LIBRARY, False),
    ("The library will cost $8.4 million.", _LIBRARY, False),
    ("The company will build a plant.", "He said the company would build a plant.", False),
    ("The company will build a plant.", "He said the company could build a plant.", True),
    ("Giammattei will host Harris on Monday.", "Giammattei, who is set to host Harris on Monday, …", False),
    # what a hedge governs runs to the end of its clause
    ("Northwind Air will return to profit next year.", _ANALYSTS, True),
    ("Northwind will return to profit, the company said.",
     "Northwind will return to profit, the company said, and it could add routes.", False),
])
def test_a_claim_that_states_as_done_what_the_article_only_expects_is_not_supported(claim, evidence, drops):
    from askbot.citing import _drops_hedge

    assert _drops_hedge(claim, evidence) == drops


def test_a_caption_is_cited_only_for_a_question_about_the_page_furniture(fake_index, fake_embedder, article):
    # the photo's caption ("… Giammattei of Guatemala on Monday, April 26, 2021 in Washington") matches
    # the claim best, but its Monday is not the story's: a question about what the story reports cites
    # the story's own sentences
    g = _citer(fake_index, fake_embedder)
    q = "When will Harris visit Guatemala?"
    claim = "Harris will visit Guatemala on Monday."
    hits = Retriever(fake_index, fake_embedder)(q)
    about_the_photo = g(claim, q, hits, furniture=True)
    assert "virtual bilateral meeting" in about_the_photo.citations[0].text
    about_the_story = g(claim, q, hits, furniture=False)
    assert about_the_story.citations
    assert not any("virtual bilateral meeting" in c.text or "Getty Images" in c.text for c in about_the_story.citations)
    for c in about_the_story.citations:
        assert article.text[c.start:c.end] == c.text


def test_an_age_is_supported_by_the_articles_hyphenated_form(fake_embedder):
    from askbot.article import article_from_text
    from askbot.chunking import Chunker
    from askbot.index import ArticleIndex

    text = ("Dennis Hopper took what may be his final bow Friday as his star was dedicated on the Walk of Fame. "
            "His lawyer said that Hopper is ill, but the 73-year-old actor was smiling broadly during the ceremony. "
            "Other stars on hand included director David Lynch.")
    index = ArticleIndex.build(article_from_text(text, name="hopper"), Chunker(), fake_embedder)
    q = "How old is Hopper?"
    out = _citer(index, fake_embedder)("Hopper is 73 years old.", q, Retriever(index, fake_embedder)(q))
    assert not out.quoted and _text(out) == "Hopper is 73 years old [1]."
    assert "73-year-old actor" in out.citations[0].text


@pytest.mark.parametrize("claim, evidence", [
    ("Yes. Kevin Marsh was charged with wire fraud.",
     "The brother-in-law, Kevin Marsh, has not been charged; investigators say he did not know about the transfers."),
    ("Yes. Walking prevents dementia.",
     "The study was observational, meaning it can show an association but cannot prove that walking prevents dementia."),
    ("There were dogs there.", "Poking his head out from under the couch, there were no dogs there."),
])
def test_a_claim_that_states_what_its_evidence_negates_is_found(claim, evidence):
    from askbot.citing import _negated

    assert _negated(claim, ["The scheme ran from 2016 to 2022.", evidence]) == 1


@pytest.mark.parametrize("claim, evidence", [
    ("Kevin Marsh did not know about the transfers.",  # the claim keeps the negation
     "The brother-in-law, Kevin Marsh, has not been charged; investigators say he did not know about the transfers."),
    ("In a closed system there are no internal forces that are unbalanced.",
     "This means that in a closed system of particles, there are no internal forces that are unbalanced."),
    ("The Council has 352 votes.",  # the negated word is also said plainly
     "It means 55 per cent of the Council members (not votes): currently 260 of the 352 votes."),
    ("Maududi believed that Islam needed the establishment of an Islamic state.",
     "Maududi believed that society could not be Islamic without Sharia, and Islam required an Islamic state."),
    ("Pratt will report to prison in May.", "Pratt is expected to report to prison in May, not in April."),
])
def test_a_claim_that_negates_with_its_evidence_or_past_it_is_not_found(claim, evidence):
    from askbot.citing import _negated

    assert _negated(claim, [evidence]) is None


def test_a_yes_that_drops_its_evidences_not_quotes_that_sentence_and_a_statement_is_contradicted(fake_embedder):
    from askbot.article import article_from_text
    from askbot.chunking import Chunker
    from askbot.index import ArticleIndex

    text = ("Douglas Pratt was sentenced to six years for embezzling $3.2 million. "
            "The scheme ran from 2016 to 2022, when an auditor noticed transfers to a company in his brother-in-law's name. "
            "The brother-in-law, Kevin Marsh, has not been charged; investigators say he did not know about the transfers.")
    index = ArticleIndex.build(article_from_text(text, name="pratt"), Chunker(), fake_embedder)
    citer, q = _citer(index, fake_embedder), "Was Kevin Marsh charged?"
    hits = Retriever(index, fake_embedder)(q)
    out = citer("Yes. Kevin Marsh was charged with fraud.", q, hits, polarity=False)
    assert out.quoted and _text(out).startswith("From the article: The brother-in-law, Kevin Marsh, has not been charged")
    q = "What was Kevin Marsh charged with?"
    out = citer("Kevin Marsh was charged with fraud.", q, Retriever(index, fake_embedder)(q))
    assert out.contradicted and not out.sentences
