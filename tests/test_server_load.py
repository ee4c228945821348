"""Load test: slow queries occupy their workers, never the endpoint.

``geokg serve`` runs on the Wikinews build folder (its on-disk store). Two
clients keep a slow query (a cross product of the graph with itself, far past
the time limit) running for the whole test, re-sending it as soon as the limit
stops it; meanwhile 8 clients send 160 small queries (the example queries of
``queries/`` and a few lookups). Every small query is answered correctly (the
answers are computed in this process from graph.ttl, independently of the
store), the p95 of their latency stays under 300 ms, each slow one is stopped
at the limit, and the server answers afterwards. It is bounded: a fixed
number of queries from a fixed number of threads, each request with a timeout.
"""

from __future__ import annotations

import json
import os
import re
import select
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
import pytest
from _graphs import wikinews_out
from test_endpoint_security import Server, _stop

from geokg.sparql import PREFIXES

pytestmark = [pytest.mark.shared, pytest.mark.slow]

TIMEOUT = 3.0  # the endpoint's time limit, seconds
CLIENTS = 8
SMALL_QUERIES = 160
P95_LIMIT = 0.300
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
QUERIES = Path(__file__).resolve().parent.parent / "queries"
SMALL = [
    "SELECT ?label WHERE { ent:USA rdfs:label ?label }",
    "ASK { ?s geokg:strikes ?o }",
    "SELECT ?s ?o WHERE { ?s geokg:meets ?o } ORDER BY ?s ?o",
    "SELECT (COUNT(?st) AS ?n) WHERE { ?st a geokg:Relation ; geokg:negated true }",
    *(
        (QUERIES / name).read_text(encoding="utf-8")
        for name in ("who-strikes-whom.rq", "top-actors-by-degree.rq", "most-reported.rq")
    ),
]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return wikinews_out(tmp_path_factory)


def _start(folder: Path) -> Server:
    """``geokg serve FOLDER`` in its own process group, on a free port."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "geokg", "serve", str(folder), "--port", "0",
         "--timeout", str(TIMEOUT), "--workers", "4"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], 1)
        if ready:
            line = proc.stdout.readline()
            if match := re.search(r"SPARQL endpoint (http://\S+/sparql)", line):
                return Server(match.group(1), proc)
        if proc.poll() is not None:
            break
    _stop(proc)
    raise AssertionError(f"geokg serve did not start: {proc.stderr.read()}")


@pytest.fixture(scope="module")
def server(folder: Path) -> Iterator[Server]:
    running = _start(folder)
    yield running
    stderr = _stop(running.proc)
    assert "Traceback" not in stderr, stderr


def ask(url: str, query: str, *, timeout: float = 60) -> tuple[int, str, float]:
    """POST a query; (status, body, seconds)."""
    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(url, data=data, method="POST")
    request.add_header("Accept", "application/sparql-results+json")
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read().decode("utf-8")
            return response.status, body, time.perf_counter() - started
    except urllib.error.HTTPError as err:
        with err:
            return err.code, err.read().decode("utf-8", "replace"), time.perf_counter() - started


def rows(body: str) -> object:
    data = json.loads(body)
    if "boolean" in data:
        return data["boolean"]
    return [
        tuple(sorted((k, v["value"]) for k, v in row.items()))
        for row in data["results"]["bindings"]
    ]


def expected(graph_ttl: Path, query: str) -> object:
    """The answer of Oxigraph in this process, on graph.ttl parsed afresh (not the store)."""
    store = ox.Store()
    store.load(path=str(graph_ttl), format=ox.RdfFormat.TURTLE)
    result = store.query(query, prefixes=dict(PREFIXES))
    return rows(result.serialize(format=ox.QueryResultsFormat.JSON).decode("utf-8"))


def test_slow_queries_do_not_hold_up_the_small_ones(server: Server, folder: Path) -> None:
    answers = {q: expected(folder / "graph.ttl", q) for q in SMALL}
    stop = threading.Event()
    slow_replies: list[tuple[int, str, float]] = []

    def keep_slow_queries_running() -> None:
        while not stop.is_set():
            slow_replies.append(ask(server.url, SLOW, timeout=TIMEOUT + 60))

    slow_clients = [threading.Thread(target=keep_slow_queries_running) for _ in range(2)]
    for thread in slow_clients:
        thread.start()
    try:
        time.sleep(0.5)  # both slow queries are running
        jobs = [SMALL[i % len(SMALL)] for i in range(SMALL_QUERIES)]
        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            replies = list(pool.map(lambda q: (q, *ask(server.url, q)), jobs))
    finally:
        stop.set()
        for thread in slow_clients:
            thread.join(TIMEOUT + 90)

    for query, status, body, _ in replies:
        assert status == 200, (query, body)
        assert rows(body) == answers[query], query
    latencies = sorted(seconds for *_, seconds in replies)
    p50 = statistics.median(latencies)
    p95 = latencies[int(0.95 * len(latencies)) - 1]
    print(f"\nsmall queries: n={len(latencies)} p50={p50 * 1000:.0f} ms p95={p95 * 1000:.0f} ms")
    assert p95 < P95_LIMIT, f"p95 {p95 * 1000:.0f} ms (p50 {p50 * 1000:.0f} ms)"

    assert slow_replies, "the slow queries never came back"
    for status, body, seconds in slow_replies:
        assert status == 400 and f"longer than {TIMEOUT:g} s" in body, body
        assert seconds < TIMEOUT + 30  # stopped at the limit (plus a loaded machine's delay)
    # and afterwards the server answers, correctly
    for query in SMALL:
        status, body, _ = ask(server.url, query)
        assert status == 200 and rows(body) == answers[query]
    assert server.proc.poll() is None
