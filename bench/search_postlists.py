"""Search CPU at 100k pages with and without the segments' posting arrays (index/postlists.py),
paired: each query searched both ways in turn (the order alternating), so both see the same
load. "without" is how an index written before the arrays is searched (Whoosh's blocks).

    .venv/bin/python bench/search_postlists.py [--cold]     # on bench/out/index-100000x

--cold: nothing kept between searches (fastsearch.Arrays.forget before each search), the
first search of each word; without it each query is searched once before it is measured.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.run import OUT, queries  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cold", action="store_true")
    ap.add_argument("--index", default=str(OUT / "index-100000x"))
    args = ap.parse_args()
    from zvdj_viewer.index import FullTextIndex, postlists

    real = postlists.read
    ix = FullTextIndex(args.index)
    with ix.ix.searcher() as s:
        leaves = list(s.reader().leaf_readers())
        have = sum(postlists.lists_of(leaf) is not None for leaf, _off in leaves)
    print(f"{have} of {len(leaves)} segments have posting arrays; "
          + ("cold: nothing kept between searches" if args.cold else "warm: each query searched once before"))
    ix.search("jeugdhulp", limit=20)

    def p95(v: list[float]) -> float:
        v = sorted(v)
        return v[int(len(v) * 0.95) - 1]

    for shape, qs in queries(random.Random(7)).items():
        cpu: dict[str, list[float]] = {"without": [], "with": []}
        for rnd in range(2):
            for k, (q, f) in enumerate(qs):
                for mode in (["without", "with"] if (k + rnd) % 2 else ["with", "without"]):
                    postlists.read = real if mode == "with" else (lambda *a: None)
                    if args.cold:
                        ix._arrays(ix._searcher()).forget()
                    elif rnd == 0:
                        ix.search(q, limit=20, **f)
                    c = time.process_time()
                    ix.search(q, limit=20, **f)
                    cpu[mode].append((time.process_time() - c) * 1000)
        print(f"{shape:12s} CPU ms " + " | ".join(
            f"{m} arrays: p50 {statistics.median(v):5.1f} p95 {p95(v):5.1f}" for m, v in cpu.items()), flush=True)
    postlists.read = real
    ix.close()


if __name__ == "__main__":
    main()
