"""RDF: the graph as Turtle, with a reified statement per relation.

Every relation becomes an ``rdf:Statement`` that carries its provenance
(document, sentence, offsets, cue, confidence, date) and qualifiers (negated,
hypothetical, attributed to); a direct triple ``ent:S geokg:<predicate> ent:O``
is added only for factual relations (neither negated nor hypothetical), so a
plain SPARQL query never mistakes "X denied striking Y" for a strike.

Literal text is kept exactly, with two documented exceptions: lone UTF-16
surrogates (which have no UTF-8 form) become U+FFFD, and :func:`generate_turtle`
writes every literal on one line with ``\\n``, ``\\t``, ``\\"`` ... escapes and
``\\uXXXX`` for other control characters, because rdflib's long-string form
can end a string with an escaped backslash followed by four quotes, which
strict parsers (rapper, N3.js) reject.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import math
import os
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import networkx as nx
from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV
from rdflib.plugins.serializers.turtle import TurtleSerializer
from rdflib.term import Node

from geokg.errors import ExportError
from geokg.exports._atomic import atomic_write
from geokg.vocab import ENTITY_TYPES, PREDICATES

__all__ = [
    "DOC",
    "ENT",
    "GEOKG",
    "STMT",
    "generate_turtle",
    "iri_for",
    "to_rdf",
    "write_turtle",
]

logger = logging.getLogger(__name__)

GEOKG = "https://w3id.org/geokg/ontology#"
ENT = "https://w3id.org/geokg/id/"
DOC = "https://w3id.org/geokg/doc/"
STMT = "https://w3id.org/geokg/stmt/"

_BASES = {"ontology": GEOKG, "entity": ENT, "document": DOC, "statement": STMT}
_PROPERTIES = frozenset(
    {
        "attributedTo",
        "cameo",
        "confidence",
        "country",
        "cue",
        "derived",
        "end",
        "hypothetical",
        "iso3",
        "negated",
        "plover",
        "role",
        "sentence",
        "start",
    }
)
# Closed vocabulary: a misspelt ontology term raises instead of minting an IRI.
_ONTOLOGY_TERMS = frozenset(ENTITY_TYPES) | frozenset(PREDICATES) | _PROPERTIES
_PREFIXES = {
    "geokg": GEOKG,
    "ent": ENT,
    "doc": DOC,
    "stmt": STMT,
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "owl": str(OWL),
}

_SURROGATE = re.compile("[\ud800-\udfff]")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ESCAPES = {
    ord("\\"): "\\\\",
    ord('"'): '\\"',
    ord("\n"): "\\n",
    ord("\r"): "\\r",
    ord("\t"): "\\t",
    ord("\b"): "\\b",
    ord("\f"): "\\f",
}
_ESCAPES.update({c: f"\\u{c:04X}" for c in [*range(0x20), 0x7F] if c not in _ESCAPES})


def iri_for(kind: str, key: str) -> URIRef:
    """The IRI of an ontology term, entity, document or statement.

    Every character outside RFC 3986's unreserved set (``A-Z a-z 0-9 - . _ ~``)
    is percent-encoded (UTF-8), so any name gives a valid, ASCII-only IRI and
    distinct keys give distinct IRIs.

    Args:
        kind: ``"ontology"``, ``"entity"``, ``"document"`` or ``"statement"``.
        key: the term name, entity id, document id or statement key.

    Raises:
        ExportError: unknown kind, empty key, or an ontology term that is not
            part of the geokg vocabulary.

    Example:
        >>> str(iri_for("entity", "john-kerry"))
        'https://w3id.org/geokg/id/john-kerry'
        >>> str(iri_for("document", 'a b/"c"'))
        'https://w3id.org/geokg/doc/a%20b%2F%22c%22'
    """
    base = _BASES.get(kind)
    if base is None:
        raise ExportError(f"unknown IRI kind {kind!r}; expected one of {', '.join(sorted(_BASES))}")
    if not isinstance(key, str) or not key:
        raise ExportError(f"cannot make a {kind} IRI from {key!r}; expected a non-empty string")
    if kind == "ontology" and key not in _ONTOLOGY_TERMS:
        raise ExportError(f"{key!r} is not a geokg ontology term; see geokg.vocab")
    return URIRef(base + quote(key, safe="", errors="surrogatepass"))


def to_rdf(G: nx.MultiDiGraph) -> Graph:
    """The RDF graph of a :func:`geokg.graph.build_graph` multigraph.

    Raises:
        ExportError: ``G`` is not a multigraph (collapse it after, not before),
            an edge has no predicate of the vocabulary, or two edges share a key.

    Example:
        >>> from geokg.model import Entity, Extraction, Relation
        >>> from geokg.graph import build_graph
        >>> ents = (Entity("A", "A", "Country"), Entity("B", "B", "Country"))
        >>> rels = (Relation("A", "warns", "B", "s", 0, 1),)
        >>> g = to_rdf(build_graph([Extraction("d", ents, rels)]))
        >>> (iri_for("entity", "A"), iri_for("ontology", "warns"), iri_for("entity", "B")) in g
        True
    """
    if not G.is_multigraph():
        raise ExportError(
            f"to_rdf() needs the MultiDiGraph of build_graph(), got a {type(G).__name__}; "
            "export the graph before collapse()"
        )
    g = Graph(bind_namespaces="core")
    for prefix, ns in _PREFIXES.items():
        g.bind(prefix, ns)
    for node, data in G.nodes(data=True):
        _add_entity(g, str(node), data)
    doc_meta: Mapping[str, Mapping[str, Any]] = G.graph.get("doc_meta", {})
    for doc_id in sorted({*G.graph.get("documents", ()), *doc_meta}):
        _add_document(g, str(doc_id), doc_meta.get(doc_id, {}))
    seen: set[str] = set()
    for u, v, key, data in G.edges(keys=True, data=True):
        if str(key) in seen:
            raise ExportError(
                f"edge key {key!r} is used twice; to_rdf() needs the unique "
                "'<doc_id>#<index>' keys of build_graph()"
            )
        seen.add(str(key))
        _add_relation(g, str(u), str(v), str(key), data)
    return g


def generate_turtle(G: nx.MultiDiGraph) -> str:
    """Serialize :func:`to_rdf` as Turtle; the same graph gives the same text.

    Example:
        >>> import networkx as nx
        >>> G = nx.MultiDiGraph(documents=[])
        >>> G.add_node("USA", label="United States", type="Country", iso3="USA")
        >>> "ent:USA a geokg:Country" in generate_turtle(G)
        True
    """
    buf = io.BytesIO()
    _OneLineLiteralSerializer(to_rdf(G)).serialize(buf, encoding="utf-8")
    return buf.getvalue().decode("utf-8")


def write_turtle(G: nx.MultiDiGraph, path: str | os.PathLike[str]) -> None:
    """Write :func:`generate_turtle` to ``path`` atomically (UTF-8)."""
    text = generate_turtle(G)
    with atomic_write(path, "w", encoding="utf-8") as fh:
        fh.write(text)


class _OneLineLiteralSerializer(TurtleSerializer):
    """rdflib's Turtle writer with short-string literals, fully escaped."""

    def label(self, node: Node, position: int) -> str:
        out = super().label(node, position)
        if not isinstance(node, Literal) or not out.startswith('"'):
            return out  # IRIs and bare numbers/booleans are already safe
        if node.language:
            suffix = f"@{node.language}"
        elif node.datatype is not None:
            suffix = "^^" + (self.get_pname(node.datatype, False) or f"<{node.datatype}>")
        else:
            suffix = ""
        return '"' + str(node).translate(_ESCAPES) + '"' + suffix


def _term(name: str) -> URIRef:
    return iri_for("ontology", name)


def _text(value: Any) -> Literal:
    return Literal(_SURROGATE.sub("\ufffd", str(value)))


def _date(value: Any) -> Literal:
    text = str(value)
    if _DATE.fullmatch(text):
        try:
            dt.date.fromisoformat(text)
        except ValueError:
            pass
        else:
            return Literal(text, datatype=XSD.date)
    return _text(text)


def _decimal(value: Any) -> Literal | None:
    number = float(value)
    if not math.isfinite(number):
        logger.warning("confidence %r is not a finite number; left out of the RDF", value)
        return None
    return Literal(format(Decimal(repr(number)), "f"), datatype=XSD.decimal)


def _add_entity(g: Graph, node: str, data: Mapping[str, Any]) -> None:
    s = iri_for("entity", node)
    if data.get("type") in ENTITY_TYPES:
        g.add((s, RDF.type, iri_for("ontology", data["type"])))
    label = str(data.get("label") or node)
    g.add((s, RDFS.label, _text(label)))
    g.add((s, SKOS.prefLabel, _text(label)))
    # SKOS makes prefLabel and altLabel disjoint, so the label is not repeated.
    for mention in data.get("mentions", ()):
        if mention and mention != label:
            g.add((s, SKOS.altLabel, _text(mention)))
    if data.get("iso3"):
        g.add((s, iri_for("ontology", "iso3"), _text(data["iso3"])))
    if data.get("country"):
        g.add((s, iri_for("ontology", "country"), iri_for("entity", str(data["country"]))))
    for role in data.get("roles", ()):
        g.add((s, iri_for("ontology", "role"), _text(role)))


def _add_document(g: Graph, doc_id: str, meta: Mapping[str, Any]) -> None:
    d = iri_for("document", doc_id)
    g.add((d, RDF.type, PROV.Entity))
    g.add((d, DCTERMS.identifier, _text(doc_id)))
    if meta.get("title"):
        g.add((d, DCTERMS.title, _text(meta["title"])))
    if meta.get("date"):
        g.add((d, DCTERMS.date, _date(meta["date"])))
    if meta.get("url"):
        # A literal, not an IRI: a URL from the input is not guaranteed to be a valid IRI.
        g.add(
            (
                d,
                DCTERMS.source,
                Literal(_SURROGATE.sub("\ufffd", str(meta["url"])), datatype=XSD.anyURI),
            )
        )


def _add_predicate(g: Graph, name: str) -> URIRef:
    p = iri_for("ontology", name)
    spec = PREDICATES[name]
    g.add((p, RDF.type, OWL.ObjectProperty))
    if spec.symmetric:
        g.add((p, RDF.type, OWL.SymmetricProperty))
    g.add((p, RDFS.label, Literal(name)))
    if spec.comment:
        g.add((p, RDFS.comment, Literal(spec.comment)))
    if spec.plover:
        g.add((p, iri_for("ontology", "plover"), Literal(spec.plover)))
    for code in spec.cameo:
        g.add((p, iri_for("ontology", "cameo"), Literal(code)))
    return p


def _add_relation(g: Graph, u: str, v: str, key: str, data: Mapping[str, Any]) -> None:
    name = data.get("predicate")
    if name not in PREDICATES:
        raise ExportError(
            f"edge {u!r} -> {v!r} (key {key!r}) has predicate {name!r}; "
            f"expected one of {', '.join(sorted(PREDICATES))}"
        )
    s, p, o = iri_for("entity", u), _add_predicate(g, name), iri_for("entity", v)
    negated, hypothetical = bool(data.get("negated")), bool(data.get("hypothetical"))
    if not (negated or hypothetical):
        g.add((s, p, o))
    st = iri_for("statement", key)
    g.add((st, RDF.type, RDF.Statement))
    g.add((st, RDF.subject, s))
    g.add((st, RDF.predicate, p))
    g.add((st, RDF.object, o))
    g.add((st, _term("negated"), Literal(negated)))
    g.add((st, _term("hypothetical"), Literal(hypothetical)))
    if data.get("derived"):
        g.add((st, _term("derived"), Literal(True)))
    if data.get("attributed_to"):
        g.add((st, _term("attributedTo"), iri_for("entity", str(data["attributed_to"]))))
    if data.get("confidence") is not None and (conf := _decimal(data["confidence"])) is not None:
        g.add((st, _term("confidence"), conf))
    for attr in ("sentence", "cue", "role"):
        if data.get(attr):
            g.add((st, _term(attr), _text(data[attr])))
    for attr in ("start", "end"):
        if data.get(attr) is not None:
            g.add((st, _term(attr), Literal(int(data[attr]))))
    if data.get("doc_id"):
        g.add((st, PROV.wasDerivedFrom, iri_for("document", str(data["doc_id"]))))
    if data.get("date"):
        g.add((st, DCTERMS.date, _date(data["date"])))
