"""What a view draws of a corpus: every relation, the event graph, or country dyads.

On a corpus the structural relations (``affiliated_with``, ``leads``,
``located_in``) outnumber the events several times over (407 of 543 relations
of the Wikinews build), and a picture of everything is a hairball of
affiliations. So once a graph has more than :data:`AUTO_EVENTS_ABOVE` actors
the views draw **the event graph**: the actors that take part in an event
relation and those relations only. **The dyad view** goes one step further, as
ICEWS's country dyads do: a person who belongs to a country is drawn as that
country, so "Mike Pompeo criticizes Iran" counts for United States - Iran.

Modes (the ``mode`` of :func:`geokg.view.draw`, :func:`geokg.view.view_data`):

- ``"full"``: every actor and relation;
- ``"events"``: the event graph;
- ``"dyads"``: the event graph with persons collapsed onto their countries;
- ``"auto"``: ``"full"`` up to :data:`AUTO_EVENTS_ABOVE` actors, else ``"events"``.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import networkx as nx

from geokg.errors import GeoKGError
from geokg.vocab import EVENT_PREDICATES

__all__ = [
    "AUTO_EVENTS_ABOVE",
    "MODES",
    "dyad_map",
    "event_graph",
    "event_nodes",
    "is_event",
    "layout_graph",
    "resolve_mode",
]

#: The modes a view accepts.
MODES = ("auto", "full", "events", "dyads")

#: ``"auto"`` draws the event graph of a graph with more actors than this
#: (a few dozen: the seed article's 24 are drawn whole, a corpus's hundreds not).
AUTO_EVENTS_ABOVE = 40


def resolve_mode(G: nx.MultiDiGraph, mode: str = "auto") -> str:
    """``"full"``, ``"events"`` or ``"dyads"``: what ``mode`` means for ``G``.

    Actors are the nodes that are not places (Location).

    Raises:
        GeoKGError: an unknown mode.

    Example:
        >>> G = nx.MultiDiGraph()
        >>> G.add_nodes_from((f"p{i}", {"type": "Person"}) for i in range(41))
        >>> resolve_mode(G), resolve_mode(G, "full"), resolve_mode(nx.MultiDiGraph())
        ('events', 'full', 'full')
    """
    if mode not in MODES:
        raise GeoKGError(f"mode={mode!r}: expected one of {', '.join(map(repr, MODES))}")
    if mode != "auto":
        return mode
    actors = sum(1 for _, d in G.nodes(data=True) if d.get("type") != "Location")
    return "events" if actors > AUTO_EVENTS_ABOVE else "full"


def is_event(data: dict[str, Any]) -> bool:
    """Whether an edge is an event relation (not structural, not derived from an entity)."""
    return data.get("predicate") in EVENT_PREDICATES and not data.get("derived")


def event_nodes(G: nx.MultiDiGraph) -> set[Hashable]:
    """The nodes that take part in an event relation (hedged ones included)."""
    return {n for u, v, d in G.edges(data=True) if is_event(d) for n in (u, v)}


def dyad_map(G: nx.MultiDiGraph) -> dict[Hashable, Hashable]:
    """Each person whose country is a node of ``G``, mapped to that country.

    Example:
        >>> G = nx.MultiDiGraph()
        >>> G.add_node("USA", type="Country")
        >>> G.add_node("mike-pompeo", type="Person", country="USA")
        >>> G.add_node("someone", type="Person", country="XYZ")
        >>> dyad_map(G)
        {'mike-pompeo': 'USA'}
    """
    return {
        n: d["country"]
        for n, d in sorted(G.nodes(data=True), key=lambda nd: str(nd[0]))
        if d.get("type") == "Person" and d.get("country") in G and d["country"] != n
    }


def event_graph(
    G: nx.MultiDiGraph, *, dyads: bool = False, include_hedged: bool = True
) -> nx.MultiDiGraph:
    """The event relations of ``G`` and the actors they join.

    Args:
        G: the multigraph of :func:`geokg.graph.build_graph`.
        dyads: draw each person as its country (:func:`dyad_map`); the
            country's node gets ``members``, the ids of the persons it stands
            for. A relation between a person and its own country becomes a
            self-loop (a domestic event).
        include_hedged: keep negated and hypothetical relations (and the
            actors only they name).

    Example:
        >>> from geokg.graph import build_graph
        >>> from geokg.model import Entity, Extraction, Relation
        >>> ents = (Entity("USA", "United States", "Country", iso3="USA"),
        ...         Entity("IRN", "Iran", "Country", iso3="IRN"),
        ...         Entity("mike-pompeo", "Mike Pompeo", "Person", country="USA"))
        >>> rels = (Relation("mike-pompeo", "criticizes", "IRN", "Pompeo criticized Iran.", 0, 23),)
        >>> G = build_graph([Extraction("d", ents, rels)])
        >>> sorted(G.edges()) != sorted(event_graph(G).edges())  # the affiliation is gone
        True
        >>> list(event_graph(G).edges()), list(event_graph(G, dyads=True).edges())
        ([('mike-pompeo', 'IRN')], [('USA', 'IRN')])
    """
    collapse = dyad_map(G) if dyads else {}
    edges = [
        (u, v, k, d)
        for u, v, k, d in G.edges(keys=True, data=True)
        if is_event(d) and (include_hedged or not (d.get("negated") or d.get("hypothetical")))
    ]
    H = nx.MultiDiGraph()
    H.graph.update(G.graph)
    keep = sorted({collapse.get(n, n) for u, v, *_ in edges for n in (u, v)}, key=str)
    H.add_nodes_from((n, dict(G.nodes[n])) for n in keep)
    for person, country in collapse.items():
        if country in H:
            H.nodes[country].setdefault("members", [])
            H.nodes[country]["members"] = [*H.nodes[country]["members"], person]
    H.add_edges_from((collapse.get(u, u), collapse.get(v, v), k, dict(d)) for u, v, k, d in edges)
    return H


def layout_graph(G: nx.MultiDiGraph, mode: str) -> nx.MultiDiGraph:
    """The graph whose layout places the nodes a view of ``mode`` draws.

    ``"full"``: ``G`` itself. ``"events"`` and ``"dyads"``: the event graph,
    with the dyad view's edges too, so that a country stands near the partners
    of the persons it stands for and both views share one layout.
    """
    mode = resolve_mode(G, mode)
    if mode == "full":
        return G
    H = event_graph(G)
    dyads = event_graph(G, dyads=True)
    H.add_nodes_from((n, d) for n, d in dyads.nodes(data=True) if n not in H)
    H.add_edges_from(
        (u, v, f"dyad:{k}", d) for u, v, k, d in dyads.edges(keys=True, data=True) if u != v
    )
    return H
