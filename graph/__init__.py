"""geokg.graph: extractions -> networkx graphs, and counts over them."""

from __future__ import annotations

from geokg.graph.aggregate import TripleSummary, aggregate, iso_date, summarize
from geokg.graph.build import build_graph, collapse
from geokg.graph.merge import canonical_ids, gazetteer_aliases, name_key
from geokg.graph.stats import summary

__all__ = [
    "TripleSummary",
    "aggregate",
    "build_graph",
    "canonical_ids",
    "collapse",
    "gazetteer_aliases",
    "iso_date",
    "name_key",
    "summarize",
    "summary",
]
