"""SPARQL over a geokg graph, in rdflib's memory store or in Oxigraph.

Notebooks query a graph directly::

    >>> from geokg.sparql import load
    >>> store = load("geokg-out/graph.ttl")                       # doctest: +SKIP
    >>> store.query("SELECT ?s ?o WHERE { ?s geokg:strikes ?o }").to_dataframe()  # doctest: +SKIP

:func:`load` reads RDF files into a :class:`Store`; :func:`query` runs one
query on a file, a store, an rdflib graph or a :func:`geokg.graph.build_graph`
multigraph. Both engines return the same :class:`QueryResult` (rdflib terms,
so answers compare equal across engines); ``engine="auto"`` picks Oxigraph
for files over :data:`AUTO_OXIGRAPH_BYTES`: past a million triples rdflib
loads several times slower with three times the memory, and answers the
example queries several times slower (``benchmarks/sparql.py``; the README
has the figures). The :data:`PREFIXES` (``geokg:``, ``ent:``, ``rdfs:`` ...)
are declared for every query.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from geokg.errors import GeoKGError, InputError

__all__ = [
    "AUTO_OXIGRAPH_BYTES",
    "ENGINES",
    "PREFIXES",
    "QueryError",
    "QueryResult",
    "Store",
    "choose_engine",
    "load",
    "query",
]

logger = logging.getLogger(__name__)

ENGINES = ("rdflib", "oxigraph")
#: With ``engine="auto"``, files larger than this in total (about 200,000 triples
#: of geokg Turtle) are loaded into Oxigraph, smaller ones into rdflib.
AUTO_OXIGRAPH_BYTES = 20_000_000

#: Prefixes every query may use without declaring them.
PREFIXES: Mapping[str, str] = {
    "geokg": "https://w3id.org/geokg/ontology#",
    "ent": "https://w3id.org/geokg/id/",
    "doc": "https://w3id.org/geokg/doc/",
    "stmt": "https://w3id.org/geokg/stmt/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "geo": "http://www.opengis.net/ont/geosparql#",
    "sf": "http://www.opengis.net/ont/sf#",
    "wgs": "http://www.w3.org/2003/01/geo/wgs84_pos#",
}

# suffix -> (rdflib format, pyoxigraph RdfFormat name, holds named graphs)
_FORMATS = {
    ".ttl": ("turtle", "TURTLE", False),
    ".turtle": ("turtle", "TURTLE", False),
    ".nt": ("nt", "N_TRIPLES", False),
    ".n3": ("n3", "N3", False),
    ".rdf": ("xml", "RDF_XML", False),
    ".owl": ("xml", "RDF_XML", False),
    ".xml": ("xml", "RDF_XML", False),
    ".nq": ("nquads", "N_QUADS", True),
    ".trig": ("trig", "TRIG", True),
}
_XSD_STRING = str(XSD.string)


class QueryError(GeoKGError):
    """A query cannot run: bad syntax, an unknown engine, or too many rows."""


@dataclass(frozen=True)
class QueryResult:
    """The answer to a query, the same whichever engine ran it.

    Attributes:
        kind: ``"SELECT"``, ``"ASK"`` or ``"CONSTRUCT"`` (also for DESCRIBE).
        vars: the variable names of a SELECT, in order.
        rows: one tuple per solution, aligned with ``vars``: rdflib terms
            (``URIRef``, ``Literal``, ``BNode``), None where a variable is unbound.
        boolean: the answer of an ASK.
        triples: the triples of a CONSTRUCT or DESCRIBE.
    """

    kind: str
    vars: tuple[str, ...] = ()
    rows: tuple[tuple[Node | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[tuple[Node, Node, Node], ...] = ()

    def __len__(self) -> int:
        return len(self.triples) if self.kind == "CONSTRUCT" else len(self.rows)

    def __iter__(self) -> Iterator[tuple[Node | None, ...]]:
        return iter(self.rows)

    def records(self) -> list[dict[str, Any]]:
        """The rows as dicts of plain Python values (str, int, float, bool, date, None).

        Example:
            >>> r = QueryResult("SELECT", ("n",), ((Literal(3),),))
            >>> r.records()
            [{'n': 3}]
        """
        return [{v: _python(t) for v, t in zip(self.vars, row, strict=True)} for row in self.rows]

    def to_dataframe(self) -> Any:
        """The rows as a pandas DataFrame of plain Python values, one column per variable."""
        import pandas as pd

        return pd.DataFrame(self.records(), columns=list(self.vars))

    def to_graph(self) -> Graph:
        """The triples of a CONSTRUCT or DESCRIBE as an rdflib graph."""
        g = Graph()
        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns)
        for triple in self.triples:
            g.add(triple)
        return g

    def to_json(self) -> str:
        """SPARQL 1.1 Query Results JSON (SELECT, ASK) or JSON-LD (CONSTRUCT)."""
        if self.kind == "CONSTRUCT":
            return self.to_graph().serialize(format="json-ld")
        if self.kind == "ASK":
            return json.dumps({"head": {}, "boolean": bool(self.boolean)})
        bindings = [
            {v: _json_term(t) for v, t in zip(self.vars, row, strict=True) if t is not None}
            for row in self.rows
        ]
        return json.dumps(
            {"head": {"vars": list(self.vars)}, "results": {"bindings": bindings}},
            ensure_ascii=False,
        )

    def to_csv(self) -> str:
        """SPARQL 1.1 Query Results CSV (values only, ``\\r\\n`` line ends)."""
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        if self.kind == "ASK":
            writer.writerows([["boolean"], [str(bool(self.boolean)).lower()]])
            return buf.getvalue()
        if self.kind == "CONSTRUCT":
            writer.writerow(["subject", "predicate", "object"])
            writer.writerows([_csv_term(t) for t in triple] for triple in self.triples)
            return buf.getvalue()
        writer.writerow(self.vars)
        writer.writerows([_csv_term(t) for t in row] for row in self.rows)
        return buf.getvalue()

    def to_tsv(self) -> str:
        """SPARQL 1.1 Query Results TSV (terms in N-Triples form)."""
        if self.kind == "ASK":
            return f"?boolean\n{str(bool(self.boolean)).lower()}\n"
        if self.kind == "CONSTRUCT":
            return "".join(" ".join(t.n3() for t in triple) + " .\n" for triple in self.triples)
        lines = ["\t".join(f"?{v}" for v in self.vars)]
        lines += ["\t".join("" if t is None else t.n3() for t in row) for row in self.rows]
        return "\n".join(lines) + "\n"


def _python(term: Node | None) -> Any:
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return float(value) if isinstance(value, Decimal) else value
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if isinstance(term, Literal) and term.language:
        out["xml:lang"] = term.language
    elif isinstance(term, Literal) and term.datatype is not None:
        out["datatype"] = str(term.datatype)
    return out


def _csv_term(term: Node | None) -> str:
    if term is None:
        return ""
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def _format_of(path: Path) -> tuple[str, str, bool]:
    try:
        return _FORMATS[path.suffix.lower()]
    except KeyError:
        raise InputError(
            str(path),
            f"unknown RDF file type {path.suffix!r}; expected one of {', '.join(sorted(_FORMATS))}",
        ) from None


def choose_engine(paths: Sequence[str | os.PathLike[str]], engine: str = "auto") -> str:
    """The engine :func:`load` uses: ``engine`` itself, or for ``"auto"`` by total file size.

    Raises:
        QueryError: ``engine`` is not ``"auto"``, ``"rdflib"`` or ``"oxigraph"``.
    """
    if engine in ENGINES:
        return engine
    if engine != "auto":
        raise QueryError(f"unknown engine {engine!r}; expected auto, {' or '.join(ENGINES)}")
    size = sum(Path(p).stat().st_size for p in paths if Path(p).is_file())
    return "oxigraph" if size > AUTO_OXIGRAPH_BYTES else "rdflib"


class Store:
    """An RDF graph held for SPARQL by rdflib (in memory) or Oxigraph (in memory, or on disk).

    Build one with :func:`load` (files, or a build folder), :meth:`from_graph`
    or :meth:`open` (a build's on-disk store); then :meth:`query` as often as needed.

    Example:
        >>> from rdflib import Graph, URIRef
        >>> g = Graph()
        >>> g.add((URIRef("https://w3id.org/geokg/id/RUS"),
        ...        URIRef("https://w3id.org/geokg/ontology#strikes"),
        ...        URIRef("https://w3id.org/geokg/id/islamic-state")))  # doctest: +ELLIPSIS
        <Graph ...>
        >>> for engine in ("rdflib", "oxigraph"):
        ...     print(Store.from_graph(g, engine=engine).query(
        ...         "SELECT ?o WHERE { ent:RUS geokg:strikes ?o }").records())
        [{'o': 'https://w3id.org/geokg/id/islamic-state'}]
        [{'o': 'https://w3id.org/geokg/id/islamic-state'}]
    """

    def __init__(self, *, engine: str = "rdflib") -> None:
        if engine not in ENGINES:
            raise QueryError(f"unknown engine {engine!r}; expected {' or '.join(ENGINES)}")
        self.engine = engine
        self._rdflib: Graph | None = None
        self._ox: Any = None
        self._opened: Any = None  # the build's on-disk store, when open() made this one
        if engine == "oxigraph":
            import pyoxigraph

            self._ox = pyoxigraph.Store()
        else:
            self._rdflib = Graph()

    @classmethod
    def from_graph(cls, graph: Graph | nx.MultiDiGraph, *, engine: str = "rdflib") -> Store:
        """A store of an rdflib graph, or of a :func:`geokg.graph.build_graph` multigraph."""
        if isinstance(graph, nx.Graph):
            from geokg.exports import to_rdf

            graph = to_rdf(graph)
        store = cls(engine=engine)
        if store._rdflib is not None:
            store._rdflib += graph
            for prefix, ns in graph.namespaces():
                store._rdflib.bind(prefix, ns, override=False)
        else:
            import pyoxigraph

            data = graph.serialize(format="nt", encoding="utf-8")
            store._ox.load(data, format=pyoxigraph.RdfFormat.N_TRIPLES)
        return store

    @classmethod
    def open(cls, folder: str | os.PathLike[str]) -> Store:
        """The on-disk Oxigraph store of a ``geokg build`` output folder, read-only.

        Opening takes milliseconds whatever the size: nothing is parsed
        (:func:`geokg.triplestore.open_store`).

        Raises:
            InputError: the folder has no store, or its store is older than its graph.
        """
        from geokg.triplestore import open_store

        opened = open_store(folder)
        store = cls.__new__(cls)
        store.engine, store._rdflib, store._ox, store._opened = (
            "oxigraph",
            None,
            opened.store,
            opened,
        )
        return store

    def close(self) -> None:
        """Release the on-disk store (a later build may then remove its generation)."""
        if self._opened is not None:
            self._opened.close()
            self._opened, self._ox = None, None

    def add_file(self, path: str | os.PathLike[str]) -> None:
        """Parse one RDF file (by suffix: .ttl, .nt, .nq, .trig, .rdf, .n3) into the store.

        The default graph of a query is the union of all graphs; rdflib keeps
        no graph names (the quads of .nq and .trig files are merged), Oxigraph does.

        Raises:
            InputError: the file is missing, of an unknown type, or not valid RDF.
        """
        p = Path(path)
        rdflib_format, ox_format, quads = _format_of(p)
        if not p.is_file():
            raise InputError(str(p), "no such file; give the path of an RDF file (graph.ttl)")
        try:
            if self._rdflib is not None and quads:
                import pyoxigraph  # rdflib's quad parsers warn (deprecated Dataset API)

                for q in pyoxigraph.parse(
                    path=str(p), format=getattr(pyoxigraph.RdfFormat, ox_format)
                ):
                    self._rdflib.add((_term(q.subject), _term(q.predicate), _term(q.object)))
            elif self._rdflib is not None:
                self._rdflib.parse(p, format=rdflib_format)
            else:
                import pyoxigraph

                self._ox.load(path=str(p), format=getattr(pyoxigraph.RdfFormat, ox_format))
        except (SyntaxError, ValueError, OSError, UnicodeDecodeError) as exc:
            raise InputError(str(p), f"not valid {rdflib_format} RDF: {exc}") from exc
        except Exception as exc:  # rdflib's parsers raise their own exception classes
            raise InputError(str(p), f"not valid {rdflib_format} RDF: {exc}") from exc

    def __len__(self) -> int:
        if self._opened is not None:
            return self._opened.triples  # counting a million triples on disk takes a while
        return len(self._rdflib) if self._rdflib is not None else len(self._ox)

    def __repr__(self) -> str:
        return f"<Store engine={self.engine}>"

    def query(
        self,
        sparql: str,
        *,
        prefixes: Mapping[str, str] | None = None,
        max_rows: int | None = None,
    ) -> QueryResult:
        """Run a SPARQL 1.1 query (SELECT, ASK, CONSTRUCT or DESCRIBE).

        Args:
            sparql: the query text.
            prefixes: prefixes the query may use undeclared (default :data:`PREFIXES`).
            max_rows: raise rather than return more rows (or triples) than this.

        Raises:
            QueryError: the query is not valid SPARQL, is an update, or its
                answer has more than ``max_rows`` rows.
        """
        ns = dict(PREFIXES if prefixes is None else prefixes)
        try:
            if self._rdflib is not None:
                return _rdflib_query(self._rdflib, sparql, ns, max_rows)
            return _ox_query(self._ox, sparql, ns, max_rows)
        except QueryError:
            raise
        except Exception as exc:  # each engine has its own parse and evaluation errors
            raise QueryError(f"the query failed ({self.engine}): {exc}") from exc


def _too_many(max_rows: int) -> QueryError:
    return QueryError(
        f"the answer has more than {max_rows} rows; add a LIMIT (or raise the row limit)"
    )


def _take(items: Iterable[Any], max_rows: int | None) -> list[Any]:
    out = []
    for item in items:
        if max_rows is not None and len(out) >= max_rows:
            raise _too_many(max_rows)
        out.append(item)
    return out


def _rdflib_query(
    g: Graph, sparql: str, ns: Mapping[str, str], max_rows: int | None
) -> QueryResult:
    result = g.query(sparql, initNs=ns)
    if result.type == "ASK":
        return QueryResult("ASK", boolean=bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        triples = _take(iter(result.graph), max_rows) if result.graph is not None else []
        return QueryResult("CONSTRUCT", triples=tuple(sorted(triples)))
    names = tuple(str(v) for v in (result.vars or ()))
    rows = _take((tuple(row) for row in result), max_rows)
    return QueryResult("SELECT", vars=names, rows=tuple(rows))


def _ox_query(store: Any, sparql: str, ns: Mapping[str, str], max_rows: int | None) -> QueryResult:
    import pyoxigraph

    result = store.query(sparql, prefixes=dict(ns), use_default_graph_as_union=True)
    if isinstance(result, pyoxigraph.QueryBoolean):
        return QueryResult("ASK", boolean=bool(result))
    if isinstance(result, pyoxigraph.QueryTriples):
        triples = _take(
            ((_term(t.subject), _term(t.predicate), _term(t.object)) for t in result), max_rows
        )
        return QueryResult("CONSTRUCT", triples=tuple(sorted(triples)))
    names = tuple(v.value for v in result.variables)
    rows = _take((tuple(_term(sol[i]) for i in range(len(names))) for sol in result), max_rows)
    return QueryResult("SELECT", vars=names, rows=tuple(rows))


def _term(term: Any) -> Node | None:
    """An rdflib term for a pyoxigraph term."""
    import pyoxigraph

    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == _XSD_STRING else URIRef(datatype))
    return Literal(str(term))  # an RDF-star quoted triple: shown as text


def load(*paths: str | os.PathLike[str], engine: str = "auto") -> Store:
    """Read RDF files into a :class:`Store` for querying, or open a build's store.

    Args:
        paths: one or more RDF files (.ttl, .nt, .nq, .trig, .rdf, .n3), or
            the output folder of ``geokg build``, whose on-disk Oxigraph store
            is opened as it is (milliseconds; :meth:`Store.open`).
        engine: ``"rdflib"``, ``"oxigraph"`` or ``"auto"`` (Oxigraph past
            :data:`AUTO_OXIGRAPH_BYTES` in total; always for a folder, whose
            ``graph.ttl`` ``"rdflib"`` reads instead).

    Raises:
        InputError: a file is missing or not valid RDF.
        QueryError: an unknown engine.

    Example:
        >>> store = load("geokg-out/graph.ttl")                       # doctest: +SKIP
        >>> store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").records()  # doctest: +SKIP
        [{'n': 11454}]
    """
    if not paths:
        raise InputError("(no file)", "give at least one RDF file to load")
    folders = [p for p in paths if Path(p).is_dir()]
    if folders:
        if len(paths) > 1:
            raise InputError(
                str(folders[0]), "give one build folder alone, or RDF files (not both)"
            )
        if engine == "rdflib":
            return load(Path(folders[0]) / "graph.ttl", engine="rdflib")
        choose_engine([], engine)  # an unknown engine name still raises
        store = Store.open(folders[0])
        logger.info("opened the store of %s (%d triples)", folders[0], len(store))
        return store
    chosen = choose_engine(paths, engine)
    store = Store(engine=chosen)
    for path in paths:
        store.add_file(path)
    logger.info("loaded %d triples into %s from %s", len(store), chosen, ", ".join(map(str, paths)))
    return store


def query(
    source: str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | Store | Graph | nx.Graph,
    sparql: str,
    *,
    engine: str = "auto",
    prefixes: Mapping[str, str] | None = None,
    max_rows: int | None = None,
) -> QueryResult:
    """Run one SPARQL query on a file (or files), a :class:`Store`, an rdflib graph or a multigraph.

    Loading is the slow part: to run several queries on one file, :func:`load` it once.

    Example:
        >>> from geokg.graph import build_graph
        >>> from geokg.model import Entity, Extraction, Relation
        >>> ents = (Entity("A", "Alpha", "Country"), Entity("B", "Beta", "Country"))
        >>> G = build_graph([Extraction("d", ents, (Relation("A", "warns", "B", "s", 0, 1),))])
        >>> query(G, '''SELECT ?who WHERE { ?s geokg:warns ?o . ?s rdfs:label ?who }''').records()
        [{'who': 'Alpha'}]
    """
    if isinstance(source, Store):
        store = source
    elif isinstance(source, Graph | nx.Graph):
        store = Store.from_graph(source, engine="rdflib" if engine == "auto" else engine)
    elif isinstance(source, str | os.PathLike):
        store = load(source, engine=engine)
    else:
        store = load(*source, engine=engine)
    return store.query(sparql, prefixes=prefixes, max_rows=max_rows)
