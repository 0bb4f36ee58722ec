"""Are the links of an ingest on both cores those of linking in one process?

    .venv/bin/python bench/link_identity.py [--set corpus-10000] [--workers 2]

Indexes the set from empty into a temporary data folder as ``zvdj index`` does (reader
processes; the link helper started while they read, link/helper.py), takes the fingerprint
of the meetings, aligned rows and links written (bench/relink_cpu.py's, sorted rows), and the
links in the order written, then relinks the same catalog in this process alone (no helper, nothing prepared) and takes it
again. The two must be equal: prints both and exits 1 when they differ. (The document keys
depend on the order in which the readers finish, so fingerprints of two ingests may differ;
within one data folder they must not.)
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.identity import file_set  # noqa: E402
from bench.relink_cpu import fingerprint  # noqa: E402


def in_order(a) -> list[tuple]:
    """The links as written (rowid order), and the aligned rows in their order."""
    c = a.catalog.conn
    links = [tuple(r) for r in c.execute("SELECT kind, from_doc, from_number, to_meeting, to_doc, to_number,"
                                         " to_text, to_date, evidence, score FROM links ORDER BY rowid")]
    rows = [tuple(r) for r in c.execute("SELECT * FROM meeting_items ORDER BY rowid")]
    return links + rows


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", default="corpus-10000")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    from zvdj_viewer.archive import Archive

    with tempfile.TemporaryDirectory() as tmp, Archive(data_dir=Path(tmp) / "data") as a:
        for r in file_set(args.set):
            a.add_folder(str(r))
        t = time.perf_counter()
        report = a.update(workers=args.workers, ocr=False)
        print(f"## {args.set}: {report.pages_read} pages; ingest wall {time.perf_counter() - t:.1f} s; "
              f"load average {os.getloadavg()[0]:.1f}", flush=True)
        both = fingerprint(a)
        both_order = in_order(a)
        print(f"ingest (workers={args.workers}): {both[1]} links, fingerprint {both[0]}", flush=True)
        assert a._link(None, parallel=False, meanwhile=lambda: None)
        alone = fingerprint(a)
        print(f"relink in one process: {alone[1]} links, fingerprint {alone[0]}")
        same_order = in_order(a) == both_order
        print(f"links and rows in the same order: {same_order}")
    same = both == alone and same_order
    print("identical" if same else "DIFFERENT")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
