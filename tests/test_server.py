"""`geokg serve`: a real SPARQL client against the endpoint, on a free loopback port."""

from __future__ import annotations

import re
import select
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
from collections.abc import Iterator
from pathlib import Path

import pytest
from _graphs import small_extractions
from click.testing import CliRunner
from SPARQLWrapper import CSV, JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

import geokg.server
from geokg.cli import main
from geokg.exports import write_turtle
from geokg.graph import build_graph

GEO = "https://w3id.org/geokg/ontology#"
ENT = "https://w3id.org/geokg/id/"
STRIKES = f"SELECT ?s ?o WHERE {{ ?s <{GEO}strikes> ?o }} ORDER BY ?s ?o"


@pytest.fixture(scope="module")
def small_ttl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("served") / "graph.ttl"
    write_turtle(build_graph(small_extractions()), path)
    return path


def _command() -> list[str]:
    exe = shutil.which("geokg")
    return [exe] if exe else [sys.executable, "-m", "geokg"]


def _children(pid: int) -> set[int]:
    """Processes whose parent is ``pid`` (Linux /proc)."""
    out = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.add(int(entry.name))
    return out


class Endpoint:
    """``geokg serve`` in a subprocess on a free loopback port (``--port 0``)."""

    def __init__(self, graph: Path, *extra: str) -> None:
        self.proc = subprocess.Popen(
            [*_command(), "serve", str(graph), "--port", "0", *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.banner = self._first_line(timeout=60)
        found = re.search(r"(http://127\.0\.0\.1:(\d+)/sparql)", self.banner)
        assert found, f"no endpoint URL in {self.banner!r}"
        self.url, self.port = found.group(1), int(found.group(2))

    def _first_line(self, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        assert self.proc.stdout is not None
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.proc.stdout], [], [], 0.2)
            if ready:
                return self.proc.stdout.readline()
            if self.proc.poll() is not None:
                break
        self.kill()
        raise AssertionError(f"geokg serve did not start: {self.proc.stderr.read()}")

    def stop(self, sig: int = signal.SIGINT) -> int:
        self.proc.send_signal(sig)
        return self.proc.wait(timeout=30)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)


@pytest.fixture
def endpoint(small_ttl: Path) -> Iterator[Endpoint]:
    server = Endpoint(small_ttl, "--timeout", "2", "--max-rows", "50")
    try:
        yield server
    finally:
        server.kill()  # always stopped, whatever the test did
        for stream in (server.proc.stdout, server.proc.stderr):
            if stream is not None:
                stream.close()


def _client(url: str, query: str, fmt: str = JSON) -> SPARQLWrapper:
    client = SPARQLWrapper(url)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client


def test_query_refuse_update_and_stop(endpoint: Endpoint) -> None:
    assert endpoint.port > 0 and "read-only" in endpoint.banner
    bindings = _client(endpoint.url, STRIKES).queryAndConvert()["results"]["bindings"]
    assert [(b["s"]["value"], b["o"]["value"]) for b in bindings] == [
        (ENT + "RUS", ENT + "islamic-state"),
        (ENT + "USA", ENT + "islamic-state"),
    ]
    # POST and CSV, and the prefixes of the graph need no declaration.
    client = _client(endpoint.url, "SELECT ?n WHERE { ent:RUS rdfs:label ?n }", CSV)
    client.setMethod(POST)
    assert client.queryAndConvert().decode("utf-8").splitlines() == ["n", "Russia"]

    update = SPARQLWrapper(endpoint.url, updateEndpoint=endpoint.url)
    update.setMethod(POST)
    update.setQuery("INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }")
    with pytest.raises(urllib.error.HTTPError) as refused:
        update.query()
    refused.value.close()
    assert refused.value.code == 403
    ask = _client(endpoint.url, "ASK { <urn:x:a> ?p ?o }").queryAndConvert()
    assert ask["boolean"] is False

    workers = _children(endpoint.proc.pid)
    assert workers, "the endpoint runs its queries in a worker process"
    assert endpoint.stop(signal.SIGINT) == 0
    # The worker (and multiprocessing's resource tracker) end with the endpoint.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not all(_gone(pid) for pid in workers):
        time.sleep(0.1)
    assert all(_gone(pid) for pid in workers), workers


def _gone(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except OSError:
        return True


def _refusal(url: str, query: str) -> str:
    """The message of a query the endpoint answers with HTTP 400."""
    with pytest.raises(QueryBadFormed) as refused:
        _client(url, query).query()
    refused.value.__context__.close()  # SPARQLWrapper leaves the HTTP response open
    return str(refused.value)


def test_limits_and_service(endpoint: Endpoint) -> None:
    assert "more than 50 rows" in _refusal(endpoint.url, "SELECT * WHERE { ?s ?p ?o }")
    service = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"
    assert "SERVICE" in _refusal(endpoint.url, service)
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    started = time.monotonic()
    assert "longer than 2 s" in _refusal(endpoint.url, runaway)
    assert time.monotonic() - started < 20
    # The worker was restarted: the next query is answered.
    bindings = _client(endpoint.url, STRIKES).queryAndConvert()["results"]["bindings"]
    assert len(bindings) == 2
    assert endpoint.stop(signal.SIGTERM) == 0


def test_browsers_get_the_editor_and_a_service_description(endpoint: Endpoint) -> None:
    import urllib.request

    request = urllib.request.Request(endpoint.url, headers={"Accept": "text/html"})
    with urllib.request.urlopen(request, timeout=10) as page:
        html = page.read().decode("utf-8")
    assert "geokg SPARQL endpoint" in html and "Who strikes whom" in html
    request = urllib.request.Request(endpoint.url, headers={"Accept": "text/turtle"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        description = answer.read().decode("utf-8")
    assert "sd:SPARQL11Query" in description and "BasicFederatedQuery" not in description
    assert "SPARQL11Update" not in description


# --- the command, without a server ------------------------------------------------------------


def test_serve_defaults_to_loopback(small_ttl: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict] = []
    monkeypatch.setattr(geokg.server, "serve", lambda paths, **kw: calls.append(kw))
    result = CliRunner().invoke(main, ["serve", str(small_ttl)])
    assert result.exit_code == 0, result.output
    assert calls[0]["host"] == "127.0.0.1" and calls[0]["port"] == 7878
    assert (calls[0]["timeout"], calls[0]["max_rows"]) == (10.0, 10_000)
    assert "warning" not in result.stderr
    result = CliRunner().invoke(main, ["serve", str(small_ttl), "--host", "0.0.0.0"])
    assert result.exit_code == 0 and "warning: listening on 0.0.0.0" in result.stderr


def test_serve_reports_a_taken_port(small_ttl: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", str(small_ttl), "--port", str(port)])
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.output


def test_serve_needs_a_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", str(tmp_path / "missing.ttl")])
    assert result.exit_code == 2


def test_example_queries_become_editor_tabs() -> None:
    tabs = geokg.server.example_queries()
    assert "Who strikes whom" in tabs and "SELECT" in tabs["Who strikes whom"]["query"]
