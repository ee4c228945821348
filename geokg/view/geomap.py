"""The map: one self-contained page of the events on a world map, offline.

``graph-map.html`` draws the event table (:func:`geokg.events.event_table`)
on Natural Earth's countries (the npm package ``world-atlas``, drawn with
``d3-geo`` and ``topojson-client``; all vendored in ``geokg/view/static`` and
inlined, so the page loads nothing): each country shaded by the number of
events one of its actors takes part in (a person or body counts for its
country), an arc per country dyad and PLOVER category, coloured by the
category and as wide as its count, the located events as points, hover and
click details (actors, predicate, sentence, document), filters by
predicate, actor type and sector and a date range. Negated and hypothetical
events are hidden until asked for, then dashed.

Once drawn, the page records in the DOM what it drew (``#geokg-status``;
``data-iso3``, ``data-events`` and ``data-drawn`` on each country,
``data-dyad`` on each arc) and counts script errors on ``<html data-errors>``,
so a headless browser can check it.
"""

from __future__ import annotations

import html
import json
import os
import re
from collections import Counter
from collections.abc import Hashable, Mapping
from typing import Any

import networkx as nx
import pycountry

from geokg.errors import GeoKGError
from geokg.exports._atomic import atomic_write
from geokg.model import MAGNITUDE_KINDS
from geokg.view.atlas import ATLAS_FILE, country_shape, successor_shape
from geokg.view.html import _static
from geokg.view.style import PLOVER_COLOURS, hex_colour, node_colour, plover_colour
from geokg.vocab import ENTITY_TYPES, PREDICATES

__all__ = ["generate_map", "map_data", "write_map"]

_PLACEHOLDER = re.compile(r"/\*@(CSS|TRAP|D3ARRAY|D3GEO|TOPOJSON|APP)@\*/|@(TITLE|DATA|ATLAS)@")
_STATIC = {
    "CSS": "map.css",
    "TRAP": "trap.js",
    "D3ARRAY": "d3-array.min.js",
    "D3GEO": "d3-geo.min.js",
    "TOPOJSON": "topojson-client.min.js",
    "APP": "map.js",
}
_QUADS = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


def map_data(G: nx.MultiDiGraph, *, title: str = "geokg") -> dict[str, Any]:
    """The JSON payload the map draws: the events, their countries, the filters' values.

    Args:
        G: the multigraph of :func:`geokg.graph.build_graph` (or a subgraph of it).
        title: the page title.

    Raises:
        GeoKGError: ``G`` is not a multigraph.

    Example:
        >>> from geokg.graph import build_graph
        >>> from geokg.model import Entity, Extraction, Relation
        >>> ents = (Entity("IRN", "Iran", "Country", iso3="IRN"),
        ...         Entity("mike-pompeo", "Mike Pompeo", "Person", country="USA"))
        >>> rel = Relation("mike-pompeo", "criticizes", "IRN", "Pompeo criticized Iran.", 0, 23)
        >>> ext = Extraction("d", ents, (rel,), meta={"date": "2020-01-03"})
        >>> data = map_data(build_graph([ext]))
        >>> ev = data["events"][0]
        >>> ev["a"]["name"], ev["a"]["country"], ev["type"], ev["r"]["country"], ev["date"]
        ('Mike Pompeo', 'USA', 'ACCUSE', 'IRN', '2020-01-03')
        >>> sorted(data["countries"]), data["countries"]["IRN"]["shape"]
        (['IRN', 'USA'], '364')
    """
    if not G.is_multigraph():
        raise GeoKGError(
            f"the map needs the MultiDiGraph of build_graph(), got a {type(G).__name__}; "
            "draw the graph before collapsing it"
        )
    from geokg.events import QUAD_CODES, event_table

    table = event_table(G, include_hedged=True)
    events = [_event(row) for row in table.to_dict("records")]
    isos = sorted(
        {
            iso
            for ev in events
            for iso in (ev["a"]["country"], ev["r"]["country"], (ev["place"] or {}).get("country"))
            if iso
        }
    )
    categories = Counter(ev["type"] for ev in events if ev["type"])
    predicates = Counter(ev["predicate"] for ev in events)
    types = Counter(side[k]["type"] or "unknown" for side in events for k in ("a", "r"))
    sectors = Counter(side[k]["sector"] or "none" for side in events for k in ("a", "r"))
    dates = sorted(ev["date"] for ev in events if ev["date"])
    nodes = {str(n): n for n in G if str(n) in isos}
    nodes.update(
        (d["iso3"], n)
        for n, d in G.nodes(data=True)
        if d.get("type") == "Country" and d.get("iso3")
    )
    return {
        "title": title,
        "documents": len(G.graph.get("documents", ())),
        "events": events,
        "countries": {iso: _country(G, iso, nodes.get(iso)) for iso in isos},
        "categories": [
            {
                "name": c,
                "colour": plover_colour(c),
                "quad": QUAD_CODES.get(c),
                "quad_name": _QUADS.get(QUAD_CODES.get(c, 0)),
                "count": categories[c],
            }
            for c in [*PLOVER_COLOURS, *sorted(set(categories) - set(PLOVER_COLOURS))]
            if categories[c]
        ],
        "predicates": [
            {"name": p, "count": predicates[p]}
            for p in [*PREDICATES, *sorted(set(predicates) - set(PREDICATES))]
            if predicates[p]
        ],
        "types": [
            {"name": t, "colour": hex_colour(node_colour(t)), "count": types[t]}
            for t in [*ENTITY_TYPES, *sorted(set(types) - set(ENTITY_TYPES))]
            if types[t]
        ],
        "sectors": [
            {"name": s, "count": sectors[s]}
            for s in sorted(sectors, key=lambda s: (s == "none", -sectors[s], s))
        ],
        "dates": {
            "min": dates[0] if dates else None,
            "max": dates[-1] if dates else None,
            "undated": sum(1 for ev in events if not ev["date"]),
        },
    }


def generate_map(G: nx.MultiDiGraph, *, title: str = "geokg") -> str:
    """The self-contained HTML page of the map of ``G`` (see :func:`map_data`).

    Example:
        >>> page = generate_map(nx.MultiDiGraph(), title="A & B")
        >>> "<title>A &amp; B</title>" in page, "d3.geoPath" in page
        (True, True)
    """
    data = _json_in_script(json.dumps(map_data(G, title=title), ensure_ascii=False, sort_keys=True))
    parts = {name: _static(file) for name, file in _STATIC.items()}
    parts.update(TITLE=html.escape(title), DATA=data, ATLAS=_json_in_script(_static(ATLAS_FILE)))
    return _PLACEHOLDER.sub(lambda m: parts[m.group(1) or m.group(2)], _static("map.html"))


def write_map(G: nx.MultiDiGraph, path: str | os.PathLike[str], *, title: str = "geokg") -> None:
    """Write :func:`generate_map` to ``path`` atomically (UTF-8)."""
    text = generate_map(G, title=title)
    with atomic_write(path, "w", encoding="utf-8") as fh:
        fh.write(text)


def _json_in_script(text: str) -> str:
    """JSON inside ``<script>``: no "<" may open a tag or comment, and "&" stays literal."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _value(value: Any) -> Any:
    """A table cell as JSON: missing values None, numpy and pandas scalars plain Python."""
    import pandas as pd

    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return value.item() if hasattr(value, "item") else value


def _event(row: Mapping[str, Any]) -> dict[str, Any]:
    r = {k: _value(v) for k, v in row.items()}
    place = None
    if r["placename"] or r["place_country"]:
        place = {
            "name": r["placename"],
            "country": r["place_country"],
            "lat": r["latitude"],
            "lon": r["longitude"],
        }
    magnitude = []
    for kind in MAGNITUDE_KINDS:
        if r[kind] is None:
            continue
        bound = r[f"{kind}_bound"]
        text = f"{r[kind]:,} {kind}"
        magnitude.append(
            text if bound in (None, "exact") else f"{text} ({bound.replace('_', ' ')})"
        )
    return {
        "id": r["event_id"],
        "date": r["event_date"],
        "type": r["event_type"],
        "predicate": r["predicate"],
        "hedged": bool(r["negated"] or r["hypothetical"]),
        "negated": bool(r["negated"]),
        "hypothetical": bool(r["hypothetical"]),
        "a": _side(r, "actor"),
        "r": _side(r, "recipient"),
        "place": place,
        "magnitude": magnitude,
        "sentence": r["sentence"] or "",
        "doc_id": r["doc_id"],
        "title": r["title"],
        "url": r["url"],
    }


def _side(row: Mapping[str, Any], role: str) -> dict[str, Any]:
    return {
        "id": row[f"{role}_id"],
        "name": row[f"{role}_name"],
        "type": row[f"{role}_type"],
        "country": row[f"{role}_country"],
        "sector": row[f"{role}_sector"],
    }


def _country(G: nx.MultiDiGraph, iso3: str, node: Hashable | None) -> dict[str, Any]:
    data = G.nodes[node] if node is not None else {}
    record = pycountry.countries.get(alpha_3=iso3)
    name = data.get("label") or (record.name if record is not None else iso3)
    lat, lon = data.get("latitude"), data.get("longitude")
    shape = country_shape(iso3)
    if (lat is None or lon is None) and shape is None:
        # A country drawn as a dot needs a point; one that is no node of the graph
        # (only the country of an actor) has none of its own.
        from geokg.extract.geodata import load_geodata

        place = load_geodata().country(iso3)
        if place is not None and place.has_point:
            lat, lon = place.latitude, place.longitude
    return {
        "name": str(name),
        "shape": shape,
        "at": successor_shape(iso3),
        "lat": lat,
        "lon": lon,
    }
