"""What ``geokg build`` prints when it is done: a summary for people, or JSON.

:func:`summary_lines` gives the aligned text (documents read and skipped,
actors by type, the top actors, relations by predicate with the hedged ones
apart, the outputs and how to open them); :func:`summary_json` the one JSON
object of ``geokg build --json``. Both are plain functions of the built
:class:`~geokg.kg.KnowledgeGraph`; :mod:`geokg.cli` prints them.
"""

from __future__ import annotations

import dataclasses
import os
import shlex
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from geokg.graph import summary
from geokg.kg import KnowledgeGraph

__all__ = ["OPEN_WITH", "summary_json", "summary_lines"]

#: How to open each output, in the order the summary lists them; an output
#: without a row here is named on the "also" line.
OPEN_WITH = {
    "graph.html": "open it in a browser: the interactive view, offline",
    "graph.gexf": "open it in Gephi (File > Open), with its timeline",
    "graph-collapsed.gexf": "the weighted overview, for Gephi or Gephi Lite",
    "graph.png": "a static picture for reports",
    "graph-map.html": "open it in a browser: the events on a world map, offline",
    "timeline.png": "events over time by PLOVER category",
    "events.csv": "the event table, a row per event (and events.parquet)",
    "graph.ttl": "RDF/Turtle for SPARQL (and ontology.ttl)",
    "extraction.jsonl": "the extractions, a JSON object per document",
    "graph.json": "the graph for Python: geokg.load({out})",
}
# Outputs a row of OPEN_WITH names already.
_NAMED_WITH = {"events.parquet", "ontology.ttl"}

_TOP = 5  # top actors shown
_PLURAL = {"Country": "countries"}


def summary_json(kg: KnowledgeGraph) -> dict[str, Any]:
    """The build's summary for scripts: the graph's counts, what was read and written.

    The keys of :func:`geokg.graph.summary` (``documents``, ``nodes``,
    ``edges``, ``relations``, ``hedged``, ``nodes_by_type``,
    ``edges_by_predicate``), plus ``skipped`` (each skipped input with its
    reason), ``outputs`` (file name -> path) and, for a build into a folder,
    ``build`` (what it did: new, changed, unchanged, ... documents, and the
    store's update), all JSON values.

    Example:
        >>> from geokg.kg import _example
        >>> data = summary_json(KnowledgeGraph.from_extractions([_example()]))
        >>> data["relations"], data["edges_by_predicate"], data["skipped"]
        (1, {'strikes': 1}, [])
    """
    data: dict[str, Any] = dict(summary(kg.nx))
    data["skipped"] = [{"source": e.source, "reason": e.reason} for e in kg.skipped]
    data["outputs"] = {name: os.fspath(path) for name, path in sorted(kg.outputs.items())}
    if kg.report is not None:
        data["build"] = dataclasses.asdict(kg.report)  # the store's update too, when it ran
    return data


def summary_lines(
    kg: KnowledgeGraph,
    *,
    out_dir: str | os.PathLike[str] | None = None,
    heading: Callable[[str], str] = str,
) -> list[str]:
    """The build's summary for people, one aligned line per item.

    Args:
        kg: the graph :func:`geokg.build` returned (its ``skipped``,
            ``outputs`` and ``report`` are read too).
        out_dir: the output folder, as the user named it.
        heading: styles a section's title (the CLI makes it bold on a terminal).

    Example:
        >>> from geokg.kg import _example
        >>> print("\\n".join(summary_lines(KnowledgeGraph.from_extractions([_example()]))))
        1 document read, 0 skipped
        <BLANKLINE>
        Actors     2  1 country, 1 group
        Relations  1  1 factual, 0 hedged (negated or hypothetical)
        <BLANKLINE>
        Top actors       type     events
          Islamic State  Group         1
          Russia         Country       1
        <BLANKLINE>
        Relations by predicate  factual  hedged
          strikes                     1       0
    """
    G = kg.nx
    factual, hedged = _relations_by_predicate(G)
    lines = [_read_line(kg), *_report_lines(kg.report), "", *_counts(G, factual, hedged)]
    lines += _section(heading, _top_actors(kg))
    lines += _section(heading, _predicates(factual, hedged))
    if kg.outputs:
        folder = os.fspath(out_dir) if out_dir is not None else _common_folder(kg.outputs)
        lines += _section(heading, _outputs(kg.outputs, folder))
        arg = shlex.quote(folder)
        lines += [
            "",
            heading("Query it"),
            f"  geokg query {arg} 'SELECT ?a ?b WHERE {{ ?a geokg:strikes ?b }}'",
            f"  geokg serve {arg}    # a SPARQL endpoint on http://127.0.0.1:7878/sparql",
        ]
    return lines


def _read_line(kg: KnowledgeGraph) -> str:
    skipped = len(kg.skipped)
    line = f"{_plural(len(kg.documents), 'document')} read, {skipped:,} skipped"
    return line + (" (each named above, on stderr)" if skipped else "")


def _report_lines(report: Any) -> list[str]:
    if report is None:
        return []
    lines = [f"started over: {report.reason}"] if report.reason else []
    lines.append(f"{report.summary()}; {report.extracted:,} extracted")
    if report.store is not None:
        s = report.store
        lines.append(
            f"store: {s.mode}, +{s.added:,} -{s.removed:,} triples, "
            f"{s.triples:,} in all ({s.seconds:.2f} s)"
        )
    return lines


def _counts(G: Any, factual: Counter[str], hedged: Counter[str]) -> list[str]:
    by_type = Counter(str(d.get("type", "unknown")) for _, d in G.nodes(data=True))
    places = by_type.pop("Location", 0)
    n_factual, n_hedged = sum(factual.values()), sum(hedged.values())
    types = sorted(by_type.items(), key=lambda item: (-item[1], item[0]))
    rows = [("Actors", f"{sum(by_type.values()):,}", ", ".join(_plural(n, t) for t, n in types))]
    if places:
        rows.append(("Places", f"{places:,}", ""))
    rows.append(
        (
            "Relations",
            f"{n_factual + n_hedged:,}",
            f"{n_factual:,} factual, {n_hedged:,} hedged (negated or hypothetical)",
        )
    )
    return _align(rows, right={1})


def _top_actors(kg: KnowledgeGraph) -> list[tuple[str, ...]]:
    rows = [
        (str(r.label), str(r.type), f"{int(r.events):,}")
        for r in kg.top_actors(_TOP).itertuples()
        if int(r.events) > 0
    ]
    return [("Top actors", "type", "events"), *rows] if rows else []


def _relations_by_predicate(G: Any) -> tuple[Counter[str], Counter[str]]:
    """Relations per predicate: the factual ones, and the hedged (negated or hypothetical)."""
    factual: Counter[str] = Counter()
    hedged: Counter[str] = Counter()
    for _, _, d in G.edges(data=True):
        if "predicate" in d:
            bucket = hedged if d.get("negated") or d.get("hypothetical") else factual
            bucket[str(d["predicate"])] += 1
    return factual, hedged


def _predicates(factual: Counter[str], hedged: Counter[str]) -> list[tuple[str, ...]]:
    names = sorted(set(factual) | set(hedged), key=lambda p: (-factual[p] - hedged[p], p))
    rows = [(p, f"{factual[p]:,}", f"{hedged[p]:,}") for p in names]
    return [("Relations by predicate", "factual", "hedged"), *rows] if rows else []


def _outputs(outputs: Mapping[str, Path], folder: str) -> list[tuple[str, ...]]:
    out = repr(folder.rstrip("/") or "/")
    rows = [(name, how.format(out=out)) for name, how in OPEN_WITH.items() if name in outputs]
    rest = sorted(set(outputs) - set(OPEN_WITH) - _NAMED_WITH)
    if rest:
        rows.append(("also", ", ".join(rest)))
    return [(f"Outputs in {folder.rstrip('/') or '/'}/", ""), *rows]


def _section(heading: Callable[[str], str], rows: list[tuple[str, ...]]) -> list[str]:
    """A titled table: the first row is the title (and the column names), then its rows."""
    if not rows:
        return []
    title, *body = rows
    body = [("  " + r[0], *r[1:]) for r in body]
    if not any(title[1:]):  # a title alone: it need not fit the columns
        return ["", heading(title[0]), *_align(body, right=set())]
    numeric = {i for i in range(1, len(title)) if all(_is_count(r[i]) for r in body)}
    aligned = _align([title, *body], right=numeric)
    return ["", heading(aligned[0]), *aligned[1:]]


def _align(rows: list[tuple[str, ...]], *, right: set[int]) -> list[str]:
    """Columns padded to their widest cell, two spaces apart; ``right`` ones right-aligned."""
    widths = [max(len(cell) for cell in column) for column in zip(*rows, strict=True)]
    return [
        "  ".join(
            cell.rjust(w) if i in right else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]


def _common_folder(outputs: Mapping[str, Path]) -> str:
    return os.fspath(next(iter(outputs.values())).parent)


def _is_count(text: str) -> bool:
    return text.replace(",", "").isdigit()


def _plural(n: int, noun: str) -> str:
    """``"1 country"``, ``"2 countries"``; an entity type's name in lower case."""
    one = noun.lower()
    return f"{n:,} {one}" if n == 1 else f"{n:,} {_PLURAL.get(noun, one + 's')}"
