"""CPU of what the main process does with each reader result: store it in the catalog and
build its index units (``_Updater._store`` and ``_queue_units``), without the reading.

    .venv/bin/python bench/store_cpu.py --set corpus-1000 [--results FILE] [--rounds 3]

The reader results (``pipeline.process_file_for_catalog``, as the reader processes send them)
are made once and kept in FILE (default bench/out/store-results-SET.pickle), so that old and
new code can be timed on the very same results (PYTHONPATH=an export of the old commit).
Prints CPU ms per page (time.process_time: holds under load) for storing and for the units.
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.identity import file_set  # noqa: E402


def results(set_name: str, keep: Path) -> list:
    if keep.exists():
        return pickle.loads(keep.read_bytes())
    from zvdj_viewer.archive import scan
    from zvdj_viewer.pipeline import process_file_for_catalog

    found = scan([str(r) for r in file_set(set_name)])
    out = [(path, root, size, mtime, process_file_for_catalog(path))
           for path, (root, size, mtime) in sorted(found.found.items())]
    keep.parent.mkdir(parents=True, exist_ok=True)
    keep.write_bytes(pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL))
    return out


def run(work: list) -> tuple[float, float, int]:
    from zvdj_viewer.archive import Archive
    from zvdj_viewer.archive import update as upd
    from zvdj_viewer.archive.files import _kind_by_suffix
    from zvdj_viewer.catalog import SourceRecord

    store = units = 0.0
    pages = 0
    with tempfile.TemporaryDirectory(prefix="zvdj-store-") as tmp:
        with Archive(data_dir=Path(tmp) / "data") as a:
            u = upd._Updater(a, None, None, 0)
            for path, root, size, mtime, blob in work:
                result = pickle.loads(blob)  # a fresh copy each round (the updater may change it)
                rec = SourceRecord(path, root, size, mtime, "x" * 64, kind=_kind_by_suffix(path))
                t = time.process_time()
                sid = u._store(rec, result)
                t1 = time.process_time()
                if result.error is None:
                    u._queue_units(sid, result)
                t2 = time.process_time()
                store += t1 - t
                units += t2 - t1
                pages += result.pages
                u.pending_units, u.pending_ids = [], []
    return store, units, pages


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", default="corpus-1000")
    ap.add_argument("--results", type=Path)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    keep = args.results or REPO / "bench" / "out" / f"store-results-{args.set}.pickle"
    work = [(p, r, s, m, pickle.dumps(res, protocol=pickle.HIGHEST_PROTOCOL))
            for p, r, s, m, res in results(args.set, keep)]
    print(f"{len(work)} files; load average {os.getloadavg()[0]:.1f}")
    for i in range(args.rounds):
        store, units, pages = run(work)
        print(f"round {i + 1}: store {store / pages * 1000:.3f} CPU ms/page, index units "
              f"{units / pages * 1000:.3f} ms/page ({pages} pages)")


if __name__ == "__main__":
    main()
