"""CPU time per search on an archive an earlier `bench/run.py --sizes N` built (its queries,
same seed), so two versions of the index code can be compared on a loaded machine: process
CPU time is not inflated by other processes the way wall time is.

    .venv/bin/python bench/search_cpu.py --size 10000 [--rounds 3]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

from run import OUT, queries  # noqa: E402  (bench/ is the working folder of the benchmarks)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=10000)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    from zvdj_viewer.archive import Archive

    data = OUT / f"data-{args.size}"
    if not (Path(data) / "link.version").exists():
        raise SystemExit(f"no archive at {data}: run bench/run.py --sizes {args.size} first")
    with Archive(data_dir=data) as a:
        a.search("jeugdhulp")  # loads the index's arrays
        for kind, qs in queries(random.Random(7)).items():
            per = []
            for _ in range(args.rounds):
                for q, f in qs:
                    t = time.process_time()
                    a.search(q, limit=20, **f)
                    per.append((time.process_time() - t) * 1000)
            per.sort()
            print(f"{kind:12s} CPU ms per search: p50 {statistics.median(per):.1f}, "
                  f"p95 {per[int(0.95 * (len(per) - 1))]:.1f}")


if __name__ == "__main__":
    main()
