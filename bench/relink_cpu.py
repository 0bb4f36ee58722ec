"""CPU time of a relink (meetings and links from the catalogued documents), per page.

    .venv/bin/python bench/relink_cpu.py [--set corpus-1000] [--repeat 3] [--profile]

Indexes the set once into a data folder kept under bench/out/relink-data/SET (made again when
missing), then relinks it ``--repeat`` times and prints, per run, the CPU seconds of this
process and of the linking helper process (a child: its time is counted once it has ended),
in ms per page, and a fingerprint of the links and meetings written (sorted rows), which must
be the same on every run and before/after a change. --profile: cProfile of this process's
part of one relink, the 25 costliest functions by own time.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.identity import file_set  # noqa: E402

DATA = REPO / "bench" / "out" / "relink-data"


def archive_for(set_name: str):
    from zvdj_viewer.archive import Archive

    data = DATA / set_name
    made = data / ".made"
    a = Archive(data_dir=data)
    if not made.exists():
        for r in file_set(set_name):
            a.add_folder(str(r))
        a.update(workers=2, ocr=False)
        made.write_text("1")
    return a


def fingerprint(a) -> tuple[str, int]:
    c = a.catalog.conn
    h = hashlib.sha256()
    n = 0
    for table, cols in (("links", "kind, from_doc, from_number, to_meeting, to_doc, to_number, to_text,"
                                  " to_date, evidence, score"),
                        ("meetings", "*"), ("meeting_documents", "*"),
                        ("meeting_items", "meeting_id, ord, number, title, agenda_doc, agenda_number, nota_doc,"
                                          " nota_number, verslag_doc, verslag_number")):
        rows = sorted(repr(tuple(r)) for r in c.execute(f"SELECT {cols} FROM {table}"))
        h.update(f"{table}:{len(rows)}\n".encode())
        for r in rows:
            h.update(r.encode() + b"\n")
        if table == "links":
            n = len(rows)
    return h.hexdigest()[:16], n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", default="corpus-1000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--one-process", action="store_true",
                    help="link in this process only (no helper): the work itself, without the helper's start")
    args = ap.parse_args()
    a = archive_for(args.set)
    pages = a.catalog.conn.execute("SELECT COUNT(*) FROM pages").fetchone()[0]
    docs = a.catalog.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    print(f"## {args.set}: {pages} pages, {docs} documents; load average {os.getloadavg()[0]:.1f}")
    if args.profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        a.relink()
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)
        return
    for _ in range(args.repeat):
        before = os.times()
        w = time.perf_counter()
        if args.one_process:
            a._link(None, parallel=False, meanwhile=lambda: None)
        else:
            a.relink()
        wall = time.perf_counter() - w
        after = os.times()
        own = (after.user - before.user) + (after.system - before.system)
        child = (after.children_user - before.children_user) + (after.children_system - before.children_system)
        fp, n = fingerprint(a)
        print(f"relink: {own * 1000 / pages:.3f} CPU ms/page here + {child * 1000 / pages:.3f} in the helper"
              f" = {(own + child) * 1000 / pages:.3f}; wall {wall:.2f} s; {n} links, fingerprint {fp}", flush=True)
    a.close()


if __name__ == "__main__":
    main()
