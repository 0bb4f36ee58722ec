"""CPU of writing the full-text index alone, in batches as an ingest writes it.

    .venv/bin/python bench/index_write.py DATA_DIR [--rounds 2] [--profile N]

DATA_DIR is an archive made by ``zvdj index`` (it is only read). Its index units are built
from the catalog (as a re-index builds them), then written to a fresh index in a temporary
folder the way ``Archive.update`` writes them: one ``FullTextIndex.update`` per batch of
``update.BATCH_FILES`` sources or ``update.BATCH_UNITS`` units, the sources removed first.
Prints CPU ms per page for the whole write, for the batches before the last one and for the
last batch (what an ingest does after its last file), and the index's size in bytes. CPU
seconds of this process (time.process_time) hold under load; wall seconds do not.
``--profile N`` prints the N costliest functions (cProfile, cumulative) of one round.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def batches(data_dir: Path):
    """[(remove, units)] as an ingest of the archive's sources would write them."""
    from zvdj_viewer.archive import Archive
    from zvdj_viewer.archive import update as upd

    out = []
    with Archive(data_dir=data_dir) as a:
        u = upd._Updater(a, None, None, 0)
        for row in sorted(a.catalog.sources(), key=lambda r: r["id"]):
            if row["error"]:
                continue
            u._queue_units(row["id"])
            if len(u.pending_units) >= upd.BATCH_UNITS or len(u.pending_ids) >= upd.BATCH_FILES:
                out.append((sorted(u.pending_remove), u.pending_units))
                u.pending_remove, u.pending_units, u.pending_ids = set(), [], []
        if u.pending_units:
            out.append((sorted(u.pending_remove), u.pending_units))
    return out


def write(work, into: Path) -> tuple[list[float], int]:
    """CPU seconds of each batch's update, and the index's size."""
    from zvdj_viewer.fsnames import readable
    from zvdj_viewer.index import FullTextIndex

    ix = FullTextIndex(into)
    spent = []
    for remove, units in work:
        t = time.process_time()
        ix.update(remove_sources=[readable(p) for p in remove], add=units, procs=1)
        spent.append(time.process_time() - t)
    ix.close()
    return spent, sum(p.stat().st_size for p in into.iterdir() if p.is_file())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("data_dir", type=Path)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--profile", type=int, default=0)
    args = ap.parse_args()
    work = batches(args.data_dir)
    pages = sum(len(units) for _, units in work)
    print(f"{pages} units in {len(work)} batches; load average {os.getloadavg()[0]:.1f}")
    for r in range(args.rounds):
        with tempfile.TemporaryDirectory(prefix="zvdj-ixw-") as tmp:
            prof = cProfile.Profile(time.process_time) if args.profile and r == 0 else None
            if prof:
                prof.enable()
            spent, size = write(work, Path(tmp) / "index")
            if prof:
                prof.disable()
        total = sum(spent)
        last = spent[-1]
        print(f"round {r + 1}: {total / pages * 1000:.3f} CPU ms/page ({total:.2f} s); before the last "
              f"batch {(total - last):.2f} s, last batch {last:.2f} s; index {size} bytes"
              + ("  (profiled)" if prof else ""))
        if prof:
            pstats.Stats(prof).sort_stats("cumulative").print_stats(args.profile)


if __name__ == "__main__":
    main()
