"""The benchmark suite: prints a table and writes it to bench/out/results.md.

    .venv/bin/python bench/run.py [--sizes 1000,10000] [--skip-app] [--side-by-side [--repeat N]]

For each corpus size (generated once by bench/corpus.py into bench/out/corpus-N, seed 1):
- floor: PyMuPDF text extraction alone over the same PDFs (one process), measured in the
  same run, so the ingest/floor ratio holds on a noisy machine;
- ingest: `Archive.update` from empty (2 worker processes), pages/s and ratio to the floor;
- no-change: a second update with nothing changed;
- search: p50/p95 latency over varied queries of five shapes, top 20 with snippets;
- peak RSS of this process and its workers.
App figures (once, on the largest corpus): cold start to a usable window (a fresh process),
opening a meeting view, rendering a page.
--side-by-side (issue 22): whole processes on the same corpus, timed by wall clock and CPU
seconds: the floor on 1 and 2 processes, Recoll (skipped with a message when `recollindex`
is not installed), `zvdj index` from empty and with nothing changed, `zvdj search`; the
in-process search figures then use that archive; then opening a 40-page document with a
query and OCR pages/s (bench/side_by_side.py, bench/bench_open_document.py).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out"
sys.path.insert(0, str(REPO))


def corpus(n: int) -> Path:
    path = OUT / f"corpus-{n}"
    stamp = path / ".done"
    if not stamp.exists():
        from bench.corpus import generate

        t = time.perf_counter()
        info = generate(path, n, seed=1)
        stamp.write_text(str(info))
        print(f"  generated corpus-{n}: {info} in {time.perf_counter() - t:.0f} s", flush=True)
    return path


def floor_seconds(folder: Path) -> tuple[float, int]:
    import pymupdf

    t, pages = time.perf_counter(), 0
    for f in sorted(folder.glob("*.pdf")):
        with pymupdf.open(f) as d:
            for p in d:
                p.get_text()
                pages += 1
    return time.perf_counter() - t, pages


def peak_rss_mb() -> tuple[float, float]:
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return me, kids


QUERY_WORDS = ["jeugdhulp", "gemeenten", "wachttijden", "gezinshuizen", "pleegzorg", "inkoop", "regio",
               "stuurgroep", "toezegging", "knelpunten", "professionals", "wijkteams", "jeugdbescherming"]


def queries(rnd: random.Random) -> dict[str, list[tuple[str, dict]]]:
    w = lambda: rnd.choice(QUERY_WORDS)  # noqa: E731
    n = 40
    return {
        "term": [(w(), {}) for _ in range(n)],
        "two terms": [(f"{w()} {w()}", {}) for _ in range(n)],
        "phrase": [(f'"{rnd.choice(["de jeugdhulp", "van de gemeente", "regio aanpak", "het programma"])}"', {})
                   for _ in range(n)],
        "term + date": [(w(), {"date_from": f"{rnd.randint(2018, 2020)}-01-01",
                                "date_to": f"{rnd.randint(2021, 2024)}-12-31"}) for _ in range(n)],
        "term + type": [(w(), {"types": [rnd.choice(["nota", "verslag", "agenda"])]}) for _ in range(n)],
    }


def bench_size(n: int, rows: list[str], reuse: bool = False,
               reused: str = "not measured: --reuse searched the archive of an earlier run") -> Path:
    from zvdj_viewer.archive import Archive

    folder = corpus(n)
    data = OUT / f"data-{n}"
    start = len(rows)
    if reuse and (data / "link.version").exists():
        rows.append(f"| {n} | ingest (in-process) | {reused} |")
        ingested = False
    else:
        floor, floor_pages = floor_seconds(folder)
        if data.exists():
            import shutil

            shutil.rmtree(data)
        ingested = True
    with Archive(data_dir=data) as a:
        if ingested:
            a.add_folder(str(folder))
            t = time.perf_counter()
            r1 = a.update(workers=2)
            ingest = time.perf_counter() - t
            t = time.perf_counter()
            r2 = a.update(workers=2)
            nochange = time.perf_counter() - t
            pages = r1.pages_read
            rows.append(f"| {n} | ingest | {pages / ingest:.0f} pages/s ({pages} pages in {ingest:.1f} s) |")
            rows.append(f"| {n} | floor (PyMuPDF get_text, 1 process) | {floor_pages / floor:.0f} pages/s; "
                        f"ingest/floor = {ingest / floor:.1f}x |")
            rows.append(f"| {n} | no-change run | {nochange:.2f} s (files read: {r2.files_read}) |")
        # the first search of a freshly opened archive also loads the index's arrays
        t = time.perf_counter()
        a.search("jeugdhulp", limit=20)
        rows.append(f"| {n} | first search after opening | {(time.perf_counter() - t) * 1000:.0f} ms |")
        rnd = random.Random(7)
        for shape, qs in queries(rnd).items():
            times = []
            for q, f in qs:
                t = time.perf_counter()
                a.search(q, limit=20, **f)
                times.append((time.perf_counter() - t) * 1000)
            times.sort()
            p95 = times[int(len(times) * 0.95) - 1]
            rows.append(f"| {n} | search: {shape} | p50 {statistics.median(times):.0f} ms, p95 {p95:.0f} ms |")
        me, kids = peak_rss_mb()
        rows.append(f"| {n} | peak RSS | app process {me:.0f} MB, largest worker {kids:.0f} MB |")
    print("\n".join(rows[start:]), flush=True)
    return data


def bench_app(data: Path, rows: list[str]) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    code = ("import time,sys; t=time.perf_counter(); d=sys.argv[1]; sys.argv=['zvdj-viewer'];"
            "from PySide6.QtCore import QTimer; from PySide6.QtWidgets import QApplication;"
            "import zvdj_viewer.app as app;"
            "QTimer.singleShot(0, lambda: (print('READY', time.perf_counter()-t, flush=True), "
            "QApplication.instance().quit()));"
            "app.main(['--data-dir', d])")
    starts, walls = [], []
    for _ in range(3):
        t = time.perf_counter()
        p = subprocess.run([sys.executable, "-c", code, str(data)], env=env, capture_output=True, text=True,
                           timeout=120)
        wall = time.perf_counter() - t
        if "READY" not in p.stdout:
            rows.append(f"| app | cold start | failed: {p.stderr.strip()[-200:]} |")
            return
        # from the first line of the program to the window taking input; the process's wall
        # time also holds quitting, which waits for the start-up update to stop
        starts.append(float(p.stdout.split("READY", 1)[1].split()[0]))
        walls.append(wall)
    rows.append(f"| app | cold start to usable window (new process; program start to window) | "
                f"best {min(starts):.2f} s, worst {max(starts):.2f} s (whole process incl. Python start "
                f"and quitting: {min(walls):.1f}-{max(walls):.1f} s) |")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from zvdj_viewer import render
    from zvdj_viewer.archive import Archive
    from zvdj_viewer.ui.meeting_view import MeetingView
    from zvdj_viewer.ui.navigation import Location

    app = QApplication.instance() or QApplication([])
    with Archive(data_dir=data) as a:
        meetings = a.meetings()
        view = MeetingView(a)
        view.resize(1200, 800)
        times = []
        for m in meetings[:30]:
            t = time.perf_counter()
            view.open(Location("meeting", m.id))
            app.processEvents()
            times.append((time.perf_counter() - t) * 1000)
        if times:
            times.sort()
            rows.append(f"| app | open a meeting view ({len(times)} meetings) | p50 {statistics.median(times):.0f} ms, "
                        f"max {times[-1]:.0f} ms |")
        pdf = next(iter(sorted(Path(a.sources()[0].path).parent.glob("*.pdf"))), None)
        if pdf is not None:
            times = []
            for page in range(1, 31):
                t = time.perf_counter()
                render.render_page(str(pdf), page, 1.5)
                times.append((time.perf_counter() - t) * 1000)
            times.sort()
            rows.append(f"| app | render a page at 150% | p50 {statistics.median(times):.1f} ms, "
                        f"max {times[-1]:.1f} ms |")
        me, _kids = peak_rss_mb()
        rows.append(f"| app | peak RSS while browsing (bench process) | {me:.0f} MB |")
    del app


def bench_open_document(rows: list[str]) -> None:
    """bench/bench_open_document.py in a process of its own (Qt, offscreen)."""
    p = subprocess.run([sys.executable, str(REPO / "bench" / "bench_open_document.py"), "--rounds", "8"],
                       capture_output=True, text=True, timeout=600,
                       env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    lines = [ln.strip() for ln in p.stdout.splitlines() if ln.strip()]
    if not lines:
        rows.append(f"| app | open a 40-page document with a query | failed: {p.stderr.strip()[-200:]} |")
        return
    rows.append(f"| app | {lines[0].rstrip(':')} | {'; '.join(lines[1:])} |")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--skip-app", action="store_true")
    ap.add_argument("--reuse", action="store_true",
                    help="search the archive an earlier run built for a size (no ingest figures)")
    ap.add_argument("--side-by-side", action="store_true",
                    help="whole processes on each size: the PyMuPDF floor (1 and 2 processes), Recoll and "
                    "`zvdj index` from empty, no-change runs, `zvdj search`; then in-process search on that "
                    "archive, opening a 40-page document, OCR pages/s (bench/side_by_side.py)")
    ap.add_argument("--repeat", type=int, default=1, help="--side-by-side: ingest runs per tool, interleaved (median)")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    rows = ["| corpus pages | measure | result |", "|---|---|---|"]
    data = None
    load = os.getloadavg()
    t0 = time.time()
    for n in [int(s) for s in args.sizes.split(",")]:
        if args.side_by_side:
            from bench import side_by_side

            side_by_side.compare(corpus(n), OUT / f"data-{n}", rows, repeat=args.repeat)
        data = bench_size(n, rows, reuse=args.reuse or args.side_by_side,
                          reused="whole processes above; search figures below on that archive")
    if args.side_by_side:
        bench_open_document(rows)
        side_by_side.ocr(rows, corpus(int(args.sizes.split(",")[0])))
    if data is not None and not args.skip_app:
        bench_app(data, rows)
    end_load = os.getloadavg()
    rows.append(f"| run | load average (1, 5, 15 min) at start / end | {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} / "
                f"{end_load[0]:.1f} {end_load[1]:.1f} {end_load[2]:.1f} ({time.time() - t0:.0f} s) |")
    machine = f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, {time.strftime('%Y-%m-%d %H:%M')}"
    text = f"Machine: {machine}\n\n" + "\n".join(rows) + "\n"
    (OUT / "results.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
