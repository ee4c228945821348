"""Make a graph's attributes fit XML graph formats (GEXF, GraphML).

networkx's GEXF and GraphML writers raise on ``None`` and on lists, GEXF reads
a list as time-dynamic data, and both write a value whose type differs from
the first one seen for that attribute under the wrong declared type. So:
``None`` is dropped, sequences are ``";"``-joined, dicts become sorted JSON,
each attribute gets one type across all nodes (or all edges), characters that
XML 1.0 cannot hold are removed, and nodes and edges are sorted.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from geokg.errors import ExportError

__all__ = ["plain_copy", "xml_text"]

# XML 1.0 allows tab, LF, CR and U+0020 upward, minus surrogates and U+FFFE/U+FFFF;
# nothing else can be written, not even as a character reference.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: str) -> str:
    """``value`` without the characters XML 1.0 cannot represent."""
    return _NOT_XML.sub("", value)


def _scalar(value: Any) -> bool | int | float | str | None:
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, Mapping):
        return xml_text(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str))
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return xml_text(";".join(str(v) for v in items if v is not None))
    return xml_text(str(value))


def _plain_attrs(data: Mapping[str, Any], renames: Mapping[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        value = _scalar(value)
        if value is not None:
            out[renames.get(key, xml_text(str(key)))] = value
    return out


def _unify(records: Iterable[dict[str, Any]]) -> None:
    """Give every attribute one type across records: bool, int, float, else str."""
    records = list(records)
    kinds: dict[str, set[type]] = {}
    for rec in records:
        for key, value in rec.items():
            kinds.setdefault(key, set()).add(type(value))
    for key, types in kinds.items():
        if len(types) == 1:
            continue
        cast = float if types <= {int, float} else str
        for rec in records:
            if key in rec:
                rec[key] = cast(rec[key])


def plain_copy(
    G: nx.Graph,
    *,
    node_renames: Mapping[str, str] | None = None,
    edge_renames: Mapping[str, str] | None = None,
) -> nx.Graph:
    """A sorted copy of ``G`` (same class) whose attributes XML writers accept.

    Node ids become strings (without XML-illegal characters); graph-level
    attributes are made scalar too. ``node_renames``/``edge_renames`` rename
    attribute keys that the target format reserves.

    Raises:
        ExportError: two node ids become equal once cleaned.
    """
    node_renames, edge_renames = node_renames or {}, edge_renames or {}
    H = G.__class__()
    H.graph.update(_plain_attrs(G.graph, {}))
    ids: dict[Any, str] = {}
    for node in G.nodes:
        ids[node] = xml_text(str(node))
    if len(set(ids.values())) != len(ids):
        raise ExportError(
            "two node ids are equal once characters XML cannot hold are removed; "
            "rename them before exporting"
        )
    nodes = sorted((ids[n], _plain_attrs(d, node_renames)) for n, d in G.nodes(data=True))
    _unify(d for _, d in nodes)
    H.add_nodes_from(nodes)
    if G.is_multigraph():
        edges = sorted(
            (
                (ids[u], ids[v], xml_text(str(k)), _plain_attrs(d, edge_renames))
                for u, v, k, d in G.edges(keys=True, data=True)
            ),
            key=lambda e: e[:3],
        )
        _unify(e[3] for e in edges)
        H.add_edges_from(edges)
    else:
        plain = sorted(
            ((ids[u], ids[v], _plain_attrs(d, edge_renames)) for u, v, d in G.edges(data=True)),
            key=lambda e: e[:2],
        )
        _unify(e[2] for e in plain)
        H.add_edges_from(plain)
    return H
