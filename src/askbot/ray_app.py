"""askbot on Ray Serve: the same HTTP API and widget (``server.create_app``) in an ingress
deployment, and an answering deployment whose replicas each keep the bots of their recently asked
articles. The article id is Ray Serve's multiplexed model id, so a question goes to a replica that
already has its article loaded (the index, and the article's prompt prefix in its engine's slots).

    askbot serve --replicas 2          # a local Ray cluster on 127.0.0.1, then the application
    askbot serve --address auto        # onto the running cluster this machine belongs to
    serve deploy deploy/serve.yaml     # the same application from a Serve config file

Every replica reads and writes the one article store (``ASKBOT_DATA_DIR``, a volume every node
mounts); its writes are atomic renames, so an article added through any ingress is askable on every
replica."""

from __future__ import annotations

import asyncio
import dataclasses
import os
from typing import Any, Iterable, Iterator

from ray import serve
from ray.exceptions import RayActorError, RayTaskError
from ray.serve.handle import DeploymentHandle

from .errors import AskbotError, ReplicaUnavailableError
from .settings import Settings
from .store import Library
from .types import Answer

APP_NAME = "askbot"
_END = object()
# how many articles a replica keeps loaded; Ray reads it when this module is imported on the replica
MAX_ARTICLES = int(os.environ.get("ASKBOT_MAX_LOADED_ARTICLES", Settings.max_loaded_articles))


def _settings(env: dict[str, str]) -> Settings:
    """The settings of ``env`` (the ``ASKBOT_*`` variables of whoever deployed) over this process's."""
    os.environ.update(env)
    return Settings.from_env()


@serve.deployment(max_ongoing_requests=8, ray_actor_options={"num_cpus": 1})
class Answerer:
    """One replica: one language model engine (its slots decode questions together) and the bots of
    the articles it was last asked about."""

    def __init__(self, env: dict[str, str] | None = None) -> None:
        self.library = Library(_settings(env or {}))
        self.replica = serve.get_replica_context().replica_id.unique_id
        # the models load before the replica takes requests: llama.cpp's engine holds the GIL while
        # it loads, and a replica that loaded on its first request missed Ray's health checks
        self.library.embedder.warm_up()
        if self.library.generator is not None:
            self.library.generator.warm_up()
        self._new: set[str] = set()  # loaded for the request that is asking now

    @serve.multiplexed(max_num_models_per_replica=MAX_ARTICLES)
    async def bot(self, article_id: str):
        bot = await asyncio.to_thread(self.library.bot, article_id)
        await asyncio.to_thread(bot.warm_up)  # the article's prefix: restored from disk, or prefilled
        self._new.add(article_id)
        return bot

    async def _bot(self) -> tuple[Any, bool]:
        """The bot of the request's article, and whether it was loaded here before this request."""
        article_id = serve.get_multiplexed_model_id()
        bot = await self.bot(article_id)
        loaded_now = article_id in self._new
        self._new.discard(article_id)
        return bot, not loaded_now

    def _stamp(self, answer: Answer, warm: bool) -> Answer:
        return dataclasses.replace(answer, timings={**answer.timings, "replica": self.replica,
                                                    "article_loaded": warm})

    async def ask(self, question: str, history: list) -> Answer:
        bot, warm = await self._bot()
        return self._stamp(await asyncio.to_thread(bot.ask, question, history), warm)

    async def ask_stream(self, question: str, history: list):
        bot, warm = await self._bot()
        stream = bot.ask_stream(question, history)
        try:
            while (item := await asyncio.to_thread(next, stream, _END)) is not _END:
                yield self._stamp(item, warm) if isinstance(item, Answer) else item
        finally:
            await asyncio.to_thread(stream.close)

    async def warm_up(self) -> str:
        await self._bot()
        return self.replica

    async def suggestions(self) -> list[str]:
        await self._bot()
        return await asyncio.to_thread(self.library.suggestions, serve.get_multiplexed_model_id())


def _cause(exc: Exception) -> Exception:
    """What a replica raised, as askbot's own error: a question the bot rejects stays a 4xx; a
    replica that died mid-answer is a 503 the client may retry."""
    if isinstance(exc, RayTaskError) and isinstance(exc.cause, AskbotError):
        return exc.cause
    if isinstance(exc, RayActorError):
        return ReplicaUnavailableError("The replica answering this article stopped; ask again (another "
                                       "replica takes over).")
    return exc


class RemoteBot:
    """What the HTTP routes ask of a bot, answered by the replica that has the article loaded."""

    def __init__(self, handle: DeploymentHandle, article_id: str) -> None:
        self.handle = handle.options(multiplexed_model_id=article_id)

    def _call(self, method: str, *args):
        for attempt in (1, 2):  # a replica that died is retried once: Ray routes to a live one
            try:
                return getattr(self.handle, method).remote(*args).result()
            except (RayActorError, RayTaskError) as exc:
                if attempt == 2 or not isinstance(exc, RayActorError):
                    raise _cause(exc) from None

    def ask(self, question: str, history: Iterable | None = None) -> Answer:
        return self._call("ask", question, list(history or []))

    def ask_stream(self, question: str, history: Iterable | None = None) -> Iterator[str | Answer]:
        response = self.handle.options(stream=True).ask_stream.remote(question, list(history or []))
        try:
            yield from response
        except (RayActorError, RayTaskError) as exc:
            raise _cause(exc) from None
        finally:
            response.cancel()

    def warm_up(self) -> str:
        return self._call("warm_up")

    def suggestions(self) -> list[str]:
        return self._call("suggestions")


class RemoteLibrary(Library):
    """The ingress's library: the shared store, and bots that live on the answering replicas."""

    def __init__(self, settings: Settings, answerer: DeploymentHandle) -> None:
        super().__init__(settings, generator=None)
        self.answerer = answerer

    def bot(self, article_id: str = "default") -> RemoteBot:
        return RemoteBot(self.answerer, self.store.get(article_id).id)

    def suggestions(self, article_id: str) -> list[str]:
        return self.bot(article_id).suggestions()


@serve.deployment(max_ongoing_requests=64, ray_actor_options={"num_cpus": 0})
@serve.ingress()
class Ingress:
    """The HTTP API and the widget, as ``app.py`` serves them (without the Gradio chat)."""

    def __init__(self, answerer: DeploymentHandle, env: dict[str, str] | None = None) -> None:
        self.library = RemoteLibrary(_settings(env or {}), answerer)

    def __serve_build_asgi_app__(self):
        from .server import create_app

        return create_app(self.library, with_ui=False)


def askbot_env() -> dict[str, str]:
    """This process's ``ASKBOT_*`` settings, for the replicas."""
    return {k: v for k, v in os.environ.items() if k.startswith("ASKBOT_")}


def build(args: dict | None = None) -> serve.Application:
    """The application (an application builder for ``serve run``/``serve deploy``); ``args``:
    ``replicas`` (a fixed number; without it a Serve config's autoscaling decides), ``replica_cpus``."""
    args = dict(args or {})
    env = askbot_env()
    options: dict[str, Any] = {"ray_actor_options": {"num_cpus": float(args.get("replica_cpus", 1))}}
    if "replicas" in args:  # otherwise one, or what the Serve config file's autoscaling says
        options["num_replicas"] = int(args["replicas"])
    return Ingress.bind(Answerer.options(**options).bind(env), env)


def ray_environment() -> None:
    """What Ray needs to run offline on a laptop: no usage statistics sent anywhere, and the HTTP
    proxy given time to start on a busy 2-core machine."""
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    os.environ.setdefault("RAY_SERVE_PROXY_READY_CHECK_TIMEOUT_S", "60")


def start(replicas: int = 1, host: str = "127.0.0.1", port: int = 8000, address: str | None = None,
          replica_cpus: float = 1.0) -> str:
    """Start the application: on a new local Ray cluster on 127.0.0.1 (``address`` None), or on the
    cluster at ``address``. Returns the URL it serves on."""
    import ray

    ray_environment()
    if address is None:
        # the replicas share this machine's cores: llama.cpp's threads spin while they wait, and two
        # engines of two threads each on two cores took minutes to load instead of seconds
        os.environ.setdefault("ASKBOT_THREADS", str(max(1, (os.cpu_count() or 1) // max(replicas, 1))))
        ray.init(address="local", num_cpus=max(os.cpu_count() or 1, int(replicas * replica_cpus + 0.999)),
                 include_dashboard=False,
                 _node_ip_address="127.0.0.1", configure_logging=False, log_to_driver=False)
    else:
        try:
            ray.init(address=address, runtime_env={"env_vars": {"RAY_USAGE_STATS_ENABLED": "0", **askbot_env()}})
        except ConnectionError as exc:
            raise AskbotError(f"No Ray cluster answers at {address} ({exc}). Start one (`ray start --head`) or "
                              "check the address; without --address askbot starts a local cluster.") from None
    serve.start(http_options={"host": host, "port": port})
    serve.run(build({"replicas": replicas, "replica_cpus": replica_cpus}), name=APP_NAME, route_prefix="/",
              blocking=False)
    return f"http://{host}:{port}"
