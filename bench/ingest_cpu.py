"""Ingest alone, in CPU seconds as well as wall time, against the plain-text floor.

    .venv/bin/python bench/ingest_cpu.py [--sizes 1000,10000] [--runs 1]

Per size (the corpus of bench/run.py, seed 1): the floor (PyMuPDF ``get_text()`` over the same
PDFs in this process) and ``Archive.update(workers=2)`` from an empty data directory, with
the CPU time of this process and of all its child processes (reader workers, linking helper)
and the size of the data directory. CPU seconds hold on a loaded machine where wall time
does not (the load average is printed); ratios compare like with like: wall to wall, CPU to
CPU.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def cpu_self_children() -> tuple[float, float]:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


def floor(folder: Path) -> tuple[float, float, int]:
    import pymupdf

    c0, t0, pages = time.process_time(), time.perf_counter(), 0
    for f in sorted(folder.glob("*.pdf")):
        with pymupdf.open(f) as d:
            for p in d:
                p.get_text()
                pages += 1
    return time.perf_counter() - t0, time.process_time() - c0, pages


def dir_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def ingest(folder: Path) -> dict:
    from zvdj_viewer.archive import Archive

    tmp = Path(tempfile.mkdtemp(prefix="zvdj-ingest-"))
    try:
        s0, k0 = cpu_self_children()
        t0 = time.perf_counter()
        with Archive(data_dir=tmp / "data") as a:
            a.add_folder(str(folder))
            r = a.update(workers=2, ocr=False)
        wall = time.perf_counter() - t0
        s1, k1 = cpu_self_children()
        return dict(wall=wall, cpu_self=s1 - s0, cpu_kids=k1 - k0, pages=r.pages_read,
                    data_mb=dir_mb(tmp / "data"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    from bench.run import corpus

    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--runs", type=int, default=1)
    args = ap.parse_args()
    print(f"code: {REPO}")
    for n in [int(s) for s in args.sizes.split(",")]:
        folder = corpus(n)
        for run in range(args.runs):
            fw, fc, fp = floor(folder)
            load0 = os.getloadavg()[0]
            r = ingest(folder)
            cpu = r["cpu_self"] + r["cpu_kids"]
            print(f"{n} pages, run {run + 1}: load average {load0:.1f}-{os.getloadavg()[0]:.1f}\n"
                  f"  floor: {fw:.1f} s wall, {fc:.1f} CPU s ({fc / fp * 1000:.2f} ms/page)\n"
                  f"  ingest: {r['wall']:.1f} s wall, {cpu:.1f} CPU s ({cpu / r['pages'] * 1000:.2f} ms/page: "
                  f"main process {r['cpu_self']:.1f}, workers and helper {r['cpu_kids']:.1f}), "
                  f"data dir {r['data_mb']:.0f} MB\n"
                  f"  ingest/floor: wall {r['wall'] / fw:.2f}x, CPU {cpu / fc:.2f}x", flush=True)


if __name__ == "__main__":
    main()
