"""geokg.exports: one module per format, each with ``generate_<fmt>`` and ``write_<fmt>``.

:data:`WRITERS` maps the CLI's ``--format`` names to the graph writers
(``write_<fmt>(G, path)``); JSON Lines is written from extractions, not a graph.
"""

from __future__ import annotations

from collections.abc import Callable
from os import PathLike
from types import MappingProxyType
from typing import Any

from geokg.exports._atomic import atomic_write
from geokg.exports.gexf import PALETTE, generate_gexf, gexf_ready, write_gexf
from geokg.exports.graphml import generate_graphml, graphml_ready, write_graphml
from geokg.exports.jsonl import generate_jsonl, jsonl_line, read_jsonl, write_jsonl
from geokg.exports.turtle import generate_turtle, iri_for, to_rdf, write_turtle

__all__ = [
    "PALETTE",
    "WRITERS",
    "atomic_write",
    "generate_gexf",
    "generate_graphml",
    "generate_jsonl",
    "generate_turtle",
    "gexf_ready",
    "graphml_ready",
    "iri_for",
    "jsonl_line",
    "read_jsonl",
    "to_rdf",
    "write_gexf",
    "write_graphml",
    "write_jsonl",
    "write_turtle",
]

WRITERS: MappingProxyType[str, Callable[[Any, str | PathLike[str]], None]] = MappingProxyType(
    {
        "turtle": write_turtle,
        "gexf": write_gexf,
        "graphml": write_graphml,
    }
)
