import json
import re

import pytest
from PIL import Image

from askbot.cli import main
from askbot.errors import AskbotError
from askbot.evaluation import Evaluator
from askbot.report import read_rows, render, tradeoff_curve, worst, write_html
from conftest import ScriptedGenerator

DOC = ("Mary Smith runs the bakery on Main Street. She opened it in 1998.\n\n"
       "The bakery sells bread and cakes. Its best seller is rye bread.")
CONVERSATIONS = [{"id": "c1", "document": DOC, "turns": [
    {"question": "Who runs the bakery?", "answers": ["Mary Smith"], "answerable": True,
     "support": ["Mary Smith runs the bakery on Main Street."]},
    {"question": "When did she open it?", "answers": ["1998"], "answerable": True},
    {"question": "What is the price of the moon rocket?", "answers": [], "answerable": False},
]}]


def run(tmp_path, settings, embedder, name: str, *replies: str, refusal_p=None) -> list[dict]:
    out = tmp_path / f"{name}.jsonl"
    with open(out, "w") as fh:
        Evaluator(settings, ScriptedGenerator(*replies, refusal_p=refusal_p), embedder).run(
            CONVERSATIONS, fh, name="bakery.jsonl")
    return read_rows(out)


@pytest.fixture
def rows(tmp_path, settings, fake_embedder):
    # right, then a wrong refusal (the article says 1998), then a right refusal
    return run(tmp_path, settings, fake_embedder, "new", "Mary Smith runs the bakery on Main Street.",
               "NOT IN ARTICLE", "NOT IN ARTICLE", refusal_p=0.05)


def test_eval_rows_carry_their_gold_and_score(rows):
    assert [r["file"] for r in rows] == ["bakery.jsonl"] * 3
    assert rows[0]["gold"] == {"answerable": True, "answers": ["Mary Smith"]}
    assert rows[0]["score"]["correct"] == 1 and rows[0]["score"]["good"] == rows[0]["score"]["citations"] >= 1
    assert rows[1]["score"] == {"gold": True, "refused": 1, "followup": True, "correct": 0, "f1": 0.0}
    assert rows[2]["score"]["correct"] == 1 and rows[2]["score"]["refused"] == 1


def test_the_html_report_is_self_contained_with_charts_summary_and_failures(tmp_path, rows):
    path = write_html(tmp_path / "report", rows)
    page = path.read_text()
    assert path.name == "index.html"
    assert not re.search(r"(src|href)=\"(https?:)?//", page)  # no external asset: it renders offline
    images = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert len(images) >= 5
    for png in ("correct-by-kind.png", "correct-by-turn.png", "refusals.png", "tradeoff.png", "latency.png"):
        with Image.open(tmp_path / "report" / png) as im:  # every chart opens, and is a picture of some size
            im.verify()
        with Image.open(tmp_path / "report" / png) as im:
            assert im.width > 200 and im.height > 150 and len(set(im.convert("L").tobytes())) > 8
    summary = json.loads((tmp_path / "report" / "summary.json").read_text())
    assert summary["bakery.jsonl"]["correct"] == pytest.approx(2 / 3, abs=1e-3)
    assert summary["bakery.jsonl"]["false_abstention"] == 0.5
    assert "<td class=n>0.667" in page
    failures = page.split("Failures to read")[1]
    assert "When did she open it?" in failures and "1998" in failures  # the wrong refusal, with its gold
    assert "Who runs the bakery?" not in failures
    assert "| bakery.jsonl | 3 | 0.667 |" in (tmp_path / "report" / "evaluation.md").read_text()


def test_compare_shows_the_deltas_and_the_turns_that_changed(tmp_path, settings, fake_embedder, rows):
    old = run(tmp_path, settings, fake_embedder, "old", "NOT IN ARTICLE", refusal_p=0.05)
    page = write_html(tmp_path / "report", rows, old).read_text()
    changes = page.split("Turns that changed (1)")[1].split("</table>")[0]
    assert "Who runs the bakery?" in changes and "Mary Smith runs the bakery" in changes
    assert '<span class="up">(+0.334)</span>' in page  # correct went up by one turn in three (0.667 - 0.333)


def test_the_tradeoff_curve_moves_only_what_the_models_doubt_decides(rows):
    rows = [dict(r, refusal=None, timings={"refusal_p": p}) for r, p in zip(rows, (0.1, 0.3, 0.6))]
    curve = {limit: (fa, ab) for limit, fa, ab in tradeoff_curve(rows)}
    assert curve[0.0] == (1.0, 1.0)  # a limit of 0 refuses everything
    assert curve[0.2] == (0.5, 1.0) and curve[0.4] == (0.0, 1.0) and curve[1.01] == (0.0, 0.0)
    rows[0]["checks"] = {"unmentioned": "unmentioned"}  # refused by another check whatever the limit
    assert dict((limit, fa) for limit, fa, _ in tradeoff_curve(rows))[1.01] == 0.5


def test_worst_turns_put_wrong_refusals_first(rows):
    assert [r["question"] for r in worst(rows)] == ["When did she open it?"]


def test_the_cli_writes_the_report_from_results_and_says_what_to_do_with_old_files(tmp_path, rows, capsys):
    results = tmp_path / "new.jsonl"
    assert main(["report", "--results", str(results), "--report", str(tmp_path / "r"),
                 "--compare", str(results)]) == 0
    assert (tmp_path / "r" / "index.html").is_file() and "index.html" in capsys.readouterr().out
    stale = tmp_path / "stale.jsonl"
    stale.write_text(json.dumps({"id": "c1", "turn": 0, "question": "q", "answer": "a"}) + "\n")
    with pytest.raises(AskbotError, match="older askbot. Run `askbot eval` again"):
        read_rows(stale)


def test_the_markdown_report_renders_metrics_refusals_and_ablation():
    text = render({"newsqa.jsonl (heldout half)": {
        "turns": 2, "correct": 0.5, "refusals": {"unmentioned": {"answerable": 1}},
        "ablation": {"all checks": {"correct": 0.5}, "without unmentioned": {
            "decided": {"answerable": 1}, "alone": {"answerable": 1}, "correct": 0.5}}}})
    assert "| newsqa.jsonl (heldout half) | 2 | 0.5 |" in text
    assert "| newsqa.jsonl (heldout half) | unmentioned | 1 | 0 |" in text
    assert "| without unmentioned | 1, 0 | 1, 0 | 0.5 |" in text


def report_of_a_run(tmp_path, capsys) -> tuple[dict, dict]:
    """``askbot eval --summary --report`` on a small file (real MiniLM, no language model): the
    metrics it prints and writes, and the report's summary.json."""
    data = tmp_path / "bakery.jsonl"
    data.write_text(json.dumps(CONVERSATIONS[0]) + "\n")
    assert main(["eval", str(data), "--out", str(tmp_path / "r.jsonl"), "--summary", str(tmp_path / "s.json"),
                 "--report", str(tmp_path / "report"), "--generator", "extractive", "--quiet",
                 "--index-dir", str(tmp_path / "index")]) == 0
    printed = capsys.readouterr().out
    assert "bakery.jsonl: 3 turns, correct" in printed and "report: " in printed  # the one-line summary
    return (json.loads((tmp_path / "s.json").read_text())["bakery.jsonl"],
            json.loads((tmp_path / "report" / "summary.json").read_text())["bakery.jsonl"])


@pytest.mark.models
def test_the_reports_summary_holds_the_numbers_askbot_eval_prints(tmp_path, capsys):
    printed, summary = report_of_a_run(tmp_path, capsys)
    assert summary == printed and summary["turns"] == 3


@pytest.mark.models
@pytest.mark.browser
def test_the_report_renders_in_chromium_offline_with_every_chart(tmp_path, capsys):
    playwright = pytest.importorskip("playwright.sync_api")
    from browser import CHROMIUM, CHROMIUM_ARGS

    report_of_a_run(tmp_path, capsys)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        errors, requests = [], []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))
        page.goto((tmp_path / "report" / "index.html").as_uri())
        sizes = page.eval_on_selector_all("img", "imgs => imgs.map(i => [i.complete, i.naturalWidth])")
        browser.close()
    assert len(sizes) >= 5 and all(done and width > 200 for done, width in sizes)
    assert errors == []
    assert all(u.startswith(("file:", "data:")) for u in requests)  # nothing fetched from a network
