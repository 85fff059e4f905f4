"""askbot on Ray Serve, on a real local Ray cluster on 127.0.0.1 (``askbot serve --replicas 2``,
shared by every distributed test). The HTTP contract itself runs against this cluster in
test_server.py; here: which replica answers, the shared store, and a replica killed mid-service."""

from __future__ import annotations

import os
import re
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from browser import API_KEY

pytestmark = pytest.mark.distributed

FERRY = ("The Island Ferry resumed service on Monday after a six-week strike by its crews. "
         "Captain Noor Haddad said the first crossing carried 212 passengers and 40 cars.\n\n"
         "The ferry company agreed to a 9 percent raise over two years, union leader Ivo Brandt said.")
ORCHARD = ("A late frost destroyed most of the apple blossoms in the Vale orchards this spring. "
           "Grower Mina Sato expects the harvest to fall by half.\n\n"
           "The county will lend farmers up to 30,000 dollars each, its treasurer Paul Okafor said.")


def _add(client: httpx.Client, text: str) -> str:
    r = client.post("/api/articles", json={"text": text, "prepare": False}, headers={"X-API-Key": API_KEY})
    assert r.status_code in (200, 201), r.text
    return r.json()["id"]


def _ask(client: httpx.Client, article: str, question: str) -> httpx.Response:
    return client.post(f"/api/articles/{article}/ask", json={"question": question})


def _answerer_pids() -> dict[str, int]:
    """The answering replicas alive now, by replica id: from the Serve controller's own log."""
    logs = Path("/tmp/ray/session_latest/logs/serve")
    started = {}
    for log in logs.glob("controller_*.log"):
        for m in re.finditer(r"Replica\(id='(\w+)', deployment='Answerer', app='askbot'\) started successfully.*?"
                             r"\(PID: (\d+)\)", log.read_text(errors="replace")):
            started[m.group(1)] = int(m.group(2))
    return {rid: pid for rid, pid in started.items() if Path(f"/proc/{pid}").exists()}


@pytest.fixture(scope="module")
def client(ray_service):
    with httpx.Client(base_url=ray_service[1], timeout=300) as c:
        yield c


def test_questions_about_an_article_go_to_the_replica_that_has_it_loaded(client):
    ferry = _add(client, FERRY)
    first = _ask(client, ferry, "How many passengers did the first crossing carry?")
    second = _ask(client, ferry, "Who is Ivo Brandt?")
    assert first.status_code == second.status_code == 200, (first.text, second.text)
    a, b = first.json()["timings"], second.json()["timings"]
    assert "212 passengers" in first.json()["answer"]
    assert not a["article_loaded"] and b["article_loaded"]  # loaded for the first, already there for the second
    assert a["replica"] == b["replica"] and a["replica"] in _answerer_pids()


def test_streamed_answers_come_from_a_replica_too(client):
    orchard = _add(client, ORCHARD)
    with client.stream("POST", f"/api/articles/{orchard}/ask/stream", json={"question": "Who is Mina Sato?"}) as r:
        assert r.status_code == 200
        body = r.read().decode()
    assert body.rstrip().split("\n\n")[-1].startswith("event: answer") and "Grower Mina Sato" in body
    assert re.search(r'"replica": "\w+"', body)


def test_an_unreadable_article_gets_a_clear_error_and_the_replica_stays_up(ray_service, client):
    r = _ask(client, "nosuchid1234", "Who is Noor Haddad?")  # answered by the ingress: nothing loads
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    broken = _add(client, FERRY.replace("Monday", "Tuesday"))
    text = ray_service[0] / "articles" / broken / "index" / "article.txt"
    text.write_text(text.read_text().replace("Tuesday", "Friday"))  # no longer the text its sha256 names
    r = _ask(client, broken, "Who is Noor Haddad?")
    assert r.status_code == 500 and r.json()["error"]["code"] == "index_error", r.text
    assert "Delete it and add it again" in r.json()["error"]["message"] and "Traceback" not in r.text
    assert "/tmp" not in r.text  # no server paths
    ok = _ask(client, _add(client, FERRY), "Who is Ivo Brandt?")
    assert ok.status_code == 200 and "union leader Ivo Brandt" in ok.json()["answer"]


def test_a_killed_replica_is_replaced_and_its_articles_answered_by_another(client):
    orchard = _add(client, ORCHARD)
    before = _ask(client, orchard, "How much will the county lend farmers?")
    assert before.status_code == 200 and "30,000 dollars" in before.json()["answer"]
    victim = before.json()["timings"]["replica"]
    pids = _answerer_pids()
    assert len(pids) == 2 and victim in pids
    os.kill(pids[victim], signal.SIGKILL)

    with ThreadPoolExecutor(4) as pool:  # in flight while Ray notices: answered elsewhere, or a clear 503
        replies = list(pool.map(lambda _: _ask(client, orchard, "Who is Paul Okafor?"), range(4)))
    for r in replies:
        assert r.status_code in (200, 503), r.text
        if r.status_code == 503:
            assert r.json()["error"]["code"] == "replica_unavailable" and "Traceback" not in r.text
    after = _ask(client, orchard, "Who is Paul Okafor?")
    assert after.status_code == 200 and "treasurer Paul Okafor" in after.json()["answer"]
    assert after.json()["timings"]["replica"] != victim  # the other replica read the article from the store

    deadline = time.time() + 300
    while len(_answerer_pids()) < 2 and time.time() < deadline:  # Ray starts a replacement
        time.sleep(0.5)
    assert len(_answerer_pids()) == 2 and victim not in _answerer_pids()


def test_the_store_is_intact_after_a_replica_died(ray_service, client):
    data = ray_service[0]
    assert not [p for p in data.rglob(".*") if p.is_dir()]  # no half-written article left (they are renamed whole)
    ids = [a["id"] for a in client.get("/api/articles").json()["articles"]]
    assert _add(client, FERRY) in ids and _add(client, ORCHARD) in ids


def test_the_serve_config_and_kuberay_manifest_name_the_application():
    import yaml

    repo = Path(__file__).resolve().parent.parent
    config = yaml.safe_load((repo / "deploy" / "serve.yaml").read_text())
    app = config["applications"][0]
    assert app["import_path"] == "askbot.ray_app:build" and app["route_prefix"] == "/"
    answerer = next(d for d in app["deployments"] if d["name"] == "Answerer")
    assert {"min_replicas", "max_replicas", "target_ongoing_requests"} <= set(answerer["autoscaling_config"])
    service = yaml.safe_load((repo / "deploy" / "kuberay-rayservice.yaml").read_text())
    assert service["kind"] == "RayService"
    assert yaml.safe_load(service["spec"]["serveConfigV2"])["applications"][0]["import_path"] == app["import_path"]
    from askbot.ray_app import build

    assert build(app["args"]) is not None  # the config's arguments build the application

