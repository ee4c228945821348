"""geokg.graph: building the multigraph, collapsing it, summarising it."""

from __future__ import annotations

import doctest
import importlib
import logging

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geokg.errors import GeoKGError
from geokg.graph import (
    aggregate,
    build_graph,
    canonical_ids,
    collapse,
    gazetteer_aliases,
    name_key,
    summarize,
    summary,
)
from geokg.model import Entity, Extraction, Relation
from geokg.vocab import EVENT_PREDICATES

USA = Entity("USA", "United States", "Country", iso3="USA", mentions=("US", "United States"))
RUS = Entity("RUS", "Russia", "Country", iso3="RUS", mentions=("Russia",))
SYR = Entity("SYR", "Syria", "Country", iso3="SYR", mentions=("Syria",))
KERRY = Entity(
    "john-kerry",
    "John Kerry",
    "Person",
    mentions=("John Kerry", "Kerry"),
    country="USA",
    role="secretary of state",
)
HOMS = Entity("homs", "Homs province", "Location", mentions=("Homs",), country="SYR")


def rel(s: str, p: str, o: str, **kw: object) -> Relation:
    kw.setdefault("sentence", f"{s} {p} {o}.")
    kw.setdefault("start", 0)
    kw.setdefault("end", len(str(kw["sentence"])))
    return Relation(s, p, o, **kw)  # type: ignore[arg-type]


@pytest.fixture
def docs() -> list[Extraction]:
    d1 = Extraction(
        "d1",
        entities=(USA, RUS, KERRY, HOMS, SYR),
        relations=(
            rel("john-kerry", "warns", "RUS", cue="warned"),
            rel("RUS", "strikes", "SYR", negated=True, attributed_to="RUS"),
            rel("USA", "strikes", "RUS", hypothetical=True),
        ),
        meta={"title": "Kerry warns Russia", "date": "2015-10-01", "url": "https://e.org/1"},
    )
    d2 = Extraction(
        "d2",
        entities=(Entity("USA", "U.S.", "Country", iso3="USA", mentions=("U.S.",)), RUS),
        relations=(
            rel("john-kerry", "warns", "RUS"),
            rel("USA", "meets", "RUS"),
            rel("RUS", "strikes", "SYR"),
        ),
        meta={"date": "2015-10-05"},
    )
    return [d1, d2]


def test_same_id_in_two_documents_is_one_node(docs: list[Extraction]) -> None:
    G = build_graph(docs)
    usa = G.nodes["USA"]
    assert usa["n_docs"] == 2
    assert usa["mentions"] == ("U.S.", "US", "United States")
    assert usa["label"] == "U.S."  # one vote each: ties go alphabetically
    assert usa["iso3"] == "USA" and usa["type"] == "Country"
    assert "country" not in usa and "roles" not in usa
    assert G.nodes["john-kerry"]["roles"] == ("secretary of state",)
    assert G.nodes["john-kerry"]["n_docs"] == 1


def test_most_frequent_label_wins() -> None:
    exts = [
        Extraction(f"d{i}", entities=(Entity("USA", label, "Country"),))
        for i, label in enumerate(["US", "United States", "United States"])
    ]
    assert build_graph(exts).nodes["USA"]["label"] == "United States"


def test_graph_attributes(docs: list[Extraction]) -> None:
    G = build_graph(reversed(docs))
    assert G.graph["documents"] == ["d1", "d2"]
    assert G.graph["doc_meta"] == {
        "d1": {"title": "Kerry warns Russia", "date": "2015-10-01", "url": "https://e.org/1"},
        "d2": {"date": "2015-10-05"},
    }


def test_edge_attributes(docs: list[Extraction]) -> None:
    G = build_graph(docs)
    e = G.edges["RUS", "SYR", "d1#1"]
    assert e == {
        "predicate": "strikes",
        "plover": "ASSAULT",
        "cameo": ("18", "19", "20"),
        "negated": True,
        "hypothetical": False,
        "attributed_to": "RUS",
        "doc_id": "d1",
        "sentence": "RUS strikes SYR.",
        "start": 0,
        "end": 16,
        "confidence": 0.8,
        "date": "2015-10-01",
        "derived": False,
    }
    assert G.edges["john-kerry", "RUS", "d1#0"]["cue"] == "warned"
    for _, _, data in G.edges(data=True):
        assert None not in data.values()


def test_affiliated_with_from_entity_country(docs: list[Extraction]) -> None:
    G = build_graph(docs)
    edges = [
        (u, v, k)
        for u, v, k, d in G.edges(keys=True, data=True)
        if d["predicate"] == "affiliated_with"
    ]
    # Only Kerry: a Location's country is not an affiliation, and d2 does not list Kerry.
    assert edges == [("john-kerry", "USA", "d1#affiliated_with:john-kerry")]
    data = G.edges[edges[0]]
    assert data["role"] == "secretary of state" and data["derived"] is True
    assert data["cameo"] == () and "plover" not in data


def test_stated_affiliation_is_not_duplicated() -> None:
    ext = Extraction(
        "d",
        entities=(USA, KERRY),
        relations=(rel("john-kerry", "affiliated_with", "USA", role="envoy"),),
    )
    G = build_graph([ext])
    assert list(G.edges(keys=True)) == [("john-kerry", "USA", "d#0")]
    assert G.edges["john-kerry", "USA", "d#0"]["derived"] is False


def test_affiliation_to_an_unlisted_country_adds_a_country_node() -> None:
    G = build_graph([Extraction("d", entities=(KERRY,))])
    assert G.nodes["USA"] == {"label": "USA", "type": "Country", "mentions": (), "n_docs": 0}


def test_unknown_ids_and_predicates(caplog: pytest.LogCaptureFixture) -> None:
    ext = Extraction(
        "d",
        entities=(USA,),
        relations=(rel("USA", "warns", "ghost"), rel("USA", "befriends", "USA")),
    )
    with caplog.at_level(logging.WARNING, logger="geokg.graph.build"):
        G = build_graph([ext])
    assert G.nodes["ghost"] == {"label": "ghost", "mentions": (), "n_docs": 0}
    assert list(G.edges(keys=True)) == [("USA", "ghost", "d#0")]
    assert "ghost" in caplog.text and "befriends" in caplog.text


def test_repeated_document_keeps_the_first(caplog: pytest.LogCaptureFixture) -> None:
    first = Extraction("d", entities=(USA, RUS), relations=(rel("USA", "warns", "RUS"),))
    second = Extraction("d", entities=(USA, RUS), relations=(rel("RUS", "warns", "USA"),))
    with caplog.at_level(logging.WARNING, logger="geokg.graph.build"):
        G = build_graph([first, second])
    assert list(G.edges) == [("USA", "RUS", "d#0")]
    assert "twice" in caplog.text


def test_input_order_does_not_matter(docs: list[Extraction]) -> None:
    a, b = build_graph(docs), build_graph(reversed(docs))
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(keys=True, data=True)) == list(b.edges(keys=True, data=True))
    assert a.graph == b.graph


def test_collapse_counts_and_hedging(docs: list[Extraction]) -> None:
    H = collapse(build_graph(docs))
    assert isinstance(H, nx.DiGraph) and not H.is_multigraph()
    assert set(H.nodes) == {"USA", "RUS", "SYR", "john-kerry", "homs"}
    assert H.edges["john-kerry", "RUS"] == {
        "predicates": "warns",
        "plover": "THREATEN",
        "weight": 2,
        "n_warns": 2,
        "n_docs": 2,
        "first_date": "2015-10-01",
        "last_date": "2015-10-05",
    }
    # RUS strikes SYR: negated in d1, factual in d2.
    assert H.edges["RUS", "SYR"]["weight"] == 1
    assert H.edges["RUS", "SYR"]["first_date"] == "2015-10-05"
    # USA strikes RUS only hypothetically: the edge holds the meeting alone.
    assert H.edges["USA", "RUS"]["predicates"] == "meets"
    assert H.edges["USA", "RUS"]["weight"] == 1
    assert H.edges["john-kerry", "USA"]["predicates"] == "affiliated_with"
    assert H.graph["documents"] == ["d1", "d2"]


def test_collapse_include_hedged(docs: list[Extraction]) -> None:
    H = collapse(build_graph(docs), include_hedged=True)
    assert H.edges["RUS", "SYR"]["weight"] == 2
    assert H.edges["RUS", "SYR"]["n_hedged"] == 1
    assert H.edges["USA", "RUS"] == {
        "predicates": "meets;strikes",
        "plover": "ASSAULT;CONSULT",
        "weight": 2,
        "n_meets": 1,
        "n_strikes": 1,
        "n_docs": 2,
        "first_date": "2015-10-01",
        "last_date": "2015-10-05",
        "n_hedged": 1,
    }


def test_collapse_drops_pairs_with_only_hedged_relations() -> None:
    ext = Extraction(
        "d", entities=(USA, RUS), relations=(rel("USA", "strikes", "RUS", negated=True),)
    )
    H = collapse(build_graph([ext]))
    assert set(H.nodes) == {"USA", "RUS"} and H.number_of_edges() == 0


def test_collapse_joins_several_predicates() -> None:
    ext = Extraction(
        "d",
        entities=(USA, RUS),
        relations=(
            rel("USA", "warns", "RUS"),
            rel("USA", "sanctions", "RUS"),
            rel("USA", "warns", "RUS"),
        ),
    )
    e = collapse(build_graph([ext])).edges["USA", "RUS"]
    assert e["predicates"] == "sanctions;warns"
    assert (e["weight"], e["n_warns"], e["n_sanctions"], e["n_docs"]) == (3, 2, 1, 1)
    assert "first_date" not in e


def test_collapse_needs_the_multigraph() -> None:
    with pytest.raises(GeoKGError, match="MultiDiGraph"):
        collapse(nx.DiGraph())
    G = nx.MultiDiGraph()
    G.add_edge("a", "b")
    with pytest.raises(GeoKGError, match="predicate"):
        collapse(G)


def test_summary(docs: list[Extraction]) -> None:
    G = build_graph(docs)
    s = summary(G)
    assert s == {
        "documents": 2,
        "nodes": 5,
        "edges": 7,
        "relations": 7,
        "hedged": 2,
        "nodes_by_type": {"Country": 3, "Location": 1, "Person": 1},
        "edges_by_predicate": {"affiliated_with": 1, "meets": 1, "strikes": 3, "warns": 2},
    }
    c = summary(collapse(G, include_hedged=True))
    assert c["edges_by_predicate"] == s["edges_by_predicate"]
    assert (c["relations"], c["hedged"], c["edges"]) == (7, 2, 4)


_IDS = st.sampled_from(["A", "B", "C", "D"])
_RELATIONS = st.builds(
    rel,
    _IDS,
    st.sampled_from(sorted(EVENT_PREDICATES)),
    _IDS,
    negated=st.booleans(),
    hypothetical=st.booleans(),
)
_EXTRACTIONS = st.lists(
    st.tuples(st.lists(_IDS, min_size=1, unique=True), st.lists(_RELATIONS, max_size=5)),
    max_size=4,
).map(
    lambda docs: [
        Extraction(
            f"doc{i}",
            entities=tuple(Entity(e, e.lower(), "Country", mentions=(e,)) for e in ents),
            relations=tuple(r for r in rels if {r.subject, r.object} <= set(ents)),
        )
        for i, (ents, rels) in enumerate(docs)
    ]
)


@settings(max_examples=60, deadline=None)
@given(_EXTRACTIONS)
def test_every_relation_is_one_edge(exts: list[Extraction]) -> None:
    G = build_graph(exts)
    assert G.number_of_edges() == sum(len(e.relations) for e in exts)
    for ext in exts:
        for i, r in enumerate(ext.relations):
            data = G.edges[r.subject, r.object, f"{ext.doc_id}#{i}"]
            assert (data["predicate"], data["negated"]) == (r.predicate, r.negated)
    for _, data in G.nodes(data=True):
        assert 1 <= data["n_docs"] <= len(exts)
    factual = sum(1 for *_, d in G.edges(data=True) if not (d["negated"] or d["hypothetical"]))
    assert sum(w for *_, w in collapse(G).edges(data="weight")) == factual
    assert sum(w for *_, w in collapse(G, include_hedged=True).edges(data="weight")) == len(G.edges)


@pytest.mark.parametrize(
    "module",
    ["geokg.graph.build", "geokg.graph.stats", "geokg.graph.aggregate", "geokg.graph.merge"],
)
def test_docstring_examples(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0 and result.attempted > 0


# --- one node per actor across documents ---------------------------------------------------


def test_countries_merge_by_iso_code() -> None:
    exts = [
        Extraction(
            "d1",
            entities=(Entity("russia", "Russia", "Country", iso3="RUS"), USA),
            relations=(rel("russia", "warns", "USA"),),
        ),
        Extraction("d2", entities=(RUS, USA), relations=(rel("RUS", "warns", "USA"),)),
    ]
    G = build_graph(exts)
    assert "russia" not in G and G.nodes["RUS"]["n_docs"] == 2
    assert G.number_of_edges("RUS", "USA") == 2


def test_persons_merge_by_normalized_full_name() -> None:
    erdogan = Entity("erdogan", "Recep Tayyip Erdoğan", "Person", mentions=("Erdoğan",))
    other = Entity(
        "recep-tayyip-erdogan", "President Recep Tayyip Erdogan", "Person", mentions=("Mr Erdogan",)
    )
    exts = [
        Extraction("d1", (erdogan, USA), (rel("erdogan", "criticizes", "USA"),)),
        Extraction(
            "d2",
            (other, USA),
            (rel("USA", "warns", "recep-tayyip-erdogan", attributed_to="recep-tayyip-erdogan"),),
        ),
    ]
    G = build_graph(exts)
    persons = [n for n, d in G.nodes(data=True) if d.get("type") == "Person"]
    assert persons == ["erdogan"]  # one vote each: the smaller id wins
    assert G.nodes["erdogan"]["mentions"] == ("Erdoğan", "Mr Erdogan")
    assert G.edges["USA", "erdogan", "d2#0"]["attributed_to"] == "erdogan"


def test_same_name_in_different_countries_stays_apart() -> None:
    a = Entity("GBR-defence", "Ministry of Defence", "Organization", country="GBR")
    b = Entity("IND-defence", "Ministry of Defence", "Organization", country="IND")
    ids = canonical_ids([Extraction("d1", (a,)), Extraction("d2", (b,))])
    assert ids["GBR-defence"] != ids["IND-defence"]


def test_alias_table_merges_when_given() -> None:
    isil = Entity("isil", "ISIL", "Group", mentions=("ISIL",))
    exts = [Extraction("d1", (isil, USA), (rel("USA", "strikes", "isil"),))]
    assert "isil" in build_graph(exts)
    G = build_graph(exts, aliases=gazetteer_aliases())
    assert "isil" not in G and G.has_edge("USA", "islamic-state")
    assert G.nodes["islamic-state"]["mentions"] == ("ISIL",)


def test_remap_merges_entities_of_one_document() -> None:
    exts = [
        Extraction(
            "d",
            (
                Entity("russia", "Russia", "Country", iso3="RUS", mentions=("Moscow",)),
                Entity("RUS", "Russia", "Country", iso3="RUS", mentions=("Russia",)),
            ),
        )
    ]
    G = build_graph(exts)
    assert list(G.nodes) == ["RUS"] and G.nodes["RUS"]["mentions"] == ("Moscow", "Russia")


def test_name_key() -> None:
    assert name_key("George W. Bush") == name_key("george bush")
    assert name_key("Mr. Kerry") == "kerry"
    assert name_key("Москва") == "москва"


# --- per-triple counts across documents -------------------------------------------------------


def test_summarize_counts_documents_and_dates(docs: list[Extraction]) -> None:
    G = build_graph(docs)
    by_triple = {(t.subject, t.predicate, t.object): t for t in summarize(G)}
    warns = by_triple[("john-kerry", "warns", "RUS")]
    assert (warns.n_documents, warns.n_relations) == (2, 2)
    assert (warns.first_date, warns.last_date) == ("2015-10-01", "2015-10-05")
    assert warns.relations == ("d1#0", "d2#0")
    # RUS strikes SYR: negated in d1, so only d2 counts; hypothetical USA strikes RUS is out.
    assert by_triple[("RUS", "strikes", "SYR")].documents == ("d2",)
    assert ("USA", "strikes", "RUS") not in by_triple
    hedged = {(t.subject, t.predicate, t.object) for t in summarize(G, include_hedged=True)}
    assert ("USA", "strikes", "RUS") in hedged


def test_aggregate_has_an_edge_per_triple(docs: list[Extraction]) -> None:
    H = aggregate(build_graph(docs))
    assert sorted(H.edges(keys=True)) == [
        ("RUS", "SYR", "strikes"),
        ("USA", "RUS", "meets"),
        ("john-kerry", "RUS", "warns"),
        ("john-kerry", "USA", "affiliated_with"),
    ]
    e = H.edges["john-kerry", "RUS", "warns"]
    assert e["weight"] == 2 and e["n_docs"] == 2 and e["plover"] == "THREATEN"
    assert e["dates"] == ("2015-10-01", "2015-10-05") and e["cameo"] == ("13",)
    assert "plover" not in H.edges["john-kerry", "USA", "affiliated_with"]
    assert (H.nodes["RUS"]["first_date"], H.nodes["RUS"]["last_date"]) == (
        "2015-10-01",
        "2015-10-05",
    )
    assert "first_date" not in H.nodes["homs"]


def test_non_iso_dates_are_not_times() -> None:
    ext = Extraction("d", (USA, RUS), (rel("USA", "warns", "RUS"),), meta={"date": "Oct 3, 2015"})
    (t,) = summarize(build_graph([ext]))
    assert t.dates == () and t.first_date is None
