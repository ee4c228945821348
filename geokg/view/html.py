"""The interactive view: one self-contained HTML page that works offline.

Every script and style is inlined (vis-network is vendored in
``geokg/view/static``): the page loads nothing from the network. It draws the
multigraph of :func:`geokg.graph.build_graph` with one edge per (subject,
object, predicate, hedged) group: nodes coloured by entity type and sized by
degree, edges labelled by predicate and dashed when negated or hypothetical,
the evidence sentences on hover, a search box for actors and filters by
predicate and type.

Once drawn, the page checks that each node's colour is on the canvas at the
node's position and records it in the DOM (``data-drawn`` on the actor list,
``#geokg-status``), so a headless browser can tell a drawn graph from a blank
page.
"""

from __future__ import annotations

import html
import json
import os
import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping
from functools import cache
from importlib import resources
from typing import Any

import networkx as nx

from geokg.errors import GeoKGError
from geokg.exports._atomic import atomic_write
from geokg.view.positions import layout, node_radius
from geokg.view.style import EDGE_KINDS, edge_kind, hex_colour, node_colour
from geokg.vocab import ENTITY_TYPES, PREDICATES

__all__ = ["generate_html", "view_data", "write_html"]

_MAX_TOOLTIP_SENTENCES = 3
_PLACEHOLDER = re.compile(r"/\*@(CSS|VIS|APP)@\*/|@(TITLE|DATA)@")
# Inside <script>, these would end the element or start an HTML comment.
_SCRIPT_BREAKERS = re.compile(r"</script|<!--|<script", re.IGNORECASE)


def view_data(
    G: nx.MultiDiGraph,
    *,
    pos: Mapping[Hashable, tuple[float, float]] | None = None,
    title: str = "geokg",
) -> dict[str, Any]:
    """The JSON payload the page draws: nodes, grouped edges, legend and counts.

    Args:
        G: the multigraph of :func:`geokg.graph.build_graph` (or a subgraph of it).
        pos: node positions in pixels (default :func:`geokg.view.positions.layout`).
        title: the page title.

    Raises:
        GeoKGError: ``G`` is not a multigraph.

    Example:
        >>> G = nx.MultiDiGraph(documents=["d"])
        >>> G.add_node("A", label="Atlantis", type="Country")
        >>> G.add_node("B", label="Bretonnia", type="Country")
        >>> _ = G.add_edge("A", "B", key="d#0", predicate="warns", sentence="A warns B.")
        >>> data = view_data(G)
        >>> [n["label"] for n in data["nodes"]], data["edges"][0]["predicate"]
        (['Atlantis', 'Bretonnia'], 'warns')
    """
    if not G.is_multigraph():
        raise GeoKGError(
            f"the view needs the MultiDiGraph of build_graph(), got a {type(G).__name__}; "
            "draw the graph before collapsing it"
        )
    pos = layout(G) if pos is None else pos
    labels = {n: str(d.get("label") or n) for n, d in G.nodes(data=True)}
    doc_meta: Mapping[str, Mapping[str, str]] = G.graph.get("doc_meta", {})
    nodes = [
        _node(G, n, d, pos, labels)
        for n, d in sorted(G.nodes(data=True), key=lambda nd: str(nd[0]))
    ]
    edges = _edges(G, labels, doc_meta)
    types = Counter(str(d.get("type", "unknown")) for _, d in G.nodes(data=True))
    predicates = Counter(e["predicate"] for e in edges for _ in e["relations"])
    return {
        "title": title,
        "documents": len(G.graph.get("documents", ())),
        "types": [
            {"name": t, "colour": hex_colour(node_colour(t)), "count": types[t]}
            for t in [*ENTITY_TYPES, *sorted(set(types) - set(ENTITY_TYPES))]
            if types[t]
        ],
        "predicates": [
            {"name": p, "count": predicates[p], "kind": edge_kind(p)}
            for p in [*PREDICATES, *sorted(set(predicates) - set(PREDICATES))]
            if predicates[p]
        ],
        "kinds": [{"name": k, "colour": c, "text": t} for k, (c, t) in EDGE_KINDS.items()],
        "nodes": nodes,
        "edges": edges,
    }


def generate_html(
    G: nx.MultiDiGraph,
    *,
    pos: Mapping[Hashable, tuple[float, float]] | None = None,
    title: str = "geokg",
) -> str:
    """The self-contained HTML page of ``G`` (see :func:`view_data` for the arguments).

    Example:
        >>> G = nx.MultiDiGraph(documents=[])
        >>> G.add_node("A", label="Atlantis", type="Country")
        >>> page = generate_html(G, title="A & B")
        >>> "<title>A &amp; B</title>" in page, "https://" in page.split("<script")[0]
        (True, False)
    """
    data = json.dumps(view_data(G, pos=pos, title=title), ensure_ascii=False, sort_keys=True)
    # JSON inside <script>: no "<" may open a tag or comment, and "&" stays literal.
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    parts = {
        "CSS": _static("view.css"),
        "VIS": _static("vis-network.min.js"),
        "APP": _static("view.js"),
        "TITLE": html.escape(title),
        "DATA": data,
    }
    return _PLACEHOLDER.sub(lambda m: parts[m.group(1) or m.group(2)], _static("page.html"))


def write_html(
    G: nx.MultiDiGraph,
    path: str | os.PathLike[str],
    *,
    pos: Mapping[Hashable, tuple[float, float]] | None = None,
    title: str = "geokg",
) -> None:
    """Write :func:`generate_html` to ``path`` atomically (UTF-8)."""
    text = generate_html(G, pos=pos, title=title)
    with atomic_write(path, "w", encoding="utf-8") as fh:
        fh.write(text)


@cache
def _static(name: str) -> str:
    text = resources.files("geokg.view").joinpath("static", name).read_text(encoding="utf-8")
    if name.endswith(".js") and _SCRIPT_BREAKERS.search(text):
        raise GeoKGError(
            f"static/{name} contains '</script', '<script' or '<!--'; it cannot be inlined"
        )
    return text


def _node(
    G: nx.MultiDiGraph,
    node: Hashable,
    data: Mapping[str, Any],
    pos: Mapping[Hashable, tuple[float, float]],
    labels: Mapping[Hashable, str],
) -> dict[str, Any]:
    rgb = node_colour(data.get("type"))
    degree = G.degree(node)
    x, y = pos[node]
    country = data.get("country")
    return {
        "id": str(node),
        "label": labels[node],
        "type": str(data.get("type", "unknown")),
        "colour": hex_colour(rgb),
        "border": hex_colour(rgb, darken=0.7),
        "size": node_radius(degree),
        "degree": degree,
        "x": x,
        "y": y,
        "mentions": [str(m) for m in data.get("mentions", ())],
        "roles": [str(r) for r in data.get("roles", ())],
        "country": labels.get(country, str(country)) if country else None,
        "iso3": data.get("iso3"),
        "n_docs": int(data.get("n_docs", 0)),
    }


def _relation(
    data: Mapping[str, Any], labels: Mapping[Hashable, str], doc_meta: Mapping[str, Any]
) -> dict[str, Any]:
    doc_id = data.get("doc_id")
    attributed = data.get("attributed_to")
    return {
        "sentence": data.get("sentence") or "",
        "doc_id": doc_id,
        "title": doc_meta.get(doc_id, {}).get("title"),
        "date": data.get("date"),
        "negated": bool(data.get("negated")),
        "hypothetical": bool(data.get("hypothetical")),
        "attributed_to": labels.get(attributed, attributed) if attributed else None,
        "confidence": data.get("confidence"),
        "cue": data.get("cue"),
        "role": data.get("role"),
        "derived": bool(data.get("derived")),
    }


def _edges(
    G: nx.MultiDiGraph, labels: Mapping[Hashable, str], doc_meta: Mapping[str, Any]
) -> list[dict[str, Any]]:
    groups: dict[tuple[str, str, str, bool], list[dict[str, Any]]] = defaultdict(list)
    for u, v, _, data in sorted(
        G.edges(keys=True, data=True), key=lambda e: tuple(map(str, e[:3]))
    ):
        predicate = str(data.get("predicate", "unknown"))
        hedged = bool(data.get("negated")) or bool(data.get("hypothetical"))
        groups[(str(u), str(v), predicate, hedged)].append(_relation(data, labels, doc_meta))
    # Parallel groups between the same two nodes bend to alternating sides,
    # measured from the pair's sorted orientation so u->v and v->u never coincide.
    rank: Counter[tuple[str, str]] = Counter()
    edges = []
    for i, ((u, v, predicate, hedged), relations) in enumerate(sorted(groups.items())):
        pair = (min(u, v), max(u, v))
        k = rank[pair]
        rank[pair] += 1
        side = 0 if k == 0 else (1 if k % 2 else -1) * ((k + 1) // 2)
        if (u, v) != pair:
            side = -side
        edges.append(
            {
                "id": f"e{i}",
                "from": u,
                "to": v,
                "predicate": predicate,
                "kind": edge_kind(predicate),
                "hedged": hedged,
                "bend": side,
                "relations": relations,
            }
        )
    return edges
