"""geokg.view: the offline interactive page (checked in headless Chromium) and the picture."""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import subprocess
import sys
import tomllib
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from _browser import chromium_command, open_page

from geokg.exports import PALETTE
from geokg.graph import build_graph
from geokg.model import Entity, Extraction, Relation
from geokg.view import draw, generate_html, layout, node_radius, view_data, write_html, write_png
from geokg.view.notebook import GraphView
from geokg.view.style import hex_colour

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "geokg" / "view" / "static"
NASTY = "He said \"</script><script>document.title='pwned'</script><!--\" & left."


def _graph() -> nx.MultiDiGraph:
    """Parallel edges both ways, a hedged one, a self-loop, an isolate, hostile text."""
    ents = (
        Entity("RUS", "Russia", "Country", iso3="RUS", mentions=("Russia", "Moscow")),
        Entity("USA", "United States", "Country", iso3="USA", mentions=("US",)),
        Entity("islamic-state", "Islamic State", "Group", mentions=("IS", "Isil")),
        Entity("john-kerry", "John Kerry", "Person", mentions=("Kerry",), country="USA"),
        Entity("homs", "Homs <province>", "Location", mentions=("Homs",)),
        Entity("nato", "NATO", "Organization"),
    )
    rels = (
        Relation("RUS", "strikes", "islamic-state", "Russia struck IS.", 0, 17, cue="struck"),
        Relation(
            "RUS", "strikes", "islamic-state", "Russia bombed IS again.", 18, 41, cue="bombed"
        ),
        Relation(
            "USA", "warns", "RUS", "The US warned Russia.", 42, 63, attributed_to="john-kerry"
        ),
        Relation("RUS", "criticizes", "USA", NASTY, 64, 80),
        Relation("USA", "supports", "RUS", "The US must not back Russia.", 81, 109, negated=True),
        Relation("RUS", "meets", "RUS", "Russian officials met.", 110, 132),
    )
    meta = {
        "title": "Strikes <b>in</b> Syria",
        "date": "2015-10-01",
        "url": "https://example.org/a",
    }
    return build_graph([Extraction("doc-1", ents, rels, meta=meta)])


# --- the payload and the page ----------------------------------------------------------


def test_view_data_colours_sizes_and_groups():
    G = _graph()
    data = view_data(G)
    nodes = {n["id"]: n for n in data["nodes"]}
    assert set(nodes) == set(G.nodes)
    assert nodes["RUS"]["colour"] == hex_colour(PALETTE["Country"])
    assert nodes["islamic-state"]["colour"] == hex_colour(PALETTE["Group"])
    assert nodes["RUS"]["size"] == node_radius(G.degree("RUS")) > nodes["nato"]["size"]
    groups = {(e["from"], e["to"], e["predicate"], e["hedged"]): e for e in data["edges"]}
    strikes = groups[("RUS", "islamic-state", "strikes", False)]
    assert [r["sentence"] for r in strikes["relations"]] == [
        "Russia struck IS.",
        "Russia bombed IS again.",
    ]
    assert strikes["relations"][0]["title"] == "Strikes <b>in</b> Syria"
    assert groups[("USA", "RUS", "warns", False)]["relations"][0]["attributed_to"] == "John Kerry"
    assert groups[("USA", "RUS", "supports", True)]["relations"][0]["negated"] is True
    derived = groups[("john-kerry", "USA", "affiliated_with", False)]
    assert derived["relations"][0]["derived"] is True and derived["kind"] == "structural"


def test_parallel_edges_bend_apart():
    data = view_data(_graph())
    pair = [e for e in data["edges"] if {e["from"], e["to"]} == {"RUS", "USA"}]
    assert len(pair) == 3
    # Measured in one orientation, no two groups of a pair take the same curve.
    sides = [e["bend"] if e["from"] == "RUS" else -e["bend"] for e in pair]
    assert len(set(sides)) == 3


def test_page_is_self_contained_and_escapes_text():
    page = generate_html(_graph(), title="Syria <2015>")
    assert "<title>Syria &lt;2015&gt;</title>" in page
    # Nothing is fetched: no external script, style, image, font or frame.
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page, re.I)
    assert not re.search(r"<link\b|@import|\burl\(\s*['\"]?https?:", page, re.I)
    assert "sourceMappingURL" not in page
    # The hostile sentence cannot close the data element: three scripts, three ends.
    assert page.count("<script") == 3 and page.count("</script>") == 3
    payload = re.search(
        r'<script type="application/json" id="geokg-data">(.*?)</script>', page, re.S
    )
    data = json.loads(payload.group(1))
    sentences = {r["sentence"] for e in data["edges"] for r in e["relations"]}
    assert NASTY in sentences


def test_page_is_deterministic(tmp_path):
    write_html(_graph(), tmp_path / "a.html")
    write_html(_graph(), tmp_path / "b.html")
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()


def test_the_view_needs_the_multigraph():
    with pytest.raises(Exception, match="MultiDiGraph"):
        view_data(nx.DiGraph())


def test_notebook_view_is_a_frame(tmp_path):
    view = GraphView(generate_html(_graph()), height=420)
    frame = view._repr_html_()
    assert frame.startswith("<iframe") and "height:420px" in frame
    # The page sits escaped in srcdoc: no raw tag of the page leaks into the notebook.
    assert "<script" not in frame and html.unescape(frame.split('srcdoc="')[1][:-11]) == view.page
    view.save(tmp_path / "v.html")
    assert (tmp_path / "v.html").read_text(encoding="utf-8") == view.page


# --- static files ---------------------------------------------------------------------


def test_static_files_are_package_data():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]
    assert "geokg.view" in config["packages"]
    patterns = config["package-data"]["geokg.view"]
    for path in STATIC.iterdir():
        assert any(path.match(p.split("/", 1)[1]) for p in patterns), (
            f"static/{path.name} not shipped"
        )


def test_vendored_library_is_vis_network_and_inlinable():
    vis = (STATIC / "vis-network.min.js").read_text(encoding="utf-8")
    assert "@version 10.1.5" in vis[:400]
    assert not re.search(r"</script|<script|<!--|sourceMappingURL", vis, re.I)
    assert "10.1.5" in (STATIC / "README.md").read_text(encoding="utf-8")
    assert "MIT License" in (STATIC / "LICENSE-vis-network").read_text(encoding="utf-8")


# --- layout -----------------------------------------------------------------------------


def test_layout_places_every_node_without_overlap():
    G = _graph()
    pos = layout(G)
    assert set(pos) == set(G.nodes)
    nodes = sorted(pos)
    for i, a in enumerate(nodes):
        for b in nodes[i + 1 :]:
            gap = ((pos[a][0] - pos[b][0]) ** 2 + (pos[a][1] - pos[b][1]) ** 2) ** 0.5
            assert gap >= node_radius(G.degree(a)) + node_radius(G.degree(b)), (a, b)


def test_layout_does_not_depend_on_hash_seed():
    """Set iteration order changes with PYTHONHASHSEED; the layout must not."""
    code = (
        "import hashlib, json, sys; sys.path.insert(0, 'tests'); "
        "from test_view import _graph; from geokg.view import layout; "
        "print(hashlib.sha256(json.dumps(sorted(layout(_graph()).items())).encode()).hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1


# --- the picture --------------------------------------------------------------------------


def test_png_is_deterministic_and_labels_top_actors(tmp_path):
    G = _graph()
    write_png(G, tmp_path / "a.png")
    write_png(G, tmp_path / "b.png")
    data = (tmp_path / "a.png").read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert (
        hashlib.sha256(data).digest() == hashlib.sha256((tmp_path / "b.png").read_bytes()).digest()
    )
    fig = draw(G, top=2)
    labels = {t.get_text() for t in fig.axes[0].texts}
    assert labels == {"Russia", "United States"}
    legend = {t.get_text() for t in fig.legends[0].get_texts()}
    assert {"Country", "Person", "Group", "Organization", "Location"} <= legend


def test_png_of_an_empty_graph(tmp_path):
    write_png(nx.MultiDiGraph(), tmp_path / "empty.png")
    assert (tmp_path / "empty.png").stat().st_size > 0


# --- in a real browser, offline ---------------------------------------------------------


@pytest.fixture(scope="module")
def chromium():
    return chromium_command()


class _DrawnNodes(HTMLParser):
    """The status element and the ``data-drawn`` flag of each node of a dumped page."""

    def __init__(self) -> None:
        super().__init__()
        self.status: dict[str, str] = {}
        self.drawn: dict[str, str] = {}
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id") == "geokg-status":
            self.status = {k: v or "" for k, v in a.items()}
        if tag == "li" and "data-id" in a:
            self.drawn[a["data-id"]] = a.get("data-drawn", "")
        self._in_title = tag == "title"

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag):
        self._in_title = False


def _open(chromium, page: Path, tmp_path: Path) -> _DrawnNodes:
    opened = open_page(chromium, page, tmp_path / f"profile-{page.stem}")  # a fresh profile
    parsed = _DrawnNodes()
    parsed.feed(opened.dom)
    assert parsed.status, f"no #geokg-status in the dumped DOM; stderr: {opened.log[-2000:]}"
    return parsed


def _assert_drew_every_node(parsed: _DrawnNodes, G: nx.MultiDiGraph) -> None:
    assert parsed.status["data-state"] == "drawn", parsed.status
    assert (
        int(parsed.status["data-nodes"]) == int(parsed.status["data-drawn"]) == G.number_of_nodes()
    )
    assert set(parsed.drawn) == {str(n) for n in G.nodes}
    assert {k for k, v in parsed.drawn.items() if v != "true"} == set()


@pytest.fixture(scope="module")
def seed_build(tmp_path_factory):
    """``geokg build`` of the seed article (the real model), as the CLI runs it."""
    from click.testing import CliRunner

    from geokg import load
    from geokg.cli import main

    out = tmp_path_factory.mktemp("seed-out")
    result = CliRunner().invoke(main, ["build", str(ROOT / "seeds"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out, load(out)


def test_build_writes_the_page_and_the_picture(seed_build):
    out, kg = seed_build
    assert (out / "graph.png").read_bytes().startswith(b"\x89PNG")
    page = (out / "graph.html").read_text(encoding="utf-8")
    assert "vis.Network" in page and not re.search(r"(src|href)\s*=\s*[\"']?https?:", page)
    assert kg.nx.number_of_nodes() > 10


def test_seed_graph_html_draws_every_node_offline(chromium, seed_build, tmp_path):
    out, kg = seed_build
    parsed = _open(chromium, out / "graph.html", tmp_path)
    _assert_drew_every_node(parsed, kg.nx)


def test_hostile_text_is_drawn_not_run(chromium, tmp_path):
    G = _graph()
    write_html(G, tmp_path / "hostile.html", title="hostile")
    parsed = _open(chromium, tmp_path / "hostile.html", tmp_path)
    _assert_drew_every_node(parsed, G)
    assert parsed.title == "hostile"  # the sentence's script did not run


PROBE = """
<script>
(function () {
  var out = {};
  var search = document.getElementById("search");
  search.value = "moscow";  // a mention, not the label
  search.dispatchEvent(new Event("change"));
  out.found = document.querySelector("#details h3").textContent;
  out.result = document.getElementById("search-result").textContent;
  var edges = window.geokg.edges;
  var strikes = edges.get({filter: function (e) { return e.label.indexOf("strikes") === 0; }});
  out.tooltip = strikes[0].title.textContent;
  var before = edges.length;
  document.querySelector('input[data-predicate="strikes"]').click();
  out.strikesHidden = before - edges.length;
  document.getElementById("show-hedged").click();
  out.hedgedHidden = before - out.strikesHidden - edges.length;
  document.querySelector('input[data-type="Location"]').click();
  out.nodesAfterTypeFilter = window.geokg.nodes.length;
  var probe = document.createElement("pre");
  probe.id = "probe";
  probe.textContent = JSON.stringify(out);
  document.body.appendChild(probe);
})();
</script>
"""


def test_search_hover_text_and_filters_work(chromium, tmp_path):
    G = _graph()
    page = generate_html(G).replace("</body>", PROBE + "</body>")
    (tmp_path / "probe.html").write_text(page, encoding="utf-8")
    opened = open_page(chromium, tmp_path / "probe.html", tmp_path / "profile-probe")
    found = re.search(r'<pre id="probe">(.*?)</pre>', opened.dom, re.S)
    assert found, opened.log[-2000:]
    out = json.loads(html.unescape(found.group(1)))
    assert out["found"] == "Russia" and out["result"] == "Russia (Country)"
    # The tooltip of an edge carries its evidence sentences and provenance.
    assert "Russia struck IS." in out["tooltip"] and "Russia bombed IS again." in out["tooltip"]
    assert "doc-1" in out["tooltip"] and "Strikes <b>in</b> Syria" in out["tooltip"]
    assert out["strikesHidden"] == 1  # one group: RUS -> islamic-state, two relations
    assert out["hedgedHidden"] == 1  # the negated "supports"
    assert out["nodesAfterTypeFilter"] == G.number_of_nodes() - 1  # Homs, the Location


def test_a_page_that_needs_the_network_fails_the_check(chromium, tmp_path):
    """The check is not vacuous: vis-network from a CDN cannot load offline."""
    page = generate_html(_graph())
    start = page.index("<script>\n", page.index('id="geokg-data"'))
    end = page.index("</script>", start) + len("</script>")
    cdn = '<script src="https://unpkg.com/vis-network@10.1.5/standalone/umd/vis-network.min.js"></script>'
    (tmp_path / "cdn.html").write_text(page[:start] + cdn + page[end:], encoding="utf-8")
    parsed = _open(chromium, tmp_path / "cdn.html", tmp_path)
    assert parsed.status["data-state"] == "error"
    assert set(parsed.drawn.values()) <= {"pending", ""}


# --- the event graph of a corpus ------------------------------------------------------------


def _crowd() -> nx.MultiDiGraph:
    """More than a few dozen actors, most of them only affiliated with their country."""
    ents = [
        Entity("USA", "United States", "Country", iso3="USA"),
        Entity("IRN", "Iran", "Country", iso3="IRN"),
        Entity("mike-pompeo", "Mike Pompeo", "Person", country="USA"),
        Entity("hassan-rouhani", "Hassan Rouhani", "Person", country="IRN"),
        Entity("un", "United Nations", "Organization"),
    ]
    ents += [Entity(f"p{i}", f"Official {i}", "Person", country="USA") for i in range(45)]
    rels = (
        Relation("mike-pompeo", "criticizes", "IRN", "Pompeo criticized Iran.", 0, 23),
        Relation("mike-pompeo", "meets", "hassan-rouhani", "Pompeo met Rouhani.", 24, 43),
        Relation("USA", "sanctions", "IRN", "The US sanctioned Iran.", 44, 67),
        Relation("un", "requests", "USA", "The UN urged the US.", 68, 88, hypothetical=True),
        Relation("mike-pompeo", "supports", "USA", "Pompeo backed the US.", 89, 110),
    )
    return build_graph([Extraction("d", tuple(ents), rels, meta={"date": "2020-01-05"})])


def _drawn_edges(fig) -> list[str]:
    ax = fig.axes[0]
    return sorted(a.get_gid() for a in [*ax.patches, *ax.lines] if a.get_gid())


def test_a_corpus_is_drawn_as_its_event_graph():
    from geokg.view import resolve_mode

    G = _crowd()
    assert resolve_mode(G) == "events" and resolve_mode(_graph()) == "full"
    assert _drawn_edges(draw(G)) == [
        "conflict:USA->IRN",
        "conflict:mike-pompeo->IRN",
        "cooperation:mike-pompeo->USA",
        "cooperation:mike-pompeo->hassan-rouhani",
    ]
    # The full picture: 47 affiliations (Pompeo's with the US drawn as one, with his
    # backing it) and the other 3 factual events.
    full = _drawn_edges(draw(G, mode="full"))
    assert sum(e.startswith("structural:") for e in full) == 47 and len(full) == 50
    # The dyad view: persons drawn as their countries, one arrow per pair (criticizes,
    # meets and sanctions: its first most frequent predicate colours it); Pompeo backing
    # the US is domestic, not drawn.
    fig = draw(G, mode="dyads")
    assert _drawn_edges(fig) == ["conflict:USA->IRN"]
    assert sorted(t.get_text() for t in fig.axes[0].texts) == ["Iran", "United States"]
    assert "event graph" in draw(G).texts[0].get_text()


def test_unknown_mode_is_refused():
    with pytest.raises(Exception, match="mode='everything'"):
        draw(_graph(), mode="everything")


def test_event_graph_and_dyad_views_of_the_page():
    data = view_data(_crowd())
    assert data["mode"] == "events" and data["actors"] == 50
    nodes = {n["id"]: n for n in data["nodes"]}
    # The actors of an event, and (for the dyad view) the countries of its persons.
    assert set(nodes) == {"USA", "IRN", "mike-pompeo", "hassan-rouhani", "un"}
    assert nodes["mike-pompeo"]["views"] == ["actor"] and nodes["USA"]["views"] == ["actor", "dyad"]
    assert nodes["USA"]["members"] == ["Mike Pompeo"]
    views = {(e["from"], e["to"], e["predicate"]): e["views"] for e in data["edges"]}
    assert views[("USA", "IRN", "sanctions")] == ["actor", "dyad"]
    assert views[("mike-pompeo", "IRN", "criticizes")] == ["actor"]
    assert views[("USA", "IRN", "criticizes")] == ["dyad"]
    assert views[("USA", "IRN", "meets")] == ["dyad"]  # Pompeo met Rouhani
    # Structural relations among the drawn actors are in the page, hidden until asked for.
    assert views[("mike-pompeo", "USA", "affiliated_with")] == ["actor"]
    assert view_data(_crowd(), mode="dyads")["mode"] == "dyads"
    assert view_data(_graph())["mode"] == "full"


@pytest.fixture(scope="module")
def wikinews(tmp_path_factory):
    from _graphs import wikinews_out

    from geokg import load

    out = wikinews_out(tmp_path_factory)
    return out, load(out)


@pytest.mark.shared
def test_wikinews_graph_png_shows_events_not_affiliations(wikinews):
    """The issue: the Wikinews picture was a hairball of grey affiliated_with edges."""
    from geokg.view import event_graph

    out, kg = wikinews
    G = kg.nx
    structural = sum(1 for *_, d in G.edges(data=True) if d["predicate"] == "affiliated_with")
    assert structural > G.number_of_edges() / 2  # most relations of the corpus are affiliations
    drawn = _drawn_edges(draw(G))  # what geokg build draws into graph.png
    kinds = {e.split(":")[0] for e in drawn}
    assert not any(e.startswith("structural:") for e in drawn)
    assert kinds == {"conflict", "cooperation", "request"}
    # Every pair of actors a factual event joins, and nothing else, has an arrow.
    events = event_graph(G, include_hedged=False)
    pairs = {f"{u}->{v}" for u, v in events.edges() if u != v}
    assert {e.split(":", 1)[1] for e in drawn} == pairs and len(pairs) > 80
    assert (out / "graph.png").read_bytes().startswith(b"\x89PNG")


DYAD_PROBE = """
<script>
(function () {
  var out = {};
  function affiliations() {
    return window.geokg.edges.get({filter: function (e) {
      return e.label.indexOf("affiliated_with") === 0;
    }}).length;
  }
  out.nodes = window.geokg.nodes.length;
  out.structural = affiliations();
  document.getElementById("show-structural").click();
  out.structuralShown = affiliations();
  document.getElementById("show-structural").click();
  document.getElementById("dyad-view").click();
  out.dyadNodes = window.geokg.nodes.length;
  out.persons = window.geokg.nodes.get({filter: function (n) {
    return n.id === "mike-pompeo";
  }}).length;
  var probe = document.createElement("pre");
  probe.id = "probe";
  probe.textContent = JSON.stringify(out);
  document.body.appendChild(probe);
})();
</script>
"""


@pytest.mark.shared
def test_wikinews_graph_html_opens_on_the_event_graph(chromium, wikinews, tmp_path):
    from geokg.view.modes import dyad_map, event_nodes

    out, kg = wikinews
    parsed = _open(chromium, out / "graph.html", tmp_path)
    actors = event_nodes(kg.nx)
    assert parsed.status["data-state"] == "drawn", parsed.status
    assert int(parsed.status["data-nodes"]) == int(parsed.status["data-drawn"]) == len(actors)
    assert {k for k, v in parsed.drawn.items() if v == "true"} == {str(n) for n in actors}
    # Switched to the dyad view: the persons go, their countries come, all drawn.
    page = (
        (out / "graph.html").read_text(encoding="utf-8").replace("</body>", DYAD_PROBE + "</body>")
    )
    (tmp_path / "dyads.html").write_text(page, encoding="utf-8")
    opened = open_page(chromium, tmp_path / "dyads.html", tmp_path / "profile-dyads")
    found = re.search(r'<pre id="probe">(.*?)</pre>', opened.dom, re.S)
    assert found, opened.log[-2000:]
    probe = json.loads(html.unescape(found.group(1)))
    collapse = dyad_map(kg.nx)
    assert probe["nodes"] == len(actors)
    assert probe["structural"] == 0 and probe["structuralShown"] > 20  # edges, each a group
    assert probe["dyadNodes"] == len({collapse.get(n, n) for n in actors})
    assert probe["persons"] == 0
    dumped = _DrawnNodes()
    dumped.feed(opened.dom)
    assert dumped.status["data-state"] == "drawn"
    assert dumped.status["data-nodes"] == dumped.status["data-drawn"] == str(probe["dyadNodes"])
