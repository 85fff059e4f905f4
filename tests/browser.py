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


@contextmanager
def running_app(data_dir: Path, *args: str, timeout: float = 1200, env: dict | None = None, port: int | None = None):
    """Start ``python app.py`` on a free loopback port; yield its URL once /api/health answers; stop it."""
    port = port or free_port()
    env = dict(os.environ, ASKBOT_DATA_DIR=str(data_dir), GRADIO_ANALYTICS_ENABLED="False", **(env or {}))
    log = open(data_dir / "app.log", "a")
    proc = subprocess.Popen([sys.executable, str(REPO / "app.py"), "--port", str(port), *args],
                            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"app.py exited with {proc.returncode}: {(data_dir / 'app.log').read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(url + "/api/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.time() > deadline:
                raise TimeoutError(f"app.py did not answer on {url} within {timeout} s")
            time.sleep(1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
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
            text = bots.last.inner_text().strip()
            if text and text != "…" and (not seen or seen[-1] != text):
                seen.append(text)
                if first is None:
                    first = time.perf_counter() - start
            done = (bots.last.locator('a[href^="#cite-"]').count() > 0 or bots.last.locator("blockquote").count() > 0
                    or text.startswith("⚠"))
            if done:
                return {"texts": seen, "ttft_s": first, "total_s": time.perf_counter() - start,
                        "final": text}
        page.wait_for_timeout(40)
    raise TimeoutError(f"no complete answer to {question!r} within {timeout_s} s; saw {seen[-1:]}")
