"""Timelines: the counts drawn are the relations they come from, per period and PLOVER category."""

from __future__ import annotations

import hashlib
from collections import Counter

import networkx as nx
import pytest
from _graphs import wikinews_out

from geokg import KnowledgeGraph, load
from geokg.errors import GeoKGError
from geokg.graph import build_graph
from geokg.model import Entity, Extraction, Relation
from geokg.view import event_counts, top_dyads, write_timeline
from geokg.vocab import PREDICATES

ENTS = (
    Entity("USA", "United States", "Country", iso3="USA"),
    Entity("IRN", "Iran", "Country", iso3="IRN"),
    Entity("IRQ", "Iraq", "Country", iso3="IRQ"),
    Entity("mike-pompeo", "Mike Pompeo", "Person", country="USA"),
    Entity("hassan-rouhani", "Hassan Rouhani", "Person", country="IRN"),
    Entity("islamic-state", "Islamic State", "Group"),
)


def _rel(s: str, p: str, o: str, i: int, **kw: object) -> Relation:
    text = f"{s} {p} {o} ({i})."
    return Relation(s, p, o, text, 0, len(text), **kw)  # type: ignore[arg-type]


def _corpus() -> KnowledgeGraph:
    """Dyads over months (Jan 2020 twice, Mar 2020, Jan 2021), hedged and undated relations."""
    docs = [
        (
            "jan-a",
            "2020-01-03",
            [
                _rel("USA", "strikes", "IRN", 0),
                _rel("mike-pompeo", "criticizes", "IRN", 1),
                _rel("IRN", "warns", "USA", 2),
                _rel("USA", "strikes", "IRN", 3, hypothetical=True),
                _rel("USA", "meets", "IRQ", 4),
            ],
        ),
        (
            "jan-b",
            "2020-01-20T10:00:00Z",
            [
                _rel("hassan-rouhani", "criticizes", "mike-pompeo", 0),
                _rel("IRN", "sanctions", "USA", 1, negated=True),
                _rel("IRQ", "criticizes", "USA", 2),
            ],
        ),
        (
            "mar",
            "2020-03-09",
            [
                _rel("USA", "sanctions", "IRN", 0),
                _rel("USA", "supports", "IRQ", 1),
                _rel("IRQ", "fights", "islamic-state", 2),
            ],
        ),
        ("next-year", "2021-01-15", [_rel("IRN", "requests", "USA", 0)]),
        ("undated", None, [_rel("USA", "criticizes", "IRN", 0)]),
    ]
    return KnowledgeGraph(
        build_graph(
            Extraction(doc, ENTS, tuple(rels), meta={"date": date} if date else {})
            for doc, date, rels in docs
        )
    )


def _bars(fig, ax: int = 0) -> dict[tuple[str, str], int]:
    """(period, category) -> height of each non-empty bar drawn, read back from the figure."""
    drawn = {}
    for container in fig.axes[ax].containers:
        for bar in container:
            if bar.get_height():
                drawn[(bar.get_gid(), container.get_label())] = int(bar.get_height())
    return drawn


def _expected(kg: KnowledgeGraph, keep, *, include_hedged: bool = False) -> Counter:
    """Counted from kg.relations() alone: each side's country, the predicate's category."""
    nodes = kg.nx.nodes
    facts = kg.relations(include_hedged=include_hedged)
    counts: Counter = Counter()
    for row in facts.itertuples():
        spec = PREDICATES[row.predicate]
        if spec.structural or row.derived or not isinstance(row.date, str):
            continue
        country = [
            n if nodes[n]["type"] == "Country" else nodes[n].get("country")
            for n in (row.subject, row.object)
        ]
        if keep(row.subject, row.object, *country):
            counts[(str(row.date)[:7], spec.plover)] += 1
    return counts


def test_dyad_timeline_counts_are_the_relations_it_was_drawn_from():
    kg = _corpus()
    fig = kg.timeline(dyad=("United States", "Iran"))
    expected = _expected(kg, lambda s, o, a, b: {a, b} == {"USA", "IRN"})
    # Pompeo's criticism counts for the US, Rouhani's of Pompeo for Iran - United States.
    assert expected == Counter(
        {
            ("2020-01", "ASSAULT"): 1,
            ("2020-01", "ACCUSE"): 2,
            ("2020-01", "THREATEN"): 1,
            ("2020-03", "SANCTION"): 1,
            ("2021-01", "REQUEST"): 1,
        }
    )
    assert _bars(fig) == expected
    title = fig.axes[0].get_title(loc="left")
    assert title.startswith("United States \u2013 Iran: 6 events by month")
    assert "hedged left out" in title and "1 undated not drawn" in title
    # Every month from the first to the last is on the axis, empty ones too.
    counts = kg.event_counts(dyad=("USA", "IRN"))
    assert [str(p) for p in counts.index] == [f"2020-{m:02}" for m in range(1, 13)] + ["2021-01"]
    assert counts.attrs == {"undated": 1, "events": 7}


def test_hedged_relations_only_on_request():
    kg = _corpus()
    fig = kg.timeline(dyad=("USA", "IRN"), include_hedged=True)
    expected = _expected(kg, lambda s, o, a, b: {a, b} == {"USA", "IRN"}, include_hedged=True)
    assert _bars(fig) == expected
    assert expected[("2020-01", "ASSAULT")] == 2 and expected[("2020-01", "SANCTION")] == 1


def test_actor_timeline_with_and_without_members():
    kg = _corpus()
    members = _expected(kg, lambda s, o, a, b: "IRN" in (a, b))
    assert _bars(kg.timeline("Iran")) == members
    own = _expected(kg, lambda s, o, a, b: "IRN" in (s, o))
    assert _bars(kg.timeline("Iran", members=False)) == own
    assert sum(members.values()) == sum(own.values()) + 1  # Rouhani criticizing Pompeo
    # A person is itself only.
    pompeo = _expected(kg, lambda s, o, a, b: "mike-pompeo" in (s, o))
    assert _bars(kg.timeline("Mike Pompeo")) == pompeo


def test_the_whole_graph_by_quarter_and_year():
    kg = _corpus()
    every = _expected(kg, lambda *_: True)
    by_quarter = Counter()
    for (month, category), n in every.items():
        year, m = month.split("-")
        by_quarter[(f"{year}Q{(int(m) - 1) // 3 + 1}", category)] += n
    assert _bars(kg.timeline(by="quarter")) == by_quarter
    years = kg.event_counts(by="year")
    assert int(years.to_numpy().sum()) == sum(every.values())
    assert [str(p) for p in years.index] == ["2020", "2021"]
    assert list(years.columns) == [
        "CONSULT",
        "SUPPORT",
        "REQUEST",
        "ACCUSE",
        "SANCTION",
        "THREATEN",
        "ASSAULT",
    ]  # by quad category, as PLOVER_COLOURS lists them


def test_bad_arguments_say_what_is_wrong():
    kg = _corpus()
    with pytest.raises(GeoKGError, match="by='fortnight'"):
        kg.timeline(by="fortnight")
    with pytest.raises(GeoKGError, match="no actor named 'Atlantis'"):
        kg.timeline("Atlantis")
    with pytest.raises(GeoKGError, match="not a node"):
        event_counts(kg.nx, actor="atlantis")


def test_no_dated_events():
    fig = KnowledgeGraph(nx.MultiDiGraph()).timeline()
    assert "no dated events" in [t.get_text() for t in fig.axes[0].texts]
    assert fig.axes[0].containers == []


def test_top_dyads_and_timeline_png(tmp_path):
    kg = _corpus()
    # US - Iran 6 dated + 1 undated; US - Iraq 3 (meets, supports, criticizes).
    assert top_dyads(kg.nx, 3) == [("IRN", "USA", 7), ("IRQ", "USA", 3)]
    write_timeline(kg.nx, tmp_path / "a.png")
    write_timeline(kg.nx, tmp_path / "b.png")
    data = (tmp_path / "a.png").read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert (
        hashlib.sha256(data).digest() == hashlib.sha256((tmp_path / "b.png").read_bytes()).digest()
    )


@pytest.mark.shared
def test_wikinews_timeline_counts_every_dated_event(tmp_path_factory):
    """timeline.png of the Wikinews build: the corpus panel, then the top dyads, as counted."""
    out = wikinews_out(tmp_path_factory)
    kg = load(out)
    assert (out / "timeline.png").read_bytes().startswith(b"\x89PNG")
    events = kg.events(include_hedged=False)
    dated = events[events.event_date.notna()]
    months = Counter(zip(dated.event_date.dt.strftime("%Y-%m"), dated.event_type, strict=True))
    assert _bars(kg.timeline()) == months and len(dated) > 100
    # Iran - United States, the top dyad, from the relations table alone.
    assert top_dyads(kg.nx, 1)[0][:2] == ("IRN", "USA")
    expected = _expected(kg, lambda s, o, a, b: {a, b} == {"USA", "IRN"})
    assert _bars(kg.timeline(dyad=("Iran", "United States"))) == expected
