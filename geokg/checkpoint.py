"""Per-document checkpoints: a build that was killed resumes where it stopped.

While :func:`geokg.api.build` writes into an output folder, each document's
extraction is appended to a journal there, :data:`JOURNAL` (a hidden JSON
Lines file), and flushed before the next document is read, so a killed process
loses at most the document it was on. The outputs themselves are written
atomically at the end; the journal is removed once they are all in place.

With ``resume=True`` (``geokg build --resume``) the journal is read first: a
document whose id, text and metadata are those journaled is not extracted
again, its extraction is read back from the journal; any other document (new,
changed, or not reached before the crash) is extracted and journaled. The
extractions come out in input order either way, so the resumed build writes
the same bytes as an uninterrupted one.

Memory stays bounded: the journal index holds one digest and one file offset
per document, and a journaled extraction is read back only when it is used.
The journal is locked while a build runs, so two builds cannot write into
one folder at once.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import itertools
import json
import logging
import os
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from geokg import __version__
from geokg.errors import GeoKGError
from geokg.exports import jsonl_line
from geokg.model import Document, Extraction

if TYPE_CHECKING:
    from geokg.incremental import PreviousBuild

__all__ = ["JOURNAL", "Checkpoint", "document_key"]

logger = logging.getLogger(__name__)

#: The journal's file name in the output folder.
JOURNAL = ".geokg-checkpoint.jsonl"

# The first line of a journal; a journal of another format or geokg version is
# not resumed, since its extractions may differ from what this version makes.
_HEADER = {"geokg_checkpoint": 1, "geokg": __version__}

# What exports.atomic_write leaves behind when its process is killed:
# ".<name>.<8 hex digits>.tmp" beside the target.
_TEMPORARY = re.compile(r"\.(?P<name>.+)\.[0-9a-f]{8}\.tmp")

Extract = Callable[[Iterable[Document]], Iterator[Extraction]]


def document_key(document: Document) -> str:
    """A digest of everything an extraction depends on: id, text and metadata.

    Example:
        >>> a = document_key(Document("d1", "Russia warned Ukraine."))
        >>> a == document_key(Document("d1", "Russia warned Ukraine!"))
        False
    """
    payload = json.dumps(
        [document.doc_id, document.text, dict(document.meta)],
        ensure_ascii=False,
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


class Checkpoint:
    """The journal of one build in ``out_dir``; use it as a context manager.

    Args:
        out_dir: the build's output folder (it must exist).
        resume: reuse the extractions journaled by an earlier, interrupted
            build; without it an old journal is discarded.
        outputs: the names of the files the build writes; their temporary
            files, left half-written by a killed build, are removed.
        fingerprint: what extractions depend on besides the documents
            (:func:`geokg.incremental.fingerprint`); a journal made with
            another is not resumed.

    Attributes:
        resumed: documents whose extraction came from the journal.
        extracted: documents extracted (and journaled) by this build.
        reused: documents whose extraction came from the previous build.
        new, changed: documents to extract that the previous build did not
            have, or had with another text or metadata.

    Raises:
        GeoKGError: another build is writing into ``out_dir``, or the journal
            cannot be opened.

    Example:
        >>> import tempfile
        >>> from geokg.model import Extraction
        >>> docs = [Document("a", "Russia warned Ukraine."), Document("b", "Iran met Iraq.")]
        >>> fake = lambda batch: (Extraction(d.doc_id) for d in batch)
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     with Checkpoint(tmp) as first:
        ...         _ = next(first.run(docs, fake))  # killed after one document
        ...     with Checkpoint(tmp, resume=True) as again:
        ...         ids = [ex.doc_id for ex in again.run(docs, fake)]
        >>> ids, again.resumed, again.extracted
        (['a', 'b'], 1, 1)
    """

    def __init__(
        self,
        out_dir: str | os.PathLike[str],
        *,
        resume: bool = False,
        outputs: Iterable[str] = (),
        fingerprint: Mapping[str, str] | None = None,
    ) -> None:
        self.path = Path(out_dir) / JOURNAL
        self.resumed = 0
        self.extracted = 0
        self.reused = 0
        self.new = 0
        self.changed = 0
        #: The key of every input document read, by id, in input order.
        self.keys: dict[str, str] = {}
        # A journal of other extraction rules or options is not resumed either.
        self._header = dict(_HEADER)
        if fingerprint is not None:
            self._header["fingerprint"] = {k: v for k, v in fingerprint.items() if k != "geokg"}
        self._index: dict[str, tuple[str, int]] = {}
        try:
            self._file: IO[bytes] = open(self.path, "a+b")  # noqa: SIM115 (closed by close())
        except OSError as exc:
            raise GeoKGError(f"cannot open the checkpoint {str(self.path)!r}: {exc}") from exc
        try:
            fcntl.flock(self._file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._file.close()
            raise GeoKGError(
                f"another geokg build is writing into {str(Path(out_dir))!r}; "
                "wait for it to finish or choose another output folder (-o)"
            ) from None
        try:
            _remove_temporaries(Path(out_dir), frozenset(outputs))
            if resume:
                self._load()
            else:
                if self._file.seek(0, os.SEEK_END) > 0:
                    logger.warning(
                        "an interrupted build left a checkpoint in %s; starting over "
                        "(--resume would have continued it)",
                        self.path.parent,
                    )
                self._restart()
        except BaseException:
            self._file.close()
            raise

    # --- the journal -----------------------------------------------------------------

    def _restart(self) -> None:
        self._index.clear()
        self._file.truncate(0)
        self._append(json.dumps(self._header))

    def _load(self) -> None:
        """Index the journal; cut a line a killed build left half-written."""
        self._file.seek(0)
        header = self._file.readline()
        if not header.endswith(b"\n"):
            logger.info("no checkpoint in %s: every document is extracted", self.path.parent)
            self._restart()
            return
        if _parse(header) != self._header:
            logger.warning(
                "the checkpoint %s was made by another geokg version or with other "
                "extraction rules or options; extracting again",
                self.path,
            )
            self._restart()
            return
        good_end = self._file.tell()
        while line := self._file.readline():
            record = _parse(line) if line.endswith(b"\n") else None
            if record is None or not {"doc_id", "key", "extraction"} <= record.keys():
                break  # the end of what the killed build managed to write
            self._index[record["doc_id"]] = (record["key"], good_end)
            good_end = self._file.tell()
        self._file.truncate(good_end)
        logger.info("checkpoint %s: %d documents already extracted", self.path, len(self._index))

    def _append(self, line: str) -> int:
        """Append one line; return its offset."""
        offset = self._file.seek(0, os.SEEK_END)
        self._file.write(line.encode("utf-8") + b"\n")
        # flushed per document: a killed process keeps everything written so far
        self._file.flush()
        return offset

    def _journaled(self, offset: int) -> Extraction:
        self._file.seek(offset)
        record = json.loads(self._file.readline())
        return Extraction.from_json(record["extraction"])

    def _record(self, extraction: Extraction, key: str) -> None:
        doc_id = json.dumps(extraction.doc_id, ensure_ascii=False)
        # jsonl_line raises ExportError on a value JSON cannot hold, as extraction.jsonl would
        line = f'{{"doc_id": {doc_id}, "key": "{key}", "extraction": {jsonl_line(extraction)}}}'
        self._index[extraction.doc_id] = (key, self._append(line))
        self.extracted += 1

    # --- a build ---------------------------------------------------------------------

    def run(
        self,
        documents: Iterable[Document],
        extract: Extract,
        *,
        previous: PreviousBuild | None = None,
    ) -> Iterator[Extraction]:
        """The extraction of every document, in input order, journaled as it comes.

        ``extract`` turns a stream of documents into their extractions in
        order (it may leave a document out, e.g. one past the time limit); it
        is called once, and only if some document is neither journaled nor
        unchanged since the ``previous`` build, so a build that has nothing new
        to extract does not load spaCy.
        """
        # The input order of what ``unknown`` has read but ``run`` not yielded yet:
        # the journal offset of a resumed document, the id of one the previous
        # build extracted, (doc id, key) of one to extract.
        pending: deque[int | str | tuple[str, str]] = deque()

        def unknown() -> Iterator[Document]:
            for document in documents:
                key = document_key(document)
                doc_id = document.doc_id
                self.keys[doc_id] = key
                known = self._index.get(doc_id)
                before = previous.key(doc_id) if previous is not None else None
                if known is not None and known[0] == key:
                    pending.append(known[1])
                elif before == key:
                    pending.append(doc_id)
                else:
                    if before is None:
                        self.new += 1
                    else:
                        self.changed += 1
                    pending.append((doc_id, key))
                    yield document

        fresh = unknown()
        first = next(fresh, None)
        if first is not None:
            for extraction in extract(itertools.chain([first], fresh)):
                yield from self._in_order(pending, extraction, previous)
        yield from self._in_order(pending, None, previous)

    def _in_order(
        self,
        pending: deque[int | str | tuple[str, str]],
        extraction: Extraction | None,
        previous: PreviousBuild | None,
    ) -> Iterator[Extraction]:
        """The known extractions ahead of ``extraction`` in ``pending``, then it."""
        while pending:
            head = pending.popleft()
            if isinstance(head, int):
                self.resumed += 1
                yield self._journaled(head)
            elif isinstance(head, str):
                assert previous is not None
                self.reused += 1
                yield previous.read(head)
            elif extraction is not None and head[0] == extraction.doc_id:
                self._record(extraction, head[1])
                yield extraction
                return
            # else: ``extract`` left that document out (and reported why)

    def finish(self) -> None:
        """The build's outputs are complete: remove the journal."""
        self.path.unlink(missing_ok=True)
        self.close()

    def close(self) -> None:
        if not self._file.closed:
            self._file.close()

    def __enter__(self) -> Checkpoint:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _parse(line: bytes) -> dict[str, Any] | None:
    try:
        record = json.loads(line)
    except ValueError:
        return None
    return record if isinstance(record, dict) else None


def _remove_temporaries(folder: Path, names: frozenset[str]) -> None:
    """Remove the temporary files a killed build left beside its outputs."""
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            match = _TEMPORARY.fullmatch(entry.name)
            if match and match["name"] in names and entry.is_file(follow_symlinks=False):
                logger.info("removing %s, left half-written by a killed build", entry.path)
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
