"""The interactive page inside a notebook cell.

Jupyter (classic, Lab, VS Code) shows an object's ``_repr_html_``; the page
goes into an ``<iframe srcdoc>`` so that its script and style stay apart from
the notebook's own and it works offline, like the saved ``graph.html``.
"""

from __future__ import annotations

import html
import os

from geokg.exports._atomic import atomic_write

__all__ = ["GraphView"]


class GraphView:
    """A self-contained page that a notebook displays in a frame.

    Attributes:
        page: the full HTML text (:func:`geokg.view.generate_html`,
            :func:`geokg.view.generate_map`).
        height: the frame's height in pixels.
        label: the frame's title, for screen readers.

    Example:
        >>> view = GraphView("<!DOCTYPE html><title>t</title><p>x & y</p>", height=300)
        >>> view._repr_html_()[:60]
        '<iframe title="geokg graph" style="width:100%;height:300px;b'
    """

    def __init__(self, page: str, *, height: int = 650, label: str = "geokg graph") -> None:
        self.page = page
        self.height = int(height)
        self.label = label

    def _repr_html_(self) -> str:
        return (
            f'<iframe title="{html.escape(self.label, quote=True)}" '
            f'style="width:100%;height:{self.height}px;'
            f'border:1px solid #ddd" srcdoc="{html.escape(self.page, quote=True)}"></iframe>'
        )

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the page to ``path`` atomically; open it in any browser, no network needed."""
        with atomic_write(path, "w", encoding="utf-8") as fh:
            fh.write(self.page)

    def __repr__(self) -> str:
        return f"<GraphView: {len(self.page):,} characters of HTML>"
