"""Build a networkx graph from per-document extractions, and collapse it.

:func:`build_graph` keeps every relation as its own edge of a
``nx.MultiDiGraph`` (with the sentence, offsets and qualifiers that back it);
:func:`collapse` turns that into a weighted ``nx.DiGraph`` with one edge per
(subject, object) pair, the view that network analysis and Gephi want.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from geokg.errors import GeoKGError
from geokg.graph.merge import Aliases, canonical_ids, remap
from geokg.model import Extraction, Relation
from geokg.vocab import PREDICATES

__all__ = ["build_graph", "collapse"]

logger = logging.getLogger(__name__)

# Entity types that belong to a country; the schema's `affiliated_with`.
_AFFILIABLE_TYPES = frozenset({"Person", "Group", "Organization"})
_DOC_META_KEYS = ("title", "date", "url")
_AFFILIATED = "affiliated_with"


def build_graph(
    extractions: Iterable[Extraction], *, aliases: Aliases | None = None
) -> nx.MultiDiGraph:
    """Merge extractions into one multigraph: a node per entity, an edge per relation.

    Nodes are keyed by entity id (stable across documents), after
    :func:`geokg.graph.merge.canonical_ids` has mapped the ids of one actor to
    one id (ISO code of a country; the ``aliases`` table, e.g.
    :func:`geokg.graph.merge.gazetteer_aliases`, when given; normalized full
    name). Node attributes:
    ``label``, ``type``, ``iso3``, ``country``, ``sector``, and a place's or
    country's ``latitude``, ``longitude``, ``geonames_id`` and ``feature``
    (each absent when unknown), ``mentions`` (sorted tuple of every surface
    form), ``n_docs`` and ``roles`` (sorted tuple, only when some document gave
    one). When documents disagree, the most frequent value wins, ties broken
    alphabetically. The country a Location lies in is a node too (label and
    point from the place tables) when no document names it as an entity.

    Edges are keyed ``"<doc_id>#<index>"`` (index of the relation in its
    document) and carry ``predicate``, ``plover``, ``cameo`` (tuple),
    ``negated``, ``hypothetical``, ``doc_id``, ``sentence``, ``start``, ``end``,
    ``confidence``, ``derived`` and, when known, ``attributed_to``, ``cue``,
    ``cue_start``, ``role``, ``date``, ``location`` (the place's node),
    ``subject_sector``/``object_sector`` (each side's sector in that document)
    and per magnitude ``<kind>``, ``<kind>_bound`` and ``<kind>_text``
    (``killed``, ``killed_bound``, ...). Absent values are left out, never
    stored as None.
    A Person, Group or Organization with a ``country`` also gets a structural
    ``affiliated_with`` edge (key ``"<doc_id>#affiliated_with:<entity id>"``,
    ``derived=True``) in each document that does not state that relation.

    ``G.graph["documents"]`` is the sorted list of document ids and
    ``G.graph["doc_meta"]`` maps each to its title/date/url (those known).
    The result does not depend on the order of the extractions; a repeated
    ``doc_id`` is skipped with a warning (the first one wins).

    Example:
        >>> from geokg.model import Entity, Extraction, Relation
        >>> ext = Extraction("d1", entities=(
        ...     Entity("USA", "United States", "Country", iso3="USA", mentions=("US",)),
        ...     Entity("RUS", "Russia", "Country", iso3="RUS", mentions=("Russia",))),
        ...     relations=(Relation("USA", "warns", "RUS", "US warns Russia.", 0, 16),))
        >>> G = build_graph([ext])
        >>> sorted(G.nodes), list(G.edges(keys=True))
        (['RUS', 'USA'], [('USA', 'RUS', 'd1#0')])
    """
    docs = _unique_docs(extractions)
    ids = canonical_ids(docs.values(), aliases=aliases)
    docs = {doc_id: remap(ext, ids) for doc_id, ext in docs.items()}
    G = nx.MultiDiGraph()
    G.graph["documents"] = sorted(docs)
    G.graph["doc_meta"] = {doc_id: _doc_meta(docs[doc_id].meta) for doc_id in sorted(docs)}
    for node_id, attrs in sorted(_merge_entities(docs.values()).items()):
        G.add_node(node_id, **attrs)
    for doc_id in sorted(docs):
        _add_document_edges(G, docs[doc_id])
    return G


def collapse(G: nx.MultiDiGraph, *, include_hedged: bool = False) -> nx.DiGraph:
    """One weighted edge per (subject, object) pair of a :func:`build_graph` graph.

    Edge attributes: ``predicates`` (sorted, ``";"``-joined), ``plover`` (their
    PLOVER categories, sorted and joined; absent when all are structural),
    ``weight`` (the number of relations), ``n_<predicate>`` (count per predicate), ``n_docs``
    and, when some relation is dated, ``first_date``/``last_date``. Negated or
    hypothetical relations are left out unless ``include_hedged``; then
    ``n_hedged`` counts them. Nodes and graph attributes are copied; a pair
    whose relations are all hedged gets no edge, but its nodes stay.

    Args:
        G: the multigraph from :func:`build_graph`.
        include_hedged: also count negated and hypothetical relations.

    Raises:
        GeoKGError: ``G`` is not a multigraph or an edge has no ``predicate``.

    Example:
        >>> from geokg.model import Entity, Extraction, Relation
        >>> ents = (Entity("A", "A", "Country"), Entity("B", "B", "Country"))
        >>> rels = (Relation("A", "warns", "B", "s", 0, 1),
        ...         Relation("A", "strikes", "B", "t", 2, 3, hypothetical=True))
        >>> H = collapse(build_graph([Extraction("d", ents, rels)]))
        >>> H.edges["A", "B"]["predicates"], H.edges["A", "B"]["weight"]
        ('warns', 1)
    """
    if not G.is_multigraph():
        raise GeoKGError(
            f"collapse() needs the MultiDiGraph of build_graph(), got a {type(G).__name__}; "
            "pass the graph before collapsing it"
        )
    H = nx.DiGraph()
    H.graph.update({k: _copy(v) for k, v in G.graph.items()})
    H.add_nodes_from((n, dict(d)) for n, d in sorted(G.nodes(data=True), key=lambda nd: str(nd[0])))
    groups: dict[tuple[Any, Any], list[Mapping[str, Any]]] = defaultdict(list)
    for u, v, key, data in sorted(G.edges(keys=True, data=True), key=_edge_sort_key):
        if "predicate" not in data:
            raise GeoKGError(
                f"edge {u!r} -> {v!r} (key {key!r}) has no 'predicate' attribute; "
                "collapse() expects the graph of build_graph()"
            )
        if _is_hedged(data) and not include_hedged:
            continue
        groups[(u, v)].append(data)
    for (u, v), edges in groups.items():
        H.add_edge(u, v, **_collapsed_attrs(edges, include_hedged=include_hedged))
    return H


def _unique_docs(extractions: Iterable[Extraction]) -> dict[str, Extraction]:
    docs: dict[str, Extraction] = {}
    for ext in extractions:
        if ext.doc_id in docs:
            logger.warning("document %r appears twice; keeping the first extraction", ext.doc_id)
            continue
        docs[ext.doc_id] = ext
    return docs


def _doc_meta(meta: Mapping[str, Any]) -> dict[str, str]:
    return {k: str(meta[k]) for k in _DOC_META_KEYS if meta.get(k) not in (None, "")}


def _pick(counts: Counter[str]) -> str | None:
    """The most frequent value, ties broken alphabetically; None if there is none."""
    if not counts:
        return None
    return min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]


# Entity fields that become node attributes, the most frequent value winning.
_NODE_FIELDS = (
    "label",
    "type",
    "iso3",
    "country",
    "sector",
    "latitude",
    "longitude",
    "geonames_id",
    "feature",
)


def _merge_entities(docs: Iterable[Extraction]) -> dict[str, dict[str, Any]]:
    fields = _NODE_FIELDS
    votes: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: {f: Counter() for f in fields})
    mentions: dict[str, set[str]] = defaultdict(set)
    roles: dict[str, set[str]] = defaultdict(set)
    doc_ids: dict[str, set[str]] = defaultdict(set)
    for ext in docs:
        for ent in ext.entities:
            for f in fields:
                value = getattr(ent, f)
                if value or (value == 0 and f in ("latitude", "longitude")):
                    votes[ent.id][f][value] += 1
            mentions[ent.id].update(m for m in ent.mentions if m)
            if ent.role:
                roles[ent.id].add(ent.role)
            doc_ids[ent.id].add(ext.doc_id)
    nodes: dict[str, dict[str, Any]] = {}
    for ent_id, counters in votes.items():
        attrs: dict[str, Any] = {f: _pick(counters[f]) for f in fields}
        attrs["label"] = attrs["label"] or ent_id
        attrs["mentions"] = tuple(sorted(mentions[ent_id]))
        attrs["n_docs"] = len(doc_ids[ent_id])
        if roles[ent_id]:
            attrs["roles"] = tuple(sorted(roles[ent_id]))
        nodes[ent_id] = {k: v for k, v in attrs.items() if v is not None}
    return nodes


def _ensure_node(G: nx.MultiDiGraph, node_id: str, *, doc_id: str, **attrs: Any) -> None:
    """Add a placeholder for an id that no document lists as an entity."""
    if node_id in G:
        return
    logger.warning(
        "document %r refers to %r, which no document lists as an entity", doc_id, node_id
    )
    G.add_node(node_id, label=node_id, mentions=(), n_docs=0, **attrs)


def _relation_attrs(
    rel: Relation, *, doc_id: str, date: str | None, sectors: Mapping[str, str] | None = None
) -> dict[str, Any]:
    pred = PREDICATES[rel.predicate]
    sectors = sectors or {}
    attrs: dict[str, Any] = {
        "predicate": rel.predicate,
        "plover": pred.plover,
        "cameo": tuple(pred.cameo),
        "negated": bool(rel.negated),
        "hypothetical": bool(rel.hypothetical),
        "attributed_to": rel.attributed_to,
        "doc_id": doc_id,
        "sentence": rel.sentence,
        "start": int(rel.start),
        "end": int(rel.end),
        "confidence": float(rel.confidence),
        "cue": rel.cue,
        "date": date,
        "role": rel.role,
        "derived": False,
        "cue_start": rel.cue_start,
        "location": rel.location,
        # each side's sector as the document names it (POLECAT's actor and recipient sector)
        "subject_sector": sectors.get(rel.subject),
        "object_sector": sectors.get(rel.object),
    }
    for m in rel.magnitude:
        attrs[m.kind] = int(m.value)
        attrs[f"{m.kind}_bound"] = m.bound
        attrs[f"{m.kind}_text"] = m.text
    return {k: v for k, v in attrs.items() if v is not None}


def _add_document_edges(G: nx.MultiDiGraph, ext: Extraction) -> None:
    doc_id = ext.doc_id
    date = _doc_meta(ext.meta).get("date")
    sectors = {ent.id: ent.sector for ent in ext.entities if ent.sector}
    stated: set[tuple[str, str, str]] = set()
    for index, rel in enumerate(ext.relations):
        if rel.predicate not in PREDICATES:
            logger.warning(
                "document %r, relation %d: unknown predicate %r (expected one of %s); skipped",
                doc_id,
                index,
                rel.predicate,
                ", ".join(sorted(PREDICATES)),
            )
            continue
        for node_id in (rel.subject, rel.object):
            _ensure_node(G, node_id, doc_id=doc_id)
        G.add_edge(
            rel.subject,
            rel.object,
            key=f"{doc_id}#{index}",
            **_relation_attrs(rel, doc_id=doc_id, date=date, sectors=sectors),
        )
        if rel.location:
            _ensure_node(G, rel.location, doc_id=doc_id)
        stated.add((rel.subject, rel.predicate, rel.object))
    for ent in ext.entities:
        if ent.type == "Location" and ent.country and ent.country not in G:
            # the country a place lies in is a node, with what the tables know of it
            G.add_node(ent.country, **_country_node(ent.country))
    seen: set[str] = set()
    for ent in ext.entities:
        # A country stated on the entity is an affiliation the text (or common
        # knowledge) fixed; make it an edge so graph queries see it.
        if (
            ent.type not in _AFFILIABLE_TYPES
            or not ent.country
            or ent.country == ent.id
            or ent.id in seen
            or (ent.id, _AFFILIATED, ent.country) in stated
        ):
            continue
        seen.add(ent.id)
        _ensure_node(G, ent.country, doc_id=doc_id, type="Country")
        attrs = {
            "predicate": _AFFILIATED,
            "cameo": (),
            "negated": False,
            "hypothetical": False,
            "doc_id": doc_id,
            "date": date,
            "role": ent.role,
            "derived": True,
        }
        G.add_edge(
            ent.id,
            ent.country,
            key=f"{doc_id}#{_AFFILIATED}:{ent.id}",
            **{k: v for k, v in attrs.items() if v is not None},
        )


def _country_node(iso3: str) -> dict[str, Any]:
    """The attributes of a country that only a place's ``country`` names: label and point."""
    from geokg.extract.geodata import load_geodata

    attrs: dict[str, Any] = {"label": iso3, "type": "Country", "mentions": (), "n_docs": 0}
    place = load_geodata().country(iso3)
    if place is not None:
        attrs.update(
            label=place.name,
            iso3=iso3,
            latitude=place.latitude,
            longitude=place.longitude,
            geonames_id=place.geonames_id,
            feature=place.feature,
        )
    return {k: v for k, v in attrs.items() if v is not None}


def _is_hedged(data: Mapping[str, Any]) -> bool:
    return bool(data.get("negated")) or bool(data.get("hypothetical"))


def _edge_sort_key(edge: tuple[Any, Any, Any, Any]) -> tuple[str, str, str]:
    return (str(edge[0]), str(edge[1]), str(edge[2]))


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return list(value)
    return value


def _collapsed_attrs(edges: list[Mapping[str, Any]], *, include_hedged: bool) -> dict[str, Any]:
    counts = Counter(str(d["predicate"]) for d in edges)
    attrs: dict[str, Any] = {
        "predicates": ";".join(sorted(counts)),
        "weight": len(edges),
        "n_docs": len({d.get("doc_id") for d in edges}),
    }
    plover = sorted({p.plover for name in counts if (p := PREDICATES.get(name)) and p.plover})
    if plover:
        attrs["plover"] = ";".join(plover)
    attrs.update({f"n_{pred}": counts[pred] for pred in sorted(counts)})
    dates = sorted(str(d["date"]) for d in edges if d.get("date"))
    if dates:
        attrs["first_date"], attrs["last_date"] = dates[0], dates[-1]
    if include_hedged:
        attrs["n_hedged"] = sum(1 for d in edges if _is_hedged(d))
    return attrs
