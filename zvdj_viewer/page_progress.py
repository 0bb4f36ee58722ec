"""Progress within one file, page by page: a reader says how far it is, whoever reads the file
(a worker process, or the update itself) passes it on to the progress callback.

A big Woo bundle (hundreds of pages) takes long enough that "file 3 of 10" stands still; the
reader calls ``report(done, total)`` after every page and this module decides whether to pass
it on: at most one report per ``INTERVAL`` seconds, the first only when the file has taken that
long already (a small file sends nothing, so thousands of small files cost nothing).
Per thread, so two files read at once in one process never mix.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

INTERVAL = 0.25  # seconds between two reports of one file

_local = threading.local()


class _Throttle:
    def __init__(self, fn: Callable[[int, int], None]):
        self.fn = fn
        self.last = time.monotonic()  # the file's start: no report before INTERVAL

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last >= INTERVAL:
            self.last = now
            self.fn(done, total)


def report(done: int, total: int) -> None:
    """Called by a reader: page done of total is read (passed on now and then)."""
    sink = getattr(_local, "sink", None)
    if sink is not None:
        sink(done, total)


@contextmanager
def reporting(fn: Callable[[int, int], None] | None) -> Iterator[None]:
    """While reading one file in this thread, pass its page progress to fn(done, total)."""
    before = getattr(_local, "sink", None)
    _local.sink = _Throttle(fn) if fn is not None else None
    try:
        yield
    finally:
        _local.sink = before
