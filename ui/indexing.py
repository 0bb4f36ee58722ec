"""Indexing in the background: Archive.update runs in a QThread, progress comes back to the
UI thread through queued signals, so the window never freezes and Cancel works mid-run."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, Signal, Slot

if TYPE_CHECKING:
    from ..archive.contract import ArchiveWriter


class _Worker(QObject):
    progress = Signal(object)  # archive.Progress
    finished = Signal(object)  # archive.UpdateReport, or None after an error
    failed = Signal(str)

    archive: ArchiveWriter  # what it may call: zvdj_viewer/archive/contract.py

    def __init__(self, archive, paths, cancel: threading.Event):
        super().__init__()
        self.archive, self.paths, self.cancel = archive, paths, cancel

    @Slot()
    def run(self) -> None:
        try:
            # one reading process inside the app: the UI keeps the other core
            report = self.archive.update(self.paths, progress=self.progress.emit, cancel=self.cancel, workers=1)
        except Exception as err:  # the index must not take the window down with it
            self.failed.emit(f"{type(err).__name__}: {err}")
            self.finished.emit(None)
            return
        self.finished.emit(report)


class Indexer(QObject):
    """Starts one update at a time. Signals: started, progress(Progress), done(UpdateReport|None),
    error(str)."""

    started = Signal()
    progress = Signal(object)
    done = Signal(object)
    error = Signal(str)

    archive: ArchiveWriter  # what it may call: zvdj_viewer/archive/contract.py

    def __init__(self, archive, parent=None):
        super().__init__(parent)
        self.archive = archive
        self._thread: QThread | None = None
        self._worker: _Worker | None = None
        self._cancel = threading.Event()
        self.last_report = None

    def running(self) -> bool:
        return self._thread is not None

    def start(self, paths=None) -> bool:
        if self._thread is not None:
            return False
        self._cancel = threading.Event()
        self._thread = QThread(self)
        self._worker = _Worker(self.archive, paths, self._cancel)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progress.connect(self.progress)
        self._worker.failed.connect(self.error)
        self._worker.finished.connect(self._finish)
        self._thread.start()
        self.started.emit()
        return True

    def cancel(self) -> None:
        self._cancel.set()

    def wait(self, ms: int = 30000) -> None:
        if self._thread is not None:
            self._thread.wait(ms)

    def stop(self, ms: int = 60000) -> None:
        """Cancel and wait for the run to end. The thread's event loop is told to quit here:
        its usual quit comes from _finish, a queued call the UI thread cannot take while it
        waits (or after the app's event loop has ended)."""
        self._cancel.set()
        thread = self._thread
        if thread is not None:
            thread.quit()  # takes effect once run() returns
            thread.wait(ms)

    @Slot(object)
    def _finish(self, report) -> None:
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.quit()
            thread.wait()
            thread.deleteLater()
        self._worker = None
        self.last_report = report
        self.done.emit(report)
