"""The fast RDF writers: N-Triples (streamed) and Turtle (Oxigraph) say what to_rdf says.

Both must parse, with rdflib and with Oxigraph, to a graph isomorphic to
:func:`geokg.exports.turtle.to_rdf` (they share its mapping, so this also
catches a change of to_rdf that the fast path would miss), give the same
bytes for the same graph, and keep awkward text intact.
"""

from __future__ import annotations

import shutil
import subprocess

import pyoxigraph as ox
import pytest
import rdflib
from _graphs import small_extractions
from rdflib.compare import isomorphic, to_isomorphic

from geokg.errors import ExportError
from geokg.exports import (
    WRITERS,
    generate_ntriples,
    generate_turtle_fast,
    to_rdf,
    write_ntriples,
    write_turtle_fast,
)
from geokg.graph import build_graph, collapse
from geokg.model import Entity, Extraction, Relation

AWKWARD = 'He said "no"\\ then\nleft\ttoday \ud800 — Ωmega <b>&amp; `tick` {x}|y^z'


def _awkward_graph():
    a = Entity(
        "A b/c", 'A "quoted" \\ name', "Country", iso3="AAA", mentions=("A", "a\nb", AWKWARD)
    )
    b = Entity("B", "B", "Group", mentions=("B",), country="A b/c", role="leader")
    rels = (
        Relation("A b/c", "warns", "B", AWKWARD, 0, 10, cue="warns\\", confidence=0.8125),
        Relation("B", "strikes", "A b/c", "B struck.", 11, 20, negated=True, attributed_to="B"),
        Relation("A b/c", "meets", "B", "They met.", 21, 30, hypothetical=True),
    )
    meta = {"title": AWKWARD, "date": "2016-02-29", "url": "http://x.org/a b?c=<d>"}
    return build_graph([Extraction("doc #1/ü", (a, b), rels, meta=meta), *small_extractions()])


@pytest.fixture(scope="module")
def graph():
    return _awkward_graph()


@pytest.fixture(scope="module")
def reference(graph):
    return to_rdf(graph)


def test_ntriples_parse_to_the_rdflib_graph(graph, reference):
    text = "".join(generate_ntriples(graph))
    parsed = rdflib.Graph().parse(data=text, format="nt")
    assert len(parsed) == len(reference) == len(text.splitlines())  # each triple once
    assert isomorphic(parsed, reference)


def test_fast_turtle_parses_to_the_rdflib_graph(graph, reference):
    parsed = rdflib.Graph().parse(data=generate_turtle_fast(graph), format="turtle")
    assert isomorphic(parsed, reference)


def test_oxigraph_reads_both_files_as_the_same_graph(graph, reference, tmp_path):
    write_ntriples(graph, tmp_path / "g.nt")
    write_turtle_fast(graph, tmp_path / "g.ttl")
    nt = set(ox.parse(path=str(tmp_path / "g.nt"), format=ox.RdfFormat.N_TRIPLES))
    ttl = set(ox.parse(path=str(tmp_path / "g.ttl"), format=ox.RdfFormat.TURTLE))
    assert nt == ttl
    assert len(nt) == len(reference)


def test_the_same_graph_gives_the_same_bytes(graph):
    assert generate_turtle_fast(graph) == generate_turtle_fast(_awkward_graph())
    assert list(generate_ntriples(graph)) == list(generate_ntriples(_awkward_graph()))


def test_text_survives_the_round_trip(graph):
    parsed = rdflib.Graph().parse(data=generate_turtle_fast(graph), format="turtle")
    texts = {str(o) for o in parsed.objects() if isinstance(o, rdflib.Literal)}
    assert AWKWARD.replace("\ud800", "\ufffd") in texts
    assert 'A "quoted" \\ name' in texts


def test_strict_parser_accepts_the_files(graph, tmp_path):
    rapper = shutil.which("rapper")
    if rapper is None:
        pytest.skip("rapper (raptor2-utils) is not installed; ./setup.sh installs it")
    write_ntriples(graph, tmp_path / "g.nt")
    write_turtle_fast(graph, tmp_path / "g.ttl")
    for path, syntax in ((tmp_path / "g.nt", "ntriples"), (tmp_path / "g.ttl", "turtle")):
        done = subprocess.run(
            [rapper, "-q", "-i", syntax, "-c", str(path)], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr


def test_writers_are_registered_and_need_the_multigraph(graph, tmp_path):
    assert WRITERS["ntriples"] is write_ntriples and WRITERS["turtle-fast"] is write_turtle_fast
    with pytest.raises(ExportError, match="MultiDiGraph"):
        list(generate_ntriples(collapse(graph)))
    with pytest.raises(ExportError):
        write_turtle_fast(collapse(graph), tmp_path / "x.ttl")
    assert not (tmp_path / "x.ttl").exists()


def test_seed_graph_round_trips(tmp_path):
    from geokg.api import build

    G = build().nx
    parsed = rdflib.Graph().parse(data=generate_turtle_fast(G), format="turtle")
    assert to_isomorphic(parsed) == to_isomorphic(to_rdf(G))


def test_build_writes_graph_ttl_with_the_fast_writer(tmp_path):
    """graph.ttl of KnowledgeGraph.save (geokg build): Oxigraph's bytes, rdflib's triples."""
    from geokg.kg import KnowledgeGraph

    graph = build_graph(small_extractions())
    KnowledgeGraph(graph).save(tmp_path)
    path = tmp_path / "graph.ttl"
    assert path.read_text(encoding="utf-8") == generate_turtle_fast(graph)
    reference = to_rdf(graph)
    assert isomorphic(rdflib.Graph().parse(path, format="turtle"), reference)
    oxigraph = set(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    assert len(oxigraph) == len(reference)
    write_ntriples(graph, tmp_path / "g.nt")
    assert oxigraph == set(ox.parse(path=str(tmp_path / "g.nt"), format=ox.RdfFormat.N_TRIPLES))
    rapper = shutil.which("rapper")
    if rapper is not None:
        done = subprocess.run(
            [rapper, "-i", "turtle", "-c", str(path)], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        assert f"returned {len(reference)} triples" in done.stderr
