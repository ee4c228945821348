"""Extraction on a Dask cluster, for corpora one machine cannot keep up with.

:func:`extract_distributed` sends partitions of the input (lists of
documents) to the workers of a Dask cluster as futures, a bounded number at a
time, and yields the extractions in input order, so that ``geokg build
--dask ...`` writes the same ``extraction.jsonl`` and the same graph as a
single-process run. Each worker loads the spaCy pipeline once, through
:class:`ExtractorPlugin`, when it joins.

The cluster is either an existing one (``tcp://HOST:PORT``, the scheduler's
address) or ``"local"``: a ``LocalCluster`` of worker processes on this
machine, closed at the end. Every worker needs geokg installed (the same
version as the client); the input is read by the client, so it need not be
on the workers' disks. Tasks of a worker that dies are retried elsewhere.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from typing import Any

from distributed import Client, Future, LocalCluster, WorkerPlugin, get_worker

from geokg.errors import GeoKGError, InputError
from geokg.extract.limits import DEFAULT_TIME_LIMIT
from geokg.extract.nlp import DEFAULT_MODEL
from geokg.extract.pipeline import (
    DEFAULT_BATCH_SIZE,
    batched,
    deliver,
    log_skip,
    pack,
    unpack,
)
from geokg.model import Document, Extraction

__all__ = ["LOCAL", "PLUGIN", "ExtractorPlugin", "connect", "extract_distributed"]

log = logging.getLogger(__name__)

#: The address that starts a ``LocalCluster`` instead of connecting to one.
LOCAL = "local"
#: The name of the worker plugin that holds each worker's pipeline.
PLUGIN = "geokg-extractor"
# Partitions in flight per worker: the next one is queued while one runs,
# and memory does not grow with the corpus.
_AHEAD = 2
_RETRIES = 2


class ExtractorPlugin(WorkerPlugin):
    """Loads geokg's pipeline once on each worker, as the worker starts.

    Tasks on one worker take turns on its pipeline (spaCy pipelines are not
    meant to be shared between threads): run workers with one thread each
    and as many workers as cores.
    """

    name = PLUGIN

    def __init__(
        self,
        *,
        model: str = DEFAULT_MODEL,
        batch_size: int = DEFAULT_BATCH_SIZE,
        time_limit: float | None = DEFAULT_TIME_LIMIT,
    ) -> None:
        self.model = model
        self.batch_size = batch_size
        self.time_limit = time_limit
        self.extractor: Any = None
        self.lock: Any = None

    def setup(self, worker: Any) -> None:
        from geokg.extract.pipeline import Extractor

        self.lock = threading.Lock()
        self.extractor = Extractor(
            model=self.model, batch_size=self.batch_size, time_limit=self.time_limit
        )
        log.info("worker %s loaded %s", getattr(worker, "address", "?"), self.model)

    def __getstate__(self) -> dict[str, Any]:
        # only the settings travel; each worker loads its own pipeline
        return {**self.__dict__, "extractor": None, "lock": None}


def extract_partition(documents: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The task: extract packed documents with the worker's pipeline (see :func:`pack`).

    A document that fails comes back as a packed error, in its place.
    """
    plugin = get_worker().plugins[PLUGIN]
    out: list[tuple[Any, ...]] = []
    with plugin.lock:
        docs = (unpack(d) for d in documents)
        for ex in plugin.extractor.extract(docs, on_error=lambda err: out.append(pack(err))):
            out.append(pack(ex))
    return out


def connect(address: str, *, workers: int | None = None, stack: ExitStack) -> Client:
    """A client of the cluster at ``address``, or of a new ``LocalCluster`` for ``"local"``.

    Both are closed when ``stack`` closes.

    Raises:
        GeoKGError: the scheduler cannot be reached.
    """
    if address == LOCAL:
        n = workers or os.cpu_count() or 1
        cluster = stack.enter_context(
            LocalCluster(
                n_workers=n,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                # the scheduler's HTTP routes on a free port (8787 may be taken), no dashboard
                dashboard_address=":0",
                scheduler_kwargs={"dashboard": False},
            )
        )
        return stack.enter_context(Client(cluster))
    try:
        return stack.enter_context(Client(address))
    except (OSError, TimeoutError) as exc:
        raise GeoKGError(
            f"cannot reach the Dask scheduler at {address!r}: {exc}. Start one with "
            "`dask scheduler` (and workers with `dask worker ADDRESS --nthreads 1`), "
            "or use --dask local"
        ) from exc


def extract_distributed(
    documents: Iterable[Document],
    address: str,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    partition_size: int | None = None,
    workers: int | None = None,
    model: str = DEFAULT_MODEL,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    on_error: Callable[[InputError], None] | None = None,
) -> Iterator[Extraction]:
    """Extract documents on a Dask cluster, streaming, in input order.

    Args:
        documents: the documents to extract.
        address: the scheduler (``tcp://HOST:PORT``) or ``"local"``.
        batch_size: documents per spaCy batch on the workers.
        partition_size: documents per task (default: one batch).
        workers: worker processes of a ``"local"`` cluster (default: one per core).
        model: the spaCy pipeline the workers load.
        time_limit: seconds the rules may spend on one document (see
            :mod:`geokg.extract.limits`; a worker's task threads are
            timed by a watchdog).
        on_error: called with each document that could not be extracted
            (default: a warning in the log).

    Example:
        >>> from geokg.model import Document
        >>> docs = [Document("d1", "Russia attacked Ukraine.")]
        >>> [ex.doc_id for ex in extract_distributed(docs, "local", workers=1)]  # doctest: +SKIP
        ['d1']
    """
    size = partition_size or batch_size
    report = on_error or log_skip
    with ExitStack() as stack:
        client = connect(address, workers=workers, stack=stack)
        plugin = ExtractorPlugin(model=model, batch_size=batch_size, time_limit=time_limit)
        client.register_plugin(plugin, name=PLUGIN)
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        log.info("extracting on %s with %d workers", address, n_workers)
        pending: deque[Future] = deque()
        for partition in batched(documents, size):
            packed = [pack(d) for d in partition]
            pending.append(client.submit(extract_partition, packed, pure=False, retries=_RETRIES))
            if len(pending) >= _AHEAD * n_workers:
                yield from deliver(pending.popleft().result(), report)
        while pending:
            yield from deliver(pending.popleft().result(), report)
