"""The event table: one row per event relation, in the columns event data sets use.

An analyst who puts geokg beside POLECAT, ICEWS, GDELT or ACLED wants the
relations as a flat table: who (name, id, country, sector of each side),
what (PLOVER category, CAMEO root code, quad code), when, where (place,
country, point, GeoNames id), how many (killed, injured, arrested,
displaced, participants, each with its bound) and the provenance (sentence,
document, qualifiers). Columns are named after POLECAT's where they mean the
same (``docs/events.md`` has the table). :meth:`geokg.KnowledgeGraph.events`
returns it; ``geokg build`` writes it as ``events.csv`` and
``events.parquet`` (:mod:`geokg.exports.events_csv`,
:mod:`geokg.exports.events_parquet`); :func:`read_events` reads either back
with the documented dtypes.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import networkx as nx

from geokg.errors import InputError
from geokg.graph.aggregate import iso_date
from geokg.model import MAGNITUDE_KINDS
from geokg.vocab import EVENT_PREDICATES, PREDICATES

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "EVENT_COLUMNS",
    "EVENT_DTYPES",
    "POLECAT_NAMES",
    "QUAD_CODES",
    "event_codes",
    "event_table",
    "read_events",
]

#: PLOVER's quad category of each PLOVER category geokg writes (1 verbal
#: cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict).
QUAD_CODES: MappingProxyType[str, int] = MappingProxyType(
    {
        "AGREE": 1,
        "CONSULT": 1,
        "SUPPORT": 1,
        "CONCEDE": 1,
        "COOPERATE": 2,
        "AID": 2,
        "RETREAT": 2,
        "INVESTIGATE": 2,
        "REQUEST": 3,
        "DEMAND": 3,
        "ACCUSE": 3,
        "REJECT": 3,
        "SANCTION": 3,
        "THREATEN": 3,
        "PROTEST": 4,
        "MOBILIZE": 4,
        "COERCE": 4,
        "ASSAULT": 4,
    }
)

# A predicate's CAMEO root code when the cue says no more, and the cue words
# (their beginnings, lower case) that say which of its PLOVER categories and
# CAMEO roots the event is: "protested" is PROTEST (14), not ACCUSE (11).
_DEFAULT_ROOT = MappingProxyType(
    {
        "strikes": "18",
        "kills": "18",
        "fights": "19",
        "supports": "05",
        "criticizes": "11",
        "cooperates": "06",
        "requests": "02",
    }
)
_CUE_CODES: tuple[tuple[str, tuple[str, ...], str | None, str], ...] = (
    # predicate, cue beginnings, PLOVER category (None: the predicate's), CAMEO root
    (
        "strikes",
        (
            "bomb",
            "shell",
            "air strike",
            "airstrike",
            "invad",
            "invasion",
            "offensive",
            "fire",
            "fired",
            "storm",
        ),
        None,
        "19",
    ),
    ("criticizes", ("protest", "demonstrat", "rall", "march"), "PROTEST", "14"),
    ("supports", ("aid", "fund", "arm", "suppl", "donat", "financ"), "AID", "07"),
    ("cooperates", ("agree", "sign", "deal", "accord", "pact", "treaty"), None, "05"),
    ("requests", ("demand",), None, "10"),
)

_MAGNITUDE_COLUMNS: dict[str, str] = {}
for _kind in MAGNITUDE_KINDS:
    _MAGNITUDE_COLUMNS[_kind] = "Int64"
    _MAGNITUDE_COLUMNS[f"{_kind}_bound"] = "string"

#: Every column of the event table and its pandas dtype, in order.
EVENT_DTYPES: MappingProxyType[str, str] = MappingProxyType(
    {
        "event_id": "string",
        "event_date": "datetime64[ns]",
        "event_type": "string",
        "predicate": "string",
        "cameo_root": "string",
        "quad_code": "Int64",
        "actor_name": "string",
        "actor_id": "string",
        "actor_type": "string",
        "actor_country": "string",
        "actor_sector": "string",
        "recipient_name": "string",
        "recipient_id": "string",
        "recipient_type": "string",
        "recipient_country": "string",
        "recipient_sector": "string",
        "placename": "string",
        "place_id": "string",
        "place_country": "string",
        "latitude": "Float64",
        "longitude": "Float64",
        "geonames_id": "Int64",
        "feature_type": "string",
        **_MAGNITUDE_COLUMNS,
        "negated": "boolean",
        "hypothetical": "boolean",
        "attributed_to": "string",
        "confidence": "Float64",
        "sentence": "string",
        "cue": "string",
        "doc_id": "string",
        "title": "string",
        "url": "string",
    }
)
EVENT_COLUMNS: tuple[str, ...] = tuple(EVENT_DTYPES)

#: The POLECAT column each event-table column corresponds to (where one does).
POLECAT_NAMES: MappingProxyType[str, str] = MappingProxyType(
    {
        "event_id": "Event ID",
        "event_date": "Event Date",
        "event_type": "Event Type",
        "quad_code": "Quad Code",
        "actor_name": "Actor Name",
        "actor_id": "Wikipedia Actor ID",
        "actor_country": "Actor Country",
        "actor_sector": "Primary Actor Sector",
        "recipient_name": "Recipient Name",
        "recipient_id": "Wikipedia Recipient ID",
        "recipient_country": "Recipient Country",
        "recipient_sector": "Primary Recipient Sector",
        "placename": "Placename",
        "place_country": "Country",
        "latitude": "Latitude",
        "longitude": "Longitude",
        "geonames_id": "GeoNames ID",
        "feature_type": "Feature Type",
    }
)


def event_table(G: nx.MultiDiGraph, *, include_hedged: bool = True) -> pd.DataFrame:
    """One row per event relation of a :func:`geokg.graph.build_graph` graph.

    Rows are sorted by document id, then by the relation's place in its
    document; structural relations (affiliations, leads,
    located in) are not events and are left out. Columns and dtypes are
    :data:`EVENT_DTYPES`; a value the text does not give is missing (``<NA>``,
    ``NaT``).

    Args:
        G: the multigraph.
        include_hedged: keep negated and hypothetical relations (``negated``
            and ``hypothetical`` say which they are).

    Example:
        >>> from geokg.graph import build_graph
        >>> from geokg.model import Entity, Extraction, Magnitude, Relation
        >>> ents = (Entity("RUS", "Russia", "Country", iso3="RUS"),
        ...         Entity("rebels", "rebels", "Group", sector="REB"),
        ...         Entity("homs", "Homs", "Location", country="SYR",
        ...                latitude=34.72, longitude=36.73, geonames_id=169577, feature="PPL"))
        >>> rel = Relation("RUS", "strikes", "rebels", "Russia bombed rebels in Homs.", 0, 29,
        ...                location="homs", magnitude=(Magnitude("killed", 12, "at_least"),))
        >>> ext = Extraction("d1", ents, (rel,), meta={"date": "2015-10-01"})
        >>> row = event_table(build_graph([ext])).iloc[0]
        >>> row["event_type"], row["recipient_sector"], row["placename"], row["killed"]
        ('ASSAULT', 'REB', 'Homs', np.int64(12))
        >>> str(row["event_date"].date()), row["killed_bound"]
        ('2015-10-01', 'at_least')
    """
    import pandas as pd

    meta: Mapping[str, Mapping[str, str]] = G.graph.get("doc_meta", {})
    rows = []
    for u, v, key, d in G.edges(keys=True, data=True):
        predicate = d.get("predicate")
        if predicate not in EVENT_PREDICATES or d.get("derived"):
            continue
        if not include_hedged and (d.get("negated") or d.get("hypothetical")):
            continue
        plover, cameo = event_codes(predicate, d.get("cue"))
        doc = meta.get(d.get("doc_id"), {})
        place = d.get("location")
        place_node = G.nodes[place] if place in G else {}
        row: dict[str, Any] = {
            "event_id": key,
            "event_date": d.get("date"),
            "event_type": plover,
            "predicate": predicate,
            "cameo_root": cameo,
            "quad_code": QUAD_CODES.get(plover or ""),
            **_side(G, u, "actor", d.get("subject_sector")),
            **_side(G, v, "recipient", d.get("object_sector")),
            "placename": place_node.get("label", place) if place else None,
            "place_id": place,
            "place_country": _country_of(G, place) if place else None,
            "latitude": place_node.get("latitude"),
            "longitude": place_node.get("longitude"),
            "geonames_id": place_node.get("geonames_id"),
            "feature_type": place_node.get("feature"),
            "negated": bool(d.get("negated")),
            "hypothetical": bool(d.get("hypothetical")),
            "attributed_to": d.get("attributed_to"),
            "confidence": d.get("confidence"),
            "sentence": d.get("sentence"),
            "cue": d.get("cue"),
            "doc_id": d.get("doc_id"),
            "title": doc.get("title"),
            "url": doc.get("url"),
        }
        for kind in MAGNITUDE_KINDS:
            row[kind] = d.get(kind)
            row[f"{kind}_bound"] = d.get(f"{kind}_bound")
        rows.append(row)
    rows.sort(key=lambda r: (str(r["doc_id"]), _index(str(r["event_id"]))))
    frame = pd.DataFrame(rows, columns=list(EVENT_COLUMNS))
    return _typed(frame)


def event_codes(predicate: str, cue: str | None = None) -> tuple[str | None, str | None]:
    """The PLOVER category and CAMEO root code of an event, from its predicate and cue.

    Example:
        >>> event_codes("criticizes", "condemned"), event_codes("criticizes", "protested")
        (('ACCUSE', '11'), ('PROTEST', '14'))
        >>> event_codes("strikes", "air strikes"), event_codes("warns")
        (('ASSAULT', '19'), ('THREATEN', '13'))
    """
    spec = PREDICATES.get(predicate)
    if spec is None:
        return None, None
    plover = spec.plover
    root = _DEFAULT_ROOT.get(predicate) or (spec.cameo[0] if spec.cameo else None)
    words = (cue or "").lower()
    for pred, stems, category, code in _CUE_CODES:
        if pred == predicate and any(words.startswith(w) or f" {w}" in words for w in stems):
            return category or plover, code
    return plover, root


def _index(key: str) -> int:
    """The position of a relation in its document, from its key ``"<doc_id>#<n>"``."""
    tail = key.rpartition("#")[2]
    return int(tail) if tail.isdigit() else -1


def _side(G: nx.MultiDiGraph, node: Any, role: str, sector: str | None) -> dict[str, Any]:
    data = G.nodes[node] if node in G else {}
    return {
        f"{role}_name": data.get("label", node),
        f"{role}_id": node,
        f"{role}_type": data.get("type"),
        f"{role}_country": _country_of(G, node),
        f"{role}_sector": sector or data.get("sector"),
    }


def _country_of(G: nx.MultiDiGraph, node: Any) -> str | None:
    """The ISO3 code of a node's country: its own for a country, else its ``country``'s."""
    data = G.nodes[node] if node in G else {}
    if data.get("type") == "Country":
        return data.get("iso3") or str(node)
    country = data.get("country")
    if not country:
        return None
    return (G.nodes[country].get("iso3") if country in G else None) or str(country)


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the dtypes of :data:`EVENT_DTYPES` (dates parsed, missing values as NA)."""
    import pandas as pd

    out = frame.copy()
    out["event_date"] = pd.Series(
        [_day(v) for v in out["event_date"]], index=out.index, dtype="datetime64[ns]"
    )
    for column, dtype in EVENT_DTYPES.items():
        if column != "event_date":
            out[column] = out[column].astype(dtype)
    return out.reset_index(drop=True)


def _day(value: Any) -> Any:
    """The day of a document date: ``YYYY-MM-DD`` as written (a time or zone dropped), else NaT.

    A date in another form ("Jan 23, 2019") is read as pandas reads it.
    """
    import pandas as pd

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return pd.NaT
    day = iso_date(value if isinstance(value, str) else str(value))
    stamp = pd.Timestamp(day) if day else pd.to_datetime(value, errors="coerce")
    if stamp is not pd.NaT and stamp.tzinfo is not None:
        stamp = stamp.tz_localize(None)
    return stamp.normalize() if stamp is not pd.NaT else stamp


def read_events(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read ``events.csv`` or ``events.parquet`` back with the documented dtypes.

    Raises:
        InputError: the file cannot be read or lacks some column.

    Example:
        >>> import tempfile, pathlib
        >>> from geokg.exports import write_events_csv
        >>> G = nx.MultiDiGraph()
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     write_events_csv(G, pathlib.Path(tmp) / "events.csv")
        ...     list(read_events(pathlib.Path(tmp) / "events.csv").columns) == list(EVENT_COLUMNS)
        True
    """
    import pandas as pd

    target = Path(path)
    try:
        if target.suffix == ".parquet":
            frame = pd.read_parquet(target)
        else:
            _check_columns(path, pd.read_csv(target, nrows=0).columns)
            frame = pd.read_csv(
                target,
                dtype={c: t for c, t in EVENT_DTYPES.items() if c != "event_date"},
                parse_dates=["event_date"],
                keep_default_na=False,
                na_values={c: [""] for c in EVENT_COLUMNS},
            )
    except (OSError, ValueError, ImportError) as exc:
        raise InputError(os.fspath(path), f"cannot read the event table: {exc}") from exc
    _check_columns(path, frame.columns)
    return _typed(frame[list(EVENT_COLUMNS)])


def _check_columns(path: str | os.PathLike[str], columns: Any) -> None:
    missing = [c for c in EVENT_COLUMNS if c not in set(columns)]
    if missing:
        raise InputError(
            os.fspath(path),
            f"not a geokg event table (no column {', '.join(missing[:5])}"
            f"{' ...' if len(missing) > 5 else ''}); "
            "write one with `geokg build` or KnowledgeGraph.save()",
        )
