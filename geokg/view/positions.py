"""Node positions shared by the interactive page and the static picture.

A force-directed layout per connected component (Kamada-Kawai, or a spring
layout for very large ones; per component, so small components do not drift
to the rim of one big layout), components packed in rows largest first, then
overlapping discs pushed apart. Seeded: the same graph gives the same
positions. Coordinates are in screen pixels of the interactive view, where a
node of degree ``d`` is a disc of radius :func:`node_radius` ``(d)``.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping

import networkx as nx
import numpy as np

__all__ = ["layout", "node_radius"]

_SPACING = 130.0  # pixels per node along a component's side, about one label wide
_GAP = 110.0  # between packed components, room for a label
_LABEL_ROOM = 26.0  # kept free around a disc for its label
_MAX_OVERLAP_NODES = 2500  # the pairwise push-apart is quadratic in memory
_MAX_KAMADA_KAWAI = 300  # larger components get the (linear-time per step) spring layout


def node_radius(degree: int) -> float:
    """Radius in pixels of a node with ``degree`` relations (grows like its square root).

    Example:
        >>> node_radius(0), node_radius(4)
        (7.0, 15.0)
    """
    return min(7.0 + 4.0 * math.sqrt(max(degree, 0)), 45.0)


def layout(
    G: nx.Graph, *, seed: int = 7, iterations: int = 120
) -> dict[Hashable, tuple[float, float]]:
    """Positions for every node of ``G`` (any networkx graph), in pixels.

    Edge direction and multiplicity are ignored for the shape; the number of
    parallel edges between two nodes pulls them closer.

    Args:
        G: the graph (usually the multigraph of :func:`geokg.graph.build_graph`).
        seed: seed of the force-directed layout.
        iterations: force-directed iterations per component.

    Example:
        >>> G = nx.path_graph(["a", "b", "c"])
        >>> pos = layout(G)
        >>> sorted(pos) == ["a", "b", "c"] and pos == layout(G)
        True
    """
    simple = nx.Graph()
    simple.add_nodes_from(sorted(G.nodes, key=str))
    for u, v in G.edges():
        if u == v:
            continue
        if simple.has_edge(u, v):
            simple[u][v]["weight"] += 1.0
        else:
            simple.add_edge(u, v, weight=1.0)
    components = sorted(
        (sorted(c, key=str) for c in nx.connected_components(simple)),
        key=lambda c: (-len(c), str(c[0])),
    )
    boxes = [_component_layout(simple, c, seed=seed, iterations=iterations) for c in components]
    pos = _pack(boxes)
    radii = {n: node_radius(G.degree(n)) for n in pos}
    return _separate(pos, radii)


def _component_layout(
    simple: nx.Graph, nodes: list[Hashable], *, seed: int, iterations: int
) -> dict[Hashable, tuple[float, float]]:
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    # Built in sorted order: a subgraph view may iterate in set (hash) order, and the
    # seeded start positions follow node order.
    members = set(nodes)
    H = nx.Graph()
    H.add_nodes_from(nodes)
    # Log weights: a pair named together 20 times should be close, not collapsed.
    H.add_edges_from(
        (u, v, {"w": 1.0 + math.log(simple[u][v]["weight"])})
        for u in nodes
        for v in sorted(simple[u], key=str)
        if v in members
    )
    if 3 <= len(nodes) <= _MAX_KAMADA_KAWAI:
        # Kamada-Kawai spreads hub-and-spoke news graphs far better than a spring
        # layout (which packs the spokes of several hubs into one hairball); it is
        # deterministic for a given node order, but quadratic, so big components spring.
        raw = nx.kamada_kawai_layout(H)
    else:
        raw = nx.spring_layout(H, seed=seed, iterations=iterations, weight="w")
    half = _SPACING * math.sqrt(len(nodes)) / 2
    xs = np.array([raw[n][0] for n in nodes])
    ys = np.array([raw[n][1] for n in nodes])
    span = max(np.ptp(xs), np.ptp(ys), 1e-9)
    xs = (xs - xs.min()) / span * 2 * half
    ys = (ys - ys.min()) / span * 2 * half
    return {n: (float(x), float(y)) for n, x, y in zip(nodes, xs, ys, strict=True)}


def _pack(boxes: list[dict[Hashable, tuple[float, float]]]) -> dict[Hashable, tuple[float, float]]:
    """Shelf packing: components left to right in rows about as wide as the whole is tall."""
    sizes = [(max(x for x, _ in b.values()), max(y for _, y in b.values())) for b in boxes]
    area = sum((w + _GAP) * (h + _GAP) for w, h in sizes)
    row_width = max(math.sqrt(area) * 1.3, max((w for w, _ in sizes), default=0.0))
    pos: dict[Hashable, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for box, (w, h) in zip(boxes, sizes, strict=True):
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height + _GAP, 0.0
        for node, (bx, by) in box.items():
            pos[node] = (round(x + bx, 2), round(y + by, 2))
        x += w + _GAP
        row_height = max(row_height, h)
    return pos


def _separate(
    pos: Mapping[Hashable, tuple[float, float]],
    radii: Mapping[Hashable, float],
    *,
    rounds: int = 60,
) -> dict[Hashable, tuple[float, float]]:
    """Push apart discs (plus room for labels) that overlap, a little each round."""
    nodes = list(pos)
    if len(nodes) < 2 or len(nodes) > _MAX_OVERLAP_NODES:
        return dict(pos)
    xy = np.array([pos[n] for n in nodes], dtype=float)
    need = np.array([radii[n] for n in nodes]) + _LABEL_ROOM / 2
    need = need[:, None] + need[None, :]
    np.fill_diagonal(need, 0.0)
    rng = np.random.default_rng(0)
    for _ in range(rounds):
        delta = xy[:, None, :] - xy[None, :, :]
        dist = np.hypot(delta[..., 0], delta[..., 1])
        overlap = need - dist
        np.fill_diagonal(overlap, 0.0)
        if overlap.max() <= 0.5:
            break
        # Coincident nodes get a small seeded nudge in a random direction.
        same = dist < 1e-6
        np.fill_diagonal(same, False)
        if same.any():
            xy += rng.normal(scale=1.0, size=xy.shape) * same.any(axis=1)[:, None]
            continue
        push = np.where(overlap > 0, overlap / np.maximum(dist, 1e-6) / 2, 0.0)
        xy += (delta * push[..., None]).sum(axis=1) * 0.5
    xy -= xy.min(axis=0)
    return {
        n: (round(float(x), 2), round(float(y), 2)) for n, (x, y) in zip(nodes, xy, strict=True)
    }
