"""Turtle for big graphs, written by Oxigraph: the triples of N-Triples, sorted.

rdflib's Turtle serializer spends minutes on a graph of a million triples
(PERF_NOTES.md: 35 s for 1.2 M, after building the rdflib graph). Here the
triples come from :func:`geokg.exports.ntriples.generate_ntriples` (the same
mapping as :func:`geokg.exports.turtle.to_rdf`, without an rdflib ``Graph``),
are sorted (so the same graph gives the same bytes, subjects grouped), and
pyoxigraph parses and writes them as Turtle with geokg's prefixes.

The file parses to the same graph as :func:`~geokg.exports.turtle.generate_turtle`'s;
the layout differs (Oxigraph groups a subject's triples, uses the prefixes,
and escapes literals on one line).
"""

from __future__ import annotations

import io
import os
from typing import IO

import networkx as nx
import pyoxigraph as ox

from geokg.exports._atomic import atomic_write
from geokg.exports.ntriples import iter_lines

__all__ = ["PREFIXES", "generate_turtle_fast", "write_turtle_fast"]

#: The prefixes the Turtle uses (those of geokg.exports.turtle, plus rdf and rdfs).
PREFIXES = {
    "geokg": "https://w3id.org/geokg/ontology#",
    "ent": "https://w3id.org/geokg/id/",
    "doc": "https://w3id.org/geokg/doc/",
    "stmt": "https://w3id.org/geokg/stmt/",
    "triple": "https://w3id.org/geokg/triple/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "geo": "http://www.opengis.net/ont/geosparql#",
    "sf": "http://www.opengis.net/ont/sf#",
    "wgs": "http://www.w3.org/2003/01/geo/wgs84_pos#",
}


def _serialize(G: nx.MultiDiGraph, out: IO[bytes]) -> None:
    lines = sorted(iter_lines(G))
    unique = [line for i, line in enumerate(lines) if i == 0 or line != lines[i - 1]]
    del lines
    data = ("\n".join(unique) + "\n").encode("utf-8") if unique else b""
    del unique
    triples = ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
    ox.serialize(triples, out, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def generate_turtle_fast(G: nx.MultiDiGraph) -> str:
    """The graph's RDF as Turtle, written by Oxigraph; the same graph gives the same text.

    Example:
        >>> import networkx as nx
        >>> G = nx.MultiDiGraph(documents=[])
        >>> G.add_node("USA", label="United States", type="Country")
        >>> "ent:USA a geokg:Country" in generate_turtle_fast(G)
        True
    """
    buf = io.BytesIO()
    _serialize(G, buf)
    return buf.getvalue().decode("utf-8")


def write_turtle_fast(G: nx.MultiDiGraph, path: str | os.PathLike[str]) -> None:
    """Write :func:`generate_turtle_fast` to ``path`` atomically (UTF-8)."""
    with atomic_write(path, "wb") as fh:
        _serialize(G, fh)
