"""The pandas tables of a graph: one row per entity, one row per relation.

What :meth:`geokg.KnowledgeGraph.entities` and
:meth:`~geokg.KnowledgeGraph.relations` return, for any multigraph of
:func:`geokg.graph.build_graph`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import networkx as nx

from geokg.vocab import EVENT_PREDICATES

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ENTITY_COLUMNS", "RELATION_COLUMNS", "entity_table", "relation_table"]

ENTITY_COLUMNS = (
    "label",
    "type",
    "iso3",
    "country",
    "country_label",
    "mentions",
    "roles",
    "n_docs",
    "events",
    "degree",
    "out_degree",
    "in_degree",
)
RELATION_COLUMNS = (
    "subject",
    "subject_label",
    "predicate",
    "object",
    "object_label",
    "negated",
    "hypothetical",
    "attributed_to",
    "confidence",
    "sentence",
    "doc_id",
    "title",
    "date",
    "url",
    "start",
    "end",
    "cue",
    "role",
    "derived",
    "plover",
)


def entity_table(G: nx.MultiDiGraph) -> pd.DataFrame:
    """One row per node, indexed by id (sorted): see :meth:`geokg.KnowledgeGraph.entities`.

    Example:
        >>> G = nx.MultiDiGraph()
        >>> G.add_node("RUS", label="Russia", type="Country", mentions=("Moscow",))
        >>> entity_table(G).loc["RUS", "mentions"]
        ('Moscow',)
    """
    import pandas as pd

    events: Counter[Any] = Counter()
    for u, v, d in G.edges(data=True):
        if d.get("predicate") in EVENT_PREDICATES:
            events[u] += 1
            events[v] += u != v
    rows = []
    for node in sorted(G.nodes, key=str):
        d = G.nodes[node]
        country = d.get("country")
        rows.append(
            {
                "id": node,
                "label": d.get("label", node),
                "type": d.get("type"),
                "iso3": d.get("iso3"),
                "country": country,
                "country_label": G.nodes[country].get("label", country)
                if country in G
                else country,
                "mentions": tuple(d.get("mentions", ())),
                "roles": tuple(d.get("roles", ())),
                "n_docs": int(d.get("n_docs", 0)),
                "events": events[node],
                "degree": G.degree(node),
                "out_degree": G.out_degree(node),
                "in_degree": G.in_degree(node),
            }
        )
    frame = pd.DataFrame(rows, columns=["id", *ENTITY_COLUMNS])
    return frame.set_index("id")


def relation_table(G: nx.MultiDiGraph, *, include_hedged: bool = True) -> pd.DataFrame:
    """One row per edge, indexed by key, in graph order: see :meth:`geokg.KnowledgeGraph.relations`.

    Example:
        >>> G = nx.MultiDiGraph()
        >>> _ = G.add_edge("A", "B", key="d#0", predicate="warns", hypothetical=True)
        >>> len(relation_table(G)), len(relation_table(G, include_hedged=False))
        (1, 0)
    """
    import pandas as pd

    meta: Mapping[str, Mapping[str, str]] = G.graph.get("doc_meta", {})
    rows = []
    for u, v, key, d in G.edges(keys=True, data=True):
        if not include_hedged and _is_hedged(d):
            continue
        doc = meta.get(d.get("doc_id"), {})
        rows.append(
            {
                "key": key,
                "subject": u,
                "subject_label": G.nodes[u].get("label", u),
                "predicate": d.get("predicate"),
                "object": v,
                "object_label": G.nodes[v].get("label", v),
                "negated": bool(d.get("negated")),
                "hypothetical": bool(d.get("hypothetical")),
                "attributed_to": d.get("attributed_to"),
                "confidence": d.get("confidence"),
                "sentence": d.get("sentence"),
                "doc_id": d.get("doc_id"),
                "title": doc.get("title"),
                "date": d.get("date"),
                "url": doc.get("url"),
                "start": d.get("start"),
                "end": d.get("end"),
                "cue": d.get("cue"),
                "role": d.get("role"),
                "derived": bool(d.get("derived")),
                "plover": d.get("plover"),
            }
        )
    frame = pd.DataFrame(rows, columns=["key", *RELATION_COLUMNS])
    frame = frame.astype({"start": "Int64", "end": "Int64", "confidence": "Float64"})
    return frame.set_index("key")


def _is_hedged(data: Mapping[str, Any]) -> bool:
    return bool(data.get("negated")) or bool(data.get("hypothetical"))
