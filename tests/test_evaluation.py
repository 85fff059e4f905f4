import io
import json

import pytest

from askbot.errors import AskbotError
from askbot.evaluation import (Evaluator, Summary, claim_support, evaluate_rewrites, is_correct, normalize,
                                 read_conversations, subject_of, supports, token_f1)
from conftest import ScriptedGenerator


def test_normalize_drops_markers_punctuation_and_articles():
    assert normalize("The  country director [1].") == "country director"


def test_token_f1():
    assert token_f1("country director for Save the Children", "country director") == pytest.approx(0.571, abs=1e-3)
    assert token_f1("nothing", "else") == 0.0


def test_correct_when_the_answer_contains_a_gold_answer():
    assert is_correct("She is the country director for Save the Children [1].", ["country director for Save the Children"])
    assert not is_correct("She is a farmer.", ["country director"])


def test_runs_conversations_and_writes_the_output_format(tmp_path, settings, fake_embedder):
    doc = ("Mary Smith runs the bakery on Main Street. She opened it in 1998.\n\n"
           "The bakery sells bread and cakes. Its best seller is rye bread.")
    convs = [{"id": "c1", "document": doc, "turns": [
        {"question": "Who runs the bakery?", "answers": ["Mary Smith"], "answerable": True,
         "support": ["Mary Smith runs the bakery on Main Street."]},
        {"question": "What is the price of the moon rocket?", "answers": [], "answerable": False},
    ]}]
    gen = ScriptedGenerator("Mary Smith runs the bakery on Main Street.", "NOT IN ARTICLE")
    out = tmp_path / "out.jsonl"
    with open(out, "w") as fh:
        summary = Evaluator(settings, gen, fake_embedder).run(convs, fh)
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["turn"] for r in rows] == [0, 1]
    first = rows[0]
    assert set(first) >= {"id", "turn", "question", "answer", "answerable", "citations", "search_query", "latency_s", "ttft_s"}
    for c in first["citations"]:
        assert doc[c["start"]:c["end"]] == c["text"]
    m = summary.metrics()
    assert m["turns"] == 2 and m["correct"] == 1.0
    assert m["citation_precision"] == 1.0 and m["citation_recall"] == 1.0
    assert m["abstention_unanswerable"] == 1.0 and m["false_abstention"] == 0.0


DARFUR = "The Red Cross said on Monday that one of its employees was killed in western Darfur last week."


def test_a_passage_supports_a_claim_it_states_in_its_own_words():
    assert supports(DARFUR, "One employee was killed in western Darfur last week")
    assert not supports(DARFUR, "One employee was killed in Seleia last week")  # a word it never says
    assert not supports(DARFUR, "No employee was killed in western Darfur last week")  # it negates


def test_each_citation_is_judged_by_the_sentences_it_is_attached_to():
    cits = [{"n": 1, "text": DARFUR}, {"n": 2, "text": "The fighting began in 2003."}]
    assert claim_support("Yes. One employee was killed in western Darfur [1]. The fighting began in 2003 [2].",
                         cits) == {1: True, 2: True}
    # a sentence put together from two passages is stated by neither
    assert claim_support("One employee was killed in 2003 [1][2].", cits) == {1: False, 2: False}
    assert claim_support("One employee was killed [1]. The fighting began in 2003 [1][2].", cits) == {1: False, 2: True}


def test_citation_precision_counts_a_citation_that_states_its_sentence():
    doc = f"{DARFUR} The Sudanese region of Darfur has seen fighting since 2003."
    turn = {"question": "Where was one employee killed?", "answers": ["Sudanese region of Darfur"], "answerable": True}
    row = {"turn": 0, "answer": "One employee was killed in western Darfur last week [1].", "answerable": True,
           "citations": [{"n": 1, "start": 0, "end": len(DARFUR), "text": DARFUR}], "latency_s": 1.0, "ttft_s": 0.5}
    summary = Summary()
    summary.add(turn, row, doc)
    m = summary.metrics()
    assert m["citation_precision"] == 1.0 and m["citation_precision_gold"] == 0.0 and m["citation_recall"] == 0.0


def test_bad_eval_file_is_named(tmp_path):
    f = tmp_path / "bad.jsonl"
    f.write_text('{"id": 1, "turns": []}\nnot json\n')
    with pytest.raises(AskbotError, match="bad.jsonl:2 is not valid JSON"):
        list(read_conversations(f))


@pytest.mark.parametrize("title, subject", [
    ("Frank Zappa", "Frank Zappa"), ("Pinhead (Hellraiser)", "Pinhead"), ("Blink-182", "Blink-182"),
    ("Abdurrahman Wahid -- Early career0", "Abdurrahman Wahid"), ("Bath, Somerset.txt0", "Bath"),
    ("Arthur Wellesley, 1st Duke of Wellington", "Arthur Wellesley"),
    (None, None), (7, None)])
def test_the_subject_of_a_conversation_is_its_titles_name(title, subject):
    assert subject_of({"meta": {"title": title}, "turns": []}) == subject
    assert subject_of({"turns": []}) is None


def test_rewrites_are_scored_against_the_gold_with_the_conversations_subject():
    conv = {"id": "c1", "meta": {"title": "Ken Norton"}, "turns": [
        {"question": "Who did Norton fight first?", "answers": ["He fought Jose Luis Garcia."],
         "rewrite": "Who did Ken Norton fight first?"},
        {"question": "Was he married?", "answers": ["Yes."], "rewrite": "Was Ken Norton married?"}]}
    out = io.StringIO()
    scores = evaluate_rewrites([conv], out)
    assert scores["turns"] == 2 and scores["rewrite_f1"] == 1.0 and scores["unchanged_f1"] < 0.8
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["search_query"] for r in rows] == ["Who did Ken Norton fight first?", "Was Ken Norton married?"]
    untitled = evaluate_rewrites([{**conv, "meta": {}}])  # the only name it has is Garcia's
    assert untitled["rewrite_f1"] < 1.0


def test_the_split_is_a_stable_half_by_conversation_id(tmp_path):
    from askbot.evaluation import split_of

    path = tmp_path / "convs.jsonl"
    path.write_text("".join(json.dumps({"id": f"c{i}", "turns": []}) + "\n" for i in range(200)))
    tuning = [c["id"] for c in read_conversations(path, "tuning")]
    heldout = [c["id"] for c in read_conversations(path, "heldout")]
    assert set(tuning).isdisjoint(heldout) and len(tuning) + len(heldout) == 200
    assert 70 < len(tuning) < 130
    assert split_of({"id": "c0"}) == split_of({"doc_id": "c0"})  # the id, whichever field holds it
    with pytest.raises(AskbotError, match="split must be one of tuning, heldout"):
        list(read_conversations(path, "test"))


def test_refusals_are_recorded_per_turn_and_counted_per_code_and_gold(tmp_path, settings, fake_embedder):
    from askbot.evaluation import ablation

    doc = "Mary Smith runs the bakery on Main Street. She opened it in 1998."
    convs = [{"id": "c1", "document": doc, "turns": [
        {"question": "Who runs the bakery?", "answers": ["Mary Smith"], "answerable": True},
        {"question": "Who runs the bakery in Paris?", "answers": [], "answerable": False},
    ]}]
    evaluator = Evaluator(settings, ScriptedGenerator("Mary Smith runs the bakery on Main Street."), fake_embedder,
                          observe=True)
    out = io.StringIO()
    summary = evaluator.run(convs, out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert rows[0]["refusal"] is None and rows[0]["checks"] == {}
    assert rows[1]["refusal"]["check"] == "unmentioned" and "unmentioned" in rows[1]["checks"]
    assert rows[1]["unrefused"]["answer"].startswith("Mary Smith runs the bakery")  # what it would have said
    assert rows[1]["reply"] == "Mary Smith runs the bakery on Main Street."  # as the model wrote it
    assert summary.metrics()["refusals"] == {"unmentioned": {"unanswerable": 1}}
    table = ablation(evaluator.records)
    assert table["all checks"]["correct"] == 1.0
    without = table["without unmentioned"]
    assert without["decided"] == {"unanswerable": 1} and without["alone"] == {"unanswerable": 1}
    assert without["correct"] == -0.5 and without["abstention_unanswerable"] == -1.0
