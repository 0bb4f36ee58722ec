"""One Tesseract process kept running in an OCR worker, given page images one at a time.

Why: every start of the ``tesseract`` program loads the Dutch model and builds its table of
look-alike characters, 0.17-0.2 s of CPU (``tesseract`` on an 8x8 blank image), while a page
takes 1.2-1.9 s. Starting it once per page and once more for the page's re-reads cost a
fifth of an OCR'd page; batching a few pages per run (the round before) saved part of it but
made a task several pages long, so at the end of a scan one core sat idle while the other
read its last pages, and a kill lost several pages a worker. With ``-c stream_filelist=1``
Tesseract reads image file names from its standard input line by line and writes each
page's TSV as soon as it is read, so one process serves every page of a worker's life.

How a page's end is seen: after each image a tiny blank image is given; its TSV row
(``1\\t<its page number>\\t...``) comes once the image before it has been written whole. The
blank takes well under a millisecond. Each image is laid out and read on its own, and the
LSTM model keeps nothing from one page to the next, so a page reads the same as in a
Tesseract of its own (``bench/ocr_bench.py --speed N --compare``).

Limits, per image: the CPU budget (``ocr.PAGE_CPU_SECONDS``, measured from the process's
CPU time in ``/proc``, and on Linux also set as its soft CPU limit before each image, so the
system ends a runaway page even when the worker is gone; where there is no ``/proc``, as on
Windows and macOS, only the time limit holds) and a wall-time limit. A process over either
is killed and the next image starts a new one, so a page fails as it failed in a run of its
own.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import IO

BLANK = b"P4\n8 8\n" + bytes(8)  # 8x8 white, 1 bit
# the first line of Tesseract's TSV (it writes it once, when it starts); each image's TSV is
# given with it, as a run of its own would write it
HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
POLL = 0.5  # seconds between two looks at the CPU time while a page is read


class Failure:
    """Why an image has no TSV: ``error`` as OcrPage.error, ``retry`` as OcrPage.retry."""

    def __init__(self, error: str, retry: bool = False):
        self.error = error
        self.retry = retry


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of process ``pid`` so far (None: the system does not say)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def _limit_cpu(pid: int, used: float | None, budget: float) -> None:
    """Let the system stop Tesseract once this page has used its budget (Linux: its soft CPU
    limit raised to what it used so far plus the budget): also when this process is gone
    meanwhile (killed at a task's time limit), a page that never ends is ended."""
    import math

    try:
        import resource

        resource.prlimit(pid, resource.RLIMIT_CPU, (math.ceil((used or 0.0) + budget), resource.RLIM_INFINITY))
    except (ImportError, AttributeError, OSError, ValueError):  # not Linux, or the process is gone
        pass


class Session:
    """A ``tesseract`` process (``args``: language, dpi, psm) reading image after image."""

    def __init__(self, program: str, args: list[str], cpu_budget):
        self.program = program
        self.args = args
        self.cpu_budget = cpu_budget  # a callable: ocr.PAGE_CPU_SECONDS as it is at the time
        self.tmp = tempfile.mkdtemp(prefix="zvdj-ocr-")
        self.blank = os.path.join(self.tmp, "blank.pbm")
        Path(self.blank).write_bytes(BLANK)
        self.proc: subprocess.Popen | None = None
        self.err: IO[bytes] | None = None  # Tesseract's standard error, a file (a pipe could fill up)
        self.lines: queue.Queue = queue.Queue()
        self.given = 0  # images given to the running process (its TSV page numbers)
        self.lock = threading.Lock()

    def _start(self) -> Failure | None:
        env = dict(os.environ, OMP_THREAD_LIMIT="1")  # one core per worker: workers run in parallel
        self.err = open(os.path.join(self.tmp, "stderr.txt"), "w+b")  # noqa: SIM115 - closed in _stop
        try:
            self.proc = subprocess.Popen([self.program, "-", "stdout", *self.args, "-c", "stream_filelist=1", "tsv"],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.err, env=env)
        except OSError as err:
            self._stop()
            return Failure(f"Tesseract could not be started ({err.strerror or err})")
        self.given = 0
        self.lines = queue.Queue()
        threading.Thread(target=_pump, args=(self.proc.stdout, self.lines), daemon=True,
                         name="zvdj-tesseract-out").start()
        return None

    def _stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            for stream in (proc.stdin, proc.stdout):
                try:
                    stream.close()  # type: ignore[union-attr]
                except OSError:
                    pass
        if self.err is not None:
            self.err.close()
            self.err = None

    def _why(self) -> str:
        """The last line Tesseract wrote to its standard error (its reason for stopping)."""
        if self.err is None:
            return "no reason given"
        self.err.seek(0)
        said = [ln for ln in self.err.read().decode("utf-8", "replace").splitlines()
                if ln.strip() and not ln.startswith("Page ")]
        return said[-1][:160] if said else f"exit code {self.proc.poll() if self.proc else '?'}"

    def read(self, image: bytes, timeout: float) -> str | Failure:
        """The TSV Tesseract writes for ``image`` (a PNM file's bytes), header line first."""
        with self.lock:
            return self._read(image, timeout)

    def _read(self, image: bytes, timeout: float) -> str | Failure:
        if self.proc is None or self.proc.poll() is not None:
            self._stop()
            failed = self._start()
            if failed is not None:
                return failed
        assert self.proc is not None and self.proc.stdin is not None
        name = os.path.join(self.tmp, "page.pnm")
        with open(name, "wb") as f:
            f.write(image)
        page, end = self.given + 1, self.given + 2
        self.given = end
        budget = self.cpu_budget()
        cpu0 = _cpu_seconds(self.proc.pid)
        _limit_cpu(self.proc.pid, cpu0, budget)
        deadline = time.monotonic() + timeout
        try:
            self.proc.stdin.write(f"{name}\n{self.blank}\n".encode())
            self.proc.stdin.flush()
        except OSError:
            why = self._why()
            self._stop()
            return Failure(f"Tesseract failed ({why})")
        rows: list[str] = []
        mine, done = str(page), f"1\t{end}\t"
        while True:
            try:
                line = self.lines.get(timeout=max(0.0, min(POLL, deadline - time.monotonic())))
            except queue.Empty:
                line = ""
            if line is None:  # the process ended: over its CPU limit, it could not read the image, or broke
                why, over = self._why(), self._over(cpu0, budget)
                code = self.proc.wait()
                self._stop()
                if over is None and code == -getattr(signal, "SIGXCPU", 0):
                    over = Failure(f"OCR needed more than {budget:g} s of CPU time")
                return over or Failure(f"Tesseract failed ({why})")
            if line.startswith(done):
                break
            if line:
                cols = line.split("\t", 2)
                if len(cols) > 2 and cols[1] == mine:
                    rows.append(line)
                continue
            over = self._over(cpu0, budget)
            if over is not None or time.monotonic() >= deadline:
                self._stop()
                return over or Failure(f"OCR took longer than {timeout:g} s", retry=True)
        Path(name).unlink(missing_ok=True)  # read: a worker killed later leaves no page image behind
        over = self._over(cpu0, budget)  # finished, but over the budget: as if stopped at it
        if over is not None:
            self._stop()
            return over
        return "\n".join([HEADER, *rows])

    def _over(self, cpu0: float | None, budget: float) -> Failure | None:
        if cpu0 is None or self.proc is None:
            return None
        now = _cpu_seconds(self.proc.pid)
        if now is not None and now - cpu0 > budget:
            return Failure(f"OCR needed more than {budget:g} s of CPU time")
        return None

    def close(self) -> None:
        with self.lock:
            if self.proc is not None and self.proc.poll() is None and self.proc.stdin is not None:
                try:
                    self.proc.stdin.close()  # end of the list: Tesseract ends on its own
                    self.proc.wait(5)
                except (OSError, subprocess.TimeoutExpired):
                    pass
            self._stop()
            for name in os.listdir(self.tmp):
                Path(self.tmp, name).unlink(missing_ok=True)
            os.rmdir(self.tmp)


def _pump(stream, lines: queue.Queue) -> None:
    """Thread: Tesseract's output line by line into ``lines``; None once it ends."""
    try:
        for raw in stream:
            lines.put(raw.decode("utf-8", "replace").rstrip("\r\n"))
    except (OSError, ValueError):
        pass
    lines.put(None)


_sessions: dict[tuple, Session] = {}
_guard = threading.Lock()


def session(program: str, args: list[str], cpu_budget) -> Session:
    """This process's Tesseract for ``program`` and ``args``, started on its first image."""
    key = (program, *args)
    with _guard:
        s = _sessions.get(key)
        if s is None:
            s = _sessions[key] = Session(program, args, cpu_budget)
            if len(_sessions) == 1:
                import atexit

                atexit.register(close_all)
        return s


def close_all() -> None:
    """End this process's Tesseracts (a worker's last task done, or the process exits)."""
    with _guard:
        items = list(_sessions.values())
        _sessions.clear()
    for s in items:
        try:
            s.close()
        except OSError:
            pass


def live_cpu_seconds() -> float:
    """CPU seconds so far of this process's running Tesseracts (benchmarks: a running child's
    time is not yet in resource.RUSAGE_CHILDREN)."""
    with _guard:
        procs = [s.proc for s in _sessions.values() if s.proc is not None]
    return sum(_cpu_seconds(p.pid) or 0.0 for p in procs)
