"""Counts that describe a graph: what the CLI prints after building one."""

from __future__ import annotations

from collections import Counter
from typing import Any

import networkx as nx

__all__ = ["summary"]


def summary(G: nx.Graph) -> dict[str, Any]:
    """Count the documents, nodes by type and edges by predicate of a graph.

    Works on the multigraph of :func:`geokg.graph.build_graph` (one edge per
    relation) and on its :func:`geokg.graph.collapse` view (counts come from the
    ``n_<predicate>`` attributes). Dicts are sorted by key.

    Returns:
        ``{"documents": int, "nodes": int, "edges": int, "relations": int,
        "hedged": int, "nodes_by_type": {type: n}, "edges_by_predicate":
        {predicate: n}}``; ``relations`` counts relations (equal to ``edges``
        on the multigraph); ``hedged`` counts negated or hypothetical ones
        (multigraph only; 0 on a collapsed graph without ``n_hedged``).

    Example:
        >>> G = nx.MultiDiGraph(documents=["d1"])
        >>> G.add_node("A", type="Country"); G.add_node("B", type="Person")
        >>> _ = G.add_edge("B", "A", predicate="affiliated_with")
        >>> summary(G)["edges_by_predicate"]
        {'affiliated_with': 1}
    """
    by_type = Counter(str(d.get("type", "unknown")) for _, d in G.nodes(data=True))
    by_predicate: Counter[str] = Counter()
    hedged = 0
    for _, _, d in G.edges(data=True):
        if "predicate" in d:
            by_predicate[str(d["predicate"])] += 1
            hedged += bool(d.get("negated")) or bool(d.get("hypothetical"))
        elif d.get("predicates"):
            for pred in str(d["predicates"]).split(";"):
                by_predicate[pred] += int(d.get(f"n_{pred}", 1))
            hedged += int(d.get("n_hedged", 0))
    return {
        "documents": len(G.graph.get("documents", ())),
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "relations": sum(by_predicate.values()),
        "hedged": hedged,
        "nodes_by_type": dict(sorted(by_type.items())),
        "edges_by_predicate": dict(sorted(by_predicate.items())),
    }
