"""Time budgets for the analysis of one file, so that one bad page never costs the whole file.

``cpu_limit(seconds)`` raises ``OverBudget`` inside its block once the process has used that
much CPU time (a timer signal; Python's regex engine checks for signals while it backtracks,
so even a runaway pattern stops). It works in the main thread of a process - reader workers
run files there; elsewhere it sets no timer.

``analyse_within_budget(source, analyse)`` runs the analysis under a budget for the whole
file. When that runs out it tries every page alone (a single-page text source: every block
of lines) with a budget per page, and each line of a page that runs out; the analysis then
runs again without those lines (or that page, when no line alone is slow). Their text stays
in the source and in the document (shown and searched); each page is reported by number.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace

from .model import Document, Line, SourceText

# CPU seconds. A PDF page takes 1-3 ms to analyse (bench/run.py: 2.5 ms with reading), a block
# of 200 text lines about 4 ms, so a page that takes a second holds something hostile; the
# whole-file budget (50 ms a page or block) stays below the reader's 120 s wall-clock limit,
# so the file is not lost as "took too long".
PAGE_SECONDS = 1.0
FILE_SECONDS_PER_PAGE = 0.05
FILE_SECONDS_MIN = 10.0
FILE_SECONDS_MAX = 60.0
PROBE_SECONDS_MAX = 30.0  # all single-page tries together
TEXT_BLOCK_LINES = 200  # a single-page source (text, XML/HTML) is tried in blocks of lines


class OverBudget(BaseException):
    """The time of a ``cpu_limit`` block ran out. A BaseException, so that the analysis
    steps' ``except Exception`` (a step that fails leaves its fields empty) let it through."""


@contextmanager
def cpu_limit(seconds: float) -> Iterator[bool]:
    """Raise OverBudget in the block after ``seconds`` of CPU time. Yields whether a timer
    is set (only in the main thread). An outer limit keeps running and is restored."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield False
        return
    outer_left, _ = signal.getitimer(signal.ITIMER_PROF)
    if outer_left and outer_left <= seconds:
        yield True  # the outer limit comes first: let it fire
        return

    def over(signum, frame):
        raise OverBudget(f"over {seconds:g} s")

    previous = signal.signal(signal.SIGPROF, over)
    t0 = time.process_time()
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield True
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        # SIGPROF's default action ends the process: never leave it there after a timer
        signal.signal(signal.SIGPROF, signal.SIG_IGN if previous in (signal.SIG_DFL, None) else previous)
        if outer_left:
            signal.setitimer(signal.ITIMER_PROF, max(outer_left - (time.process_time() - t0), 0.001))


def _units(source: SourceText) -> list[tuple[int, int, int, str]]:
    """(page index, first line, end line, name) of the parts tried alone."""
    if len(source.pages) > 1:
        return [(i, 0, len(p.lines), f"page {p.number}") for i, p in enumerate(source.pages)]
    page = source.pages[0]
    out = []
    for lo in range(0, len(page.lines), TEXT_BLOCK_LINES):
        hi = min(lo + TEXT_BLOCK_LINES, len(page.lines))
        first, last = page.lines[lo].number or lo + 1, page.lines[hi - 1].number or hi
        out.append((0, lo, hi, f"lines {first}-{last}"))
    return out


def _part(source: SourceText, pi: int, lo: int, hi: int) -> SourceText:
    page = source.pages[pi]
    lines = [replace(ln) for ln in page.lines[lo:hi]]  # copies: the try marks no furniture
    return replace(source, pages=[replace(page, lines=lines)], bookmarks=[], problems=[], metadata=dict(source.metadata))


def _without(source: SourceText, bad: list[tuple[int, int]]) -> SourceText:
    """The source with the bad lines blank (same places, so spans still fit)."""
    pages = list(source.pages)
    for pi in sorted({pi for pi, _ in bad}):
        lines = list(pages[pi].lines)
        for k in (k for p, k in bad if p == pi):
            lines[k] = replace(lines[k], text="")
        pages[pi] = replace(pages[pi], lines=lines)
    return replace(source, pages=pages)


def _fits(source: SourceText, analyse, pi: int, lo: int, hi: int) -> bool:
    try:
        with cpu_limit(PAGE_SECONDS):
            analyse(_part(source, pi, lo, hi))
        return True
    except OverBudget:
        return False


def _line_names(source: SourceText, pi: int, ks: list[int]) -> str:
    names = [str(source.pages[pi].lines[k].number or k + 1) for k in ks]
    return ("line " if len(names) == 1 else "lines ") + ", ".join(names[:10]) + (" ..." if len(names) > 10 else "")


def analyse_within_budget(source: SourceText, analyse: Callable[[SourceText], list[Document]]
                          ) -> tuple[list[Document], list[str]]:
    """(documents, problems): ``analyse(source)``, or when it runs out of time, the analysis
    without the lines that run out of time alone (without the whole page, when no single
    line of a slow page does)."""
    if not source.pages:
        return analyse(source), []
    units = _units(source)  # a big text file counts by its blocks of lines, as a PDF by pages
    file_seconds = min(max(FILE_SECONDS_MIN, FILE_SECONDS_PER_PAGE * len(units)), FILE_SECONDS_MAX)
    furniture = [[ln.furniture for ln in p.lines] for p in source.pages]
    try:
        with cpu_limit(file_seconds):
            return analyse(source), []
    except OverBudget:
        pass
    for p, flags in zip(source.pages, furniture):  # marks of the unfinished run
        for ln, f in zip(p.lines, flags):
            ln.furniture = f
    bad: list[tuple[int, int]] = []
    problems: list[str] = []
    probe_start = time.process_time()
    for pi, lo, hi, name in units:
        if time.process_time() - probe_start > PROBE_SECONDS_MAX:
            raise OverBudget("too many slow pages")
        if _fits(source, analyse, pi, lo, hi):
            continue
        # the patterns work line by line: find the lines to blame, so the page still counts
        lines = [k for k in range(lo, hi) if not _fits(source, analyse, pi, k, k + 1)]
        what = f"{_line_names(source, pi, lines)} left out" if lines else "its text left out"
        bad += [(pi, k) for k in (lines or range(lo, hi))]
        problems.append(f"{name}: analysis took over {PAGE_SECONDS:g} s; {what} of the analysis "
                        f"(the text is kept and searchable)")
    if not bad:
        raise OverBudget(f"no single page is slow, the file as a whole is (over {file_seconds:g} s)")
    with cpu_limit(file_seconds):
        docs = analyse(_without(source, bad))
    for doc in docs:  # the text of the skipped lines is the document's text all the same
        doc.text = "\n".join(ln.text for ln in _span_lines(source, doc) if not ln.furniture)
    return docs, problems


def _span_lines(source: SourceText, doc: Document) -> list[Line]:
    from .understanding.analyse import span_lines

    return [dl.line for dl in span_lines(source, doc.span)]
