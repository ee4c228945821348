"""GEXF for Gephi and Gephi Lite: typed attributes, colour by entity type.

:func:`gexf_ready` makes a copy that networkx's GEXF writer turns into a file
every reader types correctly (see :mod:`geokg.exports._plain`). GEXF reserves
``start``/``end`` for time spells, so the sentence offsets of a relation are
written as ``sentence_start``/``sentence_end``; ``id``, ``pid``, ``label`` (on
edges) and ``type`` (on edges) are renamed the same way. Nodes get a ``viz``
colour from :data:`PALETTE` and a size that grows with the square root of
their degree. The ``lastmodifieddate`` stamp is left out so that the same graph
always gives the same bytes.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from types import MappingProxyType
from xml.etree.ElementTree import SubElement

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from geokg import __version__
from geokg.exports._atomic import atomic_write
from geokg.exports._plain import plain_copy

__all__ = ["PALETTE", "generate_gexf", "gexf_ready", "write_gexf"]

#: RGB colour of each entity type (colour-blind safe, Okabe-Ito).
PALETTE: MappingProxyType[str, tuple[int, int, int]] = MappingProxyType(
    {
        "Country": (0, 114, 178),
        "Person": (230, 159, 0),
        "Group": (213, 94, 0),
        "Organization": (0, 158, 115),
        "Location": (204, 121, 167),
    }
)
_OTHER_COLOUR = (153, 153, 153)

_NODE_RENAMES = MappingProxyType(
    {
        "start": "node_start",
        "end": "node_end",
        "id": "node_id",
        "pid": "node_pid",
        "spells": "node_spells",
        "slices": "node_slices",
        "parents": "node_parents",
    }
)
_EDGE_RENAMES = MappingProxyType(
    {
        "start": "sentence_start",
        "end": "sentence_end",
        "id": "edge_id",
        "label": "edge_label",
        "type": "edge_type",
        "key": "edge_key",
        "spells": "edge_spells",
        "slices": "edge_slices",
    }
)


def gexf_ready(G: nx.Graph) -> nx.Graph:
    """A sorted copy of ``G`` that :func:`networkx.write_gexf` writes with no mistyped value.

    No ``None``, sequences joined by ``";"``, one type per attribute, reserved
    attribute names renamed, a ``viz`` colour and size per node. In a
    multigraph the edge key becomes the GEXF edge id.

    Example:
        >>> G = nx.DiGraph()
        >>> G.add_node("USA", label="United States", type="Country", mentions=("US", "USA"))
        >>> H = gexf_ready(G)
        >>> H.nodes["USA"]["mentions"], H.nodes["USA"]["viz"]["color"]["b"]
        ('US;USA', 178)
    """
    H = plain_copy(G, node_renames=_NODE_RENAMES, edge_renames=_EDGE_RENAMES)
    for node, data in H.nodes(data=True):
        r, g, b = PALETTE.get(str(data.get("type")), _OTHER_COLOUR)
        size = round(5.0 + 5.0 * math.sqrt(H.degree(node)), 3)
        data["viz"] = {"color": {"r": r, "g": g, "b": b, "a": 1.0}, "size": size}
    if H.is_multigraph():
        for _, _, key, data in H.edges(keys=True, data=True):
            data["id"] = key
    return H


def _document(G: nx.Graph, *, prettyprint: bool) -> str:
    writer = GEXFWriter(encoding="utf-8", prettyprint=prettyprint)
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.attrib.pop("lastmodifieddate", None)
        for child in list(meta):
            meta.remove(child)
        SubElement(meta, "creator").text = f"geokg {__version__}"
    writer.add_graph(gexf_ready(G))
    return "<?xml version='1.0' encoding='utf-8'?>\n" + str(writer)


def generate_gexf(G: nx.Graph, *, prettyprint: bool = True) -> Iterator[str]:
    """Yield the lines of the GEXF document of :func:`gexf_ready` ``(G)``.

    Example:
        >>> G = nx.DiGraph()
        >>> G.add_edge("A", "B", predicates="warns", weight=2)
        >>> any('weight="2"' in line for line in generate_gexf(G))
        True
    """
    yield from _document(G, prettyprint=prettyprint).splitlines()


def write_gexf(G: nx.Graph, path: str | os.PathLike[str], *, prettyprint: bool = True) -> None:
    """Write the GEXF of ``G`` to ``path`` atomically (UTF-8).

    The CLI passes :func:`geokg.graph.collapse` ``(G)``: Gephi wants one
    weighted edge per pair. A multigraph is written too, with parallel edges.
    """
    text = _document(G, prettyprint=prettyprint)
    with atomic_write(path, "w", encoding="utf-8") as fh:
        fh.write(text)
        if not text.endswith("\n"):
            fh.write("\n")
