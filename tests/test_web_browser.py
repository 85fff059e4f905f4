"""The real web app in Debian's Chromium: streaming, citations that highlight the article,
no request leaving the machine, text shown as text, feedback saved."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import urllib.request

import pytest

from browser import CHROMIUM, CHROMIUM_ARGS, LOCAL, REPO, ask, running_app

pytestmark = [pytest.mark.models, pytest.mark.browser]
playwright = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium (apt-get install chromium)")
    data = tmp_path_factory.mktemp("askbot-data")
    with running_app(data) as url:
        yield url, data


@pytest.fixture(scope="module")
def browser(server):
    """Chromium, closed before the server stops: the server waits for open page streams to end."""
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.requests = []
    page.on("request", lambda r: page.requests.append(r.url))
    page.goto(server[0])
    page.wait_for_selector("#askbot-question textarea", timeout=60000)
    yield page
    context.close()


_RECORD_STATES = """() => { window.__states = []; const chat = document.querySelector('#askbot-chat');
  new MutationObserver(() => { const bots = chat.querySelectorAll('[data-testid="bot"]');
    const t = bots.length ? bots[bots.length - 1].innerText.replace(/\\s+/g, ' ').trim() : '';
    if (t && t !== '…' && window.__states[window.__states.length - 1] !== t) window.__states.push(t);
    const row = bots.length ? bots[bots.length - 1].closest('.bot-row') : null;  // rated before it is complete?
    const like = row && row.nextElementSibling && row.nextElementSibling.querySelector('button[aria-label="Like"]');
    if (like && like.offsetParent !== null && !row.querySelector('a[href^="#cite-"], blockquote')) window.__ratedEarly = t;
  }).observe(chat, {subtree: true, childList: true, characterData: true}); }"""


def test_streamed_answer_with_a_citation_that_highlights_the_article(page, server):
    page.evaluate(_RECORD_STATES)
    got = ask(page, "Who is Mary McInerney?")
    assert "Save the Children" in got["final"]
    states = page.evaluate("() => window.__states")
    assert states, "the answer bubble never showed text"
    for before, after in zip(states, states[1:]):  # every text shown stays: nothing is taken back
        assert after.startswith(before), f"shown {before!r}, then replaced by {after!r}"
    assert not page.evaluate("() => window.__ratedEarly"), "thumbs were offered on an answer still arriving"
    link = page.locator('#askbot-chat [data-testid="bot"]').last.locator('a[href^="#cite-"]').first
    start, end = map(int, link.get_attribute("href").split("-")[1:])
    link.click()
    mark = page.locator("#askbot-article-text mark")
    mark.wait_for(timeout=5000)
    article = (REPO / "src/askbot/data/giammattei-interview.txt").read_text(encoding="utf-8")
    assert mark.inner_text() == article[start:end]
    assert "Mary McInerney, country director for Save the Children" in mark.inner_text()
    assert mark.evaluate("m => { const r = m.getBoundingClientRect(); const p = m.parentElement.getBoundingClientRect();"
                         " return r.top >= p.top && r.bottom <= p.bottom; }"), "the highlight is scrolled into view"
    (REPO / "artifacts").mkdir(exist_ok=True)
    page.screenshot(path=str(REPO / "artifacts" / "chat.png"))
    outside = [u for u in page.requests if not u.startswith(LOCAL)]
    assert outside == [], f"requests left the machine: {outside}"


def test_a_refusal_saying_whose_it_is_cites_the_sentence_it_quotes(page):
    got = ask(page, "What happened to Giammattei's brother?")
    assert got["final"].startswith("The article doesn't say that of Giammattei.")
    link = page.locator('#askbot-chat [data-testid="bot"]').last.locator('a[href^="#cite-"]').first
    link.click()
    mark = page.locator("#askbot-article-text mark")
    mark.wait_for(timeout=5000)
    assert mark.inner_text().startswith("Honduras is led by Juan Orlando Hernández, whose brother was sentenced")


def test_html_in_a_question_is_shown_as_text(page):
    got = ask(page, 'Who took the photo? <script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">')
    assert page.evaluate("window.__pwned") is None
    user = page.locator('#askbot-chat [data-testid="user"]').last.inner_text()
    assert "<script>window.__pwned = 1</script>" in user and '<img src=x onerror="window.__pwned = 2">' in user
    assert got["final"]


def test_a_pasted_article_with_markup_is_shown_as_text_and_used(page):
    page.click("text=Load another article")
    before = page.get_attribute("#askbot-question textarea", "placeholder")
    pasted = page.get_by_label("Paste the article's text")
    pasted.fill("The bakery on Main Street opened in 1998. Its owner is Rosa Diaz <img src=x onerror=\"window.__pwned=3\">.\n\n"
                "Rosa Diaz bakes rye bread every morning. <script>window.__pwned=4</script>")
    page.click("#askbot-load")
    page.wait_for_selector("#askbot-status :text('Now chatting about')", timeout=300000)
    assert pasted.input_value() == ""  # the pasted text is saved, not left in the box
    assert page.get_attribute("#askbot-question textarea", "placeholder") != before  # this article's question
    panel = page.inner_text("#askbot-article-text")
    assert '<img src=x onerror="window.__pwned=3">' in panel and "<script>window.__pwned=4</script>" in panel
    got = ask(page, "When did the bakery open?")
    assert "1998" in got["final"]
    assert page.evaluate("window.__pwned") is None
    # saved in the article store the HTTP API serves, and offered in the article picker
    with urllib.request.urlopen(page.url.rstrip("/") + "/api/articles") as r:
        stored = [a for a in json.load(r)["articles"] if not a["builtin"]]
    assert any(a["title"].startswith("The bakery on Main Street") for a in stored)
    assert page.locator("#askbot-saved input").input_value().startswith("The bakery on Main Street")


def test_empty_question_gets_a_message(page):
    page.fill("#askbot-question textarea", "   ")
    page.click("#askbot-send")
    page.wait_for_selector("text=The question is empty", timeout=10000)


def test_thumbs_up_is_saved(page, server):
    ask(page, "Who took the photo?")
    page.locator('#askbot-chat button[aria-label="Like"]').last.click()
    page.wait_for_selector("text=your feedback was saved", timeout=10000)
    records = [json.loads(line) for line in (server[1] / "feedback.jsonl").read_text().splitlines()]
    assert records[-1]["vote"] == "up" and records[-1]["question"] == "Who took the photo?"
    assert "answer" in records[-1] and "citations" in records[-1]
    assert len(records[-1]["article_sha256"]) == 64 and records[-1]["article_id"]
    assert not page.locator("#askbot-comment").is_visible()


def test_thumbs_down_takes_a_short_comment_also_on_a_refusal(page, server):
    ask(page, "What is the capital of Peru?")  # a place the article never mentions: refused
    assert page.locator('#askbot-chat [data-testid="bot"]').last.locator("blockquote").count() == 1
    page.locator('#askbot-chat button[aria-label="Dislike"]').last.click()
    box = page.locator("#askbot-comment textarea")
    box.wait_for(timeout=10000)
    box.fill("It should say the article is about Guatemala.")
    box.press("Enter")
    page.wait_for_selector("text=your comment was saved", timeout=10000)
    records = [json.loads(line) for line in (server[1] / "feedback.jsonl").read_text().splitlines()]
    assert records[-2]["vote"] == "down" and records[-1]["comment"].startswith("It should say")
    assert records[-1]["question"] == "What is the capital of Peru?"


def test_chat_function_is_callable_through_gradio_client(server):
    # in a process of its own: the client's heartbeat stream outlives close() by up to 15 s, and an
    # open stream holds the server's shutdown for 5 s
    script = ("import json, sys; from gradio_client import Client; "
              "print(json.dumps(Client(sys.argv[1], verbose=False).predict('Who is Mary McInerney?', [], api_name='/ask')))")
    out = subprocess.run([sys.executable, "-c", script, server[0]], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["answerable"] and result["citations"]
    article = (REPO / "src/askbot/data/giammattei-interview.txt").read_text(encoding="utf-8")
    for c in result["citations"]:
        assert article[c["start"]:c["end"]] == c["text"]


def test_uploading_a_binary_file_shows_a_readable_message(page, tmp_path):
    bad = tmp_path / "photo.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    page.click("text=Load another article")
    page.locator("#askbot-upload input[type=file]").set_input_files(str(bad))
    page.click("#askbot-load")
    page.wait_for_selector("#askbot-status :text('looks binary')", timeout=60000)
    assert "photo.txt" in page.inner_text("#askbot-status")


def test_the_widget_answers_inside_an_iframe_and_shows_the_cited_words(browser, server):
    context = browser.new_context(viewport={"width": 900, "height": 800})
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(server[0] + "/api/health")  # a page of the server's origin that embeds the widget
    page.set_content(f'<iframe id="w" src="{server[0]}/embed?article=default" width="420" height="640"></iframe>')
    frame = page.frame_locator("#w")
    frame.locator("#starters button").first.wait_for(timeout=60000)  # starter questions before the first one
    frame.locator("#question").fill("Who is Mary McInerney?")
    frame.locator("form button").click()
    cite = frame.locator("#log li.a button.cite").first
    cite.wait_for(timeout=180000)
    assert "Save the Children" in frame.locator("#log li.a").last.inner_text()
    begin, end = int(cite.get_attribute("data-start")), int(cite.get_attribute("data-end"))
    cite.click()
    mark = frame.locator("#source mark")
    mark.wait_for(timeout=5000)
    article = (REPO / "src/askbot/data/giammattei-interview.txt").read_text(encoding="utf-8")
    assert mark.inner_text() == article[begin:end]
    assert frame.locator("#source").is_visible()
    frame.locator("#question").fill('And who took the photo? <img src=x onerror="window.__pwned=5">')
    frame.locator("form button").click()
    assert not frame.locator("#source").is_visible()  # the old passage goes with a new question
    frame.locator("#log li.a:nth-of-type(4):not(:text-is('…'))").wait_for(timeout=180000)
    assert '<img src=x onerror="window.__pwned=5">' in frame.locator("#log li.q").last.inner_text()
    assert frame.locator("body").evaluate("() => window.__pwned") is None
    frame.locator("#new").click()
    assert frame.locator("#log li").count() == 0 and frame.locator("#starters button").first.is_visible()
    (REPO / "artifacts").mkdir(exist_ok=True)
    page.screenshot(path=str(REPO / "artifacts" / "widget.png"))
    outside = [u for u in requests if not u.startswith(LOCAL)]
    assert outside == [], f"requests left the machine: {outside}"
    context.close()


def test_the_json_api_answers_with_the_language_model(server):
    import httpx

    article = ("The Harbor Bridge reopened on Tuesday after 14 months of repairs costing $212 million.\n\n"
               "Mayor Lena Ortiz said the work replaced 300 steel cables and the whole deck.")
    with httpx.Client(base_url=server[0], timeout=300) as client:
        item = client.post("/api/articles", json={"text": article, "title": "Harbor bridge"}).json()
        r = client.post(f"/api/articles/{item['id']}/ask", json={"question": "How much did the repairs cost?"})
        assert r.status_code == 200, r.text
        answer = r.json()
        assert answer["answerable"] and "212 million" in answer["answer"] and answer["timings"]["refusal_p"] < 0.5
        text = client.get(f"/api/articles/{item['id']}").json()["text"]
        assert answer["citations"] and all(text[c["start"]:c["end"]] == c["text"] for c in answer["citations"])
        r = client.post(f"/api/articles/{item['id']}/ask", json={
            "question": "Who said so?", "history": [{"question": "How many cables were replaced?",
                                                     "answer": "300 steel cables [1]."}]})
        assert "Ortiz" in r.json()["answer"]


def test_a_phone_shows_the_starters_at_once_and_opens_a_citation_in_place(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(server[0])
    page.wait_for_selector("#askbot-question textarea", timeout=60000)
    assert page.get_by_text("Try asking").bounding_box()["y"] < 844, "starter questions need no scrolling"
    assert page.locator("#askbot-question textarea").bounding_box()["y"] < 844
    ask(page, "Who is Mary McInerney?")
    link = page.locator('#askbot-chat [data-testid="bot"]').last.locator('a[href^="#cite-"]').first
    start, end = map(int, link.get_attribute("href").split("-")[1:])
    y = page.evaluate("window.scrollY")
    link.click()
    sheet = page.locator("#askbot-sheet")
    sheet.wait_for(timeout=5000)
    article = (REPO / "src/askbot/data/giammattei-interview.txt").read_text(encoding="utf-8")
    assert sheet.locator("mark").inner_text() == article[start:end]
    assert page.evaluate("window.scrollY") == y, "the page does not jump to the article"
    (REPO / "artifacts").mkdir(exist_ok=True)
    page.screenshot(path=str(REPO / "artifacts" / "phone.png"))  # 390×844 with the citation's sheet open
    sheet.locator("button").click()
    assert not sheet.is_visible()
    context.close()
