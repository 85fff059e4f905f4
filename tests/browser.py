"""Helpers for driving the real web app in Debian's Chromium with Playwright (tests and benchmarks)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("ASKBOT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
LOCAL = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


API_KEY = "s3cret-key"
# the HTTP contract tests' servers: the extractive generator (a configured mode of askbot: quotes the
# best passage, no language model), so they start in seconds
API_ENV = {"ASKBOT_GENERATOR": "extractive", "ASKBOT_API_KEY": API_KEY, "ASKBOT_MAX_REQUEST_BYTES": "200000",
           "ASKBOT_MAX_ARTICLE_CHARS": "150000"}


@contextmanager
def running_app(data_dir: Path, *args: str, timeout: float = 1200, env: dict | None = None, port: int | None = None,
                command: tuple[str, ...] = (sys.executable, str(REPO / "app.py")), stop_timeout: float = 20):
    """Start ``python app.py`` (or ``command``) on a free loopback port; yield its URL once
    /api/health answers; stop it."""
    port = port or free_port()
    env = dict(os.environ, ASKBOT_DATA_DIR=str(data_dir), GRADIO_ANALYTICS_ENABLED="False", **(env or {}))
    log = open(data_dir / "app.log", "a")
    proc = subprocess.Popen([*command, "--port", str(port), *args],
                            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"{command[-1]} exited with {proc.returncode}: {(data_dir / 'app.log').read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(url + "/api/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.time() > deadline:
                raise TimeoutError(f"app.py did not answer on {url} within {timeout} s")
            time.sleep(0.25)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=stop_timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def ask(page, question: str, timeout_s: float = 180) -> dict:
    """Type a question, press Ask, and watch the answer arrive. Returns the texts seen and timings."""
    bots = page.locator('#askbot-chat [data-testid="bot"]')
    before = bots.count()
    page.fill("#askbot-question textarea", question)
    start = time.perf_counter()
    page.click("#askbot-send")
    seen: list[str] = []
    first = None
    deadline = start + timeout_s
    while time.perf_counter() < deadline:
        if bots.count() > before:
            # the end is looked for before the text is read: text read first could be older than
            # the citation that ends it
            cited = bots.last.locator('a[href^="#cite-"]').count() > 0 or bots.last.locator("blockquote").count() > 0
            text = bots.last.inner_text().strip()
            if text and text != "…" and (not seen or seen[-1] != text):
                seen.append(text)
                if first is None:
                    first = time.perf_counter() - start
            if cited or text.startswith("⚠"):
                return {"texts": seen, "ttft_s": first, "total_s": time.perf_counter() - start,
                        "final": text}
        page.wait_for_timeout(40)
    raise TimeoutError(f"no complete answer to {question!r} within {timeout_s} s; saw {seen[-1:]}")


@contextmanager
def running_ray_app(data_dir: Path, replicas: int = 2, env: dict | None = None):
    """``askbot serve --replicas N``: a local Ray cluster on 127.0.0.1 with the application; yields
    its URL once /api/health answers; stops the cluster."""
    askbot = Path(sys.executable).parent / "askbot"
    with running_app(data_dir, "--replicas", str(replicas), env=env, command=(str(askbot), "serve"),
                     timeout=900, stop_timeout=120) as url:
        yield url
