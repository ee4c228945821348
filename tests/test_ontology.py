"""The shipped ontology and SHACL shapes: complete, consistent with the vocabulary, enforced."""

from __future__ import annotations

import doctest
import importlib
import shutil
import subprocess
import tomllib
from pathlib import Path

import networkx as nx
import pytest
from _graphs import small_extractions, wikinews_out
from rdflib import OWL, RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from geokg.exports import (
    country_links,
    generate_ontology,
    generate_turtle,
    iri_for,
    load_ontology,
    load_shapes,
    to_rdf,
    validate,
    write_ontology,
    write_turtle,
)
from geokg.exports.turtle import _ONTOLOGY_TERMS
from geokg.graph import build_graph
from geokg.model import Entity, Extraction, Relation
from geokg.vocab import ENTITY_TYPES, PREDICATES

ROOT = Path(__file__).resolve().parent.parent
GEO = "https://w3id.org/geokg/ontology#"


def geo(name: str) -> URIRef:
    return iri_for("ontology", name)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


@pytest.fixture(scope="module")
def small() -> nx.MultiDiGraph:
    return build_graph(small_extractions())


# --- the ontology ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(PREDICATES))
def test_every_predicate_is_a_documented_property(ontology: Graph, name: str) -> None:
    spec, p = PREDICATES[name], geo(name)
    assert (p, RDF.type, OWL.ObjectProperty) in ontology
    assert (p, RDFS.subPropertyOf, geo("relatedTo")) in ontology
    assert ontology.value(p, RDFS.label) is not None
    comment = ontology.value(p, RDFS.comment)
    assert comment is not None and len(str(comment)) > 20
    assert {str(x) for x in ontology.objects(p, geo("plover"))} == (
        {spec.plover} if spec.plover else set()
    )
    assert {str(x) for x in ontology.objects(p, geo("cameo"))} == set(spec.cameo)
    assert ((p, RDF.type, OWL.SymmetricProperty) in ontology) == spec.symmetric


@pytest.mark.parametrize("name", ENTITY_TYPES)
def test_every_entity_type_is_a_class(ontology: Graph, name: str) -> None:
    assert (geo(name), RDF.type, OWL.Class) in ontology
    assert ontology.value(geo(name), RDFS.comment) is not None


def test_every_term_geokg_writes_is_declared(ontology: Graph) -> None:
    declared = {str(s)[len(GEO) :] for s in ontology.subjects() if str(s).startswith(GEO)}
    assert set(_ONTOLOGY_TERMS) == declared


def test_reused_vocabularies(ontology: Graph) -> None:
    prov = "http://www.w3.org/ns/prov#"
    assert (geo("Actor"), RDFS.subClassOf, URIRef(prov + "Agent")) in ontology
    assert (geo("Relation"), RDFS.subClassOf, RDF.Statement) in ontology
    assert (geo("attributedTo"), RDFS.subPropertyOf, URIRef(prov + "wasAttributedTo")) in ontology
    assert (geo("Document"), RDFS.subClassOf, URIRef(prov + "Entity")) in ontology


def test_the_ontology_file_parses_strictly(tmp_path: Path) -> None:
    write_ontology(tmp_path / "ontology.ttl")
    assert (tmp_path / "ontology.ttl").read_text(encoding="utf-8") == generate_ontology()
    assert isomorphic(Graph().parse(tmp_path / "ontology.ttl"), load_ontology())
    if shutil.which("rapper") is None:
        pytest.skip("rapper (raptor2-utils) is not installed")
    done = subprocess.run(
        ["rapper", "-i", "turtle", "-c", str(tmp_path / "ontology.ttl")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and "Error" not in done.stderr, done.stderr


def test_the_data_files_are_package_data() -> None:
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]
    assert "data/*.ttl" in setuptools["package-data"]["geokg.exports"]
    shipped = {p.name for p in (ROOT / "exports" / "data").glob("*.ttl")}
    assert shipped == {"ontology.ttl", "shapes.ttl"}


def test_the_graph_includes_the_ontology(small: nx.MultiDiGraph, ontology: Graph) -> None:
    g = to_rdf(small)
    assert all(triple in g for triple in ontology)


# --- countries ------------------------------------------------------------------------------


def test_country_links_come_from_shipped_data() -> None:
    assert [str(u) for u in country_links("SYR")] == [
        "http://publications.europa.eu/resource/authority/country/SYR",
        "https://sws.geonames.org/163843/",
    ]
    assert country_links("islamic-state") == () and country_links("ZZZ") == ()


def test_countries_link_to_iso_and_geonames(small: nx.MultiDiGraph) -> None:
    g = to_rdf(small)
    rus = iri_for("entity", "RUS")
    assert set(g.objects(rus, SKOS.exactMatch)) == set(country_links("RUS"))
    assert not set(g.objects(iri_for("entity", "islamic-state"), SKOS.exactMatch))


# --- the two views of a relation, and the triple summaries ------------------------------------


def test_direct_triples_only_for_facts(small: nx.MultiDiGraph) -> None:
    g = to_rdf(small)
    ent = lambda k: iri_for("entity", k)  # noqa: E731
    assert (ent("RUS"), geo("strikes"), ent("islamic-state")) in g
    assert (ent("RUS"), geo("strikes"), ent("SYR")) not in g  # negated
    st = iri_for("statement", "d2#3")
    assert (st, RDF.type, geo("Relation")) in g and (st, geo("negated"), Literal(True)) in g
    derived = iri_for("statement", "d1#affiliated_with:john-kerry")
    assert (derived, RDF.type, geo("DerivedRelation")) in g
    assert (derived, geo("sentence"), None) not in g


def test_triple_summaries_count_documents_and_dates(small: nx.MultiDiGraph) -> None:
    g = to_rdf(small)
    node = iri_for("triple", "RUS", "strikes", "islamic-state")
    assert (node, RDF.type, geo("TripleSummary")) in g
    assert g.value(node, geo("documentCount")) == Literal(2)
    assert g.value(node, geo("relationCount")) == Literal(2)
    assert g.value(node, geo("firstDate")) == Literal("2015-10-01", datatype=XSD.date)
    assert g.value(node, geo("lastDate")) == Literal("2015-11-12", datatype=XSD.date)
    assert set(g.objects(node, geo("evidence"))) == {
        iri_for("statement", "d1#0"),
        iri_for("statement", "d2#0"),
    }
    # A hedged-only triple has no summary, as it has no direct triple.
    assert (iri_for("triple", "RUS", "strikes", "SYR"), None, None) not in g


# --- SHACL ----------------------------------------------------------------------------------


def test_shapes_parse() -> None:
    shapes = load_shapes()
    assert len(shapes) > 50


def test_a_built_graph_conforms(small: nx.MultiDiGraph) -> None:
    report = validate(to_rdf(small))
    assert report.conforms, report.text


def _broken(small: nx.MultiDiGraph, how: str) -> Graph:
    g = to_rdf(small)
    ent = lambda k: iri_for("entity", k)  # noqa: E731
    if how == "relation without sentence":
        g.remove((iri_for("statement", "d1#0"), geo("sentence"), None))
    elif how == "relation without document":
        g.remove(
            (iri_for("statement", "d1#0"), URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), None)
        )
    elif how == "relation without predicate":
        g.remove((iri_for("statement", "d1#0"), RDF.predicate, None))
    elif how == "entity without type":
        g.remove((ent("SYR"), RDF.type, None))
    elif how == "entity without label":
        g.remove((ent("RUS"), RDFS.label, None))
    elif how == "direct triple of a hedged relation":
        g.add((ent("RUS"), geo("strikes"), ent("SYR")))
    elif how == "fact without direct triple":
        g.remove((ent("USA"), geo("meets"), ent("RUS")))
    elif how == "confidence above 1":
        st = iri_for("statement", "d1#1")
        g.set((st, geo("confidence"), Literal("1.5", datatype=XSD.decimal)))
    return g


@pytest.mark.parametrize(
    "how",
    [
        "relation without sentence",
        "relation without document",
        "relation without predicate",
        "entity without type",
        "entity without label",
        "direct triple of a hedged relation",
        "fact without direct triple",
        "confidence above 1",
    ],
)
def test_the_shapes_catch(small: nx.MultiDiGraph, how: str) -> None:
    report = validate(_broken(small, how))
    assert not report.conforms and report.violations >= 1


NASTY_NAMES = [
    'quote " and \'single\' and """triple"""',
    "angle <brackets> & {braces}",
    "back\\slash at the end\\",
    "new\nline\r\nand\ttab",
    "Русский 中文 العربية हिन्दी ελληνικά",
    "emoji 😀🇺🇦 and U+2028\u2028",
]


@pytest.mark.parametrize("name", NASTY_NAMES)
def test_awkward_names_parse_and_conform(name: str, tmp_path: Path) -> None:
    ents = (
        Entity(name, name, "Person", mentions=(name, name + "!"), country="USA", role=name),
        Entity("USA", "United States", "Country", iso3="USA"),
    )
    rel = Relation(
        name, "criticizes", "USA", sentence=name, start=0, end=3, attributed_to=name, cue=name
    )
    G = build_graph([Extraction(name, ents, (rel,), meta={"title": name, "date": "2020-01-01"})])
    path = tmp_path / "nasty.ttl"
    write_turtle(G, path)
    g = Graph().parse(path, format="turtle")
    assert isomorphic(g, to_rdf(G))
    assert (iri_for("entity", name), RDFS.label, Literal(name)) in g
    report = validate(g)
    assert report.conforms, report.text
    if shutil.which("rapper") is not None:
        done = subprocess.run(
            ["rapper", "-i", "turtle", "-c", str(path)], capture_output=True, text=True, check=False
        )
        assert done.returncode == 0 and "Error" not in done.stderr, done.stderr


def test_turtle_is_deterministic_with_summaries() -> None:
    a, b = build_graph(small_extractions()), build_graph(list(reversed(small_extractions())))
    assert generate_turtle(a) == generate_turtle(b)


@pytest.mark.shared
def test_the_wikinews_graph_conforms_to_the_shapes(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    out = wikinews_out(tmp_path_factory)
    g = Graph().parse(out / "graph.ttl", format="turtle")
    assert len(g) > 5000
    report = validate(g)
    assert report.conforms, report.text[:5000]
    assert (out / "ontology.ttl").read_text(encoding="utf-8") == generate_ontology()


@pytest.mark.parametrize(
    "module", ["geokg.exports.ontology", "geokg.graph.aggregate", "geokg.graph.merge"]
)
def test_docstring_examples(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0 and result.attempted > 0
