"""``geokg query`` and ``geokg serve``: SPARQL from the terminal, and over HTTP.

Thin click commands over :mod:`geokg.sparql` and :mod:`geokg.server`;
:mod:`geokg.cli` registers them on the ``geokg`` group.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path

import click
from rdflib import BNode, URIRef
from rdflib.term import Node

from geokg.errors import GeoKGError
from geokg.querypool import DEFAULT_WORKERS
from geokg.sparql import ENGINES, PREFIXES, QueryResult

__all__ = ["query", "serve"]

# graph.ttl (or any RDF file), or the output folder of geokg build (its store/ is opened).
_GRAPH = click.Path(exists=True, path_type=Path)
_ENGINE = click.option(
    "--engine",
    type=click.Choice(["auto", *ENGINES]),
    default="auto",
    show_default=True,
    help="rdflib's memory store or Oxigraph; auto takes Oxigraph for files over 20 MB.",
)
_CELL = 60  # widest table cell, in characters


@click.command()
@click.argument("graph", type=_GRAPH)
@click.argument("sparql", required=False)
@click.option(
    "-f",
    "--file",
    "query_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Read the query from this file (e.g. queries/who-strikes-whom.rq).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json"]),
    default="table",
    show_default=True,
    help="table for reading; csv, tsv, json (SPARQL 1.1 results) for tools.",
)
@_ENGINE
@click.option(
    "--max-rows", type=click.IntRange(1), default=None, help="Fail rather than print more rows."
)
def query(
    graph: Path,
    sparql: str | None,
    query_file: Path | None,
    fmt: str,
    engine: str,
    max_rows: int | None,
) -> None:
    """Run a SPARQL query on GRAPH and print the answer.

    GRAPH is the output folder of geokg build, whose Oxigraph store (OUT/store/)
    opens in milliseconds whatever its size, or an RDF file (graph.ttl), parsed first.

    The query is SPARQL (the second argument, or -f FILE); the prefixes geokg:,
    ent:, doc:, stmt:, rdf:, rdfs:, xsd:, owl:, skos:, prov: and dcterms: need
    no PREFIX line. A CONSTRUCT or DESCRIBE prints Turtle (table), N-Triples
    (csv, tsv) or JSON-LD (json).

    \b
    Example:
        geokg query out 'SELECT ?s ?o WHERE { ?s geokg:strikes ?o }'
        geokg query out -f queries/top-actors-by-degree.rq --format csv
        geokg query out/graph.ttl -f queries/who-strikes-whom.rq
    """
    from geokg.sparql import load

    if (sparql is None) == (query_file is None):
        raise click.UsageError("give the query either as an argument or with -f FILE (one of them)")
    text = query_file.read_text(encoding="utf-8") if query_file else str(sparql)
    try:
        store = load(graph, engine=engine)
        try:
            result = store.query(text, max_rows=max_rows)
        finally:
            store.close()
    except GeoKGError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(_render(result, fmt), nl=False)


def _render(result: QueryResult, fmt: str) -> str:
    if result.kind == "CONSTRUCT":
        if fmt == "json":
            return result.to_json() + "\n"
        if fmt == "table":
            return result.to_graph().serialize(format="turtle")
        return result.to_tsv()
    if fmt == "csv":
        return result.to_csv()
    if fmt == "tsv":
        return result.to_tsv()
    if fmt == "json":
        return result.to_json() + "\n"
    if result.kind == "ASK":
        return f"{str(bool(result.boolean)).lower()}\n"
    return _table(result)


def _short(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        for prefix, ns in PREFIXES.items():
            if str(term).startswith(ns) and len(str(term)) > len(ns):
                return f"{prefix}:{str(term)[len(ns) :]}"
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    text = " ".join(str(term).split())  # one line per row
    return text if len(text) <= _CELL else text[: _CELL - 1] + "…"


def _table(result: QueryResult) -> str:
    header = list(result.vars)
    rows = [[_short(t) for t in row] for row in result.rows]
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(header)]
    lines = [
        "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


@click.command()
@click.argument("graphs", nargs=-1, required=True, type=_GRAPH)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; anything but loopback exposes the graph to the network.",
)
@click.option(
    "--port",
    default=7878,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="TCP port (0: a free one, printed at start).",
)
@_ENGINE
@click.option(
    "--timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(0.1),
    help="Seconds a query may run before it is stopped.",
)
@click.option(
    "--max-rows",
    default=10_000,
    show_default=True,
    type=click.IntRange(1),
    help="Largest answer (rows or triples); larger ones are refused, not cut.",
)
@click.option(
    "--workers",
    default=DEFAULT_WORKERS,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Query worker processes: how many queries run at once (a slow one holds one).",
)
@click.option(
    "--token",
    envvar="GEOKG_TOKEN",
    default=None,
    metavar="TOKEN",
    help="Require 'Authorization: Bearer TOKEN' on every request (or set GEOKG_TOKEN, "
    "which keeps it out of the process list); for any --host but loopback.",
)
def serve(
    graphs: tuple[Path, ...],
    host: str,
    port: int,
    engine: str,
    timeout: float,
    max_rows: int,
    workers: int,
    token: str | None,
) -> None:
    """Serve GRAPHS as a read-only SPARQL 1.1 endpoint that answers concurrently.

    GRAPHS is the output folder of geokg build (its Oxigraph store is opened
    as it is, shared by the workers), or RDF files (graph.ttl), which each
    worker loads. The endpoint is http://HOST:PORT/sparql (SPARQL 1.1 Protocol:
    GET or POST; a browser gets the YASGUI editor with the queries/ examples).
    --workers queries run at once, each in its own process. Updates are refused,
    queries stop after --timeout seconds, answers over --max-rows are refused,
    SERVICE is disabled, requests over 64 kB are refused; with --token every
    request needs the bearer token. Stop it with Ctrl-C (or SIGTERM).

    \b
    Example:
        geokg serve out
        GEOKG_TOKEN=s3cret geokg serve out --host 0.0.0.0
        curl -H 'Accept: text/csv' http://127.0.0.1:7878/sparql \\
             --data-urlencode 'query=SELECT ?s ?o WHERE { ?s geokg:strikes ?o }'
    """
    from geokg.server import serve as run_server

    if token is not None and not token.strip():
        raise click.BadParameter("the token must not be empty", param_hint="--token")
    if not _is_loopback(host) and token is None:
        click.echo(
            f"geokg: warning: listening on {host} without --token: anyone who can reach it "
            "can query the graph",
            err=True,
        )

    def ready(url: str, pool) -> None:
        click.echo(
            f"SPARQL endpoint {url} ({pool.triples:,} triples, {pool.engine}, "
            f"{pool.size} workers; read-only, {timeout:g} s per query, "
            f"at most {max_rows:,} rows). Ctrl-C stops it."
        )

    try:
        run_server(
            list(graphs),
            host=host,
            port=port,
            engine=engine,
            timeout=timeout,
            max_rows=max_rows,
            token=token,
            workers=workers,
            on_ready=ready,
        )
    except GeoKGError as exc:
        raise click.ClickException(str(exc)) from exc


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
