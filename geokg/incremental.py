"""Incremental builds: what a build into a folder reuses from the build before it.

A build into a folder that holds a previous build reads the previous
``extraction.jsonl`` through its index, ``store/documents-<digest>.jsonl``
(one line per document: id, the digest of its id, text and metadata, and
where its line is), and reuses the extraction of every input document whose
digest is unchanged (:func:`geokg.checkpoint.document_key`). Documents of the
previous build that are not among the inputs are kept, after the inputs and
in their earlier order, unless the build prunes them. So a build into a
folder gives the outputs of a full build of its inputs followed by the inputs
of the builds before it (an id seen twice keeps its first document, as in any
build), byte for byte.

The index is named by the SHA-256 of the ``extraction.jsonl`` it describes
and written before that file is renamed into place, so a build killed between
the two still finds the right index. It records a :func:`fingerprint` of what
an extraction depends on (geokg, its extraction rules and data, spaCy and the
model, the time limit): when that differs, nothing is reused and the build
says why.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import IO, Any

from geokg import __version__
from geokg.errors import GeoKGError
from geokg.exports import atomic_write
from geokg.model import Extraction
from geokg.triplestore import STORE, file_digest

__all__ = ["BuildReport", "IndexWriter", "PreviousBuild", "fingerprint", "remove_old_indexes"]

logger = logging.getLogger(__name__)

_INDEX = "documents-{}.jsonl"
_HEADER = "geokg_index"


@cache
def _extractor_digest() -> str:
    """A digest of the extraction rules: the code and data files of ``geokg.extract``."""
    import geokg.extract

    root = Path(geokg.extract.__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "absent"


def fingerprint(*, time_limit: float | None) -> dict[str, str]:
    """What a document's extraction depends on besides the document itself.

    geokg's version, a digest of its extraction code and data (the cue table,
    the gazetteer, ...), spaCy's and the model's versions, and the time limit
    (a document past it is left out). ``-j``, ``--dask`` and ``--batch-size``
    are not in it: they do not change an extraction (tests/test_processes.py).

    Example:
        >>> sorted(fingerprint(time_limit=60))
        ['extractor', 'geokg', 'model', 'spacy', 'time_limit']
    """
    from geokg.extract.nlp import DEFAULT_MODEL

    return {
        "geokg": __version__,
        "extractor": _extractor_digest(),
        "spacy": _version("spacy"),
        "model": f"{DEFAULT_MODEL} {_version(DEFAULT_MODEL.replace('_', '-'))}",
        "time_limit": "none" if time_limit is None else f"{time_limit:g}",
    }


def _differences(old: Mapping[str, Any], new: Mapping[str, str]) -> str:
    names = {
        "geokg": "geokg version",
        "extractor": "extraction rules or data",
        "spacy": "spaCy version",
        "model": "model",
        "time_limit": "time limit",
    }
    changed = [
        f"{names.get(k, k)} {old.get(k)} -> {new.get(k)}"
        for k in sorted(new.keys() | old.keys())
        if old.get(k) != new.get(k)
    ]
    return ", ".join(changed)


@dataclass(frozen=True)
class _Entry:
    key: str
    offset: int
    length: int


class PreviousBuild:
    """The extractions of the previous build in an output folder, read on demand.

    Args:
        out_dir: the output folder.
        fingerprint: this build's :func:`fingerprint`; a previous build made
            with another is not reused (:attr:`reason` says why).

    Attributes:
        documents: doc id -> where its extraction is, in the previous order.
        reason: why the previous build cannot be reused ("" when it can, or
            when there is none).
        stale: documents a previous build with another fingerprint holds (they
            cannot be kept, having no text here to extract again).
    """

    def __init__(self, out_dir: str | os.PathLike[str], *, fingerprint: Mapping[str, str]) -> None:
        self.out = Path(out_dir)
        self.documents: dict[str, _Entry] = {}
        self.reason = ""
        self.stale: tuple[str, ...] = ()
        self._file: IO[bytes] | None = None
        sha = file_digest(self.out / "extraction.jsonl")
        if sha is None:
            return
        index = self.out / STORE / _INDEX.format(sha[:16])
        try:
            lines = index.read_text(encoding="utf-8").splitlines()
            header = json.loads(lines[0])
            records = [json.loads(line) for line in lines[1:]]
        except (OSError, ValueError, IndexError):
            self.reason = (
                "extraction.jsonl has no index in store/ (written by an older geokg, or "
                "changed by hand): every document is extracted"
            )
            return
        if not isinstance(header, dict) or header.get(_HEADER) != 1 or header.get("sha256") != sha:
            self.reason = f"the index {index.name} is not that of extraction.jsonl"
            return
        ids = tuple(str(r[0]) for r in records)
        if header.get("fingerprint") != dict(fingerprint):
            changed = _differences(header.get("fingerprint") or {}, fingerprint)
            self.reason = f"the previous build was made with another {changed}"
            self.stale = ids
            return
        self.documents = {str(r[0]): _Entry(str(r[1]), int(r[2]), int(r[3])) for r in records}
        self._file = open(self.out / "extraction.jsonl", "rb")  # noqa: SIM115 (closed by close())

    def key(self, doc_id: str) -> str | None:
        entry = self.documents.get(doc_id)
        return entry.key if entry else None

    def read(self, doc_id: str) -> Extraction:
        """The previous extraction of a document of :attr:`documents`."""
        entry = self.documents[doc_id]
        assert self._file is not None
        self._file.seek(entry.offset)
        record = json.loads(self._file.read(entry.length))
        if record.get("doc_id") != doc_id:
            raise GeoKGError(
                f"{self.out / 'extraction.jsonl'} changed while it was read; build again"
            )
        return Extraction.from_json(record)

    def kept(self, seen: Callable[[str], bool]) -> Iterator[Extraction]:
        """The previous extractions of documents not ``seen`` among the inputs, in order."""
        for doc_id in self.documents:
            if not seen(doc_id):
                yield self.read(doc_id)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def __enter__(self) -> PreviousBuild:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class IndexWriter:
    """Writes ``extraction.jsonl`` line by line, and its index beside it.

    Use it inside the ``atomic_write`` of ``extraction.jsonl`` (binary mode):
    :meth:`finish` writes the index before that file is renamed into place.
    """

    def __init__(self, sink: IO[bytes], *, fingerprint: Mapping[str, str]) -> None:
        self.sink = sink
        self.fingerprint = dict(fingerprint)
        self.offset = 0
        self.sha = hashlib.sha256()
        self.entries: list[tuple[str, str, int, int]] = []

    def write(self, doc_id: str, key: str, line: str) -> None:
        data = line.encode("utf-8") + b"\n"
        self.sink.write(data)
        self.sha.update(data)
        self.entries.append((doc_id, key, self.offset, len(data)))
        self.offset += len(data)

    def finish(self, out_dir: str | os.PathLike[str]) -> Path:
        """Write the index into ``OUT/store/``; return its path."""
        folder = Path(out_dir) / STORE
        folder.mkdir(parents=True, exist_ok=True)
        sha = self.sha.hexdigest()
        path = folder / _INDEX.format(sha[:16])
        header = {_HEADER: 1, "sha256": sha, "fingerprint": self.fingerprint}
        with atomic_write(path) as fh:
            fh.write(json.dumps(header, sort_keys=True) + "\n")
            for entry in self.entries:
                fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
        return path


def remove_old_indexes(out_dir: str | os.PathLike[str], keep: Path) -> None:
    """Remove the indexes of earlier ``extraction.jsonl`` files."""
    for path in (Path(out_dir) / STORE).glob(_INDEX.format("*")):
        if path.name != keep.name:
            path.unlink(missing_ok=True)


@dataclass(frozen=True)
class BuildReport:
    """What a build into an output folder did with each document.

    Attributes:
        new: input documents the previous build did not have (extracted).
        changed: input documents whose text or metadata changed (extracted).
        unchanged: input documents reused from the previous build.
        resumed: input documents read back from an interrupted build's checkpoint.
        kept: documents of the previous build not among the inputs, kept.
        removed: documents of the previous build not among the inputs, pruned.
        extracted: documents extracted by this build (new, changed, or
            unchanged ones that had to be extracted again).
        reason: why nothing was reused from the previous build, if so.
        store: what :func:`geokg.triplestore.update_store` did, if it ran.
    """

    new: int = 0
    changed: int = 0
    unchanged: int = 0
    resumed: int = 0
    kept: int = 0
    removed: int = 0
    extracted: int = 0
    reason: str = ""
    store: Any = None

    def summary(self) -> str:
        """One line: ``"20 new, 2 changed, 198 unchanged; 0 kept"``.

        Example:
            >>> BuildReport(new=120, changed=3, unchanged=99_880).summary()
            '120 new, 3 changed, 99,880 unchanged'
        """
        parts = [f"{self.new:,} new, {self.changed:,} changed, {self.unchanged:,} unchanged"]
        if self.resumed:
            parts.append(f"{self.resumed:,} from the checkpoint")
        if self.kept:
            parts.append(f"{self.kept:,} kept from earlier builds")
        if self.removed:
            parts.append(f"{self.removed:,} removed (--prune)")
        return "; ".join(parts)
