"""The Python API that notebooks use directly; the CLI is a thin layer over it."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from geokg.errors import GeoKGError, InputError
from geokg.model import Document, Extraction

__all__ = ["BuildResult", "OUTPUT_FILES", "build", "default_inputs", "extract", "iter_extractions"]

log = logging.getLogger(__name__)

#: The files ``build`` writes into its output folder, and what each one is.
OUTPUT_FILES = {
    "extraction.jsonl": "one JSON object per document: entities and relations (SCHEMA.md's contract)",
    "graph.ttl": "the knowledge graph as RDF/Turtle: direct triples plus a reified statement per relation",
    "graph.gexf": "the collapsed, weighted actor graph for Gephi and Gephi Lite",
    "graph.graphml": "the full multigraph (one edge per relation, with its sentence) as GraphML",
}


def default_inputs() -> list[Path]:
    """The embedded default input: ``seeds/`` of the current folder or of the checkout.

    Raises:
        GeoKGError: neither exists (an installed copy without the source tree).
    """
    candidates = [Path("seeds"), Path(__file__).resolve().parent.parent / "seeds"]
    for c in candidates:
        if c.is_dir():
            return [c]
    raise GeoKGError(
        "no input given and no seeds/ folder found here or beside the geokg package; "
        "name the articles to read, e.g. `geokg build articles/`"
    )


def iter_extractions(
    inputs: Sequence[str | Path],
    *,
    on_error: Callable[[InputError], None] | None = None,
    batch_size: int = 64,
    stdin=None,
) -> Iterator[Extraction]:
    """Read every input and extract it, streaming, one extraction per document.

    Args:
        inputs: files, folders (recursive), JSON Lines files or ``"-"`` for stdin.
        on_error: called with each input that cannot be read (the rest go on).
        batch_size: documents per spaCy batch.
        stdin: a text stream to read for ``"-"`` (default ``sys.stdin``).
    """
    from geokg.extract.inputs import iter_documents
    from geokg.extract.pipeline import Extractor

    extractor = Extractor(batch_size=batch_size)
    yield from extractor.extract(iter_documents(inputs, on_error=on_error, stdin=stdin))


def extract(text: str, *, doc_id: str = "text", **meta) -> Extraction:
    """Extract the actors and relations of one text.

    Example:
        >>> result = extract("Russia launched air strikes on Islamic State.")
        >>> [(r.subject, r.predicate, r.object) for r in result.relations]
        [('RUS', 'strikes', 'islamic-state')]
    """
    from geokg.extract.pipeline import Extractor

    return Extractor().extract_one(Document(doc_id, text, meta))


@dataclass
class BuildResult:
    """What :func:`build` made: the graph, and what it read or skipped."""

    graph: nx.MultiDiGraph
    documents: int = 0
    skipped: list[InputError] = field(default_factory=list)
    outputs: dict[str, Path] = field(default_factory=dict)


def build(
    inputs: Sequence[str | Path] | None = None,
    *,
    out_dir: str | Path | None = None,
    on_error: Callable[[InputError], None] | None = None,
    on_document: Callable[[Extraction], None] | None = None,
    batch_size: int = 64,
    stdin=None,
) -> BuildResult:
    """Build the knowledge graph of some articles, and write it out if asked.

    Args:
        inputs: files, folders, JSON Lines or ``"-"``; default: the seeds.
        out_dir: where to write :data:`OUTPUT_FILES` (nothing is written if None).
        on_error: called with each input that cannot be read.
        on_document: called after each document is extracted (progress).
        batch_size: documents per spaCy batch.

    Example:
        >>> result = build(["seeds"])
        >>> result.graph.has_edge("USA", "RUS")
        True
    """
    from geokg.exports import atomic_write, jsonl_line, write_gexf, write_graphml, write_turtle
    from geokg.graph import build_graph, collapse

    skipped: list[InputError] = []

    def report(err: InputError) -> None:
        skipped.append(err)
        if on_error is not None:
            on_error(err)

    count = 0
    extractions = iter_extractions(
        list(inputs) if inputs else default_inputs(), on_error=report, batch_size=batch_size, stdin=stdin
    )
    outputs: dict[str, Path] = {}

    def stream(sink) -> Iterable[Extraction]:
        nonlocal count
        for ex in extractions:
            count += 1
            if sink is not None:
                sink.write(jsonl_line(ex) + "\n")
            if on_document is not None:
                on_document(ex)
            yield ex

    if out_dir is None:
        graph = build_graph(stream(None))
    else:
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        with atomic_write(out / "extraction.jsonl") as sink:
            graph = build_graph(stream(sink))
        write_turtle(graph, out / "graph.ttl")
        write_gexf(collapse(graph), out / "graph.gexf")
        write_graphml(graph, out / "graph.graphml")
        outputs = {name: out / name for name in OUTPUT_FILES}
    log.info("built a graph of %d documents (%d inputs skipped)", count, len(skipped))
    return BuildResult(graph=graph, documents=count, skipped=skipped, outputs=outputs)
