"""Background work for the UI: one function at a time on a QThread, the result coming back to
the UI thread through a queued signal, so the window never freezes.

The core's functions are plain and synchronous (an update, an audit, a version search); a view
hands one to a ``Task`` and gets ``done(result, error)``. A function that reports progress
takes the report callback as its argument (``start(fn, report=True)``); each report arrives
as ``progress(value)`` in the UI thread. Indexing (indexing.py) and the Woo views (audit,
versions) share this one runner.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot


class _Worker(QObject):
    progress = Signal(object)
    finished = Signal(object, object)  # result, error text (one of them None)

    def __init__(self, fn: Callable[..., Any], report: bool):
        super().__init__()
        self.fn, self.report = fn, report

    @Slot()
    def run(self) -> None:
        try:
            result = self.fn(self.progress.emit) if self.report else self.fn()
        except Exception as err:  # failing work must not take the window down
            self.finished.emit(None, f"{type(err).__name__}: {err}")
            return
        self.finished.emit(result, None)


class Task(QObject):
    """Runs one function at a time on a QThread. Signals: progress(value) (report=True),
    done(result, error)."""

    progress = Signal(object)
    done = Signal(object, object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._thread: QThread | None = None
        self._worker: _Worker | None = None

    def running(self) -> bool:
        return self._thread is not None

    def thread_running(self) -> bool:
        """The thread itself still runs (its work, or its event loop before it quits)."""
        return self._thread is not None and self._thread.isRunning()

    def start(self, fn: Callable[..., Any], *, report: bool = False) -> bool:
        if self._thread is not None:
            return False
        self._thread = QThread(self)
        self._worker = _Worker(fn, report)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progress.connect(self.progress)
        self._worker.finished.connect(self._finish)
        # the thread's loop ends as soon as the work is done, from the thread itself: wait()
        # (closing the window) must not sit out its whole timeout for a _finish that only the
        # main thread's loop, blocked in that wait, would deliver
        self._worker.finished.connect(self._thread.quit, Qt.ConnectionType.DirectConnection)
        self._thread.start()
        return True

    def wait(self, ms: int = 30000) -> None:
        if self._thread is not None:
            self._thread.wait(ms)

    def stop(self, ms: int = 60000) -> None:
        """Wait for the work to end (the caller has told it to stop, e.g. by a cancel event).
        The thread's event loop is told to quit here too: the app's event loop may have ended,
        so no queued call would reach it."""
        thread = self._thread
        if thread is not None:
            thread.quit()  # takes effect once the work returns
            thread.wait(ms)

    @Slot(object, object)
    def _finish(self, result, error) -> None:
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.quit()
            thread.wait()
            thread.deleteLater()
        self._worker = None
        self.done.emit(result, error)
