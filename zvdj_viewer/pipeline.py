"""Reading files in worker processes, and cutting catalogued text into index units.

``process_file(path)`` is pure and picklable: read + analyse one file, in whatever process it
runs. Failures become ``FileResult(error=...)``; it never raises.

``run_parallel(paths, workers=2)`` runs it in a small pool of spawned worker processes (one
per core; PyMuPDF extraction is CPU-bound) and yields results as they finish, so the caller
can report progress and write the catalog while the next files are read. Each file gets a
time limit: a worker that takes longer is killed and replaced, and the file is reported as
"took too long, skipped". A worker that dies (a crash inside a C library) is replaced too.
``multiprocessing.Pool`` cannot do either for a single task, hence the few lines of our own.

Frozen apps (PyInstaller) must call ``multiprocessing.freeze_support()`` first thing in main.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import multiprocessing as mp
import multiprocessing.connection
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import page_progress
from .compact_pickle import by_fields
from .budget import OverBudget, analyse_within_budget
from .fsnames import readable
from .model import Document, DocSpan, Pos, ReadError, SourceText
from .readers.words import join_hyphenated

FILE_TIMEOUT = 120.0  # seconds per file before a worker is replaced
CHUNK_LINES = 60  # text sources: lines per index unit


@by_fields  # what a reader process sends, with its documents (compact_pickle.py)
@dataclass
class FileResult:
    path: str
    source: SourceText | None = None
    documents: list[Document] = field(default_factory=list)
    error: str | None = None  # the file could not be read: the reason, in words
    problems: list[str] = field(default_factory=list)  # extra non-fatal problems (analysis)
    seconds: float = 0.0
    ocr_todo: list[int] = field(default_factory=list)  # pages that need OCR and have none cached
    # set by for_catalog (in the reader process): the pages as the catalog stores them; the
    # pages of ``source`` then hold no lines (their number and text state only)
    stored_pages: list[tuple] | None = None

    @property
    def pages(self) -> int:
        return self.source.page_count if self.source else 0


# -- one file ------------------------------------------------------------------------------

def process_file(path: str, data_dir: str | None = None) -> FileResult:
    """Read and analyse one file. Never raises: errors are reported in the result.

    ``data_dir``: pages without a usable text layer get their OCR text from the OCR cache
    there (``ocr.apply_cached``) before analysis; the pages still to OCR are listed.
    """
    t0 = time.perf_counter()
    path = str(path)
    kept: list = []  # a PDF's document, left open by its reader for the redaction boxes
    try:
        from . import readers

        source = readers.read(path, keep_open=kept)
    except ReadError as err:
        return FileResult(path, error=str(err) or "could not be read", seconds=time.perf_counter() - t0)
    except MemoryError:
        return FileResult(path, error="too large to read (out of memory)", seconds=time.perf_counter() - t0)
    except Exception as err:  # a reader bug must not stop the whole update
        return FileResult(
            path, error=f"could not be read ({type(err).__name__}: {err})", seconds=time.perf_counter() - t0
        )
    try:  # the document left open is closed whatever happens below
        problems: list[str] = []
        ocr_todo: list[int] = []
        if data_dir is not None:
            try:
                from .ocr import apply_cached

                ocr_todo = apply_cached(source, data_dir)
            except Exception as err:  # the file's own text is still worth having
                problems.append(f"cached OCR text could not be used ({type(err).__name__}: {err})")
        try:
            documents, slow_parts = analyse_within_budget(source, analyse)
            problems += slow_parts  # pages skipped by the analysis for taking too long, by number
        except OverBudget as err:
            problems.append(f"document analysis took too long ({err}); kept as one document")
            documents = fallback_documents(source)
        except Exception as err:
            # the text is still worth finding: keep it as one unclassified document
            problems.append(f"document analysis failed ({type(err).__name__}: {err}); kept as one document")
            documents = fallback_documents(source)
        if source.kind == "pdf":
            try:
                from .redaction_boxes import attach_boxes

                attach_boxes(source, documents, kept[0] if kept else None)
            except Exception as err:  # boxes are an addition: the documents stand without them
                problems.append(f"redaction boxes could not be found ({type(err).__name__}: {err})")
    finally:
        for doc in kept:
            doc.close()
    from .link.mentions import document_json
    from .link.versions import signature

    for d in documents:  # made here, in the worker: the catalog is written by one process
        d.minhash = signature(d.text)
        d.mentions = document_json(d.text, d.items)
    return FileResult(path, source=source, documents=documents, problems=problems,
                      seconds=time.perf_counter() - t0, ocr_todo=ocr_todo)


def process_file_for_catalog(path: str, data_dir: str | None = None) -> FileResult:
    """``process_file``, made ready for the trip to the process that writes the catalog
    (``for_catalog``): what archive/update.py runs in its reader processes."""
    try:
        return for_catalog(process_file(path, data_dir))
    finally:
        _forget_file()


def _forget_file() -> None:
    """What a reader process need not keep from one file to the next (issue 22: memory):
    the analysis' per-line caches, and the heap the file's objects took, given back to the
    system (glibc keeps freed memory otherwise)."""
    import sys

    furniture = sys.modules.get(f"{__package__}.understanding.furniture")
    if furniture is not None:
        furniture.forget_lines()
    _trim_heap()


@functools.lru_cache(maxsize=1)
def _libc():
    try:
        import ctypes

        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (Windows, macOS, musl): nothing to give back
        return None


def _trim_heap() -> None:
    trim = _libc()
    if trim is not None:
        trim(0)


def for_catalog(result: FileResult) -> FileResult:
    """The result with its pages made into catalog rows (catalog.stored_page) and their
    Line objects dropped. Pickling a page's ~40 Line dataclasses and building them again on
    the other side was most of the cost of passing a result between processes (issue 22);
    the catalog keeps only the lines' text, furniture marks and line numbers anyway."""
    from dataclasses import replace

    from .catalog import stored_page

    if result.source is None or result.stored_pages is not None:
        return result
    result.stored_pages = [stored_page(p) for p in result.source.pages]
    result.source.pages = [replace(p, lines=[], ocr_words=[], boxes=[]) for p in result.source.pages]
    return result


def analyse(source: SourceText) -> list[Document]:
    """The documents of a source (analyse.py); imported here, in the reader process."""
    from .understanding.analyse import analyse as real_analyse

    return real_analyse(source)


def fallback_documents(source: SourceText) -> list[Document]:
    """One document ("other") spanning the whole source."""
    if not source.pages:
        return []
    last = source.pages[-1]
    span = DocSpan(Pos(source.pages[0].number, 0), Pos(last.number, max(len(last.lines) - 1, 0)), "whole file")
    doc = Document(source=source.path, span=span, type="other",
                   title=source.title or readable(Path(source.path).stem),
                   text="\n".join(p.reading_text() for p in source.pages if p.has_text and not p.garbled))
    if source.kind == "pdf":
        doc.first_page, doc.last_page = source.pages[0].number, last.number
    else:
        numbers = [ln.number for p in source.pages for ln in p.lines if ln.number is not None]
        if numbers:
            doc.first_line, doc.last_line = min(numbers), max(numbers)
    return [doc]


# -- many files in worker processes --------------------------------------------------------

@dataclass(frozen=True)
class PageTick:
    """Sent while a big file is read: page ``done`` of ``total`` of ``path`` (see page_progress)."""

    path: str
    done: int
    total: int


def _worker_main(conn, fn=process_file) -> None:
    """Loop of a worker process: receive a path, send back its FileResult."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the main process to handle
    gc.set_threshold(*READER_GC_THRESHOLDS)
    while True:
        try:
            path = conn.recv()
        except (EOFError, OSError):
            return
        if path is None:
            return
        def tick(done: int, total: int, path: str = path) -> None:  # how far a big file is
            conn.send(PageTick(path, done, total))

        with page_progress.reporting(tick):
            result = fn(path)
        try:
            conn.send(result)
        except Exception as err:  # e.g. something in the result does not pickle
            conn.send(FileResult(path, error=f"internal error passing the result on ({err})"))
        del result
        _settle_heap()


# The cycle collector in a reader process (issue 22). Reading and analysing a file builds tens
# of thousands of small objects (lines, places, items) that all live until the result is sent;
# almost none is in a reference cycle (refcounting frees them), yet with Python's default
# thresholds (700, 10, 10) the collector ran ~400 times per 1,000 pages and walked the modules'
# objects and the file's growing heap each time: ~0.2 CPU ms per page on corpus-1000
# (bench/reader_gc.py), 0.3-0.5 at 10k pages (bench/wall_structure.py, readers' CPU). A larger first threshold lets it run rarely within a file; between files the
# little there is to collect is collected and what survives (modules, caches) is frozen, so no
# later pass walks it again.
READER_GC_THRESHOLDS = (50_000, 10, 10)


def _settle_heap() -> None:
    """Between two files of a reader process: collect the cycles the last file left, then
    freeze what survives (it lives as long as the process)."""
    gc.collect()
    gc.freeze()


class _Worker:
    def __init__(self, ctx, fn):
        self.ctx = ctx
        self.fn = fn
        self.path: str | None = None
        self.deadline = 0.0
        self._start()

    def _start(self) -> None:
        self.conn, child = self.ctx.Pipe()
        self.proc = self.ctx.Process(target=_worker_main, args=(child, self.fn), daemon=True,
                                     name="zvdj-reader")
        self.proc.start()
        child.close()  # so a dead child shows as EOF on our end

    def give(self, path: str, timeout: float) -> None:
        self.path = path
        self.deadline = time.monotonic() + timeout
        self.conn.send(path)

    def restart(self) -> None:
        self.kill()
        self._start()

    def kill(self) -> None:
        self.path = None
        end_process(self.proc)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
            self.proc.join(2)
        except (OSError, ValueError):
            pass
        self.kill()


def end_process(proc, wait: float = 5.0) -> None:
    """Stop a helper process: politely (SIGTERM), then for sure (SIGKILL)."""
    if proc.is_alive():
        proc.terminate()
    proc.join(wait)
    if proc.is_alive():
        proc.kill()
        proc.join(wait)


def run_parallel(
    paths: Iterable[str],
    workers: int = 2,
    *,
    timeout: float = FILE_TIMEOUT,
    cancel: threading.Event | None = None,
    fn: Callable[[str], FileResult] = process_file,
    on_page: Callable[[str, int, int], None] | None = None,
) -> Iterator[FileResult]:
    """Yield a FileResult per path, in the order they finish.

    ``on_page(path, done, total)``: how far a big file is, now and then while it is read
    (called in the caller's thread, between results).

    workers <= 0 reads in this process (no time limit; for tests and single small files).
    When ``cancel`` is set no new file is started; files being read are finished and yielded.
    ``fn`` (a module-level function, picklable) replaces ``process_file`` in tests.
    """
    todo = deque(str(p) for p in paths)
    if not todo:
        return
    if workers <= 0:
        while todo and not (cancel and cancel.is_set()):
            path = todo.popleft()
            with page_progress.reporting(functools.partial(_pages_of, on_page, path) if on_page else None):
                result = fn(path)
            yield result
        return
    ctx = mp.get_context("spawn")  # fork is unsafe with threads (the UI) and absent on Windows
    # The workers are looked after by a thread of their own, so they go on reading while the
    # caller is busy with earlier results (writing the catalog and the index takes seconds at
    # a time): otherwise each worker sits idle from the end of its file until the caller
    # comes back. At most RESULTS_AHEAD results wait; then the thread stops handing out files.
    results: queue.Queue = queue.Queue(maxsize=RESULTS_AHEAD)
    stop = threading.Event()
    thread = threading.Thread(target=_look_after, args=(ctx, fn, todo, workers, timeout, cancel, results, stop),
                              name="zvdj-readers", daemon=True)
    thread.start()
    try:
        while True:
            item = results.get()
            if item is _DONE:
                return
            if isinstance(item, _Failure):
                raise item.error
            if isinstance(item, PageTick):
                if on_page is not None:
                    on_page(item.path, item.done, item.total)
                continue
            yield item
    finally:
        stop.set()
        while thread.is_alive():  # a thread blocked on a full queue must see the stop
            try:
                results.get(timeout=0.05)
            except queue.Empty:
                pass
        thread.join()


RESULTS_AHEAD = 4  # finished files that may wait for the caller


def _pages_of(on_page: Callable[[str, int, int], None], path: str, done: int, total: int) -> None:
    on_page(path, done, total)


class _Failure:
    def __init__(self, error: BaseException):
        self.error = error


_DONE = object()


def _look_after(ctx, fn, todo: deque, workers: int, timeout: float, cancel, results: queue.Queue,
                stop: threading.Event) -> None:
    """Thread: hand files to the workers, collect what they send, replace the ones that hang
    or die, and put the results in ``results`` (ends with _DONE, or _Failure on an error)."""
    pool: list[_Worker] = []

    def put(item) -> bool:
        while not stop.is_set():
            try:
                results.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def feed() -> None:
        for w in pool:
            if w.path is None and todo and not (cancel and cancel.is_set()) and not stop.is_set():
                w.give(todo.popleft(), timeout)
        if not todo or (cancel and cancel.is_set()):
            # no file is left to hand out: a reader without one ends now, so that its memory
            # (100-180 MB a reader) is given back for what runs after the reading (the linking
            # helper starts then), instead of being held idle until the last file is read
            for w in [w for w in pool if w.path is None]:
                w.stop()
                pool.remove(w)

    try:
        pool.extend(_Worker(ctx, fn) for _ in range(min(workers, len(todo))))
        while not stop.is_set():
            feed()
            busy = [w for w in pool if w.path is not None]
            if not busy:
                break
            wait = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            ready = mp.connection.wait([w.conn for w in busy], timeout=min(wait, 0.5))
            done: list[FileResult] = []
            for w in busy:
                path = w.path
                if w.conn in ready:
                    try:
                        got = w.conn.recv()
                    except (EOFError, OSError):
                        w.restart()
                        done.append(FileResult(path, error="the reader crashed on this file; skipped"))
                        continue
                    if not isinstance(got, PageTick):
                        done.append(got)
                        w.path = None
                        continue
                    with contextlib.suppress(queue.Full):  # still reading: passed on if there is room
                        results.put_nowait(got)
                if time.monotonic() >= w.deadline:  # also when it keeps reporting pages
                    w.restart()
                    done.append(FileResult(path, error=f"took too long (more than {timeout:g} s); skipped",
                                           seconds=timeout))
            feed()  # keep the workers busy while these results wait for the caller
            for r in done:
                if not put(r):
                    break
    except BaseException as err:  # noqa: BLE001 - handed to the caller's thread, raised there
        put(_Failure(err))
    finally:
        for w in pool:
            w.stop()
        put(_DONE)


# -- index units from catalogued text ------------------------------------------------------

@dataclass
class PageLines:
    """A catalogued page as the unit builder needs it."""

    number: int
    lines: list[str]
    furniture: frozenset[int] = frozenset()
    line_numbers: list[int | None] | None = None
    readable: bool = True  # has a text layer and it is not garbled


@dataclass
class DocForIndex:
    doc_id: str
    source: str
    kind: str
    start: Pos
    end: Pos
    type: str
    series: str | None
    date: str | None
    title: str
    redactions: Sequence[tuple[str, int | None, int | None]] = ()  # (code, page, line)


def index_units(doc: DocForIndex, pages: dict[int, PageLines]) -> list[dict]:
    """The index units (as dicts of IndexUnit fields) of one document.

    PDF: one unit per page of the document's span (only the document's own lines on a page
    it shares with a neighbour). Other sources: one unit per chunk of ``CHUNK_LINES`` lines,
    page = chunk number (1..), line = file line number of the chunk's first line. Furniture,
    pages without text and garbled pages are left out; a document with no readable text
    still gets one empty unit, so type and date filters find it.
    """
    units: list[dict] = []

    def unit(page: int, line: int | None, content: str, codes: list[str]) -> dict:
        return dict(doc_id=doc.doc_id, source=doc.source, page=page, line=line, type=doc.type,
                    series=doc.series, date=doc.date, title=doc.title, redactions=codes,
                    content=content)

    if doc.kind == "pdf":
        for number in range(doc.start.page, doc.end.page + 1):
            p = pages.get(number)
            if p is None or not p.readable:
                continue
            lo = doc.start.line if number == doc.start.page else 0
            hi = doc.end.line if number == doc.end.page else len(p.lines) - 1
            text = "\n".join(p.lines[i] for i in range(lo, min(hi, len(p.lines) - 1) + 1)
                             if i not in p.furniture)
            if text.strip():
                codes = [c for c, pg, _ in doc.redactions if pg is None or pg == number]
                # a word broken over two PDF lines must still be found as one word
                units.append(unit(number, None, join_hyphenated(text), codes))
    else:
        for number in range(doc.start.page, doc.end.page + 1):
            p = pages.get(number)
            if p is None or not p.readable:
                continue
            lo = doc.start.line if number == doc.start.page else 0
            hi = min(doc.end.line if number == doc.end.page else len(p.lines) - 1, len(p.lines) - 1)
            for first in range(lo, hi + 1, CHUNK_LINES):
                last = min(first + CHUNK_LINES - 1, hi)
                # furniture lines stay as empty lines: a hit's offset in the chunk is then
                # its line in the file (the search shows the line of the hit itself)
                text = "\n".join("" if i in p.furniture else p.lines[i] for i in range(first, last + 1))
                if not text.strip():
                    continue
                nums = p.line_numbers
                given_first = nums[first] if nums else None  # the file's own line numbers
                given_last = nums[last] if nums else None
                first_no = given_first if given_first is not None else first + 1
                last_no = given_last if given_last is not None else last + 1
                codes = [c for c, _, ln in doc.redactions
                         if ln is None or first_no <= ln <= last_no]
                units.append(unit(len(units) + 1, first_no, text, codes))
    if not units:
        units.append(unit(doc.start.page if doc.kind == "pdf" else 1, None, "",
                          [c for c, _, _ in doc.redactions]))
    return units
