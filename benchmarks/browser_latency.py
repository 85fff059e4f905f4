"""Time to first token and to the full answer, measured in Chromium against the real web app.

    python benchmarks/browser_latency.py [--url http://127.0.0.1:7860]

Without --url it starts app.py on a free port itself. Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from contextlib import nullcontext
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from browser import CHROMIUM, CHROMIUM_ARGS, ask, running_app  # noqa: E402

QUESTIONS = ["Who is Mary McInerney?", "What did Giammattei call the term Northern Triangle?",
             "What happened to the brother of the leader of Honduras?"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    ctx = nullcontext(args.url) if args.url else running_app(Path(tempfile.mkdtemp(prefix="askbot-bench-")))
    with ctx as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(url)
        page.wait_for_selector("#askbot-question textarea", timeout=60000)
        rows = []
        for q in QUESTIONS:
            got = ask(page, q)
            rows.append({"question": q, "ttft_s": round(got["ttft_s"], 2), "total_s": round(got["total_s"], 2),
                         "updates": len(got["texts"]), "answer": got["final"].splitlines()[0][:120]})
            print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
        browser.close()


if __name__ == "__main__":
    main()
