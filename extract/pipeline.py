"""From documents to extractions: spaCy, then actors, then relations.

:class:`Extractor` streams documents through ``nlp.pipe`` in batches and
yields one :class:`~geokg.model.Extraction` per document; no list of spaCy
``Doc`` objects is ever held. With ``n_process > 1`` it runs a pool of
worker processes, each loading the pipeline once and turning a batch of
documents into extractions; only documents and extractions cross process
boundaries, a bounded number of batches at a time, and the results come back
in input order.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from functools import cached_property, lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from geokg.errors import GeoKGError, InputError, TimeLimitError
from geokg.extract.actors import find_actors
from geokg.extract.annotate import annotate_events
from geokg.extract.coref import joined_meetings, quote_speakers, resolve_pronouns, titled_persons
from geokg.extract.gazetteer import Gazetteer, load_gazetteer
from geokg.extract.headlines import reparse_headlines
from geokg.extract.issuer import PUBLISHER_KEYS, statement_issuers
from geokg.extract.lexicon import Lexicon, load_lexicon
from geokg.extract.limits import DEFAULT_TIME_LIMIT, time_limit
from geokg.extract.nlp import (
    DEFAULT_MODEL,
    load_pipeline,
    numpy_blas_wanted,
    one_blas_thread,
    use_numpy_blas,
)
from geokg.extract.relations import affiliation_relations, extract_relations
from geokg.model import Document, Extraction

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "Extractor",
    "batched",
    "deliver",
    "extract_text",
    "log_skip",
    "pack",
    "unpack",
]

log = logging.getLogger(__name__)

ErrorHandler = Callable[[InputError], None]

#: Documents per ``nlp.pipe`` batch: the fastest size measured (PERF_NOTES.md);
#: larger batches are slower and hold more memory.
DEFAULT_BATCH_SIZE = 256
# Batches in flight per worker process: enough to keep every worker busy,
# few enough that memory does not grow with the corpus.
_AHEAD = 2
# Surface forms whose gazetteer answers are remembered (names repeat across documents).
_MEMO_SIZE = 1 << 16


class Extractor:
    """Turns documents into extractions with one loaded pipeline.

    Args:
        model: the spaCy pipeline package to load.
        batch_size: documents per ``nlp.pipe`` batch.
        n_process: worker processes (1: extract in this process).
        time_limit: seconds the rules may spend on one document (None: no
            limit); see :mod:`geokg.extract.limits`.

    Example:
        >>> ex = Extractor()
        >>> result = ex.extract_one(Document("d1", "Russia attacked Ukraine."))
        >>> [(r.subject, r.predicate, r.object) for r in result.relations]
        [('RUS', 'strikes', 'UKR')]
    """

    def __init__(
        self,
        *,
        model: str = DEFAULT_MODEL,
        batch_size: int = DEFAULT_BATCH_SIZE,
        n_process: int = 1,
        time_limit: float | None = DEFAULT_TIME_LIMIT,
    ) -> None:
        if batch_size < 1 or n_process < 1:
            raise GeoKGError(
                f"batch_size and n_process must be at least 1, got {batch_size} and {n_process}"
            )
        self.model = model
        self.batch_size = batch_size
        self.n_process = n_process
        self.time_limit = time_limit
        self._pool: ProcessPoolExecutor | None = None
        if n_process == 1:
            # load now, not inside the first document and its time limit; with
            # worker processes the workers load and this process only if asked
            self._load()

    def _load(self) -> None:
        self.nlp, self.gazetteer, self.lexicon  # noqa: B018 (cached properties)
        _load_tables()

    @cached_property
    def nlp(self) -> Language:
        """The spaCy pipeline (loaded on first use when worker processes do the work)."""
        nlp = load_pipeline(self.model)
        if numpy_blas_wanted():
            use_numpy_blas(nlp)  # the pipeline is shared: layers it grew elsewhere
        return nlp

    @cached_property
    def gazetteer(self) -> Gazetteer:
        """The country and actor tables, their string look-ups remembered."""
        return _Memoized(load_gazetteer())  # type: ignore[return-value]

    @cached_property
    def lexicon(self) -> Lexicon:
        """The rules' word tables."""
        return load_lexicon()

    def start(self) -> Extractor:
        """Load now: this process's pipeline, or every worker process with its own.

        Extraction starts them when needed anyway; call this to pay the start-up
        before the first documents come (a benchmark, a server).
        """
        if self.n_process == 1:
            self._load()
            return self
        pool = self._worker_pool()
        # each worker runs its initializer (loading) before its first task
        for future in [pool.submit(_ready) for _ in range(self.n_process)]:
            future.result()
        return self

    def close(self) -> None:
        """Stop the worker processes, if any (an extractor left open stops them at exit)."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Extractor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def from_doc(self, doc: Doc, document: Document) -> Extraction:
        """The extraction of one already parsed document."""
        reparse_headlines(doc, self.nlp)
        index = find_actors(doc, self.gazetteer, self.lexicon)
        publisher = next(
            (str(document.meta[k]) for k in PUBLISHER_KEYS if document.meta.get(k)), None
        )
        issuers = statement_issuers(doc, index, self.lexicon, self.gazetteer, publisher=publisher)
        speakers = quote_speakers(doc, index, self.lexicon)
        joined_meetings(index)
        titled_persons(index)
        resolve_pronouns(index, self.lexicon, speakers, issuers=issuers)
        relations = list(
            extract_relations(doc, index, self.lexicon, doc_id=document.doc_id, speakers=speakers)
        )
        relations += affiliation_relations(index, doc_id=document.doc_id)
        used = {r.subject for r in relations} | {r.object for r in relations}
        # where and how many: a relation's location and magnitude, the places' points
        located, entities = annotate_events(
            doc,
            index,
            relations,
            index.to_entities(self.gazetteer, used=used),
            gazetteer=self.gazetteer,
            lex=self.lexicon,
        )
        return Extraction(
            doc_id=document.doc_id, entities=entities, relations=located, meta=document.meta
        )

    def extract(
        self, documents: Iterable[Document], *, on_error: ErrorHandler | None = None
    ) -> Iterator[Extraction]:
        """Extract every document, streaming, in input order.

        A document whose rules run past ``time_limit``, or fail, is reported
        to ``on_error`` (default: a warning in the log) and left out; the
        others go on.
        """
        report = on_error or log_skip
        if self.n_process > 1:
            yield from self._extract_pool(documents, report)
            return
        pairs = ((d.text, d) for d in documents)
        if numpy_blas_wanted():
            use_numpy_blas(self.nlp)  # layers made while the pipeline ran outside extract()
        with one_blas_thread():
            parsed = self.nlp.pipe(pairs, as_tuples=True, batch_size=self.batch_size)
            for chunk in batched(parsed, self.batch_size):
                # the batch's Title Case headlines, parsed again together
                reparse_headlines([doc for doc, _ in chunk], self.nlp)
                for doc, document in chunk:
                    extraction = self._checked(doc, document, report)
                    if extraction is not None:
                        yield extraction

    def _checked(self, doc: Doc, document: Document, report: ErrorHandler) -> Extraction | None:
        """:meth:`from_doc` within the time limit; a document that fails is reported."""
        source = str(document.meta.get("source", document.doc_id))
        try:
            with time_limit(self.time_limit, source=source):
                return self.from_doc(doc, document)
        except TimeLimitError as err:
            report(err)
        except Exception as exc:  # a rule tripped by one document must not stop the run
            log.debug("extracting %s failed", source, exc_info=True)
            report(
                InputError(
                    source,
                    f"extraction failed ({type(exc).__name__}: {exc}); this is a bug in "
                    "geokg, please report it with the document",
                )
            )
        return None

    def extract_batch(self, documents: Iterable[Document]) -> list[Extraction]:
        """Extract a batch of documents at once (what a worker process or Dask task does)."""
        return list(self.extract(documents))

    def extract_one(self, document: Document) -> Extraction:
        """Extract a single document."""
        with one_blas_thread():
            doc = self.nlp(document.text)
        return self.from_doc(doc, document)

    def _worker_pool(self) -> ProcessPoolExecutor:
        """The worker processes, started on first use and kept for later calls."""
        if self._pool is None:
            # spawn, not fork: a forked copy of a process with threads (progress
            # bars, Dask clients) can deadlock, and spawn behaves the same everywhere.
            self._pool = ProcessPoolExecutor(
                self.n_process,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(self.model, self.batch_size, self.time_limit),
            )
        return self._pool

    def _extract_pool(
        self, documents: Iterable[Document], report: ErrorHandler
    ) -> Iterator[Extraction]:
        pool = self._worker_pool()
        pending: deque[Future[list[tuple[Any, ...]]]] = deque()
        try:
            for batch in batched(documents, self.batch_size):
                pending.append(pool.submit(_extract_packed, [pack(d) for d in batch]))
                if len(pending) >= _AHEAD * self.n_process:
                    yield from deliver(pending.popleft().result(), report)
            while pending:
                yield from deliver(pending.popleft().result(), report)
        except BaseException:
            self.close()  # a broken or abandoned pool is not reused
            raise
        finally:
            for future in pending:
                future.cancel()


def _load_tables() -> None:
    """Load the tables the rules read (once per process), so the first document does not.

    They would load on first use, in the middle of a document (1.7 s: places,
    derived actors, city names), counted against its time limit and making a
    cold process slower than a warm one on the same input.
    """
    from geokg.extract import actors
    from geokg.extract.derived import load_derived_actors
    from geokg.extract.geodata import load_geodata

    load_geodata()
    load_derived_actors()
    actors._cities()


class _Memoized:
    """The gazetteer, with its string look-ups remembered.

    ``lookup``, ``kind`` and ``candidates`` are pure functions of the surface
    form over fixed tables, and the actor rules ask about the same names in
    document after document; everything else goes to the gazetteer itself.
    """

    def __init__(self, gazetteer: Gazetteer) -> None:
        self._gazetteer = gazetteer
        self.lookup = lru_cache(_MEMO_SIZE)(gazetteer.lookup)
        self.kind = lru_cache(_MEMO_SIZE)(gazetteer.kind)
        self.candidates = lru_cache(_MEMO_SIZE)(gazetteer.candidates)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._gazetteer, name)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._gazetteer)

    def __len__(self) -> int:
        return len(self._gazetteer)

    def __contains__(self, id: object) -> bool:
        return id in self._gazetteer


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Consecutive lists of ``size`` items (the last one shorter)."""
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch


def pack(record: Document | Extraction | InputError) -> tuple[Any, ...]:
    """A picklable tuple of a document, extraction or error (``meta`` is a read-only proxy)."""
    if isinstance(record, Document):
        return ("doc", record.doc_id, record.text, dict(record.meta))
    if isinstance(record, InputError):
        return ("err", record.source, record.reason)
    return ("ext", record.doc_id, record.entities, record.relations, dict(record.meta))


def unpack(packed: tuple[Any, ...]) -> Document | Extraction | InputError:
    """The document, extraction or error of :func:`pack`."""
    kind, *fields = packed
    if kind == "err":
        return InputError(*fields)
    return Document(*fields) if kind == "doc" else Extraction(*fields)


def deliver(packed: list[tuple[Any, ...]], report: ErrorHandler) -> Iterator[Extraction]:
    """A worker's packed results in order: extractions yielded, errors reported."""
    for item in map(unpack, packed):
        if isinstance(item, InputError):
            report(item)
        else:
            yield item  # type: ignore[misc]


def log_skip(error: InputError) -> None:
    """The default error handler: a warning in the log."""
    log.warning("skipped %s: %s", error.source, error.reason)


_worker: Extractor | None = None


def _start_worker(model: str, batch_size: int, time_limit: float | None) -> None:
    global _worker
    _worker = Extractor(model=model, batch_size=batch_size, time_limit=time_limit)


def _ready() -> bool:
    """A task that returns once the worker has loaded (its initializer ran)."""
    return _worker is not None


def _extract_packed(documents: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    assert _worker is not None, "worker process started without _start_worker"
    out: list[tuple[Any, ...]] = []
    # an error is reported before the next extraction comes, so ``out`` keeps input order
    docs = (unpack(d) for d in documents)
    for ex in _worker.extract(docs, on_error=lambda err: out.append(pack(err))):  # type: ignore[arg-type]
        out.append(pack(ex))
    return out


def extract_text(text: str, *, doc_id: str = "text") -> Extraction:
    """Extract one text with the default pipeline.

    Example:
        >>> ex = extract_text("The United States warned Russia.")
        >>> [e.id for e in ex.entities]
        ['USA', 'RUS']
    """
    return Extractor().extract_one(Document(doc_id, text))
