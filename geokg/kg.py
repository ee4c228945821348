"""KnowledgeGraph: the graph of some articles, as a notebook works with it.

One object over the multigraph of :func:`geokg.graph.build_graph` (``.nx``)
with the views an analyst asks for: the collapsed actor graph, RDF and SPARQL,
pandas tables of entities and relations (each relation with its sentence and
provenance), ego networks, filters by predicate, date and hedging, an
interactive page, a picture, a map, timelines, and ``save``/:func:`load`.

Sub-graphs (``actor``, ``filter``) are new ``KnowledgeGraph`` objects over
copies; the original is never changed.
"""

from __future__ import annotations

import datetime as dt
import difflib
import html
import logging
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from geokg.errors import GeoKGError, InputError
from geokg.model import Extraction
from geokg.vocab import ENTITY_TYPES, PREDICATES

if TYPE_CHECKING:
    import pandas as pd
    import rdflib
    from matplotlib.figure import Figure

    from geokg.view.notebook import GraphView

__all__ = ["GRAPH_FILES", "KnowledgeGraph", "load"]

logger = logging.getLogger(__name__)

#: What :meth:`KnowledgeGraph.save` writes (``geokg build`` writes these too).
GRAPH_FILES = {
    "graph.json": "the full multigraph, lossless: what geokg.load() reads",
    "graph.ttl": "RDF/Turtle: direct triples plus a reified statement per relation",
    "graph.gexf": (
        "the dynamic actor graph for Gephi's timeline: an edge per (subject, predicate, object),"
        " a spell per document date"
    ),
    "graph-collapsed.gexf": (
        "the collapsed, weighted actor graph (one edge per pair) for the overview in Gephi"
        " and Gephi Lite"
    ),
    "graph.graphml": "the full multigraph (one edge per relation, with its sentence) as GraphML",
    "events.csv": (
        "the event table: one row per event relation (place, point, magnitude, each side's"
        " sector, qualifiers), POLECAT's column names, CSV"
    ),
    "events.parquet": "the event table as Parquet (dates, counts and booleans typed)",
    "graph.html": (
        "the interactive view: one self-contained page, works offline; a corpus opens on its"
        " event graph"
    ),
    "graph.png": (
        "a static picture: nodes by type and degree, top actors labelled; a corpus drawn as its"
        " event graph"
    ),
    "graph-map.html": (
        "the map: countries shaded by events, an arc per country dyad and PLOVER category,"
        " located events as points; one self-contained page, works offline"
    ),
    "timeline.png": "events per month stacked by PLOVER category: the corpus, then its top dyads",
}

_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


class KnowledgeGraph:
    """The knowledge graph of some articles: actors, relations and their provenance.

    Made by :func:`geokg.build`, :func:`geokg.load` or
    :meth:`from_extractions`; wraps the ``nx.MultiDiGraph`` of
    :func:`geokg.graph.build_graph` (one edge per relation).

    Attributes:
        skipped: inputs :func:`geokg.build` could not read, each an
            :class:`~geokg.errors.InputError` naming the input and the reason.
        outputs: the files :func:`geokg.build` or :meth:`save` wrote, by name.
        report: what a :func:`geokg.build` into a folder did with each document
            (a :class:`~geokg.incremental.BuildReport`), else None.

    Example:
        >>> from geokg import Entity, Extraction, Relation
        >>> ents = (Entity("RUS", "Russia", "Country", iso3="RUS"),
        ...         Entity("islamic-state", "Islamic State", "Group"))
        >>> rels = (Relation("RUS", "strikes", "islamic-state",
        ...                  "Russia launched air strikes on Islamic State.", 0, 45),)
        >>> kg = KnowledgeGraph.from_extractions([Extraction("d1", ents, rels)])
        >>> kg
        <KnowledgeGraph: 1 document, 2 nodes, 1 relation>
        >>> kg.relations()[["subject", "predicate", "object"]].values.tolist()
        [['RUS', 'strikes', 'islamic-state']]
    """

    def __init__(
        self,
        graph: nx.MultiDiGraph | None = None,
        *,
        skipped: Sequence[InputError] = (),
        outputs: Mapping[str, Path] | None = None,
        report: Any = None,
    ) -> None:
        graph = nx.MultiDiGraph() if graph is None else graph
        if not isinstance(graph, nx.MultiDiGraph):
            raise GeoKGError(
                f"a KnowledgeGraph wraps the MultiDiGraph of build_graph(), got a "
                f"{type(graph).__name__}; pass the graph before collapse()"
            )
        self._graph = graph
        self.skipped: tuple[InputError, ...] = tuple(skipped)
        self.outputs: dict[str, Path] = dict(outputs or {})
        self.report = report
        self._rdf: tuple[tuple[int, int], rdflib.Graph] | None = None
        self._stores: dict[str, Any] = {}

    @classmethod
    def from_extractions(cls, extractions: Iterable[Extraction]) -> KnowledgeGraph:
        """The graph of some extractions (from :func:`geokg.extract` or a JSON Lines file).

        Example:
            >>> KnowledgeGraph.from_extractions([])
            <KnowledgeGraph: 0 documents, 0 nodes, 0 relations>
        """
        from geokg.graph import build_graph

        return cls(build_graph(extractions))

    # --- the graph and its views ---------------------------------------------------

    @property
    def nx(self) -> nx.MultiDiGraph:
        """The networkx multigraph: a node per entity, an edge per relation (key ``doc#n``)."""
        return self._graph

    @property
    def documents(self) -> tuple[str, ...]:
        """Ids of the documents the graph comes from, sorted."""
        return tuple(self._graph.graph.get("documents", ()))

    def collapsed(self, *, include_hedged: bool = False) -> nx.DiGraph:
        """The weighted actor graph, an edge per (subject, object): :func:`geokg.graph.collapse`.

        Example:
            >>> kg = KnowledgeGraph.from_extractions([_example()])
            >>> kg.collapsed().edges["RUS", "islamic-state"]["weight"]
            1
        """
        from geokg.graph import collapse

        return collapse(self._graph, include_hedged=include_hedged)

    def summary(self) -> dict[str, Any]:
        """Documents, nodes by type, edges by predicate: :func:`geokg.graph.summary`.

        Example:
            >>> KnowledgeGraph.from_extractions([_example()]).summary()["nodes_by_type"]
            {'Country': 1, 'Group': 1}
        """
        from geokg.graph import summary

        return summary(self._graph)

    @property
    def rdf(self) -> rdflib.Graph:
        """The RDF graph (:func:`geokg.exports.to_rdf`), made on first use.

        Remade when the number of nodes or edges of ``.nx`` changes; after
        changing attributes in place, make a new ``KnowledgeGraph(kg.nx)``.

        Example:
            >>> from rdflib import RDFS, Literal
            >>> g = KnowledgeGraph.from_extractions([_example()]).rdf
            >>> g.value(predicate=RDFS.label, object=Literal("Russia"))
            rdflib.term.URIRef('https://w3id.org/geokg/id/RUS')
        """
        from geokg.exports import to_rdf

        stamp = (self._graph.number_of_nodes(), self._graph.number_of_edges())
        if self._rdf is None or self._rdf[0] != stamp:
            self._rdf = (stamp, to_rdf(self._graph))
        return self._rdf[1]

    def sparql(
        self, query: str, *, frame: bool = True, engine: str = "rdflib"
    ) -> pd.DataFrame | list[dict[str, Any]] | bool | rdflib.Graph:
        """Run a SPARQL query over :attr:`rdf`, through :mod:`geokg.sparql`.

        The prefixes of :data:`geokg.sparql.PREFIXES` (``geokg:`` for the
        ontology, ``ent:`` for entities, ``doc:``, ``stmt:``, ``rdf:``,
        ``rdfs:``, ``skos:``, ``prov:``, ``dcterms:`` ...) are predeclared.
        Literals become Python values, IRIs strings. The graph is loaded into
        the engine once and kept for later queries.

        Args:
            query: a SELECT, ASK, CONSTRUCT or DESCRIBE query.
            frame: return a SELECT's rows as a pandas DataFrame (one column per
                variable); with False, as a list of dicts.
            engine: ``"rdflib"`` or ``"oxigraph"`` (faster on big graphs).

        Returns:
            rows (DataFrame or list of dicts) for SELECT, a bool for ASK, an
            ``rdflib.Graph`` for CONSTRUCT and DESCRIBE.

        Raises:
            geokg.sparql.QueryError: the query does not parse or fails (a
                :class:`~geokg.errors.GeoKGError`; the message says why).

        Example:
            >>> kg = KnowledgeGraph.from_extractions([_example()])
            >>> kg.sparql("SELECT ?who WHERE { ?who geokg:strikes ent:islamic-state }", frame=False)
            [{'who': 'https://w3id.org/geokg/id/RUS'}]
        """
        result = self._store(engine).query(query)
        if result.kind == "ASK":
            return bool(result.boolean)
        if result.kind == "CONSTRUCT":
            return result.to_graph()
        return result.to_dataframe() if frame else result.records()

    def _store(self, engine: str) -> Any:
        from geokg.sparql import Store

        rdf = self.rdf  # remade if .nx changed size; the stores go with it
        if self._stores.get("rdf") is not rdf:
            self._stores = {"rdf": rdf}
        if engine not in self._stores:
            self._stores[engine] = Store.from_graph(rdf, engine=engine)
        return self._stores[engine]

    def entities(self) -> pd.DataFrame:
        """One row per node, indexed by id, sorted by id.

        Columns: ``label``, ``type``, ``iso3``, ``country`` (id) and
        ``country_label``, ``mentions`` and ``roles`` (tuples), ``n_docs``,
        ``events`` (event relations in and out: strikes, meets, ..., hedged
        ones included), ``degree`` (every relation in and out, structural
        ones too: affiliated_with, leads, located_in), ``out_degree`` and
        ``in_degree``.

        Example:
            >>> kg = KnowledgeGraph.from_extractions([_example()])
            >>> row = kg.entities().loc["RUS"]
            >>> row.label, row.type, int(row.degree)
            ('Russia', 'Country', 1)
        """
        from geokg.tables import entity_table

        return entity_table(self._graph)

    def relations(self, *, include_hedged: bool = True) -> pd.DataFrame:
        """One row per relation, indexed by its key (``"<doc_id>#<index>"``), in graph order.

        Columns: ``subject``/``object`` (ids) with their ``*_label``,
        ``predicate``, ``negated``, ``hypothetical``, ``attributed_to``,
        ``confidence``, the evidence ``sentence`` and where it is (``doc_id``,
        the document's ``title``, ``date`` and ``url``, character offsets
        ``start``/``end``), ``cue``, ``role``, ``derived`` (an affiliation
        stated on an entity, not by a sentence) and the ``plover`` category.

        Args:
            include_hedged: keep negated and hypothetical relations.

        Example:
            >>> kg = KnowledgeGraph.from_extractions([_example()])
            >>> kg.relations().loc["d1#0", "sentence"]
            'Russia launched air strikes on Islamic State.'
        """
        from geokg.tables import relation_table

        return relation_table(self._graph, include_hedged=include_hedged)

    def events(self, *, include_hedged: bool = True) -> pd.DataFrame:
        """The event table: one row per event relation, POLECAT's column names.

        Who (each side's name, id, type, country and sector), what (PLOVER
        ``event_type``, ``cameo_root``, ``quad_code``), when (``event_date``,
        the document's date), where (``placename``, ``place_country``,
        ``latitude``/``longitude``, ``geonames_id``, ``feature_type``), how
        many (``killed``, ``injured``, ``arrested``, ``displaced``,
        ``participants``, each with its ``*_bound``) and the provenance
        (qualifiers, ``confidence``, ``sentence``, ``doc_id``, ``title``,
        ``url``). Columns and dtypes: :data:`geokg.events.EVENT_DTYPES`;
        ``docs/events.md`` explains each. ``geokg build`` writes the same
        table as ``events.csv`` and ``events.parquet``.

        Args:
            include_hedged: keep negated and hypothetical relations.

        Example:
            >>> kg = KnowledgeGraph.from_extractions([_example()])
            >>> kg.events()[["actor_name", "event_type", "recipient_name"]].values.tolist()
            [['Russia', 'ASSAULT', 'Islamic State']]
        """
        from geokg.events import event_table

        return event_table(self._graph, include_hedged=include_hedged)

    def top_actors(self, n: int = 10, *, by: str = "events") -> pd.DataFrame:
        """The ``n`` rows of :meth:`entities` with the highest ``by`` (``"events"``
        or ``"degree"``), ties by ``degree``, then label.

        Example:
            >>> kg = KnowledgeGraph.from_extractions([_example()])
            >>> kg.top_actors(2).label.tolist()
            ['Islamic State', 'Russia']
        """
        if by not in ("events", "degree"):
            raise GeoKGError(f"top_actors(by={by!r}): expected 'events' or 'degree'")
        frame = self.entities()
        order = sorted(
            frame.index,
            key=lambda i: (
                -int(frame.at[i, by]),
                -int(frame.at[i, "degree"]),
                str(frame.at[i, "label"]),
            ),
        )
        return frame.loc[order[:n]]

    # --- parts of the graph --------------------------------------------------------------

    def find(self, name: str) -> str:
        """The id of the node that ``name`` names: an id, label, mention or ISO code.

        Case does not matter. An id wins over a label, a label over a mention,
        a mention over an ISO code; among equals the node with most relations.

        Raises:
            GeoKGError: no node has that name (the message suggests close ones).

        Example:
            >>> kg = KnowledgeGraph.from_extractions([_example()])
            >>> kg.find("islamic state"), kg.find("the Kremlin")
            ('islamic-state', 'RUS')
        """
        G = self._graph
        want = name.strip().casefold()
        tests: list[Callable[[Any, Mapping[str, Any]], bool]] = [
            lambda n, d: str(n).casefold() == want,
            lambda n, d: str(d.get("label", "")).casefold() == want,
            lambda n, d: any(str(m).casefold() == want for m in d.get("mentions", ())),
            lambda n, d: str(d.get("iso3") or "").casefold() == want,
        ]
        for test in tests:
            hits = [n for n, d in G.nodes(data=True) if test(n, d)]
            if hits:
                return min(hits, key=lambda n: (-G.degree(n), str(n)))
        names = sorted({str(d.get("label", n)) for n, d in G.nodes(data=True)})
        close = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
        raise GeoKGError(
            f"no actor named {name!r} in the graph (ids, labels, mentions, ISO codes){hint}"
        )

    def actor(self, name: str, *, radius: int = 1) -> KnowledgeGraph:
        """The ego network of an actor: it, the actors ``radius`` relations away, their relations.

        Direction is ignored for the distance; every relation among the kept
        actors stays (as :func:`networkx.ego_graph` does), hedged ones too.

        Args:
            name: an id, label, mention or ISO code (see :meth:`find`).
            radius: how many relations away an actor may be.

        Example:
            >>> kg = KnowledgeGraph.from_extractions([_example()])
            >>> sorted(kg.actor("Russia").nx.nodes)
            ['RUS', 'islamic-state']
        """
        center = self.find(name)
        keep = set(nx.ego_graph(self._graph, center, radius=radius, undirected=True).nodes)
        edges = [
            e for e in self._graph.edges(keys=True, data=True) if e[0] in keep and e[1] in keep
        ]
        return self._sub(edges, nodes=keep)

    def filter(
        self,
        *,
        predicates: str | Iterable[str] | None = None,
        since: str | dt.date | None = None,
        until: str | dt.date | None = None,
        include_hedged: bool = False,
        types: str | Iterable[str] | None = None,
    ) -> KnowledgeGraph:
        """The relations that pass every test given, and the nodes they join.

        Nodes left without a relation are dropped; documents are those of the
        relations kept.

        Args:
            predicates: keep these predicates only (a name or several).
            since: keep relations dated on or after this day (``"2019-10-01"``;
                ``"2019-10"`` and ``"2019"`` mean its first day).
            until: keep relations dated on or before this day (``"2019"``
                means up to its last day). With ``since`` or ``until``,
                undated relations are dropped.
            include_hedged: keep negated and hypothetical relations too.
            types: keep nodes of these entity types only (``"Country"``, ...).

        Raises:
            GeoKGError: an unknown predicate or type, or a date that is not
                ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

        Example:
            >>> kg = KnowledgeGraph.from_extractions([_example()])
            >>> kg.filter(predicates="strikes").summary()["edges_by_predicate"]
            {'strikes': 1}
            >>> len(kg.filter(since="2020").nx)
            0
        """
        wanted = _names(predicates, PREDICATES, "predicate")
        kinds = _names(types, ENTITY_TYPES, "entity type")
        low = _date_bound(since, "since", end=False)
        high = _date_bound(until, "until", end=True)
        G = self._graph

        def keep(u: Any, v: Any, d: Mapping[str, Any]) -> bool:
            if wanted is not None and d.get("predicate") not in wanted:
                return False
            if not include_hedged and _hedged(d):
                return False
            if kinds is not None and not {G.nodes[u].get("type"), G.nodes[v].get("type")} <= kinds:
                return False
            if low is not None or high is not None:
                day = str(d.get("date") or "")[:10]
                if not day or (low is not None and day < low) or (high is not None and day > high):
                    return False
            return True

        return self._sub([e for e in G.edges(keys=True, data=True) if keep(e[0], e[1], e[3])])

    def _sub(
        self, edges: list[tuple[Any, Any, Any, dict[str, Any]]], *, nodes: Iterable[Any] = ()
    ) -> KnowledgeGraph:
        G = self._graph
        keep = set(nodes) | {u for u, *_ in edges} | {v for _, v, *_ in edges}
        docs = sorted({str(d["doc_id"]) for *_, d in edges if d.get("doc_id")})
        meta = G.graph.get("doc_meta", {})
        H = nx.MultiDiGraph()
        H.graph.update({k: v for k, v in G.graph.items() if k not in ("documents", "doc_meta")})
        H.graph["documents"] = docs
        H.graph["doc_meta"] = {doc: dict(meta[doc]) for doc in docs if doc in meta}
        H.add_nodes_from((n, dict(d)) for n, d in G.nodes(data=True) if n in keep)
        H.add_edges_from((u, v, k, dict(d)) for u, v, k, d in edges)
        return KnowledgeGraph(H)

    # --- seeing it and keeping it ------------------------------------------------------

    def html(self, *, title: str = "geokg", mode: str = "auto") -> str:
        """The interactive page (:func:`geokg.view.generate_html`): self-contained, offline.

        Args:
            title: the page title.
            mode: ``"full"``, ``"events"``, ``"dyads"`` or ``"auto"`` (the event
                graph beyond a few dozen actors): :mod:`geokg.view.modes`.

        Example:
            >>> page = KnowledgeGraph.from_extractions([_example()]).html(title="Syria")
            >>> page.startswith("<!DOCTYPE html>"), "<title>Syria</title>" in page
            (True, True)
        """
        from geokg.view import generate_html

        return generate_html(self._graph, title=title, mode=mode)

    def show(self, *, height: int = 650, title: str = "geokg", mode: str = "auto") -> GraphView:
        """The interactive view, for a notebook cell (or ``.save(path)`` it as a page).

        Example:
            >>> view = KnowledgeGraph.from_extractions([_example()]).show()
            >>> view._repr_html_().startswith("<iframe")
            True
        """
        from geokg.view.notebook import GraphView

        return GraphView(self.html(title=title, mode=mode), height=height)

    def map(self, *, height: int = 620, title: str = "geokg") -> GraphView:
        """The map of the events (:func:`geokg.view.generate_map`), for a notebook cell.

        Countries shaded by the events their actors take part in, an arc per
        country dyad and PLOVER category, located events as points; hover for
        the sentences, filter by predicate, type, sector and dates. Offline,
        like ``graph-map.html``; ``.save(path)`` writes the page.

        Example:
            >>> view = KnowledgeGraph.from_extractions([_example()]).map(height=400)
            >>> view._repr_html_().startswith('<iframe title="geokg map"')
            True
        """
        from geokg.view import generate_map
        from geokg.view.notebook import GraphView

        return GraphView(generate_map(self._graph, title=title), height=height, label="geokg map")

    def plot(self, *, top: int = 25, title: str | None = None, mode: str = "auto") -> Figure:
        """A matplotlib figure of the graph (:func:`geokg.view.draw`); top actors labelled.

        Args:
            top: how many actors get a label.
            title: the figure title (default: the counts).
            mode: ``"full"`` (every relation), ``"events"`` (the event graph),
                ``"dyads"`` (persons drawn as their countries) or ``"auto"``
                (the event graph beyond a few dozen actors).

        Example:
            >>> fig = KnowledgeGraph.from_extractions([_example()]).plot()
            >>> sorted(t.get_text() for t in fig.axes[0].texts)
            ['Islamic State', 'Russia']
        """
        from geokg.view import draw

        return draw(self._graph, top=top, title=title, mode=mode)

    def event_counts(
        self,
        actor: str | None = None,
        *,
        dyad: tuple[str, str] | None = None,
        by: str = "month",
        include_hedged: bool = False,
        members: bool = True,
    ) -> pd.DataFrame:
        """Events per period and PLOVER category (:func:`geokg.view.event_counts`).

        Args:
            actor: only the events of this actor (an id, label, mention or ISO
                code, see :meth:`find`); a country stands for its people and
                bodies too unless ``members=False``.
            dyad: only the events between these two actors, either direction.
            by: ``"day"``, ``"week"``, ``"month"``, ``"quarter"`` or ``"year"``.
            include_hedged: count negated and hypothetical relations too.
            members: a country counts the events of the actors that belong to it.

        Example:
            >>> KnowledgeGraph.from_extractions([_example()]).event_counts("Russia")
                     ASSAULT
            2015-10        1
        """
        from geokg.view import event_counts

        return event_counts(
            self._graph,
            actor=self.find(actor) if actor is not None else None,
            dyad=(self.find(dyad[0]), self.find(dyad[1])) if dyad is not None else None,
            by=by,
            include_hedged=include_hedged,
            members=members,
        )

    def timeline(
        self,
        actor: str | None = None,
        *,
        dyad: tuple[str, str] | None = None,
        by: str = "month",
        include_hedged: bool = False,
        members: bool = True,
        title: str | None = None,
    ) -> Figure:
        """Events per period stacked by PLOVER category (:func:`geokg.view.timeline`).

        Arguments as :meth:`event_counts`, which gives the numbers drawn. With
        neither ``actor`` nor ``dyad``, every event of the graph.

        Example:
            >>> kg = KnowledgeGraph.from_extractions([_example()])
            >>> fig = kg.timeline(dyad=("Russia", "Islamic State"))
            >>> [c.get_label() for c in fig.axes[0].containers]
            ['ASSAULT']
        """
        from geokg.view import timeline

        return timeline(
            self._graph,
            actor=self.find(actor) if actor is not None else None,
            dyad=(self.find(dyad[0]), self.find(dyad[1])) if dyad is not None else None,
            by=by,
            include_hedged=include_hedged,
            members=members,
            title=title,
        )

    def save(self, out_dir: str | os.PathLike[str], *, title: str = "geokg") -> dict[str, Path]:
        """Write :data:`GRAPH_FILES` into ``out_dir`` (made if missing), each atomically.

        Returns:
            the path of each file written, by name.

        Example:
            >>> import tempfile
            >>> kg = KnowledgeGraph.from_extractions([_example()])
            >>> with tempfile.TemporaryDirectory() as tmp:
            ...     written = kg.save(tmp)
            ...     back = load(tmp)
            >>> sorted(written) == sorted(GRAPH_FILES), nx.utils.graphs_equal(back.nx, kg.nx)
            (True, True)
        """
        from geokg.exports import (
            write_events_csv,
            write_events_parquet,
            write_gexf,
            write_graphml,
            write_turtle_fast,
        )
        from geokg.store import write_graph_json
        from geokg.view import (
            layout,
            layout_graph,
            write_html,
            write_map,
            write_png,
            write_timeline,
        )

        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        G = self._graph
        pos = layout(layout_graph(G, "auto"))  # one layout for the page and the picture
        write_graph_json(G, out / "graph.json")
        # Oxigraph's writer: the triples of write_turtle, 10x faster on big graphs
        write_turtle_fast(G, out / "graph.ttl")
        write_gexf(G, out / "graph.gexf", dynamic=True)
        write_gexf(self.collapsed(), out / "graph-collapsed.gexf")
        write_graphml(G, out / "graph.graphml")
        write_events_csv(G, out / "events.csv")
        write_events_parquet(G, out / "events.parquet")
        write_html(G, out / "graph.html", pos=pos, title=title)
        write_png(G, out / "graph.png", pos=pos)
        write_map(G, out / "graph-map.html", title=title)
        write_timeline(G, out / "timeline.png")
        written = {name: out / name for name in GRAPH_FILES}
        self.outputs.update(written)
        logger.info("wrote %s into %s", ", ".join(GRAPH_FILES), out)
        return written

    def __repr__(self) -> str:
        return f"<KnowledgeGraph: {_counts(self._graph)}>"

    def _repr_html_(self) -> str:
        G = self._graph
        stats = self.summary()
        degree = sorted(G.nodes, key=lambda n: (-G.degree(n), str(G.nodes[n].get("label", n))))[:8]
        top = ", ".join(
            f"{html.escape(str(G.nodes[n].get('label', n)))} ({G.degree(n)})" for n in degree
        )

        def table(title: str, counts: Mapping[str, int]) -> str:
            rows = "".join(
                f"<tr><td style='text-align:left'>{html.escape(k)}</td><td>{v}</td></tr>"
                for k, v in counts.items()
            )
            return (
                "<table style='display:inline-table;vertical-align:top;margin-right:2em'>"
                f"<thead><tr><th style='text-align:left'>{title}</th><th>n</th></tr></thead>"
                f"<tbody>{rows}</tbody></table>"
            )

        hedged = f" ({stats['hedged']} negated or hypothetical)" if stats["hedged"] else ""
        return (
            "<div class='geokg-summary'>"
            f"<p><b>KnowledgeGraph</b>: {html.escape(_counts(G))}{hedged}</p>"
            + table("node type", stats["nodes_by_type"])
            + table("predicate", stats["edges_by_predicate"])
            + (f"<p>Most connected: {top}</p>" if top else "")
            + "</div>"
        )


def load(path: str | os.PathLike[str]) -> KnowledgeGraph:
    """The graph saved by :meth:`KnowledgeGraph.save` or ``geokg build``.

    Args:
        path: the output folder (its ``graph.json`` is read) or a ``graph.json`` file.

    Raises:
        InputError: no ``graph.json`` there, or it is not a geokg graph.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     _ = KnowledgeGraph.from_extractions([_example()]).save(tmp)
        ...     load(tmp)
        <KnowledgeGraph: 1 document, 2 nodes, 1 relation>
    """
    from geokg.store import read_graph_json

    target = Path(path)
    if target.is_dir():
        target = target / "graph.json"
    if not target.is_file():
        raise InputError(
            os.fspath(target),
            "no such file; load() reads the graph.json that KnowledgeGraph.save(folder) "
            "and `geokg build -o folder` write",
        )
    return KnowledgeGraph(read_graph_json(target), outputs={"graph.json": target})


def _hedged(data: Mapping[str, Any]) -> bool:
    return bool(data.get("negated")) or bool(data.get("hypothetical"))


def _counts(G: nx.MultiDiGraph) -> str:
    docs, nodes, edges = len(G.graph.get("documents", ())), G.number_of_nodes(), G.number_of_edges()
    return (
        f"{docs} document{'s' * (docs != 1)}, {nodes} node{'s' * (nodes != 1)}, "
        f"{edges} relation{'s' * (edges != 1)}"
    )


def _names(
    value: str | Iterable[str] | None, known: Iterable[str], what: str
) -> frozenset[str] | None:
    if value is None:
        return None
    names = frozenset([value] if isinstance(value, str) else value)
    unknown = sorted(names - set(known))
    if unknown:
        raise GeoKGError(
            f"unknown {what} {', '.join(map(repr, unknown))}; expected some of {', '.join(known)}"
        )
    return names


def _date_bound(value: str | dt.date | None, name: str, *, end: bool) -> str | None:
    """``YYYY-MM-DD`` for a bound; a year or month stands for its first (or last) day."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    text = str(value).strip()
    if not _DATE.fullmatch(text):
        raise GeoKGError(f"{name}={value!r} is not a date; write YYYY-MM-DD, YYYY-MM or YYYY")
    # Lexical comparison of ISO dates: "-99" sorts after every real month or day.
    pad = "-99-99" if end else "-00-00"
    return text + pad[len(text) - 4 :]


def _example() -> Extraction:
    """A one-relation extraction for the examples of this module."""
    from geokg.model import Entity, Relation

    ents = (
        Entity("RUS", "Russia", "Country", iso3="RUS", mentions=("Russia", "the Kremlin")),
        Entity("islamic-state", "Islamic State", "Group", mentions=("Islamic State",)),
    )
    rels = (
        Relation(
            "RUS",
            "strikes",
            "islamic-state",
            "Russia launched air strikes on Islamic State.",
            0,
            45,
        ),
    )
    return Extraction("d1", ents, rels, meta={"date": "2015-10-01", "title": "Russia strikes"})
