"""``events.parquet``: the event table (:func:`geokg.events.event_table`) as Parquet.

Written with pyarrow, the column types kept: ``event_date`` a timestamp,
counts nullable integers, qualifiers booleans, points doubles, the rest
strings; ``pd.read_parquet("events.parquet")`` gives back the DataFrame of
:meth:`geokg.KnowledgeGraph.events` with its dtypes, and DuckDB, Polars, R's
arrow and Spark read it as they are. The same graph gives the same bytes
(no timestamps in the file; Snappy compression; one row group).
"""

from __future__ import annotations

import io
import os

import networkx as nx

from geokg.errors import ExportError
from geokg.exports._atomic import atomic_write

__all__ = ["generate_events_parquet", "write_events_parquet"]


def generate_events_parquet(G: nx.MultiDiGraph) -> bytes:
    """The Parquet bytes of the event table of ``G``.

    Raises:
        ExportError: pyarrow is not installed.

    Example:
        >>> import io, pandas as pd
        >>> from geokg.events import EVENT_COLUMNS
        >>> frame = pd.read_parquet(io.BytesIO(generate_events_parquet(nx.MultiDiGraph())))
        >>> list(frame.columns) == list(EVENT_COLUMNS), len(frame)
        (True, 0)
    """
    from geokg.events import event_table

    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # a declared dependency: only a broken install lacks it
        raise ExportError(
            "writing events.parquet needs pyarrow; install it with `pip install pyarrow`"
        ) from exc
    table = pa.Table.from_pandas(event_table(G), preserve_index=False)
    buf = io.BytesIO()
    pq.write_table(table, buf, compression="snappy", row_group_size=max(1, table.num_rows))
    return buf.getvalue()


def write_events_parquet(G: nx.MultiDiGraph, path: str | os.PathLike[str]) -> None:
    """Write :func:`generate_events_parquet` to ``path`` atomically."""
    data = generate_events_parquet(G)
    with atomic_write(path, "wb") as fh:
        fh.write(data)
