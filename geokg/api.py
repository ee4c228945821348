"""The Python API that notebooks use directly; the CLI is a thin layer over it."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from geokg.errors import GeoKGError, InputError
from geokg.extract.limits import DEFAULT_TIME_LIMIT
from geokg.kg import GRAPH_FILES, KnowledgeGraph
from geokg.model import Document, Extraction

if TYPE_CHECKING:
    from geokg.checkpoint import Checkpoint

__all__ = ["OUTPUT_FILES", "build", "default_inputs", "extract", "iter_extractions"]

log = logging.getLogger(__name__)

#: The files ``build`` writes into its output folder, and what each one is.
OUTPUT_FILES = {
    "extraction.jsonl": (
        "one JSON object per document: entities and relations (SCHEMA.md's contract)"
    ),
    **GRAPH_FILES,  # KnowledgeGraph.save(): graph.json, .ttl, .gexf, -collapsed.gexf, ...
    "ontology.ttl": "the geokg ontology (classes, predicates with PLOVER and CAMEO codes), Turtle",
}


def _write_ontology(out: Path) -> dict[str, Path]:
    from geokg.exports import write_ontology

    write_ontology(out / "ontology.ttl")
    return {"ontology.ttl": out / "ontology.ttl"}


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
    batch_size: int = 256,
    processes: int = 1,
    dask: str | None = None,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    checkpoint: Checkpoint | None = None,
    stdin=None,
) -> Iterator[Extraction]:
    """Read every input and extract it, streaming, one extraction per document.

    Args:
        inputs: files, folders (recursive), JSON Lines files or ``"-"`` for stdin.
        on_error: called with each input that cannot be read (the rest go on).
        batch_size: documents per spaCy batch.
        processes: worker processes on this machine (1: in this process).
        dask: extract on a Dask cluster instead: its scheduler address
            (``tcp://HOST:PORT``) or ``"local"`` (see :mod:`geokg.distributed`).
        time_limit: seconds the rules may spend on one document; one that
            takes longer is reported to ``on_error`` and left out (None: no limit).
        checkpoint: a :class:`~geokg.checkpoint.Checkpoint`: the documents it
            holds are read back from it, the others extracted and recorded in it.
        stdin: a text stream to read for ``"-"`` (default ``sys.stdin``).
    """
    from geokg.extract.inputs import iter_documents

    documents = iter_documents(inputs, on_error=on_error, stdin=stdin)
    extract = partial(
        _extract_documents,
        on_error=on_error,
        batch_size=batch_size,
        processes=processes,
        dask=dask,
        time_limit=time_limit,
    )
    yield from extract(documents) if checkpoint is None else checkpoint.run(documents, extract)


def _extract_documents(
    documents: Iterable[Document],
    *,
    on_error: Callable[[InputError], None] | None,
    batch_size: int,
    processes: int,
    dask: str | None,
    time_limit: float | None,
) -> Iterator[Extraction]:
    from geokg.extract.pipeline import Extractor

    if dask:
        from geokg.distributed import extract_distributed

        yield from extract_distributed(
            documents,
            dask,
            batch_size=batch_size,
            workers=processes if processes > 1 else None,
            time_limit=time_limit,
            on_error=on_error,
        )
        return
    extractor = Extractor(batch_size=batch_size, n_process=processes, time_limit=time_limit)
    yield from extractor.extract(documents, on_error=on_error)


def extract(text: str, *, doc_id: str = "text", **meta) -> Extraction:
    """Extract the actors and relations of one text.

    Example:
        >>> result = extract("Russia launched air strikes on Islamic State.")
        >>> [(r.subject, r.predicate, r.object) for r in result.relations]
        [('RUS', 'strikes', 'islamic-state')]
    """
    from geokg.extract.pipeline import Extractor

    return Extractor().extract_one(Document(doc_id, text, meta))


def build(
    inputs: Sequence[str | Path] | None = None,
    *,
    out_dir: str | Path | None = None,
    on_error: Callable[[InputError], None] | None = None,
    on_document: Callable[[Extraction], None] | None = None,
    batch_size: int = 256,
    processes: int = 1,
    dask: str | None = None,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    resume: bool = False,
    stdin=None,
) -> KnowledgeGraph:
    """Build the knowledge graph of some articles, and write it out if asked.

    Args:
        inputs: files, folders, JSON Lines or ``"-"``; default: the seeds.
        out_dir: where to write :data:`OUTPUT_FILES` (nothing is written if None).
        on_error: called with each input that cannot be read.
        on_document: called after each document is extracted (progress).
        batch_size: documents per spaCy batch.
        processes: worker processes on this machine (1: in this process).
        dask: a Dask scheduler address (``tcp://HOST:PORT``) or ``"local"``
            to extract on a Dask cluster; the graph is the same.
        time_limit: seconds the rules may spend on one document; one that
            takes longer is skipped and reported (None: no limit).
        resume: continue a build into ``out_dir`` that was interrupted: the
            documents it extracted are not extracted again (see
            :mod:`geokg.checkpoint`). Without it, each document is extracted.

    Returns:
        the :class:`~geokg.kg.KnowledgeGraph`, with the inputs it ``skipped``
        and the ``outputs`` it wrote.

    Example:
        >>> kg = build(["seeds"])
        >>> kg.nx.has_edge("USA", "RUS"), kg.documents
        (True, ('000_65ef862550bf1d40.txt',))
    """
    from geokg.checkpoint import Checkpoint
    from geokg.exports import atomic_write, jsonl_line
    from geokg.graph import build_graph

    skipped: list[InputError] = []

    def report(err: InputError) -> None:
        skipped.append(err)
        if on_error is not None:
            on_error(err)

    count = 0
    source = list(inputs) if inputs else default_inputs()
    options = dict(
        on_error=report,
        batch_size=batch_size,
        processes=processes,
        dask=dask,
        time_limit=time_limit,
        stdin=stdin,
    )
    outputs: dict[str, Path] = {}

    def stream(extractions: Iterable[Extraction], sink) -> Iterable[Extraction]:
        nonlocal count
        for ex in extractions:
            count += 1
            if sink is not None:
                sink.write(jsonl_line(ex) + "\n")
            if on_document is not None:
                on_document(ex)
            yield ex

    if out_dir is None:
        if resume:
            raise GeoKGError("resume=True needs out_dir, the folder of the interrupted build")
        graph = build_graph(stream(iter_extractions(source, **options), None))
    else:
        out = Path(out_dir)
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise GeoKGError(
                f"cannot create the output folder {str(out)!r}: {exc.strerror or exc}; "
                "choose another folder (-o)"
            ) from exc
        # Every extraction is journaled as it comes, so a killed build can resume.
        with Checkpoint(out, resume=resume, outputs=OUTPUT_FILES) as checkpoint:
            extractions = iter_extractions(source, checkpoint=checkpoint, **options)
            with atomic_write(out / "extraction.jsonl") as sink:
                graph = build_graph(stream(extractions, sink))
            outputs = {"extraction.jsonl": out / "extraction.jsonl"}
            outputs.update(KnowledgeGraph(graph).save(out))
            outputs.update(_write_ontology(out))
            checkpoint.finish()
        if checkpoint.resumed:
            log.info(
                "resumed: %d documents from the checkpoint, %d extracted",
                checkpoint.resumed,
                checkpoint.extracted,
            )
    log.info("built a graph of %d documents (%d inputs skipped)", count, len(skipped))
    return KnowledgeGraph(graph, skipped=skipped, outputs=outputs)
