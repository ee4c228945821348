"""Reading news documents from files, folders, JSON Lines and stdin.

:func:`iter_documents` turns what the user points geokg at into
:class:`~geokg.model.Document` records, lazily and in a deterministic order.
One bad file or record never stops the run: it is reported through
``on_error`` as an :class:`~geokg.errors.InputError` naming the source and the
reason, and reading goes on.

Text must be UTF-8 (a BOM is fine); UTF-16 and UTF-32 with a BOM are decoded
because the BOM makes them unambiguous. Anything else is rejected with the
reason rather than guessed, since a wrong guess silently garbles names.
"""

from __future__ import annotations

import codecs
import itertools
import json
import logging
import math
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from geokg.errors import InputError
from geokg.model import Document

from .clean import clean_text

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_MAX_CHARS", "STDIN", "iter_documents"]

logger = logging.getLogger(__name__)

#: Largest file (or JSON Lines record) read; a news article is a few kB.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024

#: Longest article text (after cleaning) passed on: spaCy's own limit
#: (``nlp.max_length``), past which its parser and NER need gigabytes and
#: ``nlp.pipe`` raises, which would stop the whole run.
DEFAULT_MAX_CHARS = 1_000_000

#: The input name that means standard input.
STDIN = "-"

# Suffixes that pick a reader; every other file is plain text.
_HTML_SUFFIXES = frozenset({".html", ".htm"})
_JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})

# Signatures of binary formats people drop into news folders, so the reason
# can say what the file is instead of only "binary".
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx/.epub file)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", "a Zstandard archive"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
)

# BOMs that fix the encoding. UTF-32 LE starts with the UTF-16 LE BOM, so
# the longer one is tried first.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# An HTML page may declare its encoding; a declaration is not a guess.
_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)

# libxml2 (lxml, so trafilatura) stops parsing a document nested deeper than
# this, a guard against stack exhaustion; its text below that depth is lost.
_HTML_MAX_DEPTH = 256

# Python's default limit on converting digits to an int (a guard against
# quadratic time); a longer JSON number is rejected rather than raising.
_MAX_INT_DIGITS = 4300

# How far into a file the encoding checks look for a UTF-16 pattern.
_SNIFF_BYTES = 512

ErrorHandler = Callable[[InputError], None]


class _Rejected(Exception):
    """Internal: the bytes or record cannot become a document; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _NotJsonLines(_Rejected):
    """Internal: a .jsonl file that is something else as a whole."""


# What the readers yield: a document with where it was read, or an error.
_Result = tuple[Document, str] | InputError
# A numbered line of a stream: (line number, byte or char offset, the line or
# None when it is longer than max_bytes).
_Line = tuple[int, int, "bytes | str | None"]


def iter_documents(
    inputs: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    on_error: ErrorHandler | None = None,
    stdin: IO[str] | IO[bytes] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Iterator[Document]:
    """Read news documents from files, folders, JSON Lines and stdin.

    Each input is a path or ``"-"`` (standard input):

    - ``.txt``, ``.text``, any other or no suffix: one plain-text document;
      ``doc_id`` is the file name (or the path relative to the folder given),
      ``meta`` has ``source`` (the path) and ``title`` (the first line).
    - ``.html``, ``.htm``: the page's main text, extracted by trafilatura;
      ``meta`` adds ``title``, ``date`` and ``url`` when the page has them.
    - ``.jsonl``, ``.ndjson``: one document per line, with ``id`` and ``text``;
      other fields (``title``, ``date``, ``url``, ``source`` ...) go to
      ``meta``, whose ``source`` defaults to ``"<path>:<line>"``. A record
      without ``id`` gets ``"<file>:<line>"``.
    - a folder: every file below it, recursively, in sorted order; hidden
      files and folders are skipped.
    - ``"-"``: JSON Lines if the first non-blank character is ``{``, else one
      plain-text document with ``doc_id`` ``"stdin"``.

    Every text goes through :func:`~geokg.extract.clean.clean_text`.

    A bad file or record does not stop the run: ``on_error`` gets an
    :class:`~geokg.errors.InputError` and reading goes on (the default logs
    a warning; pass a function that raises to stop at the first error). A
    ``doc_id`` already yielded is reported as a duplicate and skipped, so ids
    are unique. A text longer than ``max_chars`` once cleaned is reported and
    skipped (an HTML page may well be larger than its text, so ``max_bytes``
    alone cannot bound it). Documents are yielded lazily and JSON Lines are
    read line by line, so memory does not grow with the input.

    Args:
        inputs: paths (``str`` or ``Path``) or ``"-"``; a single path is
            accepted too.
        on_error: called with each :class:`InputError`.
        stdin: the stream ``"-"`` reads (text or bytes); default
            ``sys.stdin``.
        max_bytes: largest file, or JSON Lines line, that is read.
        max_chars: longest article text, after cleaning, that is yielded.

    Yields:
        One :class:`Document` per article, in input order.

    Example:
        >>> import io
        >>> stream = io.StringIO('{"id": "a1", "text": "Peace talks resume."}')
        >>> docs = list(iter_documents(["-"], stdin=stream))
        >>> docs[0].doc_id, docs[0].text
        ('a1', 'Peace talks resume.')
    """
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    report = on_error or _log_error
    first_seen: dict[str, str] = {}
    stdin_read = False
    for item in inputs:
        name = os.fspath(item)
        if name == STDIN:
            if stdin_read:
                report(InputError("<stdin>", "standard input was already read (give '-' once)"))
                continue
            stdin_read = True
            results = _read_stdin(stdin, max_bytes=max_bytes)
        else:
            results = _read_path(Path(name), max_bytes=max_bytes)
        for result in results:
            if isinstance(result, InputError):
                report(result)
                continue
            doc, where = result
            if len(doc.text) > max_chars:
                report(
                    InputError(
                        where,
                        f"article too long ({len(doc.text):,} characters of text > limit "
                        f"{max_chars:,}); split it into several documents",
                    )
                )
                continue
            if doc.doc_id in first_seen:
                report(
                    InputError(
                        where,
                        f"duplicate id {doc.doc_id!r} (first seen in "
                        f"{first_seen[doc.doc_id]}; this one is skipped)",
                    )
                )
                continue
            first_seen[doc.doc_id] = where
            yield doc


def _log_error(error: InputError) -> None:
    logger.warning("skipped %s: %s", error.source, error.reason)


# --- paths and folders --------------------------------------------------------


def _read_path(path: Path, *, max_bytes: int) -> Iterator[_Result]:
    try:
        info = path.stat()
    except OSError as exc:
        yield InputError(str(path), _os_reason(exc))
        return
    if not stat.S_ISDIR(info.st_mode):
        yield from _read_file(path, name=path.name, max_bytes=max_bytes)
        return
    for found in _walk(path, set()):
        if isinstance(found, InputError):
            yield found
        else:
            name = found.relative_to(path).as_posix()
            yield from _read_file(found, name=name, max_bytes=max_bytes)


def _walk(folder: Path, visited: set[tuple[int, int]]) -> Iterator[Path | InputError]:
    """Files below ``folder``, depth first in sorted order, hidden ones left out."""
    try:
        info = folder.stat()
        if (info.st_dev, info.st_ino) in visited:  # a symlink loop: read each folder once
            return
        visited.add((info.st_dev, info.st_ino))
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield InputError(str(folder), _os_reason(exc))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_dir, is_file = entry.is_dir(), entry.is_file()
        except OSError as exc:
            yield InputError(str(path), _os_reason(exc))
            continue
        if is_dir:
            yield from _walk(path, visited)
        elif is_file:
            yield path
        # sockets, FIFOs and dangling links in a folder are not documents


def _read_file(path: Path, *, name: str, max_bytes: int) -> Iterator[_Result]:
    source = str(path)
    suffix = path.suffix.lower()
    try:
        if suffix in _JSONL_SUFFIXES:
            with path.open("rb") as f:
                _check_jsonl_start(f.read(_SNIFF_BYTES))
                f.seek(0)
                lines = _lines(f, max_bytes=max_bytes)
                yield from _read_jsonl(lines, name=name, source=source, max_bytes=max_bytes)
            return
        data = _read_bytes(path, max_bytes=max_bytes)
        if suffix in _HTML_SUFFIXES:
            doc = _html_document(data, doc_id=name, source=source)
        else:
            doc = _text_document(_decode(data), doc_id=name, source=source)
    except OSError as exc:
        yield InputError(source, _os_reason(exc))
        return
    except _Rejected as exc:
        yield InputError(source, exc.reason)
        return
    yield doc, source


def _read_bytes(path: Path, *, max_bytes: int) -> bytes:
    with path.open("rb") as f:
        size = os.fstat(f.fileno()).st_size
        if size > max_bytes:
            raise _Rejected(f"file too large ({size} bytes > limit {max_bytes})")
        data = f.read(max_bytes + 1)  # also bounds pipes and files still growing
    if len(data) > max_bytes:
        raise _Rejected(_too_large("file", max_bytes))
    return data


def _too_large(what: str, max_bytes: int) -> str:
    return f"{what} too large (more than {max_bytes} bytes > limit {max_bytes})"


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, PermissionError):
        return "cannot read: permission denied"
    if isinstance(exc, IsADirectoryError):
        return "cannot read: is a folder"
    return f"cannot read: {(exc.strerror or str(exc)).lower()}"


# --- decoding -----------------------------------------------------------------


def _decode(data: bytes) -> str:
    """The text of a file's bytes, or _Rejected saying why it is not text."""
    if not data:
        raise _Rejected("empty file")
    _check_magic(data)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                name = encoding.removesuffix("-sig").upper()
                raise _Rejected(
                    f"not valid {name} at byte {exc.start} (try converting it with iconv)"
                ) from None
            break
    else:
        if b"\x00" in data:
            raise _Rejected(_nul_reason(data))
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _Rejected(_utf8_reason(exc.start)) from None
    if not text.strip():
        raise _Rejected("whitespace only")
    return text


def _check_magic(data: bytes) -> None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise _Rejected(f"not text (looks like {what})")


def _utf8_reason(offset: int) -> str:
    return f"not valid UTF-8 at byte {offset} (try converting it with iconv)"


def _nul_reason(data: bytes) -> str:
    head = data[:_SNIFF_BYTES]
    # ASCII text in UTF-16 without a BOM: every other byte is NUL
    for parity, order in ((1, "LE"), (0, "BE")):
        zeros, chars = head[parity::2], head[1 - parity :: 2]
        if len(zeros) >= 2 and zeros.count(0) == len(zeros) and 0 not in chars:
            return (
                f"binary file (NUL bytes; it looks like UTF-16{order} without a BOM: "
                f"try converting it with iconv -f UTF-16{order} -t UTF-8)"
            )
    return "binary file (NUL bytes)"


# --- documents ----------------------------------------------------------------


def _text_document(text: str, *, doc_id: str, source: str) -> Document:
    title = next(line.strip() for line in text.splitlines() if line.strip())
    cleaned = _cleaned(text, title=title)
    meta = {"source": source, "title": cleaned.split("\n", 1)[0]}
    return Document(doc_id=doc_id, text=cleaned, meta=meta)


def _cleaned(text: str, *, title: str | None) -> str:
    cleaned = clean_text(text, title=title)
    if not cleaned:
        raise _Rejected("no article text left after removing boilerplate")
    return cleaned


def _html_document(data: bytes, *, doc_id: str, source: str) -> Document:
    html = _decode_html(data)
    try:
        # Imported here: trafilatura is slow to import and only HTML needs it.
        import trafilatura
    except ImportError as exc:
        raise _Rejected(f"cannot extract HTML: trafilatura is not usable ({exc})") from None
    try:
        result = trafilatura.bare_extraction(
            html,
            include_comments=False,
            include_tables=False,
            favor_precision=True,
            with_metadata=True,
        )
    except Exception as exc:  # one page that trips the parser must not stop the run
        raise _Rejected(f"cannot parse HTML: {exc}") from None
    body = getattr(result, "text", None) if result is not None else None
    if not body or not body.strip():
        if _too_deep(html):
            raise _Rejected(
                f"no article text found: the HTML page nests tags deeper than "
                f"{_HTML_MAX_DEPTH} levels, where the parser (libxml2) stops reading"
            )
        raise _Rejected("no article text found in the HTML page")
    meta: dict[str, Any] = {"source": source}
    for key in ("title", "date", "url"):
        value = getattr(result, key, None)
        if value:
            meta[key] = value
    # trafilatura writes one paragraph per line; clean_text keeps blank-line paragraphs.
    cleaned = _cleaned(body.replace("\n", "\n\n"), title=meta.get("title"))
    meta.setdefault("title", cleaned.split("\n", 1)[0])
    return Document(doc_id=doc_id, text=cleaned, meta=meta)


def _too_deep(html: str) -> bool:
    """True when libxml2 stopped reading ``html`` at its nesting limit."""
    import lxml.html

    parser = lxml.html.HTMLParser()
    try:
        lxml.html.document_fromstring(html, parser=parser)
    except Exception:  # an unparsable page is reported as having no text
        return False
    return any("Excessive depth" in entry.message for entry in parser.error_log)


def _decode_html(data: bytes) -> str:
    try:
        return _decode(data)
    except _Rejected as exc:
        declared = _HTML_CHARSET.search(data[:4096])
        if not exc.reason.startswith("not valid UTF-8") or declared is None:
            raise
        charset = declared.group(1).decode("ascii")
        try:
            return data.decode(charset)
        except LookupError:
            raise _Rejected(
                f"{exc.reason}; the page declares unknown charset {charset!r}"
            ) from None
        except UnicodeDecodeError as err:
            raise _Rejected(
                f"not valid {charset} at byte {err.start}, the charset the page declares"
            ) from None


# --- JSON Lines ---------------------------------------------------------------


def _read_jsonl(
    lines: Iterable[_Line], *, name: str, source: str, max_bytes: int
) -> Iterator[_Result]:
    lines_read = 0
    records = 0
    for lineno, offset, raw in lines:
        lines_read += 1
        where = f"{source}:{lineno}"
        if raw is None:
            records += 1
            yield InputError(where, _too_large("record", max_bytes))
            continue
        try:
            line = _jsonl_line(raw, lineno=lineno, offset=offset)
            if not line.strip():
                continue
            records += 1
            if records == 1 and line.lstrip().startswith("["):
                raise _NotJsonLines(
                    "not JSON Lines (it holds a JSON array; write one object per line)"
                )
            yield _json_document(line, lineno=lineno, name=name, source=source), where
        except _NotJsonLines as exc:
            yield InputError(source, exc.reason)
            return  # the whole file is something else: one report is enough
        except _Rejected as exc:
            yield InputError(where, exc.reason)
    if not records:
        yield InputError(source, "whitespace only" if lines_read else "empty file")


def _check_jsonl_start(head: bytes) -> None:
    """Reject a .jsonl file that is binary or UTF-16 as a whole, with one report."""
    _check_magic(head)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _Rejected(
            "JSON Lines must be UTF-8, this file is UTF-16 "
            "(try converting it with iconv -f UTF-16 -t UTF-8)"
        )


def _jsonl_line(raw: bytes | str, *, lineno: int, offset: int) -> str:
    if isinstance(raw, str):
        return raw.removeprefix("\ufeff") if lineno == 1 else raw
    if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
        raw, offset = raw[len(codecs.BOM_UTF8) :], offset + len(codecs.BOM_UTF8)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _Rejected(_utf8_reason(offset + exc.start)) from None


def _lines(stream: IO[bytes] | IO[str], *, max_bytes: int) -> Iterator[_Line]:
    """``(line number, offset, line)`` of ``stream``; line ``None`` when over ``max_bytes``.

    ``readline(limit)`` keeps memory bounded even on a huge file without
    newlines: an overlong line is skipped in chunks, never held whole.
    """
    lineno = offset = 0
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        lineno += 1
        start = offset
        offset += len(line)
        if len(line) > max_bytes and not _ends_line(line):
            while True:
                chunk = stream.readline(65536)
                offset += len(chunk)
                if not chunk or _ends_line(chunk):
                    break
            yield lineno, start, None
        else:
            yield lineno, start, line


def _ends_line(chunk: bytes | str) -> bool:
    return chunk.endswith(b"\n" if isinstance(chunk, bytes) else "\n")


def _json_document(line: str, *, lineno: int, name: str, source: str) -> Document:
    try:
        record = json.loads(
            line, parse_constant=_not_json, parse_float=_finite_float, parse_int=_bounded_int
        )
    except json.JSONDecodeError as exc:
        # json's own messages may already end in "at" ("Invalid control character at")
        msg = exc.msg.removesuffix(" at")
        raise _Rejected(f"broken JSON on line {lineno}: {msg} at column {exc.colno}") from None
    except ValueError as exc:  # NaN, Infinity, 1e999, a number of more than 4,300 digits
        raise _Rejected(f"broken JSON on line {lineno}: {exc}") from None
    except RecursionError:
        raise _Rejected(f"broken JSON on line {lineno}: nested too deeply") from None
    record = _without_surrogates(record)
    if not isinstance(record, dict):
        raise _Rejected(f"record is not a JSON object (got {type(record).__name__})")
    if "text" not in record:
        fields = ", ".join(sorted(record)) or "none"
        raise _Rejected(f"record has no 'text' field (its fields: {fields})")
    text = record["text"]
    if not isinstance(text, str):
        raise _Rejected(f"record 'text' is not a string (got {type(text).__name__})")
    if not text.strip():
        raise _Rejected("record has a blank 'text' field")
    raw_id = record.get("id")
    if raw_id is None or raw_id == "":
        doc_id = f"{name}:{lineno}"
    elif isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool):
        doc_id = str(raw_id)
    else:
        raise _Rejected(f"record 'id' must be a string or a number (got {type(raw_id).__name__})")
    title = record.get("title")
    cleaned = _cleaned(text, title=title if isinstance(title, str) else None)
    meta = {k: v for k, v in record.items() if k not in ("id", "text")}
    meta.setdefault("source", f"{source}:{lineno}")
    return Document(doc_id=doc_id, text=cleaned, meta=meta)


def _not_json(constant: str) -> float:
    # json.loads accepts NaN and Infinity, which no JSON writer (ours included) may write back.
    raise ValueError(f"{constant} is not JSON (write null or a string instead)")


def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"number {text[:20]!r} is too large for a float")
    return value


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > _MAX_INT_DIGITS:
        raise ValueError(f"a number of {len(text):,} digits is too long")
    return int(text)


# A lone UTF-16 surrogate: JSON's \ud83d escapes allow one (a truncated emoji),
# UTF-8 cannot encode it and spaCy's string store raises on it.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_surrogates(value: Any) -> Any:
    """``value`` (a decoded JSON record) with each lone surrogate replaced by U+FFFD."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {_without_surrogates(k): _without_surrogates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_surrogates(v) for v in value]
    return value


# --- standard input -----------------------------------------------------------


def _read_stdin(stream: IO[str] | IO[bytes] | None, *, max_bytes: int) -> Iterator[_Result]:
    if stream is None:
        # Bytes when possible, so the same encoding checks apply as for files.
        stream = getattr(sys.stdin, "buffer", sys.stdin)
    source = "<stdin>"
    # Read up to the first non-blank line to choose the format, keeping what was read.
    head: list[_Line] = []
    lines = _lines(stream, max_bytes=max_bytes)
    for item in lines:
        head.append(item)
        raw = item[2]
        if raw is None or raw.strip():
            break
    first = head[-1][2] if head else None
    if first is not None and _starts_json_object(first):
        records = itertools.chain(head, lines)
        yield from _read_jsonl(records, name="stdin", source=source, max_bytes=max_bytes)
        return
    try:
        if first is None and head:
            raise _Rejected(_too_large("input", max_bytes))
        data = _read_rest(stream, head, max_bytes=max_bytes)
        text = _decode(data) if isinstance(data, bytes) else _check_text(data)
        yield _text_document(text, doc_id="stdin", source=source), source
    except _Rejected as exc:
        yield InputError(source, exc.reason)


def _starts_json_object(line: bytes | str) -> bool:
    if isinstance(line, bytes):
        return line.removeprefix(codecs.BOM_UTF8).lstrip().startswith(b"{")
    return line.removeprefix("\ufeff").lstrip().startswith("{")


def _read_rest(stream: IO[str] | IO[bytes], head: list[_Line], *, max_bytes: int) -> bytes | str:
    parts = [raw for _, _, raw in head if raw is not None]
    rest = stream.read(max_bytes + 1 - sum(len(p) for p in parts))
    data = b"".join([*parts, rest]) if isinstance(rest, bytes) else "".join([*parts, rest])
    if len(data) > max_bytes:
        raise _Rejected(_too_large("input", max_bytes))
    return data


def _check_text(text: str) -> str:
    """The checks of _decode for a stream that is already text."""
    if not text:
        raise _Rejected("empty file")
    if "\x00" in text:
        raise _Rejected("binary file (NUL bytes)")
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise _Rejected("whitespace only")
    return text
