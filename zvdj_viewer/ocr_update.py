"""The OCR phase of an update: after the text-layer pages are indexed and searchable.

Every catalogued PDF page without a usable text layer (and no OCR result yet) is OCR'd in
worker processes (``pipeline.run_parallel`` with ``ocr.ocr_task``: a few pages of one file per
task, ``ocr_tasks``, a time limit per task, cancel between tasks). Each result goes to the OCR
cache the moment its task has read it. A file is read again from the cache, re-analysed and re-indexed when all its pages are
done, and every ``REFRESH_SECONDS`` while a long file is still in progress (once half as many
pages again are done as at its last refresh: ``REFRESH_GROWTH``), so its pages become
searchable as OCR goes on; documents, titles and redaction codes are then found in the OCR
text by the same analysis as any text layer.
"""

from __future__ import annotations

import json
import os
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
# A task reads up to this many pages of a file in one Tesseract run (ocr.read_pages): every
# run loads the Dutch model, 0.13 s of CPU, and a page's OCR takes 1.2-1.9 s. Not more: a
# kill loses the pages of the tasks in progress, and a cancel waits for them. Fewer when the
# file has too few pages to give each worker three tasks: the workers then end together, and
# a cancel or a kill on a short file still loses or waits for about one page a worker.
PAGES_PER_TASK = 4
TASKS_PER_WORKER = 3


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
    from .archive import Progress

    cat, data_dir = updater.cat, str(updater.a.data_dir)
    todo: dict[str, list[int]] = {}
    for r in cat.pages_needing_ocr():
        if any(under(r["path"], root) for root in roots):
            todo.setdefault(r["path"], []).append(r["number"])
    total = sum(len(v) for v in todo.values())
    out = OcrOutcome()
    if not total:
        return out
    if not ocr.available():
        out.notice = ocr.NOT_INSTALLED.format(n=total)
        return out
    from .pipeline import run_parallel  # only now: an update with nothing to OCR skips it (issue 22)

    workers = max(1, updater.workers)
    tasks = ocr_tasks(todo, workers, data_dir)
    left = {path: len(numbers) for path, numbers in todo.items()}
    last = {path: time.monotonic() for path in todo}
    refreshed_at = dict.fromkeys(todo, 0)  # pages of the file done at its last refresh
    updater.progress(Progress("ocr", 0, total, None, _progress_message(0, total)))
    done = 0
    while tasks:
        crashed = []  # tasks of several pages that crashed their worker: each page again alone
        for result in run_parallel(tasks, workers, timeout=ocr.PAGE_TIMEOUT * PAGES_PER_TASK + 60,
                                   cancel=updater.cancel, fn=ocr.ocr_task):
            path, numbers, _ = json.loads(result.path)
            numbers = [numbers] if isinstance(numbers, int) else numbers
            if result.error and "crashed" in result.error and len(numbers) > 1:
                crashed += [json.dumps([path, n, data_dir]) for n in numbers]
                continue
            done += len(numbers)
            if result.error:
                out.failed += [(path, f"page {n}: OCR failed ({result.error})") for n in numbers]
                if "crashed" in result.error:  # a page that crashes the worker would do it again
                    _remember_failure(path, numbers[0], data_dir, result.error)
            else:
                out.failed += [(path, problem) for problem in result.problems]
                out.pages += len(numbers) - len(result.problems)
            left[path] -= len(numbers)
            updater.progress(Progress("ocr", done, total, path, _progress_message(done, total)))
            done_here = len(todo[path]) - left[path]
            if left[path] == 0 or (time.monotonic() - last[path] > REFRESH_SECONDS
                                   and done_here >= REFRESH_GROWTH * refreshed_at[path]):
                _refresh(updater, path, data_dir, out)
                last[path], refreshed_at[path] = time.monotonic(), done_here
        tasks = [] if updater.cancel is not None and updater.cancel.is_set() else crashed
    out.cancelled = bool(updater.cancel is not None and updater.cancel.is_set())
    for path, n in left.items():  # cancelled: what was read so far becomes searchable too
        if 0 < n < len(todo[path]):
            _refresh(updater, path, data_dir, out)
    return out


def ocr_tasks(todo: dict[str, list[int]], workers: int, data_dir: str) -> list[str]:
    """The tasks for ``ocr.ocr_task``: each file's pages in runs of up to PAGES_PER_TASK, fewer
    when that leaves a worker fewer than TASKS_PER_WORKER tasks of the file; with several
    workers the last ``workers`` tasks are cut in halves."""
    runs: list[list] = []
    for path, numbers in todo.items():
        size = max(1, min(PAGES_PER_TASK, -(-len(numbers) // (TASKS_PER_WORKER * workers))))
        runs += [[path, numbers[i:i + size]] for i in range(0, len(numbers), size)]
    if workers > 1:
        # The last task of each worker goes out in halves: tasks are handed out as workers
        # come free, so at the end one worker sits idle while the other finishes its last
        # task (on a 40-page scan, tasks of 4: one Tesseract ran alone for 7.6 s at the end).
        tail = runs[-workers:]
        del runs[-workers:]
        for path, numbers in tail:
            half = -(-len(numbers) // 2)
            runs += [[path, numbers[:half]]] + ([[path, numbers[half:]]] if numbers[half:] else [])
    return [json.dumps([path, numbers, data_dir]) for path, numbers in runs]


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
