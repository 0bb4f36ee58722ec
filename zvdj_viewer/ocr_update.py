"""The OCR phase of an update: after the text-layer pages are indexed and searchable.

Every catalogued PDF page without a usable text layer (and no OCR result yet) is OCR'd in
worker processes (``pipeline.run_parallel`` with ``ocr.ocr_task``: a page per task,
``ocr_tasks``, a time limit per task, cancel between tasks; each worker keeps one Tesseract
running from page to page, ``ocr_session``). Each result goes to the OCR
cache the moment its task has read it. A file is read again from the cache, re-analysed and re-indexed when all its pages are
done, and every ``REFRESH_SECONDS`` while a long file is still in progress (once half as many
pages again are done as at its last refresh: ``REFRESH_GROWTH``), so its pages become
searchable as OCR goes on; documents, titles and redaction codes are then found in the OCR
text by the same analysis as any text layer.
"""

from __future__ import annotations

import json
import os
import threading
import time
from dataclasses import dataclass, field

from . import ocr
from .catalog import SourceRecord

REFRESH_SECONDS = 20.0  # a file being OCR'd is re-indexed at least this often
# ... and only once its OCR'd pages have grown by this factor since its last refresh. Why: a
# refresh reads, analyses and indexes the whole file again, so every 20 s alone costs the
# main process time in the square of a long scan's length, and more the slower OCR goes (a
# 40-page scan on a busy machine: the main process 6.5 of 106 CPU s, 3.1 with this). Growing
# by half each time, all refreshes together cost about three times the last one.
REFRESH_GROWTH = 1.5


@dataclass
class OcrOutcome:
    pages: int = 0  # pages OCR'd in this run
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, "page 3: why")
    notice: str | None = None  # said once: Tesseract missing
    refreshed: int = 0  # times a file was re-indexed with its OCR text
    paths: set[str] = field(default_factory=set)  # the files re-indexed
    cancelled: bool = False


def _progress_message(done: int, total: int) -> str:
    return f"OCR: {done}/{total} pagina's"


def run_ocr(updater, roots, under) -> OcrOutcome:
    """OCR the pages that need it in the sources under ``roots`` (``under(path, root)``)."""
    started = start_ocr(updater, roots, under)
    return started if isinstance(started, OcrOutcome) else finish_ocr(updater, started)


class OcrRun:
    """OCR under way in the worker processes; its results wait here until ``finish_ocr``
    takes them. Why started ahead: the update relinks the text layers before it takes up
    OCR's results, and the workers' start (a Python process each, then Tesseract loading its
    model) and the first pages need not wait for that (issue 22: 2.1 s before the first
    Tesseract ran on an 8-page scan)."""

    def __init__(self, updater, todo: dict[str, list[int]], data_dir: str):
        import queue

        from .pipeline import run_parallel  # only now: an update with nothing to OCR skips it (issue 22)

        self.todo, self.data_dir = todo, data_dir
        self.total = sum(len(v) for v in todo.values())
        self.stop = _Either(updater.cancel)  # the user's Cancel, or the update given up
        self.results: queue.Queue = queue.Queue()
        stream = run_parallel(ocr_tasks(todo, data_dir), max(1, updater.workers), timeout=ocr.PAGE_TIMEOUT + 60,
                              cancel=self.stop, fn=ocr.ocr_task)
        self.thread = threading.Thread(target=self._gather, args=(stream,), name="zvdj-ocr", daemon=True)
        self.thread.start()

    def _gather(self, stream) -> None:
        try:
            for result in stream:
                self.results.put(result)
        except BaseException as err:  # noqa: BLE001 - raised in the thread that takes the results
            self.results.put(_Raised(err))
        finally:
            self.results.put(_END)

    def __iter__(self):
        while True:
            item = self.results.get()
            if item is _END:
                return
            if isinstance(item, _Raised):
                raise item.error
            yield item

    def abandon(self) -> None:
        """No more pages handed out; the pages being read are finished (and cached)."""
        self.stop.set()
        self.thread.join()


class _Either(threading.Event):
    """Set when the update's cancel event (if any) or this one is set (only ``is_set`` is
    asked: pipeline.run_parallel)."""

    def __init__(self, cancel):
        super().__init__()
        self.cancel = cancel

    def is_set(self) -> bool:
        return super().is_set() or (self.cancel is not None and self.cancel.is_set())


class _Raised:
    def __init__(self, error: BaseException):
        self.error = error


_END = object()


def start_ocr(updater, roots, under) -> OcrRun | OcrOutcome:
    """Start OCR of the pages that need it under ``roots``; an OcrOutcome when there is
    nothing to start (no such pages, or no Tesseract: its notice)."""
    cat, data_dir = updater.cat, str(updater.a.data_dir)
    todo: dict[str, list[int]] = {}
    for r in cat.pages_needing_ocr():
        if any(under(r["path"], root) for root in roots):
            todo.setdefault(r["path"], []).append(r["number"])
    total = sum(len(v) for v in todo.values())
    if not total:
        return OcrOutcome()
    if not ocr.available():
        return OcrOutcome(notice=ocr.NOT_INSTALLED.format(n=total))
    return OcrRun(updater, todo, data_dir)


def finish_ocr(updater, run: OcrRun) -> OcrOutcome:
    """Take the results of ``run`` as they come: failures noted, each file refreshed (read
    again with its OCR text, stored, indexed) when its pages are done and now and then while
    a long file is in progress."""
    from .archive import Progress

    todo, data_dir, total = run.todo, run.data_dir, run.total
    out = OcrOutcome()
    left = {path: len(numbers) for path, numbers in todo.items()}
    last = {path: time.monotonic() for path in todo}
    refreshed_at = dict.fromkeys(todo, 0)  # pages of the file done at its last refresh
    updater.progress(Progress("ocr", 0, total, None, _progress_message(0, total)))
    done = 0
    threading.Thread(target=_warm_up, name="zvdj-warm-up", daemon=True).start()
    try:
        for result in run:
            path, number, _ = json.loads(result.path)
            done += 1
            if result.error:
                out.failed.append((path, f"page {number}: OCR failed ({result.error})"))
                if "crashed" in result.error:  # a page that crashes the worker would do it again
                    _remember_failure(path, number, data_dir, result.error)
            else:
                out.pages += 1
            left[path] -= 1
            updater.progress(Progress("ocr", done, total, path, _progress_message(done, total)))
            done_here = len(todo[path]) - left[path]
            if left[path] == 0 or (time.monotonic() - last[path] > REFRESH_SECONDS
                                   and done_here >= REFRESH_GROWTH * refreshed_at[path]):
                _refresh(updater, path, data_dir, out)
                last[path], refreshed_at[path] = time.monotonic(), done_here
    finally:
        run.abandon()  # ended already, unless something above raised
    out.cancelled = bool(updater.cancel is not None and updater.cancel.is_set())
    for path, n in left.items():  # cancelled: what was read so far becomes searchable too
        if 0 < n < len(todo[path]):
            _refresh(updater, path, data_dir, out)
    return out


def _warm_up() -> None:
    """Import what a file's refresh reads and analyses it with, while the workers OCR (this
    process waits for them anyway): otherwise the first refresh, after a file's last page,
    pays for it (0.18 of 0.20 CPU s for an 8-page scan), and nothing else runs then."""
    import importlib

    for name in ("readers", "readers.pdf", "understanding.analyse", "redaction_boxes", "link.mentions",
                 "link.versions"):
        importlib.import_module(f"{__package__}.{name}")


def ocr_tasks(todo: dict[str, list[int]], data_dir: str) -> list[str]:
    """The tasks for ``ocr.ocr_task``, one page each, file by file."""
    return [json.dumps([path, number, data_dir]) for path, numbers in todo.items() for number in numbers]


def _remember_failure(path: str, number: int, data_dir: str, why: str) -> None:
    """A page that crashed the worker: cached as failed, not retried. (A page that ran out of
    wall time is tried again next time: on a busy machine it may well pass.)"""
    import pymupdf

    try:
        with pymupdf.open(path) as doc:
            key = ocr.page_key(doc[number - 1])
    except Exception:  # noqa: BLE001 - the file is gone: nothing to remember
        return
    ocr.OcrCache(data_dir).put(key, ocr.OcrPage(error=why))


def _refresh(updater, path: str, data_dir: str, out: OcrOutcome) -> None:
    """Read ``path`` again (now with its OCR text from the cache), store and index it."""
    row = updater.cat.source_state(path)
    if row is None or row["error"]:
        return
    try:
        st = os.stat(path)
    except OSError:
        return
    if (st.st_size, st.st_mtime_ns) != (row["size"], row["mtime_ns"]):
        return  # changed since it was read: the next update reads it anew
    from .pipeline import process_file

    result = process_file(path, data_dir)
    if result.error is not None:
        return
    rec = SourceRecord(path, row["folder"], row["size"], row["mtime_ns"], row["sha256"], kind="pdf")
    sid = updater._store(rec, result)
    updater._queue_units(sid)
    updater._flush()
    out.refreshed += 1
    out.paths.add(path)
