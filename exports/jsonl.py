"""JSON Lines: one extraction per line, the contract of SCHEMA.md."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator

from geokg.errors import ExportError, InputError
from geokg.exports._atomic import atomic_write
from geokg.model import Extraction

__all__ = ["generate_jsonl", "jsonl_line", "read_jsonl", "write_jsonl"]


def generate_jsonl(extractions: Iterable[Extraction]) -> Iterator[str]:
    """Yield one JSON object per extraction (no trailing newline), in input order.

    Non-ASCII text is written as is (``ensure_ascii=False``); keys keep the
    order of :meth:`Extraction.to_json`, so the same input gives the same lines.

    Raises:
        ExportError: a value has no JSON form (e.g. a NaN confidence).

    Example:
        >>> from geokg.model import Extraction
        >>> next(generate_jsonl([Extraction("d1")]))
        '{"doc_id": "d1", "meta": {}, "entities": [], "relations": []}'
    """
    for ext in extractions:
        yield jsonl_line(ext)


def jsonl_line(ext: Extraction) -> str:
    """The JSON Lines record of one extraction, without its newline.

    Raises:
        ExportError: a value has no JSON form (e.g. a NaN confidence).
    """
    try:
        return json.dumps(ext.to_json(), ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ExportError(f"document {ext.doc_id!r} cannot be written as JSON: {exc}") from exc


def write_jsonl(extractions: Iterable[Extraction], path: str | os.PathLike[str]) -> None:
    """Write :func:`generate_jsonl` lines to ``path`` atomically (UTF-8, ``\\n`` ends).

    Example:
        >>> import tempfile, pathlib
        >>> from geokg.model import Extraction
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     write_jsonl([Extraction("d1")], pathlib.Path(tmp) / "x.jsonl")
        ...     [e.doc_id for e in read_jsonl(pathlib.Path(tmp) / "x.jsonl")]
        ['d1']
    """
    with atomic_write(path, "w", encoding="utf-8") as fh:
        for line in generate_jsonl(extractions):
            fh.write(line)
            fh.write("\n")


def read_jsonl(path: str | os.PathLike[str]) -> list[Extraction]:
    """Read the extractions of a JSON Lines file; blank lines are skipped.

    Raises:
        InputError: the file cannot be read, or a line is not an extraction
            record (the message names the line).
    """
    out: list[Extraction] = []
    try:
        with open(path, encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    out.append(Extraction.from_json(json.loads(line)))
                except (ValueError, KeyError, TypeError, AttributeError) as exc:
                    raise InputError(
                        f"{os.fspath(path)}:{lineno}",
                        f"not an extraction record ({type(exc).__name__}: {exc}); "
                        "expected a JSON object with doc_id, entities and relations",
                    ) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(os.fspath(path), f"cannot read JSON Lines: {exc}") from exc
    return out
