"""Indexing speed of the whole pipeline, as a user meets it with `zvdj index`.

Prints pages/second of a first run over the given folders (default: ../shared/samples) in a
fresh data dir, and the wall time of a second run in which nothing changed.

    .venv/bin/python bench/bench_index_archive.py [FOLDER ...] [--workers N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from zvdj_viewer.archive import Archive  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folders", nargs="*", default=[str(REPO.parent / "shared" / "samples")])
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as data:
        with Archive(data_dir=data) as a:
            for f in args.folders:
                a.add_folder(f)
            t0 = time.perf_counter()
            first = a.update(workers=args.workers)
            t1 = time.perf_counter()
            second = a.update(workers=args.workers)
            t2 = time.perf_counter()
        pages = first.pages_read
        print(f"first run : {first.files_read} files, {pages} pages in {t1 - t0:.2f} s"
              f" = {pages / (t1 - t0):.1f} pages/s (workers={args.workers})")
        print(f"            {first.summary()}")
        print(f"second run: {t2 - t1:.3f} s, files read: {second.files_read}")
        print(f"            {second.summary()}")


if __name__ == "__main__":
    main()
