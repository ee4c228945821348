"""geokg.exports: round trips, awkward names, determinism and atomic writes."""

from __future__ import annotations

import doctest
import importlib
import json
import math
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, PROV

from geokg.errors import ExportError, InputError
from geokg.exports import (
    WRITERS,
    atomic_write,
    generate_gexf,
    generate_graphml,
    generate_jsonl,
    generate_turtle,
    gexf_ready,
    graphml_ready,
    iri_for,
    read_jsonl,
    to_rdf,
    write_gexf,
    write_graphml,
    write_jsonl,
    write_turtle,
)
from geokg.exports.ntriples import generate_ntriples
from geokg.graph import build_graph, collapse
from geokg.model import Entity, Extraction, Relation

NASTY = [
    'quote " and \'single\' and """triple""" and a trailing quote"',
    "angle <brackets> & {braces} | ^ `tick`",
    "back\\slash at the end\\",
    'escaped quote at the end \\"',
    "new\nline\r\nand\ttab",
    "control \x00\x01\x08\x0b\x0c\x1b\x1f\x7f\x80\x9f end",
    "emoji 😀🇺🇦 and U+2028\u2028 U+FEFF\ufeff",
    "Русский 中文 العربية हिन्दी ελληνικά",
    "  leading and trailing space  ",
    "%41 already-percent%-encoded%",
    "~tilde.dot-dash_under.",
]


def rel(s: str, p: str, o: str, doc_id: str = "", **kw: Any) -> Relation:
    kw.setdefault("sentence", f"{s} {p} {o}.")
    return Relation(s, p, o, start=kw.pop("start", 3), end=kw.pop("end", 20), doc_id=doc_id, **kw)


def sample_extractions() -> list[Extraction]:
    usa = Entity("USA", "United States", "Country", iso3="USA", mentions=("US", "United States"))
    rus = Entity("RUS", "Russia", "Country", iso3="RUS", mentions=("Russia", "Moscow"))
    kerry = Entity(
        "john-kerry",
        "John Kerry",
        "Person",
        mentions=("Kerry",),
        country="USA",
        role="secretary of state",
    )
    isis = Entity("islamic-state", "Islamic State", "Group", mentions=("IS", "داعش"))
    d1 = Extraction(
        "seed-1",
        entities=(usa, rus, kerry, isis),
        relations=(
            rel("john-kerry", "warns", "RUS", "seed-1", cue="warned", confidence=0.9),
            rel("RUS", "strikes", "islamic-state", "seed-1", attributed_to="RUS", confidence=0.7),
            rel("RUS", "supports", "USA", "seed-1", negated=True),
            rel("USA", "strikes", "islamic-state", "seed-1", hypothetical=True),
        ),
        meta={
            "title": "Kerry warns Russia",
            "date": "2015-10-01",
            "url": "https://e.org/a?b=1&c=2",
        },
    )
    d2 = Extraction(
        "news/2 ü",
        entities=(usa, rus),
        relations=(rel("USA", "meets", "RUS", "news/2 ü", cue="met"),),
        meta={"date": "Oct 3, 2015"},
    )
    return [d1, d2]


@pytest.fixture
def G() -> nx.MultiDiGraph:
    return build_graph(sample_extractions())


def nasty_graph(name: str) -> nx.MultiDiGraph:
    ents = (
        Entity(name, name, "Person", mentions=(name, name + "!"), country="USA", role=name),
        Entity("USA", "United States", "Country", iso3="USA"),
    )
    relations = (rel(name, "criticizes", "USA", name, sentence=name, cue=name, attributed_to=name),)
    return build_graph([Extraction(name, ents, relations, meta={"title": name, "url": name})])


# --- IRIs -------------------------------------------------------------------------------

_IRI = re.compile(r"https://w3id\.org/geokg/[a-z]+[/#][A-Za-z0-9\-._~%]+")


def test_iri_for_known_kinds() -> None:
    assert str(iri_for("ontology", "strikes")) == "https://w3id.org/geokg/ontology#strikes"
    assert str(iri_for("entity", "USA")) == "https://w3id.org/geokg/id/USA"
    assert str(iri_for("document", "a/b c")) == "https://w3id.org/geokg/doc/a%2Fb%20c"
    assert str(iri_for("statement", "d#0")) == "https://w3id.org/geokg/stmt/d%230"
    assert str(iri_for("entity", "Київ")) == "https://w3id.org/geokg/id/%D0%9A%D0%B8%D1%97%D0%B2"


@pytest.mark.parametrize(
    ("kind", "key", "message"),
    [
        ("person", "x", "unknown IRI kind"),
        ("entity", "", "non-empty"),
        ("ontology", "strike", "not a geokg ontology term"),
    ],
)
def test_iri_for_rejects(kind: str, key: str, message: str) -> None:
    with pytest.raises(ExportError, match=message):
        iri_for(kind, key)


@given(st.text(min_size=1), st.text(min_size=1))
def test_iri_for_is_valid_and_injective(a: str, b: str) -> None:
    assert _IRI.fullmatch(str(iri_for("entity", a)))
    assert (iri_for("entity", a) == iri_for("entity", b)) == (a == b)


# --- Turtle -----------------------------------------------------------------------------


def parse_turtle(text: str) -> Graph:
    return Graph().parse(data=text, format="turtle")


def test_turtle_round_trip_is_isomorphic(G: nx.MultiDiGraph) -> None:
    assert isomorphic(parse_turtle(generate_turtle(G)), to_rdf(G))


def test_turtle_content(G: nx.MultiDiGraph) -> None:
    g = parse_turtle(generate_turtle(G))
    ent, geo = lambda k: iri_for("entity", k), lambda k: iri_for("ontology", k)  # noqa: E731
    usa, rus, isis = ent("USA"), ent("RUS"), ent("islamic-state")
    assert (usa, RDF.type, geo("Country")) in g
    assert (usa, RDFS.label, Literal("United States")) in g
    assert (usa, SKOS.prefLabel, Literal("United States")) in g
    assert set(g.objects(usa, SKOS.altLabel)) == {Literal("US")}
    assert (usa, geo("iso3"), Literal("USA")) in g
    assert (ent("john-kerry"), geo("country"), usa) in g
    assert (ent("john-kerry"), geo("affiliated_with"), usa) in g
    # Factual relations get a direct triple, hedged ones only a statement.
    assert (ent("john-kerry"), geo("warns"), rus) in g
    assert (rus, geo("strikes"), isis) in g
    assert (rus, geo("supports"), usa) not in g
    assert (usa, geo("strikes"), isis) not in g
    st1 = iri_for("statement", "seed-1#1")
    assert (st1, RDF.type, RDF.Statement) in g
    assert (st1, RDF.subject, rus) in g and (st1, RDF.object, isis) in g
    assert (st1, RDF.predicate, geo("strikes")) in g
    assert (st1, geo("attributedTo"), rus) in g
    assert (st1, geo("confidence"), Literal("0.7", datatype=XSD.decimal)) in g
    assert (st1, geo("start"), Literal(3)) in g
    assert (st1, PROV.wasDerivedFrom, iri_for("document", "seed-1")) in g
    assert (st1, DCTERMS.date, Literal("2015-10-01", datatype=XSD.date)) in g
    hedged = iri_for("statement", "seed-1#3")
    assert (hedged, geo("hypothetical"), Literal(True)) in g
    assert (hedged, geo("negated"), Literal(False)) in g
    assert (iri_for("statement", "seed-1#2"), geo("negated"), Literal(True)) in g
    doc2 = iri_for("document", "news/2 ü")
    assert (doc2, RDF.type, PROV.Entity) in g
    assert (doc2, DCTERMS.date, Literal("Oct 3, 2015")) in g  # not ISO: a plain literal
    assert (iri_for("document", "seed-1"), DCTERMS.title, Literal("Kerry warns Russia")) in g


def test_turtle_binds_prefixes(G: nx.MultiDiGraph) -> None:
    text = generate_turtle(G)
    for prefix in ("geokg", "ent", "stmt", "skos", "prov", "dcterms"):
        assert f"@prefix {prefix}: " in text


def test_to_rdf_needs_the_multigraph(G: nx.MultiDiGraph) -> None:
    with pytest.raises(ExportError, match="before collapse"):
        to_rdf(collapse(G))


@pytest.mark.parametrize("name", NASTY)
def test_turtle_with_awkward_names(name: str, tmp_path: Path) -> None:
    G = nasty_graph(name)
    path = tmp_path / "nasty.ttl"
    write_turtle(G, path)
    assert isomorphic(Graph().parse(path, format="turtle"), to_rdf(G))
    assert (iri_for("entity", name), RDFS.label, Literal(name)) in to_rdf(G)
    if shutil.which("rapper") is None:
        pytest.skip("rapper (raptor2-utils) is not installed")
    done = subprocess.run(
        ["rapper", "-i", "turtle", "-c", str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and "Error" not in done.stderr, done.stderr


def test_turtle_lone_surrogate_becomes_replacement_character() -> None:
    g = parse_turtle(generate_turtle(nasty_graph("bad \ud800 half")))
    assert (iri_for("entity", "bad \ud800 half"), RDFS.label, Literal("bad \ufffd half")) in g


@settings(max_examples=40, deadline=None)
@given(st.text(min_size=1, max_size=30))
def test_turtle_round_trips_any_text(name: str) -> None:
    G = nasty_graph(name)
    assert isomorphic(parse_turtle(generate_turtle(G)), to_rdf(G))


# --- GEXF -------------------------------------------------------------------------------


def _without_bookkeeping(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in ("viz", "id")}


@pytest.mark.parametrize("view", ["multigraph", "collapsed"])
def test_gexf_round_trip(G: nx.MultiDiGraph, view: str, tmp_path: Path) -> None:
    graph = G if view == "multigraph" else collapse(G)
    ready = gexf_ready(graph)
    write_gexf(graph, tmp_path / "g.gexf")
    back = nx.read_gexf(tmp_path / "g.gexf")
    assert sorted(back.nodes) == sorted(graph.nodes)
    for node, data in ready.nodes(data=True):
        assert _without_bookkeeping(back.nodes[node]) == _without_bookkeeping(data)
        assert back.nodes[node]["viz"]["color"] == data["viz"]["color"]
    # networkx reads a multigraph back only when it has parallel edges; the GEXF
    # edge id (the edge key of a multigraph) identifies edges either way.
    by_id = {d["id"]: (u, v, _without_bookkeeping(d)) for u, v, d in back.edges(data=True)}
    if graph.is_multigraph():
        assert sorted(by_id) == sorted(str(k) for _, _, k in graph.edges(keys=True))
        for u, v, k, data in ready.edges(keys=True, data=True):
            assert by_id[k] == (u, v, _without_bookkeeping(data))
    else:
        assert sorted(back.edges) == sorted(graph.edges)
        for u, v, data in ready.edges(data=True):
            got = _without_bookkeeping(back.edges[u, v])
            assert got == {**data, "weight": float(data["weight"])}


def test_gexf_ready_makes_every_value_typed(G: nx.MultiDiGraph) -> None:
    G.add_node("odd", label="odd", score=1, tags=["a", "b"], extra={"k": [1]}, nothing=None)
    G.add_node("odd2", label="odd2", score=2.5, tags="c")
    H = gexf_ready(G)
    for _, data in [*H.nodes(data=True), *((e[2], e[3]) for e in H.edges(keys=True, data=True))]:
        for key, value in data.items():
            assert isinstance(value, bool | int | float | str) or key == "viz"
    assert H.nodes["odd"]["tags"] == "a;b" and H.nodes["odd"]["score"] == 1.0
    assert H.nodes["odd"]["extra"] == '{"k": [1]}' and "nothing" not in H.nodes["odd"]
    assert H.nodes["john-kerry"]["mentions"] == "Kerry"
    edge = H.edges["RUS", "islamic-state", "seed-1#1"]
    assert edge["cameo"] == "18;19;20"
    assert (edge["sentence_start"], edge["sentence_end"]) == (3, 20)
    assert "start" not in edge and "end" not in edge


def test_gexf_with_awkward_names(tmp_path: Path) -> None:
    for i, name in enumerate(NASTY):
        G = nasty_graph(name)
        write_gexf(G, tmp_path / f"{i}.gexf")
        back = nx.read_gexf(tmp_path / f"{i}.gexf")
        clean = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f]", "", name)
        assert back.nodes[clean]["label"] == clean
        assert back.nodes[clean]["roles"] == clean


def test_gexf_has_no_date_stamp(G: nx.MultiDiGraph) -> None:
    text = "\n".join(generate_gexf(collapse(G)))
    assert "lastmodifieddate" not in text and "<creator>geokg" in text


# --- GraphML ----------------------------------------------------------------------------


def test_graphml_round_trip(G: nx.MultiDiGraph, tmp_path: Path) -> None:
    write_graphml(G, tmp_path / "g.graphml")
    back = nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True)
    ready = graphml_ready(G)
    assert sorted(back.nodes) == sorted(G.nodes)
    assert sorted(back.edges(keys=True)) == sorted(G.edges(keys=True))
    for node, data in ready.nodes(data=True):
        assert back.nodes[node] == data
    for u, v, k, data in ready.edges(keys=True, data=True):
        assert back.edges[u, v, k] == data
    assert back.graph["documents"] == "news/2 ü;seed-1"
    assert json.loads(back.graph["doc_meta"]) == G.graph["doc_meta"]


def test_graphml_collapsed_and_awkward(tmp_path: Path) -> None:
    G = nasty_graph(NASTY[5])
    write_graphml(collapse(G), tmp_path / "c.graphml")
    back = nx.read_graphml(tmp_path / "c.graphml")
    clean = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f]", "", NASTY[5])
    assert back.nodes[clean]["label"] == clean
    assert back.edges[clean, "USA"]["predicates"] == "affiliated_with;criticizes"
    assert back.edges[clean, "USA"]["weight"] == 2


# --- determinism ------------------------------------------------------------------------


def test_same_graph_gives_same_bytes(tmp_path: Path) -> None:
    exts = sample_extractions()
    a, b = build_graph(exts), build_graph(list(reversed(exts)))
    for fmt, writer in WRITERS.items():
        writer(a, tmp_path / f"a.{fmt}")
        writer(b, tmp_path / f"b.{fmt}")
        assert (tmp_path / f"a.{fmt}").read_bytes() == (tmp_path / f"b.{fmt}").read_bytes(), fmt
    assert generate_turtle(a) == generate_turtle(b)
    assert list(generate_gexf(collapse(a))) == list(generate_gexf(collapse(b)))
    assert list(generate_graphml(a)) == list(generate_graphml(b))


_SCRIPT = """
import hashlib, sys
sys.path.insert(0, {tests!r})
from test_exports import sample_extractions
from geokg.graph import build_graph, collapse
from geokg.exports import generate_turtle, generate_gexf, generate_graphml
G = build_graph(sample_extractions())
text = generate_turtle(G) + "".join(generate_gexf(collapse(G))) + "".join(generate_graphml(G))
print(hashlib.sha256(text.encode()).hexdigest())
"""


def test_same_bytes_across_hash_seeds() -> None:
    script = _SCRIPT.format(tests=str(Path(__file__).parent))
    digests = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1


# --- JSON Lines -------------------------------------------------------------------------


def test_jsonl_round_trip(tmp_path: Path) -> None:
    exts = sample_extractions()
    write_jsonl(exts, tmp_path / "x.jsonl")
    lines = (tmp_path / "x.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and "داعش" in lines[0]  # ensure_ascii=False
    assert read_jsonl(tmp_path / "x.jsonl") == exts
    assert [json.loads(line) for line in lines] == [e.to_json() for e in exts]
    assert list(generate_jsonl(exts)) == lines


def test_jsonl_rejects_nan() -> None:
    bad = Extraction("d", relations=(rel("A", "warns", "B", "d", confidence=math.nan),))
    with pytest.raises(ExportError, match="'d'"):
        list(generate_jsonl([bad]))


def test_read_jsonl_names_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text('{"doc_id": "d"}\n\n{"entities": []}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"x\.jsonl:3"):
        read_jsonl(path)
    with pytest.raises(InputError):
        read_jsonl(tmp_path / "missing.jsonl")


# --- atomic writes ----------------------------------------------------------------------


def _failing(exts: list[Extraction]) -> Iterator[Extraction]:
    yield exts[0]
    raise RuntimeError("extractor crashed")


def test_atomic_write_keeps_the_old_file_on_error(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match="crashed"):
        write_jsonl(_failing(sample_extractions()), path)
    assert path.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


def test_atomic_write_binary_and_modes(tmp_path: Path) -> None:
    path = tmp_path / "b.bin"
    with atomic_write(path, "wb") as fh:
        fh.write(b"\x00\xff")
    assert path.read_bytes() == b"\x00\xff"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask
    path.chmod(0o600)
    with atomic_write(path) as fh:
        fh.write("line\r\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes() == b"line\r\n"  # no newline translation
    with pytest.raises(ValueError, match="mode"):
        with atomic_write(path, "a"):
            pass


def test_atomic_write_reports_unwritable_directory(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="cannot write"):
        with atomic_write(tmp_path / "no" / "such" / "dir.txt") as fh:
            fh.write("x")


def test_writers_table(G: nx.MultiDiGraph) -> None:
    assert set(WRITERS) == {
        "turtle",
        "ntriples",
        "turtle-fast",
        "gexf",
        "gexf-dynamic",
        "graphml",
        "events-csv",
        "events-parquet",
    }
    with tempfile.TemporaryDirectory() as tmp:
        for fmt, writer in WRITERS.items():
            writer(G, Path(tmp) / f"g.{fmt}")
            assert (Path(tmp) / f"g.{fmt}").stat().st_size > 0


@pytest.mark.parametrize(
    "module",
    [
        "geokg.exports._atomic",
        "geokg.exports.gexf",
        "geokg.exports.graphml",
        "geokg.exports.jsonl",
        "geokg.exports.turtle",
    ],
)
def test_docstring_examples(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0 and result.attempted > 0


def test_an_entity_s_sector_is_in_every_export(tmp_path: Path) -> None:
    ext = Extraction(
        "d1",
        entities=(
            Entity("EGY", "Egypt", "Country", iso3="EGY"),
            Entity(
                "EGY-government",
                "Egyptian authorities",
                "Organization",
                country="EGY",
                sector="GOV",
            ),
        ),
        relations=(
            Relation("EGY-government", "criticizes", "EGY", "Egyptian authorities ...", 0, 24),
        ),
    )
    G = build_graph([ext])
    assert G.nodes["EGY-government"]["sector"] == "GOV"
    turtle = Graph().parse(data=generate_turtle(G), format="turtle")
    sector = iri_for("ontology", "sector")
    assert (iri_for("entity", "EGY-government"), sector, Literal("GOV")) in turtle
    assert not list(turtle.objects(iri_for("entity", "EGY"), sector))
    streamed = Graph().parse(data="".join(generate_ntriples(G)), format="nt")
    assert isomorphic(streamed, turtle)
    write_gexf(G, tmp_path / "g.gexf")
    assert 'value="GOV"' in (tmp_path / "g.gexf").read_text(encoding="utf-8")
