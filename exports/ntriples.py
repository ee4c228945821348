"""N-Triples, streamed: the RDF of :func:`geokg.exports.turtle.to_rdf`, line by line.

rdflib first builds the whole graph in memory, one Python object per term,
and then serializes it, which takes minutes for millions of triples.
:func:`generate_ntriples` writes each triple as an N-Triples line as soon as
it is known: the ontology, entities and triple summaries through turtle.py's
own mapping functions, documents and relations (nearly all of a big graph)
directly, with turtle.py's IRIs and literal forms. tests/test_fast_rdf.py
checks that the lines parse to ``to_rdf``'s graph. No rdflib ``Graph`` is
built; a 16-byte digest per triple drops repeats. The lines follow the
graph's order (build_graph's, which is sorted), so the same graph gives the
same bytes.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import networkx as nx
from rdflib import BNode, Literal, URIRef

from geokg.errors import ExportError
from geokg.exports._atomic import atomic_write

__all__ = ["diff_lines", "generate_ntriples", "iter_lines", "ntriples_line", "write_ntriples"]

# N-Triples escapes in literals: the four it requires, plus the other C0
# controls and DEL, which some strict parsers reject raw.
_LITERAL_ESCAPES = {
    ord("\\"): "\\\\",
    ord('"'): '\\"',
    ord("\n"): "\\n",
    ord("\r"): "\\r",
    ord("\t"): "\\t",
}
_LITERAL_ESCAPES.update(
    {c: f"\\u{c:04X}" for c in [*range(0x20), 0x7F] if c not in _LITERAL_ESCAPES}
)
# Characters an IRIREF may not hold raw.
_IRI_ESCAPES = {c: f"\\u{c:04X}" for c in [*range(0x21), *map(ord, '<>"{}|^`\\')]}
_SURROGATES = {c: "\ufffd" for c in range(0xD800, 0xE000)}
_LITERAL_ESCAPES.update(_SURROGATES)
_IRI_ESCAPES.update(_SURROGATES)


class _Sink:
    """Stands in for the rdflib ``Graph`` that turtle.py's mapping adds triples to."""

    __slots__ = ("add",)

    def __init__(self, add: Callable[[tuple[Any, Any, Any]], None]) -> None:
        self.add = add


def iter_lines(G: nx.MultiDiGraph) -> Iterator[str]:
    """The N-Triples lines (no newline) of ``to_rdf(G)``, in the graph's order (repeats possible).

    The ontology, entities and triple summaries go through turtle.py's own
    mapping; documents and relations, nearly all of a big graph's triples,
    are written here directly, with turtle.py's IRIs and literal forms (an
    rdflib term per value would cost more than the rest together).
    tests/test_fast_rdf.py checks that the result is ``to_rdf``'s graph.

    Raises:
        ExportError: as :func:`~geokg.exports.turtle.to_rdf` (not a multigraph,
            unknown predicate, an edge key used twice).
    """
    from geokg.exports import turtle as ttl
    from geokg.exports.ontology import load_ontology
    from geokg.graph.aggregate import event_degrees, summarize

    if not G.is_multigraph():
        raise ExportError(
            f"N-Triples export needs the MultiDiGraph of build_graph(), got a {type(G).__name__}; "
            "export the graph before collapse()"
        )
    terms = _Terms()
    buffer: list[tuple[Any, Any, Any]] = []
    sink = _Sink(buffer.append)

    def drain() -> Iterator[str]:
        yield from (terms.line(t) for t in buffer)
        buffer.clear()

    yield from (terms.line(t) for t in load_ontology())
    for node, data in G.nodes(data=True):
        ttl._add_entity(sink, str(node), data)
        yield from drain()
    doc_meta = G.graph.get("doc_meta", {})
    for doc_id in sorted({*G.graph.get("documents", ()), *doc_meta}):
        yield from terms.document(str(doc_id), doc_meta.get(doc_id, {}))
    for u, v, key, data in ttl._relation_edges(G, "the RDF export"):
        yield from terms.relation(u, v, key, data)
    summaries = summarize(G)
    for summary in summaries:
        ttl._add_summary(sink, summary)
        yield from drain()
    for actor, (degree, relations) in event_degrees(summaries).items():
        ttl._add_degree(sink, actor, degree, relations)
        yield from drain()


class _Terms:
    """N-Triples forms of geokg's terms, each IRI and repeated literal made once."""

    def __init__(self) -> None:
        from rdflib import RDF, XSD
        from rdflib.namespace import DCTERMS, PROV

        from geokg.exports.turtle import iri_for

        self.iri_for = iri_for
        self.iris: dict[str, str] = {}
        self._cache: dict[tuple[str, str], str] = {}
        self._literals: dict[tuple[str, Any], str] = {}
        iri = self.iri
        self.TYPE, self.STATEMENT = iri(RDF.type), iri(RDF.Statement)
        self.SUBJECT, self.PREDICATE, self.OBJECT = (
            iri(RDF.subject),
            iri(RDF.predicate),
            iri(RDF.object),
        )
        self.DERIVED_FROM, self.ENTITY = iri(PROV.wasDerivedFrom), iri(PROV.Entity)
        self.IDENTIFIER, self.TITLE = iri(DCTERMS.identifier), iri(DCTERMS.title)
        self.DATE, self.SOURCE = iri(DCTERMS.date), iri(DCTERMS.source)
        self.ANY_URI, self.INTEGER = iri(XSD.anyURI), iri(XSD.integer)
        self.TRUE = '"true"^^' + iri(XSD.boolean)
        self.FALSE = '"false"^^' + iri(XSD.boolean)

    def iri(self, value: str) -> str:
        out = self.iris.get(value)
        if out is None:
            out = self.iris[value] = "<" + str.__str__(value).translate(_IRI_ESCAPES) + ">"
        return out

    def of(self, kind: str, key: str) -> str:
        """The N-Triples IRI of ``iri_for(kind, key)``."""
        out = self._cache.get((kind, key))
        if out is None:
            out = self._cache[(kind, key)] = self.iri(self.iri_for(kind, key))
        return out

    def line(self, triple: tuple[Any, Any, Any]) -> str:
        return ntriples_line(triple, iris=self.iris)

    def literal(self, maker: Callable[[Any], Any], value: Any) -> str | None:
        """turtle.py's literal for a value (``_date``, ``_decimal``), remembered by value."""
        key = (maker.__name__, value)
        out = self._literals.get(key, "")
        if out == "":
            made = maker(value)
            out = self._literals[key] = None if made is None else _term(made, self.iris)
        return out

    def document(self, doc_id: str, meta: Any) -> Iterator[str]:
        # turtle._add_document
        from geokg.exports import turtle as ttl

        d = self.of("document", doc_id)
        yield f"{d} {self.TYPE} {self.of('ontology', 'Document')} ."
        yield f"{d} {self.TYPE} {self.ENTITY} ."
        yield f"{d} {self.IDENTIFIER} {_text(doc_id)} ."
        if meta.get("title"):
            yield f"{d} {self.TITLE} {_text(meta['title'])} ."
        if meta.get("date"):
            yield f"{d} {self.DATE} {self.literal(ttl._date, meta['date'])} ."
        if meta.get("url"):
            yield f"{d} {self.SOURCE} {_text(meta['url'])}^^{self.ANY_URI} ."

    def relation(
        self, u: str, v: str, key: str, data: Any, *, direct: bool = True
    ) -> Iterator[str]:
        # turtle._add_relation; ``direct=False`` leaves out the direct triple, which
        # every relation stating the same fact shares (diff_lines gives it to the summary)
        from geokg.exports import turtle as ttl
        from geokg.vocab import PREDICATES

        name = data.get("predicate")
        if name not in PREDICATES:
            raise ExportError(
                f"edge {u!r} -> {v!r} (key {key!r}) has predicate {name!r}; "
                f"expected one of {', '.join(sorted(PREDICATES))}"
            )
        of = self.of
        s, p, o = of("entity", u), of("ontology", name), of("entity", v)
        negated, hypothetical = bool(data.get("negated")), bool(data.get("hypothetical"))
        if direct and not (negated or hypothetical):
            yield f"{s} {p} {o} ."
        st = of("statement", key)
        derived = data.get("derived")
        yield f"{st} {self.TYPE} {self.STATEMENT} ."
        yield f"{st} {self.TYPE} {of('ontology', 'DerivedRelation' if derived else 'Relation')} ."
        yield f"{st} {self.SUBJECT} {s} ."
        yield f"{st} {self.PREDICATE} {p} ."
        yield f"{st} {self.OBJECT} {o} ."
        yield f"{st} {of('ontology', 'negated')} {self.TRUE if negated else self.FALSE} ."
        yield f"{st} {of('ontology', 'hypothetical')} {self.TRUE if hypothetical else self.FALSE} ."
        if derived:
            yield f"{st} {of('ontology', 'derived')} {self.TRUE} ."
        if data.get("attributed_to"):
            by = of("entity", str(data["attributed_to"]))
            yield f"{st} {of('ontology', 'attributedTo')} {by} ."
        if data.get("confidence") is not None:
            conf = self.literal(ttl._decimal, data["confidence"])
            if conf is not None:
                yield f"{st} {of('ontology', 'confidence')} {conf} ."
        for attr in ("sentence", "cue", "role"):
            if data.get(attr):
                yield f"{st} {of('ontology', attr)} {_text(data[attr])} ."
        for attr in ("start", "end"):
            if data.get(attr) is not None:
                yield f'{st} {of("ontology", attr)} "{int(data[attr])}"^^{self.INTEGER} .'
        if data.get("doc_id"):
            yield f"{st} {self.DERIVED_FROM} {of('document', str(data['doc_id']))} ."
        if data.get("date"):
            yield f"{st} {self.DATE} {self.literal(ttl._date, data['date'])} ."
        # place, magnitude and sectors: few relations have them, so rdflib terms are cheap here
        for triple in ttl._event_triples(self.iri_for("statement", key), data):
            yield self.line(triple)


def diff_lines(old: nx.MultiDiGraph, new: nx.MultiDiGraph) -> tuple[list[str], list[str]]:
    """The N-Triples lines to remove from the RDF of ``old``, and to add, to get that of ``new``.

    The RDF of a graph is made of units that own their triples: an entity, a
    document, a relation (its statement node), a triple summary (with its
    direct triple, which every relation stating that fact shares), an actor's
    event degree, and the ontology, the same in both. Only units whose data differ are written,
    so the cost follows the change, not the graph: adding a day of news to a
    month's graph compares dictionaries and writes a few thousand lines. A
    line both removed and added (a unit changed elsewhere) is in neither list.

    Raises:
        ExportError: as :func:`iter_lines`.

    Example:
        >>> old = nx.MultiDiGraph(documents=[])
        >>> old.add_node("USA", label="United States", type="Country")
        >>> new = nx.MultiDiGraph(old)
        >>> new.nodes["USA"]["label"] = "USA"
        >>> removed, added = diff_lines(old, new)
        >>> [line.split("> ", 2)[2] for line in removed]
        ['"United States" .', '"United States" .']
    """
    from geokg.exports import turtle as ttl
    from geokg.graph.aggregate import event_degrees, summarize

    for G in (old, new):
        if not G.is_multigraph():
            raise ExportError(
                f"diff_lines() needs the MultiDiGraph of build_graph(), got a {type(G).__name__}"
            )
    terms = _Terms()
    buffer: list[tuple[Any, Any, Any]] = []
    sink = _Sink(buffer.append)

    def drained() -> list[str]:
        lines = [terms.line(t) for t in buffer]
        buffer.clear()
        return lines

    def entity(node: Any, data: Any) -> list[str]:
        ttl._add_entity(sink, str(node), data)
        return drained()

    def summary(t: Any) -> list[str]:
        ttl._add_summary(sink, t)
        s, p, o = (
            terms.of("entity", t.subject),
            terms.of("ontology", t.predicate),
            terms.of("entity", t.object),
        )
        return [f"{s} {p} {o} .", *drained()]

    removed: list[str] = []
    added: list[str] = []

    def compare(before: Mapping[Any, Any], after: Mapping[Any, Any], lines: Callable) -> None:
        for unit in before.keys() | after.keys():
            a, b = before.get(unit), after.get(unit)
            if a != b:
                if a is not None:
                    removed.extend(lines(unit, a))
                if b is not None:
                    added.extend(lines(unit, b))

    compare(dict(old.nodes(data=True)), dict(new.nodes(data=True)), entity)
    compare(_documents(old), _documents(new), lambda d, meta: terms.document(str(d), meta))
    compare(
        _edges(old),
        _edges(new),
        lambda key, e: terms.relation(e[0], e[1], key, e[2], direct=False),
    )
    before, after = summarize(old), summarize(new)
    compare(
        {(t.subject, t.predicate, t.object): t for t in before},
        {(t.subject, t.predicate, t.object): t for t in after},
        lambda _, t: summary(t),
    )

    def degree(actor: str, counts: tuple[int, int]) -> list[str]:
        ttl._add_degree(sink, actor, *counts)
        return drained()

    compare(event_degrees(before), event_degrees(after), degree)
    gone, made = set(removed), set(added)
    return sorted(gone - made), sorted(made - gone)


def _documents(G: nx.MultiDiGraph) -> dict[str, Mapping[str, Any]]:
    meta = G.graph.get("doc_meta", {})
    return {str(d): dict(meta.get(d, {})) for d in {*G.graph.get("documents", ()), *meta}}


def _edges(G: nx.MultiDiGraph) -> dict[str, tuple[str, str, Mapping[str, Any]]]:
    from geokg.exports import turtle as ttl

    return {key: (u, v, dict(data)) for u, v, key, data in ttl._relation_edges(G, "diff_lines()")}


def _text(value: Any) -> str:
    """turtle._text as N-Triples: the string, lone surrogates made U+FFFD."""
    return '"' + str(value).translate(_LITERAL_ESCAPES) + '"'


def ntriples_line(triple: tuple[Any, Any, Any], *, iris: dict[str, str] | None = None) -> str:
    """One triple of rdflib terms as an N-Triples line, without its newline.

    ``iris`` caches formatted IRIs between calls (a graph repeats them a lot).

    Example:
        >>> from rdflib import RDFS, Literal, URIRef
        >>> line = ntriples_line((URIRef("http://x/a b"), RDFS.label, Literal('"hi"', lang="en")))
        >>> line.replace(str(RDFS.label), "label")
        '<http://x/a\\\\u0020b> <label> "\\\\"hi\\\\""@en .'
    """
    cache = iris if iris is not None else {}
    return f"{_term(triple[0], cache)} {_term(triple[1], cache)} {_term(triple[2], cache)} ."


def _term(term: Any, iris: dict[str, str]) -> str:
    kind = type(term)
    if kind is URIRef or isinstance(term, URIRef):
        key = str.__str__(term)  # a plain str: rdflib terms hash and compare slowly
        out = iris.get(key)
        if out is None:
            out = iris[key] = "<" + key.translate(_IRI_ESCAPES) + ">"
        return out
    if isinstance(term, Literal):
        text = '"' + str.__str__(term).translate(_LITERAL_ESCAPES) + '"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None:
            return f"{text}^^{_term(term.datatype, iris)}"
        return text
    if isinstance(term, BNode):
        return "_:" + "".join(c if c.isalnum() else "_" for c in str(term))
    raise ExportError(f"cannot write {term!r} ({type(term).__name__}) as an N-Triples term")


def generate_ntriples(G: nx.MultiDiGraph) -> Iterator[str]:
    """The N-Triples lines (with newlines) of the graph's RDF, each triple once, streaming.

    Example:
        >>> import networkx as nx
        >>> G = nx.MultiDiGraph(documents=[])
        >>> G.add_node("USA", label="United States", type="Country")
        >>> lines = list(generate_ntriples(G))
        >>> label = '<http://www.w3.org/2000/01/rdf-schema#label> "United States" .\\n'
        >>> '<https://w3id.org/geokg/id/USA> ' + label in lines
        True
    """
    seen: set[bytes] = set()
    for line in iter_lines(G):
        digest = hashlib.blake2b(line.encode("utf-8"), digest_size=16).digest()
        if digest in seen:
            continue
        seen.add(digest)
        yield line + "\n"


def write_ntriples(G: nx.MultiDiGraph, path: str | os.PathLike[str]) -> None:
    """Write :func:`generate_ntriples` to ``path`` atomically (UTF-8), streaming."""
    with atomic_write(path, "w", encoding="utf-8") as fh:
        fh.writelines(generate_ntriples(G))
