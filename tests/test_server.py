"""The HTTP JSON API against a real server on loopback: ``python app.py --no-ui``, and the same
contract against the Ray Serve application (``askbot serve --replicas 2``, marked distributed).

These servers answer with the extractive generator (a configured mode of askbot: quotes the best
passage, no language model), so they start in seconds; the language model answers over HTTP in
test_end_to_end.py and the widget is driven in Chromium in test_web_browser.py."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from browser import API_ENV, API_KEY, running_app

ARTICLE = ("<html><body><article><h1>Harbor bridge reopens</h1>"
           "<p>The Harbor Bridge reopened on Tuesday after 14 months of repairs costing $212 million.</p>"
           "<p>Mayor Lena Ortiz said the work replaced 300 steel cables and the whole deck.</p>"
           "<p>Traffic engineer Sam Patel expects 40,000 cars a day to cross the bridge again by June.</p>"
           "</article></body></html>")
KEY = API_KEY
FAST = {"ASKBOT_GENERATOR": "extractive"}


@pytest.fixture(scope="module", params=["app.py", pytest.param("ray", marks=pytest.mark.distributed)])
def backend(request, tmp_path_factory):
    """(the store's folder, the URL) of the server under test."""
    if request.param == "ray":
        yield request.getfixturevalue("ray_service")
        return
    data = tmp_path_factory.mktemp("askbot-api")
    with running_app(data, "--no-ui", env=API_ENV) as url:
        yield data, url


@pytest.fixture(scope="module")
def data(backend):
    return backend[0]


@pytest.fixture(scope="module")
def server(backend):
    with httpx.Client(base_url=backend[1], timeout=120) as client:
        yield client


@pytest.fixture(scope="module")
def bridge(server):
    r = server.post("/api/articles", json={"text": ARTICLE, "url": "https://example.org/bridge", "prepare": False},
                    headers={"Authorization": f"Bearer {KEY}"})
    assert r.status_code == 201, r.text
    return r.json()


def error_of(r: httpx.Response) -> dict:
    body = r.json()
    assert set(body) == {"error"} and body["error"]["message"], body
    assert "Traceback" not in r.text
    return body["error"]


def test_adding_an_article_indexes_it_once(server, bridge):
    assert bridge["id"] == bridge["sha256"][:12] and bridge["format"] == "html" and bridge["created_now"]
    assert bridge["title"].startswith("Harbor bridge reopens")
    again = server.post("/api/articles", json={"text": ARTICLE, "prepare": False}, headers={"X-API-Key": KEY})
    assert again.status_code == 200 and again.json()["id"] == bridge["id"] and not again.json()["created_now"]
    ids = [a["id"] for a in server.get("/api/articles").json()["articles"]]
    assert ids.count(bridge["id"]) == 1 and server.get("/api/articles/default").json()["builtin"]


def test_pasted_markdown_is_stored_as_the_text_a_reader_sees_titled_by_its_headline(server):
    md = ("# Storm leaves 40,000 without power\n\n*By Tom Alvarez | Nov. 3, 2025*\n\n"
          "A fast-moving storm knocked out power to about **40,000 homes** on Sunday, officials said.")
    r = server.post("/api/articles", json={"text": md, "prepare": False}, headers={"X-API-Key": KEY})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["format"] == "markdown" and body["title"] == "Storm leaves 40,000 without power"
    text = server.get(f"/api/articles/{body['id']}").json()["text"]
    assert "#" not in text and "**" not in text and text.startswith("Storm leaves 40,000 without power")


def test_an_answer_cites_offsets_into_the_article_text(server, bridge):
    text = server.get(f"/api/articles/{bridge['id']}").json()["text"]
    r = server.post(f"/api/articles/{bridge['id']}/ask", json={"question": "How many steel cables did the work replace?"})
    assert r.status_code == 200, r.text
    answer = r.json()
    assert answer["answerable"] and "300 steel cables" in answer["answer"]
    assert set(answer) >= {"answer", "citations", "answerable", "search_query", "timings", "article_id"}
    for c in answer["citations"]:
        assert text[c["start"]:c["end"]] == c["text"] and f"[{c['n']}]" in answer["answer"]
    assert "300 steel cables" in " ".join(c["text"] for c in answer["citations"])


def test_a_question_the_article_does_not_answer(server, bridge):
    r = server.post(f"/api/articles/{bridge['id']}/ask", json={"question": "Who won the 1998 World Cup final?"})
    assert r.status_code == 200 and not r.json()["answerable"] and r.json()["citations"] == []


def test_streaming_sends_deltas_then_the_answer(server, bridge):
    with server.stream("POST", f"/api/articles/{bridge['id']}/ask/stream",
                       json={"question": "Who is Sam Patel?", "history": [
                           {"question": "Who is Lena Ortiz?", "answer": "The mayor."}]}) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
        events = [(b.split("\n")[0][7:], json.loads(b.split("\n")[1][6:]))
                  for b in r.read().decode().split("\n\n") if b.strip()]
    kinds = [k for k, _ in events]
    assert kinds[-1] == "answer" and set(kinds[:-1]) <= {"delta"} and kinds.count("answer") == 1
    assert "Traffic engineer" in events[-1][1]["answer"]


def test_twenty_concurrent_questions_all_get_answers(server, bridge):
    questions = ["Who is Sam Patel?", "Who is the mayor?", "How many cables were replaced?",
                 "How many cars a day will cross?"] * 5

    def ask(q):
        return server.post(f"/api/articles/{bridge['id']}/ask", json={"question": q})

    with ThreadPoolExecutor(20) as pool:
        replies = list(pool.map(ask, questions))
    assert [r.status_code for r in replies] == [200] * 20
    assert all(r.json()["answerable"] for r in replies)


def test_bad_requests_get_clear_4xx_json(server, bridge):
    ask = f"/api/articles/{bridge['id']}/ask"
    r = server.post(ask, content=b"{not json", headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and error_of(r)["code"] == "bad_json"
    r = server.post(ask, json={"history": []})
    assert r.status_code == 422 and "question" in error_of(r)["message"]
    r = server.post(ask, json={"question": "   "})
    assert r.status_code == 422 and "empty" in error_of(r)["message"]
    r = server.post(ask, json={"question": "x" * 5000})
    assert r.status_code == 422 and "limit" in error_of(r)["message"]
    r = server.post(ask, json={"question": "Who?", "unexpected": 1})
    assert r.status_code == 422
    r = server.post("/api/articles/nope123/ask", json={"question": "Who?"})
    assert r.status_code == 404 and error_of(r)["code"] == "not_found"
    r = server.get("/api/articles/..%2F..%2Fetc")
    assert r.status_code == 404
    r = server.post("/api/articles", content=b"x" * 300_000, headers={"Content-Type": "application/json",
                                                                      "X-API-Key": KEY})
    assert r.status_code == 413 and error_of(r)["code"] == "too_large"
    r = server.post("/api/articles", content=(b"x" * 50_000 for _ in range(6)),  # chunked: no Content-Length
                    headers={"Content-Type": "application/json", "X-API-Key": KEY})
    assert r.status_code == 413 and error_of(r)["code"] == "too_large"
    r = server.post("/api/articles", json={"text": "It rained. " * 15_000, "prepare": False},  # under the body limit
                    headers={"X-API-Key": KEY})
    assert r.status_code == 413 and "limit is 150,000" in error_of(r)["message"]  # an article too long is too large
    r = server.post("/api/articles", json={"text": "bin\x00ary", "prepare": False}, headers={"X-API-Key": KEY})
    assert r.status_code == 422 and "binary" in error_of(r)["message"]
    r = server.post("/api/articles", json={"text": "A different story.", "id": bridge["id"], "prepare": False},
                    headers={"X-API-Key": KEY})
    assert r.status_code == 409 and error_of(r)["code"] == "conflict"
    r = server.delete("/api/articles/default", headers={"X-API-Key": KEY})
    assert r.status_code == 409


def test_writes_need_the_api_key_and_reads_do_not(server, bridge):
    r = server.post("/api/articles", json={"text": "Some new article text.", "prepare": False})
    assert r.status_code == 401 and "API key" in error_of(r)["message"]
    r = server.post("/api/articles", json={"text": "Some new article text.", "prepare": False},
                    headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 403
    r = server.delete(f"/api/articles/{bridge['id']}")
    assert r.status_code == 401
    assert server.get("/api/articles").status_code == 200


def test_cors_is_closed_by_default(server):
    r = server.options("/api/articles", headers={"Origin": "https://news.example",
                                                 "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in r.headers
    r = server.get("/api/articles", headers={"Origin": "https://news.example"})
    assert "access-control-allow-origin" not in r.headers


def test_the_widget_page_is_self_contained(server, bridge):
    r = server.get("/embed", params={"article": bridge["id"]})
    assert r.status_code == 200 and f'data-article="{bridge["id"]}"' in r.text
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert "http" not in r.text.replace('href="embed/', "").replace('src="embed/', "").lower().replace(
        "http-equiv", "")
    for asset in ("widget.js", "widget.css"):
        assert server.get(f"/embed/{asset}").status_code == 200
    questions = server.get(f"/api/articles/{bridge['id']}/suggestions").json()["questions"]
    assert questions and all(q.endswith("?") for q in questions)  # the widget's starter questions
    missing = server.get("/embed", params={"article": "missing"})
    assert missing.status_code == 404 and missing.headers["content-type"].startswith("text/html")
    assert "not available" in missing.text and "{" not in missing.text  # a sentence in the iframe, not JSON


def test_the_openapi_schema_describes_the_api(server):
    paths = server.get("/api/openapi.json").json()["paths"]
    assert {"/api/articles", "/api/articles/{article_id}", "/api/articles/{article_id}/ask",
            "/api/articles/{article_id}/ask/stream"} <= set(paths)


@pytest.mark.parametrize("method, path, allowed", [
    ("PUT", "/api/articles", "GET, POST"), ("PATCH", "/api/articles/default", "DELETE, GET"),
    ("GET", "/api/articles/default/ask", "POST"), ("POST", "/api/health", "GET"),
])
def test_a_wrong_method_gets_405_naming_the_right_ones(server, method, path, allowed):
    r = server.request(method, path)
    assert r.status_code == 405 and r.headers["allow"] == allowed
    assert error_of(r)["code"] == "method_not_allowed"


def test_an_unknown_api_path_gets_404_in_the_api_format(server):
    r = server.get("/api/nothing/here")
    assert r.status_code == 404 and error_of(r)["code"] == "not_found"


def test_lone_surrogates_are_a_bad_request_not_a_crash(server, bridge):
    for path, body in [(f"/api/articles/{bridge['id']}/ask", {"question": "Who is \ud800 Lena Ortiz?"}),
                       (f"/api/articles/{bridge['id']}/ask/stream", {"question": "Who is \ud800 Lena Ortiz?"}),
                       ("/api/articles", {"text": "The mayor \ud800 said it rained.", "prepare": False})]:
        raw = json.dumps(body).encode()  # json.dumps writes the lone surrogate as the escape \\ud800
        r = server.post(path, content=raw, headers={"Content-Type": "application/json", "X-API-Key": KEY})
        assert r.status_code == 422, (path, r.text)
        assert "surrogate" in error_of(r)["message"]
    assert server.get("/api/health").status_code == 200


@pytest.mark.parametrize("bad", ["nl-test\n", "a" * 64 + "\n", "bad id!", "-x"])
def test_an_invalid_id_for_a_new_article_is_a_bad_request(server, bad):
    r = server.post("/api/articles", json={"text": "The mayor said it rained all day.", "id": bad, "prepare": False},
                    headers={"X-API-Key": KEY})
    assert r.status_code == 422 and "is not an article id" in error_of(r)["message"]


def test_a_foreign_host_name_is_refused(server):
    r = server.get("/api/articles", headers={"Host": "attacker.example"})
    assert r.status_code == 400 and error_of(r)["code"] == "bad_host"
    assert server.get("/api/articles", headers={"Host": "localhost"}).status_code == 200


def test_the_body_limit_covers_every_route(server):
    r = server.post("/gradio_api/call/ask", content=b"x" * 300_000, headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and error_of(r)["code"] == "too_large"


def test_a_restart_keeps_the_articles_and_delete_removes_one(data, bridge, server):
    server.close()  # the module's server stops with its fixture; this one runs on the same data
    with running_app(data, "--no-ui", env=dict(FAST, ASKBOT_CORS_ORIGINS="https://news.example")) as url:
        with httpx.Client(base_url=url, timeout=120) as client:
            ids = [a["id"] for a in client.get("/api/articles").json()["articles"]]
            assert bridge["id"] in ids
            r = client.post(f"/api/articles/{bridge['id']}/ask", json={"question": "Who is the mayor?"})
            assert r.status_code == 200 and "Ortiz" in r.json()["answer"]
            r = client.get("/api/articles", headers={"Origin": "https://news.example"})
            assert r.headers["access-control-allow-origin"] == "https://news.example"
            assert client.delete(f"/api/articles/{bridge['id']}").status_code == 200  # no key set: open
            assert client.get(f"/api/articles/{bridge['id']}").status_code == 404


def test_the_readme_curl_examples_work_as_written(tmp_path):
    import re
    import shutil
    import subprocess

    from browser import REPO, free_port

    if not shutil.which("curl"):
        pytest.fail("curl is missing (Debian: apt-get install curl)")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```bash\n(.*?)```", readme, re.S).group(1)
    commands = [c for c in re.split(r"\n(?=curl )", block) if c.startswith("curl ")]
    assert len(commands) >= 6
    port = free_port()
    with running_app(tmp_path, "--no-ui", env=FAST, port=port):
        outputs = []
        for command in commands:
            command = command.split("\n#")[0].replace("127.0.0.1:7860", f"127.0.0.1:{port}")
            done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=300)
            assert done.returncode == 0, (command, done.stderr)
            outputs.append(done.stdout)
    added, answer = json.loads(outputs[0]), json.loads(outputs[1])
    assert added["id"] == "harbor-bridge" and answer["answerable"] and "300 steel cables" in answer["answer"]
    assert "event: answer" in outputs[2] and '"deleted": "harbor-bridge"' in outputs[-1].replace('":"', '": "')



def _chat_load(url: str, data: list) -> str:
    """Run the chat's "Use this article" action the way its page does (Gradio's queue), with
    ``data`` as its inputs; returns the status message it shows."""
    config = httpx.get(url + "/config").json()
    ids = {c["id"]: c.get("props", {}).get("elem_id") for c in config["components"]}
    fn = next(i for i, d in enumerate(config["dependencies"])
              if any(ids.get(t[0]) == "askbot-load" for t in d["targets"]))
    joined = httpx.post(url + "/gradio_api/queue/join", json={"data": data, "fn_index": fn, "session_hash": "probe1",
                                                              "trigger_id": config["dependencies"][fn]["targets"][0][0]})
    assert joined.status_code == 200, joined.text
    with httpx.stream("GET", url + "/gradio_api/queue/data", params={"session_hash": "probe1"}, timeout=120) as r:
        for line in r.iter_lines():
            if line.startswith("data:") and '"process_completed"' in line:
                return json.dumps(json.loads(line[5:])["output"], ensure_ascii=False)
    return ""


def test_the_chat_cannot_add_an_article_without_the_api_key(tmp_path):
    text = "The Harbor Bridge reopened on Tuesday after 14 months of repairs. The mayor cut the ribbon."
    with running_app(tmp_path, env=dict(FAST, ASKBOT_API_KEY=KEY)) as url:
        _chat_load(url, [text, None])  # as the probe sent it: two inputs (Gradio refuses the call)
        for data in ([text, None, ""], [text, None, "wrong"]):
            assert "needs its API key" in _chat_load(url, data)
        assert len(httpx.get(url + "/api/articles").json()["articles"]) == 1  # only the built-in article
        assert "Saved and now chatting" in _chat_load(url, [text, None, KEY])
        assert len(httpx.get(url + "/api/articles").json()["articles"]) == 2


def test_errors_never_show_the_servers_file_paths():
    from askbot.errors import IndexStateError, public_message

    message = public_message(IndexStateError("The index at /root/.local/share/askbot/articles/x1/index is corrupt "
                                             "(bad magic). Rebuild it with `askbot index ARTICLE`."))
    assert "/root" not in message and "askbot/articles" not in message
    assert message.startswith("The index at (a file on the server) is corrupt") and "askbot index" in message
    # the API's own routes are no file paths: the message still says where to look
    from askbot.errors import ArticleNotFoundError
    assert public_message(ArticleNotFoundError("No article with id 'x'. List them with GET /api/articles.")) == \
        "No article with id 'x'. List them with GET /api/articles."
    assert "C:" not in public_message(IndexStateError(r"The index at C:\Users\ana\askbot\idx is corrupt."))


def test_stopping_the_server_ends_an_open_chat_tab_at_once(tmp_path):
    # an open chat page keeps Gradio's heartbeat stream open; it ends when the server is told to stop,
    # instead of holding the shutdown for the grace period and being cancelled with a traceback
    import threading

    opened, ended = threading.Event(), threading.Event()
    with running_app(tmp_path, env=FAST) as url:
        def hold() -> None:
            try:
                with httpx.stream("GET", url + "/gradio_api/heartbeat/tab1", timeout=30) as r:
                    opened.set()
                    for _ in r.iter_lines():
                        pass
            except httpx.HTTPError:
                pass
            ended.set()

        threading.Thread(target=hold, daemon=True).start()
        assert opened.wait(10)
    assert ended.wait(5), "the chat tab's stream outlived the server"
    log = (tmp_path / "app.log").read_text()
    assert "Traceback" not in log and "CancelledError" not in log, log[-2000:]
