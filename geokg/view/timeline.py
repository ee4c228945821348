"""Timelines: events per period, stacked by PLOVER category (matplotlib).

ICEWS users plot a dyad's events per month; :func:`timeline` draws that for
an actor, a dyad or the whole graph, from the event table
(:func:`geokg.events.event_table`: each event's PLOVER category and date),
with negated and hypothetical relations left out unless asked for.
:func:`event_counts` gives the numbers it draws, :func:`write_timeline` the
``timeline.png`` of ``geokg build`` (the corpus, then its top country dyads).

A country stands for its own people and bodies by default (``members``):
``dyad=("USA", "IRN")`` counts "Mike Pompeo criticized Iran", as ICEWS's
country dyads do. Events without a date cannot be placed; they are counted
(``counts.attrs["undated"]``) and named in the title.
"""

from __future__ import annotations

import os
from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING

import networkx as nx

from geokg.errors import GeoKGError
from geokg.exports._atomic import atomic_write
from geokg.view.style import PLOVER_COLOURS, plover_colour

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["PERIODS", "draw_timeline", "event_counts", "timeline", "top_dyads", "write_timeline"]

#: ``by`` -> the pandas period frequency it counts in.
PERIODS = {"day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y"}
_MAX_TICKS = 14


def event_counts(
    G: nx.MultiDiGraph,
    *,
    actor: Hashable | None = None,
    dyad: tuple[Hashable, Hashable] | None = None,
    by: str = "month",
    include_hedged: bool = False,
    members: bool = True,
    span: tuple[pd.Period, pd.Period] | None = None,
) -> pd.DataFrame:
    """Events per period and PLOVER category: the numbers :func:`timeline` draws.

    Args:
        G: the multigraph of :func:`geokg.graph.build_graph`.
        actor: a node id: only the events it takes part in (either side).
        dyad: two node ids: only the events between them (either direction).
        by: ``"day"``, ``"week"``, ``"month"``, ``"quarter"`` or ``"year"``.
        include_hedged: count negated and hypothetical relations too.
        members: a country stands for the actors that belong to it (its
            people, institutions, groups); False: for its own node only.
        span: the first and last period to count (default: those of the events).

    Returns:
        a DataFrame indexed by period (every period from the first to the
        last, empty ones too), a column per PLOVER category present (by
        quad category, as :data:`geokg.view.style.PLOVER_COLOURS` lists
        them), integer counts. ``attrs["undated"]`` counts the matching
        events without a date, ``attrs["events"]`` all matching ones.

    Raises:
        GeoKGError: an unknown ``by`` or a node not in ``G``.

    Example:
        >>> from geokg.graph import build_graph
        >>> from geokg.model import Entity, Extraction, Relation
        >>> ents = (Entity("IRN", "Iran", "Country", iso3="IRN"),
        ...         Entity("USA", "United States", "Country", iso3="USA"))
        >>> rel = Relation("USA", "sanctions", "IRN", "The US sanctioned Iran.", 0, 23)
        >>> G = build_graph([Extraction("d", ents, (rel,), meta={"date": "2020-01-03"})])
        >>> event_counts(G, dyad=("IRN", "USA"))
                 SANCTION
        2020-01         1
    """

    from geokg.events import event_table

    if by not in PERIODS:
        raise GeoKGError(f"by={by!r}: expected one of {', '.join(map(repr, PERIODS))}")
    for node in [*([actor] if actor is not None else []), *(dyad or ())]:
        if node not in G:
            raise GeoKGError(f"{node!r} is not a node of the graph; name an actor by its id")
    table = event_table(G, include_hedged=include_hedged)
    return _count(G, table, actor=actor, dyad=dyad, by=by, members=members, span=span)


def _count(
    G: nx.MultiDiGraph,
    table: pd.DataFrame,
    *,
    actor: Hashable | None = None,
    dyad: tuple[Hashable, Hashable] | None = None,
    by: str = "month",
    members: bool = True,
    span: tuple[pd.Period, pd.Period] | None = None,
) -> pd.DataFrame:
    """:func:`event_counts` over an event table already made (one table, several counts)."""
    import pandas as pd

    if actor is not None:
        table = table[
            _side_is(G, table, "actor", actor, members)
            | _side_is(G, table, "recipient", actor, members)
        ]
    if dyad is not None:
        a, b = dyad
        ab = _side_is(G, table, "actor", a, members) & _side_is(G, table, "recipient", b, members)
        ba = _side_is(G, table, "actor", b, members) & _side_is(G, table, "recipient", a, members)
        table = table[ab | ba]
    dated = table[table["event_date"].notna()]
    periods = dated["event_date"].dt.to_period(PERIODS[by])
    if span is None and len(dated):
        span = (periods.min(), periods.max())
    index = (
        pd.period_range(span[0], span[1], freq=PERIODS[by])
        if span
        else pd.PeriodIndex([], freq=PERIODS[by])
    )
    present = set(dated["event_type"].dropna())
    columns = [c for c in PLOVER_COLOURS if c in present] + sorted(present - set(PLOVER_COLOURS))
    counts = (
        pd.crosstab(periods, dated["event_type"]).reindex(
            index=index, columns=columns, fill_value=0
        )
        if len(dated)
        else pd.DataFrame(0, index=index, columns=columns)
    )
    counts = counts.astype("int64")
    counts.index.name = None
    counts.columns.name = None
    counts.attrs["undated"] = int(len(table) - len(dated))
    counts.attrs["events"] = int(len(table))
    return counts


def _side_is(
    G: nx.MultiDiGraph, table: pd.DataFrame, role: str, node: Hashable, members: bool
) -> pd.Series:
    """Rows whose ``role`` side is ``node`` (or, for a country with ``members``, belongs to it)."""
    data = G.nodes[node]
    if members and data.get("type") == "Country":
        return (
            (table[f"{role}_country"] == (data.get("iso3") or str(node))).fillna(False).astype(bool)
        )
    return (table[f"{role}_id"] == str(node)).fillna(False).astype(bool)


def top_dyads(
    G: nx.MultiDiGraph, n: int = 4, *, include_hedged: bool = False
) -> list[tuple[str, str, int]]:
    """The ``n`` country pairs with the most events between them (dated or not).

    Each is ``(country, country, count)``, ids sorted within the pair; ties
    by the pair's ids. A country counts its people and bodies (ICEWS-style).

    Example:
        >>> from geokg.graph import build_graph
        >>> from geokg.model import Entity, Extraction, Relation
        >>> ents = (Entity("IRN", "Iran", "Country", iso3="IRN"),
        ...         Entity("USA", "United States", "Country", iso3="USA"),
        ...         Entity("mike-pompeo", "Mike Pompeo", "Person", country="USA"))
        >>> rels = (Relation("USA", "sanctions", "IRN", "The US sanctioned Iran.", 0, 23),
        ...         Relation("mike-pompeo", "criticizes", "IRN", "Pompeo criticized Iran.", 24, 47))
        >>> top_dyads(build_graph([Extraction("d", ents, rels)]))
        [('IRN', 'USA', 2)]
    """
    from geokg.events import event_table

    return _top_dyads(G, event_table(G, include_hedged=include_hedged), n)


def _top_dyads(G: nx.MultiDiGraph, table: pd.DataFrame, n: int) -> list[tuple[str, str, int]]:
    from collections import Counter

    node = {d.get("iso3") or str(k): k for k, d in G.nodes(data=True) if d.get("type") == "Country"}
    pairs: Counter[tuple[str, str]] = Counter()
    for a, b in zip(table["actor_country"], table["recipient_country"], strict=True):
        if isinstance(a, str) and isinstance(b, str) and a != b and a in node and b in node:
            pairs[(min(a, b), max(a, b))] += 1
    ranked = sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
    return [(str(node[a]), str(node[b]), count) for (a, b), count in ranked]


def draw_timeline(
    counts: pd.DataFrame,
    *,
    title: str | None = None,
    ax: Axes | None = None,
    legend: bool = True,
) -> Figure:
    """Stacked bars of :func:`event_counts`: a bar per period, a colour per PLOVER category.

    Each category is one bar container labelled with its name
    (``ax.containers``), each bar's gid is its period (``"2020-01"``), so the
    drawn heights can be read back.

    Args:
        counts: the frame of :func:`event_counts`.
        title: the axes' title.
        ax: draw into these axes (default: a new figure's).
        legend: add a legend of the categories.
    """
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    if ax is None:
        fig = Figure(figsize=(10, 3.6), layout="constrained")
        ax = fig.add_subplot()
    fig = ax.figure
    x = list(range(len(counts.index)))
    labels = [str(p) for p in counts.index]
    bottom = [0.0] * len(x)
    for category in counts.columns:
        heights = [float(v) for v in counts[category]]
        bars = ax.bar(
            x, heights, bottom=bottom, width=0.85, color=plover_colour(category), label=category
        )
        for bar, period in zip(bars, labels, strict=True):
            bar.set_gid(period)  # what each bar counts, for whoever reads the figure back
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    step = max(1, -(-len(x) // _MAX_TICKS))
    ax.set_xticks(
        x[::step],
        labels[::step],
        rotation=45 if len(x) > 6 else 0,
        ha="right" if len(x) > 6 else "center",
        fontsize=8,
    )
    ax.set_xlim(-0.6, max(len(x), 1) - 0.4)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("events", fontsize=9)
    ax.spines[["top", "right"]].set_visible(False)
    if not len(x):
        ax.text(
            0.5,
            0.5,
            "no dated events",
            ha="center",
            va="center",
            transform=ax.transAxes,
            color="#666",
        )
        ax.set_yticks([])
    if title:
        ax.set_title(title, fontsize=10, loc="left")
    if legend and len(counts.columns):
        ax.legend(
            loc="upper left",
            bbox_to_anchor=(1.0, 1.0),
            frameon=False,
            fontsize=8,
            title="PLOVER",
            title_fontsize=8,
        )
    return fig


def timeline(
    G: nx.MultiDiGraph,
    *,
    actor: Hashable | None = None,
    dyad: tuple[Hashable, Hashable] | None = None,
    by: str = "month",
    include_hedged: bool = False,
    members: bool = True,
    title: str | None = None,
) -> Figure:
    """A matplotlib figure of the events per period, stacked by PLOVER category.

    Arguments as :func:`event_counts`; the title names the actor or dyad, the
    period, and how many hedged or undated events are left out.

    Example:
        >>> from geokg.graph import build_graph
        >>> from geokg.model import Entity, Extraction, Relation
        >>> ents = (Entity("IRN", "Iran", "Country", iso3="IRN"),
        ...         Entity("USA", "United States", "Country", iso3="USA"))
        >>> rel = Relation("USA", "sanctions", "IRN", "The US sanctioned Iran.", 0, 23)
        >>> G = build_graph([Extraction("d", ents, (rel,), meta={"date": "2020-01-03"})])
        >>> ax = timeline(G, actor="IRN").axes[0]
        >>> [(c.get_label(), [float(p.get_height()) for p in c]) for c in ax.containers]
        [('SANCTION', [1.0])]
    """
    counts = event_counts(
        G, actor=actor, dyad=dyad, by=by, include_hedged=include_hedged, members=members
    )
    heading = (
        title
        if title is not None
        else _title(G, counts, actor=actor, dyad=dyad, by=by, include_hedged=include_hedged)
    )
    return draw_timeline(counts, title=heading)


def write_timeline(
    G: nx.MultiDiGraph,
    path: str | os.PathLike[str],
    *,
    by: str = "month",
    top: int = 4,
    dpi: int = 110,
) -> None:
    """Write ``timeline.png``: the whole graph's events, then its ``top`` country dyads.

    One panel per row, all over the same periods; hedged relations left out.
    The PNG carries no software stamp: the same graph gives the same bytes.
    """
    from matplotlib.figure import Figure

    from geokg.events import event_table

    if by not in PERIODS:
        raise GeoKGError(f"by={by!r}: expected one of {', '.join(map(repr, PERIODS))}")
    table = event_table(G, include_hedged=False)  # made once: on a corpus it is the cost
    whole = _count(G, table, by=by)
    dyads = _top_dyads(G, table, top)
    fig = Figure(figsize=(11, 2.9 + 2.1 * len(dyads)), layout="constrained")
    axes = fig.subplots(
        1 + len(dyads),
        1,
        squeeze=False,
        sharex=True,
        gridspec_kw={"height_ratios": [1.5] + [1] * len(dyads)},
    )[:, 0]
    span = (whole.index[0], whole.index[-1]) if len(whole.index) else None
    draw_timeline(whole, ax=axes[0], title=_title(G, whole, by=by), legend=True)
    for ax, (a, b, _) in zip(axes[1:], dyads, strict=True):
        counts = _count(G, table, dyad=(a, b), by=by, span=span)
        draw_timeline(counts, ax=ax, title=_title(G, counts, dyad=(a, b), by=by), legend=False)
        ax.set_ylim(0, max(1, int(counts.sum(axis=1).max()) if len(counts) else 1) * 1.15)
    with atomic_write(path, "wb") as fh:
        fig.savefig(fh, format="png", dpi=dpi, facecolor="white", metadata={"Software": None})


def _label(G: nx.MultiDiGraph, node: Hashable) -> str:
    return str(G.nodes[node].get("label") or node)


def _title(
    G: nx.MultiDiGraph,
    counts: pd.DataFrame,
    *,
    actor: Hashable | None = None,
    dyad: Sequence[Hashable] | None = None,
    by: str,
    include_hedged: bool = False,
) -> str:
    if dyad is not None:
        who = f"{_label(G, dyad[0])} \u2013 {_label(G, dyad[1])}"
    elif actor is not None:
        who = _label(G, actor)
    else:
        docs = len(G.graph.get("documents", ()))
        who = f"all {docs:,} document{'s' * (docs != 1)}"
    total = int(counts.to_numpy().sum())
    notes = [] if include_hedged else ["hedged left out"]
    undated = counts.attrs.get("undated", 0)
    if undated:
        notes.append(f"{undated} undated not drawn")
    return (
        f"{who}: {total} event{'s' * (total != 1)} by {by} ({'; '.join(notes)})"
        if notes
        else f"{who}: {total} event{'s' * (total != 1)} by {by}"
    )
