"""``graph.json``: the multigraph saved without loss, the file :func:`geokg.load` reads.

GraphML and GEXF flatten sequences to ``";"``-joined strings for XML; this
file keeps every attribute as it is: one JSON object with ``graph`` (graph
attributes), ``nodes`` (``{"id": ..., **attributes}``) and ``edges``
(``{"source", "target", "key", **attributes}``) in the graph's order. Tuples
are written as JSON arrays and read back as tuples (the graph of
:func:`geokg.graph.build_graph` holds tuples, never lists, on nodes and edges).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any

import networkx as nx

from geokg import __version__
from geokg.errors import ExportError, InputError
from geokg.exports._atomic import atomic_write

__all__ = [
    "FORMAT",
    "generate_graph_json",
    "read_graph_json",
    "read_graph_json_text",
    "write_graph_json",
]

#: The ``format`` field of the file, and the version this code reads and writes.
FORMAT = ("geokg-graph", 1)
_RESERVED_NODE = frozenset({"id"})
_RESERVED_EDGE = frozenset({"source", "target", "key"})


def generate_graph_json(G: nx.MultiDiGraph) -> str:
    """The JSON text of ``G`` (sorted keys, so the same graph gives the same text).

    Raises:
        ExportError: ``G`` is not a MultiDiGraph, a node or edge attribute is
            named like a field of the file (``id``; ``source``, ``target``,
            ``key``), or a value has no JSON form.

    Example:
        >>> G = nx.MultiDiGraph(documents=["d"])
        >>> G.add_node("A", mentions=("a", "A"))
        >>> text = generate_graph_json(G)
        >>> read_graph_json_text(text).nodes["A"]["mentions"]
        ('a', 'A')
    """
    if not isinstance(G, nx.MultiDiGraph):
        raise ExportError(f"graph.json holds a MultiDiGraph, got a {type(G).__name__}")
    nodes = []
    for node, data in G.nodes(data=True):
        _check_names(data, _RESERVED_NODE, f"node {node!r}")
        nodes.append({"id": node, **data})
    edges = []
    for u, v, key, data in G.edges(keys=True, data=True):
        _check_names(data, _RESERVED_EDGE, f"edge {u!r} -> {v!r}")
        edges.append({"source": u, "target": v, "key": key, **data})
    doc = {
        "format": FORMAT[0],
        "version": FORMAT[1],
        "generator": f"geokg {__version__}",
        "graph": dict(G.graph),
        "nodes": nodes,
        "edges": edges,
    }
    try:
        return json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=1, allow_nan=False) + "\n"
    except (TypeError, ValueError) as exc:
        raise ExportError(f"the graph cannot be written as JSON: {exc}") from exc


def write_graph_json(G: nx.MultiDiGraph, path: str | os.PathLike[str]) -> None:
    """Write :func:`generate_graph_json` to ``path`` atomically (UTF-8)."""
    text = generate_graph_json(G)
    with atomic_write(path, "w", encoding="utf-8") as fh:
        fh.write(text)


def read_graph_json(path: str | os.PathLike[str]) -> nx.MultiDiGraph:
    """Read a file written by :func:`write_graph_json`.

    Raises:
        InputError: the file cannot be read, is not JSON, or is not a geokg
            graph of a version this code reads.
    """
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(os.fspath(path), f"cannot read the graph: {exc}") from exc
    try:
        return read_graph_json_text(text)
    except InputError as exc:
        raise InputError(os.fspath(path), exc.reason) from exc


def read_graph_json_text(text: str) -> nx.MultiDiGraph:
    """The graph of a :func:`generate_graph_json` text.

    Raises:
        InputError: not JSON, or not a geokg graph of a version this code reads.
    """
    try:
        doc = json.loads(text)
    except ValueError as exc:
        raise InputError("graph.json", f"not JSON ({exc})") from exc
    if not isinstance(doc, Mapping) or doc.get("format") != FORMAT[0]:
        raise InputError(
            "graph.json",
            f'not a geokg graph (expected "format": "{FORMAT[0]}"); '
            "write one with KnowledgeGraph.save() or `geokg build`",
        )
    if doc.get("version") != FORMAT[1]:
        raise InputError(
            "graph.json",
            f"version {doc.get('version')!r} of the file; this geokg reads version {FORMAT[1]}",
        )
    G = nx.MultiDiGraph()
    try:
        G.graph.update(doc.get("graph", {}))
        for rec in doc["nodes"]:
            attrs = {k: _tuples(v) for k, v in rec.items() if k != "id"}
            G.add_node(rec["id"], **attrs)
        for rec in doc["edges"]:
            attrs = {k: _tuples(v) for k, v in rec.items() if k not in _RESERVED_EDGE}
            G.add_edge(rec["source"], rec["target"], key=rec["key"], **attrs)
    except (KeyError, TypeError, AttributeError) as exc:
        raise InputError("graph.json", f"a node or edge record is malformed ({exc!r})") from exc
    return G


def _tuples(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    return value


def _check_names(data: Mapping[str, Any], reserved: frozenset[str], what: str) -> None:
    clash = sorted(reserved & set(data))
    if clash:
        raise ExportError(
            f"{what} has attribute(s) {clash}, which graph.json reserves; rename them"
        )
