"""The SPARQL endpoint cannot be abused: ``geokg serve`` under hostile and heavy use.

A real ``geokg serve`` runs in a subprocess (its own process group, killed at
the end) over a small graph whose answers the test computes with rdflib. It
must bind loopback by default; refuse SPARQL Update, ``LOAD`` and ``SERVICE``
without ever connecting out (a listener counts connection attempts), queries
past the time limit (an HTTP error, and the server stays up), answers over the
row cap and oversized requests; with a bearer token, refuse requests without
it. Then 200 queries, well-formed and abusive mixed, come from a bounded pool
of 16 concurrent clients: every well-formed one is answered correctly, none of
the abusive ones is, and the server answers correctly afterwards.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import select
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

import geokg.server
from geokg.cli import main
from geokg.exports import write_turtle
from geokg.graph import build_graph
from geokg.guard import RequestGuard
from geokg.model import Entity, Extraction, Relation
from geokg.sparql import PREFIXES

TIMEOUT = 1.0  # the endpoint's time limit, seconds
MAX_ROWS = 50
TOKEN = "s3cret-token"
_PREAMBLE = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


# --- the graph and the servers ------------------------------------------------------------


def _extractions() -> list[Extraction]:
    usa = Entity("USA", "United States", "Country", iso3="USA")
    rus = Entity("RUS", "Russia", "Country", iso3="RUS")
    isis = Entity("islamic-state", "Islamic State", "Group")
    syr = Entity("SYR", "Syria", "Country", iso3="SYR")

    def rel(s: str, p: str, o: str, doc: str, **kw) -> Relation:
        return Relation(s, p, o, f"{s} {p} {o}.", 0, 20, doc_id=doc, **kw)

    return [
        Extraction(
            f"doc-{i}",
            entities=(usa, rus, isis, syr),
            relations=(
                rel("RUS", "strikes", "islamic-state", f"doc-{i}"),
                rel("USA", "meets", "RUS", f"doc-{i}"),
                rel("USA", "criticizes", "SYR", f"doc-{i}", negated=i % 2 == 0),
            ),
            meta={"title": f"Report {i}", "date": f"2026-01-{1 + i:02d}"},
        )
        for i in range(8)
    ]


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("endpoint") / "graph.ttl"
    write_turtle(build_graph(_extractions()), path)
    return path


@dataclass
class Server:
    url: str
    proc: subprocess.Popen[str]


def _start(graph: Path, *args: str, env: dict[str, str] | None = None) -> Server:
    proc = subprocess.Popen(
        [sys.executable, "-m", "geokg", "serve", str(graph), "--port", "0",
         "--timeout", str(TIMEOUT), "--max-rows", str(MAX_ROWS), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
        start_new_session=True,  # its own process group: the query worker goes with it
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


def _stop(proc: subprocess.Popen[str]) -> str:
    """Stop the server politely, then its whole process group by force; its stderr."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # the group this test started, worker included
    except ProcessLookupError:
        pass
    proc.wait(15)
    stderr = proc.stderr.read() if proc.stderr else ""
    for stream in (proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()
    return stderr


@pytest.fixture(scope="module")
def server(graph_file: Path) -> Iterator[Server]:
    running = _start(graph_file)
    yield running
    stderr = _stop(running.proc)
    assert "Traceback" not in stderr, stderr


@pytest.fixture(scope="module")
def token_server(graph_file: Path) -> Iterator[Server]:
    running = _start(graph_file, env={"GEOKG_TOKEN": TOKEN})
    yield running
    _stop(running.proc)


@pytest.fixture(scope="module")
def listener() -> Iterator[tuple[int, list[bytes]]]:
    """A TCP port that records every connection made to it: the endpoint must never call out."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.settimeout(0.2)
    seen: list[bytes] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    seen.append(conn.recv(1024))
                except OSError:
                    seen.append(b"")

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield sock.getsockname()[1], seen
    stop.set()
    thread.join(5)
    sock.close()


# --- a small HTTP client --------------------------------------------------------------------


@dataclass(frozen=True)
class Reply:
    status: int
    body: str


def http(
    url: str,
    *,
    query: str | None = None,
    update: str | None = None,
    method: str = "POST",
    body: bytes | None = None,
    content_type: str = "application/x-www-form-urlencoded",
    token: str | None = None,
) -> Reply:
    form = {k: v for k, v in (("query", query), ("update", update)) if v is not None}
    data = body if body is not None else urllib.parse.urlencode(form).encode()
    if method == "GET":
        url, data = f"{url}?{urllib.parse.urlencode(form)}", None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Accept", "application/sparql-results+json")
    if data is not None:
        request.add_header("Content-Type", content_type)
    if token is not None:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return Reply(response.status, response.read().decode("utf-8"))
    except urllib.error.HTTPError as err:
        with err:
            return Reply(err.code, err.read().decode("utf-8", "replace"))


def answer(reply: Reply) -> object:
    """A JSON result as comparable data: ASK's boolean, or SELECT's set of rows."""
    assert reply.status == 200, reply
    data = json.loads(reply.body)
    if "boolean" in data:
        return data["boolean"]
    return sorted(
        tuple(sorted((k, v["value"]) for k, v in row.items()))
        for row in data["results"]["bindings"]
    )


def expected(graph_file: Path, query: str) -> object:
    """The same query answered by rdflib in this process."""
    result = Graph().parse(graph_file, format="turtle").query(_PREAMBLE + query)
    return answer(Reply(200, result.serialize(format="json").decode("utf-8")))


GOOD = [
    "SELECT ?o WHERE { ent:RUS geokg:strikes ?o }",
    "ASK { ent:USA geokg:meets ent:RUS }",
    "ASK { ent:RUS geokg:meets ent:USA }",
    "SELECT (COUNT(?s) AS ?n) WHERE { ?s geokg:negated true }",
    "SELECT ?label WHERE { ent:islamic-state rdfs:label ?label }",
]
# Runs far past TIMEOUT: a cross product of the graph with itself, three times.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def abusive(port: int) -> dict[str, tuple[dict, int, str]]:
    """name -> (request, expected status, piece of the message)."""
    out = f"http://127.0.0.1:{port}"
    return {
        "update": ({"update": "INSERT DATA { ent:x geokg:strikes ent:y }"}, 403, "not allowed"),
        "update-direct": (
            {"body": b"DELETE WHERE { ?s ?p ?o }", "content_type": "application/sparql-update"},
            403,
            "not allowed",
        ),
        "update-as-query": ({"query": "DROP ALL"}, 400, "Expected"),
        "load": ({"update": f"LOAD <{out}/graph.ttl>"}, 403, "not allowed"),
        "service": (
            {"query": f"SELECT * WHERE {{ SERVICE <{out}/sparql> {{ ?s ?p ?o }} }}"},
            400,
            "SERVICE",
        ),
        "service-get": (
            {
                "query": f"SELECT * WHERE {{ ?s ?p ?o SERVICE SILENT <{out}/s> {{ ?s ?p ?o }} }}",
                "method": "GET",
            },
            400,
            "SERVICE",
        ),  # fmt: skip
        "service-nested": (
            {
                "query": "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { "
                f"SERVICE <{out}/x> {{ ?s ?p ?o }} }} }} LIMIT 1"
            },
            400,
            "SERVICE",
        ),  # fmt: skip
        "rows": ({"query": "SELECT * WHERE { ?s ?p ?o }"}, 400, f"more than {MAX_ROWS} rows"),
        "oversized-body": ({"query": "SELECT * WHERE { ?s ?p ?o } #" + "x" * 70_000}, 413, ""),
        "oversized-url": (
            {"query": "ASK { ?s ?p ?o } #" + "x" * 70_000, "method": "GET"},
            414,
            "",
        ),
    }


def assert_refused(reply: Reply, status: int, message: str) -> None:
    assert reply.status == status, reply
    assert message in reply.body, reply
    assert '"results"' not in reply.body and '"boolean"' not in reply.body


# --- the defaults ---------------------------------------------------------------------------


def test_binds_loopback_by_default(server: Server) -> None:
    host, port = urllib.parse.urlsplit(server.url).hostname, urllib.parse.urlsplit(server.url).port
    assert host == "127.0.0.1"
    tcp = Path("/proc/net/tcp")
    if not tcp.exists():
        pytest.skip("no /proc/net/tcp to list listening sockets")
    listening = [
        line.split()[1] for line in tcp.read_text().splitlines()[1:] if line.split()[3] == "0A"
    ]
    assert f"0100007F:{port:04X}" in listening  # 127.0.0.1, and no other address
    assert not [a for a in listening if a.endswith(f":{port:04X}") and a != f"0100007F:{port:04X}"]


def test_well_formed_queries_are_answered(server: Server, graph_file: Path) -> None:
    for query in GOOD:
        want = expected(graph_file, query)
        assert answer(http(server.url, query=query)) == want, query
        assert answer(http(server.url, query=query, method="GET")) == want, query
    assert answer(http(server.url, query=GOOD[0])) == [(("o", PREFIXES["ent"] + "islamic-state"),)]


@pytest.mark.parametrize("name", sorted(abusive(1)))
def test_abusive_request_is_refused(
    server: Server, listener: tuple[int, list[bytes]], name: str
) -> None:
    request, status, message = abusive(listener[0])[name]
    assert_refused(http(server.url, **request), status, message)


def test_query_past_the_time_limit_gets_an_error_and_the_server_stays_up(
    server: Server, graph_file: Path
) -> None:
    started = time.monotonic()
    reply = http(server.url, query=SLOW)
    assert time.monotonic() - started < TIMEOUT + 10
    assert_refused(reply, 400, f"longer than {TIMEOUT:g} s")
    assert answer(http(server.url, query=GOOD[1])) == expected(graph_file, GOOD[1])
    assert server.proc.poll() is None


def test_from_a_url_never_fetches_it(server: Server, listener: tuple[int, list[bytes]]) -> None:
    remote = f"http://127.0.0.1:{listener[0]}/graph.ttl"
    for query in (
        f"SELECT * FROM <{remote}> WHERE {{ ?s ?p ?o }} LIMIT 1",
        f"SELECT * FROM NAMED <{remote}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} LIMIT 1",
        f"ASK {{ GRAPH <{remote}> {{ ?s ?p ?o }} }}",
    ):
        reply = http(server.url, query=query)
        assert reply.status in (200, 400), reply
    time.sleep(0.5)
    assert listener[1] == []


# --- the bearer token -----------------------------------------------------------------------


def test_token_is_required_when_set(token_server: Server, graph_file: Path) -> None:
    query = GOOD[0]
    for token in (None, "wrong", TOKEN + "x", ""):
        reply = http(token_server.url, query=query, token=token)
        assert_refused(reply, 401, "bearer token is required")
    assert answer(http(token_server.url, query=query, token=TOKEN)) == expected(graph_file, query)
    assert answer(http(token_server.url, query=query, method="GET", token=TOKEN))
    # the other limits hold for whoever has the token
    reply = http(token_server.url, update="LOAD <http://127.0.0.1:1/x>", token=TOKEN)
    assert_refused(reply, 403, "not allowed")


def test_serving_beyond_loopback_without_a_token_warns(
    graph_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict] = []
    monkeypatch.setattr(geokg.server, "serve", lambda paths, **kw: calls.append(kw))
    runner = CliRunner()
    open_ = runner.invoke(main, ["serve", str(graph_file), "--host", "0.0.0.0"])
    assert open_.exit_code == 0 and "without --token" in open_.stderr
    guarded = runner.invoke(main, ["serve", str(graph_file), "--host", "0.0.0.0"],
                            env={"GEOKG_TOKEN": TOKEN})  # fmt: skip
    assert guarded.exit_code == 0 and "warning" not in guarded.stderr
    assert [c["token"] for c in calls] == [None, TOKEN]
    assert runner.invoke(main, ["serve", str(graph_file), "--token", " "]).exit_code == 2


# --- the burst ------------------------------------------------------------------------------


def test_200_concurrent_queries(
    server: Server, graph_file: Path, listener: tuple[int, list[bytes]]
) -> None:
    answers = {q: expected(graph_file, q) for q in GOOD}
    bad = abusive(listener[0])
    jobs: list[tuple[str, dict]] = []
    for i in range(200):
        if i % 5 == 4:  # 40 abusive requests among 160 well-formed ones
            name = sorted(bad)[i // 5 % len(bad)]
            jobs.append((name, bad[name][0]))
        else:
            jobs.append(("good", {"query": GOOD[i % len(GOOD)], "method": ("GET", "POST")[i % 2]}))
    jobs.insert(100, ("slow", {"query": SLOW}))

    def send(job: tuple[str, dict]) -> tuple[str, dict, Reply]:
        return job[0], job[1], http(server.url, **job[1])

    with ThreadPoolExecutor(max_workers=16) as pool:  # the bounded loop: 16 clients at a time
        results = list(pool.map(send, jobs))

    for kind, request, reply in results:
        if kind == "good":
            assert answer(reply) == answers[request["query"]], request
        elif kind == "slow":
            assert_refused(reply, 400, "longer than")
        else:
            _, status, message = bad[kind]
            assert_refused(reply, status, message)
    # and afterwards: alive, correct, and it never called out
    assert server.proc.poll() is None
    for query in GOOD:
        assert answer(http(server.url, query=query)) == answers[query]
    assert listener[1] == []


# --- the guard alone ------------------------------------------------------------------------


async def _echo(scope, receive, send) -> None:
    """An ASGI app that answers with the size of the body it was given."""
    body, more = b"", True
    while more:
        message = await receive()
        body += message.get("body", b"")
        more = message.get("more_body", False)
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": str(len(body)).encode()})


def call(
    guard: RequestGuard,
    *,
    chunks: tuple[bytes, ...] = (b"",),
    headers: dict[str, str] | None = None,
    query_string: bytes = b"",
    length: bool = True,
) -> tuple[int, bytes, dict[bytes, bytes]]:
    """Send one request through ``guard``: (status, body, response headers)."""
    raw = [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    if length:
        raw.append((b"content-length", str(sum(map(len, chunks))).encode()))
    scope = {"type": "http", "method": "POST", "path": "/", "query_string": query_string,
             "headers": raw}  # fmt: skip
    messages = [
        {"type": "http.request", "body": c, "more_body": i < len(chunks) - 1}
        for i, c in enumerate(chunks)
    ]
    sent: list[dict] = []

    async def receive() -> dict:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)

    asyncio.run(guard(scope, receive, send))
    start, *bodies = sent
    return start["status"], b"".join(b["body"] for b in bodies), dict(start["headers"])


def test_guard_limits_bodies_with_and_without_length() -> None:
    guard = RequestGuard(_echo, max_bytes=100)
    assert call(guard, chunks=(b"x" * 60, b"x" * 40))[:2] == (200, b"100")
    assert call(guard, chunks=(b"x" * 101,))[0] == 413
    # no Content-Length (chunked): read up to the limit, and refused there
    assert call(guard, chunks=(b"x" * 60,) * 50, length=False)[0] == 413
    assert call(guard, query_string=b"q" * 101)[0] == 414


def test_guard_token_compares_the_whole_header() -> None:
    guard = RequestGuard(_echo, token="abc", max_bytes=100)
    for good in ("Bearer abc", "bearer abc"):
        assert call(guard, headers={"Authorization": good})[0] == 200
    for header in ("Bearer ab", "Bearer abcd", "Basic abc", "abc", "Bearer"):
        status, body, headers = call(guard, headers={"Authorization": header})
        assert status == 401 and b"bearer token is required" in body
        assert headers[b"www-authenticate"].startswith(b"Bearer")
    assert call(guard)[0] == 401
    with pytest.raises(ValueError, match="empty"):
        RequestGuard(_echo, token=" ")
