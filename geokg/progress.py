"""The CLI's progress bar: documents done, documents per second and ETA.

Library code prints nothing; the CLI wraps its document stream in
:class:`Progress`, which draws a tqdm bar on stderr only when stderr is a
terminal (a pipe or a log file gets nothing) and the user did not ask for
``--quiet``. The total, and so the ETA, comes from :func:`count_documents`,
a quick count of the inputs (lines of JSON Lines files, files of folders);
it is unknown for stdin.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

__all__ = ["Progress", "count_documents", "is_terminal"]

_JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
_BAR = (
    "{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} docs [{elapsed}<{remaining}, {rate_fmt}]"
)
_COUNTER = "{desc}: {n_fmt} docs [{elapsed}, {rate_fmt}]"


def count_documents(inputs: Iterable[str | os.PathLike[str]]) -> int | None:
    """How many documents the inputs hold, counted without reading them as documents.

    JSON Lines files count their non-blank lines, folders their visible files
    (recursively), other files one each. Unreadable or skipped inputs still
    count, so this is an upper bound. None when stdin is among the inputs.

    Example:
        >>> count_documents(["-"]) is None
        True
    """
    total = 0
    for item in inputs:
        name = os.fspath(item)
        if name == "-":
            return None
        total += _count_path(Path(name))
    return total


def _count_path(path: Path) -> int:
    try:
        if path.is_dir():
            n = 0
            for root, dirs, files in os.walk(path):
                dirs[:] = [d for d in dirs if not d.startswith(".")]  # the reader skips hidden ones
                n += sum(_count_path(Path(root, f)) for f in files if not f.startswith("."))
            return n
        if path.suffix.lower() in _JSONL_SUFFIXES:
            with path.open("rb") as fh:
                return sum(1 for line in fh if line.strip())
    except OSError:
        pass
    return 1


class Progress:
    """A progress bar over documents; call it once per document, close it at the end.

    Args:
        enabled: draw at all (False for ``--quiet``).
        total: documents expected (None: a counter with the rate, no ETA).
        file: where to draw (default stderr); nothing is drawn unless it is a terminal.
        force: draw even if ``file`` is not a terminal (tests).
        desc: the label in front of the bar.

    Example:
        >>> import io
        >>> out = io.StringIO()
        >>> with Progress(total=2, file=out, force=True) as progress:
        ...     progress(None); progress(None)
        >>> "2/2 docs" in out.getvalue() and "docs/s" in out.getvalue()
        True
    """

    def __init__(
        self,
        *,
        enabled: bool = True,
        total: int | None = None,
        file: IO[str] | None = None,
        force: bool = False,
        desc: str = "extracting",
    ) -> None:
        stream = file if file is not None else sys.stderr
        self.enabled = enabled and (force or is_terminal(stream))
        self.count = 0
        self._bar: Any = None
        if self.enabled:
            from tqdm import tqdm

            self._bar = tqdm(
                total=total,
                file=stream,
                desc=desc,
                unit=" docs",
                bar_format=_BAR if total else _COUNTER,
                dynamic_ncols=True,
                mininterval=0.2,
                leave=True,
            )

    def __call__(self, _record: object = None) -> None:
        self.count += 1
        if self._bar is not None:
            self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def is_terminal(stream: IO[str] | None = None) -> bool:
    """Whether ``stream`` (default stderr) is a terminal."""
    stream = stream if stream is not None else sys.stderr
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
