"""A full-text index of N times the pages of an archive bench/run.py built, and search
figures on it, for when generating and ingesting a corpus of that size takes too long
(100,000 pages: ~20 min of PDF writing and ~15 CPU minutes of ingest on an idle machine).

    .venv/bin/python bench/scale_index.py --size 10000 --times 10 --build     # bench/out/index-100000x
    .venv/bin/python bench/scale_index.py --size 10000 --times 10             # search figures
    .venv/bin/python bench/scale_index.py --size 10000 --times 10 --cold      # each search as the first

The units are those the archive's index holds (its stored fields: document id, page, line,
type, series, date, title, text), written by the product's own writer
(FullTextIndex.update, two processes, one commit per copy as an ingest commits batches).
Copy 0 is the archive's text unchanged; copy k > 0 holds every document again under the
id "<id>x<k>", each page with its words drawn again at random (seeded) from that page's own
words, line by line as long as before: the same lengths, vocabulary and page layout, other
counts (so the copies do not tie). Not carried over: redaction codes (not stored in the
index) and the catalog: the figures are FullTextIndex.search, which Archive.search calls
and then reads 20 catalog rows (about 1 ms).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.run import OUT, queries  # noqa: E402


def units_of(index_dir: Path) -> list[dict]:
    from zvdj_viewer.index.fulltext import FullTextIndex

    ix = FullTextIndex(index_dir)
    try:
        with ix.ix.searcher() as s:
            return [dict(sf) for _n, sf in s.reader().iter_docs()]
    finally:
        ix.close()


def resampled(text: str, rnd: random.Random) -> str:
    lines = text.split("\n")
    words = text.split()
    if not words:
        return text
    out = []
    for ln in lines:
        n = len(ln.split())
        out.append(" ".join(rnd.choice(words) for _ in range(n)))
    return "\n".join(out)


def build(size: int, times: int) -> Path:
    from zvdj_viewer.index.fulltext import FullTextIndex, IndexUnit

    src = OUT / f"data-{size}" / "index"
    dest = OUT / f"index-{size * times}x"
    base = units_of(src)
    ix = FullTextIndex.recreate(dest)
    t0 = time.perf_counter()
    for k in range(times):
        rnd = random.Random(k)
        units = []
        for u in base:
            doc_id = u["doc_id"] if k == 0 else f"{u['doc_id']}x{k}"
            units.append(IndexUnit(doc_id=doc_id, source=f"/scaled/{doc_id}", page=u["page"], line=u.get("line"),
                                   type=u.get("type", "other"), series=u.get("series"), date=u.get("date_text"),
                                   title=u.get("title", ""),
                                   content=u["content"] if k == 0 else resampled(u["content"], rnd)))
        ix.update([], units, procs=2)
        print(f"  copy {k}: {len(units)} units, {time.perf_counter() - t0:.0f} s", flush=True)
    ix.close()
    return dest


def measure(dest: Path, rounds: int, cold: bool = False) -> None:
    import os

    from zvdj_viewer.index.fulltext import FullTextIndex

    load = os.getloadavg()
    ix = FullTextIndex(dest)
    t = time.perf_counter()
    ix.search("jeugdhulp", limit=20)
    print(f"{ix.unit_count()} units; first search after opening {(time.perf_counter() - t) * 1000:.0f} ms")
    for shape, qs in queries(random.Random(7)).items():
        wall, cpu = [], []
        for _ in range(rounds):
            for q, f in qs:
                if cold:  # nothing kept from earlier searches (index/fastsearch.Arrays.forget)
                    ix._arrays(ix._searcher()).forget()
                t, c = time.perf_counter(), time.process_time()
                ix.search(q, limit=20, **f)
                wall.append((time.perf_counter() - t) * 1000)
                cpu.append((time.process_time() - c) * 1000)
        wall.sort()
        cpu.sort()

        def p95(v):
            return v[int(len(v) * 0.95) - 1]

        print(f"search: {shape:12s} wall p50 {statistics.median(wall):4.0f} ms, p95 {p95(wall):4.0f} ms | "
              f"CPU p50 {statistics.median(cpu):4.0f} ms, p95 {p95(cpu):4.0f} ms")
    end = os.getloadavg()
    print(f"load average (1 min) at start / end: {load[0]:.1f} / {end[0]:.1f}")
    ix.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=10000)
    ap.add_argument("--times", type=int, default=10)
    ap.add_argument("--build", action="store_true")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--cold", action="store_true",
                    help="every search as the first of its words: nothing kept from the searches before")
    args = ap.parse_args()
    dest = OUT / f"index-{args.size * args.times}x"
    if args.build:
        dest = build(args.size, args.times)
    elif not dest.exists():
        raise SystemExit(f"no index at {dest}: run with --build first")
    print("cold: nothing kept between searches" if args.cold else "warm: words and filters kept between searches")
    measure(dest, args.rounds, args.cold)


if __name__ == "__main__":
    main()
