"""Indexing in the background: Archive.update runs as a Task (tasks.py), progress comes back
to the UI thread through queued signals, so the window never freezes and Cancel works mid-run."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from .tasks import Task

if TYPE_CHECKING:
    from ..archive.contract import ArchiveWriter


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
        self._task = Task(self)
        self._task.progress.connect(self.progress)
        self._task.done.connect(self._finish)
        self._cancel = threading.Event()
        self.last_report = None

    def running(self) -> bool:
        return self._task.running()

    def thread_running(self) -> bool:
        return self._task.thread_running()

    def start(self, paths=None) -> bool:
        if self._task.running():
            return False
        self._cancel = cancel = threading.Event()
        archive = self.archive

        def update(report):
            # one reading process inside the app: the UI keeps the other core
            return archive.update(paths, progress=report, cancel=cancel, workers=1)

        self._task.start(update, report=True)
        self.started.emit()
        return True

    def cancel(self) -> None:
        self._cancel.set()

    def wait(self, ms: int = 30000) -> None:
        self._task.wait(ms)

    def stop(self, ms: int = 60000) -> None:
        """Cancel and wait for the run to end."""
        self._cancel.set()
        self._task.stop(ms)

    @Slot(object, object)
    def _finish(self, report, error) -> None:
        if error is not None:  # the index must not take the window down with it
            self.error.emit(error)
        self.last_report = report
        self.done.emit(report)
