"""The static picture: a readable overview of the graph for reports and the README.

Drawn with matplotlib's object API (no pyplot, so no global figure state and
no GUI backend): nodes coloured by type and sized by degree, factual relations
as arrows coloured by kind (conflict, cooperation, request, structural) and
as thick as their count, labels on the top actors by degree, a legend of
types and kinds. A corpus is drawn as its event graph (:mod:`geokg.view.modes`:
structural relations left out beyond a few dozen actors; persons drawn as
their countries on request). Each drawn edge carries the gid
``"<kind>:<subject>-><object>"``, so a test can read what was drawn. The PNG
carries no timestamp or version stamp: the same graph gives the same bytes.
"""

from __future__ import annotations

import math
import os
import textwrap
from collections.abc import Hashable, Mapping

import networkx as nx

from geokg.errors import GeoKGError
from geokg.exports._atomic import atomic_write
from geokg.graph import collapse
from geokg.view.modes import event_graph, layout_graph, resolve_mode
from geokg.view.positions import layout, node_radius
from geokg.view.style import EDGE_KINDS, edge_kind, hex_colour, node_colour
from geokg.vocab import ENTITY_TYPES

__all__ = ["draw", "write_png"]

_MAX_ARROWS = 1500  # FancyArrowPatch per edge is slow; plain lines beyond this
_MAX_ISOLATED = 40  # more actors without a relation than this are left out of the picture
_LEGEND_INCHES = 3.3  # about what the legend beside the axes takes
_FONT = 9  # label size in points
_X_PAD = 70.0  # layout pixels left and right of the outermost nodes, for their labels


def draw(
    G: nx.MultiDiGraph,
    *,
    pos: Mapping[Hashable, tuple[float, float]] | None = None,
    top: int = 25,
    title: str | None = None,
    size: tuple[float, float] | None = None,
    mode: str = "auto",
):
    """A matplotlib ``Figure`` of the multigraph ``G`` (hedged relations left out).

    Args:
        G: the multigraph of :func:`geokg.graph.build_graph` (or a subgraph of it).
        pos: node positions (default :func:`geokg.view.positions.layout` of
            :func:`geokg.view.modes.layout_graph`).
        top: how many actors, by degree, get a label (one that would overlap
            the label of a better-connected actor is left out).
        title: the figure title (default: counts of documents, actors, relations).
        size: figure size in inches (default: 12 wide, as tall as the layout needs).
        mode: ``"full"`` (every relation), ``"events"`` (the event graph:
            affiliated_with, leads and located_in left out), ``"dyads"`` (the
            event graph with persons drawn as their countries) or ``"auto"``
            (``"events"`` beyond a few dozen actors): :mod:`geokg.view.modes`.

    Raises:
        GeoKGError: ``G`` is not a multigraph, or an unknown mode.

    Example:
        >>> G = nx.MultiDiGraph(documents=["d"])
        >>> G.add_node("A", label="Atlantis", type="Country")
        >>> G.add_node("B", label="Bretonnia", type="Group")
        >>> _ = G.add_edge("B", "A", key="d#0", predicate="strikes")
        >>> fig = draw(G)
        >>> [t.get_text() for t in fig.axes[0].texts]
        ['Atlantis', 'Bretonnia']
    """
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch
    from matplotlib.patheffects import withStroke

    if not G.is_multigraph():
        raise GeoKGError(
            f"draw() needs the MultiDiGraph of build_graph(), got a {type(G).__name__}; "
            "draw the graph before collapsing it"
        )
    mode = resolve_mode(G, mode)
    whole = G
    if mode != "full":
        G = event_graph(G, dyads=mode == "dyads", include_hedged=False)
        # A domestic event of the dyad view is a self-loop, which is not drawn.
        alone = [n for n in G if all(u == v for u, v in (*G.in_edges(n), *G.out_edges(n)))]
        G.remove_nodes_from(alone)
    pos = layout(layout_graph(whole, mode)) if pos is None else pos
    H = collapse(G)
    degree = dict(G.degree())
    nodes = sorted(G.nodes, key=str)
    isolated = [n for n in nodes if degree[n] == 0]
    if len(isolated) > _MAX_ISOLATED:
        # Hundreds of actors named without a relation would fill the picture with dots.
        nodes = [n for n in nodes if degree[n] > 0]
    fig = Figure(figsize=size or _auto_size(pos, nodes), layout="constrained")
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_aspect("equal")
    heading = title if title is not None else _default_title(whole, G, mode)
    if len(nodes) < G.number_of_nodes():
        heading += f"\n({len(isolated)} actors without a relation not drawn)"
    fig.suptitle(heading, fontsize=13)
    if not nodes:
        ax.text(0.5, 0.5, "empty graph", ha="center", va="center", transform=ax.transAxes)
        return fig

    xs = [pos[n][0] for n in nodes]
    ys = [pos[n][1] for n in nodes]
    # Discs as large as the layout made room for: layout pixels -> points.
    width_pt = (fig.get_figwidth() - _LEGEND_INCHES) * 72.0
    scale = width_pt / (max(xs) - min(xs) + 2 * _X_PAD)
    radius = {n: max(node_radius(degree[n]) * scale, 2.0) for n in nodes}
    drawn = set(nodes)
    edges = sorted(
        ((u, v, d) for u, v, d in H.edges(data=True) if u in drawn and v in drawn and u != v),
        key=lambda e: (str(e[0]), str(e[1])),
    )
    for u, v, d in edges:
        kind = edge_kind(_main_predicate(d))
        colour = EDGE_KINDS[kind][0]
        width = 0.6 + 0.9 * math.log2(1 + int(d.get("weight", 1)))
        alpha = 0.45 if kind == "structural" else 0.75
        gid = f"{kind}:{u}->{v}"
        if len(edges) > _MAX_ARROWS:
            ax.plot(
                *zip(pos[u], pos[v], strict=True),
                color=colour,
                lw=width,
                alpha=alpha,
                zorder=1,
                gid=gid,
            )
            continue
        ax.add_patch(
            FancyArrowPatch(
                pos[u],
                pos[v],
                arrowstyle="-|>",
                mutation_scale=9,
                color=colour,
                lw=width,
                alpha=alpha,
                connectionstyle="arc3,rad=0.08",
                shrinkA=radius[u],
                shrinkB=radius[v] + 1,
                zorder=1,
                gid=gid,
            )
        )
    fill = [hex_colour(node_colour(G.nodes[n].get("type"))) for n in nodes]
    border = [hex_colour(node_colour(G.nodes[n].get("type")), darken=0.7) for n in nodes]
    area = [(2 * radius[n]) ** 2 for n in nodes]
    ax.scatter(xs, ys, s=area, c=fill, edgecolors=border, linewidths=0.8, zorder=2)
    outline = [withStroke(linewidth=3, foreground="white")]
    for n in _labelled(G, nodes, pos, radius, degree, scale=scale, top=top):
        ax.annotate(
            str(G.nodes[n].get("label", n)),
            pos[n],
            xytext=(0, radius[n] + 2),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=_FONT,
            path_effects=outline,
            zorder=3,
        )
    present = [t for t in ENTITY_TYPES if any(G.nodes[n].get("type") == t for n in nodes)]
    handles = [
        Line2D(
            [],
            [],
            ls="",
            marker="o",
            markersize=8,
            markerfacecolor=hex_colour(node_colour(t)),
            markeredgecolor=hex_colour(node_colour(t), darken=0.7),
            label=t,
        )
        for t in present
    ]
    kinds = sorted({edge_kind(_main_predicate(d)) for _, _, d in edges}, key=list(EDGE_KINDS).index)
    handles += [
        Line2D([], [], color=EDGE_KINDS[k][0], lw=2, label=textwrap.fill(EDGE_KINDS[k][1], 38))
        for k in kinds
    ]
    # A figure legend "outside": constrained layout keeps room for it beside the axes.
    fig.legend(handles=handles, loc="outside right upper", frameon=False, fontsize=8)
    # Room for labels either side; y grows downwards, as on the page.
    ax.set_xlim(min(xs) - _X_PAD, max(xs) + _X_PAD)
    ax.set_ylim(max(ys) + 40.0, min(ys) - 60.0)
    return fig


def write_png(
    G: nx.MultiDiGraph,
    path: str | os.PathLike[str],
    *,
    pos: Mapping[Hashable, tuple[float, float]] | None = None,
    top: int = 25,
    title: str | None = None,
    dpi: int = 120,
    mode: str = "auto",
) -> None:
    """Write :func:`draw` ``(G)`` as a PNG to ``path`` atomically."""
    fig = draw(G, pos=pos, top=top, title=title, mode=mode)
    with atomic_write(path, "wb") as fh:
        # No "Software" stamp: the same graph gives the same bytes.
        fig.savefig(fh, format="png", dpi=dpi, facecolor="white", metadata={"Software": None})


def _labelled(
    G: nx.MultiDiGraph,
    nodes: list[Hashable],
    pos: Mapping[Hashable, tuple[float, float]],
    radius: Mapping[Hashable, float],
    degree: Mapping[Hashable, int],
    *,
    scale: float,
    top: int,
) -> list[Hashable]:
    """The ``top`` nodes by degree whose label box overlaps no better-ranked one, sorted."""
    ranked = sorted(nodes, key=lambda n: (-degree[n], str(G.nodes[n].get("label", n))))
    boxes: list[tuple[float, float, float, float]] = []
    chosen = []
    for n in ranked:
        if len(chosen) == top:
            break
        # Points -> layout pixels; a DejaVu Sans character is about 0.55 em wide.
        width = 0.55 * _FONT * len(str(G.nodes[n].get("label", n))) / scale
        height = 1.3 * _FONT / scale
        x, y = pos[n]
        bottom = y - (radius[n] + 2) / scale  # y grows downwards: the label sits above
        box = (x - width / 2, bottom - height, x + width / 2, bottom)
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes):
            continue
        boxes.append(box)
        chosen.append(n)
    return sorted(chosen, key=str)


def _auto_size(
    pos: Mapping[Hashable, tuple[float, float]], nodes: list[Hashable]
) -> tuple[float, float]:
    """12 inches wide (some for the legend); the layout's aspect sets the height."""
    if len(nodes) < 2:
        return (12.0, 6.0)
    xs = [pos[n][0] for n in nodes]
    ys = [pos[n][1] for n in nodes]
    aspect = (max(ys) - min(ys) + 100.0) / (max(xs) - min(xs) + 2 * _X_PAD)
    return (12.0, round(min(max((12.0 - _LEGEND_INCHES) * aspect + 1.0, 4.5), 12.0), 2))


def _main_predicate(data: Mapping[str, object]) -> str:
    """The most frequent predicate of a collapsed edge (ties alphabetical)."""
    names = str(data.get("predicates", "")).split(";")
    return min(names, key=lambda p: (-int(data.get(f"n_{p}", 0) or 0), p))


def _default_title(whole: nx.MultiDiGraph, G: nx.MultiDiGraph, mode: str) -> str:
    docs = len(whole.graph.get("documents", ()))
    relations = sum(
        1 for *_, d in G.edges(data=True) if not (d.get("negated") or d.get("hypothetical"))
    )
    head = f"{docs} document{'s' * (docs != 1)}, "
    if mode == "full":
        return head + f"{G.number_of_nodes()} actors, {relations} factual relations"
    actors = sum(1 for _, d in whole.nodes(data=True) if d.get("type") != "Location")
    text = (
        head + f"the event graph: {G.number_of_nodes()} of {actors} actors, "
        f"{relations} factual events\n(affiliated_with, leads and located_in not drawn"
    )
    return text + ("; persons drawn as their countries)" if mode == "dyads" else ")")
