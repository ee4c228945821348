"""graph-map.html: the payload, the vendored map and libraries, and the page in Chromium offline."""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from _browser import chromium_command, open_page
from _graphs import small_extractions, wikinews_out

from geokg import KnowledgeGraph, load
from geokg.graph import build_graph
from geokg.model import Entity, Extraction, Relation
from geokg.view import generate_map, map_data, write_map
from geokg.view.atlas import atlas_shapes, country_shape, successor_shape

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "geokg" / "view" / "static"
DOCS = ROOT / "docs"
NASTY = "He said \"</script><script>document.title='pwned'</script><!--\" & left."
LAND = "#f1efea"  # map.js: the fill of a country without a shown event


@pytest.fixture(scope="module")
def small():
    return build_graph(small_extractions())


# --- the payload ---------------------------------------------------------------------------


def test_map_data_has_every_event_with_its_countries_and_place(small):
    data = map_data(small, title="small")
    table = KnowledgeGraph(small).events()
    assert [ev["id"] for ev in data["events"]] == list(table["event_id"])
    by_id = {ev["id"]: ev for ev in data["events"]}
    strike = by_id["d3#0"]  # USA strikes Islamic State in Baghdad, at least 12 killed
    assert (strike["a"]["country"], strike["r"]["type"], strike["r"]["sector"]) == (
        "USA",
        "Group",
        "REB",
    )
    assert strike["place"] == {
        "name": "Baghdad",
        "country": "IRQ",
        "lat": 33.34058,
        "lon": 44.40088,
    }
    assert strike["magnitude"] == ["12 killed (at least)"]
    assert strike["date"] == "2015-12-03" and strike["type"] == "ASSAULT"
    # Kerry warns Russia: a person counts for his country.
    warns = next(ev for ev in data["events"] if ev["predicate"] == "warns")
    assert (warns["a"]["id"], warns["a"]["country"], warns["r"]["country"]) == (
        "john-kerry",
        "USA",
        "RUS",
    )
    hedged = {ev["id"] for ev in data["events"] if ev["hedged"]}
    assert hedged == set(table.loc[table.negated | table.hypothetical, "event_id"])
    assert sorted(data["countries"]) == ["IRQ", "RUS", "SYR", "USA"]
    assert data["countries"]["USA"]["shape"] == "840"
    assert data["dates"] == {"min": "2015-10-01", "max": "2015-12-03", "undated": 0}
    assert {s["name"] for s in data["sectors"]} == {"REB", "none"}


def test_country_shapes():
    # ISO numeric ids; Kosovo by name; former states on their successor; dots elsewhere.
    assert [country_shape(c) for c in ("IRN", "USA", "PSE", "HKG", "TWN")] == [
        "364",
        "840",
        "275",
        "344",
        "158",
    ]
    assert country_shape("XKX") == "name:Kosovo"
    assert (country_shape("SUN"), successor_shape("SUN")) == (None, "643")
    assert country_shape("GIB") is None and country_shape("NOPE") is None
    assert len(atlas_shapes()) == 240  # 241 features, Australia's id twice


def test_every_country_geokg_knows_can_be_drawn():
    """A shape, a successor's shape, or a point for a dot: for every Country of the gazetteer."""
    from geokg.extract.gazetteer import load_gazetteer
    from geokg.extract.geodata import load_geodata

    geo = load_geodata()
    countries = [e for e in load_gazetteer()._entries.values() if e.type == "Country"]
    assert len(countries) > 240
    undrawable = sorted(
        e.iso3 or e.id
        for e in countries
        if not country_shape(e.iso3 or e.id)
        and not successor_shape(e.iso3 or e.id)
        and not (geo.country(e.iso3 or e.id) and geo.country(e.iso3 or e.id).has_point)
    )
    # Uninhabited: Bouvet Island, the US Minor Outlying Islands (no point in the data).
    assert undrawable == ["BVT", "UMI"]


def test_a_country_without_a_shape_gets_a_point():
    ents = (
        Entity("GIB", "Gibraltar", "Country", iso3="GIB"),
        Entity("ESP", "Spain", "Country", iso3="ESP"),
    )
    rel = Relation("ESP", "criticizes", "GIB", "Spain criticized Gibraltar.", 0, 27)
    data = map_data(build_graph([Extraction("d", ents, (rel,))]))
    gib = data["countries"]["GIB"]
    assert gib["shape"] is None and gib["lat"] == pytest.approx(36.1, abs=0.2)


# --- the page ------------------------------------------------------------------------------


def _nasty_graph():
    ents = (
        Entity("RUS", "Russia <b>", "Country", iso3="RUS"),
        Entity("UKR", "Ukraine", "Country", iso3="UKR"),
    )
    rel = Relation("RUS", "strikes", "UKR", NASTY, 0, len(NASTY))
    return build_graph([Extraction("d<1>", ents, (rel,), meta={"title": "</title>x"})])


def test_page_is_self_contained_and_escapes_text():
    page = generate_map(_nasty_graph(), title="Map <2020>")
    assert "<title>Map &lt;2020&gt;</title>" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page, re.I)
    assert not re.search(r"<link\b|@import|\burl\(\s*['\"]?https?:", page, re.I)
    assert "sourceMappingURL" not in page
    # trap, data, atlas, d3-array, d3-geo, topojson-client, the app: seven scripts, seven ends.
    assert page.count("<script") == 7 and page.count("</script>") == 7
    payload = re.search(
        r'<script type="application/json" id="geokg-data">(.*?)</script>', page, re.S
    )
    data = json.loads(payload.group(1))
    assert data["events"][0]["sentence"] == NASTY
    atlas = re.search(
        r'<script type="application/json" id="geokg-atlas">(.*?)</script>', page, re.S
    )
    assert json.loads(atlas.group(1))["type"] == "Topology"


def test_page_is_deterministic(tmp_path, small):
    write_map(small, tmp_path / "a.html")
    write_map(small, tmp_path / "b.html")
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()


def test_the_map_needs_the_multigraph():
    import networkx as nx

    with pytest.raises(Exception, match="MultiDiGraph"):
        map_data(nx.DiGraph())


def test_vendored_files_are_the_documented_versions_with_their_licences():
    readme = (STATIC / "README.md").read_text(encoding="utf-8")
    for name, version, header in (
        ("d3-geo.min.js", "3.1.2", "// https://d3js.org/d3-geo/ v3.1.2"),
        ("d3-array.min.js", "3.2.4", "// https://d3js.org/d3-array/ v3.2.4"),
        (
            "topojson-client.min.js",
            "3.1.0",
            "// https://github.com/topojson/topojson-client v3.1.0",
        ),
    ):
        text = (STATIC / name).read_text(encoding="utf-8")
        assert text.startswith(header), name
        assert not re.search(r"</script|<script|<!--|sourceMappingURL", text, re.I), name
        assert f"{name.split('.')[0]}@{version}" in readme
    atlas = json.loads((STATIC / "countries-50m.json").read_text(encoding="utf-8"))
    assert len(atlas["objects"]["countries"]["geometries"]) == 241
    assert "world-atlas@2.0.2" in readme
    for lib in ("d3-geo", "d3-array", "internmap", "topojson-client", "world-atlas"):
        licence = (STATIC / f"LICENSE-{lib}").read_text(encoding="utf-8")
        assert "Bostock" in licence and "Permission to use, copy, modify" in licence, lib


def test_notebook_map_is_a_frame():
    kg = KnowledgeGraph(build_graph(small_extractions()))
    frame = kg.map(height=500)._repr_html_()
    assert frame.startswith('<iframe title="geokg map"') and "height:500px" in frame
    assert "<script" not in frame


# --- in Chromium, offline --------------------------------------------------------------------


class _MapDom(HTMLParser):
    """The status, the error count, and what the map drew: countries, arcs, points."""

    def __init__(self) -> None:
        super().__init__()
        self.status: dict[str, str] = {}
        self.root: dict[str, str] = {}
        self.countries: dict[str, list[dict[str, str]]] = {}
        self.arcs: list[dict[str, str]] = []
        self.points: list[dict[str, str]] = []
        self.listed: dict[str, dict[str, str]] = {}
        self.probe = ""
        self._in_probe = False

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        classes = a.get("class", "").split()
        if tag == "html":
            self.root = a
        if a.get("id") == "geokg-status":
            self.status = a
        if "country" in classes and "data-iso3" in a:
            self.countries.setdefault(a["data-iso3"], []).append(a)
        if tag == "path" and "arc" in classes:
            self.arcs.append(a)
        if tag == "circle" and "event-point" in classes:
            self.points.append(a)
        if tag == "li" and "data-iso3" in a:
            self.listed[a["data-iso3"]] = a
        self._in_probe = a.get("id") == "probe"

    def handle_data(self, data):
        if self._in_probe:
            self.probe += data

    def handle_endtag(self, tag):
        self._in_probe = False


@pytest.fixture(scope="module")
def chromium():
    return chromium_command()


def _open(chromium, page: Path, tmp_path: Path):
    opened = open_page(chromium, page, tmp_path / f"profile-{page.stem}")
    dom = _MapDom()
    dom.feed(opened.dom)
    assert dom.status, f"no #geokg-status in the dumped DOM; log: {opened.log[-2000:]}"
    return dom, opened


def _lightness(colour: str) -> int:
    return sum(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def _expected(events):
    """The countries (with their event counts) and the country dyads of some events."""
    countries: Counter[str] = Counter()
    dyads = set()
    for a, b in zip(events.actor_country, events.recipient_country, strict=True):
        sides = {c for c in (a, b) if isinstance(c, str)}
        countries.update(sides)
        if len(sides) == 2:
            dyads.add("|".join(sorted(sides)))
    return countries, dyads


@pytest.fixture(scope="module")
def wikinews_map(tmp_path_factory, chromium):
    out = wikinews_out(tmp_path_factory)
    tmp = tmp_path_factory.mktemp("wikinews-map")
    dom, opened = _open(chromium, out / "graph-map.html", tmp)
    return out, dom, opened


@pytest.mark.shared
def test_wikinews_map_draws_every_country_and_dyad_offline(wikinews_map):
    out, dom, opened = wikinews_map
    # Hedged relations are hidden until asked for: the map opens on the factual events.
    events = load(out).events(include_hedged=False)
    countries, dyads = _expected(events)
    assert len(countries) > 20 and len(dyads) > 30
    assert dom.root.get("data-errors") == "0", dom.root.get("data-error-messages")
    assert opened.console(out / "graph-map.html") == []
    assert dom.status["data-state"] == "drawn", dom.status
    assert int(dom.status["data-countries"]) == int(dom.status["data-shaded"]) == len(countries)
    assert int(dom.status["data-dyads"]) == int(dom.status["data-arcs"]) == len(dyads)
    assert int(dom.status["data-events"]) == len(events)
    # Every country with an event: drawn, shaded (not the fill of a country without one),
    # with its count; every dyad: an arc.
    for iso, n in countries.items():
        for drawn in dom.countries[iso]:  # Australia is two shapes
            assert drawn["data-drawn"] == "true" and drawn["data-events"] == str(n), (iso, drawn)
            assert drawn["fill"] != LAND and re.fullmatch(r"#[0-9a-f]{6}", drawn["fill"]), iso
        assert dom.listed[iso]["data-drawn"] == "true"
    assert {a["data-dyad"] for a in dom.arcs} == dyads
    # A country named only as a place keeps the plain fill.
    assert all(
        c["fill"] == LAND for iso, cs in dom.countries.items() if iso not in countries for c in cs
    )
    # More events, a darker shade.
    busiest = max(countries, key=countries.get)
    quietest = min(countries, key=countries.get)
    assert _lightness(dom.countries[busiest][0]["fill"]) < _lightness(
        dom.countries[quietest][0]["fill"]
    )


@pytest.mark.shared
def test_wikinews_map_shows_the_located_events(wikinews_map):
    out, dom, _ = wikinews_map
    events = load(out).events(include_hedged=False)
    located = events[events.latitude.notna()]
    points = {
        (float(a), float(b)) for a, b in zip(located.latitude, located.longitude, strict=True)
    }
    assert len(dom.points) == int(dom.status["data-points"]) == len(points) > 3
    assert sum(int(p["data-count"]) for p in dom.points) == len(located)


def test_the_docs_have_the_screenshot_of_the_wikinews_map():
    """docs/wikinews-map.png: graph-map.html of the Wikinews build in Chromium, offline
    (``scripts/docs_pictures.py`` takes it with the helpers of these tests)."""
    shot = DOCS / "wikinews-map.png"
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 50_000
    assert "wikinews-map.png" in (DOCS / "maps-and-timelines.md").read_text(encoding="utf-8")
    assert "docs/wikinews-map.png" in (ROOT / "README.md").read_text(encoding="utf-8")


PROBE = """
<script>
(function () {
  var out = {}, svg = document.getElementById("map-svg");
  function toggle(t) { document.querySelector('input[data-type="' + t + '"]').click(); }
  function arcs() { return svg.querySelectorAll("path.arc").length; }
  function dashed() { return svg.querySelectorAll("path.arc[stroke-dasharray]").length; }
  out.arcs = arcs();
  out.dashed = dashed();
  // Hover the United States: its events, with their sentences, in the tooltip.
  var usa = svg.querySelector('path.country[data-iso3="USA"]');
  usa.dispatchEvent(new MouseEvent("mouseenter", {clientX: 200, clientY: 200}));
  out.tooltip = document.getElementById("tooltip").textContent;
  out.tooltipShown = !document.getElementById("tooltip").hidden;
  usa.dispatchEvent(new MouseEvent("mouseleave"));
  usa.dispatchEvent(new MouseEvent("click"));
  out.details = document.getElementById("details").textContent;
  // Hedged relations: hidden, then shown dashed.
  document.getElementById("show-hedged").click();
  out.arcsWithHedged = arcs();
  out.dashedWithHedged = dashed();
  out.eventsWithHedged = window.geokg.shown().length;
  document.getElementById("show-hedged").click();
  // A predicate off.
  document.querySelector('input[data-predicate="strikes"]').click();
  out.eventsWithoutStrikes = window.geokg.shown().length;
  document.querySelector('input[data-predicate="strikes"]').click();
  // Actor types: only groups, on either side, then as the actor.
  ["Country", "Person"].forEach(toggle);
  out.eventsOfGroups = window.geokg.shown().length;
  var side = document.getElementById("side");
  side.value = "actor"; side.dispatchEvent(new Event("change"));
  out.eventsByGroups = window.geokg.shown().length;
  side.value = "either"; side.dispatchEvent(new Event("change"));
  ["Country", "Person"].forEach(toggle);
  // Sides without a sector off: the events with a sector on some side stay.
  document.querySelector('input[data-sector="none"]').click();
  out.eventsWithASector = window.geokg.shown().length;
  document.querySelector('input[data-sector="none"]').click();
  // The date range: from the second document's day on.
  var from = document.getElementById("date-from");
  from.value = String(Math.round((Date.parse("2015-11-12") - Date.parse("2015-10-01")) / 86400000));
  from.dispatchEvent(new Event("input"));
  out.eventsSince = window.geokg.shown().length;
  out.dateLabel = document.getElementById("date-label").textContent;
  out.status = document.getElementById("geokg-status").getAttribute("data-state");
  var probe = document.createElement("pre");
  probe.id = "probe";
  probe.textContent = JSON.stringify(out);
  document.body.appendChild(probe);
})();
</script>
"""


def test_hover_filters_and_dates_work(chromium, tmp_path, small):
    kg = KnowledgeGraph(small)
    page = generate_map(small).replace("</body>", PROBE + "</body>")
    (tmp_path / "probe.html").write_text(page, encoding="utf-8")
    dom, opened = _open(chromium, tmp_path / "probe.html", tmp_path)
    assert dom.probe, opened.log[-2000:]
    out = json.loads(html.unescape(dom.probe))
    every = kg.events()
    facts = kg.events(include_hedged=False)
    # The US takes part in these factual events (its own, Kerry's): the tooltip quotes the
    # first three, a click lists them all.
    assert out["tooltipShown"] and "John Kerry" in out["tooltip"]
    assert "john-kerry warns RUS." in out["tooltip"] and "more: click" in out["tooltip"]
    assert "IS killed a US soldier in Baghdad." in out["details"]
    # USA strikes IS (hypothetical, no country on IS's side) and Russia strikes Syria
    # (negated): one more dyad arc, dashed, once hedged relations are shown.
    assert out["dashed"] == 0 and out["dashedWithHedged"] == 1
    assert out["arcsWithHedged"] == out["arcs"] + 1
    assert out["eventsWithHedged"] == len(every)
    assert out["eventsWithoutStrikes"] == len(facts) - (facts.predicate == "strikes").sum()
    groups = (facts.actor_type == "Group") | (facts.recipient_type == "Group")
    assert out["eventsOfGroups"] == groups.sum()
    assert out["eventsByGroups"] == (facts.actor_type == "Group").sum()
    assert (
        out["eventsWithASector"]
        == (facts.actor_sector.notna() | facts.recipient_sector.notna()).sum()
    )
    assert out["eventsSince"] == (facts.event_date >= "2015-11-12").sum()
    assert out["dateLabel"] == "2015-11-12 \u2013 2015-12-03"
    assert out["status"] == "drawn"
    assert dom.root.get("data-errors") == "0"
    assert opened.console(tmp_path / "probe.html") == []


def test_a_map_that_needs_the_network_fails_the_check(chromium, tmp_path, small):
    """The check is not vacuous: d3-geo from a CDN cannot load offline."""
    page = generate_map(small)
    start = page.index("<script>\n// https://d3js.org/d3-geo/")
    end = page.index("</script>", start) + len("</script>")
    cdn = '<script src="https://cdn.jsdelivr.net/npm/d3-geo@3"></script>'
    (tmp_path / "cdn.html").write_text(page[:start] + cdn + page[end:], encoding="utf-8")
    dom, opened = _open(chromium, tmp_path / "cdn.html", tmp_path)
    assert dom.status["data-state"] == "error"
    assert dom.root["data-errors"] == "1" and "failed to load" in dom.root["data-error-messages"]
    assert dom.arcs == []
    # And an error in a script reaches both the page's count and Chromium's console log.
    (tmp_path / "bug.html").write_text(
        page.replace("</body>", "<script>noSuchFunction();</script></body>"), encoding="utf-8"
    )
    dom, opened = _open(chromium, tmp_path / "bug.html", tmp_path)
    assert dom.status["data-state"] == "error" and dom.root["data-errors"] == "1"
    assert any("noSuchFunction" in m for m in opened.console(tmp_path / "bug.html"))


@pytest.mark.parametrize("case", ["empty", "undated"])
def test_a_map_without_events_or_dates_opens_cleanly(chromium, tmp_path, case):
    import networkx as nx

    if case == "empty":
        G = nx.MultiDiGraph()
    else:  # the seed article has no date
        ents = (
            Entity("RUS", "Russia", "Country", iso3="RUS"),
            Entity("SYR", "Syria", "Country", iso3="SYR"),
        )
        rel = Relation("RUS", "strikes", "SYR", "Russia struck Syria.", 0, 20)
        G = build_graph([Extraction("d", ents, (rel,))])
    write_map(G, tmp_path / f"{case}.html")
    dom, opened = _open(chromium, tmp_path / f"{case}.html", tmp_path)
    assert dom.status["data-state"] == "drawn" and dom.root["data-errors"] == "0"
    assert opened.console(tmp_path / f"{case}.html") == []
    assert dom.status["data-dyads"] == dom.status["data-arcs"] == ("0" if case == "empty" else "1")
