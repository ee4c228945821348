"""The dynamic GEXF (Gephi's timeline) and the collapsed overview, read back by other parsers."""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from _graphs import VALIDATORS, small_extractions, wikinews_out

from geokg.errors import ExportError
from geokg.exports import generate_gexf, write_gexf
from geokg.graph import build_graph, collapse
from geokg.model import Entity, Extraction, Relation

NS = {"g": "http://www.gexf.net/1.2draft"}


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return build_graph(small_extractions())


def _xml(G: nx.MultiDiGraph) -> ET.Element:
    return ET.fromstring("\n".join(generate_gexf(G, dynamic=True)).encode("utf-8"))


def _attvalues(element: ET.Element, titles: dict[str, str]) -> dict[str, str]:
    return {
        titles[v.get("for", "")]: v.get("value", "")
        for v in element.iterfind("g:attvalues/g:attvalue", NS)
    }


def test_the_graph_is_dynamic_with_dates(G: nx.MultiDiGraph) -> None:
    root = _xml(G)
    graph = root.find("g:graph", NS)
    assert graph is not None
    assert (graph.get("mode"), graph.get("timeformat")) == ("dynamic", "date")
    titles = {a.get("id", ""): a.get("title", "") for a in root.iterfind(".//g:attribute", NS)}
    edges = {e.get("id"): e for e in root.iterfind(".//g:edge", NS)}
    strike = edges["RUS/strikes/islamic-state"]
    assert (strike.get("label"), strike.get("kind"), strike.get("weight")) == (
        "strikes",
        "strikes",
        "2",
    )
    spells = [(s.get("start"), s.get("end")) for s in strike.iterfind("g:spells/g:spell", NS)]
    assert spells == [("2015-10-01", "2015-10-01"), ("2015-11-12", "2015-11-12")]
    values = _attvalues(strike, titles)
    assert values["plover"] == "ASSAULT" and values["n_docs"] == "2"
    assert (values["first_date"], values["last_date"]) == ("2015-10-01", "2015-11-12")
    nodes = {n.get("id"): n for n in root.iterfind(".//g:node", NS)}
    assert (nodes["RUS"].get("start"), nodes["RUS"].get("end")) == ("2015-10-01", "2015-11-12")
    assert _attvalues(nodes["RUS"], titles)["iso3"] == "RUS"
    assert nodes["RUS"].find("{http://www.gexf.net/1.2draft/viz}color") is not None


def test_one_edge_per_factual_triple(G: nx.MultiDiGraph) -> None:
    ids = {e.get("id") for e in _xml(G).iterfind(".//g:edge", NS)}
    assert "RUS/strikes/SYR" not in ids  # negated only
    assert "USA/strikes/islamic-state" in ids  # hypothetical in d1, factual in d3
    assert "john-kerry/affiliated_with/USA" in ids
    assert len(ids) == 10


def test_networkx_reads_it_back(G: nx.MultiDiGraph, tmp_path: Path) -> None:
    write_gexf(G, tmp_path / "g.gexf", dynamic=True)
    back = nx.read_gexf(tmp_path / "g.gexf")
    edge = next(d for _, _, d in back.edges(data=True) if d["id"] == "USA/meets/RUS")
    assert edge["spells"] == [("2015-11-12", "2015-11-12")]
    assert edge["predicate"] == "meets" and edge["plover"] == "CONSULT"
    assert back.nodes["sergei-lavrov"]["start"] == "2015-11-12"


def test_undated_documents_give_a_static_graph() -> None:
    ents = (Entity("A", "A", "Country"), Entity("B", "B", "Country"))
    ext = Extraction("d", ents, (Relation("A", "warns", "B", "s", 0, 1),), meta={"date": "May 5"})
    root = _xml(build_graph([ext]))
    graph = root.find("g:graph", NS)
    assert graph is not None and graph.get("mode") == "static" and graph.get("timeformat") is None
    assert root.find(".//g:spell", NS) is None


def test_dynamic_needs_the_multigraph(G: nx.MultiDiGraph, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="MultiDiGraph"):
        write_gexf(collapse(G), tmp_path / "x.gexf", dynamic=True)


def test_same_graph_same_bytes() -> None:
    a, b = build_graph(small_extractions()), build_graph(list(reversed(small_extractions())))
    assert list(generate_gexf(a, dynamic=True)) == list(generate_gexf(b, dynamic=True))


def _graphology(path: Path) -> dict:
    done = subprocess.run(
        ["node", str(VALIDATORS / "gexf_read.js"), str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _needs_node() -> None:
    if (
        shutil.which("node") is None
        or not (VALIDATORS / "node_modules" / "graphology-gexf").is_dir()
    ):
        pytest.skip("node or ../shared/validators/node_modules (graphology-gexf) is missing")


@pytest.mark.shared
def test_gephi_lite_parser_reads_both_views(G: nx.MultiDiGraph, tmp_path: Path) -> None:
    _needs_node()
    write_gexf(G, tmp_path / "graph.gexf", dynamic=True)
    write_gexf(collapse(G), tmp_path / "graph-collapsed.gexf")
    dynamic = _graphology(tmp_path / "graph.gexf")
    assert dynamic["edges"] == 10
    assert {"first_date", "last_date", "dates", "plover", "predicate", "weight", "kind"} <= set(
        dynamic["edge_attributes"]
    )
    assert {"first_date", "last_date", "type", "iso3", "color", "size"} <= set(
        dynamic["node_attributes"]
    )
    collapsed = _graphology(tmp_path / "graph-collapsed.gexf")
    assert not collapsed["multi"]
    assert {"first_date", "last_date", "weight", "predicates", "plover"} <= set(
        collapsed["edge_attributes"]
    )
    assert dynamic["mistyped_node_values"] == collapsed["mistyped_node_values"] == []


@pytest.mark.shared
def test_check_sh_passes_on_the_wikinews_build(tmp_path_factory: pytest.TempPathFactory) -> None:
    out = wikinews_out(tmp_path_factory)
    _needs_node()
    if shutil.which("rapper") is None:
        pytest.skip("rapper (raptor2-utils) is not installed")
    for name in ("graph.ttl", "ontology.ttl", "graph.gexf", "graph-collapsed.gexf"):
        assert (out / name).stat().st_size > 0, name
    done = subprocess.run(
        ["bash", str(VALIDATORS / "check.sh"), str(out)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"rapper  OK   {out / 'graph.ttl'}" in done.stdout
    assert f"rapper  OK   {out / 'ontology.ttl'}" in done.stdout
    summaries = json.loads("[" + done.stdout[done.stdout.index("{") :].replace("}\n{", "},{") + "]")
    by_file = {Path(s["file"]).name: s for s in summaries}
    timeline = by_file["graph.gexf"]
    assert {"first_date", "last_date", "dates"} <= set(timeline["edge_attributes"])
    assert {"first_date", "last_date"} <= set(timeline["node_attributes"])
    assert {"first_date", "last_date"} <= set(by_file["graph-collapsed.gexf"]["edge_attributes"])
    root = ET.parse(out / "graph.gexf").getroot()
    graph = root.find("g:graph", NS)
    assert (
        graph is not None and graph.get("mode") == "dynamic" and graph.get("timeformat") == "date"
    )
    assert root.find(".//g:spell", NS) is not None
