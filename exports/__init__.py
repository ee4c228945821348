"""geokg.exports: one module per format, each with ``generate_<fmt>`` and ``write_<fmt>``.

:data:`WRITERS` maps the CLI's ``--format`` names to the graph writers
(``write_<fmt>(G, path)``); JSON Lines is written from extractions, not a graph.
:mod:`geokg.exports.ontology` ships the ontology and SHACL shapes of the RDF.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from os import PathLike
from types import MappingProxyType
from typing import Any

from geokg.exports._atomic import atomic_write
from geokg.exports.events_csv import generate_events_csv, write_events_csv
from geokg.exports.events_parquet import generate_events_parquet, write_events_parquet
from geokg.exports.gexf import PALETTE, generate_gexf, gexf_ready, write_gexf
from geokg.exports.graphml import generate_graphml, graphml_ready, write_graphml
from geokg.exports.jsonl import generate_jsonl, jsonl_line, read_jsonl, write_jsonl
from geokg.exports.ntriples import generate_ntriples, write_ntriples
from geokg.exports.ontology import (
    Validation,
    country_links,
    generate_ontology,
    load_ontology,
    load_shapes,
    validate,
    write_ontology,
)
from geokg.exports.turtle import generate_turtle, iri_for, to_rdf, write_turtle
from geokg.exports.turtle_fast import generate_turtle_fast, write_turtle_fast

__all__ = [
    "PALETTE",
    "WRITERS",
    "Validation",
    "atomic_write",
    "country_links",
    "generate_events_csv",
    "generate_events_parquet",
    "generate_gexf",
    "generate_graphml",
    "generate_jsonl",
    "generate_ntriples",
    "generate_ontology",
    "generate_turtle",
    "generate_turtle_fast",
    "gexf_ready",
    "graphml_ready",
    "iri_for",
    "jsonl_line",
    "load_ontology",
    "load_shapes",
    "read_jsonl",
    "to_rdf",
    "validate",
    "write_events_csv",
    "write_events_parquet",
    "write_gexf",
    "write_graphml",
    "write_jsonl",
    "write_ntriples",
    "write_ontology",
    "write_turtle",
    "write_turtle_fast",
]

WRITERS: MappingProxyType[str, Callable[[Any, str | PathLike[str]], None]] = MappingProxyType(
    {
        "turtle": write_turtle,
        # big graphs: the same RDF without rdflib (streamed N-Triples; Turtle by Oxigraph)
        "ntriples": write_ntriples,
        "turtle-fast": write_turtle_fast,
        "gexf": write_gexf,
        "gexf-dynamic": partial(write_gexf, dynamic=True),
        "graphml": write_graphml,
        # the event table (one row per event relation, POLECAT's column names)
        "events-csv": write_events_csv,
        "events-parquet": write_events_parquet,
    }
)
