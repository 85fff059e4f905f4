"""The HTTP JSON API (FastAPI), the embeddable widget, and the Gradio chat mounted on the same app.

    GET    /api/health
    GET    /api/articles                     the stored articles (the default one first)
    POST   /api/articles                     add one: {text, title?, url?, id?, format?}   (API key)
    GET    /api/articles/{id}                one article, with its text (citation offsets refer to it)
    DELETE /api/articles/{id}                                                              (API key)
    POST   /api/articles/{id}/ask            {question, history} -> answer with citations as offsets
    POST   /api/articles/{id}/ask/stream     the same as server-sent events: delta…, then answer
    GET    /embed?article=ID                 a small chat page for an <iframe>
    /                                        the Gradio chat

Errors are JSON ``{"error": {"code", "message"}}`` with a 4xx status (5xx only for the server's own
faults), never a stack trace.
"""

from __future__ import annotations

import asyncio
import hmac
import html
import json
import logging
import re
from dataclasses import dataclass
from importlib import resources
from typing import Iterator, Literal

from fastapi import BackgroundTasks, Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, field_validator
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from .errors import (ArticleConflictError, ArticleError, ArticleNotFoundError, ArticleTooLargeError, AskbotError,
                     IndexStateError, ModelUnavailableError, QuestionError, ReplicaUnavailableError, StorageError,
                     public_message)
from .store import Library, StoredArticle
from .types import Answer

log = logging.getLogger(__name__)
_END = object()
_SURROGATE = re.compile("[\ud800-\udfff]")


# ---- request and response bodies ------------------------------------------------------------
class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _unicode(cls, value):
        if isinstance(value, str) and _SURROGATE.search(value):
            raise ValueError("contains characters that are not valid Unicode (lone surrogates such as \\ud800); "
                             "send UTF-8 text")
        return value


class NewArticle(_Body):
    text: str = Field(..., description="the article: plain text, Markdown or HTML")
    title: str | None = Field(None, max_length=300)
    url: str | None = Field(None, max_length=2000)
    id: str | None = Field(None, description="your own id (1-64 letters, digits, - or _); default: a content hash")
    format: Literal["auto", "text", "markdown", "html"] = Field(
        "auto", description="auto: HTML when it opens with a tag, Markdown when it has a heading line, bold or a link")
    prepare: bool = Field(True, description="read the article into the model after answering, so the first "
                                            "question is fast")


class HistoryTurn(_Body):
    question: str = Field(..., max_length=4000)
    answer: str = Field("", max_length=8000)


class AskRequest(_Body):
    question: str = Field(..., description="the reader's question (any length is checked by askbot)")
    history: list[HistoryTurn] = Field(default_factory=list, max_length=50)


class CitationOut(BaseModel):
    n: int
    start: int
    end: int
    text: str
    chunk_id: int


class RefusalOut(BaseModel):
    code: str = Field(description="invalid_question, unmentioned, contradicted, model_doubt, non_answer, "
                                  "unsupported, other_subject, no_author, no_date or no_place")
    check: str = Field(description="the check that refused (askbot.checks)")
    details: list[str] = Field(description="the article's words the refusal quotes")


class SentenceOut(BaseModel):
    text: str
    citations: list[int]


class AnswerOut(BaseModel):
    article_id: str
    answer: str
    citations: list[CitationOut]
    answerable: bool
    refusal: RefusalOut | None
    sentences: list[SentenceOut]
    search_query: str
    language: str
    timings: dict


@dataclass(frozen=True)
class ArticleWithText(StoredArticle):
    text: str = ""  # what citation offsets refer to


@dataclass(frozen=True)
class AddedArticle(StoredArticle):
    created_now: bool = False  # False: the same text was already stored under this id


def _error(status: int, code: str, message: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)


_STATUS = [(ArticleNotFoundError, 404, "not_found"), (ArticleConflictError, 409, "conflict"),
           (QuestionError, 422, "bad_question"), (ArticleTooLargeError, 413, "too_large"),
           (ArticleError, 422, "bad_article"),
           (ModelUnavailableError, 503, "model_unavailable"), (StorageError, 503, "storage_unavailable"),
           (ReplicaUnavailableError, 503, "replica_unavailable"),
           (IndexStateError, 500, "index_error")]


def status_of(exc: AskbotError) -> tuple[int, str]:
    return next(((s, c) for t, s, c in _STATUS if isinstance(exc, t)), (400, "bad_request"))


class BodyLimit:
    """ASGI middleware: request bodies over ``limit`` bytes get 413 before they are read whole, on
    every route (the API's, the chat's, the widget's)."""

    def __init__(self, app, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        too_big = _error(413, "too_large", f"The request body is larger than {self.limit:,} bytes. "
                                           "Send a single article (or raise ASKBOT_MAX_REQUEST_BYTES).")
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            return await too_big(scope, receive, send)
        # read the body here (it is at most ``limit`` bytes), then hand it on: a chunked body
        # without Content-Length is refused as soon as it passes the limit
        chunks, seen, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunks.append(message.get("body", b""))
            seen += len(chunks[-1])
            if seen > self.limit:
                return await too_big(scope, receive, send)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        sent = False

        async def replay():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        return await self.app(scope, replay, send)


class TrustedHosts:
    """ASGI middleware: a request whose Host header is not one of ``hosts`` gets 400, so that a page
    on another site cannot reach the server through a name it rebinds to this machine (DNS
    rebinding). ``*.example.org`` allows subdomains; ``*`` allows any host."""

    def __init__(self, app, hosts: list[str]) -> None:
        self.app, self.hosts = app, [h.strip().lower() for h in hosts if h.strip()]

    def allows(self, host: str) -> bool:
        host = host.lower()
        name = host[1:host.index("]")] if host.startswith("[") and "]" in host else host.rsplit(":", 1)[0]
        return any(h == "*" or h == name or (h.startswith("*.") and name.endswith(h[1:])) for h in self.hosts)

    async def __call__(self, scope, receive, send):
        if scope["type"] in ("http", "websocket"):
            host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
            if not self.allows(host):
                response = _error(400, "bad_host", "This server does not answer to that host name. Its operator "
                                                   "can allow it with ASKBOT_ALLOWED_HOSTS.")
                return await response(scope, receive, send)
        return await self.app(scope, receive, send)


class EndStreamsOnStop:
    """ASGI middleware: once the server is told to stop, an open response stream (the chat page's
    heartbeat, an answer's server-sent events) hears that its client has gone, so it ends at once;
    without this each held the shutdown for uvicorn's grace period and was then cancelled with a
    traceback in the log."""

    def __init__(self, app) -> None:
        self.app = app
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None

    def stop(self) -> None:
        """Called from the server's signal handler (any thread)."""
        if self._loop is not None and self._stopping is not None:
            self._loop.call_soon_threadsafe(self._stopping.set)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if self._stopping is None:
            self._loop, self._stopping = asyncio.get_running_loop(), asyncio.Event()
        stopping = self._stopping

        async def receive_until_stop():
            if stopping.is_set():
                return {"type": "http.disconnect"}
            message, stop = asyncio.ensure_future(receive()), asyncio.ensure_future(stopping.wait())
            await asyncio.wait({message, stop}, return_when=asyncio.FIRST_COMPLETED)
            stop.cancel()
            if message.done():
                return message.result()
            message.cancel()
            return {"type": "http.disconnect"}

        return await self.app(scope, receive_until_stop, send)


def serve(app, host: str, port: int) -> None:
    """Serve ``app`` with uvicorn until SIGINT or SIGTERM; requests under way get 5 s to finish,
    open streams end at once (``EndStreamsOnStop``)."""
    import uvicorn

    ends = EndStreamsOnStop(app)

    class Server(uvicorn.Server):
        def handle_exit(self, sig, frame) -> None:
            ends.stop()
            super().handle_exit(sig, frame)

    Server(uvicorn.Config(ends, host=host, port=port, log_level="warning", timeout_graceful_shutdown=5)).run()


def _static(name: str) -> str:
    return resources.files("askbot").joinpath("static", name).read_text(encoding="utf-8")


def create_app(library: Library, *, with_ui: bool = True, feedback=None, article_id: str = "default") -> FastAPI:
    """The whole server: API, widget and (``with_ui``) the Gradio chat at ``/``."""
    settings = library.settings
    # no Swagger/ReDoc pages: they load their scripts from a CDN, and askbot works offline
    app = FastAPI(title="askbot", version="1", summary="Questions answered from one article, with citations "
                  "as character offsets into it.", docs_url=None, redoc_url=None, openapi_url="/api/openapi.json")
    origins = [o.strip() for o in settings.cors_origins.split(",") if o.strip()]
    if origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET", "POST", "DELETE"],
                           allow_headers=["Authorization", "Content-Type", "X-API-Key"])
    app.add_middleware(BodyLimit, limit=settings.max_request_bytes)
    app.add_middleware(TrustedHosts, hosts=settings.allowed_hosts.split(","))

    @app.exception_handler(AskbotError)
    async def askbot_error(request: Request, exc: AskbotError):
        status, code = status_of(exc)
        if status >= 500:
            log.error("%s %s: %s", request.method, request.url.path, exc)
        return _error(status, code, public_message(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        problems = []
        for e in exc.errors()[:5]:
            where = ".".join(str(p) for p in e.get("loc", ()) if p != "body") or "body"
            problems.append(f"{where}: {e.get('msg', 'invalid')}")
        kind = "bad_json" if any(e.get("type") == "json_invalid" for e in exc.errors()) else "invalid_request"
        return _error(422 if kind == "invalid_request" else 400, kind,
                      "The request body is not valid: " + "; ".join(problems)
                      + ". See /api/openapi.json for the expected JSON.")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        code = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized", 403: "forbidden"}.get(
            exc.status_code, "http_error")
        return _error(exc.status_code, code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        log.exception("%s %s failed", request.method, request.url.path)
        return _error(500, "internal", "Something went wrong on the server; it is logged. Try again.")

    def require_key(request: Request) -> None:
        if not settings.api_key:
            return
        given = request.headers.get("x-api-key") or ""
        auth = request.headers.get("authorization") or ""
        if auth.lower().startswith("bearer "):
            given = given or auth[7:].strip()
        if not given:
            raise StarletteHTTPException(401, "This server needs an API key to change articles: send it as "
                                              "'Authorization: Bearer KEY' or 'X-API-Key: KEY'.",
                                         headers={"WWW-Authenticate": "Bearer"})
        if not hmac.compare_digest(given.encode(), settings.api_key.encode()):
            raise StarletteHTTPException(403, "The API key is wrong.")

    def out(item: StoredArticle, **extra) -> dict:
        return {**item.to_dict(), **extra}

    @app.get("/api/health", tags=["server"])
    def health() -> dict:
        return {"status": "ok", "articles": len(library.store.list()), "loaded": library.loaded()}

    @app.get("/api/articles", tags=["articles"])
    def list_articles() -> dict[str, list[StoredArticle]]:
        return {"articles": library.store.list()}

    @app.post("/api/articles", tags=["articles"], status_code=201, response_model=AddedArticle,
              dependencies=[Depends(require_key)],
              responses={200: {"model": AddedArticle, "description": "the same text was already stored"}})
    def add_article(body: NewArticle, background: BackgroundTasks):
        item, created = library.add(body.text, title=body.title, url=body.url, article_id=body.id,
                                    fmt=None if body.format == "auto" else body.format)
        if body.prepare:
            background.add_task(_prepare, library, item.id)
        return JSONResponse(out(item, created_now=created), status_code=201 if created else 200)

    @app.get("/api/articles/{article_id}", tags=["articles"], response_model=ArticleWithText)
    def get_article(article_id: str):
        item = library.store.get(article_id)
        return out(item, text=library.store.article(item.id).text)

    @app.get("/api/articles/{article_id}/suggestions", tags=["articles"])
    def suggestions(article_id: str) -> dict[str, list[str]]:
        """Questions a reader might start with, made from the article's own names and passages."""
        return {"questions": library.suggestions(library.store.get(article_id).id)}

    @app.delete("/api/articles/{article_id}", tags=["articles"], dependencies=[Depends(require_key)])
    def delete_article(article_id: str) -> dict:
        return {"deleted": library.delete(article_id).id}

    @app.post("/api/articles/{article_id}/ask", tags=["questions"], response_model=AnswerOut)
    def ask(article_id: str, body: AskRequest):
        item = library.store.get(article_id)
        answer = library.bot(item.id).ask(body.question, [(t.question, t.answer) for t in body.history])
        return {"article_id": item.id, **answer.to_dict()}

    @app.post("/api/articles/{article_id}/ask/stream", tags=["questions"],
              responses={200: {"content": {"text/event-stream": {}},
                               "description": "events: `delta` {text} for each sentence once it is verified and cited "
                                              "(nothing sent is taken back), then `answer` "
                                              "(the body of /ask), or `error` {code, message}"}})
    def ask_stream(article_id: str, body: AskRequest):
        item = library.store.get(article_id)
        stream = library.bot(item.id).ask_stream(body.question, [(t.question, t.answer) for t in body.history])
        first = next(stream)  # a bad question raises here, as a 4xx JSON answer, before the stream starts
        return StreamingResponse(_events(item.id, first, stream), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})

    @app.get("/embed", tags=["widget"], response_class=HTMLResponse)
    def embed(article: str = Query("default", description="the article id")):
        try:
            item = library.store.get(article)
        except ArticleNotFoundError:  # shown inside a publisher's page: a sentence, not JSON
            return HTMLResponse(_UNAVAILABLE, status_code=404, headers={"Content-Security-Policy": _EMBED_CSP})
        page = _static("embed.html").replace("{{ARTICLE_ID}}", html.escape(item.id)).replace(
            "{{TITLE}}", html.escape(item.title))
        return HTMLResponse(page, headers={"Content-Security-Policy": _EMBED_CSP,
                                           "Referrer-Policy": "no-referrer"})

    @app.get("/embed/{name}", tags=["widget"], include_in_schema=False)
    def embed_asset(name: str):
        kinds = {"widget.js": "text/javascript", "widget.css": "text/css"}
        if name not in kinds:
            raise ArticleNotFoundError(f"No widget file {name!r}.")
        return Response(_static(name), media_type=kinds[name], headers={"Cache-Control": "max-age=300"})

    api_routes = list(app.routes)

    @app.api_route("/api/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"],
                   include_in_schema=False)
    def no_such_route(request: Request, rest: str):
        """What no route above takes: a wrong method on a known path (405, naming the right ones) or
        an unknown path (404), in the API's error format, not the chat's."""
        from starlette.routing import Match

        allowed = sorted({m for r in api_routes if r.matches(request.scope)[0] != Match.NONE
                          for m in getattr(r, "methods", None) or ()} - {"HEAD"})
        if allowed:
            raise StarletteHTTPException(405, f"{request.method} is not allowed on {request.url.path}; "
                                              f"use {' or '.join(allowed)}.", headers={"Allow": ", ".join(allowed)})
        raise StarletteHTTPException(404, f"No API route {request.url.path}. See /api/openapi.json.")

    if with_ui:
        from .web import mount_ui

        mount_ui(app, library, feedback=feedback, article_id=article_id)
    return app


_UNAVAILABLE = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>askbot</title>'
                '<link rel="stylesheet" href="embed/widget.css"></head><body><main class="askbot"><p class="none">'
                "Questions about this article are not available right now.</p></main></body></html>")
_EMBED_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
              "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors *")


def _prepare(library: Library, article_id: str) -> None:
    """Read a new article into the model (the prompt prefix), so its first question is fast."""
    try:
        library.bot(article_id).warm_up()
    except AskbotError as exc:
        log.warning("Could not prepare article %s: %s", article_id, exc)


def _sse(event: str, data: dict) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


async def _events(article_id: str, first, stream: Iterator):
    """Server-sent events from ``Bot.ask_stream``. The stream is closed whatever happens (a client
    that goes away mid-answer must not keep the model locked)."""
    item = first
    try:
        while item is not _END:
            if isinstance(item, Answer):
                yield _sse("answer", {"article_id": article_id, **item.to_dict()})
            else:
                yield _sse("delta", {"text": item})
            try:
                item = await run_in_threadpool(next, stream, _END)
            except AskbotError as exc:
                status, code = status_of(exc)
                yield _sse("error", {"code": code, "message": public_message(exc)})
                return
            except Exception:  # the log keeps the traceback; the client gets a message
                log.exception("streaming an answer about %s failed", article_id)
                yield _sse("error", {"code": "internal", "message": "Something went wrong; try again."})
                return
    finally:
        await run_in_threadpool(stream.close)
