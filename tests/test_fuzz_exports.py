"""Export fuzzing: graphs with arbitrary Unicode names and sentences survive every format.

Hypothesis builds extractions whose ids, labels, mentions, roles, cues,
sentences, document ids and metadata are any Unicode text (quotes, angle
brackets, backslashes, control characters, emoji, right-to-left marks, zero-
width joiners, U+2028 ...); the multigraph of :func:`geokg.graph.build_graph`
is then written in every format and read back:

- Turtle parses back isomorphic to :func:`~geokg.exports.to_rdf`, and rapper
  (Debian's raptor2-utils, no code shared with rdflib) reads every triple;
- GEXF (dynamic and collapsed) and GraphML read back with the nodes, edges and
  attributes of their ``*_ready`` copy (the documented XML-safe form);
- JSON Lines parses back to the same extractions, one per line.

``max_examples`` stays modest so the suite runs in seconds on two cores.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rdflib import Graph
from rdflib.compare import isomorphic

from geokg.exports import (
    generate_turtle,
    gexf_ready,
    graphml_ready,
    read_jsonl,
    to_rdf,
    write_gexf,
    write_graphml,
    write_jsonl,
)
from geokg.exports._plain import xml_text
from geokg.graph import build_graph, collapse
from geokg.model import Entity, Extraction, Relation
from geokg.vocab import ENTITY_TYPES, PREDICATES

# Every character but lone surrogates, which no UTF-8 file can hold (the
# Turtle writer's documented U+FFFD replacement is tested in test_exports.py).
TEXT = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=12)
MAYBE_TEXT = st.none() | TEXT
# Names that exercise the escapes most, mixed into the arbitrary ones.
AWKWARD = st.sampled_from(
    [
        '"',
        "'''",
        '\\"',
        "<a&b>",
        "back\\",
        "\x00\x1b[31m",
        "\r\n",
        "\u2028",
        "👨\u200d👩\u200d👧",
        "\u202eflip\u202c",
        "العربية",
        " ",
        "%20",
    ]
)
NAME = TEXT | AWKWARD

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@st.composite
def extractions(draw: st.DrawFn) -> list[Extraction]:
    """One to three documents over a shared set of two to five entities."""
    ids = draw(st.lists(NAME, min_size=2, max_size=5, unique=True))
    entities = []
    for entity_id in ids:
        type_ = draw(st.sampled_from(ENTITY_TYPES))
        entities.append(
            Entity(
                entity_id,
                draw(NAME),
                type_,
                iso3=draw(st.none() | st.from_regex(r"[A-Z]{3}", fullmatch=True)),
                mentions=tuple(draw(st.lists(NAME, max_size=3))),
                country=draw(st.none() | st.sampled_from(ids)) if type_ != "Country" else None,
                role=draw(MAYBE_TEXT),
            )
        )
    doc_ids = draw(st.lists(NAME, min_size=1, max_size=3, unique=True))
    out = []
    for doc_id in doc_ids:
        relations = []
        for _ in range(draw(st.integers(0, 4))):
            start = draw(st.integers(0, 500))
            relations.append(
                Relation(
                    draw(st.sampled_from(ids)),
                    draw(st.sampled_from(sorted(PREDICATES))),
                    draw(st.sampled_from(ids)),
                    draw(NAME),
                    start,
                    start + draw(st.integers(1, 300)),
                    doc_id=doc_id,
                    negated=draw(st.booleans()),
                    hypothetical=draw(st.booleans()),
                    attributed_to=draw(st.none() | st.sampled_from(ids)),
                    role=draw(MAYBE_TEXT),
                    confidence=draw(st.floats(0, 1)),
                    cue=draw(MAYBE_TEXT),
                )
            )
        meta = {
            "title": draw(NAME),
            "date": draw(st.none() | NAME | st.dates().map(str)),
            "url": draw(MAYBE_TEXT),
        }
        out.append(
            Extraction(
                doc_id,
                entities=tuple(draw(st.permutations(entities))),
                relations=tuple(relations),
                meta={k: v for k, v in meta.items() if v is not None},
            )
        )
    return out


# --- Turtle -----------------------------------------------------------------------------


@FUZZ
@given(extractions())
def test_turtle_parses_back_isomorphic(exts: list[Extraction]) -> None:
    G = build_graph(exts)
    back = Graph().parse(data=generate_turtle(G), format="turtle")
    assert isomorphic(back, to_rdf(G))


@pytest.mark.skipif(
    shutil.which("rapper") is None, reason="rapper (raptor2-utils) is not installed"
)
@FUZZ
@given(exts=extractions())
def test_rapper_reads_every_triple(exts: list[Extraction], tmp_path: Path) -> None:
    G = build_graph(exts)
    path = tmp_path / "graph.ttl"
    path.write_text(generate_turtle(G), encoding="utf-8")
    done = subprocess.run(
        ["rapper", "-i", "turtle", "-c", str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0 and "Error" not in done.stderr, done.stderr
    count = re.search(r"returned (\d+) triples", done.stderr)
    assert count is not None and int(count.group(1)) == len(to_rdf(G)), done.stderr


# --- GEXF and GraphML -------------------------------------------------------------------

# What the readers add or GEXF keeps apart from the attributes: its own bookkeeping.
_BOOKKEEPING = frozenset({"viz", "id", "label", "start", "end", "spells"})


def _attrs(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in _BOOKKEEPING}


def _xml_safe(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """``G``, unless two ids differ only in characters XML cannot hold.

    Such node ids are refused with an ExportError (tested in test_exports.py);
    names of that kind are too rare to spend examples on.
    """
    nodes = {xml_text(str(n)) for n in G.nodes}
    keys = {xml_text(str(k)) for _, _, k in G.edges(keys=True)}
    assume(len(nodes) == len(G) and len(keys) == G.number_of_edges())
    return G


@FUZZ
@given(exts=extractions(), dynamic=st.booleans())
def test_gexf_reads_back_the_same_graph(
    exts: list[Extraction], dynamic: bool, tmp_path: Path
) -> None:
    G = _xml_safe(build_graph(exts))
    graph = G if dynamic else collapse(G)
    ready = gexf_ready(graph, dynamic=dynamic)
    path = tmp_path / "graph.gexf"
    write_gexf(graph, path, dynamic=dynamic)
    back = nx.read_gexf(path)
    assert sorted(back.nodes) == sorted(ready.nodes)
    for node, data in ready.nodes(data=True):
        assert back.nodes[node]["label"] == data.get("label", node)
        assert _attrs(back.nodes[node]) == _attrs(data)
        assert back.nodes[node]["viz"]["color"] == data["viz"]["color"]
    # The GEXF edge id (the key of a multigraph edge) names each edge.
    got = {d["id"]: (u, v, _attrs(d)) for u, v, d in back.edges(data=True)}
    if ready.is_multigraph():
        want = {d["id"]: (u, v, _attrs(d)) for u, v, d in ready.edges(data=True)}
        assert got == want
    else:
        assert sorted((u, v) for u, v, _ in got.values()) == sorted(ready.edges)
        for u, v, data in ready.edges(data=True):
            expected = {**_attrs(data), "weight": float(data["weight"])}
            assert _attrs(back.edges[u, v]) == expected


@FUZZ
@given(exts=extractions(), collapsed=st.booleans())
def test_graphml_reads_back_the_same_graph(
    exts: list[Extraction], collapsed: bool, tmp_path: Path
) -> None:
    G = _xml_safe(build_graph(exts))
    graph = collapse(G) if collapsed else G
    ready = graphml_ready(graph)
    path = tmp_path / "graph.graphml"
    write_graphml(graph, path)
    back = nx.read_graphml(path, force_multigraph=not collapsed)
    assert dict(back.nodes(data=True)) == dict(ready.nodes(data=True))
    if collapsed:
        assert {(u, v): d for u, v, d in back.edges(data=True)} == {
            (u, v): d for u, v, d in ready.edges(data=True)
        }
    else:
        assert {(u, v, k): d for u, v, k, d in back.edges(keys=True, data=True)} == {
            (u, v, k): d for u, v, k, d in ready.edges(keys=True, data=True)
        }
    # the reader adds the GraphML defaults of attributes, which geokg does not set
    assert {k: v for k, v in back.graph.items() if not k.endswith("_default")} == ready.graph


# --- JSON Lines -------------------------------------------------------------------------


@FUZZ
@given(exts=extractions())
def test_jsonl_parses_back_one_record_per_line(exts: list[Extraction], tmp_path: Path) -> None:
    path = tmp_path / "extraction.jsonl"
    write_jsonl(exts, path)
    # "\n" ends a record and nothing else does: U+2028 and "\r" stay inside strings.
    lines = path.read_bytes().decode("utf-8").split("\n")
    assert lines[-1] == "" and len(lines) == len(exts) + 1
    assert [Extraction.from_json(json.loads(line)) for line in lines[:-1]] == exts
    assert read_jsonl(path) == exts
