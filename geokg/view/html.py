"""The interactive view: one self-contained HTML page that works offline.

Every script and style is inlined (vis-network is vendored in
``geokg/view/static``): the page loads nothing from the network. It draws the
multigraph of :func:`geokg.graph.build_graph` with one edge per (subject,
object, predicate, hedged) group: nodes coloured by entity type and sized by
degree, edges labelled by predicate and dashed when negated or hypothetical,
the evidence sentences on hover, a search box for actors and filters by
predicate and type. A corpus opens on its event graph (:mod:`geokg.view.modes`:
the structural relations hidden, a checkbox shows them) and a checkbox
switches to the dyad view, where persons are drawn as their countries.

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
from geokg.view.modes import dyad_map, event_nodes, is_event, layout_graph, resolve_mode
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
    mode: str = "auto",
) -> dict[str, Any]:
    """The JSON payload the page draws: nodes, grouped edges, legend and counts.

    Each node and edge says in which ``views`` it is drawn: ``"actor"`` (each
    actor itself) and ``"dyad"`` (persons drawn as their countries, their
    relations re-pointed there; :func:`geokg.view.modes.dyad_map`).

    Args:
        G: the multigraph of :func:`geokg.graph.build_graph` (or a subgraph of it).
        pos: node positions in pixels (default :func:`geokg.view.positions.layout`
            of :func:`geokg.view.modes.layout_graph`).
        title: the page title.
        mode: ``"full"``: every actor, structural relations shown;
            ``"events"``: the actors of the event graph, structural relations
            among them hidden until asked for; ``"dyads"``: the same, opened on
            the dyad view; ``"auto"``: ``"events"`` beyond a few dozen actors.

    Raises:
        GeoKGError: ``G`` is not a multigraph, or an unknown mode.

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
    mode = resolve_mode(G, mode)
    shape = layout_graph(G, mode)
    pos = layout(shape) if pos is None else pos
    collapse = dyad_map(G)
    if mode == "full":
        actor_view = set(G.nodes)
        dyad_view = {n for n in G if n not in collapse}
    else:
        actor_view = event_nodes(G)
        dyad_view = {collapse.get(n, n) for n in actor_view}
    shown = actor_view | dyad_view
    missing = sorted((str(n) for n in shown if n not in pos), key=str)
    if missing:
        raise GeoKGError(
            f"pos has no position for {len(missing)} nodes ({', '.join(missing[:3])}, ...); "
            "give positions for layout_graph(G, mode), or leave pos out"
        )
    labels = {n: str(d.get("label") or n) for n, d in G.nodes(data=True)}
    doc_meta: Mapping[str, Mapping[str, str]] = G.graph.get("doc_meta", {})
    members: dict[Hashable, list[str]] = defaultdict(list)
    for person, country in collapse.items():
        if person in actor_view:
            members[country].append(labels[person])
    degree = shape.degree if mode != "full" else G.degree
    nodes = [
        {
            **_node(G, n, d, pos, labels, degree=degree(n)),
            "views": [v for v, ns in (("actor", actor_view), ("dyad", dyad_view)) if n in ns],
            "members": members.get(n, []),
        }
        for n, d in sorted(G.nodes(data=True), key=lambda nd: str(nd[0]))
        if n in shown
    ]
    edges = _edges(G, labels, doc_meta, shown=actor_view, collapse=collapse)
    types = Counter(str(G.nodes[n].get("type", "unknown")) for n in shown)
    predicates = Counter(
        e["predicate"] for e in edges if "actor" in e["views"] for _ in e["relations"]
    )
    actors = sum(1 for _, d in G.nodes(data=True) if d.get("type") != "Location")
    return {
        "title": title,
        "mode": mode,
        "actors": actors,
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
    mode: str = "auto",
) -> str:
    """The self-contained HTML page of ``G`` (see :func:`view_data` for the arguments).

    Example:
        >>> G = nx.MultiDiGraph(documents=[])
        >>> G.add_node("A", label="Atlantis", type="Country")
        >>> page = generate_html(G, title="A & B")
        >>> "<title>A &amp; B</title>" in page, "https://" in page.split("<script")[0]
        (True, False)
    """
    payload = view_data(G, pos=pos, title=title, mode=mode)
    data = json.dumps(payload, ensure_ascii=False, sort_keys=True)
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
    mode: str = "auto",
) -> None:
    """Write :func:`generate_html` to ``path`` atomically (UTF-8)."""
    text = generate_html(G, pos=pos, title=title, mode=mode)
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
    *,
    degree: int,
) -> dict[str, Any]:
    rgb = node_colour(data.get("type"))
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
    G: nx.MultiDiGraph,
    labels: Mapping[Hashable, str],
    doc_meta: Mapping[str, Any],
    *,
    shown: set[Hashable],
    collapse: Mapping[Hashable, Hashable],
) -> list[dict[str, Any]]:
    """Edges grouped by (subject, object, predicate, hedged), each with its views.

    The actor view has every relation among the ``shown`` nodes; the dyad view
    has those whose ends are not collapsed, and each event relation of a
    collapsed person re-pointed to its country (structural ones of a
    collapsed person, which would join it to itself, are not in it).
    """
    Key = tuple[str, str, str, bool]
    by_view: dict[str, dict[Key, list[Any]]] = {
        "actor": defaultdict(list),
        "dyad": defaultdict(list),
    }
    relations: dict[Any, dict[str, Any]] = {}
    for u, v, k, data in sorted(
        G.edges(keys=True, data=True), key=lambda e: tuple(map(str, e[:3]))
    ):
        if u not in shown or v not in shown:
            continue
        predicate = str(data.get("predicate", "unknown"))
        hedged = bool(data.get("negated")) or bool(data.get("hypothetical"))
        relations[k] = _relation(data, labels, doc_meta)
        by_view["actor"][(str(u), str(v), predicate, hedged)].append(k)
        if (u not in collapse and v not in collapse) or is_event(data):
            cu, cv = collapse.get(u, u), collapse.get(v, v)
            by_view["dyad"][(str(cu), str(cv), predicate, hedged)].append(k)
    # A group the same in both views is one edge of both; else one edge per view.
    groups: dict[tuple[Key, tuple[str, ...]], list[Any]] = {}
    for key, keys in by_view["actor"].items():
        both = by_view["dyad"].get(key) == keys
        groups[(key, ("actor", "dyad") if both else ("actor",))] = keys
    for key, keys in by_view["dyad"].items():
        if by_view["actor"].get(key) != keys:
            groups[(key, ("dyad",))] = keys
    # Parallel groups between the same two nodes bend to alternating sides,
    # measured from the pair's sorted orientation so u->v and v->u never coincide.
    # Groups of both views take the first slots of their pair, then each view's own.
    ordered = sorted(groups.items())
    both: Counter[tuple[str, str]] = Counter(
        (min(key[0], key[1]), max(key[0], key[1])) for (key, seen), _ in ordered if len(seen) == 2
    )
    rank: Counter[tuple[str, str, str]] = Counter()
    edges = []
    for i, ((key, seen), keys) in enumerate(ordered):
        u, v, predicate, hedged = key
        pair = (min(u, v), max(u, v))
        slot = (*pair, "both" if len(seen) == 2 else seen[0])
        k = rank[slot] + (0 if len(seen) == 2 else both[pair])
        rank[slot] += 1
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
                "views": list(seen),
                "relations": [relations[r] for r in keys],
            }
        )
    return edges
