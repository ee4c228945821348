"""GraphML for yEd, Cytoscape, igraph and networkx itself.

The copy written is that of :func:`graphml_ready`: no ``None``, sequences
``";"``-joined, one type per attribute, graph-level ``doc_meta`` as JSON, and
nodes and edges sorted so the same graph gives the same bytes. A multigraph
keeps its edge keys as GraphML edge ids.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import networkx as nx
from networkx.readwrite.graphml import GraphMLWriter

from geokg.exports._atomic import atomic_write
from geokg.exports._plain import plain_copy

__all__ = ["generate_graphml", "graphml_ready", "write_graphml"]


def graphml_ready(G: nx.Graph) -> nx.Graph:
    """A sorted copy of ``G`` whose attributes networkx's GraphML writer accepts.

    Example:
        >>> G = nx.MultiDiGraph(documents=["d1", "d2"])
        >>> G.add_node("A", mentions=("a", "A"), iso3=None)
        >>> H = graphml_ready(G)
        >>> H.graph["documents"], H.nodes["A"]
        ('d1;d2', {'mentions': 'a;A'})
    """
    return plain_copy(G)


def generate_graphml(G: nx.Graph) -> Iterator[str]:
    """Yield the lines of the GraphML document of :func:`graphml_ready` ``(G)``.

    Example:
        >>> G = nx.DiGraph()
        >>> G.add_edge("A", "B", weight=2)
        >>> any("<edge" in line for line in generate_graphml(G))
        True
    """
    writer = GraphMLWriter(encoding="utf-8", prettyprint=True)
    writer.add_graph_element(graphml_ready(G))
    # A value's "\r" is written raw in element text, where XML readers turn it
    # into "\n"; as a character reference it survives. (nx.generate_graphml
    # also splits lines at "\r", so its lines do not join back to the file.)
    yield "<?xml version='1.0' encoding='utf-8'?>"
    yield from str(writer).replace("\r", "&#13;").removesuffix("\n").split("\n")


def write_graphml(G: nx.Graph, path: str | os.PathLike[str]) -> None:
    """Write the GraphML of ``G`` (a multigraph is fine) to ``path`` atomically."""
    text = "\n".join(generate_graphml(G)) + "\n"
    with atomic_write(path, "w", encoding="utf-8") as fh:
        fh.write(text)
