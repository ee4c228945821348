"""One SPARQL request answered as the bytes of an HTTP response, inside a query worker.

:func:`answer` checks the query (no ``SERVICE``: the endpoint never reaches
the network), runs it on a :class:`geokg.sparql.Store` (Oxigraph or rdflib),
refuses an answer over the row cap, and serializes it in the format the
client accepts (SPARQL 1.1 results as JSON, XML, CSV or TSV; Turtle,
N-Triples, JSON-LD, RDF/XML, N-Quads or TriG for CONSTRUCT and DESCRIBE).

With Oxigraph the answer never becomes Python objects: Oxigraph writes it
as TSV (one line per row, so counting rows is counting lines), and, when the
client wants another format, reads that TSV back and writes the format, all
in Rust. For a query of 30,000 rows that is a few tens of milliseconds, where
turning rows into rdflib terms and serializing them with rdflib took seconds.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from geokg.sparql import QueryError, Store

__all__ = ["Answer", "answer", "refuse_service"]

# (media type, pyoxigraph QueryResultsFormat name), in order of preference for "*/*".
_RESULT_TYPES = {
    "application/sparql-results+json": "JSON",
    "application/json": "JSON",
    "application/sparql-results+xml": "XML",
    "application/xml": "XML",
    "text/xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
}
_GRAPH_TYPES = {
    "text/turtle": "TURTLE",
    "application/x-turtle": "TURTLE",
    "application/n-triples": "N_TRIPLES",
    "text/plain": "N_TRIPLES",
    "application/ld+json": "JSON_LD",
    "application/json": "JSON_LD",
    "application/rdf+xml": "RDF_XML",
    "application/xml": "RDF_XML",
    "application/n-quads": "N_QUADS",
    "application/trig": "TRIG",
}
_UPDATE = re.compile(
    r"(?is)^\s*(?:(?:PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*"
    r"(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b"
)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


@dataclass(frozen=True)
class Answer:
    """An HTTP response: status, media type and body."""

    status: int
    media_type: str
    body: bytes

    @classmethod
    def error(cls, status: int, message: str) -> Answer:
        import json

        return cls(status, "application/json", json.dumps({"message": message}).encode("utf-8"))


def _accepted(accept: str | None) -> list[str]:
    """The media types of an Accept header, best first (by q, then by order)."""
    ranked = []
    for i, part in enumerate((accept or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0:
            ranked.append((-q, i, fields[0].lower()))
    return [media for _, _, media in sorted(ranked)]


def _choose(accept: str | None, table: Mapping[str, str], default: str) -> str:
    for media in _accepted(accept):
        if media in table:
            return media
        if media == "*/*":
            return default
        if media.endswith("/*"):
            match = next((m for m in table if m.startswith(media[:-1])), None)
            if match is not None:
                return match
    return default  # nothing acceptable: the default rather than 406, as rdflib-endpoint does


def refuse_service(sparql: str, prefixes: Mapping[str, str]) -> None:
    """Raise if the query holds a ``SERVICE`` clause (a federated query would fetch a URL).

    A query in which the word "service" cannot be read, even through SPARQL's
    ``\\u`` escapes, has none; any other is parsed (rdflib) and its algebra
    searched, so a mention in a string or an IRI is not refused.

    Raises:
        QueryError: the query has a SERVICE clause, or mentions "service" and
            cannot be parsed to check it.

    Example:
        >>> refuse_service("SELECT * WHERE { ?s ?p 'service' }", {})
        >>> refuse_service("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }", {})
        Traceback (most recent call last):
        ...
        geokg.sparql.QueryError: SERVICE (federated queries) is disabled on this endpoint
    """
    plain = _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), sparql)
    if "service" not in plain.lower():
        return
    from rdflib.plugins.sparql import prepareQuery

    try:
        parsed = prepareQuery(sparql, initNs=dict(prefixes))
    except Exception as exc:  # rdflib's parser raises its own classes
        raise QueryError(f"the query is not valid SPARQL: {exc}") from exc
    if _uses_service(parsed.algebra):
        raise QueryError("SERVICE (federated queries) is disabled on this endpoint")


def _uses_service(node: Any) -> bool:
    """True when a parsed query (rdflib algebra) contains a SERVICE clause."""
    if getattr(node, "name", None) == "ServiceGraphPattern":
        return True
    if isinstance(node, Mapping):
        return any(_uses_service(v) for v in node.values())
    if isinstance(node, list | tuple):
        return any(_uses_service(v) for v in node)
    return False


def answer(
    store: Store,
    sparql: str,
    *,
    prefixes: Mapping[str, str],
    max_rows: int | None,
    accept: str | None,
) -> Answer:
    """Run a query and return the HTTP response: the answer, or 400 with the reason.

    Example:
        >>> from rdflib import Graph, URIRef
        >>> g = Graph().add((URIRef("urn:a"), URIRef("urn:p"), URIRef("urn:b")))
        >>> store = Store.from_graph(g, engine="oxigraph")
        >>> reply = answer(store, "SELECT ?o WHERE { <urn:a> ?p ?o }", prefixes={},
        ...                max_rows=10, accept="text/csv")
        >>> reply.status, reply.media_type, reply.body
        (200, 'text/csv', b'o\\r\\nurn:b\\r\\n')
    """
    try:
        refuse_service(sparql, prefixes)
        if store.engine == "oxigraph":
            return _oxigraph(store, sparql, prefixes, max_rows, accept)
        return _rdflib(store, sparql, prefixes, max_rows, accept)
    except QueryError as exc:
        return Answer.error(400, str(exc))


def _not_a_query(sparql: str, exc: Exception) -> QueryError:
    update = _UPDATE.match(sparql)
    if update:
        return QueryError(
            f"{update.group(1).upper()} is SPARQL Update, and this endpoint is read-only. "
            "Expected a query: SELECT, ASK, CONSTRUCT or DESCRIBE"
        )
    return QueryError(f"the query is not valid SPARQL: {exc}")


def _too_many(max_rows: int) -> QueryError:
    return QueryError(
        f"the answer has more than {max_rows} rows; add a LIMIT (or raise the row limit)"
    )


def _oxigraph(
    store: Store, sparql: str, prefixes: Mapping[str, str], max_rows: int | None, accept: str | None
) -> Answer:
    import pyoxigraph as ox

    try:
        result = store._ox.query(sparql, prefixes=dict(prefixes), use_default_graph_as_union=True)
        if isinstance(result, ox.QueryBoolean):
            media = _choose(accept, _RESULT_TYPES, "application/sparql-results+json")
            fmt = getattr(ox.QueryResultsFormat, _RESULT_TYPES[media])
            return Answer(200, media, result.serialize(format=fmt))
        if isinstance(result, ox.QueryTriples):
            data = result.serialize(format=ox.RdfFormat.N_TRIPLES)
            return _graph(data, max_rows, accept)
        data = result.serialize(format=ox.QueryResultsFormat.TSV)
    except SyntaxError as exc:
        raise _not_a_query(sparql, exc) from exc
    except (OSError, ValueError, RuntimeError) as exc:
        raise QueryError(f"the query failed (oxigraph): {exc}") from exc
    return _rows(data, max_rows, accept)


def _rows(tsv: bytes, max_rows: int | None, accept: str | None) -> Answer:
    """SPARQL TSV results (one row per line, escapes inside terms) in the accepted format."""
    import pyoxigraph as ox

    if max_rows is not None and tsv.count(b"\n") - 1 > max_rows:
        raise _too_many(max_rows)
    media = _choose(accept, _RESULT_TYPES, "application/sparql-results+json")
    name = _RESULT_TYPES[media]
    if name == "TSV":
        return Answer(200, media, tsv)
    solutions = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
    return Answer(200, media, solutions.serialize(format=getattr(ox.QueryResultsFormat, name)))


def _graph(ntriples: bytes, max_rows: int | None, accept: str | None) -> Answer:
    """N-Triples (one triple per line) in the accepted RDF format."""
    import pyoxigraph as ox

    if max_rows is not None and ntriples.count(b"\n") > max_rows:
        raise _too_many(max_rows)
    media = _choose(accept, _GRAPH_TYPES, "text/turtle")
    name = _GRAPH_TYPES[media]
    if name == "N_TRIPLES":
        return Answer(200, media, ntriples)
    triples = ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
    from geokg.exports.turtle_fast import PREFIXES

    fmt = getattr(ox.RdfFormat, name)
    prefixes = PREFIXES if name in ("TURTLE", "TRIG", "RDF_XML") else None
    return Answer(200, media, ox.serialize(triples, format=fmt, prefixes=prefixes))


def _rdflib(
    store: Store, sparql: str, prefixes: Mapping[str, str], max_rows: int | None, accept: str | None
) -> Answer:
    import pyoxigraph as ox

    result = store.query(sparql, prefixes=prefixes, max_rows=max_rows)
    tsv = result.to_tsv().encode("utf-8")
    if result.kind == "CONSTRUCT":
        return _graph(tsv, max_rows, accept)
    if result.kind == "ASK":
        media = _choose(accept, _RESULT_TYPES, "application/sparql-results+json")
        # Oxigraph writes the boolean in each format: ask it the same question.
        same = ox.Store().query("ASK {}" if result.boolean else "ASK { FILTER(false) }")
        fmt = getattr(ox.QueryResultsFormat, _RESULT_TYPES[media])
        return Answer(200, media, same.serialize(format=fmt))
    return _rows(tsv, max_rows, accept)
