"""geokg.view: see a graph, in a browser (offline HTML pages) or as pictures (PNG).

The network views take the multigraph of :func:`geokg.graph.build_graph` and
share one layout (:func:`layout`), so the page and the picture look alike; on
a corpus they draw the event graph (:mod:`geokg.view.modes`). The map
(:func:`generate_map`) draws the events on a world map, the timelines
(:func:`timeline`) their number per period.
"""

from __future__ import annotations

from geokg.view.geomap import generate_map, map_data, write_map
from geokg.view.html import generate_html, view_data, write_html
from geokg.view.modes import MODES, dyad_map, event_graph, layout_graph, resolve_mode
from geokg.view.png import draw, write_png
from geokg.view.positions import layout, node_radius
from geokg.view.timeline import (
    draw_timeline,
    event_counts,
    timeline,
    top_dyads,
    write_timeline,
)

__all__ = [
    "MODES",
    "draw",
    "draw_timeline",
    "dyad_map",
    "event_counts",
    "event_graph",
    "generate_html",
    "generate_map",
    "layout",
    "layout_graph",
    "map_data",
    "node_radius",
    "resolve_mode",
    "timeline",
    "top_dyads",
    "view_data",
    "write_html",
    "write_map",
    "write_png",
    "write_timeline",
]
