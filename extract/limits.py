"""The per-document time limit of the rule stage.

spaCy parses in time linear in the text, and the text is bounded
(:data:`geokg.extract.inputs.DEFAULT_MAX_CHARS`); the rules that read the parse
are Python, and one unusual document (a sentence of thousands of coordinated
names, say) could keep them busy for a long time. :func:`time_limit` stops such
a document with a :class:`~geokg.errors.TimeLimitError` that names it, so the
run reports it and goes on.

In the main thread of a process on a POSIX platform the limit is an interval
timer (``SIGALRM``). In any other thread (a Dask worker runs its tasks in
threads) a watchdog timer thread raises the same error in the timed thread
through CPython's ``PyThreadState_SetAsyncExc``. Either way it interrupts
Python code only: a long call into C (a regular expression, spaCy's parser)
is stopped when it returns.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import signal
import sys
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
    if not seconds:
        yield
        return
    if not _can_time():
        with _watchdog(seconds, source):
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
        raise _limit_error(source, seconds) from None
    finally:
        signal.signal(signal.SIGALRM, previous)


def _limit_error(source: str, seconds: float) -> TimeLimitError:
    return TimeLimitError(
        source,
        f"extraction took longer than {seconds:g} s, the per-document time limit "
        "(raise it with --time-limit, or split the document)",
    )


@contextlib.contextmanager
def _watchdog(seconds: float, source: str) -> Iterator[None]:
    """The limit in a thread other than the main one: a timer thread interrupts this one."""
    if sys.implementation.name != "cpython":
        logger.debug("no time limit for %s outside the main thread on %s", source, sys.platform)
        yield
        return
    target = threading.get_ident()
    lock = threading.Lock()
    state = {"active": True, "fired": False}

    def expire() -> None:
        with lock:
            if state["active"]:
                state["fired"] = True
                _set_async_exc(target, _Expired)

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        try:
            yield
        finally:
            with lock:
                state["active"] = False
                timer.cancel()
                if state["fired"]:
                    _set_async_exc(target, None)  # not delivered yet: take it back
    except _Expired:
        raise _limit_error(source, seconds) from None


def _set_async_exc(thread_id: int, exc: type[BaseException] | None) -> None:
    """Raise ``exc`` in the thread at its next bytecode (``None``: cancel a pending one)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc is not None else None
    )


def _can_time() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
