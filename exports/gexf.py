"""GEXF for Gephi and Gephi Lite: typed attributes, colour by entity type, time.

Two views of a :func:`geokg.graph.build_graph` multigraph:

* ``dynamic=True`` (``graph.gexf``): one edge per (subject, predicate, object)
  of :func:`geokg.graph.aggregate` (factual relations only) with ``predicate``
  (also the edge label and ``kind``, so Gephi keeps parallel edges of different
  predicates apart), ``plover``, ``cameo``, ``weight`` (number of relations)
  and ``n_docs``. Time: each edge has a spell per date of the documents that
  state it and each node an interval from its first to its last date, so
  Gephi's timeline plays the graph over time; ``first_date``/``last_date``
  (and ``dates`` on edges) are ordinary attributes too, for readers without a
  timeline (Gephi Lite).
* the collapsed view (``graph-collapsed.gexf``, :func:`geokg.graph.collapse`):
  one weighted edge per (subject, object), for the overview.

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
from urllib.parse import quote
from xml.etree.ElementTree import SubElement

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from geokg import __version__
from geokg.errors import ExportError
from geokg.exports._atomic import atomic_write
from geokg.exports._plain import plain_copy
from geokg.graph.aggregate import aggregate, iso_date

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


def gexf_ready(G: nx.Graph, *, dynamic: bool = False) -> nx.Graph:
    """A sorted copy of ``G`` that :func:`networkx.write_gexf` writes with no mistyped value.

    No ``None``, sequences joined by ``";"``, one type per attribute, reserved
    attribute names renamed, a ``viz`` colour and size per node. In a
    multigraph the edge key becomes the GEXF edge id. With ``dynamic``, ``G``
    must be the multigraph of :func:`geokg.graph.build_graph`: the copy is
    its :func:`geokg.graph.aggregate` view with GEXF time (node ``start``/``end``,
    edge ``spells``) from the ISO dates of the documents.

    Raises:
        ExportError: ``dynamic`` and ``G`` is not a multigraph.

    Example:
        >>> G = nx.DiGraph()
        >>> G.add_node("USA", label="United States", type="Country", mentions=("US", "USA"))
        >>> H = gexf_ready(G)
        >>> H.nodes["USA"]["mentions"], H.nodes["USA"]["viz"]["color"]["b"]
        ('US;USA', 178)
    """
    if dynamic:
        if not G.is_multigraph():
            raise ExportError(
                f"a dynamic GEXF needs the MultiDiGraph of build_graph(), got a {type(G).__name__}"
            )
        G = aggregate(G)
    H = plain_copy(G, node_renames=_NODE_RENAMES, edge_renames=_EDGE_RENAMES)
    if dynamic:
        _add_time(H)
    for node, data in H.nodes(data=True):
        r, g, b = PALETTE.get(str(data.get("type")), _OTHER_COLOUR)
        size = round(5.0 + 5.0 * math.sqrt(H.degree(node)), 3)
        data["viz"] = {"color": {"r": r, "g": g, "b": b, "a": 1.0}, "size": size}
    if H.is_multigraph():
        for u, v, key, data in H.edges(keys=True, data=True):
            # Aggregate edges are keyed by predicate: the id names the whole triple.
            data["id"] = "/".join(quote(str(x), safe="") for x in (u, key, v)) if dynamic else key
    return H


def _add_time(H: nx.Graph) -> None:
    """GEXF time of the aggregate view: node intervals, a spell per edge date."""
    timed = False
    for _, data in H.nodes(data=True):
        first, last = iso_date(data.get("first_date")), iso_date(data.get("last_date"))
        if first and last:
            data["start"], data["end"] = first, last
            timed = True
    # Without any date there is no timeline: a static graph, so Gephi asks no time format.
    H.graph["mode"] = "dynamic" if timed else "static"
    for _, _, data in H.edges(data=True):
        dates = sorted(
            {d for part in str(data.get("dates", "")).split(";") if (d := iso_date(part))}
        )
        if dates:
            data["spells"] = [(d, d) for d in dates]
        data["label"] = data.get("predicate", "")


def _document(G: nx.Graph, *, prettyprint: bool, dynamic: bool) -> str:
    writer = GEXFWriter(encoding="utf-8", prettyprint=prettyprint)
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.attrib.pop("lastmodifieddate", None)
        for child in list(meta):
            meta.remove(child)
        SubElement(meta, "creator").text = f"geokg {__version__}"
        if dynamic:
            SubElement(meta, "description").text = (
                "geokg dynamic graph: one edge per (subject, predicate, object), "
                "a spell per document date"
            )
    writer.add_graph(gexf_ready(G, dynamic=dynamic))
    if dynamic:
        # Gephi keeps parallel edges apart by kind (GEXF 1.3); Gephi Lite reads it as an attribute.
        for edge in writer.graph_element.iter("edge"):
            if edge.get("label"):
                edge.set("kind", edge.get("label", ""))
    return "<?xml version='1.0' encoding='utf-8'?>\n" + str(writer)


def generate_gexf(G: nx.Graph, *, dynamic: bool = False, prettyprint: bool = True) -> Iterator[str]:
    """Yield the lines of the GEXF document of :func:`gexf_ready` ``(G, dynamic=dynamic)``.

    Example:
        >>> G = nx.DiGraph()
        >>> G.add_edge("A", "B", predicates="warns", weight=2)
        >>> any('weight="2"' in line for line in generate_gexf(G))
        True
    """
    yield from _document(G, prettyprint=prettyprint, dynamic=dynamic).splitlines()


def write_gexf(
    G: nx.Graph,
    path: str | os.PathLike[str],
    *,
    dynamic: bool = False,
    prettyprint: bool = True,
) -> None:
    """Write the GEXF of ``G`` to ``path`` atomically (UTF-8).

    ``geokg build`` writes ``write_gexf(G, "graph.gexf", dynamic=True)`` for the
    timeline and ``write_gexf(collapse(G), "graph-collapsed.gexf")`` for the
    overview (one weighted edge per pair). A multigraph without ``dynamic`` is
    written as it is, with parallel edges.

    Example:
        >>> import tempfile, pathlib
        >>> from geokg.graph import build_graph
        >>> from geokg.model import Entity, Extraction, Relation
        >>> ents = (Entity("A", "A", "Country"), Entity("B", "B", "Country"))
        >>> ext = Extraction("d", ents, (Relation("A", "warns", "B", "s", 0, 1),),
        ...                  meta={"date": "2020-01-05"})
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     write_gexf(build_graph([ext]), pathlib.Path(tmp) / "g.gexf", dynamic=True)
        ...     text = (pathlib.Path(tmp) / "g.gexf").read_text()
        >>> 'mode="dynamic"' in text and '<spell start="2020-01-05" end="2020-01-05"' in text
        True
    """
    text = _document(G, prettyprint=prettyprint, dynamic=dynamic)
    with atomic_write(path, "w", encoding="utf-8") as fh:
        fh.write(text)
        if not text.endswith("\n"):
            fh.write("\n")
