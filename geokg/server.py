"""A read-only SPARQL 1.1 Protocol endpoint over a geokg graph, answering concurrently.

The HTTP side is a FastAPI app served by uvicorn: the SPARQL 1.1 Protocol
(GET and POST, URL-encoded or direct), content negotiation of the result
formats, a service description and, for browsers, rdflib-endpoint's YASGUI
editor with the example queries as tabs. Updates are refused (HTTP 403).
Queries run in a pool of worker processes (:class:`geokg.querypool.QueryPool`),
several at a time, over a build's on-disk Oxigraph store (``geokg serve
OUT``) or RDF files; the event loop only reads requests and hands them on:

* a query that runs longer than ``timeout`` seconds gets an error and its
  worker is killed and replaced (the only way to stop a running Oxigraph or
  rdflib query); the other workers keep answering meanwhile;
* an answer of more than ``max_rows`` rows (or triples) is refused, not cut;
* ``SERVICE`` (federated queries) is refused (:func:`geokg.answers.refuse_service`),
  and ``FROM <url>`` graphs are never fetched: the endpoint never reaches the network;
* a request larger than 64 kB is refused (413 or 414), and with a bearer
  token (``token``) every request must present it (401 otherwise); see
  :mod:`geokg.guard`.

It binds 127.0.0.1 unless told otherwise. Example::

    geokg serve geokg-out --port 7878
    curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE {?s ?p ?o} LIMIT 3' \\
        http://127.0.0.1:7878/sparql
"""

from __future__ import annotations

import logging
import os
import re
import signal
import socket
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from rdflib import Graph

from geokg import __version__
from geokg.errors import GeoKGError
from geokg.guard import DEFAULT_MAX_REQUEST_BYTES, RequestGuard
from geokg.querypool import DEFAULT_WORKERS, QueryPool
from geokg.sparql import PREFIXES

__all__ = ["QueryPool", "create_app", "example_queries", "serve"]

logger = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"
PATH = "/sparql"
_READ_ONLY = "SPARQL Update (INSERT, DELETE, LOAD, ...) is not allowed: this endpoint is read-only"


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
    pool: QueryPool,
    *,
    timeout: float = 10.0,
    max_rows: int | None = 10_000,
    public_url: str = f"http://{LOOPBACK}:7878{PATH}",
    examples: Mapping[str, Mapping[str, str]] | None = None,
    token: str | None = None,
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES,
) -> Any:
    """The FastAPI application: the SPARQL protocol on ``/sparql``, read-only.

    A :class:`~geokg.guard.RequestGuard` in front of it checks the bearer
    ``token`` (when given) and refuses requests over ``max_request_bytes``.
    """
    from fastapi import FastAPI, Request
    from fastapi.middleware.cors import CORSMiddleware
    from fastapi.responses import JSONResponse, RedirectResponse, Response
    from rdflib_endpoint import SparqlRouter
    from rdflib_endpoint.utils import SD

    front = Graph(bind_namespaces="core")  # carries the prefixes and the service description
    for prefix, ns in PREFIXES.items():
        front.bind(prefix, ns)
    names = ", ".join(Path(p).name for p in pool.paths)
    limits = f"read-only; {timeout:g} s per query" + (
        f", at most {max_rows:,} rows" if max_rows else ""
    )
    # rdflib-endpoint's router gives the YASGUI page and the service description;
    # its query route is not mounted: queries go to the worker pool.
    router = SparqlRouter(
        path=PATH,
        title=f"geokg SPARQL endpoint: {names}",
        description=f"{pool.triples:,} triples in {pool.engine}, {pool.size} query workers "
        f"({limits}).",
        version=__version__,
        graph=front,
        enable_update=False,
        public_url=public_url,
        example_queries=dict(examples) if examples else None,
    )
    # SERVICE is refused, so do not advertise federated queries.
    router.service_description.remove((None, SD.feature, SD.BasicFederatedQuery))
    app = FastAPI(title="geokg SPARQL endpoint", version=__version__, docs_url=None, redoc_url=None)

    async def handle(request: Request, query: str | None, update: str | None) -> Any:
        if query and update:
            return JSONResponse({"message": "send a query or an update, not both"}, 400)
        if update:
            return JSONResponse({"message": _READ_ONLY}, 403)
        if not query:
            accept = request.headers.get("accept", "")
            if accept.startswith("text/html"):
                return router.serve_yasgui()
            if "text/turtle" in accept:
                body = router.service_description.serialize(format="turtle")
                return Response(body, media_type="text/turtle")
            body = router.service_description.serialize(format="xml")
            return Response(body, media_type="application/xml")
        reply = await pool.run(
            query, accept=request.headers.get("accept"), timeout=timeout, max_rows=max_rows
        )
        headers = {"Retry-After": "1"} if reply.status == 503 else None
        return Response(reply.body, reply.status, headers=headers, media_type=reply.media_type)

    async def get(request: Request) -> Any:
        params = request.query_params
        return await handle(request, params.get("query"), params.get("update"))

    async def post(request: Request) -> Any:
        body = (await request.body()).decode("utf-8", "replace")
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind == "application/sparql-query":
            return await handle(request, body, None)
        if kind == "application/sparql-update":
            return await handle(request, None, body)
        if kind == "application/x-www-form-urlencoded":
            form = dict(parse_qsl(body, keep_blank_values=True))
            return await handle(request, form.get("query"), form.get("update"))
        params = request.query_params
        return await handle(request, params.get("query"), params.get("update"))

    async def sparql(request: Request) -> Any:
        return await (post(request) if request.method == "POST" else get(request))

    for path in (PATH, PATH + "/"):
        # a plain Starlette route: the handler takes the request as it is
        app.router.add_route(path, sparql, methods=["GET", "POST"], include_in_schema=False)
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
    workers: int = DEFAULT_WORKERS,
    on_ready: Callable[[str, QueryPool], None] | None = None,
) -> None:
    """Serve a build's store, or RDF files, as a read-only SPARQL endpoint until SIGINT or SIGTERM.

    Args:
        paths: a ``geokg build`` output folder (its on-disk store is opened as it
            is), or RDF files (graph.ttl), which each worker loads.
        host: the address to bind; loopback unless told otherwise.
        port: the TCP port; 0 picks a free one (``on_ready`` gets the URL).
        engine: ``"auto"``, ``"rdflib"`` or ``"oxigraph"``.
        timeout: seconds a query may run.
        max_rows: the largest answer, in rows or triples (None: no limit).
        token: a bearer token every request must present (``Authorization:
            Bearer <token>``); advised for any address but loopback.
        max_request_bytes: the largest request body or query string accepted.
        workers: query worker processes: how many queries run at once.
        on_ready: called with the endpoint URL and the :class:`QueryPool` once
            the graph is loaded and the port is listening.

    Raises:
        InputError: a file cannot be loaded.
        GeoKGError: the address cannot be bound.
    """
    import uvicorn

    sock = _bind(host, port)  # first: a taken port fails before the graph is loaded
    try:
        pool = QueryPool(paths, engine=engine, workers=workers).start()
    except BaseException:
        sock.close()
        raise
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{sock.getsockname()[1]}{PATH}"
    app = create_app(
        pool,
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
            on_ready(url, pool)
        server.run(sockets=[sock])
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        pool.close()
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
