"""KnowledgeGraph, geokg.build/extract/load: the Python API a notebook uses."""

from __future__ import annotations

import json

import networkx as nx
import pandas as pd
import pytest
import rdflib

import geokg
from geokg import Entity, Extraction, GeoKGError, InputError, KnowledgeGraph, Relation, load
from geokg.api import OUTPUT_FILES
from geokg.kg import GRAPH_FILES
from geokg.view.notebook import GraphView

ARTICLE = (
    "Turkey warns Greece over gas drilling\n\n"
    "Turkey warned Greece on Monday. Egypt and France condemned Turkey, "
    "and the European Union imposed sanctions on Ankara.\n"
)


def _extractions() -> list[Extraction]:
    russia = Entity(
        "RUS", "Russia", "Country", iso3="RUS", mentions=("Russia", "Moscow", "the Kremlin")
    )
    usa = Entity("USA", "United States", "Country", iso3="USA", mentions=("US", "Washington"))
    isis = Entity("islamic-state", "Islamic State", "Group", mentions=("Islamic State", "IS"))
    kerry = Entity(
        "john-kerry",
        "John Kerry",
        "Person",
        mentions=("Kerry",),
        country="USA",
        role="secretary of state",
    )
    syria = Entity("SYR", "Syria", "Country", iso3="SYR", mentions=("Syria",))
    d1 = Extraction(
        "d1",
        (russia, usa, isis, kerry),
        (
            Relation(
                "RUS",
                "strikes",
                "islamic-state",
                "Russia struck Islamic State.",
                0,
                28,
                cue="struck",
            ),
            Relation("john-kerry", "warns", "RUS", "Kerry warned Moscow.", 29, 49),
            Relation(
                "USA",
                "supports",
                "RUS",
                "Washington would back Moscow if asked.",
                50,
                88,
                hypothetical=True,
                attributed_to="john-kerry",
            ),
        ),
        meta={"title": "Air strikes", "date": "2015-10-01", "url": "https://example.org/1"},
    )
    d2 = Extraction(
        "d2",
        (russia, syria),
        (Relation("RUS", "supports", "SYR", "Russia backs Syria.", 0, 19),),
        meta={"date": "2016-03-15"},
    )
    d3 = Extraction(
        "d3", (usa, isis), (Relation("USA", "strikes", "islamic-state", "The US hit IS.", 0, 14),)
    )
    return [d1, d2, d3]


@pytest.fixture
def kg() -> KnowledgeGraph:
    return KnowledgeGraph.from_extractions(_extractions())


# --- the object and its views ----------------------------------------------------------


def test_wraps_the_multigraph(kg):
    assert isinstance(kg.nx, nx.MultiDiGraph)
    assert kg.documents == ("d1", "d2", "d3")
    assert repr(kg) == "<KnowledgeGraph: 3 documents, 5 nodes, 6 relations>"
    with pytest.raises(GeoKGError, match="MultiDiGraph"):
        KnowledgeGraph(nx.DiGraph())


def test_collapsed_leaves_hedged_relations_out(kg):
    H = kg.collapsed()
    assert isinstance(H, nx.DiGraph) and not H.has_edge("USA", "RUS")
    assert kg.collapsed(include_hedged=True).edges["USA", "RUS"]["n_hedged"] == 1


def test_entities_table(kg):
    ents = kg.entities()
    assert ents.index.name == "id" and list(ents.index) == sorted(kg.nx.nodes)
    row = ents.loc["john-kerry"]
    assert (row["label"], row["type"], row["country"], row["country_label"]) == (
        "John Kerry",
        "Person",
        "USA",
        "United States",
    )
    assert row["roles"] == ("secretary of state",)
    assert ents.loc["RUS", "mentions"] == ("Moscow", "Russia", "the Kremlin")
    # events: strikes, warns, supports x2 (one hedged); degree adds nothing structural for Russia.
    assert ents.loc["RUS", ["events", "degree", "out_degree", "in_degree"]].tolist() == [4, 4, 2, 2]
    assert ents.loc["john-kerry", ["events", "degree"]].tolist() == [1, 2]  # + affiliated_with
    assert kg.top_actors(2).index.tolist() == ["RUS", "USA"]
    with pytest.raises(GeoKGError, match="events"):
        kg.top_actors(by="pagerank")


def test_relations_table_has_sentence_and_provenance(kg):
    rels = kg.relations()
    assert rels.index.name == "key"
    row = rels.loc["d1#2"]
    assert (row["subject"], row["predicate"], row["object"], row["hypothetical"]) == (
        "USA",
        "supports",
        "RUS",
        True,
    )
    assert row["sentence"] == "Washington would back Moscow if asked."
    assert (row["doc_id"], row["title"], row["date"], row["url"]) == (
        "d1",
        "Air strikes",
        "2015-10-01",
        "https://example.org/1",
    )
    assert (row["start"], row["end"], row["attributed_to"]) == (50, 88, "john-kerry")
    assert rels.loc["d1#0", "cue"] == "struck" and rels.loc["d1#0", "plover"] == "ASSAULT"
    derived = rels[rels["derived"]]
    assert derived["predicate"].tolist() == ["affiliated_with"] and derived["start"].isna().all()
    assert "d1#2" not in kg.relations(include_hedged=False).index


def test_empty_graph_tables_have_their_columns():
    kg = KnowledgeGraph()
    assert kg.entities().empty and "label" in kg.entities().columns
    assert kg.relations().empty and "sentence" in kg.relations().columns


# --- RDF and SPARQL -----------------------------------------------------------------------


def test_rdf_is_made_once(kg):
    g = kg.rdf
    assert isinstance(g, rdflib.Graph) and kg.rdf is g
    assert len(KnowledgeGraph(kg.nx).rdf) == len(g)


STRIKES = """
SELECT ?who ?whom WHERE {
  ?s geokg:strikes ?o . ?s rdfs:label ?who . ?o rdfs:label ?whom
} ORDER BY ?who
"""


def test_sparql_select_as_frame_and_rows(kg):
    frame = kg.sparql(STRIKES)
    assert isinstance(frame, pd.DataFrame)
    assert frame.values.tolist() == [
        ["Russia", "Islamic State"],
        ["United States", "Islamic State"],
    ]
    rows = kg.sparql(STRIKES, frame=False)
    assert rows[0] == {"who": "Russia", "whom": "Islamic State"}


def test_sparql_hedged_relations_are_statements_only(kg):
    assert kg.sparql("ASK { ent:USA geokg:supports ent:RUS }") is False
    q = """SELECT ?sentence ?conf WHERE { ?st rdf:subject ent:USA ; geokg:hypothetical true ;
           geokg:sentence ?sentence ; geokg:confidence ?conf }"""
    rows = kg.sparql(q, frame=False)
    assert rows == [{"sentence": "Washington would back Moscow if asked.", "conf": 0.8}]


def test_sparql_construct_and_bad_query(kg):
    g = kg.sparql("CONSTRUCT { ?s geokg:strikes ?o } WHERE { ?s geokg:strikes ?o }")
    assert isinstance(g, rdflib.Graph) and len(g) == 2
    with pytest.raises(GeoKGError, match="query failed"):
        kg.sparql("SELEKT nothing")


def test_sparql_engines_agree_and_follow_the_graph(kg):
    assert kg.sparql(STRIKES, engine="oxigraph").equals(kg.sparql(STRIKES))
    kg.nx.add_edge(
        "SYR",
        "islamic-state",
        key="d2#9",
        predicate="strikes",
        doc_id="d2",
        negated=False,
        hypothetical=False,
    )
    assert len(kg.sparql(STRIKES)) == 3, "a graph changed in place is queried anew"


# --- parts of the graph -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("RUS", "RUS"),
        ("rus", "RUS"),
        ("Russia", "RUS"),
        ("the kremlin", "RUS"),
        ("IS", "islamic-state"),
        ("Kerry", "john-kerry"),
        ("SYR", "SYR"),
        (" United States ", "USA"),
    ],
)
def test_find_by_id_label_mention_or_iso(kg, name, expected):
    assert kg.find(name) == expected


def test_find_unknown_suggests(kg):
    with pytest.raises(GeoKGError, match="did you mean 'Russia'"):
        kg.find("Rusia")


def test_actor_is_the_ego_network(kg):
    ego = kg.actor("Syria")
    assert sorted(ego.nx.nodes) == ["RUS", "SYR"] and ego.documents == ("d2",)
    wider = kg.actor("Syria", radius=2)
    assert sorted(wider.nx.nodes) == ["RUS", "SYR", "USA", "islamic-state", "john-kerry"]
    # Relations among the neighbours stay, hedged ones too.
    assert wider.nx.has_edge("USA", "RUS")


def test_filter_by_predicate_date_hedging_and_type(kg):
    assert sorted(kg.filter(predicates="strikes").nx.edges()) == [
        ("RUS", "islamic-state"),
        ("USA", "islamic-state"),
    ]
    assert kg.filter().nx.number_of_edges() == 5  # the hypothetical one is left out
    assert kg.filter(include_hedged=True).nx.number_of_edges() == 6
    since = kg.filter(since="2016")
    assert list(since.nx.edges(keys=True)) == [("RUS", "SYR", "d2#0")] and since.documents == (
        "d2",
    )
    assert since.nx.graph["doc_meta"] == {"d2": {"date": "2016-03-15"}}
    assert kg.filter(until="2015-10").documents == ("d1",)  # d3 has no date: dropped
    assert kg.filter(since="2015-10-01", until="2015-10-01").nx.number_of_edges() == 3
    countries = kg.filter(types=["Country"])
    assert sorted(countries.nx.nodes) == ["RUS", "SYR"]
    assert kg.nx.number_of_edges() == 6, "filter() never changes the original"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"predicates": ["bombs"]}, "unknown predicate 'bombs'"),
        ({"types": "Country "}, "unknown entity type"),
        ({"since": "01/02/2016"}, "not a date"),
        ({"until": "2016-1"}, "not a date"),
    ],
)
def test_filter_rejects_unknown_values(kg, kwargs, message):
    with pytest.raises(GeoKGError, match=message):
        kg.filter(**kwargs)


# --- seeing it and keeping it ------------------------------------------------------------


def test_save_and_load_round_trip(kg, tmp_path):
    written = kg.save(tmp_path / "out")
    assert sorted(written) == sorted(GRAPH_FILES)
    for path in written.values():
        assert path.stat().st_size > 0
    assert not list((tmp_path / "out").glob(".*.tmp")), "no temporary file is left behind"
    back = load(tmp_path / "out")
    assert nx.utils.graphs_equal(back.nx, kg.nx)
    assert dict(back.nx.nodes(data=True)) == dict(kg.nx.nodes(data=True))
    assert list(back.nx.edges(keys=True, data=True)) == list(kg.nx.edges(keys=True, data=True))
    assert back.nx.graph == kg.nx.graph
    assert load(tmp_path / "out" / "graph.json").documents == kg.documents
    # The saved sub-graph is the sub-graph.
    kg.actor("Syria").save(tmp_path / "ego")
    assert load(tmp_path / "ego").documents == ("d2",)


def test_load_says_what_is_missing(tmp_path):
    with pytest.raises(InputError, match="graph.json"):
        load(tmp_path)
    (tmp_path / "graph.json").write_text(json.dumps({"nodes": []}), encoding="utf-8")
    with pytest.raises(InputError, match="not a geokg graph"):
        load(tmp_path)
    (tmp_path / "graph.json").write_text(
        '{"format": "geokg-graph", "version": 99}', encoding="utf-8"
    )
    with pytest.raises(InputError, match="version 99"):
        load(tmp_path)


def test_notebook_summary_is_escaped_html(kg):
    kg.nx.nodes["RUS"]["label"] = "Russia <script>"
    text = kg._repr_html_()
    assert (
        "<b>KnowledgeGraph</b>: 3 documents, 5 nodes, 6 relations (1 negated or hypothetical)"
        in text
    )
    assert "Russia &lt;script&gt;" in text and "<script>" not in text
    assert "<td style='text-align:left'>strikes</td><td>2</td>" in text


def test_show_and_plot(kg):
    view = kg.show(height=500, title="ego")
    assert isinstance(view, GraphView) and "<title>ego</title>" in view.page
    assert 'srcdoc="' in view._repr_html_()
    fig = kg.plot(top=1)
    assert [t.get_text() for t in fig.axes[0].texts] == ["Russia"]


# --- geokg.build, geokg.extract ------------------------------------------------------------


def test_extract_is_callable_and_still_the_subpackage():
    import geokg.extract.inputs as inputs

    assert inputs.__name__ == "geokg.extract.inputs"
    result = geokg.extract("Russia launched air strikes on Islamic State.", doc_id="x")
    assert result.doc_id == "x"
    assert [(r.subject, r.predicate, r.object) for r in result.relations] == [
        ("RUS", "strikes", "islamic-state")
    ]


def test_build_returns_a_knowledge_graph_and_writes_every_output(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    kg = geokg.build([folder], out_dir=tmp_path / "out")
    assert isinstance(kg, KnowledgeGraph)
    assert kg.documents == ("a.txt",)
    assert [err.source.endswith("empty.txt") for err in kg.skipped] == [True]
    assert sorted(kg.outputs) == sorted(OUTPUT_FILES)
    assert {"graph.html", "graph.png", "graph.json"} <= set(OUTPUT_FILES)
    assert kg.nx.has_edge("TUR", "GRC")
    assert nx.utils.graphs_equal(load(tmp_path / "out").nx, kg.nx)
    assert geokg.build([folder]).outputs == {}, "nothing is written without out_dir"
