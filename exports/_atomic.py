"""Write a file all at once or not at all.

Readers of an export (and a re-run after a crash) never see half a file: the
content goes to a temporary file in the same directory, is flushed and
fsynced, then renamed over the target with :func:`os.replace`.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from geokg.errors import ExportError

__all__ = ["atomic_write"]


@contextlib.contextmanager
def atomic_write(
    path: str | os.PathLike[str], mode: str = "w", encoding: str | None = "utf-8"
) -> Iterator[IO[Any]]:
    """Open a temporary file that replaces ``path`` when the block ends cleanly.

    If the block raises, the temporary file is removed and ``path`` keeps its
    old content. A new file gets the usual permissions (0666 less the umask);
    a replaced file keeps its mode. Text mode does not translate newlines.

    Args:
        path: the file to write.
        mode: ``"w"`` (text) or ``"wb"`` (bytes).
        encoding: text encoding; ignored in binary mode.

    Raises:
        ExportError: the file cannot be created or written (the OSError is chained).

    Example:
        >>> import tempfile, pathlib
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     target = pathlib.Path(tmp) / "out.txt"
        ...     with atomic_write(target) as fh:
        ...         _ = fh.write("hello")
        ...     target.read_text()
        'hello'
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_write mode must be 'w' or 'wb', not {mode!r}")
    target = Path(path)
    directory = target.parent
    tmp: Path | None = None
    try:
        fd, tmp = _create_temp(target)
        binary = mode == "wb"
        with os.fdopen(
            fd, mode, encoding=None if binary else encoding, newline=None if binary else ""
        ) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(FileNotFoundError):
            os.chmod(tmp, stat.S_IMODE(target.stat().st_mode))
        os.replace(tmp, target)
        tmp = None
        _fsync_dir(directory)
    except OSError as exc:
        raise ExportError(f"cannot write {str(target)!r}: {exc}") from exc
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink()


def _create_temp(target: Path) -> tuple[int, Path]:
    # os.open with 0o666 applies the umask, unlike mkstemp's 0o600.
    for _ in range(100):
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name next to {target}")


def _fsync_dir(directory: Path) -> None:
    """Make the rename durable; best effort (not every OS can open a directory)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
