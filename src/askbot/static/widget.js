// askbot's embeddable widget: a chat about one article. Everything the server or the reader sends is
// put on the page as text (textContent), never as HTML. Same-origin requests only.
(() => {
  const articleId = document.body.dataset.article;
  const api = `api/articles/${encodeURIComponent(articleId)}`;
  const log = document.getElementById("log");
  const form = document.getElementById("ask");
  const input = document.getElementById("question");
  const source = document.getElementById("source");
  const sourceText = document.getElementById("source-text");
  const starters = document.getElementById("starters");
  const newButton = document.getElementById("new");
  const history = [];
  let articleText = null;

  fetch(api).then((r) => (r.ok ? r.json() : null)).then((a) => { if (a) articleText = Array.from(a.text); });
  // starter questions, shown while the conversation is empty
  fetch(`${api}/suggestions`).then((r) => (r.ok ? r.json() : null)).then((s) => {
    for (const q of (s && s.questions) || []) {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = q;
      b.addEventListener("click", () => { input.value = q; form.requestSubmit(); });
      starters.appendChild(b);
    }
  });
  newButton.addEventListener("click", () => {
    history.length = 0;
    log.replaceChildren();
    source.hidden = true;
    starters.hidden = false;
    newButton.hidden = true;
    input.focus();
  });

  function add(cls, text) {
    const li = document.createElement("li");
    li.className = cls;
    li.textContent = text;
    log.appendChild(li);
    log.scrollTop = log.scrollHeight;
    return li;
  }

  function showSource(c) {
    if (!articleText) return;
    // about 300 characters either side, cut where a word ends
    let from = Math.max(0, c.start - 300), to = Math.min(articleText.length, c.end + 300);
    while (from > 0 && from < c.start && !/\s/.test(articleText[from - 1])) from++;
    while (to < articleText.length && to > c.end && !/\s/.test(articleText[to])) to--;
    const mark = document.createElement("mark");
    mark.textContent = articleText.slice(c.start, c.end).join("");
    sourceText.replaceChildren((from > 0 ? "…" : "") + articleText.slice(from, c.start).join(""), mark,
                               articleText.slice(c.end, to).join("") + (to < articleText.length ? "…" : ""));
    source.hidden = false;
    mark.scrollIntoView({ block: "nearest" });
  }
  document.getElementById("close-source").addEventListener("click", () => { source.hidden = true; });

  function render(li, answer) {
    li.replaceChildren();
    li.className = answer.answerable ? "a" : "a none";
    const byN = new Map(answer.citations.map((c) => [c.n, c]));
    const parts = answer.answer.split(/(\[\d+\])/);
    for (const part of parts) {
      const m = part.match(/^\[(\d+)\]$/);
      const c = m && byN.get(Number(m[1]));
      if (c) {
        const b = document.createElement("button");
        b.type = "button";
        b.className = "cite";
        b.textContent = part;
        b.title = c.text;
        b.dataset.start = c.start;
        b.dataset.end = c.end;
        b.addEventListener("click", () => showSource(c));
        li.appendChild(b);
      } else if (part) {
        li.appendChild(document.createTextNode(part));
      }
    }
  }

  async function ask(question) {
    source.hidden = true;  // the passage of an earlier answer goes when a new question is asked
    starters.hidden = true;
    newButton.hidden = false;
    add("q", question);
    const li = add("a", "…");
    let shown = "", final = null;
    try {
      const r = await fetch(`${api}/ask/stream`, {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ question, history: history.slice(-6) }),
      });
      if (!r.ok) {
        const e = await r.json().catch(() => null);
        throw new Error((e && e.error && e.error.message) || `The server answered ${r.status}.`);
      }
      const reader = r.body.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let cut;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = (block.match(/^event: (.*)$/m) || [])[1];
          const data = JSON.parse((block.match(/^data: (.*)$/m) || [, "null"])[1]);
          if (event === "delta") { shown += data.text; li.textContent = shown; }
          else if (event === "answer") { final = data; render(li, data); }
          else if (event === "error") throw new Error(data.message);
        }
      }
      if (!final) throw new Error("The answer was cut off. Try again.");
      history.push({ question, answer: final.answer });
    } catch (err) {
      li.className = "a err";
      li.textContent = `⚠ ${err.message}`;
    }
    log.scrollTop = log.scrollHeight;
  }

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const q = input.value.trim();
    if (!q) return;
    input.value = "";
    const button = form.querySelector("button");
    button.disabled = true;
    try { await ask(q); } finally { button.disabled = false; input.focus(); }
  });
})();
