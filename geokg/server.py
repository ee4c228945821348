"""A read-only SPARQL 1.1 Protocol endpoint over a geokg graph.

The HTTP side is rdflib-endpoint (FastAPI, served by uvicorn): the SPARQL
1.1 Protocol (GET and POST, URL-encoded or direct), content negotiation of
the result formats, a service description and the YASGUI editor for browsers.
Updates are refused (HTTP 403). Queries run in a worker process that holds
the graph (rdflib or Oxigraph, as for ``geokg query``):

* a query that runs longer than ``timeout`` seconds gets an error and the
  worker is killed and started again (the only way to stop a running
  Oxigraph or rdflib query), so a runaway query costs nothing afterwards;
* an answer of more than ``max_rows`` rows (or triples) is refused, not cut;
* ``SERVICE`` (federated queries) is refused, and rdflib does not load
  ``FROM <url>`` graphs: the endpoint never reaches the network;
* a request larger than 64 kB is refused (413 or 414), and with a bearer
  token (``token``) every request must present it (401 otherwise); see
  :mod:`geokg.guard`.

It binds 127.0.0.1 unless told otherwise. Example::

    geokg serve geokg-out/graph.ttl --port 7878
    curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE {?s ?p ?o} LIMIT 3' \\
        http://127.0.0.1:7878/sparql
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
import signal
import socket
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from rdflib import Graph, Variable
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Processor

from geokg import __version__
from geokg.errors import GeoKGError, InputError
from geokg.guard import DEFAULT_MAX_REQUEST_BYTES, RequestGuard
from geokg.sparql import PREFIXES, QueryError, QueryResult, choose_engine

__all__ = ["QueryTimeout", "QueryWorker", "create_app", "example_queries", "serve"]

logger = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"
PATH = "/sparql"


class QueryTimeout(QueryError):
    """A query ran past the endpoint's time limit."""


def _worker_main(conn: Any, paths: list[str], engine: str) -> None:
    """The worker process: load the graph, then answer queries until told to stop."""
    import rdflib.plugins.sparql

    from geokg.sparql import load

    # Ctrl-C reaches the whole process group; the parent decides when the worker stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # rdflib would fetch FROM / FROM NAMED IRIs over the network.
    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
    try:
        store = load(*paths, engine=engine)
    except GeoKGError as exc:
        conn.send(("error", str(exc)))
        return
    conn.send(("ready", len(store)))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message[0] == "stop":
            return
        _, sparql, prefixes, max_rows = message
        try:
            conn.send(("ok", store.query(sparql, prefixes=prefixes, max_rows=max_rows)))
        except QueryError as exc:
            conn.send(("error", str(exc)))


class QueryWorker:
    """A child process that holds the graph and answers one query at a time.

    Args:
        paths: the RDF files to serve.
        engine: ``"auto"``, ``"rdflib"`` or ``"oxigraph"`` (decided once, by file size).
        load_timeout: seconds the worker may take to load the files.
    """

    def __init__(
        self,
        paths: Sequence[str | os.PathLike[str]],
        *,
        engine: str = "auto",
        load_timeout: float = 900,
    ) -> None:
        for p in paths:
            if not Path(p).is_file():
                raise InputError(str(p), "no such file; give the path of an RDF file (graph.ttl)")
        self.paths = [str(p) for p in paths]
        self.engine = choose_engine(self.paths, engine)
        self.triples = 0
        self._load_timeout = load_timeout
        self._lock = threading.Lock()
        self._context = multiprocessing.get_context("spawn")
        self._proc: Any = None
        self._conn: Any = None
        self._ready = False

    def start(self) -> QueryWorker:
        """Start the worker and wait until the graph is loaded.

        Raises:
            InputError: the files cannot be loaded (the worker's message).
        """
        with self._lock:
            self._spawn()
            self._wait_ready()
        return self

    def _spawn(self) -> None:
        parent, child = self._context.Pipe()
        proc = self._context.Process(
            target=_worker_main,
            args=(child, self.paths, self.engine),
            name="geokg-sparql-worker",
            daemon=True,
        )
        proc.start()
        child.close()
        self._proc, self._conn, self._ready = proc, parent, False

    def _wait_ready(self) -> None:
        if not self._conn.poll(self._load_timeout):
            self._kill()
            raise InputError(", ".join(self.paths), f"not loaded within {self._load_timeout:g} s")
        try:
            message = self._conn.recv()
        except EOFError:
            self._kill()
            raise InputError(", ".join(self.paths), "the worker died while loading") from None
        if message[0] == "error":
            self._kill()
            raise InputError(", ".join(self.paths), message[1])
        self.triples, self._ready = int(message[1]), True

    def _kill(self) -> None:
        if self._proc is not None and self._proc.is_alive():
            self._proc.kill()
        if self._proc is not None:
            self._proc.join(5)
        if self._conn is not None:
            self._conn.close()
        self._proc, self._conn, self._ready = None, None, False

    def query(
        self,
        sparql: str,
        *,
        prefixes: Mapping[str, str] | None = None,
        timeout: float = 10.0,
        max_rows: int | None = None,
    ) -> QueryResult:
        """Run a query in the worker.

        Raises:
            QueryTimeout: no answer within ``timeout`` seconds (the worker restarts).
            QueryError: the query failed or its answer is too large.
        """
        with self._lock:
            if self._proc is None or not self._proc.is_alive():
                self._kill()
                self._spawn()
            if not self._ready:
                self._wait_ready()
            self._conn.send(("query", sparql, dict(prefixes or PREFIXES), max_rows))
            if not self._conn.poll(timeout):
                logger.warning("query exceeded %g s; restarting the worker", timeout)
                self._kill()
                self._spawn()  # loads again in the background; the next query waits for it
                raise QueryTimeout(
                    f"the query ran longer than {timeout:g} s, this endpoint's limit; "
                    "narrow it (a LIMIT, fewer OPTIONALs) or raise the limit (--timeout)"
                )
            try:
                status, payload = self._conn.recv()
            except EOFError:
                self._kill()
                raise QueryError("the query engine stopped while answering; try again") from None
        if status == "error":
            raise QueryError(payload)
        return payload

    def close(self) -> None:
        """Stop the worker (politely, then by force)."""
        with self._lock:
            if self._conn is not None and self._proc is not None and self._proc.is_alive():
                try:
                    self._conn.send(("stop",))
                except OSError:
                    pass
                self._proc.join(5)
            self._kill()

    def __enter__(self) -> QueryWorker:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()


def _uses_service(node: Any) -> bool:
    """True when a parsed query (rdflib algebra) contains a SERVICE clause."""
    if getattr(node, "name", None) == "ServiceGraphPattern":
        return True
    if isinstance(node, Mapping):
        return any(_uses_service(v) for v in node.values())
    if isinstance(node, list | tuple):
        return any(_uses_service(v) for v in node)
    return False


class _WorkerProcessor(Processor):
    """rdflib's query-processor interface, answered by a :class:`QueryWorker`."""

    def __init__(self, worker: QueryWorker, *, timeout: float, max_rows: int | None) -> None:
        self.worker, self.timeout, self.max_rows = worker, timeout, max_rows

    def query(  # type: ignore[override]
        self,
        strOrQuery: str | Query,  # noqa: N803 (rdflib's name)
        initBindings: Mapping[str, Any] | None = None,  # noqa: N803
        initNs: Mapping[str, Any] | None = None,  # noqa: N803
        base: str | None = None,
        DEBUG: bool = False,  # noqa: N803
    ) -> Mapping[str, Any]:
        if isinstance(strOrQuery, Query):
            if _uses_service(strOrQuery.algebra):
                raise QueryError("SERVICE (federated queries) is disabled on this endpoint")
            text = strOrQuery._original_args[0]
        else:
            text = strOrQuery
        prefixes = {str(k): str(v) for k, v in (initNs or PREFIXES).items()}
        result = self.worker.query(
            text, prefixes=prefixes, timeout=self.timeout, max_rows=self.max_rows
        )
        if result.kind == "ASK":
            return {"type_": "ASK", "askAnswer": bool(result.boolean)}
        if result.kind == "CONSTRUCT":
            return {"type_": "CONSTRUCT", "graph": result.to_graph()}
        variables = [Variable(v) for v in result.vars]
        bindings = [
            {var: term for var, term in zip(variables, row, strict=True) if term is not None}
            for row in result.rows
        ]
        return {"type_": "SELECT", "vars_": variables, "bindings": bindings}


def example_queries(folder: str | os.PathLike[str] | None = None) -> dict[str, dict[str, str]]:
    """The ``.rq`` files of ``queries/`` (of the checkout, by default) as YASGUI tabs.

    Each tab is titled with the file's first comment line.
    """
    if folder is None:
        candidates = [Path("queries"), Path(__file__).resolve().parent.parent / "queries"]
        folder = next((c for c in candidates if c.is_dir()), None)
        if folder is None:
            return {}
    out: dict[str, dict[str, str]] = {}
    for path in sorted(Path(folder).glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        title = re.match(r"#\s*(.+)", text)
        out[title.group(1).strip() if title else path.stem] = {"query": text}
    return out


def create_app(
    worker: QueryWorker,
    *,
    timeout: float = 10.0,
    max_rows: int | None = 10_000,
    public_url: str = f"http://{LOOPBACK}:7878{PATH}",
    examples: Mapping[str, Mapping[str, str]] | None = None,
    token: str | None = None,
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES,
) -> Any:
    """The FastAPI application: rdflib-endpoint's SPARQL router on ``/sparql``, read-only.

    A :class:`~geokg.guard.RequestGuard` in front of it checks the bearer
    ``token`` (when given) and refuses requests over ``max_request_bytes``.
    """
    from fastapi import FastAPI
    from fastapi.middleware.cors import CORSMiddleware
    from fastapi.responses import RedirectResponse
    from rdflib_endpoint import SparqlRouter
    from rdflib_endpoint.utils import SD

    front = Graph(bind_namespaces="core")  # carries the prefixes and the service description
    for prefix, ns in PREFIXES.items():
        front.bind(prefix, ns)
    names = ", ".join(Path(p).name for p in worker.paths)
    limits = f"read-only; {timeout:g} s per query" + (
        f", at most {max_rows:,} rows" if max_rows else ""
    )
    router = SparqlRouter(
        path=PATH,
        title=f"geokg SPARQL endpoint: {names}",
        description=f"{worker.triples:,} triples in {worker.engine} ({limits}).",
        version=__version__,
        graph=front,
        processor=_WorkerProcessor(worker, timeout=timeout, max_rows=max_rows),
        enable_update=False,
        public_url=public_url,
        example_queries=dict(examples) if examples else None,
    )
    # SERVICE is refused, so do not advertise federated queries.
    router.service_description.remove((None, SD.feature, SD.BasicFederatedQuery))
    app = FastAPI(title="geokg SPARQL endpoint", version=__version__, docs_url=None, redoc_url=None)
    app.include_router(router)
    # Browser tools (YASGUI on another origin) may read answers; nothing sends credentials.
    app.add_middleware(
        CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"], allow_headers=["*"]
    )
    # Added last, so outermost: a stranger or an oversized request reaches nothing else.
    app.add_middleware(RequestGuard, token=token, max_bytes=max_request_bytes)

    @app.get("/", include_in_schema=False)
    def _root() -> Any:
        return RedirectResponse(PATH)

    return app


def serve(
    paths: Sequence[str | os.PathLike[str]],
    *,
    host: str = LOOPBACK,
    port: int = 7878,
    engine: str = "auto",
    timeout: float = 10.0,
    max_rows: int | None = 10_000,
    token: str | None = None,
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES,
    on_ready: Callable[[str, QueryWorker], None] | None = None,
) -> None:
    """Serve RDF files as a read-only SPARQL endpoint until SIGINT or SIGTERM.

    Args:
        paths: the RDF files (graph.ttl).
        host: the address to bind; loopback unless told otherwise.
        port: the TCP port; 0 picks a free one (``on_ready`` gets the URL).
        engine: ``"auto"``, ``"rdflib"`` or ``"oxigraph"``.
        timeout: seconds a query may run.
        max_rows: the largest answer, in rows or triples (None: no limit).
        token: a bearer token every request must present (``Authorization:
            Bearer <token>``); advised for any address but loopback.
        max_request_bytes: the largest request body or query string accepted.
        on_ready: called with the endpoint URL once the graph is loaded and the
            port is listening.

    Raises:
        InputError: a file cannot be loaded.
        GeoKGError: the address cannot be bound.
    """
    import uvicorn

    sock = _bind(host, port)  # first: a taken port fails before the graph is loaded
    try:
        worker = QueryWorker(paths, engine=engine).start()
    except BaseException:
        sock.close()
        raise
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{sock.getsockname()[1]}{PATH}"
    app = create_app(
        worker,
        timeout=timeout,
        max_rows=max_rows,
        public_url=url,
        examples=example_queries(),
        token=token,
        max_request_bytes=max_request_bytes,
    )
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    caught: list[int] = []
    previous: dict[int, Any] = {}
    if threading.current_thread() is threading.main_thread():
        # uvicorn stops gracefully on these, then re-raises them: note them, exit cleanly.
        for sig in (signal.SIGINT, signal.SIGTERM):
            previous[sig] = signal.signal(sig, lambda signum, frame: caught.append(signum))
    try:
        if on_ready is not None:
            on_ready(url, worker)
        server.run(sockets=[sock])
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        worker.close()
        sock.close()
    logger.info("endpoint stopped%s", f" by signal {caught[0]}" if caught else "")


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise GeoKGError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}; "
            "choose another --port (0 picks a free one)"
        ) from exc
    sock.listen(128)
    return sock
