"""geokg.view: see a graph, in a browser (offline HTML page) or as a picture (PNG).

Both views take the multigraph of :func:`geokg.graph.build_graph` and share
one layout (:func:`layout`), so the page and the picture look alike.
"""

from __future__ import annotations

from geokg.view.html import generate_html, view_data, write_html
from geokg.view.png import draw, write_png
from geokg.view.positions import layout, node_radius

__all__ = ["draw", "generate_html", "layout", "node_radius", "view_data", "write_html", "write_png"]
