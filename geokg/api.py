"""The Python API that notebooks use directly; the CLI is a thin layer over it."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geokg.errors import GeoKGError, InputError
from geokg.extract.limits import DEFAULT_TIME_LIMIT
from geokg.kg import GRAPH_FILES, KnowledgeGraph
from geokg.model import Document, Extraction

if TYPE_CHECKING:
    from geokg.checkpoint import Checkpoint
    from geokg.incremental import BuildReport, PreviousBuild

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
    """The embedded default input: the seed article that ships inside the package.

    An installed geokg (``pip install .``) reads ``geokg/seeds/`` of its own
    package data; a source checkout (or an editable install) reads the
    checkout's ``seeds/``, the user-visible copy that the wheel packs. The
    current folder plays no part, so ``geokg build`` reads the same article
    from any folder.

    Raises:
        GeoKGError: neither exists (a copy of the package without its data).

    Example:
        >>> [p.name for p in default_inputs()[0].iterdir()]
        ['000_65ef862550bf1d40.txt']
    """
    package = Path(__file__).resolve().parent
    for folder in (package / "seeds", package.parent / "seeds"):
        if folder.is_dir():
            return [folder]
    raise GeoKGError(
        "no input given and the seed article is missing from this geokg installation "
        f"(looked in {package / 'seeds'}); name the articles to read, "
        "e.g. `geokg build articles/`"
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
    previous: PreviousBuild | None = None,
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
        previous: with ``checkpoint``, the :class:`~geokg.incremental.PreviousBuild`
            whose unchanged documents are read back rather than extracted.
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
    if checkpoint is None:
        yield from extract(documents)
    else:
        yield from checkpoint.run(documents, extract, previous=previous)


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
    with Extractor(batch_size=batch_size, n_process=processes, time_limit=time_limit) as extractor:
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
    prune: bool = False,
    stdin=None,
) -> KnowledgeGraph:
    """Build the knowledge graph of some articles, and write it out if asked.

    A build into a folder that holds a previous build is incremental: the
    extraction of every input document whose id, text and metadata are
    unchanged is reused, only new and changed ones are extracted, and the
    previous build's documents that are not among the inputs are kept (after
    the inputs) unless ``prune``. The outputs are those of a full build of
    the inputs followed by the inputs of the earlier builds, byte for byte
    (see :mod:`geokg.incremental`); the store ``OUT/store/`` gets only the
    triples that changed (:mod:`geokg.triplestore`).

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
            :mod:`geokg.checkpoint`). Without it, an interrupted build's
            checkpoint is not used (the previous complete build still is).
        prune: leave out the documents of the previous build in ``out_dir``
            that are not among the inputs.

    Returns:
        the :class:`~geokg.kg.KnowledgeGraph`, with the inputs it ``skipped``,
        the ``outputs`` it wrote and, with ``out_dir``, a ``report``
        (:class:`~geokg.incremental.BuildReport`: new, changed, unchanged, ...).

    Raises:
        GeoKGError: the previous build in ``out_dir`` was made with another
            geokg version, extraction rules or options, it holds documents
            that are not among the inputs, and ``prune`` is not set (their
            text is not there to extract again: nothing is written).

    Example:
        >>> kg = build()                   # the seed article
        >>> kg.nx.has_edge("USA", "RUS"), kg.documents
        (True, ('000_65ef862550bf1d40.txt',))
    """
    from geokg.graph import build_graph

    skipped: list[InputError] = []

    def note_skip(err: InputError) -> None:
        skipped.append(err)
        if on_error is not None:
            on_error(err)

    count = 0
    source = list(inputs) if inputs else default_inputs()
    options = dict(
        on_error=note_skip,
        batch_size=batch_size,
        processes=processes,
        dask=dask,
        time_limit=time_limit,
        stdin=stdin,
    )
    outputs: dict[str, Path] = {}

    def stream(extractions: Iterable[Extraction]) -> Iterator[Extraction]:
        nonlocal count
        for ex in extractions:
            count += 1
            if on_document is not None:
                on_document(ex)
            yield ex

    report = None
    if out_dir is None:
        if resume:
            raise GeoKGError("resume=True needs out_dir, the folder of the interrupted build")
        if prune:
            raise GeoKGError("prune=True needs out_dir, the folder of the previous build")
        graph = build_graph(stream(iter_extractions(source, **options)))
    else:
        out = Path(out_dir)
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise GeoKGError(
                f"cannot create the output folder {str(out)!r}: {exc.strerror or exc}; "
                "choose another folder (-o)"
            ) from exc
        graph, outputs, report = _build_into(out, source, stream, options, resume, prune)
    log.info("built a graph of %d documents (%d inputs skipped)", count, len(skipped))
    return KnowledgeGraph(graph, skipped=skipped, outputs=outputs, report=report)


def _build_into(
    out: Path,
    source: list[str | Path],
    stream: Callable[[Iterable[Extraction]], Iterator[Extraction]],
    options: dict[str, Any],
    resume: bool,
    prune: bool,
) -> tuple[Any, dict[str, Path], BuildReport]:
    """:func:`build` into a folder: incremental, journaled, the store updated last."""
    from geokg.checkpoint import Checkpoint
    from geokg.exports import atomic_write, jsonl_line
    from geokg.graph import build_graph
    from geokg.incremental import (
        BuildReport,
        IndexWriter,
        PreviousBuild,
        fingerprint,
        remove_old_indexes,
    )
    from geokg.triplestore import previous_graph, update_store

    fp = fingerprint(time_limit=options["time_limit"])
    counts = {"kept": 0, "removed": 0}
    # Every extraction is journaled as it comes, so a killed build can resume.
    with (
        Checkpoint(out, resume=resume, outputs=OUTPUT_FILES, fingerprint=fp) as checkpoint,
        PreviousBuild(out, fingerprint=fp) as previous,
    ):
        if previous.reason:
            log.warning("%s: %s", out, previous.reason)
        extractions = iter_extractions(source, checkpoint=checkpoint, previous=previous, **options)

        def everything(index: IndexWriter) -> Iterator[Extraction]:
            for ex in stream(extractions):
                index.write(ex.doc_id, checkpoint.keys[ex.doc_id], jsonl_line(ex))
                yield ex
            seen = checkpoint.keys.__contains__
            lost = [d for d in previous.stale if not seen(d)]
            if lost and not prune:
                raise GeoKGError(
                    f"{str(out)!r} holds {len(lost):,} documents of an earlier build that are "
                    f"not among the inputs ({lost[0]!r}, ...), and {previous.reason}: their "
                    "extractions cannot be reused, and their text is not there to extract "
                    "again. Give their inputs again with the new ones, or add --prune to build "
                    "these inputs alone (the extractions made so far are kept for --resume)"
                )
            if prune:
                counts["removed"] = sum(1 for d in previous.documents if not seen(d))
                return
            for ex in stream(previous.kept(seen)):
                counts["kept"] += 1
                index.write(ex.doc_id, previous.documents[ex.doc_id].key, jsonl_line(ex))
                yield ex

        with atomic_write(out / "extraction.jsonl", "wb") as sink:
            index = IndexWriter(sink, fingerprint=fp)
            graph = build_graph(everything(index))
            # before extraction.jsonl is renamed: a build killed in between finds its index
            index_path = index.finish(out)
        before = previous_graph(out)  # what the store holds, read before graph.json is replaced
        outputs = {"extraction.jsonl": out / "extraction.jsonl"}
        outputs.update(KnowledgeGraph(graph).save(out))
        outputs.update(_write_ontology(out))
        store = update_store(out, graph, previous=before)
        remove_old_indexes(out, index_path)
        checkpoint.finish()
    if checkpoint.resumed:
        log.info(
            "resumed: %d documents from the checkpoint, %d extracted",
            checkpoint.resumed,
            checkpoint.extracted,
        )
    report = BuildReport(
        new=checkpoint.new,
        changed=checkpoint.changed,
        unchanged=checkpoint.reused,
        resumed=checkpoint.resumed,
        kept=counts["kept"],
        removed=counts["removed"],
        extracted=checkpoint.extracted,
        reason=previous.reason,
        store=store,
    )
    log.info("incremental build: %s; %d extracted", report.summary(), report.extracted)
    return graph, outputs, report
