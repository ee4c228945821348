"""A pool of query worker processes: a slow query occupies one worker, never all.

Each worker process holds the graph (a build's on-disk Oxigraph store, opened
read-only in milliseconds and shared through the page cache; or RDF files,
loaded into its own memory) and answers one query at a time with
:func:`geokg.answers.answer`. :meth:`QueryPool.run` hands a query to an idle
worker and waits for it without blocking the event loop, so other queries go
to the other workers meanwhile:

* a query running past the time limit gets an error, its worker is killed
  (the only way to stop a running Oxigraph or rdflib query) and a fresh one
  takes its place once it has opened the graph; until then the pool has one
  worker fewer, never a worker that makes a query wait for a reload;
* a query waiting longer than the time limit for an idle worker (every
  worker busy with slow queries) gets 503 and ``Retry-After``.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from geokg.answers import Answer
from geokg.errors import GeoKGError, InputError
from geokg.sparql import PREFIXES

__all__ = ["DEFAULT_WORKERS", "QueryPool"]

logger = logging.getLogger(__name__)

#: Worker processes of ``geokg serve`` unless told otherwise: with two cores,
#: two slow queries leave two workers for everyone else.
DEFAULT_WORKERS = 4


def _worker_main(conn: Any, paths: list[str], engine: str) -> None:
    """A worker process: open the graph, then answer queries until told to stop."""
    import rdflib.plugins.sparql

    from geokg.answers import answer
    from geokg.sparql import load

    # Ctrl-C reaches the whole process group; the parent decides when a worker stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # rdflib would fetch FROM / FROM NAMED IRIs over the network.
    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
    try:
        store = load(*paths, engine=engine)
    except GeoKGError as exc:
        conn.send(("error", str(exc)))
        return
    conn.send(("ready", len(store), store.engine))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message[0] == "stop":
            return
        _, sparql, prefixes, max_rows, accept = message
        reply = answer(store, sparql, prefixes=prefixes, max_rows=max_rows, accept=accept)
        conn.send(("answer", reply.status, reply.media_type, reply.body))


class _Worker:
    """One worker process and the pipe to it."""

    def __init__(self, context: Any, paths: list[str], engine: str, number: int) -> None:
        parent, child = context.Pipe()
        self.process = context.Process(
            target=_worker_main,
            args=(child, paths, engine),
            name=f"geokg-sparql-worker-{number}",
            daemon=True,
        )
        self.process.start()
        child.close()
        self.conn = parent

    def wait_ready(self, timeout: float) -> tuple[int, str]:
        """Wait until the graph is open: (triples, engine).

        Raises:
            InputError: the graph cannot be loaded, or not within ``timeout``.
        """
        if not self.conn.poll(timeout):
            self.kill()
            raise InputError("graph", f"not loaded within {timeout:g} s")
        try:
            message = self.conn.recv()
        except EOFError:
            self.kill()
            raise InputError("graph", "the query worker died while loading it") from None
        if message[0] == "error":
            self.kill()
            raise InputError("graph", message[1])
        return int(message[1]), str(message[2])

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()

    def stop(self) -> None:
        if self.process.is_alive():
            try:
                self.conn.send(("stop",))
            except OSError:
                pass
            self.process.join(5)
        self.kill()


class QueryPool:
    """Worker processes that answer SPARQL queries, several at a time.

    Args:
        paths: a build's output folder (its store) or RDF files.
        engine: ``"auto"``, ``"rdflib"`` or ``"oxigraph"`` (see :func:`geokg.sparql.load`).
        workers: how many queries run at once.
        load_timeout: seconds a worker may take to open or load the graph.

    Attributes:
        triples, engine: the size of the graph and the engine holding it, once started.
    """

    def __init__(
        self,
        paths: Sequence[str | os.PathLike[str]],
        *,
        engine: str = "auto",
        workers: int = DEFAULT_WORKERS,
        load_timeout: float = 900,
    ) -> None:
        for p in paths:
            if not Path(p).exists():
                raise InputError(
                    str(p), "no such file or folder; give a build folder or an RDF file"
                )
        if workers < 1:
            raise GeoKGError(f"a query pool needs at least 1 worker, not {workers}")
        self.paths = [str(p) for p in paths]
        self.requested_engine = engine
        self.size = workers
        self.triples = 0
        self.engine = ""
        self._load_timeout = load_timeout
        self._context = multiprocessing.get_context("spawn")
        self._idle: asyncio.Queue[_Worker] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._threads = ThreadPoolExecutor(max_workers=workers + 2, thread_name_prefix="geokg-q")
        self._started: list[_Worker] = []
        self._numbers = iter(range(1, 1 << 30))
        self._closed = False

    def start(self) -> QueryPool:
        """Start every worker and wait until each has the graph.

        Raises:
            InputError: the graph cannot be loaded (the worker's message).
        """
        started = [self._spawn() for _ in range(self.size)]
        try:
            for worker in started:
                self.triples, self.engine = worker.wait_ready(self._load_timeout)
        except BaseException:
            for worker in started:
                worker.kill()
            raise
        self._started = started
        return self

    def _spawn(self) -> _Worker:
        worker = _Worker(self._context, self.paths, self.requested_engine, next(self._numbers))
        with self._lock:
            self._all.add(worker)
        return worker

    def _bind(self) -> asyncio.Queue[_Worker]:
        """The idle queue, made in the running event loop on first use."""
        if self._idle is None:
            self._loop = asyncio.get_running_loop()
            self._idle = asyncio.Queue()
            for worker in self._started:
                self._idle.put_nowait(worker)
        return self._idle

    async def run(
        self,
        sparql: str,
        *,
        accept: str | None = None,
        prefixes: Mapping[str, str] | None = None,
        timeout: float = 10.0,
        max_rows: int | None = None,
    ) -> Answer:
        """Answer a query in an idle worker; the HTTP response as an :class:`Answer`."""
        idle = self._bind()
        try:
            worker = await asyncio.wait_for(idle.get(), timeout)
        except TimeoutError:
            return Answer.error(
                503,
                f"all {self.size} query workers are busy with long queries; try again in a moment",
            )
        message = ("query", sparql, dict(prefixes or PREFIXES), max_rows, accept)
        loop = asyncio.get_running_loop()
        reply, healthy = await loop.run_in_executor(
            self._threads, self._ask, worker, message, timeout
        )
        if healthy:
            idle.put_nowait(worker)
        return reply

    def _ask(self, worker: _Worker, message: tuple, timeout: float) -> tuple[Answer, bool]:
        """In a thread: send the query, wait for the answer; replace the worker past the limit."""
        started = time.monotonic()
        try:
            worker.conn.send(message)
            if worker.conn.poll(timeout):
                _, status, media_type, body = worker.conn.recv()
                return Answer(status, media_type, body), True
        except (EOFError, OSError):
            self._replace(worker)
            return Answer.error(400, "the query engine stopped while answering; try again"), False
        elapsed = time.monotonic() - started
        logger.warning("query exceeded %g s (%.1f s); restarting its worker", timeout, elapsed)
        self._replace(worker)
        return Answer.error(
            400,
            f"the query ran longer than {timeout:g} s, this endpoint's limit; "
            "narrow it (a LIMIT, fewer OPTIONALs) or raise the limit (--timeout)",
        ), False

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker; a new one joins the idle queue once it has the graph."""
        worker.kill()
        with self._lock:
            self._all.discard(worker)
            if self._closed:
                return
        fresh = self._spawn()

        def join() -> None:
            try:
                fresh.wait_ready(self._load_timeout)
            except InputError as exc:
                logger.error("a replacement query worker failed: %s", exc)
                with self._lock:
                    self._all.discard(fresh)
                return
            if self._loop is not None and self._idle is not None and not self._closed:
                self._loop.call_soon_threadsafe(self._idle.put_nowait, fresh)

        threading.Thread(target=join, name="geokg-q-restart", daemon=True).start()

    def close(self) -> None:
        """Stop every worker (politely, then by force)."""
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.stop()
        self._threads.shutdown(wait=False, cancel_futures=True)

    def __enter__(self) -> QueryPool:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()
