"""Whole processes side by side on the same corpus (issue 22), for bench/run.py --side-by-side.

Every figure is a separate process, started as a user starts it, on a fresh directory:
- the floor: PyMuPDF plain `get_text()` over the corpus's PDFs, in one process and split
  over two (the machine's two cores, as `zvdj index` uses them);
- Recoll: `recollindex` with a config directory of its own (Dutch stemming), skipped with a
  message when it is not installed;
- `zvdj index` from empty, then again with nothing changed; `zvdj search` (and Recoll's
  `recollq` beside it).
Each process is timed by wall clock and by CPU seconds (os.wait4: the process and the
children it waited for), with its peak RSS, and its PSS summed over the process and all its
children, sampled every 0.1 s (the largest sum seen). On a shared machine wall time is
inflated by the other sessions: compare CPU seconds, or wall times of the same run.
Python processes run with their bytecode cached (in bench/out/pycache) as an installed
program has it; a first run fills the cache and is not counted.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out"
PY = sys.executable
ZVDJ = [str(Path(PY).parent / "zvdj")]  # the installed command, as a user runs it

FLOOR_CODE = """
import sys, pymupdf
for f in sys.argv[1:]:
    with pymupdf.open(f) as d:
        for p in d:
            p.get_text()
"""


def env() -> dict[str, str]:
    e = dict(os.environ, PYTHONPYCACHEPREFIX=str(OUT / "pycache"))
    e.pop("PYTHONDONTWRITEBYTECODE", None)
    return e


@dataclass
class Run:
    wall: float
    cpu: float
    rss_mb: float  # peak RSS of the largest process
    pss_mb: float  # largest sum of PSS over the process tree
    rc: int
    out: str = ""


def _tree(root: int) -> list[int]:
    kids: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            kids.setdefault(ppid, []).append(int(d))
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += kids.get(p, [])
    return out


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run(cmd: list[str], cwd: Path | None = None, capture: bool = False) -> Run:
    t = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, env=env(), stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, text=True)
    peak = {"pss": 0}
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak["pss"] = max(peak["pss"], sum(_pss_kb(q) for q in _tree(p.pid)))
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out = p.stdout.read() if capture and p.stdout else ""
    _pid, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    done.set()
    sampler.join()
    p.returncode = os.waitstatus_to_exitcode(status)
    return Run(wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024, peak["pss"] / 1024, p.returncode, out)


def run_parallel(cmds: list[list[str]]) -> Run:
    """Several processes at once (the floor over two cores): wall until the last ends, CPU
    summed, RSS the largest, PSS the sum of the processes' peaks."""
    got: list[Run] = []
    threads = [threading.Thread(target=lambda c=c: got.append(run(c))) for c in cmds]
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return Run(time.perf_counter() - t, sum(r.cpu for r in got), max(r.rss_mb for r in got),
               sum(r.pss_mb for r in got), max(r.rc for r in got))


def dir_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def recoll_config(conf: Path, corpus: Path) -> None:
    if conf.exists():
        shutil.rmtree(conf)
    conf.mkdir(parents=True)
    (conf / "recoll.conf").write_text(
        f"topdirs = {corpus}\n"
        "indexstemminglanguages = dutch\n"
        "loglevel = 1\n"
        "logfilename = /dev/null\n"
        "idxflushmb = 50\n"
        "idxniceprio = 0\n", encoding="utf-8")  # recollindex runs at nice 19 by default: same footing


def median_run(runs: list[Run]) -> Run:
    return Run(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs),
               max(r.rss_mb for r in runs), max(r.pss_mb for r in runs), max(r.rc for r in runs))


def compare(corpus: Path, data: Path, rows: list[str], repeat: int = 1) -> None:
    """Ingest from empty: floor (1 and 2 processes), Recoll and zvdj, `repeat` times
    interleaved, medians; then no-change runs and search processes. Leaves the zvdj archive
    in data (bench/run.py searches it in-process next)."""
    n = corpus.name.split("-")[-1]
    pdfs = sorted(str(p) for p in corpus.glob("*.pdf"))
    has_recoll = shutil.which("recollindex") is not None
    conf = OUT / f"recoll-{n}"
    floors1, floors2, recolls, zvdjs = [], [], [], []
    subprocess.run(ZVDJ + ["--version"], env=env(), capture_output=True)  # fills the bytecode cache
    for _ in range(repeat):
        floors1.append(run([PY, "-c", FLOOR_CODE, *pdfs]))
        floors2.append(run_parallel([[PY, "-c", FLOOR_CODE, *pdfs[0::2]], [PY, "-c", FLOOR_CODE, *pdfs[1::2]]]))
        if has_recoll:
            recoll_config(conf, corpus)
            recolls.append(run(["recollindex", "-c", str(conf), "-z"]))
        if data.exists():
            shutil.rmtree(data)
        zvdjs.append(run(ZVDJ + ["index", "--data-dir", str(data), str(corpus)]))
    f1, f2, z = median_run(floors1), median_run(floors2), median_run(zvdjs)
    if z.rc != 0:
        rows.append(f"| {n} | zvdj index | exit code {z.rc} |")

    def line(what: str, r: Run) -> str:
        return (f"| {n} | {what} | wall {r.wall:.1f} s, CPU {r.cpu:.1f} s, peak RSS {r.rss_mb:.0f} MB, "
                f"PSS (all processes) {r.pss_mb:.0f} MB |")

    rows.append(line("floor: PyMuPDF get_text, 1 process", f1))
    rows.append(line("floor: PyMuPDF get_text, 2 processes", f2))
    if has_recoll:
        rc = median_run(recolls)
        rows.append(line("Recoll: recollindex (pdftotext + Xapian, Dutch stemming)", rc))
    else:
        rows.append(f"| {n} | Recoll | skipped: `recollindex` not found (apt-get install recoll) |")
    rows.append(line("zvdj index from empty (2 worker processes)", z))
    rows.append(f"| {n} | zvdj index vs the floor | wall {z.wall / f2.wall:.2f}x the floor on 2 processes "
                f"(both sides 2 cores; {z.wall / f1.wall:.2f}x the 1-process floor); CPU seconds "
                f"{z.cpu / f1.cpu:.2f}x |")
    if has_recoll:
        rows.append(f"| {n} | zvdj index vs Recoll | wall {z.wall / rc.wall:.2f}x, CPU seconds {z.cpu / rc.cpu:.2f}x, "
                    f"PSS {z.pss_mb / max(rc.pss_mb, 1):.1f}x |")
    rows.append(f"| {n} | data directory | zvdj {dir_mb(data):.0f} MB"
                + (f", Recoll {dir_mb(conf):.0f} MB" if has_recoll else "")
                + f" (corpus {dir_mb(corpus):.0f} MB) |")

    # nothing changed: whole processes, a few times
    nc = median_run([run(ZVDJ + ["index", "--data-dir", str(data)]) for _ in range(5)])
    text = f"| {n} | no-change `zvdj index` (whole process, median of 5) | wall {nc.wall:.2f} s, CPU {nc.cpu:.2f} s"
    if has_recoll:
        rnc = median_run([run(["recollindex", "-c", str(conf)]) for _ in range(5)])
        text += f"; Recoll {rnc.wall:.2f} s, CPU {rnc.cpu:.2f} s ({nc.wall / rnc.wall:.1f}x)"
    rows.append(text + " |")
    queries = ["jeugdhulp", "wachttijden gemeenten", '"regio aanpak"', "pleegzorg", "type:nota inkoop"]
    ss = [run(ZVDJ + ["search", q, "--data-dir", str(data)]) for q in queries for _ in range(2)]
    s = median_run(ss)
    text = (f"| {n} | `zvdj search` (whole process, median of {len(ss)}, 5 queries) | wall {s.wall:.2f} s "
            f"(worst {max(r.wall for r in ss):.2f} s), CPU {s.cpu:.2f} s")
    if has_recoll:
        rq = median_run([run(["recollq", "-c", str(conf), q.replace("type:nota ", "")]) for q in queries])
        text += f"; `recollq` {rq.wall:.2f} s, CPU {rq.cpu:.2f} s"
    rows.append(text + " |")
    loaded = run([PY, "-c", "import sys, io, contextlib\nfrom zvdj_viewer import cli\n"
                  "with contextlib.redirect_stdout(io.StringIO()): cli.main(['search', 'jeugdhulp', '--data-dir', "
                  f"{str(data)!r}])\n"
                  "print(sorted({m.split('.')[0] for m in sys.modules} & {'numpy', 'pymupdf', 'PySide6'}) or 'none')"],
                 capture=True)
    rows.append(f"| {n} | libraries a `zvdj search` loads of numpy, PyMuPDF, PySide6 | {loaded.out.strip()} |")


def ocr_scan(corpus: Path, pages: int) -> Path:
    """A folder with an image-only PDF: the first ``pages`` pages of the corpus's first PDF
    rendered at 150 dpi (bench/out/ocr-scan/scan.pdf)."""
    import pymupdf

    folder = OUT / "ocr-scan"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    src = sorted(corpus.glob("*.pdf"))[0]
    scan = pymupdf.open()
    with pymupdf.open(src) as d:
        for i in range(pages):
            pix = d[i].get_pixmap(dpi=150, colorspace=pymupdf.csGRAY)
            page = scan.new_page(width=d[i].rect.width, height=d[i].rect.height)
            page.insert_image(page.rect, pixmap=pix)
    scan.save(folder / "scan.pdf")
    scan.close()
    return folder


def ocr(rows: list[str], corpus: Path, pages: int = 8) -> None:
    """The product's OCR path: `zvdj index` of an image-only PDF (pages of the corpus
    rendered at 150 dpi), OCR on, both cores; pages per second of the whole process, and
    whether a word of the pages is then found."""
    if shutil.which("tesseract") is None:
        rows.append("| ocr | OCR | skipped: tesseract not found |")
        return
    folder = ocr_scan(corpus, pages)
    data = OUT / "ocr-index-data"  # not ocr-data: bench/ocr_cache.py keeps the Woo samples' OCR there
    if data.exists():
        shutil.rmtree(data)
    os.environ.pop("ZVDJ_NO_OCR", None)  # run() passes os.environ on
    load = os.getloadavg()[0]
    r = run(ZVDJ + ["index", "--data-dir", str(data), str(folder)])
    found = run(ZVDJ + ["search", "gemeenten", "--data-dir", str(data)], capture=True)
    ok = "scan.pdf" in found.out
    rows.append(f"| ocr | OCR, `zvdj index` of a {pages}-page scan (150 dpi, 2 workers) | "
                f"{pages / r.wall:.2f} pages/s over both cores (wall {r.wall:.1f} s, load average {load:.1f}); "
                f"CPU {r.cpu:.1f} s = {r.cpu / pages:.2f} CPU s/page (the whole process: start, text, OCR, "
                f"re-read, relink), so at most {2 * pages / r.cpu:.2f} pages/s on 2 idle cores; "
                f"words found afterwards: {'yes' if ok else 'NO'} |")
