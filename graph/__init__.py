"""geokg.graph: extractions -> networkx graphs, and counts over them."""

from __future__ import annotations

from geokg.graph.build import build_graph, collapse
from geokg.graph.stats import summary

__all__ = ["build_graph", "collapse", "summary"]
