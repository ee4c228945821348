"""geokg.view: see a graph, in a browser (offline HTML page) or as a picture (PNG).

Both views take the multigraph of :func:`geokg.graph.build_graph` and share
one layout (:func:`layout`), so the page and the picture look alike; on a
corpus they draw the event graph (:mod:`geokg.view.modes`).
"""

from __future__ import annotations

from geokg.view.html import generate_html, view_data, write_html
from geokg.view.modes import MODES, dyad_map, event_graph, layout_graph, resolve_mode
from geokg.view.png import draw, write_png
from geokg.view.positions import layout, node_radius

__all__ = [
    "MODES",
    "draw",
    "dyad_map",
    "event_graph",
    "generate_html",
    "layout",
    "layout_graph",
    "node_radius",
    "resolve_mode",
    "view_data",
    "write_html",
    "write_png",
]
