"""The on-disk Oxigraph store of a build (``OUT/store/``): kept up to date, opened in no time.

``geokg build`` keeps the RDF of its graph (the triples of ``graph.ttl``) in
an Oxigraph database on disk, so that ``geokg query OUT`` and ``geokg serve
OUT`` open it (a few milliseconds) instead of parsing Turtle (a million
triples: several seconds, and the memory of the whole graph per process).

The store is a series of generations, each a complete Oxigraph database in
``store/oxigraph-<n>/``; ``store/manifest.json`` names the current one.
A build never writes a generation that a reader may have open (Oxigraph says
that reading a database while another process writes it is undefined): it
makes the next generation as a backup of the current one (hard links: no
copy), applies to it only the triples that changed (:func:`diff_lines`
compares the previous graph with the new one, unit by unit), and then
replaces the manifest, atomically. A build killed half-way leaves the
previous generation current; the half-made one is removed by the next build.
Readers hold a shared lock on the generation they use (``oxigraph-<n>.lock``);
a build removes an old generation only when nobody holds it.

The manifest also records the digest of the ``graph.json`` the store
mirrors; a store whose ``graph.json`` has changed since (a build killed after
writing its files and before updating the store) is not used for queries,
and the next build loads it afresh.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from geokg import __version__
from geokg.errors import GeoKGError, InputError
from geokg.exports._atomic import atomic_write

__all__ = [
    "MANIFEST",
    "STORE",
    "OpenStore",
    "StoreUpdate",
    "file_digest",
    "open_store",
    "previous_graph",
    "update_store",
]

logger = logging.getLogger(__name__)

#: The store's folder in a build's output folder, and its manifest there.
STORE = "store"
MANIFEST = "manifest.json"

# Version 1: the RDF of geokg.exports.to_rdf in the default graph, one generation at a time.
_FORMAT = {"format": "geokg-store", "version": 1}
_GENERATION = re.compile(r"oxigraph-(\d{6})")
# How often a reader tries again when a build replaced the generation it was about to lock.
_OPEN_TRIES = 5


@dataclass(frozen=True)
class StoreUpdate:
    """What :func:`update_store` did.

    Attributes:
        mode: ``"loaded"`` (every triple written afresh), ``"updated"`` (only the
            changes), or ``"unchanged"``.
        added, removed: triples added and removed (for ``"loaded"``: added is all).
        triples: triples in the store now.
        seconds: the time it took.
        reason: why the store was loaded afresh rather than updated, if it was.
    """

    mode: str
    added: int
    removed: int
    triples: int
    seconds: float
    reason: str = ""


def file_digest(path: str | os.PathLike[str]) -> str | None:
    """The SHA-256 of a file, or None when it does not exist."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
    except FileNotFoundError:
        return None
    return digest.hexdigest()


def _read_manifest(folder: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or {k: data.get(k) for k in _FORMAT} != _FORMAT:
        return None
    if not isinstance(data.get("generation"), str) or not _GENERATION.fullmatch(data["generation"]):
        return None
    return data


def previous_graph(out_dir: str | os.PathLike[str]) -> nx.MultiDiGraph | None:
    """The graph the store of ``out_dir`` mirrors (its ``graph.json``), if the two agree.

    Read before a build replaces ``graph.json``: :func:`update_store` compares it
    with the new graph to write only what changed. None when there is no store,
    when it was made by another geokg version (whose RDF may differ), or when
    ``graph.json`` is not the one it mirrors.
    """
    from geokg.store import read_graph_json

    out = Path(out_dir)
    manifest = _read_manifest(out / STORE)
    if manifest is None or manifest.get("geokg") != __version__:
        return None
    if not (out / STORE / manifest["generation"]).is_dir():
        return None
    if manifest.get("graph_sha256") != file_digest(out / "graph.json"):
        return None
    try:
        return read_graph_json(out / "graph.json")
    except InputError:
        return None


def update_store(
    out_dir: str | os.PathLike[str],
    G: nx.MultiDiGraph,
    *,
    previous: nx.MultiDiGraph | None = None,
) -> StoreUpdate:
    """Make ``OUT/store/`` hold the RDF of ``G``, writing only what changed since ``previous``.

    Call it once ``OUT/graph.json`` holds ``G`` (its digest goes into the
    manifest), with ``previous`` from :func:`previous_graph` read before the
    build replaced it. Without ``previous`` (or when the store does not hold
    exactly what ``previous`` says) every triple is loaded afresh. The caller
    holds the output folder's lock (the build's checkpoint): one writer at a time.

    Raises:
        GeoKGError: the store cannot be written (the message says which file).

    Example:
        >>> import tempfile
        >>> from geokg.graph import build_graph
        >>> from geokg.model import Entity, Extraction, Relation
        >>> ents = (Entity("A", "A", "Country"), Entity("B", "B", "Country"))
        >>> G = build_graph([Extraction("d", ents, (Relation("A", "warns", "B", "s", 0, 1),))])
        >>> with tempfile.TemporaryDirectory() as out:
        ...     first = update_store(out, G)
        ...     again = update_store(out, G, previous=G)
        >>> first.mode, again.mode, again.triples == first.triples
        ('loaded', 'unchanged', True)
    """
    started = time.monotonic()
    out = Path(out_dir)
    folder = out / STORE
    try:
        folder.mkdir(parents=True, exist_ok=True)
        manifest = _read_manifest(folder)
        current = folder / manifest["generation"] if manifest else None
        reason = _cannot_update(manifest, current, previous)
        if reason:
            result = _load(folder, G, reason)
        else:
            assert manifest is not None and current is not None and previous is not None
            result = _update(folder, current, int(manifest.get("triples", 0)), previous, G)
        if result.mode != "unchanged" or manifest is None:
            _write_manifest(folder, _generation_of(result, manifest), result.triples, out)
        elif manifest.get("graph_sha256") != file_digest(out / "graph.json"):
            _write_manifest(folder, manifest["generation"], result.triples, out)
        _remove_old_generations(folder)
    except OSError as exc:
        raise GeoKGError(f"cannot write the store {str(folder)!r}: {exc}") from exc
    seconds = time.monotonic() - started
    logger.info(
        "store %s: %s, +%d -%d triples, %d in all (%.2f s)%s",
        folder,
        result.mode,
        result.added,
        result.removed,
        result.triples,
        seconds,
        f"; {result.reason}" if result.reason else "",
    )
    return StoreUpdate(
        result.mode, result.added, result.removed, result.triples, seconds, result.reason
    )


@dataclass(frozen=True)
class _Result:
    mode: str
    added: int
    removed: int
    triples: int
    reason: str = ""
    generation: str = ""


def _generation_of(result: _Result, manifest: dict[str, Any] | None) -> str:
    return result.generation or (manifest or {})["generation"]


def _cannot_update(
    manifest: dict[str, Any] | None, current: Path | None, previous: nx.MultiDiGraph | None
) -> str:
    """Why the store must be loaded afresh ("" when it can be updated)."""
    if manifest is None:
        return "no store yet"
    if manifest.get("geokg") != __version__:
        return f"the store was made by geokg {manifest.get('geokg')}"
    if current is None or not current.is_dir():
        return "the store's current generation is missing"
    if previous is None:
        return "the previous graph.json is not the one the store holds"
    return ""


def _next_generation(folder: Path) -> Path:
    numbers = [int(m.group(1)) for p in folder.iterdir() if (m := _GENERATION.fullmatch(p.name))]
    return folder / f"oxigraph-{max(numbers, default=0) + 1:06d}"


def _load(folder: Path, G: nx.MultiDiGraph, reason: str) -> _Result:
    import pyoxigraph as ox

    from geokg.exports.ntriples import iter_lines

    target = _next_generation(folder)
    data = folder / f".{target.name}.nt"
    try:
        with open(data, "w", encoding="utf-8", newline="") as fh:
            for line in iter_lines(G):
                fh.write(line)
                fh.write("\n")
        store = ox.Store(str(target))
        store.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES)
        store.optimize()
        store.flush()
        triples = len(store)
        del store  # closes the database
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    finally:
        data.unlink(missing_ok=True)
    return _Result("loaded", triples, 0, triples, reason, target.name)


def _update(
    folder: Path,
    current: Path,
    triples: int,
    previous: nx.MultiDiGraph,
    G: nx.MultiDiGraph,
) -> _Result:
    import pyoxigraph as ox

    from geokg.exports.ntriples import diff_lines

    removed_lines, added_lines = diff_lines(previous, G)
    if not removed_lines and not added_lines:
        return _Result("unchanged", 0, 0, triples)
    removed = _quads(removed_lines)
    added = _quads(added_lines)
    base = ox.Store.read_only(str(current))
    # Each triple belongs to one unit of the graph, so what goes must be there and
    # what comes must not: otherwise the store is not what the previous graph says.
    stray = next((q for q in removed if q not in base), None) or next(
        (q for q in added if q in base), None
    )
    if stray is not None:
        del base
        return _load(folder, G, f"the store differs from the previous graph.json ({stray})")
    target = _next_generation(folder)
    try:
        base.backup(str(target))  # hard links to the immutable files: no copy
        del base
        store = ox.Store(str(target))
        for quad in removed:
            store.remove(quad)
        store.extend(added)
        store.flush()
        count = len(store)
        del store
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    expected = triples - len(removed) + len(added)
    if triples and count != expected:
        shutil.rmtree(target, ignore_errors=True)
        return _load(folder, G, f"the store held {count:,} triples, {expected:,} expected")
    return _Result("updated", len(added), len(removed), count, "", target.name)


def _quads(lines: list[str]) -> list[Any]:
    import pyoxigraph as ox

    if not lines:
        return []
    data = ("\n".join(lines) + "\n").encode("utf-8")
    return [q for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]


def _write_manifest(folder: Path, generation: str, triples: int, out: Path) -> None:
    manifest = {
        **_FORMAT,
        "geokg": __version__,
        "generation": generation,
        "triples": triples,
        "graph_sha256": file_digest(out / "graph.json"),
    }
    with atomic_write(folder / MANIFEST) as fh:
        fh.write(json.dumps(manifest, indent=1, sort_keys=True) + "\n")


def _remove_old_generations(folder: Path) -> None:
    """Remove generations other than the current one that no reader holds; and leftovers."""
    manifest = _read_manifest(folder)
    keep = manifest["generation"] if manifest else None
    for path in sorted(folder.iterdir()):
        name = path.name
        if name.startswith(".oxigraph-") and name.endswith(".nt"):
            path.unlink(missing_ok=True)  # the N-Triples of a killed load
            continue
        match = _GENERATION.fullmatch(name.removesuffix(".lock"))
        if match is None or match.group(0) == keep:
            continue
        generation = folder / match.group(0)
        with _exclusive(folder / f"{match.group(0)}.lock") as free:
            if not free:
                logger.info("%s is in use by a reader; removed by a later build", generation)
                continue
            shutil.rmtree(generation, ignore_errors=True)
            (folder / f"{match.group(0)}.lock").unlink(missing_ok=True)


@contextlib.contextmanager
def _exclusive(path: Path) -> Iterator[bool]:
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError:
        yield False
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            yield False
            return
        yield True
    finally:
        os.close(fd)


class OpenStore:
    """A build's store, open for reading; hold it as long as you query it.

    Made by :func:`open_store`. ``store`` is the read-only ``pyoxigraph.Store``;
    ``triples`` its size (from the manifest: counting a million triples takes a
    while); ``path`` the generation's folder. :meth:`close` releases it (a
    later build may then remove the generation).
    """

    def __init__(self, store: Any, triples: int, path: Path, lock_fd: int) -> None:
        self.store = store
        self.triples = triples
        self.path = path
        self._lock_fd: int | None = lock_fd

    def close(self) -> None:
        self.store = None
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def __enter__(self) -> OpenStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.close()


def open_store(out_dir: str | os.PathLike[str]) -> OpenStore:
    """Open the store of a build's output folder for reading (milliseconds, any size).

    Raises:
        InputError: ``out_dir`` has no store, or its store does not match its
            ``graph.json`` (a build was killed before it updated the store).

    Example:
        >>> import tempfile
        >>> from geokg.graph import build_graph
        >>> from geokg.model import Entity, Extraction
        >>> G = build_graph([Extraction("d", (Entity("A", "Alpha", "Country"),))])
        >>> label = "SELECT ?s WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> 'Alpha' }"
        >>> with tempfile.TemporaryDirectory() as out:
        ...     _ = update_store(out, G)
        ...     with open_store(out) as opened:
        ...         print(opened.triples > 0, len(list(opened.store.query(label))))
        True 1
    """
    import pyoxigraph as ox

    out = Path(out_dir)
    folder = out / STORE
    for _ in range(_OPEN_TRIES):
        manifest = _read_manifest(folder)
        if manifest is None:
            raise InputError(
                str(out),
                f"no store in {str(folder)!r} (a folder written by `geokg build`, "
                "version 0.1.0 or later); build it again, or query its graph.ttl",
            )
        generation = manifest["generation"]
        fd = os.open(folder / f"{generation}.lock", os.O_RDWR | os.O_CREAT, 0o666)
        fcntl.flock(fd, fcntl.LOCK_SH)
        again = _read_manifest(folder)
        if again is None or again["generation"] != generation:
            os.close(fd)  # a build replaced it in between: take the new one
            continue
        sha = manifest.get("graph_sha256")
        if (
            sha is not None
            and (out / "graph.json").exists()
            and sha != file_digest(out / "graph.json")
        ):
            os.close(fd)
            raise InputError(
                str(out),
                "its store is older than its graph.json (a build was stopped before it "
                "updated the store); run the build again, or query its graph.ttl",
            )
        try:
            store = ox.Store.read_only(str(folder / generation))
        except OSError as exc:
            os.close(fd)
            raise InputError(str(folder / generation), f"cannot open the store: {exc}") from exc
        return OpenStore(store, int(manifest.get("triples", 0)), folder / generation, fd)
    raise InputError(str(out), "the store kept changing while it was opened; try again")
