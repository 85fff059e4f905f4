from askbot.article import article_from_text, load_article
from askbot.metadata import read_metadata
from askbot.settings import DEFAULT_ARTICLE


def _said(text, meta):
    return {k: text[sp.start:sp.end] for k in ("byline", "who", "contributors", "date", "place")
            if (sp := getattr(meta, k)) is not None}


def test_the_default_article_has_a_contributors_line_and_a_dateline_but_no_byline_or_date():
    text = load_article(DEFAULT_ARTICLE).text
    said = _said(text, read_metadata(text))
    assert said == {"contributors": "Fin Gómez, Alex Pena and Tim Perry contributed to this report.",
                    "place": "Guatemala City"}  # the caption's "April 26, 2021" is not the article's date


def test_a_markdown_byline_with_a_date_and_a_wire_dateline():
    text = ("# Harbor bridge reopens\n\n*By Dana Whitfield* | June 3, 2024\n\nPORTLAND, Maine (AP) -- The harbor "
            "bridge reopened on Tuesday after two years of repairs, the city said, and traffic was light in the "
            "first hours of the morning as drivers returned.\n\nThe mayor said it cost $40 million.")
    said = _said(text, read_metadata(text))
    assert said["who"] == "Dana Whitfield" and said["date"] == "June 3, 2024" and said["place"] == "PORTLAND, Maine"


def test_an_html_byline_and_date_survive_loading():
    text = article_from_text("<html><body><article><h1>Bridge</h1><p class=byline>Por Dana Whitfield</p>"
                             "<p><time>3 de marzo de 2024</time></p><p>The bridge reopened on Tuesday.</p>"
                             "</article></body></html>").text
    said = _said(text, read_metadata(text))
    assert said["who"] == "Dana Whitfield" and said["date"] == "3 de marzo de 2024" and "place" not in said


def test_an_article_without_any_has_none():
    assert _said("x", read_metadata("The bridge reopened on Tuesday. By then, the mayor said, it was late.")) == {}
