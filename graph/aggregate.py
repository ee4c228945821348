"""Cross-document counts per (subject, predicate, object), and the graph of them.

:func:`build_graph` keeps one edge per relation with its document;
:func:`summarize` adds, per (subject, predicate, object), the relations and
documents that state it, and its first and last date; :func:`aggregate` is the
same as a ``nx.MultiDiGraph`` with one edge per triple (keyed by predicate),
the view the RDF triple summaries and the dynamic GEXF are made from.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from geokg.errors import GeoKGError
from geokg.vocab import PREDICATES

__all__ = ["TripleSummary", "aggregate", "event_degrees", "iso_date", "summarize"]


@dataclass(frozen=True)
class TripleSummary:
    """Every relation of a graph that states one (subject, predicate, object).

    Attributes:
        subject, predicate, object: the triple.
        relations: edge keys of the relations (``"<doc_id>#<index>"``), sorted.
        documents: ids of the documents they come from, sorted.
        dates: the distinct ISO dates (``YYYY-MM-DD``) of those documents, sorted.
    """

    subject: str
    predicate: str
    object: str
    relations: tuple[str, ...]
    documents: tuple[str, ...]
    dates: tuple[str, ...] = ()

    @property
    def n_relations(self) -> int:
        return len(self.relations)

    @property
    def n_documents(self) -> int:
        return len(self.documents)

    @property
    def first_date(self) -> str | None:
        return self.dates[0] if self.dates else None

    @property
    def last_date(self) -> str | None:
        return self.dates[-1] if self.dates else None


def iso_date(value: Any) -> str | None:
    """The ``YYYY-MM-DD`` date of an ISO date or date-time string, else None.

    Example:
        >>> iso_date("2019-01-23"), iso_date("2019-01-23T10:00:00Z"), iso_date("Jan 23, 2019")
        ('2019-01-23', '2019-01-23', None)
    """
    text = str(value or "")[:10]
    if len(text) != 10:
        return None
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        return None


def _hedged(data: Mapping[str, Any]) -> bool:
    return bool(data.get("negated")) or bool(data.get("hypothetical"))


def summarize(G: nx.MultiDiGraph, *, include_hedged: bool = False) -> list[TripleSummary]:
    """One :class:`TripleSummary` per (subject, predicate, object) of a :func:`build_graph` graph.

    Negated and hypothetical relations are left out unless ``include_hedged``
    (they are not facts, and have no direct triple in the RDF). Sorted by
    (subject, predicate, object).

    Raises:
        GeoKGError: ``G`` is not a multigraph or an edge has no ``predicate``.

    Example:
        >>> from geokg.graph import build_graph
        >>> from geokg.model import Entity, Extraction, Relation
        >>> ents = (Entity("A", "A", "Country"), Entity("B", "B", "Country"))
        >>> docs = [Extraction(f"d{i}", ents, (Relation("A", "warns", "B", "s", 0, 1),),
        ...                    meta={"date": f"2020-01-0{i}"}) for i in (1, 2)]
        >>> [(t.n_documents, t.first_date, t.last_date) for t in summarize(build_graph(docs))]
        [(2, '2020-01-01', '2020-01-02')]
    """
    if not G.is_multigraph():
        raise GeoKGError(
            f"summarize() needs the MultiDiGraph of build_graph(), got a {type(G).__name__}"
        )
    groups: dict[tuple[str, str, str], list[tuple[str, Mapping[str, Any]]]] = defaultdict(list)
    for u, v, key, data in G.edges(keys=True, data=True):
        if "predicate" not in data:
            raise GeoKGError(
                f"edge {u!r} -> {v!r} (key {key!r}) has no 'predicate' attribute; "
                "summarize() expects the graph of build_graph()"
            )
        if include_hedged or not _hedged(data):
            groups[(str(u), str(data["predicate"]), str(v))].append((str(key), data))
    out = []
    for (s, p, o), edges in sorted(groups.items()):
        dates = {d for _, data in edges if (d := iso_date(data.get("date")))}
        out.append(
            TripleSummary(
                subject=s,
                predicate=p,
                object=o,
                relations=tuple(sorted(k for k, _ in edges)),
                documents=tuple(sorted({str(data.get("doc_id", "")) for _, data in edges})),
                dates=tuple(sorted(dates)),
            )
        )
    return out


def event_degrees(summaries: list[TripleSummary]) -> dict[str, tuple[int, int]]:
    """Per actor: the distinct factual event triples it is in, and the relations stating them.

    Event triples are those whose predicate has a PLOVER category (not the
    structural ``affiliated_with``, ``leads``, ``located_in``); an actor counts
    each triple it is the subject of and each it is the object of (so a triple
    of an actor with itself counts twice, as in ``queries/top-actors-by-degree.rq``
    before the RDF carried these counts). The RDF gives them as ``geokg:degree``
    and ``geokg:eventCount``, so that "top actors" is a lookup.

    Example:
        >>> t = TripleSummary("A", "warns", "B", ("d#0", "e#0"), ("d", "e"))
        >>> event_degrees([t])
        {'A': (1, 2), 'B': (1, 2)}
    """
    out: dict[str, tuple[int, int]] = {}
    for t in summaries:
        if PREDICATES[t.predicate].plover is None:
            continue
        for actor in (t.subject, t.object):
            degree, relations = out.get(actor, (0, 0))
            out[actor] = (degree + 1, relations + t.n_relations)
    return dict(sorted(out.items()))


def aggregate(G: nx.MultiDiGraph, *, include_hedged: bool = False) -> nx.MultiDiGraph:
    """One edge per (subject, predicate, object), keyed by the predicate.

    Edge attributes: ``predicate``, ``plover`` (when the predicate has one),
    ``cameo`` (tuple), ``weight`` (number of relations), ``n_docs`` and, when
    some document has an ISO date, ``first_date``, ``last_date`` and ``dates``
    (tuple of the distinct dates). Nodes keep their attributes and get
    ``first_date``/``last_date`` from the dates of the edges that touch them.
    Graph attributes are copied.

    Example:
        >>> from geokg.graph import build_graph
        >>> from geokg.model import Entity, Extraction, Relation
        >>> ents = (Entity("A", "A", "Country"), Entity("B", "B", "Country"))
        >>> rels = (Relation("A", "warns", "B", "s", 0, 1), Relation("A", "warns", "B", "t", 2, 3))
        >>> H = aggregate(build_graph([Extraction("d", ents, rels, meta={"date": "2020-01-01"})]))
        >>> H.edges["A", "B", "warns"]["weight"], H.nodes["A"]["first_date"]
        (2, '2020-01-01')
    """
    H = nx.MultiDiGraph()
    H.graph.update(G.graph)
    H.add_nodes_from((n, dict(d)) for n, d in sorted(G.nodes(data=True), key=lambda nd: str(nd[0])))
    node_dates: dict[str, set[str]] = defaultdict(set)
    for t in summarize(G, include_hedged=include_hedged):
        spec = PREDICATES.get(t.predicate)
        attrs: dict[str, Any] = {
            "predicate": t.predicate,
            "cameo": tuple(spec.cameo) if spec else (),
            "weight": t.n_relations,
            "n_docs": t.n_documents,
        }
        if spec is not None and spec.plover:
            attrs["plover"] = spec.plover
        if t.dates:
            attrs.update(first_date=t.first_date, last_date=t.last_date, dates=t.dates)
            node_dates[t.subject].update(t.dates)
            node_dates[t.object].update(t.dates)
        H.add_edge(t.subject, t.object, key=t.predicate, **attrs)
    for node, data in H.nodes(data=True):
        if dates := node_dates.get(str(node)):
            data["first_date"], data["last_date"] = min(dates), max(dates)
    return H
