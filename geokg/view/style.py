"""Colours of the views: nodes by entity type, edges by the kind of relation.

Node colours are the GEXF export's :data:`geokg.exports.PALETTE` (Okabe-Ito,
colour-blind safe), so Gephi, the page and the picture agree.
"""

from __future__ import annotations

from types import MappingProxyType

from geokg.exports.gexf import PALETTE
from geokg.vocab import PREDICATES

__all__ = [
    "EDGE_KINDS",
    "PLOVER_COLOURS",
    "edge_kind",
    "hex_colour",
    "node_colour",
    "plover_colour",
]

_OTHER = (153, 153, 153)

#: Kind of relation -> (edge colour, legend text).
EDGE_KINDS: MappingProxyType[str, tuple[str, str]] = MappingProxyType(
    {
        "conflict": (
            "#c0392b",
            "conflict: warns, strikes, kills, fights, criticizes, sanctions, rejects, deploys",
        ),
        "cooperation": ("#1e8449", "cooperation: supports, meets, cooperates"),
        "request": ("#7d6608", "requests"),
        "structural": ("#a6a6a6", "structural: affiliated_with, leads, located_in"),
    }
)
_COOPERATION = frozenset({"supports", "meets", "cooperates"})

#: Colour of each PLOVER category, listed by quad category (verbal
#: cooperation blues, material cooperation greens, verbal conflict yellows to
#: purples, material conflict reds), for the map's arcs and the timelines.
PLOVER_COLOURS: MappingProxyType[str, str] = MappingProxyType(
    {
        "AGREE": "#6baed6",
        "CONSULT": "#1f77b4",
        "SUPPORT": "#17becf",
        "CONCEDE": "#9edae5",
        "COOPERATE": "#2ca02c",
        "AID": "#98df8a",
        "RETREAT": "#bcbd22",
        "INVESTIGATE": "#7f8c3a",
        "REQUEST": "#e6ab02",
        "DEMAND": "#c7901a",
        "ACCUSE": "#ff7f0e",
        "REJECT": "#9467bd",
        "SANCTION": "#8c564b",
        "THREATEN": "#e377c2",
        "PROTEST": "#f7a1a1",
        "MOBILIZE": "#393b79",
        "COERCE": "#a50f15",
        "ASSAULT": "#d62728",
    }
)


def edge_kind(predicate: str) -> str:
    """The :data:`EDGE_KINDS` key of a predicate.

    Example:
        >>> edge_kind("strikes"), edge_kind("meets"), edge_kind("leads")
        ('conflict', 'cooperation', 'structural')
    """
    spec = PREDICATES.get(predicate)
    if spec is None or spec.structural:
        return "structural"
    if predicate in _COOPERATION:
        return "cooperation"
    if predicate == "requests":
        return "request"
    return "conflict"


def hex_colour(rgb: tuple[int, int, int], *, darken: float = 1.0) -> str:
    """``#rrggbb`` of an RGB triple, optionally darkened (``darken`` < 1).

    Example:
        >>> hex_colour((0, 114, 178)), hex_colour((200, 100, 0), darken=0.5)
        ('#0072b2', '#643200')
    """
    return "#" + "".join(f"{max(0, min(255, round(c * darken))):02x}" for c in rgb)


def node_colour(entity_type: str | None) -> tuple[int, int, int]:
    """RGB colour of an entity type (grey when unknown)."""
    return PALETTE.get(str(entity_type), _OTHER)


def plover_colour(category: str | None) -> str:
    """``#rrggbb`` of a PLOVER category (grey when unknown).

    Example:
        >>> plover_colour("ASSAULT"), plover_colour(None)
        ('#d62728', '#999999')
    """
    return PLOVER_COLOURS.get(str(category), hex_colour(_OTHER))
