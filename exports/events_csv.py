"""``events.csv``: the event table (:func:`geokg.events.event_table`) as CSV.

UTF-8, a header row, ``\\n`` line ends, dates as ``YYYY-MM-DD``, a missing
value as an empty field, rows in the graph's order: the same graph gives the
same bytes. :func:`geokg.events.read_events` reads it back with the
documented dtypes (``pd.read_csv`` alone reads numbers and dates as such but
cannot know that an empty field of a text column is missing, nor that
``killed`` is an integer column with gaps).
"""

from __future__ import annotations

import os

import networkx as nx

from geokg.exports._atomic import atomic_write

__all__ = ["generate_events_csv", "write_events_csv"]


def generate_events_csv(G: nx.MultiDiGraph) -> str:
    """The CSV text of the event table of ``G``.

    Example:
        >>> from geokg.graph import build_graph
        >>> from geokg.model import Entity, Extraction, Relation
        >>> ents = (Entity("A", "A", "Country", iso3="AAA"), Entity("B", "B", "Country"))
        >>> ext = Extraction("d", ents, (Relation("A", "warns", "B", "A warns B.", 0, 10),),
        ...                  meta={"date": "2020-01-05"})
        >>> text = generate_events_csv(build_graph([ext]))
        >>> text.splitlines()[1].startswith("d#0,2020-01-05,THREATEN,warns,13,3,A,AAA,Country,AAA")
        True
    """
    from geokg.events import event_table

    return event_table(G).to_csv(index=False, lineterminator="\n", date_format="%Y-%m-%d")


def write_events_csv(G: nx.MultiDiGraph, path: str | os.PathLike[str]) -> None:
    """Write :func:`generate_events_csv` to ``path`` atomically (UTF-8)."""
    text = generate_events_csv(G)
    with atomic_write(path, "w", encoding="utf-8") as fh:
        fh.write(text)
