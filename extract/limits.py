"""The per-document time limit of the rule stage.

spaCy parses in time linear in the text, and the text is bounded
(:data:`geokg.extract.inputs.DEFAULT_MAX_CHARS`); the rules that read the parse
are Python, and one unusual document (a sentence of thousands of coordinated
names, say) could keep them busy for a long time. :func:`time_limit` stops such
a document with a :class:`~geokg.errors.TimeLimitError` that names it, so the
run reports it and goes on.

The limit is a POSIX interval timer (``SIGALRM``), so it only works in the
main thread of a process on a platform that has one; elsewhere (a thread of a
Dask worker, Windows) :func:`time_limit` does nothing. It interrupts Python
code only: a long call into C (a regular expression, spaCy's parser) is
stopped when it returns.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
from collections.abc import Iterator
from types import FrameType

from geokg.errors import TimeLimitError

__all__ = ["DEFAULT_TIME_LIMIT", "time_limit"]

logger = logging.getLogger(__name__)

#: Seconds the rules may spend on one document; a news article needs well under one.
DEFAULT_TIME_LIMIT = 60.0


class _Expired(BaseException):
    """Internal: raised by the timer. A BaseException, so that no ``except
    Exception`` in the code being timed can swallow it."""


@contextlib.contextmanager
def time_limit(seconds: float | None, *, source: str) -> Iterator[None]:
    """Raise :class:`~geokg.errors.TimeLimitError` if the block runs longer than ``seconds``.

    Args:
        seconds: the limit (wall-clock); ``None`` or ``0`` for none.
        source: what is being processed (a document id), for the message.

    Raises:
        TimeLimitError: the block ran past the limit.

    Example:
        >>> import time
        >>> with time_limit(0.05, source="slow.txt"):
        ...     time.sleep(1)
        Traceback (most recent call last):
        ...
        geokg.errors.TimeLimitError: slow.txt: extraction took longer than 0.05 s, ...
    """
    if not seconds or not _can_time():
        yield
        return
    if signal.getitimer(signal.ITIMER_REAL)[0] > 0:
        # Someone else's timer is running; replacing it would break their deadline.
        logger.debug("an interval timer is already set; no time limit for %s", source)
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise _Expired

    previous = signal.signal(signal.SIGALRM, expire)
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _Expired:
        raise TimeLimitError(
            source,
            f"extraction took longer than {seconds:g} s, the per-document time limit "
            "(raise it with --time-limit, or split the document)",
        ) from None
    finally:
        signal.signal(signal.SIGALRM, previous)


def _can_time() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
