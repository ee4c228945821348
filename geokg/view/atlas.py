"""Which shape of the vendored world map draws a country.

The map is Natural Earth's 1:50m admin-0 countries as the npm package
``world-atlas`` ships them (``static/countries-50m.json``, TopoJSON): a
feature per country, its id the ISO 3166-1 numeric code (``"364"`` for Iran),
a few without one (Kosovo, Somaliland, Northern Cyprus) named only. geokg
names countries by ISO alpha-3, so each is looked up here: by its numeric
code, by name for those without one, and by the shape of its successor for
the states that no longer exist (the Soviet Union is drawn as a dot on
Russia). A country the map has no shape for (Gibraltar, Tuvalu, Réunion,
which Natural Earth draws as part of another country or not at 1:50m) is a
dot at its point.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from types import MappingProxyType

import pycountry

__all__ = ["ATLAS_FILE", "SUCCESSORS", "atlas_shapes", "country_shape", "successor_shape"]

#: The vendored TopoJSON file (in ``geokg/view/static``).
ATLAS_FILE = "countries-50m.json"

#: States geokg knows that no longer exist, and the country whose shape places them.
SUCCESSORS: MappingProxyType[str, str] = MappingProxyType(
    {"SUN": "RUS", "YUG": "SRB", "SCG": "SRB", "CSK": "CZE", "DDR": "DEU"}
)

# Countries geokg names by a code the map does not use, and the map's name for them.
_BY_NAME = MappingProxyType({"XKX": "Kosovo"})


@cache
def atlas_shapes() -> frozenset[str]:
    """The key of each feature of the map: its numeric id, else ``"name:<name>"``.

    The page keys features the same way (``map.js``).

    Example:
        >>> {"364", "840", "name:Kosovo"} <= atlas_shapes()
        True
    """
    text = resources.files("geokg.view").joinpath("static", ATLAS_FILE).read_text("utf-8")
    geometries = json.loads(text)["objects"]["countries"]["geometries"]
    return frozenset(
        str(g["id"]) if g.get("id") is not None else f"name:{g['properties']['name']}"
        for g in geometries
    )


def country_shape(iso3: str) -> str | None:
    """The key of the map's feature for a country (ISO alpha-3), or None.

    Example:
        >>> country_shape("IRN"), country_shape("XKX"), country_shape("GIB"), country_shape("SUN")
        ('364', 'name:Kosovo', None, None)
    """
    if iso3 in _BY_NAME:
        key = f"name:{_BY_NAME[iso3]}"
    else:
        record = pycountry.countries.get(alpha_3=iso3)
        key = record.numeric if record is not None else ""
    return key if key in atlas_shapes() else None


def successor_shape(iso3: str) -> str | None:
    """The shape that places a former state (:data:`SUCCESSORS`), or None.

    Example:
        >>> successor_shape("SUN"), successor_shape("IRN")
        ('643', None)
    """
    successor = SUCCESSORS.get(iso3)
    return country_shape(successor) if successor else None
