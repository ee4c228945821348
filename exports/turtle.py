"""RDF: the graph as Turtle, each relation as a direct triple and a statement node.

Every relation becomes a statement node (RDF reification: ``rdf:subject``,
``rdf:predicate``, ``rdf:object``) typed ``geokg:Relation`` (or
``geokg:DerivedRelation`` for an affiliation derived from an entity's country)
that carries its provenance (document, sentence, offsets, cue, confidence,
date) and qualifiers (negated, hypothetical, attributed to); a direct triple
``ent:S geokg:<predicate> ent:O`` is added only for factual relations (neither
negated nor hypothetical), so a plain SPARQL query never mistakes "X denied
striking Y" for a strike. Per direct triple, a ``geokg:TripleSummary`` counts
the documents and relations that state it, with the first and last date. The
ontology (:func:`geokg.exports.ontology.load_ontology`) is included, so one
file answers queries by PLOVER category too. Countries link to ISO 3166 and
GeoNames with ``skos:exactMatch``.

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
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import networkx as nx
from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV
from rdflib.plugins.serializers.turtle import TurtleSerializer
from rdflib.term import Node

from geokg.errors import ExportError
from geokg.exports._atomic import atomic_write
from geokg.exports.ontology import GEONAMES, country_links, load_ontology
from geokg.graph.aggregate import TripleSummary, event_degrees, summarize
from geokg.model import MAGNITUDE_KINDS
from geokg.vocab import ENTITY_TYPES, PREDICATES

__all__ = [
    "DOC",
    "ENT",
    "GEO",
    "GEOKG",
    "GEOMETRY",
    "SF",
    "STMT",
    "TRIPLE",
    "WGS",
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
TRIPLE = "https://w3id.org/geokg/triple/"

GEOMETRY = "https://w3id.org/geokg/geometry/"
#: GeoSPARQL, its Simple Features classes, and the W3C WGS84 vocabulary.
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
SF = Namespace("http://www.opengis.net/ont/sf#")
WGS = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")

_BASES = {
    "ontology": GEOKG,
    "entity": ENT,
    "document": DOC,
    "statement": STMT,
    "triple": TRIPLE,
    "geometry": GEOMETRY,
}
_CLASSES = frozenset({"Actor", "Document", "Relation", "DerivedRelation", "TripleSummary"})
# A relation's magnitude: a count per kind, and how the text bounds it.
_MAGNITUDES = {kind: (kind, f"{kind}Bound") for kind in MAGNITUDE_KINDS}
_PROPERTIES = frozenset(
    {
        "attributedTo",
        "bound",
        "feature",
        "location",
        "magnitude",
        "objectSector",
        "subjectSector",
        *(name for pair in _MAGNITUDES.values() for name in pair),
        "cameo",
        "confidence",
        "country",
        "cue",
        "degree",
        "derived",
        "documentCount",
        "end",
        "eventCount",
        "evidence",
        "firstDate",
        "hypothetical",
        "iso3",
        "lastDate",
        "negated",
        "plover",
        "relatedTo",
        "relationCount",
        "role",
        "sector",
        "sentence",
        "start",
    }
)
# Closed vocabulary: a misspelt ontology term raises instead of minting an IRI.
_ONTOLOGY_TERMS = frozenset(ENTITY_TYPES) | frozenset(PREDICATES) | _CLASSES | _PROPERTIES
_PREFIXES = {
    "geokg": GEOKG,
    "ent": ENT,
    "doc": DOC,
    "stmt": STMT,
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "geo": str(GEO),
    "sf": str(SF),
    "wgs": str(WGS),
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


def iri_for(kind: str, key: str, *more: str) -> URIRef:
    """The IRI of an ontology term, entity, document, statement or triple summary.

    This is the one function that mints geokg IRIs. Every character outside
    RFC 3986's unreserved set (``A-Z a-z 0-9 - . _ ~``) is percent-encoded
    (UTF-8), so any name (spaces, quotes, ``<>``, backslashes, newlines,
    non-Latin scripts) gives a valid, ASCII-only IRI and distinct keys give
    distinct IRIs. Several keys are encoded one by one and joined with ``/``.

    Args:
        kind: ``"ontology"``, ``"entity"``, ``"document"``, ``"statement"``,
            ``"triple"`` (keys: subject id, predicate, object id) or
            ``"geometry"`` (the point of an entity, keyed by the entity's id).
        key: the term name, entity id, document id or statement key.
        more: further keys (a triple's predicate and object).

    Raises:
        ExportError: unknown kind, empty key, or an ontology term that is not
            part of the geokg vocabulary.

    Example:
        >>> str(iri_for("entity", "john-kerry"))
        'https://w3id.org/geokg/id/john-kerry'
        >>> str(iri_for("document", 'a b/"c"'))
        'https://w3id.org/geokg/doc/a%20b%2F%22c%22'
        >>> str(iri_for("triple", "RUS", "strikes", "islamic-state"))
        'https://w3id.org/geokg/triple/RUS/strikes/islamic-state'
    """
    base = _BASES.get(kind)
    if base is None:
        raise ExportError(f"unknown IRI kind {kind!r}; expected one of {', '.join(sorted(_BASES))}")
    keys = (key, *more)
    for k in keys:
        if not isinstance(k, str) or not k:
            raise ExportError(f"cannot make a {kind} IRI from {k!r}; expected a non-empty string")
    if kind == "ontology" and (len(keys) != 1 or key not in _ONTOLOGY_TERMS):
        raise ExportError(f"{key!r} is not a geokg ontology term; see geokg.vocab")
    wanted = 3 if kind == "triple" else 1  # a triple: subject, predicate, object
    if len(keys) != wanted:
        raise ExportError(f"a {kind} IRI takes {wanted} key(s), got {keys!r}")
    return URIRef(base + "/".join(quote(k, safe="", errors="surrogatepass") for k in keys))


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
    g = load_ontology()
    for prefix, ns in _PREFIXES.items():
        # replace: rdflib binds "wgs" to an https form of the WGS84 namespace
        g.bind(prefix, ns, replace=True)
    for node, data in G.nodes(data=True):
        _add_entity(g, str(node), data)
    doc_meta: Mapping[str, Mapping[str, Any]] = G.graph.get("doc_meta", {})
    for doc_id in sorted({*G.graph.get("documents", ()), *doc_meta}):
        _add_document(g, str(doc_id), doc_meta.get(doc_id, {}))
    for u, v, key, data in _relation_edges(G, "to_rdf()"):
        _add_relation(g, u, v, key, data)
    summaries = summarize(G)
    for summary in summaries:
        _add_summary(g, summary)
    for actor, (degree, relations) in event_degrees(summaries).items():
        _add_degree(g, actor, degree, relations)
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
    return Literal(_decimal_text(number), datatype=XSD.decimal)


def _decimal_text(number: float) -> str:
    """An xsd:decimal's text for a finite float, as rdflib writes it back: "-34.0", "39.5".

    Not the canonical "-34" a triple store keeps (Oxigraph): rdflib's Turtle writes
    a decimal with its point, so "-34" would not read back as the same literal.

    Example:
        >>> [_decimal_text(x) for x in (-34.0, 39.5, 1e-7)]
        ['-34.0', '39.5', '0.0000001']
    """
    return format(Decimal(repr(number)), "f")


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
        if data.get("type") == "Country":
            for link in country_links(str(data["iso3"])):
                g.add((s, SKOS.exactMatch, link))
    if data.get("country"):
        g.add((s, iri_for("ontology", "country"), iri_for("entity", str(data["country"]))))
    if data.get("sector"):
        g.add((s, iri_for("ontology", "sector"), _text(data["sector"])))
    for role in data.get("roles", ()):
        g.add((s, iri_for("ontology", "role"), _text(role)))
    for triple in _place_triples(s, node, data):
        g.add(triple)


def _place_triples(s: URIRef, node: str, data: Mapping[str, Any]) -> Iterator[tuple]:
    """A place's (or a country's) point, GeoSPARQL and WGS84, its GeoNames link and feature."""
    lat, lon = _coordinate(data.get("latitude"), 90), _coordinate(data.get("longitude"), 180)
    if lat is not None and lon is not None:
        geometry = iri_for("geometry", node)
        yield s, GEO.hasGeometry, geometry
        yield geometry, RDF.type, SF.Point
        # WKT's axis order for the default CRS84 is longitude, latitude
        yield geometry, GEO.asWKT, Literal(f"POINT({lon} {lat})", datatype=GEO.wktLiteral)
        yield s, WGS.lat, Literal(lat, datatype=XSD.decimal)
        yield s, WGS.long, Literal(lon, datatype=XSD.decimal)
    if data.get("geonames_id") is not None and data.get("type") != "Country":
        # a country's GeoNames link comes with its ISO code (country_links)
        yield s, SKOS.exactMatch, URIRef(f"{GEONAMES}{int(data['geonames_id'])}/")
    if data.get("feature"):
        yield s, iri_for("ontology", "feature"), _text(data["feature"])


def _coordinate(value: Any, limit: float) -> str | None:
    """A latitude or longitude as a decimal's text, or None if it is not one."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number) or abs(number) > limit:
        logger.warning("coordinate %r is not a valid degree value; left out of the RDF", value)
        return None
    return _decimal_text(number)


def _event_triples(st: URIRef, data: Mapping[str, Any]) -> Iterator[tuple]:
    """A relation's place, magnitude and the sectors of its two sides, on its statement node."""
    if data.get("location"):
        yield st, _term("location"), iri_for("entity", str(data["location"]))
    for kind, (value_term, bound_term) in _MAGNITUDES.items():
        value = data.get(kind)
        if value is None or isinstance(value, bool):
            continue
        yield st, _term(value_term), Literal(int(value))
        if data.get(f"{kind}_bound"):
            yield st, _term(bound_term), _text(data[f"{kind}_bound"])
    for side in ("subject", "object"):
        if data.get(f"{side}_sector"):
            yield st, _term(f"{side}Sector"), _text(data[f"{side}_sector"])


def _add_document(g: Graph, doc_id: str, meta: Mapping[str, Any]) -> None:
    d = iri_for("document", doc_id)
    g.add((d, RDF.type, _term("Document")))
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


def _relation_edges(
    G: nx.MultiDiGraph, writer: str
) -> Iterator[tuple[str, str, str, Mapping[str, Any]]]:
    """The edges (subject, object, key, data) as strings, each key once.

    Raises:
        ExportError: an edge key is used twice (``writer`` names what needs them unique).
    """
    seen: set[str] = set()
    for u, v, key, data in G.edges(keys=True, data=True):
        if str(key) in seen:
            raise ExportError(
                f"edge key {key!r} is used twice; {writer} needs the unique "
                "'<doc_id>#<index>' keys of build_graph()"
            )
        seen.add(str(key))
        yield str(u), str(v), str(key), data


def _add_relation(g: Graph, u: str, v: str, key: str, data: Mapping[str, Any]) -> None:
    name = data.get("predicate")
    if name not in PREDICATES:
        raise ExportError(
            f"edge {u!r} -> {v!r} (key {key!r}) has predicate {name!r}; "
            f"expected one of {', '.join(sorted(PREDICATES))}"
        )
    s, p, o = iri_for("entity", u), iri_for("ontology", name), iri_for("entity", v)
    negated, hypothetical = bool(data.get("negated")), bool(data.get("hypothetical"))
    if not (negated or hypothetical):
        g.add((s, p, o))
    st = iri_for("statement", key)
    g.add((st, RDF.type, RDF.Statement))
    g.add((st, RDF.type, _term("DerivedRelation" if data.get("derived") else "Relation")))
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
    for triple in _event_triples(st, data):
        g.add(triple)


def _add_summary(g: Graph, t: TripleSummary) -> None:
    node = iri_for("triple", t.subject, t.predicate, t.object)
    g.add((node, RDF.type, RDF.Statement))
    g.add((node, RDF.type, _term("TripleSummary")))
    g.add((node, RDF.subject, iri_for("entity", t.subject)))
    g.add((node, RDF.predicate, iri_for("ontology", t.predicate)))
    g.add((node, RDF.object, iri_for("entity", t.object)))
    g.add((node, _term("documentCount"), Literal(t.n_documents)))
    g.add((node, _term("relationCount"), Literal(t.n_relations)))
    if t.first_date and t.last_date:
        g.add((node, _term("firstDate"), Literal(t.first_date, datatype=XSD.date)))
        g.add((node, _term("lastDate"), Literal(t.last_date, datatype=XSD.date)))
    for key in t.relations:
        g.add((node, _term("evidence"), iri_for("statement", key)))


def _add_degree(g: Graph, actor: str, degree: int, relations: int) -> None:
    node = iri_for("entity", actor)
    g.add((node, _term("degree"), Literal(degree)))
    g.add((node, _term("eventCount"), Literal(relations)))
