"""The build's on-disk store: updated by difference, never under a reader's feet.

No spaCy here: graphs are built from hand-made extractions. After every
update the store must hold exactly the triples of the graph's RDF (what
``to_rdf`` gives), whatever changed: a relation, a label, an actor merged
into another id, a document removed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from geokg.answers import answer
from geokg.errors import InputError
from geokg.exports import to_rdf
from geokg.exports.ntriples import diff_lines, iter_lines
from geokg.graph import build_graph
from geokg.model import Entity, Extraction, Relation
from geokg.sparql import Store, load
from geokg.store import write_graph_json
from geokg.triplestore import MANIFEST, STORE, open_store, previous_graph, update_store


def extraction(doc: str, *rels: tuple[str, str, str], label: str = "", negated: bool = False):
    ents = {}
    for s, _, o in rels:
        for name in (s, o):
            ents[name] = Entity(name, label if name == "A" and label else name, "Country")
    relations = tuple(
        Relation(s, p, o, f"{s} {p} {o}.", 0, 5, doc_id=doc, negated=negated) for s, p, o in rels
    )
    return Extraction(doc, tuple(ents.values()), relations, meta={"date": "2026-01-02"})


def triples_of(G) -> set[ox.Triple]:
    data = ("\n".join(iter_lines(G)) + "\n").encode("utf-8")
    quads = ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
    return {ox.Triple(q.subject, q.predicate, q.object) for q in quads}


def stored(out: Path) -> set[ox.Triple]:
    with open_store(out) as opened:
        return {ox.Triple(q.subject, q.predicate, q.object) for q in opened.store}


def save(out: Path, G) -> None:
    write_graph_json(G, out / "graph.json")


VERSIONS = [
    [extraction("d1", ("A", "strikes", "B")), extraction("d2", ("B", "meets", "C"))],
    # a relation more, one negated, a label changed
    [
        extraction("d1", ("A", "strikes", "B"), ("A", "warns", "C"), label="Alpha"),
        extraction("d2", ("B", "meets", "C"), negated=True),
        extraction("d3", ("C", "strikes", "A")),
    ],
    # d1 gone, an actor named otherwise
    [extraction("d2", ("B", "meets", "D")), extraction("d3", ("C", "strikes", "A"))],
]


def test_each_update_leaves_the_graphs_triples(tmp_path: Path) -> None:
    previous = None
    for i, docs in enumerate(VERSIONS):
        G = build_graph(docs)
        save(tmp_path, G)
        result = update_store(tmp_path, G, previous=previous)
        assert result.mode == ("loaded" if i == 0 else "updated"), result
        assert stored(tmp_path) == triples_of(G)
        assert len(triples_of(G)) == result.triples
        # what rdflib's to_rdf says, too
        assert len(to_rdf(G)) == result.triples
        previous = previous_graph(tmp_path)
        assert previous is not None
    # one generation left, and no leftovers
    names = sorted(p.name for p in (tmp_path / STORE).iterdir())
    assert [n for n in names if n.startswith("oxigraph-") and "." not in n] == ["oxigraph-000003"]


def test_diff_lines_turn_one_graph_into_the_other() -> None:
    old, new = build_graph(VERSIONS[1]), build_graph(VERSIONS[2])
    removed, added = diff_lines(old, new)
    lines = set(iter_lines(old))
    assert set(removed) <= lines and not set(added) & lines
    assert (lines - set(removed)) | set(added) == set(iter_lines(new))


def test_a_reader_keeps_its_generation_until_it_lets_go(tmp_path: Path) -> None:
    first, second = build_graph(VERSIONS[0]), build_graph(VERSIONS[1])
    save(tmp_path, first)
    update_store(tmp_path, first)
    reader = open_store(tmp_path)
    old = reader.path
    save(tmp_path, second)
    update_store(tmp_path, second, previous=first)
    assert old.is_dir(), "a generation in use was removed"
    # the reader still sees the graph it opened
    assert {ox.Triple(q.subject, q.predicate, q.object) for q in reader.store} == triples_of(first)
    reader.close()
    update_store(tmp_path, second, previous=second)  # nothing changed; old ones are cleared
    assert not old.exists()
    assert stored(tmp_path) == triples_of(second)


def test_a_store_older_than_graph_json_is_refused_then_reloaded(tmp_path: Path) -> None:
    first, second = build_graph(VERSIONS[0]), build_graph(VERSIONS[1])
    save(tmp_path, first)
    update_store(tmp_path, first)
    save(tmp_path, second)  # a build killed before it updated the store
    with pytest.raises(InputError, match="older than its graph.json"):
        open_store(tmp_path)
    assert previous_graph(tmp_path) is None
    result = update_store(tmp_path, second, previous=None)
    assert result.mode == "loaded" and "not the one the store holds" in result.reason
    assert stored(tmp_path) == triples_of(second)


def test_a_store_that_differs_from_its_graph_is_loaded_afresh(tmp_path: Path) -> None:
    first, second = build_graph(VERSIONS[0]), build_graph(VERSIONS[1])
    save(tmp_path, first)
    update_store(tmp_path, first)
    # someone else's graph.json, with the right digest in the manifest
    wrong = build_graph(VERSIONS[2])
    save(tmp_path, wrong)
    manifest = json.loads((tmp_path / STORE / MANIFEST).read_text())
    from geokg.triplestore import file_digest

    manifest["graph_sha256"] = file_digest(tmp_path / "graph.json")
    (tmp_path / STORE / MANIFEST).write_text(json.dumps(manifest))
    result = update_store(tmp_path, second, previous=previous_graph(tmp_path))
    assert result.mode == "loaded" and "differs" in result.reason
    assert stored(tmp_path) == triples_of(second)


def test_no_store_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no store"):
        open_store(tmp_path)
    with pytest.raises(InputError, match="no store"):
        load(tmp_path)


def test_load_opens_a_folder_and_answers_like_the_file(tmp_path: Path) -> None:
    G = build_graph(VERSIONS[1])
    save(tmp_path, G)
    update_store(tmp_path, G)
    from geokg.exports import write_turtle

    write_turtle(G, tmp_path / "graph.ttl")
    query = "SELECT ?s ?o WHERE { ?s geokg:strikes ?o } ORDER BY ?s ?o"
    folder = load(tmp_path)
    assert folder.engine == "oxigraph" and len(folder) == len(to_rdf(G))
    assert folder.query(query).rows == load(tmp_path / "graph.ttl").query(query).rows
    assert load(tmp_path, engine="rdflib").query(query).rows == folder.query(query).rows
    folder.close()


@pytest.mark.parametrize(
    ("accept", "media", "start"),
    [
        (None, "application/sparql-results+json", b'{"head"'),
        ("text/csv", "text/csv", b"s,o\r\n"),
        ("text/tab-separated-values", "text/tab-separated-values", b"?s\t?o\n"),
        ("application/sparql-results+xml", "application/sparql-results+xml", b"<?xml"),
        ("text/html;q=0.9, text/csv", "text/csv", b"s,o"),
        ("image/png", "application/sparql-results+json", b'{"head"'),
    ],
)
def test_answers_in_the_accepted_format(accept, media, start) -> None:
    G = build_graph(VERSIONS[1])
    for engine in ("oxigraph", "rdflib"):
        store = Store.from_graph(G, engine=engine)
        reply = answer(
            store,
            "SELECT ?s ?o WHERE { ?s geokg:strikes ?o } ORDER BY ?s",
            prefixes={"geokg": "https://w3id.org/geokg/ontology#"},
            max_rows=10,
            accept=accept,
        )
        assert (reply.status, reply.media_type) == (200, media), engine
        assert reply.body.startswith(start), (engine, reply.body[:60])


def test_answers_refuse_too_many_rows_and_updates() -> None:
    store = Store.from_graph(build_graph(VERSIONS[1]), engine="oxigraph")
    too_many = answer(store, "SELECT * WHERE { ?s ?p ?o }", prefixes={}, max_rows=5, accept=None)
    assert too_many.status == 400 and b"more than 5 rows" in too_many.body
    graph = answer(store, "CONSTRUCT WHERE { ?s ?p ?o }", prefixes={}, max_rows=5, accept=None)
    assert graph.status == 400
    update = answer(store, "DROP ALL", prefixes={}, max_rows=5, accept=None)
    assert update.status == 400 and b"read-only" in update.body
    construct = answer(
        store,
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 2",
        prefixes={},
        max_rows=5,
        accept="application/n-triples",
    )
    assert construct.status == 200 and construct.body.count(b"\n") == 2
