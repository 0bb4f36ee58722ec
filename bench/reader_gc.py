"""CPU time a reader process spends in Python's cycle collector, per page: with the default
thresholds and with the reader's own settings (pipeline.READER_GC_THRESHOLDS, then collect and
freeze between files, as pipeline._worker_main does).

    .venv/bin/python bench/reader_gc.py [--set corpus-1000] [--mode default|reader]

Runs what a reader process runs for every file of the set (process_file_for_catalog, then
pickle.dumps of the result) in this process, with a gc callback that adds up the CPU time of
every collection (the collections between files included). Without --mode both are run, each
in a fresh process. The collector's own time is little affected by the machine's load; the
total CPU time printed beside it is (the load average is printed).
"""

from __future__ import annotations

import argparse
import gc
import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.identity import file_set  # noqa: E402


def measure(set_name: str, mode: str) -> None:
    from zvdj_viewer import pipeline, readers

    paths = [str(p) for root in file_set(set_name) for p in sorted(Path(root).rglob("*"))
             if p.is_file() and readers.is_supported(str(p))]
    pipeline.process_file_for_catalog(paths[0])  # the imports a reader makes on its first file
    in_gc = [0.0, 0]
    started = [0.0]

    def clock(phase: str, info: dict) -> None:
        if phase == "start":
            started[0] = time.process_time()
        else:
            in_gc[0] += time.process_time() - started[0]
            in_gc[1] += 1

    if mode == "reader":
        gc.set_threshold(*pipeline.READER_GC_THRESHOLDS)
    gc.callbacks.append(clock)
    pages = 0
    t = time.process_time()
    for path in paths:
        result = pipeline.process_file_for_catalog(path)
        pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        pages += result.pages
        del result
        if mode == "reader":
            pipeline._settle_heap()
    total = time.process_time() - t
    gc.callbacks.remove(clock)
    print(f"{set_name} {mode:7s}: {pages} pages, {len(paths)} files; collector {in_gc[0] * 1000:.0f} CPU ms "
          f"({in_gc[0] / pages * 1000:.3f} ms/page, {in_gc[1]} collections); all {total / pages * 1000:.2f} "
          f"CPU ms/page; load average {os.getloadavg()[0]:.1f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", default="corpus-1000")
    ap.add_argument("--mode", choices=("default", "reader"))
    args = ap.parse_args()
    if args.mode:
        measure(args.set, args.mode)
        return
    for mode in ("default", "reader"):
        subprocess.run([sys.executable, __file__, "--set", args.set, "--mode", mode], check=True)


if __name__ == "__main__":
    main()
