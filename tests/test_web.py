import json

from askbot.feedback import FeedbackLog
from askbot.types import Answer, Citation, Refusal, Sentence
from askbot.web import export_markdown, md_text, render_answer


def _answer(**kw):
    base = dict(sentences=(Sentence("She directs Save the Children.", (1,)),),
                citations=(Citation(1, 20, 3990, 4139, "Mary McInerney, country director (Save the Children)"),),
                refusal=None, search_query="Who is Mary McInerney?", timings={})
    base.update(kw)
    return Answer(**base)


def test_markers_become_links_to_the_cited_offsets():
    md = render_answer(_answer())
    assert "[\\[1\\]](#cite-3990-4139 " in md
    assert "&#40;Save the Children&#41;" in md  # the passage, as the link's hover title


def test_a_quoted_passage_is_not_listed_again_below_the_answer():
    quote = "Mostly people want to stay in Guatemala."
    md = render_answer(_answer(sentences=(Sentence(f"“{quote}”", (1,)),),
                               citations=(Citation(1, 20, 3990, 4030, quote),)))
    assert "\n\n" not in md and "#cite-3990-4030" in md  # the link stays; no list below
    assert "\n\n[\\[1\\]]" in render_answer(_answer())  # a passage the answer does not quote is listed


def test_user_and_article_text_is_escaped():
    md = md_text('<script>alert(1)</script> [x](javascript:alert(1))')
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert "\\[x\\]\\(javascript:alert\\(1\\)\\)" in md


def test_not_answered_is_shown_distinctly():
    md = render_answer(_answer(sentences=(), citations=(), refusal=Refusal("model_doubt", "model_doubt")))
    assert md.startswith("> The article doesn't say.") and "#cite-" not in md


def test_the_sentence_a_refusal_quotes_is_a_link_to_its_offsets():
    said = "Honduras is led by Juan Orlando Hernández, whose brother was sentenced."
    md = render_answer(_answer(sentences=(), citations=(Citation(1, 30, 5000, 5071, said),),
                               refusal=Refusal("other_subject", "other_subject", ("Giammattei", said))))
    assert md.startswith("> The article doesn't say that of Giammattei. It says: “Honduras is led by")
    assert md.rstrip().endswith('[\\[1\\]](#cite-5000-5071 "' + said + '")')


def test_rewritten_query_is_shown():
    md = render_answer(_answer(search_query="what happened to Hernández’s brother?"), "what happened to his brother?")
    assert "_Searched for: what happened to Hernández’s brother?_" in md
    assert "Searched for" not in render_answer(_answer(search_query="Who is Mary McInerney?"), "Who is  Mary McInerney?")


def test_a_spanish_answer_says_what_was_searched_for_in_spanish():
    md = render_answer(_answer(sentences=(Sentence("Dirige Save the Children.", (1,)),), language="es"),
                       "¿Quién es Mary McInerney?")
    assert "_Se buscó: Who is Mary McInerney?_" in md and "Searched" not in md


def test_export_keeps_citations_with_offsets(article):
    turns = [{"question": "Who is Mary McInerney?", "answer": _answer().to_dict()}]
    turns[0]["vote"] = "up"
    md = export_markdown(article, turns, when="2026-12-02 15:30 UTC")
    assert "**Q:** Who is Mary McInerney?" in md and "characters 3990–4139" in md and article.sha256 in md
    assert "Exported 2026-12-02 15:30 UTC" in md and "- reader's vote: up" in md


def test_an_export_is_named_by_article_and_date(article):
    from askbot.web import export_name

    assert export_name(article, when=0) == "askbot-giammattei-interview-1970-01-01-000000.md"


def test_feedback_appends_whole_lines(tmp_path):
    log = FeedbackLog(tmp_path / "fb" / "feedback.jsonl")
    log.append({"vote": "up", "question": "q1"})
    log.append({"vote": "down", "question": "q2"})
    with open(log.path, "a") as fh:  # a torn line, as if the machine died mid-write
        fh.write('{"vote": "up", "quest')
    records = log.read()
    assert [r["question"] for r in records] == ["q1", "q2"]
    assert all("time" in r for r in records)
    assert json.loads(log.path.read_text().splitlines()[0])["vote"] == "up"
